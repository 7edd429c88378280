"""How likely two analysed reports tell the same story: the pairwise score behind ``newsdesk similarity``."""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.model import Report
from newsdesk.store import Store
from newsdesk.stories.features import document_frequencies, evidence_for, idf_weights
from newsdesk.stories.pairmodel import pair_score


def score_pairs(store: Store | None, pairs: Sequence[tuple[Report, Report]]) -> list[float]:
    """Same-story scores in [0, 1] for report pairs, encoding every distinct text once.

    The n-gram IDF is estimated from the reports of the batch itself, as a
    TF-IDF vectoriser would be fitted on the corpus at hand.  Vectors are
    cached in ``store`` when one is given.
    """
    facts = evidence_for(store, [r for pair in pairs for r in pair])
    idf = idf_weights(*document_frequencies(f.grams for f in facts)) if facts else {}
    return [pair_score(facts[2 * i], facts[2 * i + 1], idf) for i in range(len(pairs))]
