"""The web app over the bundled sample, ingested by the real pipeline (models included)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.web.app import create_app

QUERY = "freight train derailed and fertiliser leaked near Toulouse"


@pytest.fixture(scope="module")
def client(sample_db: Path) -> TestClient:
    return TestClient(create_app(str(sample_db), None))


def test_english_query_finds_the_swedish_report(client: TestClient):
    hits = client.get("/api/search", params={"q": QUERY, "mode": "semantic"}).json()["hits"]
    story = hits[0]["story"]
    swedish = [i for i, h in enumerate(hits) if h["report"]["lang"] == "sv" and h["story"] == story]
    other = [i for i, h in enumerate(hits) if h["story"] != story]
    assert swedish, "the Swedish report of the event is found"
    assert swedish[0] < other[0], "and ranks above every report of another story"
    keyword = client.get("/api/search", params={"q": QUERY, "lang": "sv"}).json()["hits"]
    assert keyword == []  # no Swedish paragraph shares these words: the meaning matched


def test_every_citation_on_story_pages_points_at_a_paragraph(client: TestClient):
    stories = client.get("/api/stories").json()
    assert len(stories) >= 3
    paragraphs: dict[str, set[int]] = {}
    for story in stories:
        html = client.get(f"/stories/{story['id']}").text
        cites = re.findall(r'class="cite" href="/reports/([^"#]+)#p(\d+)"', html)
        assert cites, f"story {story['id']} cites nothing"
        for report_id, index in cites:
            if report_id not in paragraphs:
                report = client.get(f"/api/reports/{report_id}").json()
                paragraphs[report_id] = {p["index"] for p in report["paragraphs"]}
            assert int(index) in paragraphs[report_id], (report_id, index)


def test_story_api_has_a_cited_briefing(client: TestClient):
    story = client.get("/api/stories").json()[0]
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["analysed"] and detail["briefing"]
    for sentence in detail["briefing"]:
        report = client.get(f"/api/reports/{sentence['report']}").json()
        (paragraph,) = [p for p in report["paragraphs"] if p["index"] == sentence["paragraph"]]
        assert sentence["text"] in paragraph["text"]
