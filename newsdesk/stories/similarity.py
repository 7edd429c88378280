"""How likely two analysed reports tell the same story: the pairwise score behind ``newsdesk similarity``.

Scoring is split so that the costly part runs once per report, in the
analysis workers: :func:`pair_evidence` (the report's vectors, names,
numbers, dates, n-grams);
then :func:`score_evidence` compares pairs of evidence in the main process,
where it is cheap.  ``Desk.similarities`` joins the two through the pipeline's
worker pool.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from newsdesk.model import Report
from newsdesk.store import Store
from newsdesk.stories.features import (
    Evidence,
    add_leads,
    bundled_centres,
    document_frequencies,
    evidence_for,
    idf_weights,
)
from newsdesk.stories.model import story_model
from newsdesk.stories.pairmodel import pair_score
from newsdesk.stories.texts import VECTOR_TEXTS

Side = tuple[Report, Evidence]


def pair_evidence(reports: list[Report], vectors: list[dict] | None = None, accurate: bool = False) -> list[Evidence]:
    """The evidence of analysed reports, encoded together (``vectors``: those their analysis computed, reused).

    By default the encoder cascade of :func:`texts.vector_keys`, as story
    assignment at ingest uses it: no e5 of a lead USE-m3 can read.  ``accurate``:
    every vector a report can get (e5 of every lead too), which the "full" pair
    model scores.  On SemEval-2022 train (5-fold CV Pearson, mean of 5 fold
    shuffles, ``python -m eval.semeval``) 0.794 against 0.787; but e5 of a
    ~540-character lead costs ~190 ms of CPU, so a pair costs ~510 ms instead
    of ~130 ms (``python -m benchmarks.similarity --cpu [--accurate]``), below
    5 pairs/s on 2 cores: hence not the default.
    """
    known: dict[str, dict] = {}
    for found in vectors or []:
        for encoder, by_hash in found.items():
            known.setdefault(encoder, {}).update(by_hash)
    return evidence_for(None, reports, known=known, keys=VECTOR_TEXTS if accurate else None)


def evidence_maker(accurate: bool = False) -> Callable[[list[Report], list[Any]], list[Evidence]]:
    """:func:`pair_evidence` with ``accurate`` bound, picklable for the analysis workers."""
    return partial(pair_evidence, accurate=accurate)


def score_evidence(store: Store | None, pairs: Sequence[tuple[Side, Side]]) -> list[float]:
    """Same-story scores in [0, 1] for pairs of (report, evidence).

    A pair with a report USE-m3 cannot read gets e5 leads on both sides first
    (cached in ``store`` when given).  The n-gram IDF is estimated from the
    batch itself, as a TF-IDF vectoriser would be fitted on the corpus at hand,
    and so is the e5 centre of a language the bundle has none for
    (:meth:`Centres.completed`).
    """
    add_leads(store, pairs)
    unique = {id(ev): ev for pair in pairs for _, ev in pair}
    idf = idf_weights(*document_frequencies(ev.grams for ev in unique.values()))
    centres = bundled_centres().completed(unique.values())
    decay = story_model().decay
    return [pair_score(a[1], b[1], decay, idf, centres=centres) for a, b in pairs]


def score_pairs(store: Store | None, pairs: Sequence[tuple[Report, Report]], accurate: bool = False) -> list[float]:
    """Same-story scores for pairs of analysed reports, encoding every distinct text once (in this process)."""
    facts = evidence_for(store, [r for pair in pairs for r in pair], keys=VECTOR_TEXTS if accurate else None)
    sides = [((a, facts[2 * i]), (b, facts[2 * i + 1])) for i, (a, b) in enumerate(pairs)]
    return score_evidence(store, sides)
