"""The quotes listing (``newsdesk quotes``, ``Desk.quotes``): filters by speaker and shows linked statements."""

from __future__ import annotations

from pathlib import Path

from newsdesk.model import Paragraph, Quote, Report
from newsdesk.store import Store
from newsdesk.views.quotes import quote_infos


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
        ids = [q.id for q in quote_infos(store)]
        store.db.execute("INSERT INTO quote_links (quote_id, other_id, score) VALUES (?, ?, 0.7)", (ids[0], ids[1]))
        rows = quote_infos(store, speaker="petrova")
        assert {q.report for q in rows} == {"a", "b"}
        assert rows[0].same_as == [rows[1].id]
        assert [q.report for q in quote_infos(store, speaker="Weber")] == ["c"]
