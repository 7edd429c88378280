"""Pages that lose their text: nested too deep for the parser's default limit, or with no main text at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.extract import NoText, extract
from newsdesk.model import RawReport
from newsdesk.pipeline import analyse, ingest
from newsdesk.sources import iter_sources
from newsdesk.store import Store

from .cases import deep_html, empty_page


@pytest.mark.parametrize("depth", [300, 1500, 3000, 20_000])
def test_text_nested_deeper_than_the_parser_default_is_read(depth: int):
    report = extract(RawReport(source="deep.html", html=deep_html(depth)))
    assert [p.text for p in report.paragraphs if "river rose" in p.text] == [
        f"The river rose {n} metres overnight and the mayor ordered the old town cleared, officials said."
        for n in (2, 3, 4)
    ]


def test_a_page_without_main_text_is_an_error_not_an_empty_report():
    assert extract(RawReport(source="menu.html", html=empty_page())).paragraphs == []
    with pytest.raises(NoText, match="no main text"):
        analyse(RawReport(source="menu.html", html=empty_page()))


def test_ingest_keeps_deep_pages_and_reports_a_page_without_text_per_item(tmp_path: Path, store: Store):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "menu.html").write_text(empty_page(), encoding="utf-8")
    (pages / "abyss.html").write_text(deep_html(3000), encoding="utf-8")
    (pages / "deep.html").write_text(deep_html(300), encoding="utf-8")
    result = ingest(store, iter_sources([str(pages)]))
    assert sorted(result.added) == ["abyss", "deep"]
    (error,) = result.errors
    assert Path(error.source).name == "menu.html"
    assert error.reason == "no main text: nothing in this page is a report's own text"
