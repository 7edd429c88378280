"""HTML pages: they render, link paragraphs and entities, escape hostile text, and send strict headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webdata import build_store

from newsdesk.store import Store
from newsdesk.views.story import refresh_views
from newsdesk.web import mapsvg
from newsdesk.web.app import create_app
from newsdesk.web.highlight import Span, segments
from newsdesk.web.schemas import Place


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(build_store(tmp_path / "web.db"), None))


PAGES = [
    "/",
    "/?lang=sv",
    "/?q=homes",
    "/stories/1",
    "/stories/2",
    "/reports/en-herald",
    "/reports/hostile",
    "/entities/person:maria-lindqvist",
    "/entities/%22%3E%3Cb%3Ekey%3C/b%3E%3F%23/x",
    "/search",
    "/search?q=homes",
    "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_strict_headers(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    # no inline script and no external resource anywhere
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('href="https://', "")), "external asset"
    assert " style=" not in html  # inline styles would need 'unsafe-inline'


@pytest.mark.parametrize("path", ["/reports/hostile", "/stories/2", "/", "/search?q=port"])
def test_hostile_text_is_escaped(client: TestClient, path: str):
    html = client.get(path).text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
    assert not re.search(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", html, re.IGNORECASE)


def test_hostile_report_shows_its_text_inert(client: TestClient):
    html = client.get("/reports/hostile").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<dd>javascript:alert(3)</dd>" in html  # a non-http URL is shown as text, never as a link


def test_report_page_highlights_and_anchors(client: TestClient):
    html = client.get("/reports/en-herald").text
    assert 'id="p0"' in html and 'id="p1"' in html
    assert '<a class="ent ent-place" href="/entities/place%3Agothenburg" title="place">Gothenburg</a>' in html
    assert '<span class="figure" title="figure: exact 300 homes">300 homes</span>' in html
    assert 'class="quote"' in html and 'class="speaker"' in html
    assert "<details" in html and "Subscribe to our newsletter" in html  # removed boilerplate, collapsed
    wire = client.get("/reports/en-wire").text
    assert 'href="/reports/en-herald"' in wire and "duplicate" in wire


def test_story_page_links_to_cited_paragraphs_and_entities(client: TestClient):
    html = client.get("/stories/1").text
    assert 'href="/reports/en-herald#p0"' in html  # the figure's citation
    assert 'href="/reports/sv-kust#p1"' in html  # the Swedish quote's citation
    assert 'href="/entities/person%3Amaria-lindqvist"' in html
    assert '<svg class="map"' in html and ">Gothenburg</text>" in html
    assert '<svg class="bars"' in html
    assert "Coast Herald" in html and "Kustposten" in html


def test_unknown_pages_are_html_404(client: TestClient):
    for path in ("/stories/99", "/reports/nope", "/entities/nope", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")


def test_docs_page_lists_the_api_offline(client: TestClient):
    html = client.get("/docs").text
    for path in ("/api/stories", "/api/reports/{report_id}", "/api/entities/{key}", "/api/search"):
        assert f"<code>{path}</code>" in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()


def test_static_assets_are_served(client: TestClient):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_segments_cover_the_text_exactly():
    text = "Maria said 300 homes flooded."
    spans = [
        Span(0, 5, "ent", "/entities/x"),
        Span(0, 20, "quote"),
        Span(11, 20, "figure", None, "figure"),
        Span(5, 999, "bad"),  # out of range: ignored
        Span(7, 7, "empty"),  # empty: ignored
    ]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.kinds) for s in segs] == [
        ("Maria", ["ent", "quote"]),
        (" said ", ["quote"]),
        ("300 homes", ["figure", "quote"]),
        (" flooded.", []),
    ]
    assert segs[0].href == "/entities/x" and segs[2].title == "figure"


def test_map_frames_its_places():
    places = [
        Place(key="a", name="A", lat=57.7, lon=11.97, mentions=4),
        Place(key="b", name="B", lat=59.9, lon=10.75, mentions=1),
    ]
    view = mapsvg.draw(places)
    assert view is not None and view.land  # settled land drawn from the bundled cities
    for marker in view.markers:
        assert 0 <= marker.x <= view.width and 0 <= marker.y <= view.height
    a, b = view.markers
    assert a.r > b.r and b.y < a.y  # more mentions: bigger; further north: higher
    assert mapsvg.draw([]) is None


def test_map_labels_do_not_overlap():
    places = [Place(key=str(i), name=f"Place {i}", lat=50 + i * 0.01, lon=10, mentions=10 - i) for i in range(3)]
    view = mapsvg.draw(places)
    assert view is not None
    assert [m.show_label for m in view.markers] == [True, False, False]  # the most mentioned keeps its label


def test_story_page_without_story_view_still_shows_the_facts(client: TestClient, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("newsdesk.web.story._story_view", lambda store, story_id: None)
    html = client.get("/stories/1").text
    assert "analysis (briefing, agreement and conflict) is being prepared" in html
    assert 'href="/reports/en-herald#p0"' in html and '<svg class="map"' in html


def test_pages_read_views_and_say_when_one_is_stale(tmp_path: Path):
    db = build_store(tmp_path / "web.db")
    client = TestClient(create_app(db, None))
    assert "being brought up to date" not in client.get("/stories/1").text
    assert client.get("/api/stories/1").json()["stale"] is False
    with Store(db) as store, store.transaction() as con:  # a report joins story 1; no ingest rebuilt its view
        con.execute("UPDATE story_reports SET story_id = 1 WHERE report_id = 'hostile'")
        before = con.execute("SELECT data FROM story_views WHERE story_id = 1").fetchone()[0]
    html = client.get("/stories/1").text
    assert "being brought up to date" in html and "Briefing" in html
    assert client.get("/api/stories/1").json()["stale"] is True
    with Store(db) as store:  # the page did not build the view: readers never wait for analysis
        assert store.db.execute("SELECT data FROM story_views WHERE story_id = 1").fetchone()[0] == before
        assert refresh_views(store) == 2  # story 1 gained the report, story 2 lost it
    assert client.get("/api/stories/1").json()["stale"] is False


def test_stories_page_is_paged_and_keeps_filters(client: TestClient, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("newsdesk.web.pages.PAGE_SIZE", 1)
    first = client.get("/", params={"date_from": "2000-01-01"}).text
    assert re.findall(r'href="/stories/(\d+)"', first) == ["2"]
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "date_from=2000-01-01" in older and "page=2" in older and 'rel="prev"' not in first
    second = client.get("/" + older).text
    assert re.findall(r'href="/stories/(\d+)"', second) == ["1"]
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get("/", params={"page": 0}).status_code == 422


def test_stories_api_limit_and_offset(client: TestClient):
    assert [s["id"] for s in client.get("/api/stories", params={"limit": 1}).json()] == [2]
    assert [s["id"] for s in client.get("/api/stories", params={"limit": 1, "offset": 1}).json()] == [1]
    assert client.get("/api/stories", params={"offset": 5}).json() == []
    # the keyword filter is applied before the page is cut
    assert [s["id"] for s in client.get("/api/stories", params={"q": "homes", "limit": 1}).json()] == [1]
