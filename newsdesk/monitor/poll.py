"""Polling feeds and pages politely, and ingesting what is new.

A desk left running polls other people's servers for days, so it asks as
little as it can and backs off when told:

- every request after the first is conditional (``If-None-Match`` with the
  source's ETag, ``If-Modified-Since`` with its Last-Modified); a 304 costs the
  server nothing and the desk no analysis;
- entries already ingested are not analysed again (``watch_items``), even from
  a server that ignores conditional requests;
- a source that fails is polled less often: the wait doubles with each
  consecutive failure (BACKOFF_BASE up to BACKOFF_MAX); a 429 or 503 with
  ``Retry-After`` waits as long as the server asks (at most RETRY_AFTER_MAX).
  The wait is kept in the store, so a restart does not hammer a failing server;
- at most ``per_host`` requests run at once against one host, whatever the
  number of its sources, and every request has a timeout, so one slow server
  delays nothing else.

A feed entry whose text is short (a teaser) is replaced by the page it links
to, fetched under the same rules, with the entry's title, date and outlet
(the teaser itself when the page cannot be had).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from newsdesk.model import ItemError, RawReport, WatchSource
from newsdesk.monitor.sources import mark_seen, seen_items, update_source
from newsdesk.pipeline import IngestResult, identity_of
from newsdesk.sources.feeds import items_from_feed
from newsdesk.sources.fetch import Fetched, FetchError, fetch_url
from newsdesk.sources.items import content_kind, items_from_bytes
from newsdesk.store import Store

ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
BACKOFF_BASE = 60.0  # seconds after the first failure; doubles with each further one
BACKOFF_MAX = 6 * 3600.0
RETRY_AFTER_MAX = 24 * 3600.0
FETCHERS = 8  # requests in flight at once, over all hosts
SHORT_ENTRY = 300  # characters of text under which a feed entry is a teaser for the page it links to
_TAG = re.compile(r"<[^>]+>")

Ingest = Callable[[list[RawReport]], IngestResult]


@dataclass
class PollSettings:
    """How ``watch`` polls: ``every`` seconds between polls of a source; ``once`` polls each source now
    (unless a backoff or Retry-After holds it back)."""

    every: float = 600.0
    once: bool = False
    per_host: int = 2
    timeout: float = 15.0
    allow_private: bool = False
    follow_links: bool = True


@dataclass
class PollOutcome:
    """What one poll of one source did."""

    url: str
    status: str  # new, unchanged, not-modified, rate-limited, error, waiting (held back by a backoff)
    http: int | None = None
    new: list[str] = field(default_factory=list)  # reports added or revised
    errors: list[ItemError] = field(default_factory=list)  # entries that could not be read or ingested
    message: str | None = None
    next_poll: str | None = None


class HostLimiter:
    """At most ``per_host`` requests at once to one host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._guard = threading.Lock()

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = (urlsplit(url).hostname or "").lower()
        with self._guard:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            yield


def backoff(errors: int) -> float:
    """Seconds to wait after ``errors`` consecutive failures."""
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, errors - 1))


def retry_after(value: str | None, at: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delay-seconds or an HTTP date), capped; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_MAX)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - at).total_seconds()), RETRY_AFTER_MAX)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    found = datetime.fromisoformat(value)
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def next_due(source: WatchSource, settings: PollSettings) -> datetime | None:
    """When the source may be polled again (None: now); ``once`` ignores the interval, never a backoff."""
    held = _parse(source.next_poll)
    last = _parse(source.last_poll)
    regular = last + timedelta(seconds=settings.every) if last and not settings.once else None
    found = [t for t in (held, regular) if t is not None]
    return max(found) if found else None


def poll(
    store: Store, sources: list[WatchSource], settings: PollSettings, ingest: Ingest, *, at: datetime | None = None
) -> list[PollOutcome]:
    """One round: fetch every due source (concurrently, per-host limited), ingest what is new, record the status."""
    at = at or datetime.now(UTC)
    limiter = HostLimiter(settings.per_host)
    outcomes: dict[int, PollOutcome] = {}
    due = []
    for source in sources:
        wait = next_due(source, settings)
        if wait is not None and wait > at:
            outcomes[source.id] = PollOutcome(source.url, "waiting", next_poll=_stamp(wait), message=source.last_error)
        else:
            due.append(source)
    with ThreadPoolExecutor(max_workers=FETCHERS, thread_name_prefix="newsdesk-poll") as pool:
        futures: dict[Future, WatchSource] = {pool.submit(_fetch, s, settings, limiter): s for s in due}
        for future in as_completed(futures):
            source = futures[future]
            outcomes[source.id] = _handle(store, source, future.result(), settings, ingest, pool, limiter)
    return [outcomes[s.id] for s in sources]


def _fetch(source: WatchSource, settings: PollSettings, limiter: HostLimiter) -> Fetched | FetchError:
    headers = {"Accept": ACCEPT}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return _get(source.url, settings, limiter, headers)


def _get(url: str, settings: PollSettings, limiter: HostLimiter, headers: dict[str, str]) -> Fetched | FetchError:
    with limiter.slot(url):
        try:
            return fetch_url(
                url,
                allow_private=settings.allow_private,
                headers=headers,
                timeout=settings.timeout,
                accept=frozenset({304, 429, 503}),
            )
        except FetchError as exc:
            return exc


def _handle(
    store: Store,
    source: WatchSource,
    fetched: Fetched | FetchError,
    settings: PollSettings,
    ingest: Ingest,
    pool: ThreadPoolExecutor,
    limiter: HostLimiter,
) -> PollOutcome:
    at = datetime.now(UTC)
    base = {"last_poll": _stamp(at), "polls": source.polls + 1}
    if isinstance(fetched, FetchError):
        return _failed(store, source, base, at, str(fetched))
    if fetched.status in (429, 503):
        wait = retry_after(fetched.headers.get("retry-after"), at)
        if wait is None and fetched.status == 503:
            return _failed(store, source, base, at, f"HTTP 503 from {source.url}", http=503)
        wait = wait if wait is not None else backoff(source.errors + 1)
        until = _stamp(at + timedelta(seconds=wait))
        message = f"HTTP {fetched.status}: asked to wait {wait:.0f} s"
        update_source(
            store, source.id, **base, last_status="rate-limited", errors=source.errors + 1, next_poll=until,
            last_error=message,
        )  # fmt: skip
        return PollOutcome(source.url, "rate-limited", fetched.status, message=message, next_poll=until)
    validators = {
        "etag": fetched.headers.get("etag") or (source.etag if fetched.status == 304 else None),
        "last_modified": fetched.headers.get("last-modified") or (source.last_modified if fetched.status == 304 else None),
    }  # fmt: skip
    if fetched.status == 304:
        update_source(
            store, source.id, **base, **validators, last_status="not-modified", errors=0, next_poll=None,
            last_error=None,
        )  # fmt: skip
        return PollOutcome(source.url, "not-modified", 304)
    kind, items = _items(fetched)
    unreadable = [i.reason for i in items if isinstance(i, ItemError) and i.reason != "feed has no entries"]
    if unreadable and not any(isinstance(i, RawReport) for i in items):  # a broken feed or page: nothing to read
        return _failed(store, source, base, at, "; ".join(dict.fromkeys(unreadable)), http=fetched.status)
    outcome = _ingest_new(store, source, items, settings, ingest, pool, limiter)
    outcome.http = fetched.status
    new = len(outcome.new)
    update_source(
        store, source.id, **base, **validators, kind=kind, last_status=outcome.status, errors=0, next_poll=None,
        last_error="; ".join(e.reason for e in outcome.errors[:3]) or None, items=source.items + new,
        **({"last_new": _stamp(at)} if new else {}),
    )  # fmt: skip
    return outcome


def _failed(
    store: Store, source: WatchSource, base: dict, at: datetime, message: str, http: int | None = None
) -> PollOutcome:
    errors = source.errors + 1
    until = _stamp(at + timedelta(seconds=backoff(errors)))
    update_source(store, source.id, **base, last_status="error", errors=errors, next_poll=until, last_error=message)
    return PollOutcome(source.url, "error", http, message=message, next_poll=until)


def _items(fetched: Fetched) -> tuple[str, list[RawReport | ItemError]]:
    """("feed" or "page", the items of a fetched body)."""
    ctype = fetched.content_type.lower()
    if content_kind(fetched.url, fetched.content) == "feed" or "rss" in ctype or "atom" in ctype:
        return "feed", list(items_from_feed(fetched.content, fetched.url))
    items = list(items_from_bytes(fetched.content, fetched.url))
    for item in items:
        if isinstance(item, RawReport) and item.url is None and item.source == fetched.url:
            item.url = fetched.url
    return "page", items


def _entry_key(item: RawReport) -> str:
    return item.id or item.url or item.source


def _ingest_new(
    store: Store,
    source: WatchSource,
    items: list[RawReport | ItemError],
    settings: PollSettings,
    ingest: Ingest,
    pool: ThreadPoolExecutor,
    limiter: HostLimiter,
) -> PollOutcome:
    """Ingest the entries not seen before (teasers replaced by their pages) and remember them."""
    outcome = PollOutcome(source.url, "unchanged")
    seen = seen_items(store, source.id)
    fresh: list[tuple[str, str, RawReport]] = []
    for item in items:
        if isinstance(item, ItemError):
            if item.reason != "feed has no entries":
                outcome.errors.append(item)
        elif seen.get(_entry_key(item)) != item.content_hash():
            fresh.append((_entry_key(item), item.content_hash(), item))
    if not fresh:
        return outcome
    pages = {
        key: pool.submit(_get, item.url, settings, limiter, {"Accept": "text/html, */*;q=0.5"})
        for key, _, item in fresh
        if settings.follow_links and _is_teaser(item)
    }
    ready: list[tuple[str, str, RawReport]] = []
    missing = 0
    for key, content_hash, item in fresh:
        page = _page_report(item, pages[key].result()) if key in pages else item
        if page is None:  # the teaser is better than nothing
            missing += 1
            page = item
        ready.append((key, content_hash, page))
    if missing:
        outcome.message = f"{missing} linked page(s) could not be had: their feed text was ingested"
    if not ready:
        return outcome
    result = ingest([item for _, _, item in ready])
    outcome.errors += result.errors
    outcome.new = result.added + result.revised
    outcome.status = "new" if outcome.new else "unchanged"
    mark_seen(store, source.id, [(key, h, _report_of(store, item)) for key, h, item in ready])
    return outcome


def _is_teaser(item: RawReport) -> bool:
    url = item.url or ""
    text = _TAG.sub(" ", item.body)
    return url.startswith(("http://", "https://")) and len(" ".join(text.split())) < SHORT_ENTRY


def _page_report(entry: RawReport, fetched: Fetched | FetchError) -> RawReport | None:
    """The page an entry links to as a report, with the entry's metadata; None when it cannot be had."""
    if isinstance(fetched, FetchError) or fetched.status != 200:
        return None
    found = [i for i in items_from_bytes(fetched.content, fetched.url) if isinstance(i, RawReport)]
    if len(found) != 1:
        return None
    page = found[0]
    page.url, page.id = entry.url, entry.id
    for name in ("title", "date", "date_source", "outlet", "author", "lang"):
        setattr(page, name, getattr(entry, name) or getattr(page, name))
    return page


def _report_of(store: Store, item: RawReport) -> str | None:
    return store.report_id_for(identity_of(item)) or store.report_with_content(item.content_hash())
