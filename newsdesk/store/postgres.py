"""The store in a PostgreSQL database: for a team, several writers and many readers.

``Store("postgresql://user@host:5432/news")`` gives a :class:`PostgresStore`;
everything else in the code base is the same as with SQLite (see
:mod:`newsdesk.store.pgconn` for how the one ``store.db.execute`` interface is
kept).  Connections come from one psycopg pool per URL and process, so a
``Store`` per web request costs a pool checkout, not a new connection.
Needs the ``scale`` extra (``pip install 'newsdesk[scale]'``).
"""

from __future__ import annotations

import atexit
import os
import threading
from typing import Any

from newsdesk.store.dialect import SchemaInfo, Translator
from newsdesk.store.schema import ALL, Migration, split_sql
from newsdesk.store.sqlite import Store
from newsdesk.store.textsearch import has_pgvector, pgvector_literal
from newsdesk.store.url import StoreUnavailable, redact

try:
    import psycopg
    from psycopg.adapt import Dumper, Loader
    from psycopg.types.numeric import Int8Dumper
    from psycopg_pool import ConnectionPool

    from newsdesk.store.pgconn import META, WRITER_LOCK, PgConnection, _row_factory
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]
    _MISSING: ImportError | None = exc
else:
    _MISSING = None

POOL_SIZE = int(os.environ.get("NEWSDESK_PG_POOL", "10"))  # connections per process and database
CONNECT_TIMEOUT = 10  # seconds


class _Pool:
    """A URL's connections, translator and what is known of its schema, shared by the stores of a process."""

    def __init__(self, url: str) -> None:
        self.pid = os.getpid()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True},
            configure=_configure,
            open=True,
            name=f"newsdesk {redact(url)}",
        )
        self.translator = Translator()
        self.version = -1  # schema version the translator's SchemaInfo was read at
        self.lock = threading.Lock()


_pools: dict[str, _Pool] = {}
_pools_lock = threading.Lock()


def _pool(url: str) -> _Pool:
    if _MISSING is not None:
        raise StoreUnavailable(
            "a postgresql:// database needs psycopg and psycopg_pool: pip install 'newsdesk[scale]'"
        ) from _MISSING
    with _pools_lock:
        found = _pools.get(url)
        if found is None or found.pid != os.getpid():  # a forked child never shares its parent's sockets
            try:  # one direct connection first: the pool would only retry in the background and time out
                psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
            except psycopg.Error as exc:
                raise StoreUnavailable(f"cannot connect to {redact(url)}: {str(exc).strip()}") from exc
            found = _pools[url] = _Pool(url)
        return found


@atexit.register
def _close_pools() -> None:
    for entry in list(_pools.values()):
        if entry.pid == os.getpid():
            entry.pool.close(timeout=1)
    _pools.clear()


if _MISSING is None:

    class _BoolDumper(Dumper):
        """True/False as 1/0 in an integer column, as SQLite stores them."""

        oid = psycopg.postgres.types["int8"].oid

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class _NumericLoader(Loader):
        """numeric (what SUM and AVG of integers give) as int or float, as SQLite returns them, never Decimal."""

        def load(self, data: Any) -> Any:
            text = bytes(data).decode()
            return float(text) if any(c in text for c in ".eEN") else int(text)


def _configure(conn: Any) -> None:
    conn.row_factory = _row_factory
    conn.adapters.register_dumper(int, Int8Dumper)  # never int2: SQLite arithmetic is 64-bit
    conn.adapters.register_dumper(bool, _BoolDumper)
    conn.adapters.register_loader("numeric", _NumericLoader)


class PostgresStore(Store):
    """A :class:`Store` over a PostgreSQL database (made by ``Store(url)``; see the module docstring)."""

    backend = "postgresql"

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:  # noqa: D107 - see Store
        from newsdesk.store.url import parse_db

        self.path = parse_db(os.fspath(path))[1] if path is not None else ""
        self._entry = _pool(self.path)
        self._conn = self._entry.pool.getconn()
        try:
            self.db = PgConnection(self._conn, self._entry.translator)  # type: ignore[assignment]
            self._prepare()
        except BaseException:
            self._entry.pool.putconn(self._conn)
            raise

    @property
    def where(self) -> str:
        return redact(self.path)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if not conn.closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.rollback()
        self._entry.pool.putconn(conn)

    @property
    def schema_version(self) -> int:
        return self.db.meta("schema_version")

    def data_version(self) -> int:
        return self.db.data_version()

    def _prepare(self) -> None:
        """Create the bookkeeping table, migrate, and read the schema the translator needs (once per pool)."""
        entry = self._entry
        with entry.lock:
            if entry.version == len(ALL):
                return
            exists = self.db.conn.execute(f"SELECT to_regclass('{META}') IS NOT NULL").fetchone()[0]
            if not exists:
                with self.transaction():
                    self.db.conn.execute(
                        f"CREATE TABLE IF NOT EXISTS {META} (key TEXT PRIMARY KEY, value BIGINT NOT NULL)"
                    )
                    self.db.conn.execute(
                        f"INSERT INTO {META} (key, value) VALUES ('schema_version', 0), ('writes', 0) "
                        "ON CONFLICT (key) DO NOTHING"
                    )
            self.migrate()
            entry.version = self.schema_version

    def migrate(self) -> None:
        super().migrate()
        self._entry.translator.schema = read_schema(self.db.conn)

    def set_report_vector(self, report_id: str, encoder: str, hash_: str) -> None:
        """As in SQLite, and with pgvector also the vector itself, which semantic search then ranks in SQL."""
        if not has_pgvector(self):
            super().set_report_vector(report_id, encoder, hash_)
            return
        vector = self.get_vectors(encoder, [hash_]).get(hash_)
        self.db.execute(
            "INSERT OR REPLACE INTO report_vectors (report_id, encoder, hash, embedding) VALUES (?,?,?,?::vector)",
            (report_id, encoder, hash_, pgvector_literal(vector) if vector is not None else None),
        )

    def _apply(self, migration: Migration) -> None:
        if migration.postgresql is not None:
            self.db.run_script(migration.postgresql)
            return
        for statement in split_sql(migration.sql):
            self.db.execute(statement)
            if statement.lstrip().upper().startswith(("CREATE TABLE", "ALTER TABLE")):
                self._entry.translator.schema = read_schema(self.db.conn)  # later statements may REPLACE into it


def read_schema(conn: Any) -> SchemaInfo:
    """Primary keys, identity columns, column lists and always-NOT-NULL column names of the current schema."""
    info = SchemaInfo()
    nullable: set[str] = set()
    for table, column, not_null, identity in conn.execute(
        """SELECT c.relname, a.attname, a.attnotnull, a.attidentity FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
           ORDER BY c.relname, a.attnum"""
    ):
        info.columns.setdefault(table, []).append(column)
        if identity:
            info.identity[table] = column
        (info.never_null.add if not_null else nullable.add)(column)
    info.never_null -= nullable
    for table, column in conn.execute(
        """SELECT c.relname, a.attname FROM pg_index i
           JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
           WHERE i.indisprimary AND n.nspname = current_schema()
           ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)"""
    ):
        info.primary_keys.setdefault(table, []).append(column)
    return info


def close_pool(url: str) -> None:
    """Close this process's connections to ``url`` (before dropping the database, or to free them early)."""
    from newsdesk.store.url import parse_db

    entry = _pools.pop(parse_db(url)[1], None)
    if entry is not None and entry.pid == os.getpid():
        entry.pool.close(timeout=1)


__all__ = ["PostgresStore", "WRITER_LOCK", "close_pool", "read_schema"]
