"""``ingest --workers 2`` builds exactly the store that the serial run builds.

Per-report analysis runs in a process pool, but storing, entity resolution,
links and story assignment happen in the main process in input order, so
every table (reports, paragraphs, mentions, quotes, figures, entities,
vectors, links, stories, ...) must come out identical, timestamps aside.
The comparison is generic over the schema, so tables added later are covered
too.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from newsdesk.pipeline import ingest
from newsdesk.sources import iter_sources
from newsdesk.store import Store
from newsdesk.views.story import refresh_views

_TIME_COLUMN = re.compile(r"(^|_)at$")  # ingested_at, created_at, updated_at, at: wall-clock stamps
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")  # the same, inside stored JSON (story views)


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the FTS shadow tables, without wall-clock columns, sorted."""
    with sqlite3.connect(db) as con:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if not name.startswith("sqlite_") and "_fts" not in name
        ]
        out = {}
        for table in tables:
            columns = [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]
            kept = [c for c in columns if not _TIME_COLUMN.search(c)]
            rows = con.execute(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in kept)} FROM "{table}"')
            out[table] = sorted(
                (tuple(_STAMP.sub("T", v) if isinstance(v, str) else v for v in r) for r in rows), key=repr
            )
    return out


def _ingest(db: Path, sample_dir: Path, workers: int) -> None:
    with Store(db) as store:
        # Small batches: results must also cross batch boundaries in input order.  Views are rebuilt
        # after each stored batch, as Desk.ingest does (quote links are stored as views are built).
        result = ingest(
            store,
            iter_sources([str(sample_dir)]),
            workers=workers,
            chunk=5,
            on_batch=lambda since: refresh_views(store, since),
        )
    assert not result.errors, result.errors


@pytest.mark.slow
def test_two_workers_give_the_serial_store(sample_dir: Path, tmp_path: Path):
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    _ingest(serial, sample_dir, workers=1)
    _ingest(parallel, sample_dir, workers=2)

    serial_tables, parallel_tables = dump(serial), dump(parallel)
    assert serial_tables.keys() == parallel_tables.keys()
    for table in ("reports", "paragraphs", "mentions", "quotes", "figures", "entities", "story_reports", "story_views"):
        assert serial_tables[table], f"the sample should fill {table}, else this test proves nothing"
    for table, rows in serial_tables.items():
        assert parallel_tables[table] == rows, f"table {table} differs between --workers 1 and --workers 2"
