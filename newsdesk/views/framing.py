"""Framing conflicts: speakers who name one event with opposing terms ("a regrouping", "not a rout").

The signal is explicit and language-independent enough to trust: one speaker
says "A and not B" (or "A, not B"), while another speaker's own words use B.
Kept apart from the story view because it is pure text matching over quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdesk.enrich.entities.names import fold, same_surname
from newsdesk.model import Quote
from newsdesk.scripts import word_count
from newsdesk.views.cited import Cited


@dataclass
class Framing:
    """Two speakers naming the same event with opposing terms."""

    term: str
    speaker: str | None
    rejected: str
    rejected_by: str | None
    cited: list[Cited] = field(default_factory=list)


def _stem_match(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    short = min(len(a), len(b))
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return short >= 4 and common >= max(4, int(0.7 * short))


# "X and not Y" in several languages: the speaker rejects the term Y for X.
_CONTRAST = re.compile(
    r"[‘'\"“«„]?(?P<term>[\w][\w -]{1,40}?)[’'\"”»“]?,?\s+"
    r"(?:and not|not|och inte|inte|und nicht|und kein\w*|nicht|et non|et pas|pas|y no|no|а не|и не|en niet|niet)\s+"
    r"(?:an?\s+|en\s+|ett\s+|eine?n?\s+|une?\s+|una?\s+)?[‘'\"“«„]?(?P<rejected>\w+)",
    re.IGNORECASE,
)
# "It was not a controlled release. It was a disaster."
_NOT_BUT = re.compile(
    r"\b(?:not|inte|ingen|inget|nicht|kein\w*|pas|no)\s+(?:an?\s+|en\s+|ett\s+|eine?n?\s+|une?\s+|una?\s+)?(?P<rejected>\w+)[^.!?]*[.!?;]"
    r"\s*(?:it|this|that|det|das|es|c'|ce|esto)\s*(?:was|is|var|är|war|ist|était|est|fue|es)\s+(?P<term>[\w -]{2,40}?\w)\b",
    re.IGNORECASE,
)
# "This was a controlled release": the speaker's own name for the event.
_NAMING = re.compile(
    r"\b(?:this|it|that|det|das|es|ce|c'|esto)\s*(?:was|is|var|är|war|ist|était|est|fue|es)\s+"
    r"(?:an?|the|en|ett|eine?|une?|una?)\s+(?P<term>\w+(?:\s+\w+)?)",
    re.IGNORECASE,
)
_COPULA = re.compile(r".*\b(?:is|was|are|were|called|är|var|ist|war|est|était|es|fue)\s+", re.IGNORECASE)


def _short_term(phrase: str) -> str:
    """The naming words of a phrase: what follows its last copula, without the article."""
    words = _COPULA.sub("", phrase.strip())
    words = _ARTICLE.sub("", words.strip(" '\"‘’“”«»„")).strip()
    return " ".join(words.split()[-3:])


_SCARE = re.compile(r"[“\"‘'«„”]\s*(?P<term>\w[\w -]{0,30}?\w)\s*[”\"’'»“]")
_ARTICLE = re.compile(r"^(?:a|an|the|en|ett|ein|eine|un|une|el|la)\s+", re.IGNORECASE)


def framing_conflicts(quotes: list[tuple[str, Quote]], sentences: dict[tuple[str, int], str]) -> list[Framing]:
    """Find speakers who reject another speaker's term for the same event.

    The signal is explicit and language-independent enough to trust: one
    speaker says "A and not B" (or "A, not B"), while another speaker's own
    words use B (same stem).  Each side is attributed through the quotes.
    """
    terms: list[tuple[str, str | None, str, Quote]] = []  # (term, speaker, report, quote)
    for report_id, quote in quotes:
        for match in _SCARE.finditer(quote.text):
            terms.append((match.group("term"), quote.speaker, report_id, quote))
        for match in _NAMING.finditer(quote.text):
            terms.append((match.group("term"), quote.speaker, report_id, quote))
        # a short quoted phrase ("“a rout”") is a term; a short indirect statement names whom a stance is about
        if word_count(quote.text) <= 3 and quote.kind != "indirect":
            terms.append((quote.text.strip(" .,!?"), quote.speaker, report_id, quote))
        # single-word scare quotes in the quote's own sentence ("fallen back to “regroup”, X said")
        sentence = sentences.get((report_id, quote.paragraph), "")
        for match in _SCARE.finditer(sentence):
            terms.append((match.group("term"), quote.speaker, report_id, quote))
    found: dict[tuple[str, str], Framing] = {}
    for report_id, quote in quotes:
        if not quote.speaker:
            continue
        for match in [*_NOT_BUT.finditer(quote.text), *_CONTRAST.finditer(quote.text)]:
            term = _short_term(match.group("term"))
            rejected = match.group("rejected")
            if len(term) < 3 or _COPULA.fullmatch(term + " ") or _stem_match(term.split()[-1], rejected):
                continue
            for other_term, other_speaker, other_report, other_quote in terms:
                if not other_speaker or _same_speaker(other_speaker, quote.speaker):
                    continue
                if any(_stem_match(word, rejected) for word in other_term.split()):
                    key = (quote.speaker, other_speaker)
                    if key not in found:
                        found[key] = Framing(
                            term=term,
                            speaker=quote.speaker,
                            rejected=other_term,
                            rejected_by=other_speaker,
                            cited=[
                                _cite_quote(report_id, quote),
                                _cite_quote(other_report, other_quote),
                            ],
                        )
    return list(found.values())


def _same_speaker(a: str, b: str) -> bool:
    """One speaker under two spellings ("Jurij Kovalenko" / "Juri Kowalenko") or with and without a given name."""
    fa, fb = fold(a).split(), fold(b).split()
    return bool(fa and fb and same_surname(fa[-1], fb[-1]))


def _cite_quote(report_id: str, quote: Quote) -> Cited:
    return Cited(quote.text, report_id, quote.paragraph, quote.start, quote.end, None)
