"""Extraction on the bundled, invented sample corpus against its answer key (examples/expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.extract import extract
from newsdesk.model import ItemError, RawReport, Report
from newsdesk.sources.items import iter_source

SAMPLE = Path(__file__).resolve().parents[1] / "examples"


def _report_id(raw: RawReport, known: dict[str, str]) -> str:
    if raw.id:
        return raw.id
    if raw.url and raw.url in known:
        return raw.url
    return Path(raw.source).stem


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, Report], dict]:
    expected = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    reports = {}
    for item in iter_source(str(SAMPLE / "sample")):
        assert not isinstance(item, ItemError), item
        reports[_report_id(item, expected["languages"])] = extract(item)
    return reports, expected


def test_every_report_extracted(sample) -> None:
    reports, expected = sample
    assert set(reports) == set(expected["languages"])


def test_boilerplate_matches_answer_key(sample) -> None:
    reports, expected = sample
    for rid, report in reports.items():
        removed = {r.text for r in report.removed}
        assert set(expected["boilerplate"].get(rid, [])) <= removed, rid
        extra = removed - set(expected["boilerplate"].get(rid, []))
        assert not extra, (rid, extra)


def test_languages_and_metadata(sample) -> None:
    reports, expected = sample
    for rid, report in reports.items():
        assert report.lang == expected["languages"][rid], rid
        meta = expected["metadata"][rid]
        got = {"date": report.published, "outlet": report.outlet, "author": report.author, "title": report.title}
        assert got == meta, rid
