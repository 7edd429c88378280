"""Fit the story model (newsdesk/data/story_model.json) on every labelled corpus together.

1. Training decisions.  Every report of MMDS2025 dev, ECB+ dev (topics 1-22)
   and 20min-XD val goes through the pipeline's analysis (cached, see
   ``eval.clusters``) and the evidence step of placement (``build_profile``
   after entity resolution: the USE-m3 vector, names, numbers, dates, lead
   n-grams; e5 of the lead for the broad model).  Each pair of reports of one
   corpus is a same-event decision with the features the pipeline's
   ``assign.pair_probability`` computes, labelled by the gold stories; the
   SemEval-2022 train pairs add 736 decisions labelled by their Overall score
   ((4 - Overall) / 3 as a soft label).  Clustering corpora contribute the
   pairs the online assignment actually weighs (USE-m3 cosine >= 0.25 or
   shared names); each corpus gets the same total weight, so no corpus (and
   no rule for one) dominates.
2. Two logistic regressions (scikit-learn): ``fast`` (USE-m3) and ``broad``
   (e5 instead of USE-m3, for languages USE-m3 cannot read).
3. Thresholds.  join, merge and regroup are chosen by replaying the online
   algorithm (:func:`replay`: average link over a story's latest members,
   merges, re-clustering of the newcomer's neighbourhood) on the fitted
   probabilities, maximising the mean BCubed F1 over the clustering corpora
   and two ingestion orders; the topic threshold likewise on ECB+ topic level.

``fit(data, train)`` does all of this on a subset of reports and pairs, so
``eval.stories_oof`` refits it per fold and measures each fold's model with
the pipeline itself on the reports it never saw.

    python -m eval.fit_stories --out newsdesk/data/story_model.json
"""

from __future__ import annotations

import argparse
import copy
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from eval.clusters import DEFAULT_CACHE, analysed_reports, bcubed, dataset_file
from eval.datasets import available, read_jsonl
from newsdesk.enrich.entities.resolve import resolve
from newsdesk.model import Report
from newsdesk.store import Store
from newsdesk.stories.assign import MEMBERS, MERGE_MEMBERS, _gramless, pair_time_factor
from newsdesk.stories.evidence import Profile, build_profile, ensure_broad, gram_cosine
from newsdesk.stories.features import pair_features
from newsdesk.stories.model import StoryModel
from newsdesk.stories.pairmodel import PairModel
from newsdesk.stories.regroup import MAX_REPORTS, RIVAL_SCORE, RIVALS, cluster

FAST_KEYS = ["usem3", "grams", "names", "names_jaccard", "numbers", "same_lang"]
BROAD_KEYS = ["e5", "grams", "names", "names_jaccard", "numbers", "same_lang"]
CLUSTERED = {"mmds": "mmds", "ecb": "ecb-event", "20min": "20min"}  # corpus -> eval.clusters dataset
JOINS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
REGROUPS = (0.15, 0.2, 0.25, 0.3)
TOPICS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
ORDERS = 2  # the given order and one shuffle
L2 = 1.0  # scikit-learn's default inverse regularisation, on standardised features


@dataclass
class Corpus:
    """One corpus as pair decisions: features (n x n per key), time factors, gold, and fold groups."""

    name: str
    feats: dict[str, np.ndarray]
    time: np.ndarray
    gold: list[str]
    topic_gold: list[str]
    groups: list[str]  # reports of one group are held out together (a story; an ECB+ topic)
    soft: np.ndarray | None = None  # SemEval: one soft label per pair (pairs, not n x n)
    pair_groups: list[str] = field(default_factory=list)


def _profiles(reports: list[Report], vectors: Path) -> list[Profile]:
    """The reports' profiles as placement builds them (entities resolved first, e5 of every lead), in a fresh
    store whose vectors come from and go back to the cache ``vectors``."""
    store = Store(":memory:")
    db = store.db
    db.execute("ATTACH DATABASE ? AS cache", (str(vectors),))
    db.execute("CREATE TABLE IF NOT EXISTS cache.vectors AS SELECT * FROM main.vectors WHERE 0")
    db.execute("INSERT OR IGNORE INTO main.vectors SELECT * FROM cache.vectors")
    db.commit()
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
    db.execute("INSERT OR IGNORE INTO cache.vectors SELECT * FROM main.vectors")
    db.commit()
    store.close()
    return out


def _pair_row(a: Profile, b: Profile) -> dict[str, float]:
    """What assign.pair_probability feeds the model for a pair of profiles."""
    f = pair_features(_gramless(a.evidence), _gramless(b.evidence))
    f["grams"] = gram_cosine(a, b) * f["same_lang"]
    return f


def clustered_corpus(name: str, cache: Path) -> Corpus:
    """A clustering corpus's pair features, time factors and labels."""
    path = dataset_file(CLUSTERED[name], cache)
    rows = list(read_jsonl(path))
    reports = analysed_reports(path, cache)
    profs = _profiles(reports, cache / "vectors.db")
    n = len(profs)
    keys = sorted(set(FAST_KEYS) | set(BROAD_KEYS))
    feats = {k: np.zeros((n, n), dtype=np.float32) for k in keys}
    timef = np.ones((n, n), dtype=np.float32)
    for i in range(n):
        for j in range(i + 1, n):
            f = _pair_row(profs[i], profs[j])
            for k in keys:
                feats[k][i, j] = feats[k][j, i] = f[k]
            timef[i, j] = timef[j, i] = pair_time_factor(profs[i], profs[j])
    gold = [r["gold"] for r in rows]
    groups = [r.get("topic", r["gold"]) for r in rows]
    return Corpus(name, feats, timef, gold, [r.get("topic", r["gold"]) for r in rows], [f"{name}:{g}" for g in groups])


def semeval_corpus(cache: Path, vectors: Path | None) -> Corpus:
    """SemEval-2022 train pairs as decisions with the pipeline's features (``vectors``: a vector cache to reuse)."""
    from eval.semeval import PAIRS, article_groups, cached_pairs, target

    pairs, overall = cached_pairs(PAIRS, (vectors or cache / "vectors.db").parent)
    unique = {r.content_hash: r for pair in pairs for r in pair}  # an article can be in several pairs
    found = dict(zip(unique, _profiles(list(unique.values()), vectors or cache / "vectors.db"), strict=True))
    profs = [found[r.content_hash] for pair in pairs for r in pair]
    rows = [_pair_row(profs[2 * i], profs[2 * i + 1]) for i in range(len(pairs))]
    keys = sorted(set(FAST_KEYS) | set(BROAD_KEYS))
    feats = {k: np.array([row[k] for row in rows], dtype=np.float32) for k in keys}
    groups = [f"semeval:{g}" for g in article_groups(pairs)]
    return Corpus("semeval", feats, np.ones(len(rows)), [], [], [], soft=target(overall), pair_groups=groups)


def load_corpora(cache: Path, vectors: Path | None) -> dict[str, Corpus]:
    corpora = {name: clustered_corpus(name, cache) for name in CLUSTERED if available(name)}
    from eval.semeval import PAIRS

    if PAIRS.exists():
        corpora["semeval"] = semeval_corpus(cache, vectors)
    return corpora


# -- fitting -----------------------------------------------------------------------


def _decisions(corpus: Corpus, keep: np.ndarray, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(features, soft label) of the corpus's training decisions among the reports (or pairs) in ``keep``."""
    if corpus.soft is not None:
        x = np.stack([corpus.feats[k][keep] for k in keys], axis=1)
        return x, corpus.soft[keep]
    idx = np.flatnonzero(keep)
    iu = np.triu_indices(len(idx), 1)
    rows, cols = idx[iu[0]], idx[iu[1]]
    gold = np.array(corpus.gold)
    y = (gold[rows] == gold[cols]).astype(float)
    x = np.stack([corpus.feats[k][rows, cols] for k in keys], axis=1)
    hard = (corpus.feats["usem3"][rows, cols] >= 0.25) | (corpus.feats["names"][rows, cols] >= 0.3)
    return x[hard], y[hard]


def fit_model(corpora: Mapping[str, Corpus], keep: Mapping[str, np.ndarray], keys: list[str]) -> PairModel:
    """Logistic regression over ``keys`` on every corpus's training decisions, each corpus weighing the same."""
    xs, ys, ws = [], [], []
    for name, corpus in corpora.items():
        x, y = _decisions(corpus, keep[name], keys)
        if not len(y):
            continue
        # a soft label t is a positive of weight t and a negative of weight 1 - t
        xs += [x, x]
        ys += [np.ones(len(y)), np.zeros(len(y))]
        ws += [y / len(y), (1 - y) / len(y)]
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    clf = LogisticRegression(C=L2, max_iter=5000).fit((x - mean) / scale, y, sample_weight=w * len(y) / w.sum())
    return PairModel(
        weights={k: round(float(c), 4) for k, c in zip(keys, clf.coef_[0], strict=True)},
        mean={k: round(float(m), 4) for k, m in zip(keys, mean, strict=True)},
        scale={k: round(float(s), 4) for k, s in zip(keys, scale, strict=True)},
        bias=round(float(clf.intercept_[0]), 4),
    )


def probabilities(model: PairModel, feats: Mapping[str, np.ndarray]) -> np.ndarray:
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
    """The online algorithm of newsdesk.stories on a probability matrix; (story, topic) per item of ``order``.

    Assignment and merges as in :mod:`newsdesk.stories.assign`, then the
    re-clustering of :mod:`newsdesk.stories.regroup` (the newcomer's story and
    its closest rivals, average link at ``regroup``).  Not replayed: the
    candidate search (every story is a candidate here), date vetoes and the
    distinct-actors check, so the pipeline's F1 differs; what this chooses is
    measured through the pipeline (``eval.stories_oof``).
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
    return [story_of[i] for i in order], [topic_of[story_of[i]] for i in order]


def _orders(n: int) -> list[list[int]]:
    out = [list(range(n))]
    for seed in range(1, ORDERS):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        out.append(order)
    return out


def choose_thresholds(corpora: Mapping[str, Corpus], keep: Mapping[str, np.ndarray], fast: PairModel) -> dict:
    """join/merge/regroup maximising the mean replayed BCubed F1 over the clustering corpora (training reports only),
    then the topic threshold on the corpora with topics (ECB+)."""
    replays = []
    for name, corpus in corpora.items():
        if corpus.soft is not None or not keep[name].any():  # a left-out corpus has nothing to replay
            continue
        idx = np.flatnonzero(keep[name])
        sub = {k: v[np.ix_(idx, idx)] for k, v in corpus.feats.items()}
        p = probabilities(fast, sub)
        gold = [corpus.gold[i] for i in idx]
        topic_gold = [corpus.topic_gold[i] for i in idx]
        replays.append((p * corpus.time[np.ix_(idx, idx)], p, gold, topic_gold, _orders(len(idx)), corpus.name))

    def f1(join: float, merge: float, regroup: float) -> float:
        scores = []
        for timed, untimed, gold, _, orders, _ in replays:
            runs = []
            for order in orders:
                stories = replay(timed, untimed, order, join, merge, 2.0, regroup)[0]
                runs.append(bcubed(stories, [gold[i] for i in order])["f1"])
            scores.append(float(np.mean(runs)))
        return float(np.mean(scores))

    grid = [(j, m, r) for j in JOINS for m in (j, 2.0) for r in REGROUPS]
    join, merge, regroup = max(grid, key=lambda t: f1(*t))
    with_topics = [r for r in replays if len(set(r[3])) < len(set(r[2]))]

    def topic_f1(t: float) -> float:
        out = []
        for timed, untimed, _, topic_gold, orders, _ in with_topics:
            topics = replay(timed, untimed, orders[0], join, merge, t, regroup)[1]
            out.append(bcubed(topics, [topic_gold[i] for i in orders[0]])["f1"])
        return float(np.mean(out)) if out else 0.0

    topic = max(TOPICS, key=topic_f1)
    return {"join": join, "merge": min(merge, 1.0), "regroup": regroup, "topic": topic}


def fit(corpora: Mapping[str, Corpus], keep: Mapping[str, np.ndarray] | None = None) -> StoryModel:
    """The story model fitted on the reports (pairs, for SemEval) that ``keep`` marks (default: all)."""
    keep = keep or {name: np.ones(_size(c), dtype=bool) for name, c in corpora.items()}
    fast, broad = fit_model(corpora, keep, FAST_KEYS), fit_model(corpora, keep, BROAD_KEYS)
    t = choose_thresholds(corpora, keep, fast)
    return StoryModel(fast, broad, t["join"], t["merge"], t["topic"], t["regroup"])


def _size(corpus: Corpus) -> int:
    return len(corpus.soft) if corpus.soft is not None else len(corpus.gold)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--vectors",
        type=Path,
        help="SemEval's vector cache (eval.semeval's --cache; its analysed pairs are read beside it)",
    )
    args = parser.parse_args(argv)
    corpora = load_corpora(args.cache, args.vectors)
    model = fit(corpora)
    args.out.write_text(model.to_json() + "\n", encoding="utf-8")
    print("wrote", args.out, "join", model.join, "merge", model.merge, "topic", model.topic, "regroup", model.regroup)


if __name__ == "__main__":
    main()
