"""Broken batch files and encodings: every good record lands, every bad one is a per-item error saying where."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from newsdesk.extract import extract
from newsdesk.model import ItemError, RawReport
from newsdesk.sources.decode import decode_bytes, decode_text
from newsdesk.sources.items import items_from_bytes, iter_source, iter_sources

from .cases import (
    ACCENTED,
    LINE_SEPARATORS,
    encoded_files,
    jsonl_record,
    jsonl_with_separators,
    nested_brackets,
    truncated_utf8,
    utf32_with_bom,
    wrong_types,
)


def _split(items: list[RawReport | ItemError]) -> tuple[list[RawReport], list[ItemError]]:
    return [i for i in items if isinstance(i, RawReport)], [i for i in items if isinstance(i, ItemError)]


def test_a_deeply_nested_jsonl_line_is_one_error_and_every_other_line_lands(tmp_path: Path):
    lines = [jsonl_record(i) for i in range(25)]
    lines.insert(10, nested_brackets())
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:13]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[13:]) + "\n", encoding="utf-8")
    good, bad = _split(list(iter_sources([str(tmp_path)])))
    assert sorted(r.id for r in good) == sorted(f"good-{i}" for i in range(25))
    (error,) = bad
    assert error.source.endswith("a.jsonl#11")
    assert "nested too deeply" in error.reason


def test_unicode_line_separators_inside_strings_do_not_split_records():
    good, bad = _split(list(items_from_bytes(jsonl_with_separators(), "batch.jsonl")))
    assert not bad
    assert [r.id for r in good] == ["separators", "after"]
    assert all(sep in good[0].text for sep in LINE_SEPARATORS)
    assert good[1].source == "batch.jsonl#2"


def test_windows_line_ends_in_jsonl():
    data = (jsonl_record(1) + "\r\n" + jsonl_record(2) + "\r\n").encode()
    good, bad = _split(list(items_from_bytes(data, "batch.jsonl")))
    assert [r.id for r in good] == ["good-1", "good-2"] and not bad


def test_jsonl_on_stdin_is_read_record_by_record(monkeypatch: pytest.MonkeyPatch):
    data = "\n".join(jsonl_record(i) for i in range(3)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    good, bad = _split(list(iter_source("-")))
    assert [r.id for r in good] == ["good-0", "good-1", "good-2"] and not bad


def test_csv_on_stdin_is_read_row_by_row(monkeypatch: pytest.MonkeyPatch):
    data = b"id,title,text\nc1,One,The first text.\nc2,Two,The second text.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    good, bad = _split(list(iter_source("-")))
    assert [(r.id, r.title) for r in good] == [("c1", "One"), ("c2", "Two")] and not bad


def test_plain_text_on_stdin_stays_one_report(monkeypatch: pytest.MonkeyPatch):
    data = b"{curly} is how the column starts, and this is plain prose, not JSON.\n\nA second paragraph."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    good, bad = _split(list(iter_source("-")))
    assert len(good) == 1 and not bad


def test_a_csv_field_over_128_kib_is_read():
    big = "word " * 60_000  # 300 kB
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["id", "text"], ["big", big], ["small", "A short text."]])
    good, bad = _split(list(items_from_bytes(buffer.getvalue().encode(), "batch.csv")))
    assert not bad
    assert [r.id for r in good] == ["big", "small"] and good[0].text == big


def test_wrong_typed_fields_are_clear_per_item_errors_or_documented_coercions():
    data = "\n".join(json.dumps(r) for r in wrong_types()).encode()
    good, bad = _split(list(items_from_bytes(data, "batch.jsonl")))
    assert [(r.id, r.text) for r in good] == [("number-text", "12345")]  # a number is read as its decimal text
    reasons = {e.source: e.reason for e in bad}
    assert reasons == {
        "batch.jsonl#1": "bad JSONL line: field 'title' must be a string, not a list",
        "batch.jsonl#2": "bad JSONL line: field 'date' must be a string, not an object",
        "batch.jsonl#4": "bad JSONL line: field 'id' must be a string, not a list",
    }


def test_nan_in_a_record_is_an_error_not_the_text_nan():
    good, bad = _split(list(items_from_bytes(b'{"id": "n", "text": NaN}\n', "batch.jsonl")))
    assert not good
    assert "NaN" in bad[0].reason


@pytest.mark.parametrize(("name", "data", "text"), encoded_files(), ids=[c[0] for c in encoded_files()])
def test_undeclared_single_byte_encodings_are_read_right(name: str, data: bytes, text: str):
    assert decode_bytes(data) == text


def test_utf32_with_bom_has_no_nuls():
    assert decode_bytes(utf32_with_bom()) == ACCENTED["de"]


def test_truncated_utf8_is_decoded_with_replacement_and_flagged():
    decoded = decode_text(truncated_utf8())
    assert decoded.text == ACCENTED["sv"] + " \ufffd"
    assert decoded.flags == ["decoded with replacement: 1 invalid UTF-8 byte"]
    (item,) = items_from_bytes(truncated_utf8(), "cut.txt")
    assert isinstance(item, RawReport) and item.flags == decoded.flags


def test_a_single_byte_text_is_not_read_as_broken_utf8():
    decoded = decode_text(ACCENTED["fr"].encode("cp1252"))
    assert decoded.text == ACCENTED["fr"] and decoded.flags == []


def test_text_garbled_before_it_arrived_is_repaired_by_extraction_and_flagged(tmp_path: Path):
    """A JSONL feed whose texts were once decoded with the wrong code page ("RÃ¤ddningstjÃ¤nsten"): each
    report reads as written, says it was repaired, and keeps what arrived in its raw body."""
    path = tmp_path / "garbled.jsonl"
    rows = [{"id": lang, "text": text.encode("utf-8").decode("cp1252")} for lang, text in ACCENTED.items()]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    good, bad = _split(list(iter_sources([str(path)])))
    assert not bad and len(good) == len(ACCENTED)
    for raw in good:
        report = extract(raw)
        assert report.text == ACCENTED[raw.id]
        assert any(flag.startswith("repaired mojibake") for flag in report.flags)
        assert report.raw is not None and ACCENTED[raw.id] not in report.raw
