"""Sentence splitting: abbreviations, initials, decimals, quotes, several languages."""

from __future__ import annotations

import pytest

from newsdesk.enrich.sentences import sentence_spans, split_sentences
from newsdesk.model import Paragraph, Report


def _split(text: str, lang: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Mr. Smith paid $1.2 million. He left at 3 p.m. on Friday.",
            "en",
            ["Mr. Smith paid $1.2 million.", "He left at 3 p.m. on Friday."],
        ),
        (
            'George W. Bush met J. R. Tolkien fans. “We won,” he said. "They lost." It ended...',
            "en",
            ["George W. Bush met J. R. Tolkien fans.", "“We won,” he said.", '"They lost."', "It ended..."],
        ),
        (
            "U.S. officials said the rate rose 2.5% in Q1. Prices fell.",
            "en",
            ["U.S. officials said the rate rose 2.5% in Q1.", "Prices fell."],
        ),
        (
            "Am 3. Mai sagte Dr. Müller z.B. nichts. Das ist gut.",
            "de",
            ["Am 3. Mai sagte Dr. Müller z.B. nichts.", "Das ist gut."],
        ),
        (
            "– Det betyder bara det, säger en officer. Bl.a. sade han det. Nästa mening.",
            "sv",
            ["– Det betyder bara det, säger en officer.", "Bl.a. sade han det.", "Nästa mening."],
        ),
        ("Il a dit : « Non. » Puis M. Dupont est parti.", "fr", ["Il a dit : « Non. »", "Puis M. Dupont est parti."]),
        ("El Sr. García llegó. ¿Dónde está? No lo sé.", "es", ["El Sr. García llegó.", "¿Dónde está?", "No lo sé."]),
        ("北京今天下雨。明天晴天！", "zh", ["北京今天下雨。", "明天晴天！"]),
        ("Он сказал: «Мы победили». Потом ушёл.", "ru", ["Он сказал: «Мы победили».", "Потом ушёл."]),
    ],
)
def test_sentence_spans(text: str, lang: str, expected: list[str]) -> None:
    assert _split(text, lang) == expected


def test_split_sentences_offsets_point_into_paragraphs() -> None:
    report = Report(
        id="r",
        source="t",
        content_hash="h",
        raw="",
        lang="en",
        paragraphs=[Paragraph(0, "  One. Two three.", "en"), Paragraph(1, "Four", None)],
    )
    sentences = split_sentences(report)
    assert [(s.paragraph, s.text) for s in sentences] == [(0, "One."), (0, "Two three."), (1, "Four")]
    for s in sentences:
        assert report.paragraphs[s.paragraph].text[s.start : s.end] == s.text


def test_no_empty_sentences_from_whitespace_or_marks() -> None:
    assert sentence_spans("   ", "en") == []
    assert _split("Wait!!! What?! Yes.", "en") == ["Wait!!!", "What?!", "Yes."]
