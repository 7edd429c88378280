"""How likely two analysed reports tell the same story: the pairwise score behind ``newsdesk similarity``.

Scoring is split so that the costly part runs once per report, in the
analysis workers: :func:`pair_evidence` (the report's vectors by the encoder
cascade of :func:`features.vector_keys`, names, numbers, dates, n-grams);
then :func:`score_evidence` compares pairs of evidence in the main process,
where it is cheap.  ``Desk.similarities`` joins the two through the pipeline's
worker pool.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.model import Report
from newsdesk.store import Store
from newsdesk.stories.features import (
    Evidence,
    add_leads,
    document_frequencies,
    evidence_for,
    idf_weights,
)
from newsdesk.stories.pairmodel import pair_score

Side = tuple[Report, Evidence]


def pair_evidence(reports: list[Report], vectors: list[dict] | None = None) -> list[Evidence]:
    """The evidence of analysed reports, encoded together (``vectors``: those their analysis computed, reused)."""
    known: dict[str, dict] = {}
    for found in vectors or []:
        for encoder, by_hash in found.items():
            known.setdefault(encoder, {}).update(by_hash)
    return evidence_for(None, reports, known=known)


def score_evidence(store: Store | None, pairs: Sequence[tuple[Side, Side]]) -> list[float]:
    """Same-story scores in [0, 1] for pairs of (report, evidence).

    A pair with a report USE-m3 cannot read gets e5 leads on both sides first
    (cached in ``store`` when given).  The n-gram IDF is estimated from the
    batch itself, as a TF-IDF vectoriser would be fitted on the corpus at hand.
    """
    add_leads(store, pairs)
    unique = {id(ev): ev for pair in pairs for _, ev in pair}
    idf = idf_weights(*document_frequencies(ev.grams for ev in unique.values())) if unique else {}
    return [pair_score(a[1], b[1], idf) for a, b in pairs]


def score_pairs(store: Store | None, pairs: Sequence[tuple[Report, Report]]) -> list[float]:
    """Same-story scores for pairs of analysed reports, encoding every distinct text once (in this process)."""
    facts = evidence_for(store, [r for pair in pairs for r in pair])
    sides = [((a, facts[2 * i]), (b, facts[2 * i + 1])) for i, (a, b) in enumerate(pairs)]
    return score_evidence(store, sides)
