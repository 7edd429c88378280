"""Everything the story page shows, gathered in one place.

Coverage, quotes by speaker and places are read straight from the store.  The
analysis (briefing, framings, reconciled figures, confirmed and unique
statements, cross-language statements, timeline with related stories) is the
story view's (:func:`newsdesk.views.story.story_view`, cached in the store);
this module only adapts its dict to typed models.  When the story view cannot
run here (a module or model missing), the page still shows the store's
facts and says the analysis is unavailable.
"""

from __future__ import annotations

import functools
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from newsdesk.model import Figure, Link
from newsdesk.store import Store
from newsdesk.web.queries import quote_rows, report_summary
from newsdesk.web.schemas import (
    Cited,
    Count,
    Coverage,
    FigureGroup,
    FigureRow,
    Framing,
    Place,
    SpeakerQuotes,
    Statement,
    StoryChange,
    StoryDetail,
    TimelineEntry,
    TopicStory,
)

log = logging.getLogger(__name__)
_FIGURE_FIELDS = tuple(Figure.__dataclass_fields__)


def story_detail(store: Store, story_id: int, since: str | None = None) -> StoryDetail | None:
    """The story page's data; with ``since`` (ISO date) also what reports after it added."""
    story = store.get_story(story_id)
    if story is None:
        return None
    rows = store.list_reports(story=story_id)
    ids = [r["id"] for r in rows]
    meta = {r["id"]: r for r in rows}
    marks = ",".join("?" * len(ids)) or "NULL"
    links = [
        Link(r["report_id"], r["origin_id"], r["kind"], r["score"])
        for r in store.db.execute(f"SELECT * FROM links WHERE report_id IN ({marks}) ORDER BY report_id", ids)
    ]
    first_title = next((r["title"] for r in rows if r["title"]), None)
    stored = _story_view(store, story_id)
    view, stale = stored if stored is not None else (None, False)
    analysis = _from_view(view, meta) if view is not None else _store_only(store, rows, marks, ids)
    return StoryDetail(
        id=story.id,
        label=story.label or first_title or f"Story {story.id}",
        reports=[report_summary(r) for r in rows],
        coverage=_coverage(rows, links, story.first, story.last),
        speakers=_speakers(store, marks, ids),
        places=_places(store, marks, ids),
        analysed=view is not None,
        stale=stale,
        history=[StoryChange(**asdict(c), text=c.describe()) for c in store.story_history(story_id)],
        since=since,
        new_since=_new_since(store, story_id, since, meta) if since and view is not None else None,
        **analysis,
    )


def _story_view(store: Store, story_id: int) -> tuple[dict[str, Any], bool] | None:
    """The story's materialised view and whether it is stale; None before its first build.

    Pages never build a view: ingest does, when the story changes, so a
    reader never waits for analysis (or for the writer's lock).
    """
    try:
        from newsdesk.views.story import stored_view

        return stored_view(store, story_id)
    except Exception:  # an optional analysis must not take the page down
        log.exception("story view of story %s unavailable", story_id)
        return None


def _new_since(store: Store, story_id: int, since: str, meta: dict[str, Any]) -> list[Cited] | None:
    try:
        from newsdesk.views.story import briefing_since

        return [_cited(c, meta) for c in briefing_since(store, story_id, since)]
    except Exception:
        log.exception("'new since' briefing of story %s unavailable", story_id)
        return None


def _cited(c: dict[str, Any], meta: dict[str, Any]) -> Cited:
    """A story view citation, with the outlet filled in from the report when missing."""
    outlet = c.get("outlet") or (meta[c["report"]]["outlet"] if c.get("report") in meta else None)
    return Cited(**{**c, "outlet": outlet})


def _from_view(view: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    cited = functools.partial(_cited, meta=meta)

    figures = []
    for group in view.get("figures", []):
        rows = []
        for report_id, fig in group.get("members", []):
            figure = Figure(**{k: v for k, v in fig.items() if k in _FIGURE_FIELDS})
            r = meta.get(report_id)
            rows.append(FigureRow(figure=figure, report=report_id, outlet=r and r["outlet"], lang=r and r["lang"]))
        surface = next((row.figure.counted for row in rows if row.figure.counted), None)
        what = group.get("counted") or surface or group.get("dimension") or "figure"
        figures.append(FigureGroup(what=str(what), status=str(group.get("status", "")), rows=rows))
    figures.sort(key=lambda g: (not g.conflict, -len(g.rows), g.what))
    return {
        "timeline": [TimelineEntry(**e) for e in view.get("timeline", [])],
        "figures": figures,
        "briefing": [cited(c) for c in view.get("briefing", [])],
        "framings": [
            Framing(**{**f, "cited": [cited(c) for c in f.get("cited", [])]}) for f in view.get("framings", [])
        ],
        "confirmed": [_statement(s, cited) for s in view.get("confirmed", [])],
        "single_source": [_statement(s, cited) for s in view.get("single_source", [])],
        "unique": [cited(c) for c in view.get("unique", [])],
        "cross_lingual": [[cited(c) for c in group] for group in view.get("cross_lingual", [])],
        "topic": [TopicStory(**t) for t in view.get("topic", [])],
    }


def _statement(data: dict[str, Any], cited: Callable[[dict[str, Any]], Cited]) -> Statement:
    return Statement(sentences=[cited(c) for c in data.get("sentences", [])], families=data.get("families", 1))


def _store_only(store: Store, rows: list[Any], marks: str, ids: list[str]) -> dict[str, Any]:
    """Without the story view: publication and named dates, and the figures as extracted, unreconciled."""
    timeline = [
        TimelineEntry(date=r["published"], kind="published", text=r["title"] or r["id"], report=r["id"])
        for r in rows
        if r["published"]
    ]
    for r in store.db.execute(f"SELECT id, text_dates FROM reports WHERE id IN ({marks})", ids):
        timeline += [
            TimelineEntry(date=d, kind="mentioned", text="date named in the text", report=r["id"])
            for d in json.loads(r["text_dates"])
        ]
    timeline.sort(key=lambda e: (e.date, e.kind))
    meta = {r["id"]: r for r in rows}
    groups: dict[str, list[FigureRow]] = defaultdict(list)
    for row in store.db.execute(f"SELECT * FROM figures WHERE report_id IN ({marks}) ORDER BY id", ids):
        figure = Figure(**{n: row[n] for n in _FIGURE_FIELDS})
        r = meta[row["report_id"]]
        what = figure.counted_key or figure.counted or figure.dimension
        groups[what].append(FigureRow(figure=figure, report=r["id"], outlet=r["outlet"], lang=r["lang"]))
    figures = [FigureGroup(what=what, status="unreconciled", rows=group) for what, group in groups.items()]
    empty: dict[str, Any] = {k: [] for k in ("briefing", "framings", "confirmed", "single_source", "unique")}
    return {**empty, "timeline": timeline, "figures": figures, "cross_lingual": [], "topic": []}


def _coverage(rows: list[Any], links: list[Link], first: str | None, last: str | None) -> Coverage:
    """Counts per outlet and language; copies and translations are not independent confirmation."""
    derived = {link.report for link in links}
    outlets: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    independent_outlets: Counter[str] = Counter()
    independent_languages: Counter[str] = Counter()
    for r in rows:
        outlet, lang = r["outlet"] or "unknown outlet", r["lang"] or "unknown"
        outlets[outlet] += 1
        languages[lang] += 1
        if r["id"] not in derived:
            independent_outlets[outlet] += 1
            independent_languages[lang] += 1
    return Coverage(
        outlets=[Count(name=k, count=n, independent=independent_outlets[k]) for k, n in outlets.most_common()],
        languages=[Count(name=k, count=n, independent=independent_languages[k]) for k, n in languages.most_common()],
        first=first,
        last=last,
        links=links,
    )


def _speakers(store: Store, marks: str, ids: list[str]) -> list[SpeakerQuotes]:
    """Quotes grouped by canonical speaker (by surface name when unlinked)."""
    groups: dict[tuple[str | None, str], SpeakerQuotes] = {}
    rows = quote_rows(store, f"q.report_id IN ({marks})", tuple(ids))
    names = store.entity_names({row.quote.speaker_key for row in rows if row.quote.speaker_key})
    for row in rows:
        q = row.quote
        name = names.get(q.speaker_key or "", q.speaker) or "Unattributed"
        group_key = (q.speaker_key, name if q.speaker_key is None else "")
        group = groups.setdefault(group_key, SpeakerQuotes(speaker=name, key=q.speaker_key, quotes=[]))
        group.quotes.append(row)
    return sorted(groups.values(), key=lambda g: (g.speaker == "Unattributed", -len(g.quotes), g.speaker))


def _places(store: Store, marks: str, ids: list[str]) -> list[Place]:
    rows = store.db.execute(
        f"""SELECT e.key, e.name, e.lat, e.lon, COUNT(*) n FROM mentions m JOIN entities e ON e.key = m.key
            WHERE m.report_id IN ({marks}) AND e.lat IS NOT NULL AND e.lon IS NOT NULL
            GROUP BY e.key ORDER BY n DESC, e.name""",
        ids,
    )
    return [Place(key=r["key"], name=r["name"], lat=r["lat"], lon=r["lon"], mentions=r["n"]) for r in rows]
