"""Fitting the story model and the folds that measure it, on invented decisions (no ../shared data needed)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from eval.clusters import bcubed  # noqa: E402
from eval.fit_stories import BROAD_KEYS, FAST_KEYS, Corpus, fit, probabilities, replay  # noqa: E402
from eval.stories_oof import folds  # noqa: E402


def corpus(name: str, sizes: list[int], seed: int, noise: float = 0.08) -> Corpus:
    """Stories of the given sizes whose same-story pairs score higher on every feature than other pairs."""
    rng = np.random.default_rng(seed)
    gold = [f"{name}-{s}" for s, size in enumerate(sizes) for _ in range(size)]
    n = len(gold)
    same = np.array([[a == b for b in gold] for a in gold], dtype=float)
    feats = {}
    for key in sorted(set(FAST_KEYS) | set(BROAD_KEYS)):
        base = 0.3 + 0.5 * same + rng.normal(0, noise, (n, n))
        feats[key] = ((base + base.T) / 2).astype(np.float32)
    feats["same_lang"] = np.ones((n, n), dtype=np.float32)
    return Corpus(name, feats, np.ones((n, n)), gold, gold, gold)


def test_a_fitted_model_separates_stories_and_its_thresholds_cluster_them() -> None:
    corpora = {"a": corpus("a", [4, 3, 5, 2, 1], 0), "b": corpus("b", [3, 3, 2, 6], 1)}
    model = fit(corpora)
    c = corpora["a"]
    p = probabilities(model.fast, c.feats)
    gold = np.array(c.gold)
    same = gold[:, None] == gold[None, :]
    off = ~np.eye(len(gold), dtype=bool)
    assert p[same & off].min() > p[~same].max()  # every same-story pair above every other pair
    stories, _ = replay(p, p, list(range(len(gold))), model.join, model.merge, model.topic, model.regroup)
    assert bcubed(stories, c.gold)["f1"] == pytest.approx(1.0)


def test_soft_labels_weigh_like_positives_and_negatives() -> None:
    """A SemEval-like corpus of pairs with soft labels moves the model the way its labels say."""
    clustered = {"a": corpus("a", [3, 3, 3], 2)}
    x = np.linspace(0.0, 1.0, 50, dtype=np.float32)
    pairs = Corpus("pairs", {k: x for k in clustered["a"].feats}, np.ones(50), [], [], [], soft=x)
    model = fit({**clustered, "pairs": pairs})
    assert model.fast.weights["usem3"] > 0


def test_folds_keep_groups_whole_and_balanced() -> None:
    groups = [f"g{i // 3}" for i in range(60)]
    fold = folds(groups, k=5)
    for g in set(groups):
        assert len({fold[i] for i, h in enumerate(groups) if h == g}) == 1
    assert sorted(np.bincount(fold)) == [12] * 5


def test_a_left_out_corpus_changes_nothing() -> None:
    """Leave-one-dataset-out: a corpus with no training reports is as if it were absent (not a NaN in the choice)."""
    a, b = corpus("a", [4, 3, 5, 2, 1], 0, noise=0.2), corpus("b", [3, 3, 2, 6], 1, noise=0.2)
    alone = fit({"a": a})
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the mean F1 over corpora must not take an empty one
        keep = {"a": np.ones(len(a.gold), dtype=bool), "b": np.zeros(len(b.gold), dtype=bool)}
        left_out = fit({"a": a, "b": b}, keep)
    assert left_out == alone
