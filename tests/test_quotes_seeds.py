"""Acceptance on the seed reports (read from ../shared, skipped when absent): speakers and cross-report links."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.model import Quote, RawReport, Report

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")


def seed(prefix: str) -> Report:
    from newsdesk.extract import extract

    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return extract(RawReport(source=str(path), text=path.read_text(encoding="utf-8")))


def quote_with(quotes: list[Quote], fragment: str) -> Quote:
    matches = [q for q in quotes if fragment in q.text and q.kind == "direct"]
    assert matches, f"no direct quote with {fragment!r}"
    return matches[0]


def test_rout_and_defeat_quotes_belong_to_the_wagner_leader() -> None:
    q002 = quote_with(find_quotes(seed("002")), "unfortunately, is called")
    q001 = quote_with(find_quotes(seed("001")), "a defeat and not a regrouping")
    assert q002.speaker and q002.speaker.endswith("Prigozhin")
    assert q001.speaker and q001.speaker.endswith("Prigozhin")
    assert q001.cue == "says"  # via the pronoun "He" in the sentence before


def test_mentally_prepared_for_defeat_is_zelensky_in_both_reports() -> None:
    for prefix in ("001", "002"):
        q = quote_with(find_quotes(seed(prefix)), "occupiers are already mentally prepared for defeat")
        assert q.speaker and "Zelensky" in q.speaker


def test_swedish_dash_speech_and_resolved_ministry() -> None:
    quotes = find_quotes(seed("000"))
    officer = quote_with(quotes, "automatvapen går varma")
    assert officer.speaker == "en officer" and officer.cue and "säger" in officer.cue
    area = quote_with(quotes, "taktisk betydelse")
    assert area.speaker and area.speaker.lower() == "det brittiska försvarsdepartementet"


def test_scare_quote_rout_is_not_given_to_the_wrong_speaker() -> None:
    rout = [q for q in find_quotes(seed("002")) if q.text == "rout"]
    assert all(q.speaker is None or "Wagner" in q.speaker for q in rout)


@pytest.mark.slow
def test_same_statements_are_linked_across_reports_and_languages() -> None:
    from newsdesk.enrich.quotes.links import link_quotes
    from newsdesk.enrich.vectors import get_encoder, unit_rows

    quotes = [(p, q) for p in ("000", "001", "002", "004") for q in find_quotes(seed(p))]
    vectors = unit_rows(get_encoder("e5").encode([q.text for _, q in quotes]))
    links = {
        (quotes[i][0], quotes[i][1].text[:30], quotes[j][0], quotes[j][1].text[:30])
        for i, j, _ in link_quotes(quotes, vectors)
    }
    pairs = {(a, b) for a, _, b, _ in links}

    def linked(ra: str, fa: str, rb: str, fb: str) -> bool:
        return any(a == ra and b == rb and fa in ta and fb in tb for a, ta, b, tb in links)

    assert linked("001", "The occupiers are already ment", "002", "The occupiers are already ment")
    assert linked("000", "Området har en viss taktisk", "004", "The area has some tactical")
    assert ("000", "002") not in pairs  # nothing the Swedish report quotes is in 002


@pytest.mark.slow
def test_the_ministry_statement_is_linked_across_swedish_and_english_in_the_quotes_listing(tmp_path: Path) -> None:
    from newsdesk import Desk

    with Desk(str(tmp_path / "seeds.db")) as desk:
        desk.ingest([str(SEEDS)])
        infos = desk.quotes()
    by_id = {info.id: info for info in infos}
    swedish = [i for i in infos if "Området har en viss taktisk" in i.quote.text]
    assert swedish and swedish[0].quote.speaker_key == "org:ministry-of-defence-gb"
    linked = [by_id[link["quote"]] for link in swedish[0].links]
    assert any(o.report.startswith("004") and "The area has some tactical" in o.quote.text for o in linked)
    assert all(o.quote.speaker_key == "org:ministry-of-defence-gb" for o in linked)
    assert swedish[0].links[0]["speaker"] == "same" and swedish[0].links[0]["score"] > 0.5
