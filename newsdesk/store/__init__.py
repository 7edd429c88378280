"""The store: every stage's output, persisted; the source of truth for every view.

A SQLite file by default; PostgreSQL for a ``postgresql://`` URL (see ``postgres.py``).
"""

from newsdesk.store.schema import MIGRATIONS
from newsdesk.store.sqlite import Store, now
from newsdesk.store.url import DEFAULT_DB, StoreUnavailable, UnknownDatabase, default_db_path, parse_db

__all__ = [
    "MIGRATIONS",
    "DEFAULT_DB",
    "Store",
    "StoreUnavailable",
    "UnknownDatabase",
    "default_db_path",
    "now",
    "parse_db",
]
