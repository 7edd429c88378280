"""The spaCy cascade: spaCy reads the context of new names only, and its names recur where it did not read."""

from __future__ import annotations

from newsdesk.enrich.entities import spacy_ner
from newsdesk.enrich.entities.mentions import find_mentions
from newsdesk.enrich.entities.tokens import _tokens
from newsdesk.enrich.sentences import split_sentences
from newsdesk.model import Mention, Paragraph, Report

FILLER = (
    "The committee met again on Tuesday and the discussion went on for several hours without a decision. "
    "Members said the budget was too small and that the schedule would slip by at least a month."
)


def make_report(*paragraphs: str) -> Report:
    report = Report(id="r", source="r.txt", content_hash="r", raw="\n\n".join(paragraphs), lang="en")
    report.paragraphs = [Paragraph(i, text, "en") for i, text in enumerate(paragraphs)]
    report.sentences = split_sentences(report)
    return report


def late(report: Report, first: int) -> list[Mention]:
    return [m for m in find_mentions(report) if m.paragraph >= first]


def read_text(report: Report) -> str:
    """What spaCy reads of the report, pieces joined by " | "."""
    starts = {
        p.index: sorted({0} | {s.start for s in report.sentences if s.paragraph == p.index}) for p in report.paragraphs
    }
    tokens = {p.index: _tokens(p.text, starts[p.index]) for p in report.paragraphs}
    lowercase = {t.text.casefold() for toks in tokens.values() for t in toks if t.text[0].islower()}
    read, _ = spacy_ner._spacy_plan(report.paragraphs, tokens, starts, lowercase)
    return " | ".join(p.text[s:e] for p, s, e in read)


def test_a_name_found_early_is_found_again_where_spacy_does_not_read(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(spacy_ner, "SPACY_READS", 1)
    report = make_report(
        "Officials in Ithaca, New York, want a new bridge, the city engineer Margaret Holloway said on Monday.",
        FILLER,
        FILLER,
        "The committee will now ask Holloway and the council of Ithaca for a second plan.",
    )
    assert "council of Ithaca" not in read_text(report)
    found = {(m.text, m.type) for m in late(report, 3)}
    assert ("Holloway", "person") in found
    assert ("Ithaca", "place") in found


def test_a_new_name_in_a_late_paragraph_is_read_in_its_context() -> None:
    report = make_report(
        "The city engineer Margaret Holloway said on Monday that the bridge needed repairs.",
        FILLER,
        FILLER,
        "On Friday the plan was rejected by the transport minister, Jonathan Whitfield, in a letter.",
    )
    assert "Jonathan Whitfield" in read_text(report)
    assert ("Jonathan Whitfield", "person") in {(m.text, m.type) for m in late(report, 3)}


def test_spacy_skips_sentences_whose_capitalised_words_it_has_read_often_enough() -> None:
    report = make_report(
        "The city engineer Margaret Holloway said on Monday that the bridge needed repairs.",
        FILLER,
        "Holloway wants a decision soon. The council thanked Holloway.",
        "Holloway said the committee had waited too long.",
    )
    assert spacy_ner.SPACY_READS == 3
    text = read_text(report)
    assert "Margaret Holloway" in text
    assert "The council thanked Holloway" in text  # the third reading
    assert "waited too long" not in text  # the fourth is not read
    assert "several hours" not in text  # no capitalised word outside sentence starts
    assert ("Holloway", "person") in {(m.text, m.type) for m in late(report, 3)}


def test_repeats_match_whole_words_only() -> None:
    report = make_report(
        "The city engineer Margaret Holloway said on Monday that the bridge needed repairs.",
        FILLER,
        "Hollowayson was not convinced, but Holloway's plan went ahead.",
    )
    texts = [m.text for m in late(report, 2)]
    assert "Holloway" in texts
    assert not any(t.startswith("Hollowayson") and t != "Hollowayson" for t in texts)


def test_spacy_reads_at_most_max_chars_per_paragraph(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(spacy_ner, "SPACY_MAX_CHARS", 300)
    words = " ".join(f"and Name{chr(65 + i % 26)}{chr(65 + i // 26)}x" for i in range(200))
    report = make_report(f"The list reads {words} in that order")
    pieces = read_text(report).split(" | ")
    assert sum(len(p) for p in pieces) <= 300
