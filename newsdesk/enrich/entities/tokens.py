"""Words and candidate spans: what every entity recogniser reads and what it proposes.

The recognisers (:mod:`.spacy_ner`, :mod:`.patterns`) and the selection in
:mod:`.mentions` ask the same questions of a word (capitalised? an acronym?
first in its sentence?) and trade the same kind of span.  Both live here,
below all of them, so that no recogniser has to import another for them;
:mod:`.propagate` splits words the same way (:func:`word_spans`).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.model import EntityType

_TOKEN = re.compile(r"(?<![\w'’])[^\W\d_]+(?:[-'’](?![sS]\b)[^\W\d_]+)*")
# Characters around a word that the words next to it are read from: enough for any title, article or
# particle, and a bound that keeps each look from copying the rest of a paragraph (quadratic in a dump).
NEAR = 64
_OPENING_PUNCT = string.punctuation + "“”‘’«»„–—… \t"


@dataclass(slots=True)
class Token:
    """A word and the shape features every recogniser asks about, computed once (see :func:`_token`).

    Read-only by convention, not ``frozen``: a frozen dataclass sets each field through
    ``object.__setattr__``, which made building the ~400 tokens of a report a third slower.
    """

    start: int
    end: int
    text: str
    initial: bool  # first word of its sentence
    cap: bool
    acronym: bool  # 2-6 letters, all upper case
    titlecase: bool  # capitalised, not an acronym, no digit


def _token(start: int, end: int, text: str, initial: bool) -> Token:
    first = text[0]
    cap = first.isupper()
    # A lower-case first letter rules out an acronym before any counting (most words).
    acronym = (
        (cap or not first.isalpha())
        and text.isupper()  # implied by the test below, and much cheaper
        and 2 <= sum(c.isalpha() for c in text) <= 6
        and all(c.isupper() for c in text if c.isalpha())
    )
    titlecase = cap and not acronym and not any(c.isdigit() for c in text)
    return Token(start, end, text, initial, cap, acronym, titlecase)


@dataclass(frozen=True)
class Candidate:
    paragraph: int
    start: int
    end: int
    type: EntityType
    source: str

    def overlaps(self, other: Candidate) -> bool:
        return self.paragraph == other.paragraph and self.start < other.end and other.start < self.end


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Words (letters first, inner hyphens and apostrophes, no possessive "'s") with their offsets."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _tokens(text: str, starts: list[int]) -> list[Token]:
    """The words of a paragraph whose sentences begin at ``starts``."""
    out: list[Token] = []
    k = 0
    sentence = -1
    for m in _TOKEN.finditer(text):
        start = m.start()
        while k + 1 < len(starts) and starts[k + 1] <= start:
            k += 1
        # Only a sentence's first word can have nothing but opening punctuation before it.
        first = starts[k] != sentence
        sentence = starts[k]
        initial = first and text[sentence:start].strip(_OPENING_PUNCT) == "" or _after_break(text, sentence, start)
        out.append(_token(start, m.end(), m.group(), initial))
    return out


def _after_break(text: str, lo: int, start: int) -> bool:
    """Whether the last non-space character in ``text[lo:start]`` is a colon or a dash (a new clause starts)."""
    j = start
    while j > lo and text[j - 1].isspace():
        j -= 1
    return j > lo and text[j - 1] in ":–—"


class Taken:
    """Disjoint spans already chosen, per paragraph: whether a candidate overlaps one, in O(log n).

    Asking every chosen span of a paragraph made choosing quadratic in the
    paragraph's length (a one-paragraph dump of 300 kB: seconds).  The spans
    are disjoint, so sorted by start they are sorted by end too, and only the
    last one starting before a candidate ends can overlap it.
    """

    def __init__(self, spans: Iterable[Candidate] = ()) -> None:
        self._starts: dict[int, list[int]] = {}
        self._ends: dict[int, list[int]] = {}
        for span in spans:
            self.add(span)

    def overlaps(self, cand: Candidate) -> bool:
        starts = self._starts.get(cand.paragraph)
        if not starts:
            return False
        i = bisect_left(starts, cand.end)
        return i > 0 and self._ends[cand.paragraph][i - 1] > cand.start

    def add(self, cand: Candidate) -> None:
        starts = self._starts.setdefault(cand.paragraph, [])
        i = bisect_left(starts, cand.start)
        starts.insert(i, cand.start)
        self._ends.setdefault(cand.paragraph, []).insert(i, cand.end)
