"""The sources a desk polls, kept in the store with how polling each went.

Keeping them in the store is what lets ``newsdesk watch`` stop and start
again without re-fetching: a source's ETag and Last-Modified make the next
request conditional, its backoff (``next_poll``) holds across restarts, and
the entries already ingested (``watch_items``) are not analysed again even
from a server that answers every request in full.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from newsdesk.model import WatchSource
from newsdesk.sources.fetch import FetchError, check_url
from newsdesk.store import Store, now

_COLUMNS = [f.name for f in fields(WatchSource)]


def add_source(store: Store, url: str) -> WatchSource:
    """Keep ``url`` (http or https) among the polled sources; adding it again changes nothing."""
    url = url.strip()
    try:
        check_url(url, allow_private=True)  # the scheme and host; the address is checked at each fetch
    except FetchError as exc:
        raise ValueError(str(exc)) from exc
    with store.transaction() as db:
        db.execute("INSERT INTO watch_sources (url, added_at) VALUES (?, ?) ON CONFLICT (url) DO NOTHING", (url, now()))
    found = get_source(store, url)
    assert found is not None
    return found


def remove_source(store: Store, url: str) -> bool:
    """Stop polling ``url`` (its reports stay); False when it was not kept."""
    with store.transaction() as db:
        return db.execute("DELETE FROM watch_sources WHERE url=?", (url,)).rowcount > 0


def get_source(store: Store, url: str) -> WatchSource | None:
    found = store.rows_as(WatchSource, "SELECT * FROM watch_sources WHERE url=?", (url,))
    return found[0] if found else None


def list_sources(store: Store) -> list[WatchSource]:
    return store.rows_as(WatchSource, "SELECT * FROM watch_sources ORDER BY id")


def update_source(store: Store, source_id: int, **values: Any) -> None:
    """Set columns of one source (names as in :class:`WatchSource`)."""
    unknown = set(values) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"no such source fields: {sorted(unknown)}")
    assignments = ", ".join(f"{name}=?" for name in values)
    with store.transaction() as db:
        db.execute(f"UPDATE watch_sources SET {assignments} WHERE id=?", (*values.values(), source_id))


def seen_items(store: Store, source_id: int) -> dict[str, str]:
    """Entry key -> content hash of what was already ingested from a source."""
    rows = store.db.execute("SELECT item, content_hash FROM watch_items WHERE source_id=?", (source_id,))
    return {r["item"]: r["content_hash"] for r in rows}


def mark_seen(store: Store, source_id: int, rows: list[tuple[str, str, str | None]]) -> None:
    """Remember (entry key, content hash, report id) of entries ingested from a source."""
    stamp = now()
    with store.transaction() as db:
        for item, content_hash, report_id in rows:
            db.execute(
                """INSERT INTO watch_items (source_id, item, content_hash, report_id, seen_at) VALUES (?,?,?,?,?)
                   ON CONFLICT (source_id, item) DO UPDATE SET content_hash=excluded.content_hash,
                   report_id=excluded.report_id, seen_at=excluded.seen_at""",
                (source_id, item, content_hash, report_id, stamp),
            )
