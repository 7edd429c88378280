"""Fuzzing ingestion: hostile bytes give items or per-item errors, never an exception."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.model import ItemError, RawReport
from newsdesk.sources.items import items_from_bytes

NAMES = st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.csv", "a.xml", "a.rss", "a", "stdin"])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes, name: str) -> None:
    items = list(items_from_bytes(data, name))
    assert all(isinstance(i, RawReport | ItemError) for i in items)
    for item in items:
        if isinstance(item, ItemError):
            assert item.reason


@FUZZ
@given(st.binary(max_size=4096), NAMES)
def test_random_bytes(data: bytes, name: str):
    _check(data, name)


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "koi8-r"]), NAMES)
def test_text_in_any_encoding(text: str, encoding: str, name: str):
    _check(text.encode(encoding, errors="replace"), name)


FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    b"<item><title>A</title><link>http://example.org/a</link><description>Body one.</description></item>"
    b"<item><title>B</title><description>&lt;p&gt;Body two&lt;/p&gt;</description></item></channel></rss>"
)
PAGE = b"<html><head><title>T</title></head><body><article><p>One.</p><p>Two.</p></article></body></html>"
JSONL = (json.dumps({"id": "x", "text": "Body.", "title": "T"}) + "\n").encode() * 3


@FUZZ
@given(st.sampled_from([(FEED, "f.xml"), (PAGE, "p.html"), (JSONL, "b.jsonl")]), st.data())
def test_truncated_and_corrupted_structured_input(case: tuple[bytes, str], data: st.DataObject):
    blob, name = case
    cut = data.draw(st.integers(0, len(blob)))
    junk = data.draw(st.binary(max_size=64))
    where = data.draw(st.integers(0, cut))
    _check(blob[:where] + junk + blob[where:cut], name)
