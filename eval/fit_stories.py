"""Fit the story model (newsdesk/data/story_model.json) on the dev sets, one configuration for all.

1. Every report of MMDS2025 dev and ECB+ dev (topics 1-22) goes through the
   per-report analysis and the evidence step of the pipeline (vectors of both
   encoders, names after entity resolution, numbers, dates, lead n-grams).
2. Two logistic regressions over the pair features are fitted on the pairs the
   online assignment actually weighs (USE-m3 cosine >= 0.25, or shared names):
   ``fast`` (USE-m3, both datasets) and ``broad`` (e5 instead of USE-m3).
   Each dataset gets equal total weight.
3. The join/merge/regroup thresholds are chosen by replaying the online
   algorithm of :mod:`newsdesk.stories` (average link over the latest members,
   merge check, re-clustering of the newcomer's neighbourhood, see
   :func:`replay`) on the pair probabilities, in the given order and two shuffles,
   maximising the worse of the two datasets' margins over their targets
   (BCubed F1 0.94 on MMDS, 0.93 on ECB+ event level).  The topic threshold is
   chosen the same way on ECB+ topic level.

This is tuning on dev data; the held-out test splits are what measure it.
The replay leaves out the candidate search, copies, date vetoes, the
distinct-actors check (it has no names) and the encoder cascade, so its F1 can
differ from ``python -m eval.clusters`` by 0.01-0.04 (most on ECB+, where
vetoes and actors decide); candidates are compared through the pipeline before
one is shipped.  The bundled join 0.3 / merge 0.3 / regroup 0.2 measure
MMDS2025 0.948 and ECB+ 0.940 there; the replay's own
pick (0.35/0.35/0.15 with refitted weights) measured 0.934/0.879 when the
bundled thresholds measured 0.948/0.874.

    python -m eval.fit_stories --out newsdesk/data/story_model.json
"""

from __future__ import annotations

import argparse
import copy
import random
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from eval.clusters import analysed_reports, bcubed, dataset_file
from eval.datasets import read_jsonl
from newsdesk.enrich.entities.resolve import resolve
from newsdesk.store import Store
from newsdesk.stories.assign import MEMBERS, MERGE_MEMBERS, _gramless, pair_time_factor
from newsdesk.stories.evidence import Profile, build_profile, ensure_broad, gram_cosine
from newsdesk.stories.features import pair_features
from newsdesk.stories.model import StoryModel
from newsdesk.stories.pairmodel import PairModel
from newsdesk.stories.regroup import MAX_REPORTS, RIVAL_SCORE, RIVALS, cluster

FAST_KEYS = ["usem3", "grams", "names", "names_jaccard", "numbers", "same_lang"]
BROAD_KEYS = ["e5", "grams", "names", "names_jaccard", "numbers", "same_lang"]
TARGETS = {"mmds": 0.94, "ecb": 0.93}


def profiles(dataset: str, cache: Path) -> tuple[list[Profile], list, list]:
    """Profiles of every report (as the pipeline builds them), event gold and topic gold."""
    path = dataset_file("mmds" if dataset == "mmds" else "ecb-event", cache)
    rows = list(read_jsonl(path))
    gold = [r["gold"] for r in rows]
    topic_gold = [r.get("topic", r["gold"]) for r in rows]
    reports = analysed_reports(path, cache)
    store = Store(cache / f"fit-{dataset}.db")
    out = []
    with store.transaction():
        for report in map(copy.deepcopy, reports):
            report.mentions, entities = resolve(report.mentions, store.all_entities())
            for entity in entities:
                store.upsert_entity(entity)
            if store.report_id_for(report.source) is None:
                store.save_report(report, report.source)
            out.append(build_profile(store, report))
        ensure_broad(store, out)
    store.close()
    return out, gold, topic_gold


def feature_tensor(profs: list[Profile]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Pair features (all keys of both models) and the time factor the pipeline applies, as n x n arrays."""
    n = len(profs)
    keys = sorted(set(FAST_KEYS) | set(BROAD_KEYS))
    feats = {k: np.zeros((n, n), dtype=np.float32) for k in keys}
    timef = np.ones((n, n), dtype=np.float32)
    bare = [_gramless(p.evidence) for p in profs]
    for i in range(n):
        for j in range(i + 1, n):
            f = pair_features(bare[i], bare[j])
            f["grams"] = gram_cosine(profs[i], profs[j]) * f["same_lang"]
            for k in keys:
                feats[k][i, j] = feats[k][j, i] = f[k]
            timef[i, j] = timef[j, i] = pair_time_factor(profs[i], profs[j])
    return feats, timef


def fit_model(data: dict[str, dict], keys: list[str]) -> PairModel:
    xs, ys, ws = [], [], []
    for d in data.values():
        n = len(d["gold"])
        iu = np.triu_indices(n, 1)
        g = np.array([hash(x) for x in d["gold"]])
        y = (g[:, None] == g[None, :])[iu]
        x = np.stack([d["feats"][k][iu] for k in keys], axis=1)
        hard = (d["feats"]["usem3"][iu] >= 0.25) | (d["feats"]["names"][iu] >= 0.3)
        xs.append(x[hard])
        ys.append(y[hard])
        ws.append(np.full(int(hard.sum()), 1.0 / max(1, int(hard.sum()))))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    clf = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale, y, sample_weight=w * len(y))
    return PairModel(
        weights={k: round(float(c), 4) for k, c in zip(keys, clf.coef_[0], strict=True)},
        mean={k: round(float(m), 4) for k, m in zip(keys, mean, strict=True)},
        scale={k: round(float(s), 4) for k, s in zip(keys, scale, strict=True)},
        bias=round(float(clf.intercept_[0]), 4),
    )


def probabilities(model: PairModel, feats: dict[str, np.ndarray]) -> np.ndarray:
    z = np.full_like(next(iter(feats.values())), model.bias)
    for k, w in model.weights.items():
        z += w * (feats[k] - model.mean.get(k, 0.0)) / (model.scale.get(k, 1.0) or 1.0)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def replay(
    p_timed: np.ndarray,
    p_untimed: np.ndarray,
    order: list[int],
    join: float,
    merge: float,
    topic: float,
    regroup: float,
) -> tuple[list[int], list[int]]:
    """The online algorithm of newsdesk.stories on a probability matrix; (story, topic) per item.

    Assignment and merges as in :mod:`newsdesk.stories.assign`, then the
    re-clustering of :mod:`newsdesk.stories.regroup` (the newcomer's story and
    its closest rivals, average link at ``regroup``).  Not replayed: the
    candidate search (every story is a candidate here) and date vetoes.
    """
    stories: dict[int, list[int]] = {}
    topic_of: dict[int, int] = {}
    for i in order:
        scored = []
        for s, members in stories.items():
            last = members[-MEMBERS:]
            scored.append((float(p_timed[i, last].mean()), float(p_untimed[i, last].mean()), s))
        scored.sort(reverse=True)
        if scored and scored[0][0] >= join:
            chosen = scored[0][2]
            stories[chosen].append(i)
        else:
            chosen = len(topic_of)
            best_topic = max(scored, key=lambda s: s[1], default=None)
            topic_of[chosen] = topic_of[best_topic[2]] if best_topic and best_topic[1] >= topic else chosen
            stories[chosen] = [i]
        for event, _t, other in scored[1:]:
            if event < join or other == chosen or other not in stories:
                continue
            a, b = stories[chosen][-MERGE_MEMBERS:], stories[other][-MERGE_MEMBERS:]
            if float(p_timed[np.ix_(a, b)].mean()) >= merge:
                keep, gone = min(chosen, other), max(chosen, other)
                stories[keep] += stories.pop(gone)
                old, new = topic_of[gone], topic_of[keep]
                topic_of.update({s: new for s, t in topic_of.items() if t == old})
                chosen = keep
        rivals = sorted(((t, s) for _e, t, s in scored if s != chosen and s in stories), reverse=True)
        involved = [chosen] + [s for t, s in rivals[:RIVALS] if t >= RIVAL_SCORE]
        ids = [k for s in involved for k in stories[s]]
        if len(involved) < 2 or len(ids) > MAX_REPORTS:
            continue
        groups = cluster(p_timed[np.ix_(ids, ids)], np.zeros((len(ids), len(ids)), dtype=bool), regroup)
        for s in involved:
            del stories[s]
        spare = iter(involved)
        for group in sorted(groups, key=len, reverse=True):
            story = next(spare, None)
            if story is None:  # a split: the new part keeps the topic
                story = len(topic_of)
                topic_of[story] = topic_of[chosen]
            stories[story] = [ids[k] for k in group]
    story_of = {i: s for s, members in stories.items() for i in members}
    n = len(order)
    return [story_of[i] for i in range(n)], [topic_of[story_of[i]] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-eval")
    args = parser.parse_args()
    data = {}
    for dataset in ("mmds", "ecb"):
        profs, gold, topic_gold = profiles(dataset, args.cache)
        feats, timef = feature_tensor(profs)
        data[dataset] = {"gold": gold, "topic_gold": topic_gold, "feats": feats, "time": timef}
        print(dataset, len(profs), "reports", flush=True)
    fast, broad = fit_model(data, FAST_KEYS), fit_model(data, BROAD_KEYS)
    print("fast", fast, "\nbroad", broad, flush=True)
    orders = {}
    for dataset, d in data.items():
        n = len(d["gold"])
        shuffled = [list(range(n))]
        for seed in (1, 2):
            order = list(range(n))
            random.Random(seed).shuffle(order)
            shuffled.append(order)
        orders[dataset] = shuffled
        d["p"] = probabilities(fast, d["feats"])
    best = None
    for join in np.arange(0.2, 0.56, 0.05):
        for merge in (join, join + 0.1, 2.0):
            for regroup in (0.15, 0.2, 0.25, 0.3):
                margins = []
                for dataset, d in data.items():
                    f1 = np.mean(
                        [
                            bcubed(replay(d["p"] * d["time"], d["p"], o, join, merge, 2.0, regroup)[0], d["gold"])["f1"]
                            for o in orders[dataset]
                        ]
                    )
                    margins.append(f1 - TARGETS[dataset])
                print(f"join {join:.2f} merge {merge:.2f} regroup {regroup:.2f} margins {np.round(margins, 4)}")
                if best is None or min(margins) > best[0]:
                    best = (min(margins), float(join), float(merge), regroup)
    _, join, merge, regroup = best
    d = data["ecb"]
    topic = max(
        np.arange(0.1, 0.9, 0.05),
        key=lambda t: bcubed(
            replay(d["p"] * d["time"], d["p"], orders["ecb"][0], join, merge, t, regroup)[1], d["topic_gold"]
        )["f1"],
    )
    model = StoryModel(fast, broad, round(join, 3), round(min(merge, 1.0), 3), round(float(topic), 3), regroup)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print("wrote", args.out, "join", join, "merge", merge, "topic", topic, "regroup", regroup)


if __name__ == "__main__":
    main()
