"""Framing conflicts: one speaker rejects a term another speaker's own words use."""

from __future__ import annotations

from newsdesk.model import Quote
from newsdesk.views.framing import framing_conflicts


def quote(text: str, kind: str, speaker: str, paragraph: int = 0) -> Quote:
    return Quote(paragraph, 0, len(text), text, kind, speaker=speaker)  # type: ignore[arg-type]


def test_a_quoted_phrase_rejected_by_another_speaker_is_a_framing_conflict() -> None:
    quotes = [
        ("r1", quote("It was an orderly withdrawal, not a collapse", "direct", "Ines Moor")),
        ("r2", quote("a collapse", "mixed", "Tom Grale")),
    ]
    [found] = framing_conflicts(quotes, {})
    assert (found.speaker, found.rejected_by, found.rejected) == ("Ines Moor", "Tom Grale", "a collapse")


def test_whom_a_stance_is_about_is_no_term_for_the_event() -> None:
    # "Grale criticized Lindqvist": one word of indirect speech names a person, not the event
    quotes = [
        ("r1", quote("It was Lindberg, not Lindqvist", "direct", "Ines Moor")),
        ("r2", quote("Lindqvist", "indirect", "Tom Grale")),
    ]
    assert framing_conflicts(quotes, {}) == []
