"""Everything the story page shows, gathered from the store in one place.

Coverage, timeline, figures, quotes, cross-language statements and places are
read straight from what the pipeline stored.  The briefing and the framing
conflicts are computed by the story view module (``newsdesk.storyview``);
until it is importable those fields stay ``None`` and the page says so.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from newsdesk.model import Figure, Link
from newsdesk.store import Store
from newsdesk.web.queries import quote_rows, report_summary
from newsdesk.web.schemas import (
    Count,
    Coverage,
    FigureGroup,
    FigureRow,
    Place,
    SpeakerQuotes,
    StatementPair,
    StoryDetail,
    TimelineEntry,
)


def story_detail(store: Store, story_id: int) -> StoryDetail | None:
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
    return StoryDetail(
        id=story.id,
        label=story.label or first_title or f"Story {story.id}",
        reports=[report_summary(r) for r in rows],
        coverage=_coverage(rows, links, story.first, story.last),
        timeline=_timeline(store, rows, marks, ids),
        figures=_figures(store, meta, marks, ids),
        speakers=_speakers(store, marks, ids),
        statements=_statements(store, marks, ids),
        places=_places(store, marks, ids),
        **_from_storyview(store, story_id),
    )


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


def _timeline(store: Store, rows: list[Any], marks: str, ids: list[str]) -> list[TimelineEntry]:
    entries = {(r["published"], "published", r["id"]): r["title"] for r in rows if r["published"]}
    titles = {r["id"]: r["title"] for r in rows}
    for r in store.db.execute(f"SELECT id, text_dates FROM reports WHERE id IN ({marks})", ids):
        for date in json.loads(r["text_dates"]):
            entries.setdefault((date, "mentioned", r["id"]), titles[r["id"]])
    return [
        TimelineEntry(date=date, kind=kind, report=rid, title=title)
        for (date, kind, rid), title in sorted(entries.items())
    ]


def _figure_topic(figure: Figure) -> str:
    return (figure.counted or figure.dimension or "figure").strip().lower()


def _figures(store: Store, meta: dict[str, Any], marks: str, ids: list[str]) -> list[FigureGroup]:
    """Figures grouped by what they count; a group conflicts when its sources give different values."""
    groups: dict[tuple[str, str, str | None], list[FigureRow]] = defaultdict(list)
    for row in store.db.execute(f"SELECT * FROM figures WHERE report_id IN ({marks}) ORDER BY id", ids):
        figure = Figure(**{n: row[n] for n in Figure.__dataclass_fields__})
        r = meta[row["report_id"]]
        key = (_figure_topic(figure), figure.dimension, figure.unit)
        groups[key].append(FigureRow(figure=figure, report=r["id"], outlet=r["outlet"], lang=r["lang"]))
    out = []
    for (what, _dimension, unit), rows in groups.items():
        values = {_value_key(row.figure) for row in rows}
        conflict = len(values) > 1 and len({row.report for row in rows}) > 1
        for row in rows:
            row.conflict = conflict
        label = f"{what} ({unit})" if unit and unit not in what else what
        out.append(FigureGroup(what=label, rows=rows, conflict=conflict))
    out.sort(key=lambda g: (not g.conflict, -len(g.rows), g.what))
    return out


def _value_key(figure: Figure) -> tuple[float, float | None, str]:
    value = figure.normalized if figure.normalized is not None else figure.value
    return (round(value, 6), figure.value_max, figure.qualifier)


def _speakers(store: Store, marks: str, ids: list[str]) -> list[SpeakerQuotes]:
    groups: dict[tuple[str | None, str], SpeakerQuotes] = {}
    names = {e.key: e.name for e in store.all_entities()}
    for row in quote_rows(store, f"q.report_id IN ({marks})", tuple(ids)):
        q = row.quote
        name = names.get(q.speaker_key or "", q.speaker) or "Unattributed"
        group_key = (q.speaker_key, name if q.speaker_key is None else "")
        group = groups.setdefault(group_key, SpeakerQuotes(speaker=name, key=q.speaker_key, quotes=[]))
        group.quotes.append(row)
    return sorted(groups.values(), key=lambda g: (g.speaker == "Unattributed", -len(g.quotes), g.speaker))


def _statements(store: Store, marks: str, ids: list[str]) -> list[StatementPair]:
    """Linked quotes whose reports are in different languages: the same statement side by side."""
    sql = f"""SELECT l.score, a.id AS a_id, b.id AS b_id FROM quote_links l
              JOIN quotes a ON a.id = l.quote_id JOIN quotes b ON b.id = l.other_id
              JOIN reports ra ON ra.id = a.report_id JOIN reports rb ON rb.id = b.report_id
              WHERE a.report_id IN ({marks}) AND b.report_id IN ({marks})
                AND COALESCE(ra.lang, '') <> COALESCE(rb.lang, '') AND a.id < b.id
              ORDER BY l.score DESC"""
    links = store.db.execute(sql, ids + ids).fetchall()
    wanted = sorted({link[k] for link in links for k in ("a_id", "b_id")})
    quotes = {
        row.id: row for row in quote_rows(store, f"q.id IN ({','.join('?' * len(wanted)) or 'NULL'})", tuple(wanted))
    }
    return [StatementPair(left=quotes[x["a_id"]], right=quotes[x["b_id"]], score=x["score"]) for x in links]


def _places(store: Store, marks: str, ids: list[str]) -> list[Place]:
    rows = store.db.execute(
        f"""SELECT e.key, e.name, e.lat, e.lon, COUNT(*) n FROM mentions m JOIN entities e ON e.key = m.key
            WHERE m.report_id IN ({marks}) AND e.lat IS NOT NULL AND e.lon IS NOT NULL
            GROUP BY e.key ORDER BY n DESC, e.name""",
        ids,
    )
    return [Place(key=r["key"], name=r["name"], lat=r["lat"], lon=r["lon"], mentions=r["n"]) for r in rows]


def _from_storyview(store: Store, story_id: int) -> dict[str, Any]:
    """Briefing and framing conflicts from the story view module, once it exists."""
    return {"briefing": None, "conflicts": None}
