"""A PostgreSQL connection with the surface of a ``sqlite3.Connection`` as the store uses it.

Modules run ``store.db.execute(sql, params)`` with SQLite SQL and read rows
as ``row["col"]`` or ``row[0]``.  :class:`PgConnection` keeps that one
interface: it translates each statement (:mod:`newsdesk.store.dialect`), returns
:class:`Row` objects that index by name and position, reports ``lastrowid``
and ``rowcount``, and raises subclasses of sqlite3's exceptions so existing
``except sqlite3.IntegrityError`` clauses keep working.

Several writers: ``BEGIN`` (the store's ``BEGIN IMMEDIATE``) also takes a
transaction-scoped advisory lock, the same one in every process writing to the
database, so write transactions run one at a time, as with SQLite.  Why a lock
and not SERIALIZABLE: placing a report reads much of the story index and
caches (story centroids, entity and evidence caches) that live in process
memory; a serialisation failure would roll back the rows but not those caches,
and a retry would have to redo placement from scratch.  Under the lock the
transaction sees every earlier commit (READ COMMITTED takes a snapshot per
statement, and the lock is taken first), so placement decides on the current
stories, and two processes can never interleave the steps of a story merge.
What runs in parallel is the expensive part, the per-report analysis.

``PRAGMA data_version`` (how SQLite tells a connection that another one has
committed, so in-memory indexes reload) is emulated with a counter row bumped
by every write transaction just before it commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import pq

from newsdesk.store.dialect import Translated, Translator

# pg_advisory_xact_lock key for "the writer": any 64-bit number newsdesk alone uses ("newsdesk" in ASCII).
WRITER_LOCK = 0x6E65777364657368 & 0x7FFFFFFFFFFFFFFF
META = "newsdesk_meta"


class PgIntegrityError(sqlite3.IntegrityError):
    """A PostgreSQL integrity error (unique, foreign key, not null), catchable as SQLite's."""


class PgOperationalError(sqlite3.OperationalError):
    """A PostgreSQL error in a statement or the connection, catchable as SQLite's."""


class PgDatabaseError(sqlite3.DatabaseError):
    """Any other PostgreSQL error, catchable as SQLite's."""


def _mapped(exc: psycopg.Error) -> sqlite3.DatabaseError:
    if isinstance(exc, psycopg.IntegrityError):
        return PgIntegrityError(str(exc))
    if isinstance(exc, psycopg.ProgrammingError | psycopg.OperationalError):
        return PgOperationalError(str(exc))
    return PgDatabaseError(str(exc))


class Row(Sequence[Any]):
    """A result row: ``row[0]``, ``row["name"]`` (case-insensitive, as sqlite3.Row), ``keys()``, ``dict(row)``."""

    __slots__ = ("_values", "_names", "_index")

    def __init__(self, values: Sequence[Any], names: list[str], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._names = names
        self._index = index

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            at = self._index.get(key)
            if at is None:
                at = self._index.get(key.lower())
                if at is None:
                    raise IndexError(f"No item with that key: {key!r}")
            return self._values[at]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values and self._names == other._names
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values, strict=True))!r})"


def _index(names: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    for i, name in enumerate(names):
        index.setdefault(name.lower(), i)
    return index


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    names = [c.name for c in cursor.description or ()]
    index = _index(names)
    return lambda values: Row(values, names, index)


def one_row(**values: Any) -> Row:
    """A row made here rather than read (the answers of emulated PRAGMAs)."""
    names = list(values)
    return Row(list(values.values()), names, _index(names))


class Cursor:
    """What ``execute`` returns: rows to iterate or fetch, ``description``, ``rowcount``, ``lastrowid``."""

    def __init__(self, cursor: psycopg.Cursor[Any] | None, lastrowid: int | None = None, rows: list[Any] | None = None):
        self._cursor = cursor
        self._rows = rows
        self.lastrowid = lastrowid

    @property
    def description(self) -> Any:
        return self._cursor.description if self._cursor is not None else None

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount if self._cursor is not None else -1

    def fetchone(self) -> Any:
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        if self._cursor is None or self._cursor.description is None:
            return None
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        if self._cursor is None or self._cursor.description is None:
            return []
        return self._cursor.fetchall()

    def fetchmany(self, size: int = 1) -> list[Any]:
        return [row for row in (self.fetchone() for _ in range(size)) if row is not None]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """One pooled psycopg connection (autocommit; transactions are explicit BEGIN ... COMMIT)."""

    def __init__(self, conn: psycopg.Connection[Any], translator: Translator) -> None:
        self.conn = conn
        self.translator = translator
        self._wrote = False
        self._seen: int | None = None  # the write counter as this connection last saw it
        self._version = 0

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        head = sql.lstrip()[:24].upper()
        if head.startswith("PRAGMA"):
            return self._pragma(sql)
        if head.startswith("BEGIN"):
            self._run("BEGIN")
            self._run("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            self._wrote = False
            return Cursor(None)
        if head.startswith(("COMMIT", "END")):
            if self._wrote:
                self._bump()
            self._run("COMMIT")
            return Cursor(None)
        if head.startswith("ROLLBACK") and "TO" not in head.split():
            self._run("ROLLBACK")
            return Cursor(None)
        plan = self.translator.translate(sql, params=bool(params))
        if plan.write and not self.in_transaction:  # one statement: its own locked transaction, as in SQLite
            self.execute("BEGIN")
            try:
                cursor = self._statement(plan, params)
            except BaseException:
                self._run("ROLLBACK")
                raise
            self._wrote = True
            self.execute("COMMIT")
            return cursor
        self._wrote = self._wrote or plan.write
        return self._statement(plan, params)

    def _statement(self, plan: Translated, params: Sequence[Any] | dict[str, Any]) -> Cursor:
        cursor = self._run(plan.sql, params or None)
        if plan.sets_identity:
            self._follow_identity(*plan.sets_identity)
        if plan.returning is None:
            return Cursor(cursor)
        row = cursor.fetchone() if cursor.description is not None else None
        return Cursor(cursor, row[0] if row is not None else None, rows=[])

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        rows = list(seq)
        if not rows:
            return Cursor(None)
        plan = self.translator.translate(sql, params=True)
        text = plan.sql
        if plan.returning is not None:
            text = text[: text.rindex(" RETURNING ")]
        if not self.in_transaction:
            self.execute("BEGIN")
            try:
                cursor = self._many(text, rows, plan.sets_identity)
            except BaseException:
                self._run("ROLLBACK")
                raise
            self._wrote = True
            self.execute("COMMIT")
            return Cursor(cursor)
        self._wrote = True
        return Cursor(self._many(text, rows, plan.sets_identity))

    def _follow_identity(self, table: str, column: str) -> None:
        """After an explicit id: the next generated one follows the largest, as SQLite's would (under the writer lock)."""
        self._run(
            f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX("{column}"), 0) + 1, false) FROM "{table}"',
            (table, column),
        )

    def _many(self, sql: str, rows: list[Sequence[Any]], identity: tuple[str, str] | None) -> psycopg.Cursor[Any]:
        cursor = self.conn.cursor()
        try:
            cursor.executemany(sql, rows)
        except psycopg.Error as exc:
            raise _mapped(exc) from exc
        if identity:
            self._follow_identity(*identity)
        return cursor

    def _run(self, sql: str, params: Any = None) -> psycopg.Cursor[Any]:
        try:
            return self.conn.execute(sql, params)
        except psycopg.Error as exc:
            raise _mapped(exc) from exc

    def run_script(self, script: str) -> None:
        """Run PostgreSQL SQL as written (a migration variant): several statements, no parameters."""
        self._wrote = True
        self._run(script)

    # -- PRAGMAs -----------------------------------------------------------------------
    def _pragma(self, sql: str) -> Cursor:
        text = sql.strip().rstrip(";")[len("PRAGMA") :].strip()
        name, _, value = text.partition("=")
        name = name.strip().lower()
        if name == "user_version":
            if value:
                self.set_meta("schema_version", int(value))
                return Cursor(None)
            return Cursor(None, rows=[one_row(user_version=self.meta("schema_version"))])
        if name == "data_version":
            return Cursor(None, rows=[one_row(data_version=self.data_version())])
        if name.startswith("table_info"):
            table = name.partition("(")[2].rstrip(")").strip().strip("'\"")
            return self.execute(
                """SELECT ordinal_position - 1 AS cid, column_name AS name, data_type AS type,
                          CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS notnull, column_default AS dflt_value, 0 AS pk
                   FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?
                   ORDER BY ordinal_position""",
                (table,),
            )
        return Cursor(None, rows=[])  # journal_mode, synchronous, foreign_keys, optimize...: nothing to do here

    def meta(self, key: str) -> int:
        row = self._run(f"SELECT value FROM {META} WHERE key = %s", (key,)).fetchone()
        return int(row[0]) if row else 0

    def set_meta(self, key: str, value: int) -> None:
        self._run(
            f"INSERT INTO {META} (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (key, value),
        )

    def data_version(self) -> int:
        """Changes when another connection has committed a write since the last call (SQLite's data_version)."""
        seen = self.meta("writes")
        if seen != self._seen:
            self._seen = seen
            self._version += 1
        return self._version

    def _bump(self) -> None:
        row = self._run(f"UPDATE {META} SET value = value + 1 WHERE key = 'writes' RETURNING value").fetchone()
        new = int(row[0])
        if self._seen is not None and new == self._seen + 1:
            self._seen = new  # only our own write since we last looked: not a change for data_version
