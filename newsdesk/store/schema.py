"""The schema: one SQL file per version in ``migrations/``, applied in order, for every backend.

A database records the version it is at (SQLite: ``PRAGMA user_version``;
PostgreSQL: the ``newsdesk_meta`` row ``schema_version``) and runs the scripts
after it.  Add a file with the next number; never edit an old one, since
databases in the field have already run it.

One file serves both backends.  Write it in SQLite's SQL, as the rest of the
code is written: PostgreSQL runs it through :mod:`newsdesk.store.dialect`,
which maps the types (INTEGER -> BIGINT, REAL -> DOUBLE PRECISION, BLOB ->
BYTEA, TEXT -> TEXT COLLATE "C" so text sorts as in SQLite), turns ``INTEGER
PRIMARY KEY`` into an identity column and gives every other table the
``rowid`` column SQLite has implicitly.  Where a statement cannot be portable
(FTS5 virtual tables and their triggers, PL/pgSQL), put the PostgreSQL version
of the whole migration next to it as ``NNNN_name.postgresql.sql``: that file,
written in PostgreSQL's own SQL and run as written, replaces ``NNNN_name.sql``
on PostgreSQL.  A per-file variant rather than per-statement markers keeps each
file one dialect, readable and runnable as it stands (``psql -f``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import resources

VARIANT = ".postgresql.sql"


@dataclass(frozen=True)
class Migration:
    """One schema version: the SQLite script and, when it has one, the PostgreSQL variant."""

    number: int
    name: str
    sql: str
    postgresql: str | None = None


def _load() -> list[Migration]:
    folder = resources.files("newsdesk.store").joinpath("migrations")
    texts = {f.name: f.read_text("utf-8") for f in folder.iterdir() if f.name.endswith(".sql")}
    base = sorted(name for name in texts if not name.endswith(VARIANT))
    numbers = [int(name.split("_", 1)[0]) for name in base]
    if numbers != list(range(1, len(base) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {numbers}")
    orphans = {name for name in texts if name.endswith(VARIANT)} - {n.removesuffix(".sql") + VARIANT for n in base}
    if orphans:
        raise RuntimeError(f"PostgreSQL variants without a migration of the same name: {sorted(orphans)}")
    return [
        Migration(number, name, texts[name], texts.get(name.removesuffix(".sql") + VARIANT))
        for number, name in zip(numbers, base, strict=True)
    ]


ALL: list[Migration] = _load()
MIGRATIONS: list[str] = [m.sql for m in ALL]  # the SQLite scripts, in order


def split_sql(script: str) -> list[str]:
    """Split a SQLite migration into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements
