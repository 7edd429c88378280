"""Attribution frames: who is reported as saying what, in one sentence.

A frame is found with the sentence's quotations masked out (so words inside a
quote never read as cues): a reporting verb with its subject before it ("X
said that …", "…, X said") or after it ("…, said X", V2 inversion "Till
tidningen säger en soldat att …", French "…, a-t-elle affirmé"), a naming verb
("X called it a “rout”"), a prepositional marker ("according to X",
"enligt", "laut", "selon", "volgens", "según", "по словам"), or a colon after
a name.  A frame gives the speaker phrase and, for indirect speech, the
content span; :mod:`newsdesk.enrich.quotes.finder` assigns frames to quotes.
"""

from __future__ import annotations

import re

from newsdesk.enrich.figures.numbers import find_numbers
from newsdesk.enrich.quotes.cues import (
    AGENT_PREPOSITIONS,
    AMONG_OTHERS,
    ANAPHORIC_OPENERS,
    ARTICLE_HOMOGRAPHS,
    AS_CONJUNCTIONS,
    CAPITALISED_NOUNS,
    DETERMINERS,
    FROM_SOURCE,
    INSTITUTION_IN,
    IT_WAS_SAID,
    ORG_PRONOUNS,
    OWN_ACCOUNT,
    PARTICLE_VERBS,
    PERSON_PRONOUNS,
    PHRASAL_CUES,
    POSSESSIVES,
    POSTPOSED_ADJECTIVES,
    PREPOSITIONS,
    REFLEXIVES,
    RELATIVES,
    V2_AUXILIARIES,
    WHAT_WORDS,
    according_markers,
    skippable,
    words_for,
    wordset,
)
from newsdesk.enrich.quotes.frames import Frame
from newsdesk.enrich.quotes.marks import MASK
from newsdesk.enrich.quotes.phrases import (
    Tok,
    _adverb,
    _chunk_start,
    _inverted_subject,
    _is_word,
    _leading_name,
    _np_left,
    _span,
    _strip_back,
    chars,
    np_right,
    past_time,
    subject_left,
    words_in,
)

Span = tuple[int, int]  # token indices, end exclusive
MIN_CONTENT_WORDS = 3  # indirect content shorter than this is not a statement
_V2_LANGS = wordset("sv de nl da no nb nn")
_AUXILIARY_HOMOGRAPHS = {
    "fr": wordset("a"),
    "es": wordset("ha"),
    "it": wordset("ha"),
}  # auxiliaries spelt like articles
_NAMING_SUBJECTS = wordset("has have had who which that he she they it we i also ,")
_FRENCH_INVERSION = re.compile(r"^(\w+?)(?:-t)?-(il|elle|ils|elles)$", re.IGNORECASE)
_PASSIVE = wordset("was were is are be been being blev är var wurde wurden est été fue fueron werd")
_NEEDS_BREAK = wordset("continued")  # a cue only before punctuation or a quote
_NO_ARTICLES = wordset("ru uk be pl cs sk")  # a bare noun takes genitives: "по словам мэра города, …"
# what follows a V2 verb: its subject, or a reflexive before it ("använder sig den paramilitära gruppen")
_SUBJECT_OPENERS = DETERMINERS | PERSON_PRONOUNS | ORG_PRONOUNS | REFLEXIVES | wordset("er der det het man men")


class FrameFinder:
    """Finds the attribution frame of a sentence (token list over masked text)."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.verbs = words_for("reporting", lang)
        self.naming = words_for("naming", lang)
        self.comp = words_for("complementizer", lang)
        self.markers = according_markers(lang)
        self.marker_starts = frozenset(marker[0] for marker in self.markers)
        self.auxiliaries = _AUXILIARY_HOMOGRAPHS.get(lang or "", frozenset())
        self.capitalised_nouns = lang in CAPITALISED_NOUNS
        self.particle_verbs = PARTICLE_VERBS.get(lang or "", {})
        self.institution_in = INSTITUTION_IN.get(lang or "", frozenset())
        self.skippable = skippable(lang)
        self.article_homographs = ARTICLE_HOMOGRAPHS.get(lang or "", frozenset())
        self.anaphors = ANAPHORIC_OPENERS.get(lang or "", ())
        self.own_account = OWN_ACCOUNT.get(lang or "", ())
        self.own_account_starts = frozenset(m[0] for m in self.own_account)

    def find(self, toks: list[Tok], paragraph: int) -> list[Frame]:
        """Every attribution frame of the sentence: prepositional markers, reporting and naming verbs, colons."""
        anaphoric = self._anaphoric(toks, paragraph) or self._impersonal(toks, paragraph) or self._so(toks, paragraph)
        if anaphoric is not None:
            return [anaphoric]
        frames = []
        # "by its own account" first: "enligt egen uppgift", "eigenen Angaben zufolge" hold another marker's words
        prep = (
            self._own_account(toks, paragraph)
            or self._prepositional(toks, paragraph)
            or self._owned_marker(toks, paragraph)
        )
        if prep is not None:
            frames.append(prep)
        for v, t in enumerate(toks):
            inversion = _FRENCH_INVERSION.match(t.text)
            if inversion and inversion.group(1).lower() in self.verbs:
                # "« … », rappelle-t-il": verb and pronoun subject in one token.
                pronoun = (t.start + inversion.start(2), t.end)
                frames.append(Frame(paragraph, t.text, t.start, pronoun, _span(toks, 0, _strip_back(toks, v))))
                continue
            if self._is_cue(toks, v):
                naming = t.low not in self.verbs and t.low not in self.particle_verbs
                f = self._verbal(toks, v, paragraph, naming=naming)
                if f is None and self._elided(toks, v):
                    # "X has called that deceptive and said …": the subject is shared.
                    speaker = frames[-1].speaker if frames else _leading_name(toks, v)
                    if speaker is not None:
                        f = Frame(paragraph, t.text, t.start, speaker, _span(toks, v + 1, len(toks)), elided=True)
                if f is not None:
                    frames.append(f)
        if not frames:
            colon = self._colon(toks, paragraph)
            frames = [colon] if colon is not None else []
        return frames

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

    def _is_cue(self, toks: list[Tok], v: int) -> bool:
        t = toks[v]
        nxt = toks[v + 1].text if v + 1 < len(toks) else "."
        if t.low in PHRASAL_CUES:
            return nxt.lower() == PHRASAL_CUES[t.low]
        if t.low in self.particle_verbs:
            return self._particle_end(toks, v, self.particle_verbs[t.low]) is not None
        if t.low not in self.verbs and t.low not in self.naming:
            return False
        if v and t.text[0].isupper():
            return False  # "the United States", "The Post": part of a name
        if v and toks[v - 1].low in DETERMINERS and toks[v - 1].low not in self.auxiliaries:
            return False  # a noun: "the claims", "his reports" (but French "a déclaré")
        if t.low in self.naming and t.low.endswith("ed") and self.lang in (None, "en") and v:
            # "a website called “…”" is a participle; "X has called it …", "X called it …" report.
            prev = toks[v - 1]
            if not (prev.low in _NAMING_SUBJECTS or prev.text[0].isupper()):
                return False
        # "continued rebel attacks" is an adjective; "X continued: “…”" reports.
        return t.low not in _NEEDS_BREAK or nxt in (":", ",", ".") or nxt.startswith(MASK)

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
                        at_start = all(not _is_word(t) or t.conj for t in toks[:i])
                        content = _span(toks, k + 1, len(toks)) if at_start else _span(toks, 0, len(toks))
                        cue = " ".join(t.text for t in toks[i : k + 1])
                        return Frame(paragraph, cue, toks[i].start, speaker, content, prepositional=True)
                    continue
                after = i + len(marker)
                if marker[-1] in ("zufolge", "mukaan"):
                    np_ = _np_left(toks, i)
                    if np_ is None:
                        continue
                    speaker = chars(toks, np_)
                    content = _span(toks, after, len(toks)) if np_[0] == 0 else _span(toks, 0, np_[0])
                else:
                    named = self._past_in(toks, after)
                    if tuple(t.low for t in toks[named : named + 2]) in AMONG_OTHERS:
                        named += 2  # "enligt bland andra Storbritanniens försvarsdepartement"
                    named = self._reported_by(toks, named)
                    np_ = self._noun_phrase(toks, named, bare_noun=self.lang not in POSTPOSED_ADJECTIVES)
                    if np_ is None:
                        continue
                    at_start = all(not _is_word(t) or t.conj for t in toks[:i])
                    if at_start and self.lang in _NO_ARTICLES:
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
            if all(not _is_word(t) or t.conj for t in toks[:i]):
                k = i + len(marker)
                k += 1 if k < len(toks) and toks[k].text == "," else 0
                start = k + 1 if self.lang in _V2_LANGS else k
                np_ = self._noun_phrase(toks, start, bare_noun=self.lang not in POSTPOSED_ADJECTIVES)
                if np_ is not None and self.lang not in _V2_LANGS and toks[np_[0]].low in DETERMINERS:
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

    def _elided(self, toks: list[Tok], v: int) -> bool:
        """ "…, saying …", "… and said …", "… went on to say …": the subject is the main clause's."""
        if not v:
            return False
        prev = toks[v - 1]
        participle = self.lang in (None, "en") and toks[v].low.endswith("ing") and prev.text == ","
        return participle or prev.conj or prev.low == "to"

    def _verbal(self, toks: list[Tok], v: int, paragraph: int, naming: bool) -> Frame | None:
        cue = toks[v]
        if v and (toks[v - 1].low in _PASSIVE or toks[v - 1].low == "as"):
            if v + 2 < len(toks) and toks[v + 1].low == "by":
                # "as described by X", "was quoted by X": the agent speaks.
                agent = self._noun_phrase(toks, v + 2)
                if agent is not None:
                    return Frame(paragraph, cue.text, cue.start, chars(toks, agent), None)
            return None  # "X was asked": X is not the speaker
        if self._elided(toks, v):
            return None
        left = v - 1
        while left >= 0 and (toks[left].low in self.skippable or (self.lang in (None, "en") and _adverb(toks[left]))):
            left -= 1
        if left >= 0 and ((toks[left].low,) in self.markers or toks[left].low in WHAT_WORDS):
            return None  # "…, según informó la policía": the marker's frame (see _reported_by) has it
        auxiliary = _FRENCH_INVERSION.match(toks[left].text) if left >= 0 else None
        if auxiliary:
            # "…, a-t-elle affirmé": the pronoun inside the auxiliary is the subject.
            pronoun = (toks[left].start + auxiliary.start(2), toks[left].end)
            content = _span(toks, 0, _strip_back(toks, left))
            return Frame(paragraph, cue.text, cue.start, pronoun, content, naming=naming)
        subject = subject_left(toks, left)
        inverted = subject is None or (
            self.lang in _V2_LANGS and left >= 0 and toks[_chunk_start(toks, left)].low in PREPOSITIONS
        )
        after_break = left < 0 or toks[left].text in (",", ":", "–", "—") or toks[left].text.startswith(MASK)
        if inverted and (naming or not (after_break or self.lang in _V2_LANGS)):
            return None
        if subject is not None and toks[subject[0]].low in self.institution_in and subject[1] - subject[0] > 1:
            subject = (subject[0] + 1, subject[1])  # "В полиции сообщили, что …": the police speak
        if inverted:
            named = self._past_in(toks, past_time(toks, v + 1))
            np_ = self._noun_phrase(toks, named, titles=self.lang in (None, "en"))
            if np_ is None or (self.lang not in _V2_LANGS and not _inverted_subject(toks, np_)):
                return None
            speaker_toks = np_
            before_end = _strip_back(toks, left + 1)
            after = np_[1]
            if after < len(toks) and toks[after].low in self.comp:
                content = _span(toks, after + 1, len(toks))
            else:
                content = _span(toks, 0, before_end) if before_end > 0 else None
        else:
            speaker_toks = subject
            content = self._content_for_subject(toks, v, subject)
        speaker = chars(toks, speaker_toks)
        opens_next = bool(toks) and toks[-1].text == ":"
        return Frame(paragraph, cue.text, cue.start, speaker, content, naming=naming, opens_next=opens_next)

    def _content_for_subject(self, toks: list[Tok], v: int, subject: tuple[int, int]) -> tuple[int, int] | None:
        """Indirect content of "S V …": after the cue (or its complementizer), or before "…, S V"."""
        right = None
        for k in range(v + 1, min(len(toks), v + 9)):
            if toks[k].low in self.comp or toks[k].text == ":":
                right = k + 1
                break
            if toks[k].text in (".", "!", "?", MASK) or toks[k].text.startswith(MASK):
                break
        # "…, X said": material before the subject's comma (or quote) is the content.
        first = subject[0]
        if first > 1 and toks[first - 1].low in AS_CONJUNCTIONS:
            first -= 1  # "…, wie der Betreiber mitteilte", "…, as the mayor said"
        left_material = _strip_back(toks, first)
        joined = first > 0 and (toks[first - 1].text == "," or toks[first - 1].text.startswith(MASK))
        has_quote = any(t.text.startswith(MASK) for t in toks[:left_material])
        hopped = toks[v - 1].text == "," if v else False  # "X, spokesperson for Y, said": a wrapped subject
        enough = has_quote or words_in(toks, 0, left_material) >= (6 if hopped else 2)
        if right is None and joined and left_material > 0 and enough:
            opening = toks[0].low
            if not (opening in PREPOSITIONS and words_in(toks, v + 1, len(toks)) >= MIN_CONTENT_WORDS):
                return _span(toks, 0, left_material)
        start = right if right is not None else v + 1
        if right is None and start + 1 < len(toks) and _is_word(toks[start]) and toks[start + 1].text == ",":
            start += 2  # "X kündigte an, …", "X added later, …": one word and a comma precede the content
        elif right is None and self.lang in _V2_LANGS:
            # "X räumte später ein, …", "Die Feuerwehr erklärte am Abend, …": a particle, an adverbial or the one
            # spoken to stands between the verb and its comma
            comma = next((k for k in range(v + 1, min(len(toks), v + 6)) if not _is_word(toks[k])), None)
            start = comma + 1 if comma is not None and toks[comma].text == "," else start
        return _span(toks, start, len(toks))

    def _particle_end(self, toks: list[Tok], v: int, particles: frozenset[str]) -> int | None:
        """Where the clause of separable verb ``v`` ends, right after one of its ``particles``; None without one.

        German and Dutch put the particle last in the verb's clause, a few
        words after the verb ("gab am Montag bekannt, …"): the clause ends at
        the comma, colon, complementizer or sentence end that follows it.
        """
        for k in range(v + 1, min(len(toks), v + 7)):
            if not _is_word(toks[k]) or toks[k].low in self.comp:
                return k if toks[k - 1].low in particles and k > v + 1 else None
        return len(toks) if len(toks) > v + 1 and toks[-1].low in particles else None

    def _colon(self, toks: list[Tok], paragraph: int) -> Frame | None:
        """ "Name: “…”", "Trump: Cruz has …" (a headline), or a sentence ending in ':' before a quote paragraph."""
        for k, t in enumerate(toks):
            if t.text != ":" or k == 0:
                continue
            start = k - 1
            while start > 0 and toks[start - 1].text not in ("-", "–", "—", ".", MASK):
                start -= 1
            words = [x for x in toks[start:k] if _is_word(x)]
            quote_next = k + 1 == len(toks) or toks[k + 1].text.startswith(MASK)
            if quote_next and len(words) > 6 and start == 0:
                # "The mayor, Pierre Dufour, was less reassuring: “…”": the sentence's opening phrase.
                comma = next((c for c in range(k) if toks[c].text == ","), None)
                lead = [x for x in toks[:comma] if _is_word(x)] if comma else []
                opening = lead[0] if lead else None
                nominal = opening is not None and (opening.text[0].isupper() or opening.low in DETERMINERS)
                if nominal and len(lead) <= 4 and opening.low not in PREPOSITIONS:  # type: ignore[union-attr]
                    return Frame(paragraph, ":", t.start, (toks[0].start, toks[comma - 1].end), None)
                name = _leading_name(toks, k)  # "In city after city, Perez lobbies for …: “…”"
                if name is not None:
                    return Frame(paragraph, ":", t.start, name, None)
            if not words or not words[0].text[0].isupper() or len(words) > 6:
                continue
            headline = start == 0 and len(words) <= 5 and all(x.text[0].isupper() for x in words)
            if quote_next or headline:
                content = None if quote_next else _span(toks, k + 1, len(toks))
                speaker = (toks[start].start, toks[k - 1].end)
                return Frame(paragraph, ":", t.start, speaker, content, opens_next=k + 1 == len(toks))
        return None


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
    return k if k < len(toks) and toks[k].text == "," else end
