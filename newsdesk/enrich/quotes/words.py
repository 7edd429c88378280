"""Words of speaker phrases compared: folded name parts, role words and their synonyms.

Speaker resolution (:mod:`newsdesk.enrich.quotes.speakers`) matches "Mr
Kowalenko" with "Yuri Kovalenko" and "the safety chief" with "Kovalenko, head
of safety"; these are the word-level tests it does that with, kept apart from
the resolver so the guards and the cross-language links can use them too.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newsdesk.enrich.entities.institutions import country_of_word
from newsdesk.enrich.entities.names import fold_token
from newsdesk.enrich.quotes.cues import DETERMINERS, HONORIFICS, PREPOSITIONS, ROLE_SYNONYMS, TITLES

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$")
SENTENCE_ADVERB = re.compile(r"[A-Z][a-z]{3,}ally|[A-Z][a-z]{4,}ately|[A-Z][a-z]{3,}ously|[A-Z][a-z]{3,}ingly")


def fold(word: str) -> str:
    """A name part in spelling-independent form, possessive dropped ("Kowalenkos" and "Kovalenko" agree)."""
    return fold_token(_POSSESSIVE.sub("", word))


def surname_key(name: str) -> str:
    """The folded last word of a name: how mentions of one person are grouped."""
    words = WORD.findall(name)
    return fold(words[-1]) if words else ""


def words_of(text: str) -> list[str]:
    """Lower-case words of ``text``, possessive endings removed."""
    return [_POSSESSIVE.sub("", w.lower()) for w in WORD.findall(text)]


@lru_cache(maxsize=1 << 16)
def same_word(a: str, b: str) -> bool:
    """Whether two lower-case words are one word: identical, inflected, a compound's head, or role synonyms.

    Inflection: one is the other plus at most three letters (ledare/ledaren).
    Compounds: a longer word ending in the shorter one (försvarsdepartementet
    / departementet), for heads of five letters or more.  A demonym and its
    country (french / france) are one word too.  Cached: description
    matching compares every role word of every referent with every phrase word,
    over and over the same pairs.
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3:
        return True
    if len(short) >= 5 and long_.endswith(short):
        return True
    if not _role_groups(a).isdisjoint(_role_groups(b)):
        return True
    country = _country(a)
    return country is not None and country == _country(b)  # "the French president" / "France's president"


@lru_cache(maxsize=1 << 14)
def _country(word: str) -> str | None:
    return country_of_word(word.capitalize()) if len(word) >= 4 else None


@lru_cache(maxsize=1 << 14)
def _role_groups(word: str) -> frozenset[int]:
    """Which ``ROLE_SYNONYMS`` groups a word belongs to, itself or inflected (at most three letters added).

    An inflected form starts with a group word of four letters or more, so
    only its prefixes of those lengths need looking up.
    """
    index = _role_index()
    out = set(index.get(word, ()))
    for n in range(max(4, len(word) - 3), len(word)):
        out |= index.get(word[:n], set())
    return frozenset(out)


@cache
def _role_index() -> dict[str, set[int]]:
    """Role word -> the ``ROLE_SYNONYMS`` groups it is in."""
    index: dict[str, set[int]] = {}
    for k, group in enumerate(ROLE_SYNONYMS):
        for g in group:
            index.setdefault(g, set()).add(k)
    return index


def is_title(word: str) -> bool:
    word = word.rstrip(".")
    return word in TITLES or word in HONORIFICS or bool(_role_groups(word))


def content_words(phrase: str) -> list[str]:
    return [w for w in words_of(phrase) if w not in DETERMINERS and w not in PREPOSITIONS and not w.isdigit()]


def role_words_around(text: str, start: int, end: int) -> set[str]:
    """Role words written next to a name: "militia chief X", "X, head of the Y group", "Y spokesperson, X,".

    Before the name: up to four words back to punctuation (one comma directly
    before the name is crossed: "Y spokesperson, X").  After the name: an
    apposition, i.e. a comma followed by a lower-case or determiner-led
    phrase, up to the next punctuation.
    """
    out: set[str] = set()
    before = re.sub(r",\s*$", "", text[max(0, start - 80) : start])
    chunk = re.split(r"[.;:!?()\x1a,\"“”«»]", before)[-1]
    out |= {w for w in words_of(chunk)[-4:] if w not in DETERMINERS and w not in PREPOSITIONS}
    after = text[end : end + 120]
    m = re.match(r"\s*,\s*([^,.;:!?()\x1a]+)", after)
    if m:
        appo = m.group(1)
        first = words_of(appo)[:1]
        if first and (appo.strip()[0].islower() or first[0] in DETERMINERS):
            out |= {w for w in words_of(appo)[:8] if w not in DETERMINERS and w not in PREPOSITIONS}
    return out
