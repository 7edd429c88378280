"""Read-side queries the pages and the API share: filters, story lists, entities.

Every view goes through here so the HTML page and its JSON twin always show
the same rows.  Nothing here analyses text: it only reads what the pipeline
stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from newsdesk.model import Quote
from newsdesk.store import Store
from newsdesk.web.schemas import EntityDetail, QuoteRow, ReportDetail, ReportSummary, SameStatement, StorySummary

# Upper bound appended to a "to" date so that "2023-05" includes "2023-05-31".
_DATE_END = "\uffff"


@dataclass(frozen=True)
class Filters:
    """Report-level filters; a story matches when one of its reports does."""

    date_from: str | None = None
    date_to: str | None = None
    lang: str | None = None
    outlet: str | None = None
    entity: str | None = None

    def where(self, alias: str = "r") -> tuple[str, list[Any]]:
        """An SQL condition on the reports table aliased ``alias`` (always valid, possibly '1')."""
        clauses, params = ["1"], []
        if self.date_from:
            clauses.append(f"{alias}.published >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append(f"{alias}.published <= ?")
            params.append(self.date_to + _DATE_END)
        if self.lang:
            clauses.append(f"{alias}.lang = ?")
            params.append(self.lang)
        if self.outlet:
            clauses.append(f"{alias}.outlet = ?")
            params.append(self.outlet)
        if self.entity:
            clauses.append(f"EXISTS (SELECT 1 FROM mentions m WHERE m.report_id = {alias}.id AND m.key = ?)")
            params.append(self.entity)
        return " AND ".join(clauses), params

    @property
    def active(self) -> bool:
        return any((self.date_from, self.date_to, self.lang, self.outlet, self.entity))


def report_summary(row: sqlite3.Row) -> ReportSummary:
    return ReportSummary(
        id=row["id"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        lang=row["lang"],
        url=row["url"],
    )


def story_summaries(
    store: Store,
    filters: Filters,
    *,
    report_ids: set[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StorySummary]:
    """Stories (not merged away) with a report matching ``filters``, newest first; ``limit`` from ``offset``.

    ``report_ids`` further restricts to stories containing one of those
    reports (the stories page's search box passes its keyword hits).
    """
    where, params = filters.where("f")
    sql = f"""
        SELECT s.id, s.label, COUNT(r.id) AS n, GROUP_CONCAT(r.outlet, char(31)) AS outlets,
               GROUP_CONCAT(r.lang, char(31)) AS langs, MIN(r.published) AS first, MAX(r.published) AS last,
               (SELECT r2.title FROM story_reports sr2 JOIN reports r2 ON r2.id = sr2.report_id
                WHERE sr2.story_id = s.id AND COALESCE(r2.title, '') <> ''
                ORDER BY r2.published, r2.id LIMIT 1) AS first_title
        FROM stories s JOIN story_reports sr ON sr.story_id = s.id JOIN reports r ON r.id = sr.report_id
        WHERE s.merged_into IS NULL AND EXISTS (
            SELECT 1 FROM story_reports fs JOIN reports f ON f.id = fs.report_id
            WHERE fs.story_id = s.id AND {where})
        GROUP BY s.id ORDER BY last DESC, s.id DESC"""
    wanted = _stories_of(store, report_ids) if report_ids is not None else None
    if wanted is None and limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    rows = store.db.execute(sql, params)
    if wanted is not None:
        kept = [row for row in rows if row["id"] in wanted]
        rows = kept[offset : None if limit is None else offset + limit]
    out = []
    for row in rows:
        out.append(
            StorySummary(
                id=row["id"],
                label=row["label"] or row["first_title"] or f"Story {row['id']}",
                reports=row["n"],
                outlets=_distinct(row["outlets"]),
                languages=_distinct(row["langs"]),
                first=row["first"],
                last=row["last"],
            )
        )
    return out


def _distinct(joined: str | None) -> list[str]:
    # joined with the unit separator: outlet names may contain commas
    return sorted({part for part in joined.split("\x1f") if part}) if joined else []


def _stories_of(store: Store, report_ids: set[str]) -> set[int]:
    ids = list(report_ids)
    found: set[int] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in store.db.execute(f"SELECT story_id FROM story_reports WHERE report_id IN ({marks})", chunk)
        )
    return found


def facets(store: Store) -> dict[str, list[Any]]:
    """Values for the filter menus: languages, outlets and the most mentioned entities."""
    q = store.db.execute
    return {
        "languages": [r[0] for r in q("SELECT DISTINCT lang FROM reports WHERE lang IS NOT NULL ORDER BY lang")],
        "outlets": [r[0] for r in q("SELECT DISTINCT outlet FROM reports WHERE outlet IS NOT NULL ORDER BY outlet")],
        "entities": [
            (r["key"], r["name"], r["type"])
            for r in q(
                """SELECT e.key, e.name, e.type, COUNT(DISTINCT m.report_id) n FROM entities e
                   JOIN mentions m ON m.key = e.key GROUP BY e.key ORDER BY n DESC, e.name LIMIT 60"""
            )
        ],
    }


# A quote's speaker entity: its own key, else the entity of the name mention at
# its speaker span (quotes are found before names are linked to entities).
# The speaker's entity: the quote's own, else the entity mentioned at the speaker's span.  A named constant
# because a WHERE may not use the SELECT alias on PostgreSQL (SQLite allows it): filters repeat the expression.
_SPEAKER_KEY = """COALESCE(q.speaker_key, (
               SELECT m.key FROM mentions m
               WHERE m.report_id = q.report_id AND m.paragraph = q.speaker_paragraph
                 AND m.start < q.speaker_end AND m."end" > q.speaker_start AND m.key IS NOT NULL
               ORDER BY m.type = 'person' DESC LIMIT 1))"""
_QUOTE_SQL = f"""
    SELECT q.*, r.outlet AS r_outlet, r.lang AS r_lang, {_SPEAKER_KEY} AS s_key
    FROM quotes q JOIN reports r ON r.id = q.report_id"""


def quote_rows(store: Store, where: str, params: tuple[Any, ...]) -> list[QuoteRow]:
    """Quotes with their report's outlet and language and their linked quotes, ordered by report date."""
    rows = store.db.execute(f"{_QUOTE_SQL} WHERE {where} ORDER BY r.published, q.report_id, q.id", params)
    out = [quote_row(row) for row in rows]
    by_id = {row.id: row for row in out}
    if not by_id:
        return out
    marks = ",".join("?" * len(by_id))
    links = store.db.execute(
        f"""SELECT l.quote_id AS a, l.other_id AS b, l.score, o.report_id, o.paragraph, r.lang
            FROM quote_links l JOIN quotes o ON o.id = l.other_id JOIN reports r ON r.id = o.report_id
            WHERE l.quote_id IN ({marks})
            UNION ALL
            SELECT l.other_id AS a, l.quote_id AS b, l.score, o.report_id, o.paragraph, r.lang
            FROM quote_links l JOIN quotes o ON o.id = l.quote_id JOIN reports r ON r.id = o.report_id
            WHERE l.other_id IN ({marks})
            ORDER BY score DESC""",
        (*by_id, *by_id),
    )
    for link in links:
        by_id[link["a"]].same_as.append(
            SameStatement(
                quote=link["b"],
                report=link["report_id"],
                paragraph=link["paragraph"],
                lang=link["lang"],
                score=link["score"],
            )
        )
    return out


def quote_row(row: sqlite3.Row) -> QuoteRow:
    names = Quote.__dataclass_fields__
    quote = Quote(**{n: row[n] for n in names})
    quote.speaker_key = row["s_key"]
    return QuoteRow(id=row["id"], quote=quote, report=row["report_id"], outlet=row["r_outlet"], lang=row["r_lang"])


def entity_detail(store: Store, key: str) -> EntityDetail | None:
    entity = store.get_entity(key)
    if entity is None:
        return None
    reports = store.db.execute(
        """SELECT DISTINCT r.* FROM reports r JOIN mentions m ON m.report_id = r.id
           WHERE m.key = ? ORDER BY r.published, r.id""",
        (key,),
    )
    about = """q.id IN (SELECT q2.id FROM quotes q2 JOIN mentions m ON m.report_id = q2.report_id
               AND m.paragraph = q2.paragraph AND m.start >= q2.start AND m."end" <= q2."end"
               WHERE m.key = ?)"""
    return EntityDetail(
        entity=entity,
        reports=[report_summary(r) for r in reports],
        quotes_by=quote_rows(store, f"{_SPEAKER_KEY} = ?", (key,)),
        quotes_about=quote_rows(store, about, (key,)),
    )


def report_detail(store: Store, report_id: str) -> ReportDetail | None:
    report = store.get_report(report_id)
    if report is None:
        return None
    data = report.to_dict()
    data.update(story=store.story_of(report_id), links=store.links_of(report_id))
    return ReportDetail(**data)


def report_titles(store: Store, ids: set[str]) -> dict[str, str]:
    """Titles (or ids) of reports, for labelling links to them."""
    wanted = list(ids)
    marks = ",".join("?" * len(wanted)) or "NULL"
    rows = store.db.execute(f"SELECT id, title FROM reports WHERE id IN ({marks})", wanted)
    return {r["id"]: r["title"] or r["id"] for r in rows}
