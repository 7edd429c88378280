"""Which backend a ``--db`` value names: a SQLite file (the zero-setup default) or a PostgreSQL server.

``--db`` and ``NEWSDESK_DB`` take a path (``news.db``), ``:memory:``, ``sqlite:///path`` or
``postgresql://user[:password]@host[:port]/dbname`` (``postgres://`` too).  Anything else that looks
like a URL is an error: silently creating a SQLite file named ``postgresql:`` (what a bare path
reading did) hides the mistake until someone wonders where the data went.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

SQLITE, POSTGRESQL = "sqlite", "postgresql"
DEFAULT_DB = "newsdesk.db"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


def default_db_path() -> str:
    """The database a command uses without ``--db``: ``NEWSDESK_DB``, else newsdesk.db here."""
    return os.environ.get("NEWSDESK_DB", DEFAULT_DB)


class UnknownDatabase(ValueError):
    """A ``--db`` value with a URL scheme newsdesk cannot store in."""


class StoreUnavailable(RuntimeError):
    """The database cannot be opened: its server does not answer, or its driver is not installed."""


def parse_db(db: str | os.PathLike[str]) -> tuple[str, str]:
    """(backend, target): the SQLite path, or the PostgreSQL URL (normalised to ``postgresql://``).

    A one-letter scheme is a Windows drive (``C:\\news.db``), not a URL.
    """
    text = os.fspath(db)
    found = _SCHEME.match(text)
    if text == ":memory:" or found is None or len(found.group(1)) == 1:
        return SQLITE, text
    scheme = found.group(1).lower()
    if scheme in _POSTGRES_SCHEMES:
        parts = urlsplit(text)
        return POSTGRESQL, urlunsplit(("postgresql", *parts[1:]))
    if scheme == "sqlite":
        path = text[len(found.group(0)) :]
        path = path[2:] if path.startswith("//") else path  # sqlite:///abs/path and sqlite:relative.db
        if not path:
            raise UnknownDatabase(f"{text!r} names no file (sqlite:///path/to/news.db)")
        return SQLITE, path
    raise UnknownDatabase(
        f"unknown database URL scheme {scheme!r} in {redact(text)!r}: use a file path (news.db), "
        "sqlite:///path/to/news.db or postgresql://user@host:port/dbname"
    )


def is_postgres(db: str | os.PathLike[str]) -> bool:
    return parse_db(db)[0] == POSTGRESQL


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit((parts.scheme, netloc, *parts[2:]))
