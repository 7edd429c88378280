"""Watchlists and alerts: ``newsdesk watchlist [add|remove]`` and ``newsdesk alerts``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape

from newsdesk.cli.common import DbOption, JsonOption, emit, err_console, open_desk

watchlist_app = typer.Typer(
    help="Follow an entity, a query or a story: list watchlists, add or remove one.", invoke_without_command=True
)
_COLUMNS = ["name", "kind", "value", "webhook", "created_at"]


@watchlist_app.callback()
def watchlists(ctx: typer.Context, db: DbOption = None, json_: JsonOption = False) -> None:
    """List the watchlists."""
    if ctx.invoked_subcommand is not None:
        return
    with open_desk(db) as desk:
        emit([asdict(w) for w in desk.watchlists()], _COLUMNS, json_, title="Watchlists")


@watchlist_app.command("add")
def watchlist_add(
    name: Annotated[
        str, typer.Argument(help="A name: letters, digits, '.', '_', '-' (its feed: /watchlists/NAME.atom).")
    ],
    entity: Annotated[str | None, typer.Option(help="Follow an entity: any spelling the desk links to it.")] = None,
    query: Annotated[str | None, typer.Option(help='Follow reports with every word (or "phrase") of a query.')] = None,
    story: Annotated[
        int | None, typer.Option("--story", help="Follow a story: new reports, languages, conflicts.")
    ] = None,
    webhook: Annotated[str | None, typer.Option(help="POST each alert as JSON to this URL.")] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow a webhook on a private, loopback or link-local address.")
    ] = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Follow one thing: --entity NAME, --query TEXT or --story S."""
    with open_desk(db, must_exist=False) as desk:
        try:
            found = desk.add_watchlist(
                name, entity=entity, query=query, story=story, webhook=webhook, allow_private=allow_private
            )
        except ValueError as exc:
            err_console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
    emit([asdict(found)], _COLUMNS, json_, title="Watchlist added")


@watchlist_app.command("remove")
def watchlist_remove(
    name: Annotated[str, typer.Argument(help="The watchlist to delete, with its alerts.")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Delete a watchlist and its alerts."""
    with open_desk(db) as desk:
        removed = desk.remove_watchlist(name)
    emit([{"name": name, "removed": removed}], ["name", "removed"], json_)
    if not removed:
        raise typer.Exit(1)


def alerts(
    watchlist: Annotated[str | None, typer.Option(help="Only this watchlist's alerts.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.", min=1)] = 50,
    deliver: Annotated[bool, typer.Option("--deliver", help="First send the alerts due to their webhooks.")] = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Alerts raised by watchlists, newest first, with their webhook delivery."""
    with open_desk(db) as desk:
        if deliver:
            for d in desk.deliver_alerts():
                if not d.ok:
                    err_console.print(f"[red]not delivered[/red] alert {d.alert} ({escape(d.watchlist)}): {d.error}")
        rows = [asdict(a) for a in desk.alerts(watchlist=watchlist, limit=limit)]
    emit(rows, ["id", "at", "watchlist", "kind", "story", "report", "text", "delivered_at"], json_, title="Alerts")
