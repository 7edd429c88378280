"""Hand corrections over the JSON API (bearer token) and through the story page's form (token field)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webdata import HOSTILE_SCRIPT, build_store

from newsdesk.web.app import create_app

AUTH = {"Authorization": "Bearer token"}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(build_store(tmp_path / "web.db"), "token"))


def test_api_corrections_need_the_token(client: TestClient):
    assert client.post("/api/stories/1/merge", json={"other": 2}).status_code == 401
    assert (
        client.post("/api/stories/1/merge", json={"other": 2}, headers={"Authorization": "Bearer x"}).status_code == 401
    )
    read_only = TestClient(create_app(client.app.state.db_path, None))
    assert read_only.post("/api/stories/1/merge", json={"other": 2}, headers=AUTH).status_code == 403
    assert client.get("/api/edits").json() == []


def test_api_merge_split_move_rename_speaker_and_undo(client: TestClient):
    merged = client.post("/api/stories/1/merge", json={"other": 2, "editor": "ann"}, headers=AUTH)
    assert merged.status_code == 200, merged.text
    assert (merged.json()["action"], merged.json()["editor"]) == ("merge", "ann")
    assert client.get("/api/stories/2", follow_redirects=False).status_code == 301
    history = client.get("/api/stories/1").json()["history"]
    assert history[-1]["editor"] == "ann" and history[-1]["text"].endswith(f"by ann (edit {merged.json()['id']})")

    split = client.post("/api/stories/1/split", json={"reports": ["hostile"]}, headers=AUTH).json()
    assert (
        split["editor"] == "api"
        and client.get(f"/api/stories/{split['story']}").json()["reports"][0]["id"] == "hostile"
    )
    moved = client.post("/api/reports/sv-kust/move", json={"story": split["story"]}, headers=AUTH)
    assert moved.status_code == 200 and client.get("/api/reports/sv-kust").json()["story"] == split["story"]
    renamed = client.post("/api/stories/1/rename", json={"label": "Harbour flood"}, headers=AUTH)
    assert renamed.status_code == 200 and client.get("/api/stories/1").json()["label"] == "Harbour flood"
    quote = client.get("/api/stories/1").json()["speakers"][0]["quotes"][0]
    fixed = client.post(f"/api/quotes/{quote['id']}/speaker", json={"speaker": "A. Person"}, headers=AUTH)
    assert fixed.status_code == 200 and fixed.json()["data"]["speaker"] == "A. Person"

    undone = client.post(f"/api/edits/{moved.json()['id']}/undo", json={}, headers=AUTH)
    assert undone.status_code == 200 and undone.json()["action"] == "undo"
    assert client.get("/api/reports/sv-kust").json()["story"] == 1
    log = client.get("/api/edits").json()
    assert [e["action"] for e in log] == ["merge", "split", "move", "rename", "speaker", "undo"]
    assert log[2]["undone_by"] == undone.json()["id"]
    assert [e["action"] for e in client.get("/api/edits", params={"story": split["story"]}).json()] == [
        "split",
        "move",
        "undo",
    ]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/stories/1/merge", {"other": 1}, 400),
        ("/api/stories/1/merge", {"other": 99}, 404),
        ("/api/stories/99/split", {"reports": ["x"]}, 404),
        ("/api/stories/1/split", {"reports": []}, 422),
        ("/api/reports/nope/move", {"story": 1}, 404),
        ("/api/quotes/999999/speaker", {"speaker": "x"}, 404),
        ("/api/edits/5/undo", {}, 404),
        ("/api/stories/1/rename", {"label": ""}, 422),
        ("/api/stories/99999999999999999999/rename", {"label": "x"}, 422),
    ],
)
def test_api_corrections_refuse_what_cannot_be_done(client: TestClient, path: str, body: dict, status: int):
    response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == status, response.text
    assert client.get("/api/edits").json() == []


def test_the_story_page_form_corrects_with_the_token_and_shows_undo(client: TestClient):
    page = client.get("/stories/1").text
    assert 'id="corrections"' in page and 'name="reports" value="sv-kust"' in page
    refused = client.post("/stories/1/corrections", data={"action": "split", "reports": ["sv-kust"], "token": "no"})
    assert refused.status_code == 401 and "Wrong or missing editor token" in refused.text
    done = client.post(
        "/stories/1/corrections",
        data={"action": "split", "reports": ["sv-kust"], "token": "token", "editor": "ann"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/stories/1?edit=1#recorded"
    page = client.get(done.headers["location"]).text
    assert "Recorded edit 1 by ann" in page and 'value="undo-1"' in page
    new_story = client.get("/api/edits").json()[0]["story"]
    assert "sv-kust" not in client.get("/stories/1").text.split('id="reports"')[1]
    undo = client.post("/stories/1/corrections", data={"action": "undo-1", "token": "token"}, follow_redirects=False)
    assert undo.status_code == 303
    assert client.get("/api/reports/sv-kust").json()["story"] == 1
    assert client.get(f"/stories/{new_story}", follow_redirects=False).status_code == 301
    assert 'value="undo-1"' not in client.get("/stories/1").text  # undone: no second undo offered


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "merge", "other": "abc"}, "number of the story"),
        ({"action": "move", "target": "2"}, "Tick the one report"),
        ({"action": "move", "target": "2", "reports": ["en-wire", "sv-kust"]}, "Tick the one report"),
        ({"action": "rename", "label": ""}, "cannot be empty"),
        ({"action": "explode"}, "Unknown correction"),
        ({"action": "split", "reports": [HOSTILE_SCRIPT]}, "not in story 1"),
    ],
)
def test_the_form_says_what_is_wrong(client: TestClient, data: dict, message: str):
    response = client.post("/stories/1/corrections", data={**data, "token": "token"})
    assert response.status_code in (400, 404)
    assert message in response.text and "<script>alert" not in response.text


def test_form_rename_and_speaker(client: TestClient):
    client.post("/stories/2/corrections", data={"action": "rename", "label": "Port story", "token": "token"})
    assert client.get("/api/stories/2").json()["label"] == "Port story"
    quote = client.get("/api/stories/1").json()["speakers"][0]["quotes"][0]["id"]
    assert f"#{quote}" in client.get("/stories/1").text
    client.post("/stories/1/corrections", data={"action": "speaker", "quote": f"#{quote}", "speaker": "Ann Example",
                                                "token": "token"})  # fmt: skip
    speakers = [g["speaker"] for g in client.get("/api/stories/1").json()["speakers"]]
    assert "Ann Example" in speakers
