"""Cleaning on the five reference seeds: line-level precision and recall of removal.

The seeds live in ../shared and are never copied here: the annotation below
names lines by their 0-based index in each seed file (blank lines count).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.extract import extract
from newsdesk.model import Report
from newsdesk.sources.items import raw_from_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Lines that are furniture (everything else non-blank is headline or body).
REMOVE: dict[str, set[int]] = {
    "000": set(),
    "001": {6, 10, 22, 34},  # repeated quote paragraph, map caption "© ISW", two "© AP"
    # aggregator head (teaser, masthead x2, section, author), agency line, five photo captions,
    # wire credit, paywall/aggregator tail
    "002": {0, 1, 2, 3, 4, 5, 6, 7, 11, 21, 33, 47, 59, 75, 91, *range(93, 105)},
    "003": {0, 2, 4, 8, 9, 55, 57, 59, 61},  # nav, search, section, image + credit, bio, Written By, bio, ad
    "004": {15, 16, 17},  # two "MORE:" teasers, author bio
}
HEADLINES = {"000": 0, "001": 0, "002": 9, "003": 6, "004": 0}
LANGS = {"000": "sv", "001": "en", "002": "en", "003": "en", "004": "en"}
MONTHS = {"000": "2023-05", "001": "2023-05", "002": "2023-05", "003": "2023-03", "004": "2023-05"}


def _seed_paths() -> dict[str, Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return {path.name[:3]: path for path in sorted(SEEDS.glob("*.txt"))}


def _removed_lines(path: Path) -> tuple[Report, set[int], list[int]]:
    """Extract a seed and map its paragraphs back to file lines (one paragraph per non-blank line)."""
    text = path.read_text(encoding="utf-8")
    report = extract(raw_from_text(text, str(path)))
    lines = [i for i, line in enumerate(text.split("\n")) if line.strip()]
    assert len(report.paragraphs) + len(report.removed) == len(lines)
    return report, {lines[r.position] for r in report.removed}, lines


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[Report, set[int], list[int]]]:
    return {name: _removed_lines(path) for name, path in _seed_paths().items()}


def test_line_level_precision_and_recall(extracted) -> None:
    predicted = {(name, line) for name, (_, removed, _) in extracted.items() for line in removed}
    gold = {(name, line) for name in extracted for line in REMOVE[name]}
    hits = len(predicted & gold)
    precision = hits / len(predicted)
    recall = hits / len(gold)
    print(f"seed removal: precision {precision:.3f} recall {recall:.3f} ({hits}/{len(predicted)}/{len(gold)})")
    assert precision >= 0.95
    assert recall >= 0.95


def test_headlines_and_named_paragraphs_kept(extracted) -> None:
    for name, (_, removed, _) in extracted.items():
        assert HEADLINES[name] not in removed, name
    _, removed_004, _ = extracted["004"]
    assert 14 not in removed_004  # the paragraph of casualty figures
    assert 11 not in removed_004  # a two-word subheading in the body


def test_named_furniture_removed_with_reasons(extracted) -> None:
    def reasons(name: str) -> dict[int, str]:
        report, _, lines = extracted[name]
        return {lines[r.position]: r.reason for r in report.removed}

    assert reasons("001")[22] == reasons("001")[34] == "credit"
    assert reasons("001")[6] == "repeated"
    assert reasons("003")[55] == reasons("003")[59] == "author-bio"
    assert reasons("003")[57] == "byline"
    assert reasons("003")[61] == "advertisement"
    assert {reasons("003")[0], reasons("003")[2]} == {"navigation"}
    assert reasons("004")[15] == reasons("004")[16] == "related"
    assert {reasons("002")[line] for line in (21, 33, 47, 59, 75)} == {"caption"}
    assert all(line in reasons("002") for line in [*range(8), *range(93, 105)])


def test_languages(extracted) -> None:
    for name, (report, _, _) in extracted.items():
        assert report.lang == LANGS[name], name
        assert {p.lang for p in report.paragraphs} == {LANGS[name]}, name


def test_dates_never_wrong(extracted) -> None:
    report_000 = extracted["000"][0]
    assert (report_000.published, report_000.date_source) == ("2023-05", "header")
    assert "2023-05-12" in report_000.text_dates
    for name, (report, _, _) in extracted.items():
        assert report.published is None or report.published.startswith(MONTHS[name]), name


def test_metadata_from_text(extracted) -> None:
    """Authors from bylines and bios, the outlet from bios; compared with the seed's own lines."""
    for name, bio_line in (("003", 55), ("004", 17)):
        report, _, lines = extracted[name]
        bio = next(r.text for r in report.removed if lines[r.position] == bio_line)
        assert report.author and len(report.author.split()) == 2 and report.author in bio
        assert report.outlet and report.outlet in bio
    assert extracted["003"][0].outlet == extracted["004"][0].outlet
    report_002, _, lines_002 = extracted["002"]
    assert report_002.author == next(r.text for r in report_002.removed if lines_002[r.position] == 7)
    seed_003 = _seed_paths()["003"].read_text(encoding="utf-8").split("\n")
    assert extracted["003"][0].title == seed_003[HEADLINES["003"]].strip()
