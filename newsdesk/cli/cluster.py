"""``newsdesk cluster INPUT.jsonl``: which story and topic each report belongs to.

Input lines are ``{"id", "title"?, "text" or "html", "lang"?, "date"?,
"outlet"?, "url"?}``; output is one JSON line per input line,
``{"id", "story", "topic"}``, in input order.  The whole pipeline runs (the
same code as ``newsdesk ingest``), online, in input order, in a temporary
store unless ``--db`` names one; a report whose content is already stored
(an exact re-post) gets the story of the stored copy.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.common import DbOption, WorkersOption, err_console
from newsdesk.model import ItemError, RawReport
from newsdesk.pipeline import identity_of, ingest
from newsdesk.sources.items import items_from_bytes, iter_source
from newsdesk.store import Store


def _report_for(store: Store, raw: RawReport) -> str | None:
    rid = store.report_id_for(identity_of(raw))
    if rid is not None:
        return rid
    row = store.db.execute("SELECT report_id FROM revisions WHERE content_hash=?", (raw.content_hash(),)).fetchone()
    return row[0] if row else None


def cluster_items(store: Store, items: Iterable[RawReport | ItemError], workers: int = 1) -> list[dict[str, Any]]:
    """Ingest ``items`` into ``store`` and return ``{"id", "story", "topic"}`` per item, in order.

    Items that fail get ``story`` and ``topic`` None and an ``error``.
    """
    items = list(items)
    result = ingest(store, items, workers=workers)
    errors = {e.source: e.reason for e in result.errors}
    rows = []
    for item in items:
        if isinstance(item, ItemError):
            rows.append({"id": item.source, "story": None, "topic": None, "error": item.reason})
            continue
        rid = _report_for(store, item)
        story = store.story_of(rid) if rid else None
        topic = None
        if story is not None:
            topic = store.db.execute("SELECT topic FROM stories WHERE id=?", (story,)).fetchone()[0]
        row: dict[str, Any] = {"id": item.id or item.source, "story": story, "topic": topic}
        if item.source in errors:
            row["error"] = errors[item.source]
        rows.append(row)
    return rows


def cluster(
    input: Annotated[Path, typer.Argument(help="JSONL file of reports, or '-' for stdin.")],
    db: DbOption = None,
    workers: WorkersOption = 0,
) -> None:
    """Group reports into event stories and topics; print one JSON line per report."""
    if str(input) == "-":
        items = list(items_from_bytes(sys.stdin.buffer.read(), "stdin.jsonl"))
    elif input.exists():
        items = list(iter_source(str(input)))
    else:
        err_console.print(f"[red]No such file: {input}[/red]")
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "cluster.db"
        with Store(path) as store:
            for row in cluster_items(store, items, workers=workers):
                print(json.dumps(row, ensure_ascii=False))
