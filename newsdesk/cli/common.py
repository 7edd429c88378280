"""Shared pieces of the command line: options, opening the store, printing.

Every listing command prints a rich table for people and, with ``--json``,
one JSON object per line for scripts.  Keeping that choice in one place makes
all commands behave the same way.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from newsdesk.desk import Desk
from newsdesk.store import StoreUnavailable, UnknownDatabase, default_db_path, parse_db

# C0 and C1 control characters except tab and newline (and DEL): article text, titles and file names may carry
# escape sequences that would clear the screen, retitle the window or rewrite what was printed before.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What JSON leaves raw with ensure_ascii=False and a terminal still obeys: C1 controls (CSI is \x9b), DEL.
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def inert(text: str) -> str:
    """``text`` without C0/C1 control characters (tab and newline stay): safe to print to a terminal."""
    return _CONTROLS.sub("", text)


def inert_json(text: str) -> str:
    """JSON text with the control characters JSON leaves raw written as escapes (only strings can hold them)."""
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_line(data: Any) -> str:
    """``data`` as one JSON line that is inert on a terminal."""
    return inert_json(json.dumps(data, ensure_ascii=False, default=str))


class InertConsole(Console):
    """A rich console that prints no control characters from the text it is given.

    Every string rich prints (arguments, table cells, titles, rules) passes
    through :meth:`render_str`, so stripping there covers them all, while the
    console's own styling escapes, added later, still work.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(inert(text), **kwargs)


# Piped output (make run, CI logs) gets a readable width instead of rich's 80-column default.
console = InertConsole(width=None if sys.stdout.isatty() else 140)
err_console = InertConsole(stderr=True)


@contextlib.contextmanager
def progress_bar(
    description: str, total: int | Callable[[], int], *, hidden: bool = False
) -> Iterator[Callable[[str, str], None]]:
    """A progress bar on stderr, advanced by calling what it yields as ``Desk.ingest`` calls ``on_item``.

    Nothing is shown when ``hidden`` or when stderr is not a terminal;
    ``total`` may be a function (counting files), called only when shown.
    """
    if hidden or not err_console.is_terminal:
        yield lambda source, outcome: None
        return
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(description, total=total() if callable(total) else total)
        yield lambda source, outcome: progress.advance(task)


DbOption = Annotated[
    str | None,  # not Path: it would fold postgresql://host into postgresql:/host
    typer.Option(
        "--db",
        help="Database: a SQLite file or postgresql://user@host:port/dbname (default: $NEWSDESK_DB or ./newsdesk.db).",
        show_default=False,
        callback=lambda value: check_db(value),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON lines instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
StoryOption = Annotated[int | None, typer.Option("--story", help="Only this story (see `newsdesk stories`).")]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow URLs on private, loopback or link-local addresses.")
]
EditorOption = Annotated[
    str | None,
    typer.Option("--editor", help="Who makes the correction (default: $NEWSDESK_EDITOR or your login name)."),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        help="Processes for per-report analysis (0: one per CPU core; the pool starts once a batch is full).", min=0
    ),
]


def check_db(value: str | None) -> str | None:
    """``--db`` (or ``$NEWSDESK_DB`` when not given): a SQLite path or a postgresql:// URL, else a usage error."""
    try:
        parse_db(value or default_db_path())
    except UnknownDatabase as exc:
        raise typer.BadParameter(str(exc), param_hint="'--db' / NEWSDESK_DB") from exc
    return value


def open_desk(db: Path | str | None, *, must_exist: bool = True) -> Desk:
    """Open the desk, with a helpful error when there is nothing to read yet or the server cannot be reached."""
    path = str(db) if db else default_db_path()
    try:
        backend, target = parse_db(path)
    except UnknownDatabase as exc:
        err_console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc
    if must_exist and backend == "sqlite" and target != ":memory:" and not Path(target).exists():
        err_console.print(
            f"[red]No database at {escape(target)}.[/red] Run [bold]newsdesk ingest SOURCE[/bold] first, "
            "or point --db / NEWSDESK_DB at an existing file."
        )
        raise typer.Exit(2)
    try:
        return Desk(path)
    except StoreUnavailable as exc:
        err_console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list | tuple | set):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def emit(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    as_json: bool,
    title: str | None = None,
) -> None:
    """Print rows as a table, or as JSON lines with every field when ``as_json``."""
    rows = list(rows)
    if as_json:
        for row in rows:
            sys.stdout.write(json_line(dict(row)) + "\n")
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(_cell(row.get(col)) for col in columns))
    console.print(table)
    if not rows:
        console.print("[dim]Nothing to show.[/dim]")


def print_json(data: Any) -> None:
    """One JSON object on one line (JSON lines, like every listing's ``--json``)."""
    sys.stdout.write(json_line(data) + "\n")


def require_story(desk: Desk, story_id: int) -> int:
    """The live story to show for ``story_id`` (a merged story's id leads to the story it became)."""
    live = desk.live_story(story_id)
    if live is None:
        err_console.print(f"[red]No story {story_id}.[/red] List them with `newsdesk stories`.")
        raise typer.Exit(2)
    if live != story_id:
        err_console.print(f"Story {story_id} was merged into story {live}; showing story {live}.")
    return live
