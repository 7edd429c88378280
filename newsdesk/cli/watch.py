"""Watching sources: ``newsdesk watch`` polls feeds and pages; ``newsdesk sources`` keeps and shows them."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape

from newsdesk.cli.common import (
    AllowPrivateOption,
    DbOption,
    JsonOption,
    WorkersOption,
    console,
    emit,
    err_console,
    open_desk,
    print_json,
)
from newsdesk.monitor.poll import PollOutcome, PollSettings

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in "90", "30s", "10m", "2h" or "1d"."""
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{text!r}: give a duration such as 30s, 10m, 2h or 1d")
    return float(match.group(1)) * _UNIT[match.group(2).lower()]


def watch(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Feed or page URLs (kept for later rounds); none: every kept source.", show_default=False),
    ] = None,
    every: Annotated[str, typer.Option(help="Time between polls of a source: 30s, 10m, 2h, 1d.")] = "10m",
    once: Annotated[
        bool, typer.Option("--once", help="Poll each source once (backoffs still hold), then exit.")
    ] = False,
    db: DbOption = None,
    workers: WorkersOption = 1,
    allow_private: AllowPrivateOption = False,
    per_host: Annotated[int, typer.Option(help="Requests at once to one host.", min=1)] = 2,
    timeout: Annotated[float, typer.Option(help="Seconds a request may take.", min=0.1)] = 15.0,
    follow_links: Annotated[
        bool, typer.Option(help="Fetch the page a short feed entry (a teaser) links to and ingest that instead.")
    ] = True,
    json_: JsonOption = False,
) -> None:
    """Poll feeds and pages and ingest what is new, politely, until stopped (Ctrl-C) or for one round (--once).

    Requests are conditional (ETag, Last-Modified); a failing source waits
    longer after each failure, a 429/503 as long as its Retry-After asks; a
    restart resumes from the state kept in the database.  Matching watchlists
    raise alerts.  With --once, exit status 1 if a source failed.
    """
    settings = PollSettings(
        every=parse_duration(every), once=once, per_host=per_host, timeout=timeout, allow_private=allow_private,
        follow_links=follow_links,
    )  # fmt: skip
    failed = False

    def show(outcomes: list[PollOutcome]) -> None:
        nonlocal failed
        failed = failed or any(o.status == "error" for o in outcomes)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        if json_:
            for outcome in outcomes:
                row = asdict(outcome)
                row["errors"] = [{"source": e.source, "reason": e.reason} for e in outcome.errors]
                print_json({"round": stamp, **row})
            return
        rows = [
            {
                "source": o.url,
                "status": o.status,
                "http": o.http,
                "new": len(o.new),
                "failed items": len(o.errors),
                "next poll": o.next_poll,
                "message": o.message,
            }
            for o in outcomes
        ]
        emit(rows, ["source", "status", "http", "new", "failed items", "next poll", "message"], False, title=stamp)
        for outcome in outcomes:
            for error in outcome.errors:
                err_console.print(f"[red]error[/red] {escape(error.source)}: {escape(error.reason)}")

    with open_desk(db, must_exist=False) as desk:
        try:
            for url in sources or []:
                desk.add_source(url)
        except ValueError as exc:
            err_console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
        if not (sources or desk.sources()):
            err_console.print("[red]Nothing to watch.[/red] Give URLs, or keep some with `newsdesk sources add URL`.")
            raise typer.Exit(2)
        try:
            desk.watch(sources or [], settings, workers=workers, on_round=show)
        except KeyboardInterrupt:
            console.print("[dim]Stopped; the next watch resumes from here.[/dim]")
    if once and failed:
        raise typer.Exit(1)


sources_app = typer.Typer(
    help="The sources `watch` polls: list them (with how polling went), add or remove some.",
    invoke_without_command=True,
)

_SOURCE_COLUMNS = ["url", "kind", "last_poll", "last_status", "last_new", "items", "errors", "next_poll", "last_error"]


@sources_app.callback()
def sources(ctx: typer.Context, db: DbOption = None, json_: JsonOption = False) -> None:
    """List the sources kept for `watch`: last poll and status, last new item, items ingested, errors."""
    if ctx.invoked_subcommand is not None:
        return
    with open_desk(db) as desk:
        emit([asdict(s) for s in desk.sources()], _SOURCE_COLUMNS, json_, title="Sources")


@sources_app.command("add")
def sources_add(
    urls: Annotated[list[str], typer.Argument(help="Feed or page URLs (http or https).")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Keep sources for `watch` to poll."""
    with open_desk(db, must_exist=False) as desk:
        try:
            added = [desk.add_source(url) for url in urls]
        except ValueError as exc:
            err_console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
    emit([asdict(s) for s in added], ["url", "added_at"], json_, title="Kept")


@sources_app.command("remove")
def sources_remove(
    urls: Annotated[list[str], typer.Argument(help="Kept URLs to stop polling (their reports stay).")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Stop polling sources."""
    with open_desk(db) as desk:
        rows = [{"url": url, "removed": desk.remove_source(url)} for url in urls]
    emit(rows, ["url", "removed"], json_, title="Removed")
    if not all(r["removed"] for r in rows):
        raise typer.Exit(1)
