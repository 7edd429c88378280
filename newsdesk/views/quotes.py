"""Who said what, read from the store, with the same statement in other reports."""

from __future__ import annotations

from typing import Any

from newsdesk.model import Quote, QuoteInfo
from newsdesk.store import Store

_QUOTE_FIELDS = tuple(Quote.__dataclass_fields__)


def quote_infos(store: Store, *, story: int | None = None, speaker: str | None = None) -> list[QuoteInfo]:
    """Stored quotes in report date order, filtered by story and by speaker (part of the name, or the entity key)."""
    sql = """SELECT q.*, r.published, r.outlet
             FROM quotes q JOIN reports r ON r.id = q.report_id
             LEFT JOIN story_reports sr ON sr.report_id = q.report_id"""
    where: list[str] = []
    params: list[Any] = []
    if story is not None:
        where.append("sr.story_id = ?")
        params.append(story)
    if speaker:
        where.append("(q.speaker LIKE ? OR q.speaker_key = ?)")
        params += [f"%{speaker}%", speaker]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.published, q.report_id, q.paragraph, q.start"
    rows = list(store.db.execute(sql, params))
    links: dict[int, list[int]] = {}
    for a, b in store.db.execute("SELECT quote_id, other_id FROM quote_links"):
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    return [
        QuoteInfo(
            id=row["id"],
            report=row["report_id"],
            quote=Quote(**{name: row[name] for name in _QUOTE_FIELDS}),
            published=row["published"],
            outlet=row["outlet"],
            same_as=sorted(links.get(row["id"], [])),
        )
        for row in rows
    ]
