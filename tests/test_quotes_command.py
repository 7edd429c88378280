"""The ``newsdesk quotes`` listing: filters by speaker and shows linked statements."""

from __future__ import annotations

from pathlib import Path

from newsdesk.cli.quotes import quote_rows
from newsdesk.model import Paragraph, Quote, Report
from newsdesk.store import Store


def _report(rid: str, text: str, speaker: str) -> Report:
    quote = Quote(
        paragraph=0, start=1, end=text.index("”"), text=text[1 : text.index("”")], kind="direct", speaker=speaker
    )
    return Report(id=rid, source=rid, content_hash=rid, raw=text, paragraphs=[Paragraph(0, text, "en")], quotes=[quote])


def test_quote_rows_filter_and_links(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        store.save_report(_report("a", "“The harbour stays open,” said Anna Petrova.", "Anna Petrova"), "a")
        store.save_report(_report("b", "“The harbour will stay open,” Ms Petrova said.", "Anna Petrova"), "b")
        store.save_report(_report("c", "“Taxes go up,” said Jonas Weber.", "Jonas Weber"), "c")
        ids = [r["id"] for r in quote_rows(store)]
        store.db.execute("INSERT INTO quote_links (quote_id, other_id, score) VALUES (?, ?, 0.7)", (ids[0], ids[1]))
        rows = quote_rows(store, speaker="petrova")
        assert {r["report"] for r in rows} == {"a", "b"}
        assert rows[0]["same_as"] == [rows[1]["id"]]
        assert [r["report"] for r in quote_rows(store, speaker="Weber")] == ["c"]
