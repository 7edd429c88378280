"""Keeping story views fresh while an ingest goes on (:class:`ViewRefresher`, used by ``Desk.ingest``)."""

from __future__ import annotations

import time

from newsdesk.enrich.vectors import encoding_threads
from newsdesk.store import Store
from newsdesk.views.story import refresh_views


class ViewRefresher:
    """Rebuilds the views of changed stories after stored batches, at most every ``every`` seconds.

    Rebuilding after every batch rebuilt a growing story again and again
    (a 1,000-report ingest took 5x as long); waiting a few seconds gathers
    the changes of several batches into one rebuild per story, while pages
    show the last view, flagged stale, for at most that long plus a rebuild.
    """

    def __init__(self, store: Store, every: float = 15.0) -> None:
        self.store, self.every = store, every
        self.pending: str | None = None  # start of the earliest batch whose changes are not yet in the views
        self.last = time.monotonic()

    def batch_stored(self, since: str) -> None:
        self.pending = min(self.pending or since, since)
        if time.monotonic() - self.last >= self.every:
            self.flush()

    def flush(self, threads: int = 1) -> None:
        """Rebuild what changed since the last flush, encoding sentences and quotes over ``threads`` threads."""
        if self.pending is not None:
            with encoding_threads(threads):
                refresh_views(self.store, self.pending)
        self.pending, self.last = None, time.monotonic()
