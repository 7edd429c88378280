"""Headlines in title case, read as sentences.

"Jeb Bush Super PAC Chief Praises Marco Rubio Donor" is a sentence with a
reporting verb, but the parser and the word lists take every capitalised
word for part of a name, so they read no verb in it and no attribution.
Before reading, such a paragraph is given the case its words have in the
report's own sentences ("Jeb Bush super PAC chief praises Marco Rubio
donor"), with the same length, so every offset stays where it was.

Whether a word is a name is told by the report itself: a word it writes
capitalised inside a sentence ("… said Trump.") keeps its capital; a word it
writes in lower case, or a cue word it never writes capitalised inside a
sentence ("Praises"), loses it.  A word the report says nothing about, the
first word and words in capitals ("PAC") keep their case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.enrich.entities.lexicon import stopwords
from newsdesk.enrich.quotes.words import WORD

TITLE_MIN_WORDS = 4  # a shorter line is a label, not a headline
TITLE_SHARE = 0.8  # of the words of LONG_WORD letters or more, the share capitalised in title case
LONG_WORD = 4  # title case leaves short function words ("of", "a", "to") in lower case in some styles
_SENTENCE_END = ".!?:;\"“”«»„‘’'([—–-"  # what may stand before a capital that opens a sentence or a quotation
_LOOK_BACK = 3  # spaces skipped looking for the character before a word


def is_title_case(text: str) -> bool:
    """Whether ``text`` is written in title case ("Clinton Slams Trump On Abortion").

    Title case leaves only function words in lower case ("with", "from"): a sentence full of names is not a
    headline when it writes a verb or a noun so ("Hillary Clinton and Bill Clinton arrived on Monday").
    """
    words = WORD.findall(text)
    long = [w for w in words if len(w) >= LONG_WORD and w[0].isalpha()]
    capitalised = sum(1 for w in long if w[0].isupper())
    if len(words) < TITLE_MIN_WORDS or not long or capitalised < TITLE_SHARE * len(long):
        return False
    return all(w in stopwords("en") for w in long if w.islower())


@dataclass(frozen=True)
class Casing:
    """How a report writes its words inside its sentences: in lower case, or capitalised."""

    lower: frozenset[str]  # words written in lower case
    capitalised: frozenset[str]  # words (lower-cased) written capitalised inside a sentence

    @classmethod
    def of(cls, texts: Iterable[str]) -> Casing:
        """The casing of the words of ``texts`` that are not in title case (a headline says nothing of it)."""
        lower, capitalised = set(), set()
        for text in texts:
            if is_title_case(text):
                continue
            for m in WORD.finditer(text):
                word = m.group()
                if word.islower():
                    lower.add(word)
                elif word[0].isupper() and not word.isupper() and _inside_sentence(text, m.start()):
                    capitalised.add(word.lower())
        return cls(frozenset(lower), frozenset(capitalised))

    def sentence_cased(self, text: str, cue_words: frozenset[str]) -> str:
        """``text`` with the words the report does not treat as names in lower case, if it is in title case."""
        if not is_title_case(text):
            return text
        out = []
        done = 0
        for k, m in enumerate(WORD.finditer(text)):
            word = m.group()
            low = word.lower()
            if k == 0 or word.isupper() or not word[0].isupper() or len(low) != len(word):
                continue
            if low in self.capitalised or (low not in self.lower and low not in cue_words):
                continue
            out += [text[done : m.start()], low]
            done = m.end()
        return "".join(out) + text[done:]


def _inside_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` follows a word or a comma (not a sentence's or a quotation's opening)."""
    k = at - 1
    while k >= 0 and at - k <= _LOOK_BACK and text[k].isspace():
        k -= 1
    return k >= 0 and not text[k].isspace() and text[k] not in _SENTENCE_END
