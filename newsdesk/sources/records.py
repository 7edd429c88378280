"""Batch files of reports, one record each: JSON lines and CSV rows with the fields of :data:`FIELDS`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from newsdesk.model import ItemError, RawReport
from newsdesk.sources.decode import DecodeError

Item = RawReport | ItemError

FIELDS = ("id", "url", "title", "text", "html", "lang", "date", "outlet", "author")


def raw_from_record(record: dict[str, object], source: str) -> RawReport:
    values = {k: (str(v) if v is not None and v != "" else None) for k, v in record.items() if k in FIELDS}
    if not values.get("text") and not values.get("html"):
        raise DecodeError("no 'text' or 'html' field")
    return RawReport(source=source, **values)  # type: ignore[arg-type]


def items_from_jsonl(text: str, source: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise DecodeError("a line must be a JSON object")
            yield raw_from_record(record, where)
        except (json.JSONDecodeError, DecodeError) as exc:
            yield ItemError(where, f"bad JSONL line: {exc}")


def items_from_csv(text: str, source: str) -> Iterator[Item]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        for number, record in enumerate(reader, start=2):
            where = f"{source}#{number}"
            try:
                yield raw_from_record(dict(record), where)
            except DecodeError as exc:
                yield ItemError(where, f"bad CSV row: {exc}")
    except csv.Error as exc:
        yield ItemError(source, f"bad CSV: {exc}")
