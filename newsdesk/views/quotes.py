"""Who said what, read from the store, with the same statement in other reports.

Links between quotes are computed per story and kept in the store
(:func:`newsdesk.enrich.quotes.links.ensure_story_links`); listing quotes first
brings the links of the stories listed up to date, so ``newsdesk quotes``
right after an ingest already shows which statements other reports repeat,
in any language.  Only stories whose quotes changed are relinked, and their
quote vectors come from the store's cache.
"""

from __future__ import annotations

import logging
from typing import Any

from newsdesk.enrich.quotes.links import ensure_story_links, link_evidence
from newsdesk.enrich.vectors import Encoder, get_encoder, stored_mean
from newsdesk.model import Quote, QuoteInfo
from newsdesk.store import Store

log = logging.getLogger(__name__)
_QUOTE_FIELDS = tuple(Quote.__dataclass_fields__)
_AGREEMENT = {1: "same", 0: "unsure", -1: "different"}


def quote_infos(
    store: Store,
    *,
    story: int | None = None,
    speaker: str | None = None,
    encoder: Encoder | None = None,
    link: bool = True,
) -> list[QuoteInfo]:
    """Stored quotes in report date order, filtered by story and by speaker (part of the name, or the entity key).

    With ``link`` the quote links of the stories involved are brought up to
    date first, with ``encoder`` (default: the story view's, e5); a missing
    encoder only leaves the links as stored.
    """
    if link:
        _update_links(store, story, encoder)
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
    infos = [
        QuoteInfo(
            id=row["id"],
            report=row["report_id"],
            quote=Quote(**{name: row[name] for name in _QUOTE_FIELDS}),
            published=row["published"],
            outlet=row["outlet"],
        )
        for row in rows
    ]
    _attach_links(store, infos)
    return infos


def _update_links(store: Store, story: int | None, encoder: Encoder | None) -> None:
    """Relink the quotes of ``story`` (every story of two or more reports when None) where they changed."""
    if story is not None:
        stories = [story]
    else:
        stories = [
            r["story_id"]
            for r in store.db.execute(
                "SELECT story_id FROM story_reports GROUP BY story_id HAVING COUNT(*) >= 2 ORDER BY story_id"
            )
        ]
    if not stories:
        return
    try:
        ensure_story_links(store, stories, encoder or get_encoder("e5"), mean=stored_mean(store, "e5"))
    except (ImportError, OSError, RuntimeError) as exc:  # no encoder here: the stored links stay as they are
        log.warning("quote links not updated: %s", exc)


def _attach_links(store: Store, infos: list[QuoteInfo]) -> None:
    """Each quote's linked quotes, with the link's score and what the two statements share."""
    if not infos:
        return
    mine = {i.id: i for i in infos}
    marks = ",".join("?" * len(mine))
    pairs = list(
        store.db.execute(
            f"SELECT quote_id, other_id, score FROM quote_links WHERE quote_id IN ({marks}) OR other_id IN ({marks})",
            [*mine, *mine],
        )
    )
    others = {r["other_id"] for r in pairs} | {r["quote_id"] for r in pairs}
    others -= mine.keys()
    stored: dict[int, tuple[str, Quote]] = {i.id: (i.report, i.quote) for i in infos}
    if others:
        omarks = ",".join("?" * len(others))
        for row in store.db.execute(f"SELECT * FROM quotes WHERE id IN ({omarks})", list(others)):
            stored[row["id"]] = (row["report_id"], Quote(**{name: row[name] for name in _QUOTE_FIELDS}))
    for row in pairs:
        for a, b in ((row["quote_id"], row["other_id"]), (row["other_id"], row["quote_id"])):
            if a not in mine or b not in stored:
                continue
            evidence = link_evidence(mine[a].quote, stored[b][1])
            mine[a].links.append(
                {
                    "quote": b,
                    "report": stored[b][0],
                    "score": row["score"],
                    "speaker": _AGREEMENT[evidence.speaker],
                    "names": evidence.names,
                    "figures": evidence.figures,
                }
            )
    for info in infos:
        info.links.sort(key=lambda link: (-link["score"], link["quote"]))
        info.same_as = sorted(link["quote"] for link in info.links)
