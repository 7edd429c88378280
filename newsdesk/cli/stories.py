"""Story commands: the list, the full terminal view, and the briefing."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from newsdesk.cli.common import (
    DbOption,
    JsonOption,
    console,
    emit,
    err_console,
    inert,
    inert_json,
    open_desk,
    print_json,
    require_story,
)
from newsdesk.views.brief import render

StoryArg = Annotated[int, typer.Argument(metavar="STORY", help="Story id (see `newsdesk stories`).")]


def stories(db: DbOption = None, json_: JsonOption = False) -> None:
    """List stories: reports, outlets, languages, dates, conflicts."""
    with open_desk(db) as desk:
        rows = [
            {
                "story": info.story.id,
                "label": info.story.label,
                "topic": info.story.topic,
                "reports": len(info.story.report_ids),
                "independent": info.independent,
                "outlets": len(info.outlets),
                "languages": info.languages,
                "first": info.story.first,
                "last": info.story.last,
                "conflicts": info.conflicts,
            }
            for info in desk.stories()
        ]
    emit(
        rows,
        ["story", "label", "topic", "reports", "outlets", "languages", "first", "last", "conflicts"],
        json_,
        title="Stories",
    )


def story(story_id: StoryArg, db: DbOption = None, json_: JsonOption = False) -> None:
    """The full story view: coverage, figures, framings, quotes, timeline, briefing."""
    with open_desk(db) as desk:
        found = desk.story(require_story(desk, story_id))
    assert found is not None  # require_story checked it is live
    view = found.to_dict()
    if json_:
        print_json(view)
        return
    story_id = found.story.id
    c = view["coverage"]
    console.rule(f"[bold]Story {story_id}[/bold]: {escape(view['story']['label'])}")
    console.print(
        f"{len(c['reports'])} reports, {c['independent']} independent · outlets: {escape(', '.join(c['outlets']))}"
        f" · languages: {', '.join(c['languages'])} · {c['first'] or '?'} – {c['last'] or '?'}"
    )
    table = Table(title="Coverage", header_style="bold")
    for col in ("report", "date", "lang", "outlet", "relation", "title"):
        table.add_column(col)
    for r in c["reports"]:
        relation = r["relation"] if r["relation"] == "original" else f"{r['relation']} of {r['origin']}"
        table.add_row(r["id"], r["published"] or "", r["lang"] or "", r["outlet"] or "", relation, r["title"] or "")
    console.print(table)
    _print_figures(view)
    for f in view["framings"]:
        console.print(
            f"[bold red]Framing conflict[/bold red]: {escape(f['speaker'] or '?')} calls it “{escape(f['term'])}”; "
            f"{escape(f['rejected_by'] or '?')} calls it “{escape(f['rejected'])}”"
        )
    if view["cross_lingual"]:
        console.rule("Same statement across languages")
        for group in view["cross_lingual"]:
            for s in group:
                console.print(f"  [dim]{s['lang']} {s['report']} ¶{s['paragraph']}[/dim] {escape(s['text'])}")
            console.print()
    _print_quotes(view)
    console.rule("Timeline")
    for e in view["timeline"]:
        where = f"story {e['story']}" if e["story"] else e["report"]
        console.print(f"  {e['date']:<10}  [dim]{e['kind']:<9}[/dim] {escape(e['text'])} [dim]({where})[/dim]")
    console.rule("Briefing")
    console.print(render(view, view["briefing"], "md"))
    if view["unique"]:
        console.rule("Reported by one source only")
        for s in view["unique"][:15]:
            console.print(f"  [dim]{s['report']} ¶{s['paragraph']}[/dim] {escape(s['text'])}")
    if found.history:
        console.rule("History")
        for change in found.history:
            console.print(f"  [dim]{change.at[:16]}[/dim]  {escape(change.describe())}")


def _print_figures(view: dict) -> None:
    if not view["figures"]:
        return
    table = Table(title="Figures", header_style="bold")
    for col in ("what", "status", "source", "figure", "claimant"):
        table.add_column(col)
    for group in view["figures"]:
        style = "red" if group["status"] == "conflict" else "green" if group["status"] == "agree" else ""
        for i, (report_id, fig) in enumerate(group["members"]):
            table.add_row(
                escape(str(group.get("counted") or group.get("dimension") or "")) if i == 0 else "",
                f"[{style}]{group['status']}[/]" if i == 0 and style else (group["status"] if i == 0 else ""),
                report_id,
                escape(fig["text"]),
                escape(fig.get("claimant") or ""),
            )
    console.print(table)


def _print_quotes(view: dict) -> None:
    if not view["quotes"]:
        return
    table = Table(title="Who said what", header_style="bold", show_lines=False)
    for col in ("speaker", "kind", "report", "statement"):
        table.add_column(col)
    for q in sorted(view["quotes"], key=lambda q: (q.get("speaker") or "~", q["report"])):
        table.add_row(escape(q.get("speaker") or "unknown"), q["kind"], q["report"], escape(q["text"][:160]))
    console.print(table)


def brief(
    story_id: StoryArg,
    db: DbOption = None,
    format_: Annotated[str, typer.Option("--format", "-f", help="md, html (one self-contained file) or json.")] = "md",
    since: Annotated[str | None, typer.Option(help="Only what is new since this date (YYYY-MM-DD).")] = None,
    lang: Annotated[str, typer.Option(help="The reader's language: preferred where a source in it exists.")] = "en",
    json_: JsonOption = False,
) -> None:
    """A briefing of the story in which every sentence cites its report and paragraph."""
    if json_:
        format_ = "json"
    if format_ not in ("md", "html", "json"):
        err_console.print(f"[red]Unknown format {format_!r}[/red]: use md, html or json.")
        raise typer.Exit(2)
    with open_desk(db) as desk:
        text = desk.brief(require_story(desk, story_id), format_, since=since, lang=lang)  # type: ignore[arg-type]
    typer.echo(inert_json(text) if format_ == "json" else inert(text), nl=False)
