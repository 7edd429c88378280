"""A sentence with its citation: what every claim a view shows carries, so a reader can check it.

Also which sentences of a report a view may cite: long enough to say something
(MIN_WORDS), and, in a briefing, not a headline (halves of quotations:
:func:`newsdesk.enrich.quotes.marks.quotations_closed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.model import Report
from newsdesk.scripts import word_count

MIN_WORDS = 6
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class Cited:
    """A sentence with its citation: report, paragraph, offsets, language."""

    text: str
    report: str
    paragraph: int
    start: int
    end: int
    lang: str | None
    outlet: str | None = None


def citable_sentences(report: Report) -> list[Cited]:
    """The report's sentences of at least MIN_WORDS words, each with its citation."""
    langs = {p.index: p.lang for p in report.paragraphs}
    return [
        Cited(s.text, report.id, s.paragraph, s.start, s.end, langs.get(s.paragraph) or report.lang, report.outlet)
        for s in report.sentences
        if word_count(s.text) >= MIN_WORDS
    ]


def numbers_agree(a: str, b: str) -> bool:
    """Sentences that both state numbers say the same thing only if they share one."""
    na = {n.replace(",", ".") for n in _DIGITS.findall(a)}
    nb = {n.replace(",", ".") for n in _DIGITS.findall(b)}
    return not (na and nb) or bool(na & nb)


def is_headline(cited: Cited, report: Report) -> bool:
    """The report's title, or an opening line that ends without a full stop."""
    text = " ".join(cited.text.split())
    return text == " ".join((report.title or "").split()) or (
        cited.paragraph == 0 and not text.rstrip("\"'”’»").endswith((".", "!", "?", "…"))
    )
