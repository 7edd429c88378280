"""Atom feeds out (/stories.atom, /stories/S.atom, /watchlists/NAME.atom) checked against RFC 4287, and the
alerts page and JSON routes."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient
from webdata import HOSTILE_SCRIPT, build_store

from newsdesk import Desk
from newsdesk.web.app import create_app

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_valid_atom(body: bytes) -> ET.Element:
    """The constraints of RFC 4287 that a feed and its entries must meet (section 4.1), checked one by one."""
    feed = ET.fromstring(body)
    assert feed.tag == f"{A}feed", "the root is atom:feed in the Atom namespace"

    def one(element: ET.Element, name: str) -> ET.Element:
        found = element.findall(f"{A}{name}")
        assert len(found) == 1, f"{element.tag} must contain exactly one atom:{name}, found {len(found)}"
        return found[0]

    def check_common(element: ET.Element) -> None:
        identifier = one(element, "id").text or ""
        assert urlsplit(identifier).scheme, f"atom:id must be an absolute IRI: {identifier!r}"
        assert (one(element, "title").text or "").strip(), "atom:title must not be empty"
        assert RFC3339.match(one(element, "updated").text or ""), "atom:updated must be an RFC 3339 date-time"
        for published in element.findall(f"{A}published"):
            assert RFC3339.match(published.text or "")
        alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(f"{A}link")
                      if link.get("rel", "alternate") == "alternate"]  # fmt: skip
        assert len(alternates) == len(set(alternates)), "at most one alternate link per type and hreflang"
        for link in element.findall(f"{A}link"):
            assert link.get("href"), "atom:link must have an href"
        for author in element.findall(f"{A}author"):
            assert (one(author, "name").text or "").strip(), "atom:author must have a name"

    check_common(feed)
    assert len(feed.findall(f"{A}generator")) <= 1 and len(feed.findall(f"{A}subtitle")) <= 1
    self_links = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(self_links) == 1, "a feed should link to itself"
    ids = []
    for entry in feed.findall(f"{A}entry"):
        check_common(entry)
        ids.append(one(entry, "id").text)
        has_alternate = any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{A}link"))
        assert has_alternate or entry.find(f"{A}content") is not None, "an entry without content links to a page"
        assert feed.find(f"{A}author") is not None or entry.find(f"{A}author") is not None, "every entry has an author"
        assert len(entry.findall(f"{A}summary")) <= 1
    assert len(ids) == len(set(ids)), "entry ids are unique"
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return feed


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(build_store(tmp_path / "web.db"), "token"))


def test_story_feed_validates_and_links_each_report_page(client: TestClient):
    response = client.get("/stories/1.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = assert_valid_atom(response.content)
    links = [e.find(f"{A}link").get("href") for e in feed.findall(f"{A}entry")]
    assert sorted(links) == sorted(f"http://testserver/reports/{r}" for r in ("en-herald", "en-wire", "sv-kust"))
    for link in links:  # each entry leads to a page that exists
        assert client.get(urlsplit(link).path).status_code == 200
    assert "/stories/1.atom" in client.get("/stories/1").text  # the page announces its feed


def test_a_merged_story_s_feed_leads_on_and_unknown_ones_are_404(client: TestClient):
    with Desk(client.app.state.db_path) as desk:
        desk.merge(1, 2)
    moved = client.get("/stories/2.atom", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (301, "/stories/1.atom")
    assert client.get("/stories/99.atom").status_code == 404
    assert client.get("/watchlists/none.atom").status_code == 404


def test_story_list_feed_validates_and_escapes_hostile_text(client: TestClient):
    feed = assert_valid_atom(client.get("/stories.atom").content)
    titles = [e.find(f"{A}title").text for e in feed.findall(f"{A}entry")]
    assert len(titles) == 2
    body = client.get("/stories/2.atom").content
    assert b"<script>" not in body  # escaped in the XML ...
    assert [e.find(f"{A}title").text for e in assert_valid_atom(body).findall(f"{A}entry")] == [
        HOSTILE_SCRIPT
    ]  # ... as text


def test_watchlist_feed_validates_and_lists_its_alerts(client: TestClient):
    with Desk(client.app.state.db_path) as desk:
        desk.add_watchlist("s2", story=2)
        desk.merge(2, 1)
        from newsdesk.monitor.watchlists import check

        check(desk.store, [])
        count = len(desk.alerts())
    feed = assert_valid_atom(client.get("/watchlists/s2.atom").content)
    entries = feed.findall(f"{A}entry")
    assert len(entries) == count >= 4
    assert all(e.find(f"{A}link").get("href").startswith("http://testserver/") for e in entries)
    page = client.get("/alerts?watchlist=s2").text
    assert "/watchlists/s2.atom" in page and "now reported in sv" in page
    assert [a["watchlist"] for a in client.get("/api/alerts").json()] == ["s2"] * count
    assert client.get("/api/watchlists").json()[0]["webhook"] is None


def test_the_story_feed_of_a_pipeline_store_validates(sample_db: Path, tmp_path: Path):
    copy = tmp_path / "sample.db"
    with sqlite3.connect(sample_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    client = TestClient(create_app(str(copy), None))
    feed = assert_valid_atom(client.get("/stories.atom").content)
    first = feed.find(f"{A}entry/{A}link").get("href")
    story = assert_valid_atom(client.get(urlsplit(first).path + ".atom").content)
    assert len(story.findall(f"{A}entry")) >= 2
