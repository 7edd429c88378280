"""Turn SOURCE arguments into raw reports, one item at a time.

A source is a file (text, HTML, JSONL, CSV, RSS/Atom), a directory (walked
recursively), a feed or page URL, or ``-`` for stdin.  Each yields
:class:`RawReport` items or an :class:`ItemError` for an item that cannot be
read, so one bad file never stops a batch.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.model import ItemError, RawReport
from newsdesk.sources.decode import DecodeError, decode_text
from newsdesk.sources.feeds import HTML_SNIFF, items_from_feed
from newsdesk.sources.fetch import MAX_BYTES, FetchError, fetch_url
from newsdesk.sources.records import Item, items_from_csv, items_from_jsonl, looks_like_csv, looks_like_jsonl

HEADER_KEYS = ("date", "title", "outlet", "author", "url", "lang")
_HEADER_LINE = re.compile(r"^\s*(" + "|".join(HEADER_KEYS) + r")\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
# A compact leading date without a colon, possibly followed by text on the same line:
# " date 2023-05 Sedan kriget ..." -> date=2023-05, text="Sedan kriget ..."
_COMPACT_DATE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s+|$)", re.IGNORECASE)
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def read_header(text: str) -> tuple[dict[str, str], str]:
    """Split leading metadata lines (``date: 2023-05``) from the text.

    Only the keys in HEADER_KEYS are read, and only at the very top, so a
    body line such as "Date: unknown" in the middle of an article is left
    alone.  Returns the metadata and the remaining text.
    """
    meta: dict[str, str] = {}
    lines = text.lstrip("\ufeff").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() and meta:
            i += 1
            break
        match = _HEADER_LINE.match(line)
        if match and match.group(1).lower() not in meta:
            meta[match.group(1).lower()] = match.group(2)
            i += 1
            continue
        compact = _COMPACT_DATE.match(line) if "date" not in meta else None
        if compact:
            meta["date"] = compact.group(1)
            lines[i] = line[compact.end() :]
            if not lines[i].strip():
                i += 1
        break
    return meta, "\n".join(lines[i:])


def raw_from_text(text: str, source: str, *, default_id: str | None = None, is_html: bool = False) -> RawReport:
    """Build a raw report from decoded text, reading a metadata header if present."""
    if is_html:
        return RawReport(source=source, html=text, id=default_id)
    meta, body = read_header(text)
    if not body.strip():
        raise DecodeError("empty: only metadata, no text")
    date_source = "header" if "date" in meta else None
    return RawReport(source=source, text=body, id=default_id, date_source=date_source, **meta)


def content_kind(name: str, data: bytes) -> str:
    """What a body is, by the name it came under and its first bytes: jsonl, csv, feed, html or text."""
    suffix = Path(urlsplit(name).path).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".rss", ".atom") or (suffix in (".xml", "") and _FEED_SNIFF.search(data[:2048])):
        return "feed"
    if suffix in (".html", ".htm", ".xhtml") or HTML_SNIFF.match(data[:1024].lstrip()):
        return "html"
    return "text"


def _sniff_records(name: str, kind: str, text: str) -> str:
    """A text without a telling name (stdin, a URL path without extension) is read by its content, as files are."""
    if kind != "text" or Path(urlsplit(name).path).suffix:
        return kind
    if looks_like_jsonl(text):
        return "jsonl"
    return "csv" if looks_like_csv(text) else kind


def items_from_bytes(data: bytes, source: str, *, default_id: str | None = None) -> Iterator[Item]:
    """Dispatch on the kind of content: one item for a text or page, many for a batch file."""
    if len(data) > MAX_BYTES:
        yield ItemError(source, f"too large: {len(data)} bytes, the limit is {MAX_BYTES} (NEWSDESK_MAX_BYTES)")
        return
    kind = content_kind(source, data)
    if kind == "feed":
        yield from items_from_feed(data, source)
        return
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        yield ItemError(source, str(exc))
        return
    text = decoded.text
    kind = _sniff_records(source, kind, text)
    if kind in ("jsonl", "csv"):
        for item in items_from_jsonl(text, source) if kind == "jsonl" else items_from_csv(text, source):
            if isinstance(item, RawReport):
                item.flags.extend(decoded.flags)
            yield item
    else:
        try:
            raw = raw_from_text(text, source, default_id=default_id, is_html=kind == "html")
        except DecodeError as exc:
            yield ItemError(source, str(exc))
            return
        raw.flags.extend(decoded.flags)
        yield raw


def _iter_files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _items_from_file(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield ItemError(source, f"too large: {size} bytes, the limit is {MAX_BYTES} (NEWSDESK_MAX_BYTES)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ItemError(source, f"cannot read: {exc.strerror or exc}")
        return
    yield from items_from_bytes(data, source, default_id=path.stem)


def iter_source(source: str, *, allow_private: bool = False) -> Iterator[Item]:
    """Yield the items of one SOURCE argument."""
    if source == "-":
        yield from items_from_bytes(sys.stdin.buffer.read(), "stdin")
        return
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        try:
            fetched = fetch_url(source, allow_private=allow_private)
        except FetchError as exc:
            yield ItemError(source, str(exc))
            return
        for item in items_from_bytes(fetched.content, fetched.url):
            if isinstance(item, RawReport) and item.url is None and item.source == fetched.url:
                item.url = fetched.url
            yield item
        return
    path = Path(source)
    if path.is_dir():
        for file in _iter_files(path):
            yield from guarded(str(file), _items_from_file(file))
    elif path.exists():
        yield from _items_from_file(path)
    else:
        yield ItemError(source, "no such file or directory")


def guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, with a failure midway turned into one error item for ``source`` (the items before it stay)."""
    try:
        yield from items
    except Exception as exc:  # a parser bug on hostile input must not end the batch
        yield ItemError(source, f"unreadable: {type(exc).__name__}: {exc}")


def iter_sources(sources: list[str], *, allow_private: bool = False) -> Iterator[Item]:
    """Yield the items of every SOURCE; a source (or a file of a directory) that fails midway becomes one error."""
    for source in sources:
        yield from guarded(source, iter_source(source, allow_private=allow_private))
