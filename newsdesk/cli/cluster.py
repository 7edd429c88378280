"""``newsdesk cluster INPUT.jsonl``: which story and topic each report belongs to.

Input lines are ``{"id", "title"?, "text" or "html", "lang"?, "date"?,
"outlet"?, "url"?}``; each output row is ``{"id", "story", "topic"}`` (and
``error`` for a line that failed, named by the record's own id where it has
one, else by ``FILE#LINE``), in input order: a table, or JSON lines with
``--json``.  The whole pipeline runs (the same code as ``newsdesk ingest``),
online, in input order, in a temporary store unless ``--db`` names one; a
report whose content is already stored (an exact re-post) gets the story of
the stored copy.  Story views (what ``stories`` and the web pages show) are
built only in a store named by ``--db``: a temporary one is never read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.common import DbOption, JsonOption, WorkersOption, emit, err_console
from newsdesk.desk import scratch_desk
from newsdesk.sources.items import items_from_bytes, iter_source


def cluster(
    input: Annotated[Path, typer.Argument(help="JSONL file of reports, or '-' for stdin.")],
    db: DbOption = None,
    workers: WorkersOption = 0,
    json_: JsonOption = False,
) -> None:
    """Group reports into event stories and topics: one row per input report, in input order."""
    if str(input) == "-":
        items = list(items_from_bytes(sys.stdin.buffer.read(), "stdin.jsonl"))
    elif input.exists():
        items = list(iter_source(str(input)))
    else:
        err_console.print(f"[red]No such file: {input}[/red]")
        raise typer.Exit(2)
    with scratch_desk(db) as desk:
        rows = desk.cluster(items, workers=workers, views=db is not None)  # a temporary store's views go unread
    emit(rows, ["id", "story", "topic", "error"], json_, title="Stories")
