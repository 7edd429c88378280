"""Hand corrections: merge, split, move, rename, quote --speaker, undo, and the edit log (``edits``).

Each prints the edit it recorded (a table, or one JSON line with ``--json``).
Corrections bind later automatic decisions: see newsdesk/stories/constraints.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdesk.cli.common import DbOption, EditorOption, JsonOption, StoryOption, emit, err_console, open_desk
from newsdesk.desk import Desk
from newsdesk.model import Edit
from newsdesk.stories.edits import EditError

StoryArg = Annotated[int, typer.Argument(metavar="STORY", help="Story id (see `newsdesk stories`).")]
_COLUMNS = ["edit", "at", "editor", "action", "story", "what"]


def _row(edit: Edit) -> dict[str, Any]:
    return {"edit": edit.id, **asdict(edit), "what": edit.describe()}


def _run(db: Any, json_: bool, make: Callable[[Desk], Edit]) -> None:
    with open_desk(db) as desk:
        try:
            edit = make(desk)
        except EditError as exc:
            err_console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(2) from exc
    emit([_row(edit)], _COLUMNS, json_, title="Recorded")


def merge(
    story: StoryArg,
    other: Annotated[int, typer.Argument(metavar="OTHER", help="The story merged into STORY.")],
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Merge story OTHER into STORY: one event from now on, whatever later reports suggest."""
    _run(db, json_, lambda desk: desk.merge(story, other, editor=editor))


def split(
    story: StoryArg,
    reports: Annotated[list[str], typer.Argument(metavar="REPORT...", help="Reports to take out into a new story.")],
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Take reports out of a story into a new one; they are never put back by automatic placement."""
    _run(db, json_, lambda desk: desk.split(story, reports, editor=editor))


def move(
    report: Annotated[str, typer.Argument(metavar="REPORT", help="Report id (see `newsdesk reports`).")],
    story: StoryArg,
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Move a report to another story, where it stays."""
    _run(db, json_, lambda desk: desk.move(report, story, editor=editor))


def rename(
    story: StoryArg,
    label: Annotated[str, typer.Argument(metavar="LABEL", help="The story's new label.")],
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Give a story a label of your own (automatic relabelling keeps it)."""
    _run(db, json_, lambda desk: desk.rename(story, label, editor=editor))


def quote(
    quote_id: Annotated[int, typer.Argument(metavar="QUOTE", help="Quote id (see `newsdesk quotes`).")],
    speaker: Annotated[str, typer.Option(help='Who said it ("" for unattributed).')],
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Fix who said a quote."""
    _run(db, json_, lambda desk: desk.set_speaker(quote_id, speaker, editor=editor))


def undo(
    edit: Annotated[
        int | None, typer.Argument(metavar="[EDIT]", help="Edit id (default: the latest in force).")
    ] = None,
    editor: EditorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Undo a correction (see `newsdesk edits`); automatic placement is free again where it bound it."""
    _run(db, json_, lambda desk: desk.undo(edit, editor=editor))


def edits(story: StoryOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """The edit log: every correction with who made it and when (and what undid it)."""
    with open_desk(db) as desk:
        rows = [_row(e) for e in desk.edits(story=story)]
    emit(rows, _COLUMNS, json_, title="Edits")
