"""RSS and Atom feeds: one raw report per entry, with the feed's title as outlet and its language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import feedparser

from newsdesk.model import ItemError, RawReport

HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|article|p)[\s>]", re.IGNORECASE)


def _feed_date(entry: feedparser.FeedParserDict) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return "{:04d}-{:02d}-{:02d}".format(*parsed[:3])
    return None


def _feed_author(entry: feedparser.FeedParserDict) -> str | None:
    """RSS authors are often "desk@example.org (Desk Name)": keep the name."""
    detail = entry.get("author_detail") or {}
    return detail.get("name") or entry.get("author") or None


def items_from_feed(data: bytes, source: str) -> Iterator[RawReport | ItemError]:
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"malformed feed: {feed.bozo_exception}" if feed.get("bozo") else "feed has no entries"
        yield ItemError(source, reason)
        return
    outlet = feed.feed.get("title") or None
    lang = (feed.feed.get("language") or "").split("-")[0].lower() or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{source}#{number}"
        content = entry.get("content")
        body = content[0].get("value") if content else entry.get("summary") or entry.get("description")
        if not body or not str(body).strip():
            yield ItemError(where, "feed item has no text")
            continue
        body = str(body)
        is_html = bool(HTML_SNIFF.search(body.encode()[:2048]))
        yield RawReport(
            source=where,
            text=None if is_html else body,
            html=body if is_html else None,
            id=entry.get("id") or entry.get("link"),
            url=entry.get("link"),
            title=entry.get("title"),
            date=_feed_date(entry),
            date_source="feed",
            outlet=outlet,
            author=_feed_author(entry),
            lang=lang,
        )
