"""Who claims a figure: the speaker of the quote or attribution around it.

Quotes found by :mod:`newsdesk.enrich.quotes.finder` come first (a figure inside a
quote, or in a sentence a quote overlaps, belongs to its speaker).  Without
them, attribution in the same sentence is read directly: a trailing ", X
said." covers the whole sentence, then "X said ...", then "according to X";
"according to him" resolves to the last named speaker before it.
"""

from __future__ import annotations

import re

from newsdesk.enrich.figures.words import words
from newsdesk.model import Figure, Quote, Report

_PRONOUNS = words(
    "he she they him her them han hon de honom henne dem er sie ihm ihr ihnen il elle ils elles lui eux "
    "él ella ellos ellas hij zij ze hem haar он она они него неё нее них ему ей им"
)
_DETERMINERS = re.compile(r"^(?:the|det|den|de|die|der|das|les|le|la|los|las|el|het)\s+", re.IGNORECASE)
_HONORIFICS = re.compile(r"^(?:mr|mrs|ms|dr|herr|frau|m|mme|sr|sra|г-н)\.?\s+", re.IGNORECASE)
# Attribution: "according to X", "X said", "said X" per language.
_ACCORDING = re.compile(
    r"\b(?:according to|enligt|laut|nach angaben (?:von|des|der)|selon|d'après|según|volgens|по словам|"
    r"по данным)\s+([^,.;:()\"“”«»]+)",
    re.IGNORECASE,
)
_SAY_VERBS = (
    r"said|says|say|stated|states|claimed|claims|told|wrote|writes|reported|reports|added|announced|"
    r"estimated|estimates|assessed|sagt|sagte|erklärte|schreibt|schrieb|teilte|berichtete|säger|sade|sa|"
    r"skriver|uppger|uppgav|meddelar|meddelade|hävdar|enligt|a déclaré|a dit|affirme|a affirmé|indique|"
    r"a indiqué|explique|dijo|afirmó|señaló|declaró|aseguró|zei|zegt|meldt|aldus|заявил|заявила|сказал|"
    r"сказала|сообщил|сообщила"
)
_SAID_AFTER = re.compile(rf"(?:,\s*|\s)(?:{_SAY_VERBS})\s+([^,.;:()\"“”«»]+?)\s*[.!]?\s*$", re.IGNORECASE)
_TRAILING = re.compile(rf",\s*([^,]{{2,60}}?)\s+(?:{_SAY_VERBS})\s*[.!]?\s*$", re.IGNORECASE)
_SAID = re.compile(rf"\b(?:{_SAY_VERBS})\b", re.IGNORECASE)
# What an inverted attribution ("..., said Mr X.", "skriver det brittiska försvarsdepartementet") names.
_NAMED = re.compile(r"(?:[A-ZÅÄÖÉÜА-Я]|(?:the|det|den|der|die|das|le|la|les|el|los|las|de|het)\s)(?!.*\d)")
_NAME_WORD = re.compile(r"^[A-ZÅÄÖÉÜА-Я][\w'’.-]*$")


Claim = tuple[str | None, str | None]  # (speaker as written, entity key)


class Claimants:
    """The claimants of one report, read sentence by sentence in order.

    Reading in order lets "according to him" take the last speaker named before it.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self.last: str | None = None
        # Quotes with a named speaker, per paragraph: looking a sentence's quotes up among all of the
        # report's made claimants quadratic in the report's length.
        self.quotes: dict[int, list[Quote]] = {}
        for q in report.quotes:
            if q.speaker and q.speaker.lower() not in _PRONOUNS:
                self.quotes.setdefault(q.paragraph, []).append(q)
        self.keyed = [m for m in report.mentions if m.key and m.text]

    def of_sentence(self, paragraph: int, start: int, end: int, text: str) -> Claim:
        """Who the claims of the sentence ``text`` (at ``start:end`` of ``paragraph``) belong to."""
        for q in self.quotes.get(paragraph, ()):
            if q.start < end and q.end > start:
                self.last = q.speaker
                return q.speaker, q.speaker_key
        name = _attribution(text)
        if name and name.lower() in _PRONOUNS:
            return self.last, self._key(self.last)
        if name and _NAME_WORD.match(name.split()[-1]):
            self.last = name
        return name, self._key(name)

    def of_figure(self, fig: Figure, sentence_claim: Claim) -> Claim:
        """A quote that contains the figure wins over the sentence's claimant."""
        for q in self.quotes.get(fig.paragraph, ()):
            if q.start <= fig.start and fig.end <= q.end:
                return q.speaker, q.speaker_key
        return sentence_claim

    def _key(self, name: str | None) -> str | None:
        """The entity key of a linked mention that names the claimant."""
        if not name:
            return None
        for mention in self.keyed:
            if mention.text in name or name.endswith(mention.text.split()[-1]):
                return mention.key
        return None


def _attribution(sentence: str) -> str | None:
    """The source named in a sentence: trailing ', X said.' first, then 'X said', then 'according to X'."""
    verbs = list(_SAID.finditer(sentence))
    according = _ACCORDING.search(sentence)
    if not verbs and not according:
        return None
    tail_text = sentence[-120:]  # a trailing attribution is a few words long: keep the anchored searches short
    tail = _SAID_AFTER.search(tail_text)
    if tail and len(tail.group(1).split()) <= 6 and _NAMED.match(tail.group(1)):
        return _clean_name(tail.group(1))
    trailing = _TRAILING.search(tail_text)
    if trailing:
        return _clean_name(trailing.group(1))
    for verb in verbs:
        name = _name_before(sentence[: verb.start()])
        if name:
            return name
    if according:
        return _clean_name(" ".join(according.group(1).split()[:6]))
    return None


def _name_before(text: str) -> str | None:
    """The speaker right before a speech verb, skipping an apposition ('X, spokesman for Y, said')."""
    text = text.rstrip()
    if text.endswith(","):
        parts = text[:-1].rsplit(",", 2)
        if len(parts) >= 2:
            head = _trailing_name(parts[-2])
            if head:
                return head
            return _trailing_name(parts[-1])
    return _trailing_name(text)


def _trailing_name(text: str) -> str | None:
    words = text.split()
    name: list[str] = []
    for word in reversed(words[-6:]):
        bare = word.strip("\"'“”«»‘’")
        if bare != word or bare.endswith((".", ":", ";")):
            break
        if _NAME_WORD.match(bare) or (name and bare.lower() in ("of", "the", "de", "von", "van", "der")):
            name.insert(0, bare)
            continue
        if not name and bare.lower() in _PRONOUNS:
            return bare
        break
    while name and not _NAME_WORD.match(name[0]):
        name.pop(0)
    return _clean_name(" ".join(name)) if name else None


def _clean_name(name: str) -> str | None:
    name = _HONORIFICS.sub("", _DETERMINERS.sub("", name.strip(" ,.\"'“”")))
    return name or None
