"""The same statement across reports, in the same or another language.

A statement quoted by several outlets (or translated) is one fact with
several witnesses.  Two quotes are linked when their vectors are each other's
best match between the two reports (mutual-best, robust to the narrow score
band of a multilingual encoder, see DESIGN.md) and clear a threshold that
depends on whether the speakers agree:

* speakers agree (same surname or entity key): the lower threshold;
* speakers not comparable (a description, another language's org name, an
  unknown speaker): the higher threshold;
* two different named people: never linked, however similar the words
  ("We will win" said by two leaders is two statements).

The function takes precomputed unit vectors, so it works with any encoder
from :mod:`newsdesk.enrich.vectors` (the caller embeds ``quote.text``).  Scores are
compared after centring (subtracting the mean vector of a broad sample, see
:func:`newsdesk.enrich.vectors.centre`): on the seed reports that moves unrelated
quote pairs to at most 0.43 while the same statement scores 0.64-0.70 (also
Swedish/English), where raw e5 cosines put both near 0.9.  Pass ``mean`` from
a broad sample (e.g. stored vectors); otherwise the quotes' own mean is used
when there are enough of them, and raw cosine with stricter thresholds when
there are not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

import numpy as np

from newsdesk.enrich.quotes.speakers import surname_key
from newsdesk.enrich.vectors import Encoder, cached_encode, centre, estimate_mean, mutual_best, unit_rows
from newsdesk.model import Quote
from newsdesk.store import Store

MIN_WORDS = 4  # shorter quotes ("a rout") are phrases, not statements to link
MIN_SAMPLE = 20  # quotes needed to estimate the centring mean from the quotes themselves
# (speakers agree, speakers not comparable): centred cosine, and raw cosine when nothing can be centred.
# Measured on the seeds with e5: centred, false pairs <= 0.37 (agree) / 0.43 (unsure), true 0.64-0.70;
# raw, false pairs reach 0.886 (agree) / 0.910 (unsure), true 0.922-0.948.
CENTRED_THRESHOLDS = (0.40, 0.50)
RAW_THRESHOLDS = (0.89, 0.915)

_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+")


def speaker_agreement(a: Quote, b: Quote) -> int:
    """1 when two quotes' speakers are the same, -1 when they are two different named people, 0 when unsure."""
    if a.speaker_key and b.speaker_key:
        return 1 if a.speaker_key == b.speaker_key else -1
    if not a.speaker or not b.speaker:
        return 0
    if surname_key(a.speaker) == surname_key(b.speaker):
        return 1
    if _is_name(a.speaker) and _is_name(b.speaker):
        return -1
    return 0


def _is_name(speaker: str) -> bool:
    """A personal name: every word capitalised, two to four words ("Volodymyr Zelensky")."""
    words = speaker.split()
    return 2 <= len(words) <= 4 and all(_CAPITALISED.fullmatch(w) for w in words)


def link_quotes(
    quotes: list[tuple[str, Quote]],
    vectors: np.ndarray,
    *,
    mean: np.ndarray | None = None,
    thresholds: tuple[float, float] | None = None,
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, score)`` of indices into ``quotes`` that are the same statement in two reports.

    ``quotes`` holds ``(report_id, quote)``; ``vectors`` has one unit row per
    quote (the embedding of ``quote.text``).  ``thresholds`` overrides the
    (speakers agree, speakers unsure) minimum scores.  Quotes of one report are
    never linked to each other; ``i < j`` in every pair.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if mean is None and len(vectors) >= MIN_SAMPLE:
        mean = estimate_mean(vectors)
    if mean is not None:
        vectors = centre(vectors, mean)
    min_score_agree, min_score_unsure = thresholds or (CENTRED_THRESHOLDS if mean is not None else RAW_THRESHOLDS)
    by_report: dict[str, list[int]] = defaultdict(list)
    for k, (report_id, quote) in enumerate(quotes):
        if len(quote.text.split()) >= MIN_WORDS:
            by_report[report_id].append(k)
    links = []
    for ra, rb in combinations(sorted(by_report), 2):
        ia, ib = by_report[ra], by_report[rb]
        for x, y, score in mutual_best(vectors[ia], vectors[ib], min_score=min(min_score_agree, min_score_unsure)):
            i, j = ia[x], ib[y]
            agreement = speaker_agreement(quotes[i][1], quotes[j][1])
            if agreement < 0 or score < (min_score_agree if agreement > 0 else min_score_unsure):
                continue
            links.append((min(i, j), max(i, j), round(score, 4)))
    return sorted(links)


def link_stored_quotes(
    store: Store,
    report_ids: list[str],
    encoder: Encoder,
    mean: np.ndarray | None = None,
    thresholds: tuple[float, float] | None = None,
) -> int:
    """Link the same statements among the stored quotes of ``report_ids`` (e.g. one story); returns the link count.

    Quote vectors go through the store's vector cache, so re-linking a story
    after a new report arrives only embeds the new quotes.  Links among these
    quotes are replaced, links to other quotes are kept.  ``thresholds`` are
    centred (speakers agree, unsure) bars for an encoder other than e5.
    """
    if len(report_ids) < 2:
        return 0
    marks = ",".join("?" * len(report_ids))
    rows = list(store.db.execute(f"SELECT * FROM quotes WHERE report_id IN ({marks}) ORDER BY id", report_ids))
    if not rows:
        return 0
    columns = set(rows[0].keys())  # sqlite3.Row: "in" would test values
    fields = [f for f in Quote.__dataclass_fields__ if f in columns]
    quotes = [(r["report_id"], Quote(**{f: r[f] for f in fields})) for r in rows]
    ids = [r["id"] for r in rows]
    long = [i for i, (_, q) in enumerate(quotes) if len(q.text.split()) >= MIN_WORDS]  # only these can link
    links = []
    if long:
        vectors = unit_rows(cached_encode(store, encoder, [quotes[i][1].text for i in long]))
        if thresholds is not None and mean is None:  # given thresholds are on the centred scale
            mean = estimate_mean(vectors)
        found = link_quotes([quotes[i] for i in long], vectors, mean=mean, thresholds=thresholds)
        links = [(long[i], long[j], score) for i, j, score in found]
    with store.transaction() as db:
        db.execute(f"DELETE FROM quote_links WHERE quote_id IN ({','.join('?' * len(ids))})", ids)
        db.executemany(
            "INSERT OR REPLACE INTO quote_links (quote_id, other_id, score) VALUES (?, ?, ?)",
            [(ids[i], ids[j], score) for i, j, score in links],
        )
    return len(links)
