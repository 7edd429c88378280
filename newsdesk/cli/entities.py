"""``newsdesk entities`` and ``newsdesk entity``: who and what the reports name, in every spelling."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, get_args

import typer
from rich.markup import escape

from newsdesk.cli.common import DbOption, JsonOption, console, emit, err_console, open_store, print_json
from newsdesk.enrich.entities.names import fold
from newsdesk.model import Entity, EntityType
from newsdesk.store import Store

StoryOption = Annotated[int | None, typer.Option("--story", help="Only entities named in this story.")]
TypeOption = Annotated[str | None, typer.Option("--type", help="person, place, org or other.")]
_COLUMNS = ["key", "name", "type", "reports", "mentions", "languages", "variants", "country"]
# The language of a mention is its paragraph's, else its report's.
_MENTION_ROWS = """
    SELECT m.key, m.report_id, m.paragraph, m.start, m."end", m.text, m.source,
           COALESCE(p.lang, r.lang) AS lang, r.title, r.published, r.outlet
    FROM mentions m JOIN reports r ON r.id = m.report_id
    LEFT JOIN paragraphs p ON p.report_id = m.report_id AND p.idx = m.paragraph
"""


def entities(
    story: StoryOption = None, type_: TypeOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Canonical entities with how many reports, mentions and languages name them."""
    if type_ is not None and type_ not in get_args(EntityType):
        err_console.print(f"[red]Unknown type {type_!r}.[/red] Use one of: {', '.join(get_args(EntityType))}.")
        raise typer.Exit(2)
    with open_store(db) as store:
        if story is not None and store.get_story(story) is None:
            err_console.print(f"[red]No story {story}.[/red] List them with `newsdesk stories`.")
            raise typer.Exit(2)
        rows = entity_rows(store, story=story, type_=type_)
    title = "Entities" + (f" in story {story}" if story is not None else "")
    emit(rows, _COLUMNS, json_, title=title)


@dataclass
class _Stats:
    reports: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    mentions: int = 0


def entity_rows(store: Store, *, story: int | None = None, type_: str | None = None) -> list[dict[str, Any]]:
    """One row per entity mentioned (in ``story``, of ``type_``), most widely reported first."""
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
    rows = []
    for e in store.all_entities():
        if e.key not in stats or (type_ is not None and e.type != type_):
            continue
        s = stats[e.key]
        rows.append(
            {
                "key": e.key,
                "name": e.name,
                "type": e.type,
                "reports": len(s.reports),
                "mentions": s.mentions,
                "languages": sorted(s.languages),
                "variants": e.variants,
                "country": e.country,
                "lat": e.lat,
                "lon": e.lon,
            }
        )
    return sorted(rows, key=lambda r: (-r["reports"], -r["mentions"], r["name"]))


def entity(
    name: Annotated[str, typer.Argument(help="A key, a name or any spelling of it.")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """One entity: its variants, languages, the reports that name it and every mention."""
    with open_store(db) as store:
        found = find_entities(store, name)
        if not found:
            err_console.print(f"[red]No entity matches {name!r}.[/red] List them with `newsdesk entities`.")
            raise typer.Exit(1)
        if len(found) > 1:
            err_console.print(f"[yellow]{len(found)} entities match {name!r}; give one of these keys:[/yellow]")
            emit([{"key": e.key, "name": e.name, "type": e.type} for e in found], ["key", "name", "type"], json_)
            raise typer.Exit(1)
        detail = entity_detail(store, found[0])
    if json_:
        print_json(detail)
        return
    _print_detail(detail)


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


def _print_detail(d: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(d['name'])}[/bold]  [dim]{d['key']} · {d['type']}[/dim]")
    if d["lat"] is not None:
        console.print(f"at {d['lat']:.4f}, {d['lon']:.4f} ({d['country']})")
    elif d["country"]:
        console.print(f"country {d['country']}")
    console.print(f"variants: {escape(', '.join(d['variants']))}")
    console.print(f"languages: {', '.join(d['languages']) or '-'}")
    emit(d["reports"], ["id", "published", "outlet", "title", "mentions"], False, title="Reports")
    emit(d["mentions"], ["report_id", "paragraph", "text", "lang", "source"], False, title="Mentions")
