"""The SemEval fitting tools: tree export and article-grouped folds (no SemEval data needed)."""

from __future__ import annotations

import numpy as np
import pytest

from eval.semeval import TREES, article_groups, fit_trees
from newsdesk.model import Report


def test_exported_trees_predict_what_scikit_learn_predicts() -> None:
    ensemble = pytest.importorskip("sklearn.ensemble")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = 0.5 * (x[:, 0] > 0) + 0.1 * x[:, 1] ** 2 + 0.05 * rng.normal(size=300)
    trees = fit_trees(x, y, ("a", "b", "c"))
    reference = ensemble.GradientBoostingRegressor(random_state=0, **TREES).fit(x, y)
    test = rng.normal(size=(100, 3))
    ours = [trees(dict(zip("abc", row, strict=True))) for row in test]
    assert np.allclose(ours, reference.predict(test), atol=1e-4)


def test_pairs_sharing_an_article_fall_in_one_group() -> None:
    def pair(pid: str) -> tuple[Report, Report]:
        return tuple(Report(id=f"{pid}/{s}", source="", content_hash="", raw="") for s in (1, 2))  # type: ignore[return-value]

    groups = article_groups([pair("1_2"), pair("3_4"), pair("2_5"), pair("5_6"), pair("7_8")])
    assert groups[0] == groups[2] == groups[3]
    assert len({groups[0], groups[1], groups[4]}) == 3
