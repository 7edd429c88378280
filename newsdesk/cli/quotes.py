"""``newsdesk quotes``: who said what, from the store, with the same statement in other reports."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from newsdesk.cli.common import DbOption, JsonOption, emit, open_store
from newsdesk.store import Store

COLUMNS = ("id", "report", "paragraph", "kind", "speaker", "cue", "text", "same_as")


def quote_rows(store: Store, story: int | None = None, speaker: str | None = None) -> list[dict[str, Any]]:
    """Stored quotes as rows, filtered by story and by speaker (substring of the name, or the entity key)."""
    sql = """SELECT q.id, q.report_id AS report, q.paragraph, q.kind, q.speaker, q.speaker_key, q.cue, q.text,
                    r.published, r.outlet
             FROM quotes q JOIN reports r ON r.id = q.report_id
             LEFT JOIN story_reports sr ON sr.report_id = q.report_id"""
    where, params = [], []
    if story is not None:
        where.append("sr.story_id = ?")
        params.append(story)
    if speaker:
        where.append("(q.speaker LIKE ? OR q.speaker_key = ?)")
        params += [f"%{speaker}%", speaker]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.published, q.report_id, q.paragraph, q.start"
    rows = [dict(r) for r in store.db.execute(sql, params)]
    links: dict[int, list[int]] = {}
    for a, b in store.db.execute("SELECT quote_id, other_id FROM quote_links"):
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    for row in rows:
        row["same_as"] = sorted(links.get(row["id"], []))
    return rows


def quotes(
    story: Annotated[int | None, typer.Option("--story", help="Only quotes in this story.")] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only this speaker (part of the name, or entity key).")
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """List statements with their speakers; ``same_as`` names the same statement in other reports."""
    with open_store(db) as store:
        rows = quote_rows(store, story, speaker)
    emit(rows, COLUMNS, json_, title="quotes")
