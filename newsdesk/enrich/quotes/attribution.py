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

from newsdesk.enrich.quotes.cues import (
    AS_CONJUNCTIONS,
    DETERMINERS,
    PARTICLE_VERBS,
    PHRASAL_CUES,
    PREPOSITIONS,
    TELL,
    VERB_FINAL,
    VERB_FINAL_SUBJECT_WORDS,
    VERB_FIRST,
    VERB_FIRST_SPEAKER_ENDS,
    WHAT_WORDS,
    skippable,
    words_for,
    wordset,
)
from newsdesk.enrich.quotes.frames import Frame
from newsdesk.enrich.quotes.markers import V2_LANGS, MarkerReader
from newsdesk.enrich.quotes.marks import MASK, is_dash, is_signing
from newsdesk.enrich.quotes.parsed import PARSED_LANGS
from newsdesk.enrich.quotes.phrases import (
    Tok,
    _adverb,
    _chunk_start,
    _inverted_subject,
    _is_word,
    _leading_name,
    _span,
    _strip_back,
    chars,
    past_time,
    subject_left,
    words_in,
)

MIN_CONTENT_WORDS = 3  # indirect content shorter than this is not a statement
_SIGNATURE_MAX_WORDS = 6  # a name signing a quotation ("― Julie A. Diaz Martinez")
_SIGNATURE_MAX_REST = 10  # tokens of the description after it (", harbour master of Lindholm.")
_HEADLINE_MAX_WORDS = 5  # a headline's speaker before its colon ("Former AG Mukasey:")
_ADDRESSED_MAX_WORDS = 8  # a headline's "X to Y:" phrase of whom or what X addresses
_AUXILIARY_HOMOGRAPHS = {
    "fr": wordset("a"),
    "es": wordset("ha"),
    "it": wordset("ha"),
}  # auxiliaries spelt like articles
_NAMING_SUBJECTS = wordset("has have had who which that he she they it we i also ,")
_FRENCH_INVERSION = re.compile(r"^(\w+?)(?:-t)?-(il|elle|ils|elles)$", re.IGNORECASE)
_PASSIVE = wordset("was were is are be been being blev är var wurde wurden est été fue fueron werd")
_NEEDS_BREAK = wordset("continued")  # a cue only before punctuation or a quote


class FrameFinder(MarkerReader):
    """Finds the attribution frame of a sentence (token list over masked text)."""

    def __init__(self, lang: str | None) -> None:
        super().__init__(lang)
        self.naming = words_for("naming", lang)
        self.auxiliaries = _AUXILIARY_HOMOGRAPHS.get(lang or "", frozenset())
        self.particle_verbs = PARTICLE_VERBS.get(lang or "", {})
        self.skippable = skippable(lang)

    def find(self, toks: list[Tok], paragraph: int, after_quote: bool = False) -> list[Frame]:
        """Every attribution frame of the sentence: prepositional markers, reporting and naming verbs, colons,
        signatures (``after_quote``: the sentence before ended in a quotation)."""
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
            colon = self._colon(toks, paragraph) or _signature(toks, paragraph, after_quote)
            frames = [colon] if colon is not None else []
        return frames

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
        if self.lang in VERB_FINAL or self.lang in VERB_FIRST:
            fixed = (_verb_final if self.lang in VERB_FINAL else self._verb_first)(toks, v, paragraph, naming)
            if fixed is not None:
                return fixed
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
            self.lang in V2_LANGS and left >= 0 and toks[_chunk_start(toks, left)].low in PREPOSITIONS
        )
        after_break = (
            left < 0 or toks[left].text in (",", ":") or is_dash(toks[left].text) or toks[left].text.startswith(MASK)
        )
        if inverted and (naming or not (after_break or self.lang in V2_LANGS)):
            return None
        if inverted and self.lang in (None, "en") and cue.low in TELL:
            return None  # "“…,” Jeb Bush, the former governor and a candidate, told CNN": CNN is told
        if subject is not None and toks[subject[0]].low in self.institution_in and subject[1] - subject[0] > 1:
            subject = (subject[0] + 1, subject[1])  # "В полиции сообщили, что …": the police speak
        if inverted:
            named = self._past_in(toks, past_time(toks, v + 1))
            np_ = self._noun_phrase(toks, named, titles=self.lang in (None, "en"))
            if np_ is None or (self.lang not in V2_LANGS and not _inverted_subject(toks, np_)):
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

    def _verb_first(self, toks: list[Tok], v: int, paragraph: int, naming: bool) -> Frame | None:
        """A verb that opens its sentence (Arabic): "وقال وزير المالية أحمد حسن في مؤتمر صحفي: «…»".

        The speaker is the words after the verb up to a colon, comma or complementizer ("إن", that), or to the
        place or time of the speech (VERB_FIRST_SPEAKER_ENDS), at most VERB_FINAL_SUBJECT_WORDS words; what was
        said follows the complementizer or colon.  "…»، قال الوزير." (the verb after the quotation) reads alike.
        """
        if words_in(toks, 0, v) and not toks[v - 1].text.startswith(MASK) and toks[v - 1].text not in (",", "،"):
            return None  # the verb does not open its clause
        end = v + 1
        while end < len(toks) and _is_word(toks[end]) and toks[end].low not in self.comp:
            if toks[end].low in VERB_FIRST_SPEAKER_ENDS or end - v > VERB_FINAL_SUBJECT_WORDS:
                break
            end += 1
        speaker = _span(toks, v + 1, end)
        if speaker is None:
            return None
        rest = end
        while rest < len(toks) and toks[rest].text not in (":", ",", "،") and toks[rest].low not in self.comp:
            rest += 1  # past the place or time of the speech
        content = _span(toks, rest + 1, len(toks)) if rest < len(toks) else None
        return Frame(paragraph, toks[v].text, toks[v].start, speaker, content, naming=naming)

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
        elif right is None and self.lang in V2_LANGS:
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
        """ "Name: “…”", "Trump: Cruz has …" (a headline, also after a rubric and before whom it addresses:
        "EXCLUSIVE – Stone: …", "Clinton to Planned Parenthood: …"), or a sentence ending in ':' before a quote
        paragraph."""
        for k, t in enumerate(toks):
            if t.text != ":" or k == 0:
                continue
            start = k - 1
            while start > 0 and toks[start - 1].text not in (".", MASK) and not is_dash(toks[start - 1].text):
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
                    end = _apposed_name(toks, comma, k) or comma  # "The mayor, Pierre Dufour," names him
                    return Frame(paragraph, ":", t.start, (toks[0].start, toks[end - 1].end), None)
                name = _leading_name(toks, k)  # "In city after city, Perez lobbies for …: “…”"
                if name is not None:
                    return Frame(paragraph, ":", t.start, name, None)
            speaker_end, opening = k, _headline_opening(toks, start)
            if opening:
                speaker_end = _addressed(toks, start, k)  # "Clinton to Planned Parenthood: …"
                words = [x for x in toks[start:speaker_end] if _is_word(x)]
            if not words or not words[0].text[0].isupper() or len(words) > 6:
                continue
            if any(x.text in AS_CONJUNCTIONS for x in words[1:]):
                continue  # "Partial transcript as follows:" introduces; it is no speaker
            # English headlines in sentence case too ("Clinton camp: …"); there the speaker must be a name or a
            # source (choice.named_headline), elsewhere every word of it capitalised
            cased = all(x.text[0].isupper() for x in words) or (
                self.lang in PARSED_LANGS and all(x.text != "," for x in toks[start:speaker_end])
            )
            headline = opening and len(words) <= _HEADLINE_MAX_WORDS and cased
            if quote_next or headline:
                # "Sanders: ‘It Is Not A Radical Idea’ To Ask For A $15 Wage": the headline's statement runs on
                whole = headline and words_in(toks, k + 2, len(toks)) > 0
                content = _span(toks, k + 1, len(toks)) if whole or not quote_next else None
                speaker = (toks[start].start, toks[speaker_end - 1].end)
                return Frame(paragraph, ":", t.start, speaker, content, opens_next=k + 1 == len(toks))
        return None


def _apposed_name(toks: list[Tok], comma: int, stop: int) -> int | None:
    """Where a name set off by commas right after ``comma`` ends (at its closing comma, before ``stop``), if one is."""
    close = next((c for c in range(comma + 1, stop) if toks[c].text == ","), None)
    words = [x for x in toks[comma + 1 : close] if _is_word(x)] if close is not None else []
    return close if 1 <= len(words) <= 4 and all(x.text[0].isupper() for x in words) else None


def _headline_opening(toks: list[Tok], start: int) -> bool:
    """Whether the phrase at ``start`` opens the sentence, or follows only a rubric set off by a dash
    ("EXCLUSIVE – Roger Stone: …", "WATCH — Mayor Berg: …")."""
    if start == 0:
        return True
    rubric = [x for x in toks[: start - 1] if _is_word(x)]
    return is_dash(toks[start - 1].text) and 0 < len(rubric) <= 2 and all(x.text.isupper() for x in rubric)


def _addressed(toks: list[Tok], start: int, colon: int) -> int:
    """Where a headline's speaker ends: before a prepositional phrase of whom or what it addresses ("Clinton to
    Planned Parenthood:", "Gillibrand on Hillary’s Speeches:", "Mukasey at RNC:"), else at the colon.

    The speaker is a capitalised run and the preposition is in lower case, so
    a name holding one stays whole ("Doctors Without Borders:") and a clause
    does not pass for a speaker ("And you can sum it up in 30 words:").
    """
    k = next((k for k in range(start + 1, colon) if toks[k].low in PREPOSITIONS and toks[k].text.islower()), colon)
    run = [x for x in toks[start:k] if _is_word(x)]
    named = 0 < len(run) <= _HEADLINE_MAX_WORDS and all(x.text[0].isupper() for x in run)
    return k if k < colon and named and words_in(toks, k + 1, colon) <= _ADDRESSED_MAX_WORDS else colon


def _verb_final(toks: list[Tok], v: int, paragraph: int, naming: bool) -> Frame | None:
    """A verb that ends its clause (Turkish): "Bakan Yılmaz, “…” dedi.", "Yılmaz, planın … söyledi.".

    The speaker is the phrase that opens the sentence, up to its first comma (at most VERB_FINAL_SUBJECT_WORDS
    words); what was said lies between that comma and the verb.  Without such a comma the clause's subject
    cannot be told from its object, and no frame is given.
    """
    if v + 1 < len(toks) and _is_word(toks[v + 1]):
        return None  # the verb does not end its clause: read as in other languages ("“…” dedi Yılmaz.")
    comma = next((k for k in range(v) if toks[k].text == ","), None)
    if comma is None or not 0 < words_in(toks, 0, comma) <= VERB_FINAL_SUBJECT_WORDS:
        return None
    speaker = _span(toks, 0, comma)
    if speaker is None:
        return None
    content = _span(toks, comma + 1, v)
    return Frame(paragraph, toks[v].text, toks[v].start, speaker, content, naming=naming)


def _signature(toks: list[Tok], paragraph: int, after_quote: bool) -> Frame | None:
    """A quotation signed with a dash and a name: "“…” ― Ines Moor", "“…” — Tom Grale, harbour master." (pull
    quotes, readers' voices, epigraphs).

    Only the quotation comes before the dash (in this sentence, or ending the
    one before: ``after_quote``); the name is a few capitalised words, and
    after it at most a short description set off by a comma or brackets
    ("— Sen. Cruz weighed in …" is a sentence, not a signature).
    """
    dash = next((k for k, t in enumerate(toks) if is_signing(t.text)), None)
    if dash is None or any(_is_word(t) for t in toks[:dash]):
        return None
    if not after_quote and not any(t.text.startswith(MASK) for t in toks[:dash]):
        return None
    end = dash + 1
    while end < len(toks) and (_is_word(toks[end]) or (toks[end].text == "." and len(toks[end - 1].text) == 1)):
        end += 1  # "Julie A. Diaz"
    name = [t for t in toks[dash + 1 : end] if _is_word(t)]
    if not (name and len(name) <= _SIGNATURE_MAX_WORDS and all(t.text[0].isupper() for t in name)):
        return None
    rest = [t.text for t in toks[end:]]
    described = rest[:1] in ([","], ["("]) and len(rest) <= _SIGNATURE_MAX_REST and not any(MASK in t for t in rest)
    if rest not in ([], ["."]) and not described:
        return None
    return Frame(paragraph, toks[dash].text, toks[dash].start, chars(toks, (dash + 1, end)), None)
