"""The web UI in a real (headless) browser over the bundled sample ingested by the real pipeline."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.browser


def test_navigation_stories_story_paragraph_entity(page, base_url: str):
    """A newcomer's path: stories → story → cited paragraph → entity, by clicking only."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)  # e.g. CSP violations
    page.goto(base_url + "/")
    stories = page.locator("a.story-title")
    assert stories.count() >= 3
    stories.first.click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    assert page.locator("#briefing li").count() >= 1, "the sample's stories have a briefing"
    citation = page.locator("#briefing a.cite").first
    citation.hover()  # app.js previews the cited paragraph, fetched from the JSON API
    assert page.locator(".preview").inner_text().strip() != ""
    href = citation.get_attribute("href")
    report_id, paragraph = re.fullmatch(r"/reports/(.+)#p(\d+)", href).groups()
    citation.click()
    page.wait_for_url(re.compile(rf"/reports/{re.escape(report_id)}#p{paragraph}$"))
    cited = page.locator(f"p#p{paragraph}")
    assert cited.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"p{paragraph}"
    entity = page.locator("div.text a.ent").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_url(re.compile(r"/entities/.+"))
    assert page.locator("h1").inner_text().strip() != ""
    assert name.lower() in page.locator("main header").inner_text().lower()  # the name or one of its variants
    assert errors == []


def test_english_query_finds_the_swedish_report(page, base_url: str):
    query = "freight train derailed and fertiliser leaked near Toulouse"
    page.goto(base_url + "/search")
    page.fill("form.search-form input[name=q]", query)
    page.check("input[name=mode][value=semantic]")
    page.select_option("form.search-form select[name=lang]", "sv")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(re.compile(r"mode=semantic"))
    first = page.locator("ol.hits li").first
    assert "Montclar" in first.inner_text() or "Godståg" in first.inner_text()
    assert first.locator(".lang").first.inner_text().lower() == "sv"
    # the same words find no Swedish paragraph by keyword: it is the meaning that matched
    page.goto(base_url + "/search?mode=keyword&lang=sv&q=" + query.replace(" ", "+"))
    assert page.locator("ol.hits li.empty").count() == 1


def test_hostile_report_renders_inert(page, base_url: str, api_token: str):
    """A report full of markup, ingested through the API, shows as text: no script runs, no dialog opens."""
    payload = (
        "Harbour officials in Exampleton said on Monday <script>alert(1)</script> that the quay was closed.\n\n"
        'Divers inspected the pier <img src=x onerror="alert(1);window.__pwned=1"> for three hours.\n\n'
        "<svg onload=alert(1)></svg> The quay is expected to reopen on Friday, the port authority said."
    )
    response = httpx.post(
        base_url + "/api/reports",
        json={"text": payload, "title": "<script>alert(1)</script>", "outlet": "<b onmouseover=alert(1)>X</b>",
              "date": "2026-05-04", "id": "hostile-browser"},
        headers={"Authorization": f"Bearer {api_token}"},
        timeout=300,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    (report_id,) = response.json()["added"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (f"/reports/{report_id}", f"/stories/{response.json()['stories'][report_id]}", "/"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto(base_url + f"/reports/{report_id}")
    text = page.locator("div.text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x" in text
    assert page.locator("div.text script, div.text img, div.text svg").count() == 0
    assert dialogs == []
