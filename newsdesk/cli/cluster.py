"""``newsdesk cluster INPUT.jsonl``: which story and topic each report belongs to.

Input lines are ``{"id", "title"?, "text" or "html", "lang"?, "date"?,
"outlet"?, "url"?}``; each output row is ``{"id", "story", "topic"}`` (and
``error`` for a line that failed, named by the record's own id where it has
one, else by ``FILE#LINE``), in input order: a table, or JSON lines with
``--json``.  The whole pipeline runs (the same code as ``newsdesk ingest``)
in a temporary store unless ``--db`` names one; a report whose content is
already stored (an exact re-post) gets the story of the stored copy.  Story
views (what ``stories`` and the web pages show) are built only in a store
named by ``--db``: a temporary one is never read.

Clustering is online, in input order, as ``newsdesk ingest`` files reports,
so another order of the same input can give other stories.  ``--orders N``
clusters the batch in N orders made from the reports alone and keeps two
reports together where more than half of the orders do
(:mod:`newsdesk.stories.consensus`): any order of the input then gives the
same stories, numbered 1, 2, ... in input order, as are topics.  Not the
default: the story model's thresholds are fitted for one pass, and out of
fold one pass in the files' own order scores higher (docs/quality.md).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.common import DbOption, JsonOption, QuietOption, WorkersOption, emit, err_console, progress_bar
from newsdesk.desk import cluster_in_orders, scratch_desk
from newsdesk.sources.items import items_from_bytes, iter_source
from newsdesk.stories.consensus import ORDERS


def cluster(
    input: Annotated[Path, typer.Argument(help="JSONL file of reports, or '-' for stdin.")],
    db: DbOption = None,
    workers: WorkersOption = 0,
    json_: JsonOption = False,
    orders: Annotated[
        int,
        typer.Option(
            "--orders",
            min=1,
            help=f"Cluster the batch in this many orders of its own (e.g. {ORDERS}) and keep the stories most of "
            "them agree on, so the input's order does not matter; each order costs a placement of every report.  "
            "Not with --db.",
        ),
    ] = 1,
    quiet: QuietOption = False,
) -> None:
    """Group reports into event stories and topics: one row per input report, in input order."""
    if orders > 1 and db is not None:
        err_console.print("[red]--orders clusters in temporary stores: leave out --db, or use --orders 1.[/red]")
        raise typer.Exit(2)
    if str(input) == "-":
        items = list(items_from_bytes(sys.stdin.buffer.read(), "stdin.jsonl"))
    elif input.exists():
        items = list(iter_source(str(input)))
    else:
        err_console.print(f"[red]No such file: {input}[/red]")
        raise typer.Exit(2)
    with progress_bar("Clustering", len(items) * orders, hidden=quiet or json_) as advance:
        if orders > 1:
            rows = cluster_in_orders(items, orders, workers=workers, on_item=advance)
        else:
            with scratch_desk(db) as desk:  # a temporary store's views go unread
                rows = desk.cluster(items, workers=workers, views=db is not None, on_item=advance)
    emit(rows, ["id", "story", "topic", "error"], json_, title="Stories")
