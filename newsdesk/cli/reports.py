"""Core commands: ingest sources, list reports, show one report."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape

from newsdesk.cli.common import (
    AllowPrivateOption,
    DbOption,
    JsonOption,
    QuietOption,
    StoryOption,
    WorkersOption,
    console,
    emit,
    err_console,
    open_desk,
    print_json,
    progress_bar,
    require_story,
)
from newsdesk.executors import ExecutorUnavailable


def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(help="Files, directories, JSONL/CSV, RSS/Atom feeds, URLs, or - for stdin.", show_default=False),
    ],
    db: DbOption = None,
    workers: WorkersOption = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the analysis on the Dask cluster at this scheduler (tcp://host:8786); needs newsdesk[scale].",
        ),
    ] = None,
    allow_private: AllowPrivateOption = False,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read reports, analyse them and file them into stories.

    Re-ingesting the same content is a no-op; a changed text at the same URL
    or path becomes a new revision.  Exit status 1 if any item failed.
    """
    # Items are streamed, never listed: a 100k-report batch must not sit in memory.
    options = {"workers": workers, "scheduler": scheduler, "allow_private": allow_private}
    with open_desk(db, must_exist=False) as desk:
        try:
            with progress_bar("Ingesting", lambda: _count_files(sources), hidden=quiet or json_) as advance:
                result = desk.ingest(sources, **options, on_item=advance)
        except ExecutorUnavailable as exc:
            err_console.print(f"[red]{escape(str(exc))}[/red] Start one with `dask scheduler` and `dask worker`.")
            raise typer.Exit(2) from exc
        stories = desk.store.live_story_count()  # merged stories live on only as redirects
        path = escape(desk.store.where)  # a URL without its password
    if json_:
        print_json(
            {
                "added": result.added,
                "revised": result.revised,
                "unchanged": len(result.unchanged),
                "errors": [{"source": e.source, "id": e.id, "reason": e.reason} for e in result.errors],
                "stories": stories,
            }
        )
    else:
        for error in result.errors:
            err_console.print(f"[red]error[/red] {escape(error.source)}: {escape(error.reason)}")
        console.print(
            f"[bold]{len(result.added)}[/bold] added, [bold]{len(result.revised)}[/bold] revised, "
            f"{len(result.unchanged)} unchanged, [{'red' if result.errors else 'green'}]"
            f"{len(result.errors)} failed[/]; {stories} stories in {path}"
        )
    if result.errors:
        raise typer.Exit(1)


def _count_files(sources: list[str]) -> int | None:
    """How many items a batch of plain files holds (None when a source holds many or unknown items)."""
    from pathlib import Path

    total = 0
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
        elif path.is_file():
            files = [path]
        else:
            return None
        if any(p.suffix.lower() in (".jsonl", ".ndjson", ".csv", ".xml", ".rss", ".atom") for p in files):
            return None
        total += len(files)
    return total


def reports(story: StoryOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """List stored reports."""
    with open_desk(db) as desk:
        if story is not None:
            story = require_story(desk, story)
        rows = [asdict(info) for info in desk.reports(story=story)]
    emit(rows, ["id", "published", "lang", "outlet", "title", "story", "paragraphs"], json_, title="Reports")


def show(
    report_id: Annotated[str, typer.Argument(metavar="REPORT", help="Report id (see `newsdesk reports`).")],
    db: DbOption = None,
    removed: Annotated[bool, typer.Option("--removed", help="Also show the boilerplate that was removed.")] = False,
    json_: JsonOption = False,
) -> None:
    """Show a report's metadata and clean text."""
    with open_desk(db) as desk:
        report = desk.report(report_id)
        if report is None:
            err_console.print(f"[red]No report {escape(report_id)!r}.[/red] List them with `newsdesk reports`.")
            raise typer.Exit(2)
        story = desk.story_of(report_id)
        links = desk.links(report_id)
    if json_:
        data = report.to_dict()
        data["story"] = story
        data["links"] = [link.__dict__ for link in links]
        print_json(data)
        return
    meta = {
        "title": report.title,
        "outlet": report.outlet,
        "author": report.author,
        "published": f"{report.published} ({report.date_source})" if report.published else "unknown",
        "language": report.lang,
        "url": report.url,
        "source": report.source,
        "revision": report.revision,
        "story": story,
    }
    for key, value in meta.items():
        if value is not None:
            console.print(f"[bold]{key:>10}[/bold]  {escape(str(value))}")
    for link in links:
        other = link.origin if link.report == report_id else link.report
        relation = f"{link.kind} of" if link.report == report_id else f"has {link.kind}"
        console.print(f"[bold]{'link':>10}[/bold]  {relation} {escape(other)} ({link.score:.2f})")
    for flag in report.flags:  # "analysis truncated: ...", "decoded with replacement: ..."
        console.print(f"[bold yellow]{'note':>10}[/bold yellow]  {escape(flag)}")
    console.print()
    for paragraph in report.paragraphs:
        console.print(f"[dim]¶{paragraph.index} {paragraph.lang or ''}[/dim] {escape(paragraph.text)}\n")
    if removed:
        console.rule("removed")
        for item in report.removed:
            console.print(f"[dim]#{item.position} [{escape(item.reason)}][/dim] {escape(item.text)}")
