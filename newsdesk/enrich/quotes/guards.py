"""Precision guards on speaker phrases: what is not a speaker at all, and what is only a place.

A parse or a word list proposes a subject for every reporting verb; many are
no speakers ("said Wednesday", "Domestically, …", "the absentee program is").
A country or city speaks only where the text makes it the subject ("France
said"); :func:`is_place_phrase` lets the finder tell such phrases apart from
a place named next to a quote it does not say.
"""

from __future__ import annotations

from collections.abc import Collection

from newsdesk.enrich.entities.gazetteer import is_place
from newsdesk.enrich.entities.lexicon import is_given_name, time_words
from newsdesk.enrich.quotes.cues import DETERMINERS, PERSON_PRONOUNS, PREPOSITIONS, wordset
from newsdesk.enrich.quotes.words import SENTENCE_ADVERB, WORD

_NOT_SPEAKER = wordset(
    "said says say saying told tells is was are were be been has have had gets got will would did does "
    "that this these those which what there here"
)
_PRONOUNS = PERSON_PRONOUNS | wordset("i we they who")
_TIME_WORDS = wordset("week weekend tonight")  # beside the calendar's words (lexicon.time_words)


def speaker_quality(phrase: str, people: Collection[str] = ()) -> int:
    """How much a speaker phrase looks like one: 2 a name or personal pronoun, 1 a description, 0 not a speaker.

    Not a speaker: a time ("said Wednesday"), a lone place ("Ohio") unless
    ``people`` (the lower-cased words of the persons the entity stage found in
    the report) holds it ("Obama" is a town in Japan, "Bush" a place too), a
    sentence adverb ("Domestically"), a phrase opening or ending with a
    preposition or holding a verb ("said on the same", "the electoral process
    by", "the absentee program is").
    """
    raw = WORD.findall(phrase)
    words = [w.lower() for w in raw]
    if len(words) == 1 and words[0] in _PRONOUNS:
        return 2
    # the word lists are multilingual: "a" and "i" are prepositions elsewhere, an article and a pronoun here
    opening = words[0] in PREPOSITIONS and words[0] not in DETERMINERS if words else False
    if not words or all(_is_time(w) for w in words) or opening or _dangling(words[-1], raw[-1]):
        return 0
    if any(w in _NOT_SPEAKER for w in words) or SENTENCE_ADVERB.fullmatch(raw[0]) or raw[0].endswith("ly"):
        return 0
    names = [w for w in raw if w[0].isupper() and w.lower() not in DETERMINERS and not _is_time(w.lower())]
    if len(raw) == 1 and names and is_place(raw[0]) and not is_given_name(raw[0]) and words[0] not in people:
        return 0
    return 2 if names else 1


def _dangling(word: str, raw: str) -> bool:
    """A phrase ending in a preposition was cut from a longer one ("the electoral process by", "a point of")."""
    return word == "of" or (word in PREPOSITIONS and word not in DETERMINERS and raw != "I")


def _is_time(word: str) -> bool:
    return word in _TIME_WORDS or word in time_words()


def is_place_phrase(phrase: str) -> bool:
    """A speaker phrase that is only a place's name ("France", "the Netherlands", "Lyon")."""
    words = [w for w in WORD.findall(phrase) if w.lower() not in DETERMINERS]
    return bool(words) and all(w[0].isupper() for w in words) and is_place(" ".join(words))
