"""Who and what the reports name, in every spelling: entity listings and one entity's detail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsdesk.enrich.entities.names import fold
from newsdesk.model import Entity, EntityInfo
from newsdesk.store import Store

# The language of a mention is its paragraph's, else its report's.
_MENTION_ROWS = """
    SELECT m.key, m.report_id, m.paragraph, m.start, m."end", m.text, m.source,
           COALESCE(p.lang, r.lang) AS lang, r.title, r.published, r.outlet
    FROM mentions m JOIN reports r ON r.id = m.report_id
    LEFT JOIN paragraphs p ON p.report_id = m.report_id AND p.idx = m.paragraph
"""


@dataclass
class _Stats:
    reports: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    mentions: int = 0


def entity_infos(store: Store, *, story: int | None = None, type_: str | None = None) -> list[EntityInfo]:
    """One entry per entity mentioned (in ``story``, of ``type_``), most widely reported first."""
    sql = _MENTION_ROWS + " WHERE m.key IS NOT NULL"
    params: list[Any] = []
    if story is not None:
        sql += " AND m.report_id IN (SELECT report_id FROM story_reports WHERE story_id = ?)"
        params.append(story)
    stats: dict[str, _Stats] = {}
    for r in store.db.execute(sql, params):
        s = stats.setdefault(r["key"], _Stats())
        s.reports.add(r["report_id"])
        s.languages.update([r["lang"]] if r["lang"] else [])
        s.mentions += 1
    infos = [
        EntityInfo(e, len(stats[e.key].reports), stats[e.key].mentions, sorted(stats[e.key].languages))
        for e in store.all_entities()
        if e.key in stats and (type_ is None or e.type == type_)
    ]
    return sorted(infos, key=lambda i: (-i.reports, -i.mentions, i.entity.name))


def find_entities(store: Store, name: str) -> list[Entity]:
    """Entities whose key, name or a variant is ``name`` (case-insensitively), else whose folded spelling is."""
    wanted = name.casefold()
    everything = store.all_entities()
    exact = [e for e in everything if e.key == name]
    if exact:
        return exact
    same = [e for e in everything if wanted in {e.name.casefold(), *(v.casefold() for v in e.variants)}]
    if same:
        return same
    folded = fold(name)
    return [e for e in everything if folded and folded in {fold(v) for v in (e.name, *e.variants)}]


def entity_detail(store: Store, e: Entity) -> dict[str, Any]:
    """An entity with its languages, the reports that name it and every mention (JSON-ready)."""
    mentions = [
        dict(r) for r in store.db.execute(_MENTION_ROWS + " WHERE m.key = ? ORDER BY r.published, m.rowid", (e.key,))
    ]
    reports: dict[str, dict[str, Any]] = {}
    for m in mentions:
        rep = reports.setdefault(
            m["report_id"],
            {
                "id": m["report_id"],
                "title": m["title"],
                "published": m["published"],
                "outlet": m["outlet"],
                "mentions": 0,
            },
        )
        rep["mentions"] += 1
    return {
        "key": e.key,
        "name": e.name,
        "type": e.type,
        "variants": e.variants,
        "country": e.country,
        "lat": e.lat,
        "lon": e.lon,
        "languages": sorted({m["lang"] for m in mentions if m["lang"]}),
        "reports": list(reports.values()),
        "mentions": [
            {k: m[k] for k in ("report_id", "paragraph", "start", "end", "text", "source", "lang")} for m in mentions
        ],
    }
