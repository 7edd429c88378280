"""Prepositional and other marker frames: "according to X", "enligt X", "по словам X", "nach eigenen Angaben".

Split out of :mod:`newsdesk.enrich.quotes.attribution`, whose
:class:`~.attribution.FrameFinder` builds on :class:`MarkerReader`: these are
the frames a reporting verb does not carry -- a prepositional marker and its
speaker, "that" standing for the sentence before ("Det uppger polisen"), the
German "hieß es" and "…, so der X", "by its own account" -- and the noun
phrases after them in each language's word order.
"""

from __future__ import annotations

import re

from newsdesk.enrich.figures.numbers import find_numbers
from newsdesk.enrich.quotes.cues import (
    AGENT_PREPOSITIONS,
    AMONG_OTHERS,
    ANAPHORIC_OPENERS,
    ARTICLE_HOMOGRAPHS,
    CAPITALISED_NOUNS,
    DETERMINERS,
    FROM_SOURCE,
    INSTITUTION_IN,
    IT_WAS_SAID,
    ORG_PRONOUNS,
    OWN_ACCOUNT,
    PERSON_PRONOUNS,
    POSSESSIVES,
    POSTPOSED_ADJECTIVES,
    POSTPOSED_MARKERS,
    PREPOSITIONS,
    REFLEXIVES,
    RELATIVES,
    V2_AUXILIARIES,
    WHAT_WORDS,
    according_markers,
    words_for,
    wordset,
)
from newsdesk.enrich.quotes.frames import Frame
from newsdesk.enrich.quotes.marks import MASK
from newsdesk.enrich.quotes.phrases import (
    Tok,
    _is_word,
    _np_left,
    _span,
    _strip_back,
    chars,
    np_right,
    subject_left,
)

V2_LANGS = wordset("sv de nl da no nb nn")
_APOSTROPHE_SUFFIX = re.compile(r"([A-ZÇĞİÖŞÜ]\w+)['’][a-zçğıöşü]{1,5}$")
# A noun takes the genitives after it up to a comma: "по словам мэра города, …", "بحسب وزارة الصحة، …" (the
# Arabic construct state).
_GENITIVE_CHAINS = wordset("ru uk be pl cs sk ar")
# what follows a V2 verb: its subject, or a reflexive before it ("använder sig den paramilitära gruppen")
_SUBJECT_OPENERS = DETERMINERS | PERSON_PRONOUNS | ORG_PRONOUNS | REFLEXIVES | wordset("er der det het man men")
Span = tuple[int, int]  # token indices, end exclusive


class MarkerReader:
    """The marker frames of a sentence in one language; :class:`~.attribution.FrameFinder` adds the verbs."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.verbs = words_for("reporting", lang)
        self.comp = words_for("complementizer", lang)
        self.markers = according_markers(lang)
        self.marker_starts = frozenset(marker[0] for marker in self.markers)
        self.capitalised_nouns = lang in CAPITALISED_NOUNS
        self.institution_in = INSTITUTION_IN.get(lang or "", frozenset())
        self.article_homographs = ARTICLE_HOMOGRAPHS.get(lang or "", frozenset())
        self.anaphors = ANAPHORIC_OPENERS.get(lang or "", ())
        self.own_account = OWN_ACCOUNT.get(lang or "", ())
        self.own_account_starts = frozenset(m[0] for m in self.own_account)

    def _anaphoric(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """ "Det uppger polisen till TT.", "Das teilte die Polizei mit.": a pronoun for the sentence before, then the
        reporting verb and its subject.  The frame has a speaker and no content; the finder gives it the sentence
        before as content."""
        quoted = 1 if toks and toks[0].text.startswith(MASK) else 0  # "„…“ Das sagte die Bürgermeisterin."
        lows = tuple(t.low for t in toks[quoted : quoted + 3])
        opener = next((len(o) for o in self.anaphors if lows[: len(o)] == o), 0)
        v = quoted + opener
        if not opener or v >= len(toks) or toks[v].low not in self.verbs:
            return None
        named = self._past_in(toks, v + 1)
        if named < len(toks) and toks[named].low in REFLEXIVES:
            return None  # "Det säger sig självt": an idiom, no one speaks
        np_ = self._noun_phrase(toks, named)
        if np_ is None:
            return None
        speaker = chars(toks, np_)
        content = (toks[0].start, toks[0].end) if quoted else None  # the quotation the pronoun stands for
        return Frame(paragraph, toks[v].text, toks[v].start, speaker, content, anaphoric=not quoted)

    def _owned_marker(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """ "По его словам, …" (by his words): a possessive inside the marker is its speaker, to be resolved."""
        lows = [t.low for t in toks]
        for i in range(len(toks) - 2):
            if lows[i] not in self.marker_starts or lows[i + 1] not in POSSESSIVES:
                continue  # most words start no marker
            for marker in self.markers:
                n = len(marker)
                if n > 1 and lows[i] == marker[0] and tuple(lows[i + 2 : i + n + 1]) == marker[1:]:
                    at_start = all(not _is_word(t) for t in toks[:i])
                    content = _span(toks, i + n + 1, len(toks)) if at_start else _span(toks, 0, i)
                    speaker = (toks[i + 1].start, toks[i + 1].end)
                    return Frame(paragraph, " ".join(marker), toks[i].start, speaker, content, prepositional=True)
        return None

    def _so(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """German "…, so der Bürgermeister." (according to): "so" after a comma, a speaker that ends the sentence."""
        if self.lang != "de":
            return None
        k = next((k for k in range(1, len(toks) - 1) if toks[k].low == "so" and toks[k - 1].text == ","), None)
        np_ = np_right(toks, k + 1, self.comp, capitalised_nouns=True) if k is not None else None
        content = _span(toks, 0, k - 1) if k is not None else None
        if np_ is None or content is None or any(_is_word(t) for t in toks[np_[1] :]):
            return None
        speaker = chars(toks, np_)
        return Frame(paragraph, "so", toks[k].start, speaker, content, prepositional=True)  # type: ignore[index]

    def _impersonal(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """German "…, hieß es von der Feuerwehr." / "Aus Polizeikreisen hieß es, …": "it was said", from a source."""
        if self.lang != "de":
            return None
        v = next((k for k in range(len(toks) - 1) if (toks[k].low, toks[k + 1].low) in IT_WAS_SAID), None)
        if v is None:
            return None
        if v + 2 < len(toks) and toks[v + 2].low in FROM_SOURCE:  # "…, hieß es von der Feuerwehr."
            np_ = np_right(toks, v + 3, self.comp, capitalised_nouns=True)
            content = _span(toks, 0, _strip_back(toks, v))
        elif v >= 2 and toks[0].low in FROM_SOURCE:  # "Aus Polizeikreisen hieß es, …"
            np_ = (1, v)
            content = _span(toks, v + 2, len(toks))
        else:
            return None
        if np_ is None or content is None:
            return None
        speaker = chars(toks, np_)
        return Frame(paragraph, f"{toks[v].text} {toks[v + 1].text}", toks[v].start, speaker, content)

    def _prepositional(self, toks: list[Tok], paragraph: int) -> Frame | None:
        lows = [t.low for t in toks]
        for i in range(len(toks)):
            if lows[i] not in self.marker_starts:
                continue  # most words start no marker
            for marker in self.markers:
                if tuple(lows[i : i + len(marker)]) != marker:
                    if self.capitalised_nouns and _compound_tail(lows, i, marker):
                        # "Nach Polizeiangaben wurden …": the compound's head is the speaker
                        k = i + len(marker) - 1
                        speaker = (toks[k].start, toks[k].end - len(marker[-1]))
                        at_start = _opens_clause(toks, i)
                        content = _span(toks, k + 1, len(toks)) if at_start else _span(toks, 0, len(toks))
                        cue = " ".join(t.text for t in toks[i : k + 1])
                        return Frame(paragraph, cue, toks[i].start, speaker, content, prepositional=True)
                    continue
                after = i + len(marker)
                if marker[-1] in POSTPOSED_MARKERS:
                    np_ = _np_left(toks, i)
                    if np_ is None:
                        continue
                    speaker = _proper_stem(toks[np_[0]]) or chars(toks, np_)
                    content = _span(toks, after, len(toks)) if np_[0] == 0 else _span(toks, 0, np_[0])
                else:
                    named = self._past_in(toks, after)
                    if tuple(t.low for t in toks[named : named + 2]) in AMONG_OTHERS:
                        named += 2  # "enligt bland andra Storbritanniens försvarsdepartement"
                    named = self._reported_by(toks, named)
                    np_ = self._noun_phrase(toks, named, bare_noun=self.lang not in POSTPOSED_ADJECTIVES)
                    if np_ is None:
                        continue
                    at_start = _opens_clause(toks, i)
                    if at_start and self.lang in _GENITIVE_CHAINS:
                        np_ = (np_[0], _genitives(toks, np_[1]))
                    elif at_start and self.lang in V2_AUXILIARIES:
                        np_ = (np_[0], self._fronted_end(toks, after) or np_[1])
                    speaker = chars(toks, np_)
                    # a word after the speaker ends the sentence's clause, unless it joins more speakers ("och")
                    inside = np_[1] < len(toks) and _is_word(toks[np_[1]]) and not toks[np_[1]].conj
                    inside = inside and not (i > 0 and toks[i - 1].text == ",")  # "…, enligt X i Gävle."
                    if at_start:
                        content = _span(toks, np_[1], len(toks))
                    elif inside:  # "Drei Menschen wurden nach Angaben der Polizei am Montag verletzt": all of it
                        content = _span(toks, 0, len(toks))
                    else:
                        content = _span(toks, 0, i)
                cue = " ".join(t.text for t in toks[i:after])
                return Frame(paragraph, cue, toks[i].start, speaker, content, prepositional=True)
        return None

    def _own_account(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """ "Die Regierung will nach eigenen Angaben …": the clause's subject speaks the whole sentence; it stands
        before the verb before the marker, or after the verb (V2) or comma after it ("Nach eigenen Angaben hat X")."""
        lows = [t.low for t in toks]
        for i in range(len(toks)):
            if lows[i] not in self.own_account_starts:
                continue
            marker = next((m for m in self.own_account if tuple(lows[i : i + len(m)]) == m), None)
            if marker is None:
                continue
            if _opens_clause(toks, i):
                k = i + len(marker)
                k += 1 if k < len(toks) and toks[k].text == "," else 0
                start = k + 1 if self.lang in V2_LANGS else k
                np_ = self._noun_phrase(toks, start, bare_noun=self.lang not in POSTPOSED_ADJECTIVES)
                if np_ is not None and self.lang not in V2_LANGS and toks[np_[0]].low in DETERMINERS:
                    np_ = (np_[0], min(np_[1], np_[0] + 2))  # "la empresa | perdió": no list knows the verb
            else:
                np_ = subject_left(toks, i - 2) if i >= 2 else None
            if np_ is None:
                return None
            cue = " ".join(t.text for t in toks[i : i + len(marker)])
            return Frame(paragraph, cue, toks[i].start, chars(toks, np_), _span(toks, 0, len(toks)), prepositional=True)
        return None

    def _noun_phrase(self, toks: list[Tok], i: int, bare_noun: bool = False, titles: bool = False) -> Span | None:
        """:func:`.phrases.np_right` in this language: an article spelt like a pronoun opens a phrase."""
        if i < len(toks) and toks[i].low in self.article_homographs:
            rest = np_right(toks, i + 1, self.comp, capitalised_nouns=self.capitalised_nouns)
            return (i, rest[1]) if rest is not None else None
        return np_right(toks, i, self.comp, bare_noun, titles, self.capitalised_nouns)

    def _past_in(self, toks: list[Tok], i: int) -> int:
        """Where a speaker starts at ``i``: past a Russian "в" that names an institution ("сообщили в полиции")."""
        return i + 1 if i < len(toks) and toks[i].low in self.institution_in else i

    def _reported_by(self, toks: list[Tok], i: int) -> int:
        """Where the speaker starts after "según informó …", "secondo quanto riferito dalla …": past a "what",
        a reporting verb and the agent's preposition that may stand between the marker and the speaker."""
        k = i + 1 if i < len(toks) and toks[i].low in WHAT_WORDS else i
        if k < len(toks) and toks[k].low in self.verbs:
            k += 1
            return k + 1 if k < len(toks) and toks[k].low in AGENT_PREPOSITIONS else k
        return i

    def _fronted_end(self, toks: list[Tok], start: int) -> int | None:
        """Where a fronted "Volgens de politie …" / "Enligt en talesperson för kommunen …" phrase ends: at the verb.

        Dutch and the Scandinavian languages put the finite verb right after a
        fronted phrase and the subject after the verb, without a comma, so the
        phrase ends at the first auxiliary ("is", "har", "er"), or else at the
        first lower-case word that a subject follows (an article, a pronoun, a
        number or a name).  None when no such verb is near.
        """
        auxiliaries = V2_AUXILIARIES[self.lang or ""]
        # "Enligt en soldat som strider mot …": the verb right after a relative pronoun is the relative clause's
        relative = next((k for k in range(start + 1, min(len(toks), start + 8)) if toks[k].low in RELATIVES), None)
        first = relative + 2 if relative is not None else start + 1
        window = range(first, min(len(toks) - 1, first + 7))
        for k in window:
            if not _is_word(toks[k]):
                return None  # punctuation ends the phrase by itself
            if toks[k].low in auxiliaries:
                return k
        for k in window:
            t, nxt = toks[k], toks[k + 1]
            if t.text[0].isupper() or t.low in DETERMINERS or t.low in PREPOSITIONS:
                continue
            if not _is_word(nxt):
                return None
            if nxt.low in _SUBJECT_OPENERS or not nxt.text[0].islower() or find_numbers(nxt.text, self.lang):
                return k
        return None


def _opens_clause(toks: list[Tok], i: int) -> bool:
    """Whether a marker at token ``i`` opens its clause: only punctuation or a conjunction before it."""
    return all(not _is_word(t) or t.conj for t in toks[:i])


def _proper_stem(tok: Tok) -> tuple[int, int] | None:
    """A name with a case ending set off by an apostrophe, as Turkish writes one ("Yılmaz'ın açıklamasına göre":
    Yılmaz speaks): the name's span without it; None for any other word."""
    stem = _APOSTROPHE_SUFFIX.match(tok.text)
    return (tok.start, tok.start + stem.end(1)) if stem else None


def _compound_tail(lows: list[str], i: int, marker: tuple[str, ...]) -> bool:
    """Whether a marker's last word ends a compound at ``i`` + its length ("nach Polizeiangaben")."""
    k = i + len(marker) - 1
    return (
        len(marker) > 1
        and k < len(lows)
        and tuple(lows[i:k]) == marker[:-1]
        and lows[k].endswith(marker[-1])
        and len(lows[k]) > len(marker[-1]) + 2
    )


def _genitives(toks: list[Tok], end: int) -> int:
    """Where a bare noun phrase ending at ``end`` really ends: at a comma up to three words on ("мэр | города,")."""
    k = end
    while k < len(toks) and k - end < 3 and _is_word(toks[k]) and not toks[k].conj:
        k += 1
    return k if k < len(toks) and toks[k].text in (",", "،") else end
