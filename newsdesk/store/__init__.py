"""The store: every stage's output, persisted; the source of truth for every view."""

from newsdesk.store.schema import MIGRATIONS
from newsdesk.store.sqlite import DEFAULT_DB, Store, default_db_path, now

__all__ = ["MIGRATIONS", "DEFAULT_DB", "Store", "default_db_path", "now"]
