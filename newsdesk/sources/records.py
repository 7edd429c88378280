"""Batch files of reports, one record each: JSON lines and CSV rows with the fields of :data:`FIELDS`.

One bad record is one :class:`ItemError` naming its line; every other record
still lands.  Field types: strings are taken as they are, numbers (and
booleans) as their text (``"id": 12`` is the id "12"), null or "" as absent;
a list or an object where a string belongs is an error for that record, not a
Python repr stored as a title.  JSON lines are split on "\\n" only: U+2028,
U+2029 and U+0085 are legal inside JSON strings (``str.splitlines`` would cut
a record there).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping

from newsdesk.model import ItemError, RawReport, refused_id
from newsdesk.sources.decode import DecodeError

Item = RawReport | ItemError

FIELDS = ("id", "url", "title", "text", "html", "lang", "date", "outlet", "author")

# A CSV field may be as long as the longest report we accept (the csv module's default limit is 128 KiB).
csv.field_size_limit(1 << 30)

_JSON_TYPES = {list: "a list", dict: "an object"}


def _field(name: str, value: object) -> str | None:
    """A record's field as text (see the module docstring for the coercions)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return json.dumps(value)
    kind = _JSON_TYPES.get(type(value), f"a {type(value).__name__}")
    raise DecodeError(f"field {name!r} must be a string, not {kind}")


def raw_from_record(record: dict[str, object], source: str) -> RawReport:
    values = {k: _field(k, v) for k, v in record.items() if k in FIELDS}
    if not values.get("text") and not values.get("html"):
        given = [repr(k) for k in ("text", "html") if k in record]
        raise DecodeError(f"{' and '.join(given)} empty: nothing to read" if given else "no 'text' or 'html' field")
    refused = refused_id(values.get("id") or "")
    if refused:
        raise DecodeError(refused)
    return RawReport(source=source, **values)  # type: ignore[arg-type]


def _id_of(record: Mapping[str, object] | None) -> str | None:
    """A failed record's own id, where it has a usable one: output keyed by id can still name the record."""
    try:
        return _field("id", record.get("id")) if record else None
    except DecodeError:
        return None


def _no_constant(name: str) -> float:
    raise DecodeError(f"{name} is not a JSON value")


def parse_record(line: str) -> dict[str, object]:
    """One JSON line as an object, or a DecodeError that says why not (bad JSON, NaN, too deep, not an object)."""
    try:
        record = json.loads(line, parse_constant=_no_constant)
    except RecursionError:
        raise DecodeError("nested too deeply to be a record") from None
    except json.JSONDecodeError as exc:
        raise DecodeError(str(exc)) from None
    if not isinstance(record, dict):
        raise DecodeError("a line must be a JSON object")
    return record


def items_from_jsonl(text: str, source: str) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}#{number}"
        record = None
        try:
            record = parse_record(line.removesuffix("\r"))
            yield raw_from_record(record, where)
        except DecodeError as exc:
            yield ItemError(where, f"bad JSONL line: {exc}", _id_of(record))


def items_from_csv(text: str, source: str) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    number = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader cannot go on past a broken quote: the rest of the file is this error
            yield ItemError(f"{source}#{reader.line_num}", f"bad CSV: {exc}")
            return
        number += 1
        where = f"{source}#{number}"
        try:
            yield raw_from_record(dict(record), where)
        except DecodeError as exc:
            yield ItemError(where, f"bad CSV row: {exc}", _id_of(record))


def looks_like_jsonl(text: str) -> bool:
    """Whether an unnamed text (stdin, a URL without extension) is JSON lines: its first line is a JSON object."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def looks_like_csv(text: str) -> bool:
    """Whether an unnamed text is CSV records: a header line of known fields, one of them the text or html."""
    first = text.lstrip().split("\n", 1)[0].strip()
    header = [name.strip().lower() for name in first.split(",")]
    return len(header) > 1 and set(header) <= set(FIELDS) and bool({"text", "html"} & set(header))
