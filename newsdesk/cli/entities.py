"""``newsdesk entities`` and ``newsdesk entity``: who and what the reports name, in every spelling."""

from __future__ import annotations

from typing import Annotated, Any, get_args

import typer
from rich.markup import escape

from newsdesk.cli.common import (
    DbOption,
    JsonOption,
    StoryOption,
    console,
    emit,
    err_console,
    open_desk,
    print_json,
    require_story,
)
from newsdesk.model import EntityType

TypeOption = Annotated[str | None, typer.Option("--type", help="person, place, org or other.")]
_COLUMNS = ["key", "name", "type", "reports", "mentions", "languages", "variants", "country"]


def entities(
    story: StoryOption = None, type_: TypeOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Canonical entities with how many reports, mentions and languages name them."""
    if type_ is not None and type_ not in get_args(EntityType):
        err_console.print(f"[red]Unknown type {type_!r}.[/red] Use one of: {', '.join(get_args(EntityType))}.")
        raise typer.Exit(2)
    with open_desk(db) as desk:
        if story is not None:
            story = require_story(desk, story)
        rows = [
            {
                "key": i.entity.key,
                "name": i.entity.name,
                "type": i.entity.type,
                "reports": i.reports,
                "mentions": i.mentions,
                "languages": i.languages,
                "variants": i.entity.variants,
                "country": i.entity.country,
                "lat": i.entity.lat,
                "lon": i.entity.lon,
            }
            for i in desk.entities(story=story, type=type_)
        ]
    title = "Entities" + (f" in story {story}" if story is not None else "")
    emit(rows, _COLUMNS, json_, title=title)


def entity(
    name: Annotated[str, typer.Argument(help="A key, a name or any spelling of it.")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """One entity: its variants, languages, the reports that name it and every mention."""
    with open_desk(db) as desk:
        found = desk.find_entities(name)
        if not found:
            err_console.print(f"[red]No entity matches {name!r}.[/red] List them with `newsdesk entities`.")
            raise typer.Exit(1)
        if len(found) > 1:
            err_console.print(f"[yellow]{len(found)} entities match {name!r}; give one of these keys:[/yellow]")
            emit([{"key": e.key, "name": e.name, "type": e.type} for e in found], ["key", "name", "type"], json_)
            raise typer.Exit(1)
        detail = desk.entity(found[0])
    if json_:
        print_json(detail)
        return
    _print_detail(detail)


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
