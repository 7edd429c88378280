"""The schema: one SQL file per version in ``migrations/``, applied in order.

A database records the version it is at (SQLite: ``PRAGMA user_version``) and
runs the scripts after it.  Add a file with the next number; never edit an old
one, since databases in the field have already run it.
"""

from __future__ import annotations

import sqlite3
from importlib import resources


def _load() -> list[str]:
    folder = resources.files("newsdesk.store").joinpath("migrations")
    files = sorted(f for f in folder.iterdir() if f.name.endswith(".sql"))
    numbers = [int(f.name.split("_", 1)[0]) for f in files]
    if numbers != list(range(1, len(files) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {numbers}")
    return [f.read_text("utf-8") for f in files]


MIGRATIONS: list[str] = _load()


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
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
