"""The correction UI in a real (headless) browser: split, undo, rename and merge from the story page."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.browser


def _story_with_reports(base_url: str, at_least: int) -> int:
    stories = httpx.get(base_url + "/api/stories", timeout=60).json()
    return next(s["id"] for s in stories if s["reports"] >= at_least)


def _watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)  # e.g. CSP violations
    return errors


def _open_corrections(page, token: str, editor: str) -> None:
    if not page.locator("#correct-story").evaluate("details => details.open"):  # open after a correction
        page.click("#correct-story summary")
    page.fill("form#corrections input[name=editor]", editor)
    page.fill("form#corrections input[name=token]", token)


def test_split_a_report_off_and_undo_it(page, base_url: str, api_token: str):
    errors = _watch_errors(page)
    story = _story_with_reports(base_url, 3)
    page.goto(f"{base_url}/stories/{story}")
    before = page.locator("#reports li").count()
    _open_corrections(page, api_token, "Browser Editor")
    first = page.locator("#reports li input[name=reports]").first
    report = first.get_attribute("value")
    first.check()
    page.click("form#corrections button[value=split]")
    page.wait_for_url(re.compile(rf"/stories/{story}\?edit=\d+#recorded$"))
    notice = page.locator("#recorded").inner_text()
    assert "by Browser Editor" in notice and "split 1 report(s)" in notice
    assert page.locator("#reports li").count() == before - 1
    history = page.locator("#history").inner_text()
    assert f"report {report} moved to story" in history and "by Browser Editor" in history

    new_story = int(re.search(rf"report {re.escape(report)} moved to story (\d+)", history).group(1))
    page.click(f"#history a[href='/stories/{new_story}']")
    page.wait_for_url(re.compile(rf"/stories/{new_story}$"))
    assert page.locator("#reports li").count() == 1
    assert report in page.locator("#reports li").first.inner_html()

    page.goto(f"{base_url}/stories/{story}")
    _open_corrections(page, api_token, "Browser Editor")
    page.locator("#history button.undo").last.click()  # undo the split from the history
    page.wait_for_url(re.compile(rf"/stories/{story}\?edit=\d+#recorded$"))
    assert "undo edit" in page.locator("#recorded").inner_text()
    assert page.locator("#reports li").count() == before
    assert httpx.get(f"{base_url}/api/reports/{report}", timeout=60).json()["story"] == story
    assert errors == []


def test_rename_and_merge_from_the_page_and_a_wrong_token(page, base_url: str, api_token: str):
    errors = _watch_errors(page)
    stories = [s["id"] for s in httpx.get(base_url + "/api/stories", timeout=60).json()]
    keep, other = stories[-2], stories[-1]
    page.goto(f"{base_url}/stories/{keep}")
    _open_corrections(page, "not the token", "Mallory")
    page.fill("form#corrections input[name=label]", "Should not stick")
    page.click("form#corrections button[value=rename]")
    assert "Wrong or missing editor token" in page.locator("main").inner_text()
    assert [e for e in errors if "401" in e] and all("401" in e for e in errors)  # that answer, and nothing else
    errors.clear()

    page.goto(f"{base_url}/stories/{keep}")
    _open_corrections(page, api_token, "Browser Editor")
    page.fill("form#corrections input[name=label]", "A label chosen by hand")
    page.click("form#corrections button[value=rename]")
    page.wait_for_url(re.compile(r"\?edit=\d+"))
    assert page.locator("h1").inner_text() == "A label chosen by hand"

    _open_corrections(page, api_token, "Browser Editor")
    page.fill("form#corrections input[name=other]", str(other))
    page.click("form#corrections button[value=merge]")
    page.wait_for_url(re.compile(rf"/stories/{keep}\?edit=\d+"))
    assert f"story {other} was merged into this one" in page.locator("#history").inner_text()
    page.goto(f"{base_url}/stories/{other}")  # the merged story's page leads to the one it became
    page.wait_for_url(re.compile(rf"/stories/{keep}$"))
    assert page.locator("h1").inner_text() == "A label chosen by hand"
    undo = httpx.post(
        f"{base_url}/api/edits/{httpx.get(base_url + '/api/edits', timeout=60).json()[-1]['id']}/undo",
        json={"editor": "cleanup"},
        headers={"Authorization": f"Bearer {api_token}"},
        timeout=60,
    )
    assert undo.status_code == 200  # leave the shared store's stories as they were for the other tests
    assert errors == []
