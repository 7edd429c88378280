"""A story's history (merges and moves) and links to merged stories, in the store, CLI, API and pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webdata import HOSTILE_SCRIPT, build_store

from newsdesk.cli import app
from newsdesk.store import Store
from newsdesk.web.app import create_app


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The web test store (stories 1 and 2) plus story 3, merged into 1, and a report moved from 2 to 1."""
    path = build_store(tmp_path / "web.db")
    with Store(path) as store, store.transaction() as sql:
        stamp = "2024-03-04T10:00:00+00:00"
        sql.execute(
            "INSERT INTO stories (id, label, merged_into, created_at, updated_at) VALUES (3, 'gone', 1, ?, ?)",
            (stamp, stamp),
        )
        sql.execute("INSERT INTO story_merges (from_story, into_story, score, at) VALUES (3, 1, 0.61, ?)", (stamp,))
        sql.execute(
            "INSERT INTO story_moves (report_id, from_story, into_story, score, at) VALUES (?, 2, 1, 0.4, ?)",
            (HOSTILE_SCRIPT, "2024-03-05T08:00:00+00:00"),
        )
    return path


def test_live_story_follows_merges(db: str):
    with Store(db) as store:
        assert store.live_story(3) == 1
        assert store.live_story(1) == 1
        assert store.live_story(99) is None
        assert store.live_story_count() == len(store.list_stories()) == 2


def test_history_lists_merges_and_moves_from_both_sides(db: str):
    with Store(db) as store:
        one = store.story_history(1)
        assert [(c.kind, c.story, c.report) for c in one] == [("merged-in", 3, None), ("moved-in", 2, HOSTILE_SCRIPT)]
        assert one[0].describe() == "story 3 was merged into this one (same-event score 0.61)"
        assert [(c.kind, c.story) for c in store.story_history(2)] == [("moved-out", 1)]
        assert [(c.kind, c.story) for c in store.story_history(3)] == [("merged-away", 1)]


def test_api_redirects_a_merged_story_and_shows_history(db: str):
    client = TestClient(create_app(db, "token"))
    moved = client.get("/api/stories/3", params={"since": "2024-03-01"}, follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/api/stories/1?since=2024-03-01"
    history = client.get("/api/stories/3").json()["history"]  # followed
    assert [h["kind"] for h in history] == ["merged-in", "moved-in"]
    assert history[1]["text"].startswith(f"report {HOSTILE_SCRIPT} moved here from story 2")
    assert client.get("/api/stories/99").status_code == 404


def test_story_page_redirects_and_escapes_history(db: str):
    client = TestClient(create_app(db, "token"))
    assert client.get("/stories/3", follow_redirects=False).headers["location"] == "/stories/1"
    page = client.get("/stories/1").text
    assert 'id="history"' in page
    assert HOSTILE_SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; moved here from story 2" in page


def test_cli_story_of_a_merged_story_shows_the_story_it_became(db: str):
    result = CliRunner().invoke(app, ["story", "3", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert "Story 3 was merged into story 1" in result.stderr
    view = json.loads(result.stdout)
    assert view["story"]["id"] == 1
    assert [h["kind"] for h in view["history"]] == ["merged-in", "moved-in"]
