"""Stories that do not depend on the order of a batch (``newsdesk cluster --orders N``).

Online clustering places each report given the reports before it, so one
batch in another order can end in other stories: on MMDS2025 dev, BCubed F1
0.926-0.953 over sixteen shuffles against 0.956 in the file's order.  A
batch is therefore clustered in N orders of its own making, and two reports
share a story only where more than half of the orders put them together
(co-association consensus, as in ensemble clustering).  The orders are made
from the set of reports alone, so the result does not depend on the order
they came in.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Sequence

from newsdesk.extract.dates import normalize_date
from newsdesk.model import RawReport, text_hash
from newsdesk.stories.groups import components

SEED = "newsdesk-orders"  # fixed: the same batch always gets the same orders
# The number of orders ``newsdesk cluster --orders`` suggests.  Each costs a placement of every report (~10 ms a
# report; the analysis is shared).  Seven, from how the consensus of K random orders varied between draws on
# MMDS2025 / ECB+ dev (BCubed F1 standard deviation 0.006 / 0.003 for K = 3, 0.006 / 0.002 for 5, 0.002 / 0.001
# for 7); the orders made here are fixed, so any K gives the same stories for any input order.
ORDERS = 7


def order_key(raw: RawReport) -> tuple[str, str, str]:
    """What :func:`batch_orders` orders a report by: its day (normalised, "" if none), a hash of its title and
    text with all whitespace folded, then its content hash.

    The folded hash makes the orders independent of layout: the same reports
    given as one paragraph each get the same orders as in paragraphs (which
    ``newsdesk cluster`` must treat alike); the content hash only breaks ties
    between reports that differ in whitespace alone.
    """
    folded = " ".join(f"{raw.title or ''}\x1f{raw.body}".split())
    return (normalize_date(raw.date) or "", text_hash(folded), raw.content_hash())


def batch_orders(keys: Sequence[tuple[str, ...]], n: int, seed: str = SEED) -> list[list[int]]:
    """``n`` orders of a batch (lists of item indices), from each item's :func:`order_key` alone.

    The first is by date, then the folded hash; each other is a seeded shuffle
    in which dated reports keep their chronological order, the order a
    stream brings them in, and reports of one day (or undated) come in
    random order.  Items with equal keys have the same content, so whichever
    comes first, the other is filed as its copy: their order changes nothing.
    Another ``seed`` draws other shuffles (to measure how much the draw moves
    a score: ``python -m eval.stories_oof --orders 7 --order-seeds 5``).
    """
    canonical = sorted(range(len(keys)), key=lambda i: keys[i])
    orders = [canonical]
    for k in range(1, n):
        rng = random.Random(f"{seed}-{k}")
        draw = {i: rng.random() for i in canonical}  # drawn in the canonical order: input order plays no part
        orders.append(sorted(canonical, key=lambda i: (keys[i][0], draw[i])))
    return orders


def agreed_groups(labels: Sequence[Sequence[Hashable | None]]) -> list[int | None]:
    """A group number per item (1, 2, ... by first appearance; None where no order placed it), from
    ``labels[k][i]``, item i's story in order k.

    Two items are joined when more than half of the orders give them one
    story, and groups are the connected components of that relation.  Items
    with the same label in every order are counted as one, so the work is
    linear in the batch for stories the orders agree on (quadratic only in
    the number of different ways the orders split one story).
    """
    if not labels:
        return []
    signatures = list(zip(*labels, strict=True))  # each item's labels across the orders
    kinds = {sig: k for k, sig in enumerate(dict.fromkeys(signatures))}
    shared: dict[tuple[int, Hashable], list[int]] = defaultdict(list)  # (order, story) -> kinds with it
    for sig, k in kinds.items():
        for order, label in enumerate(sig):
            if label is not None:
                shared[order, label].append(k)
    candidates = {(a, b) for group in shared.values() for i, a in enumerate(group) for b in group[i + 1 :]}
    need = len(labels) / 2
    by_kind = list(kinds)
    joined = [
        (a, b)
        for a, b in candidates
        if sum(x == y and x is not None for x, y in zip(by_kind[a], by_kind[b], strict=True)) > need
    ]
    root = components(range(len(kinds)), joined)
    number: dict[int, int] = {}
    out: list[int | None] = []
    for sig in signatures:
        if all(label is None for label in sig):
            out.append(None)
        else:
            out.append(number.setdefault(root[kinds[sig]], len(number) + 1))
    return out
