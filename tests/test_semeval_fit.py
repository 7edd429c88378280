"""The SemEval fitting tools: tree export, article-grouped folds, and reading pairs as ``newsdesk similarity``
does (no SemEval data needed)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from eval.semeval import TREES, article_groups, fit_trees, load_pairs, similarity_rows
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


def _csv(path: Path) -> Path:
    head = "Sturm legt Fährverkehr nach Nordholm lahm"
    body = "Die Fähre nach Nordholm fällt bis Freitag aus, teilte die Reederei am Montag mit."
    rows = [
        {"pair_id": "11_12", "lang1": "de", "lang2": "en", "text1": f"{head}  {body}",
         "text2": "Storm halts Northholm ferry\nThe ferry to Northholm is cancelled until Friday.", "Overall": "1.5"},
        {"pair_id": "11_12", "lang1": "de", "lang2": "en", "text1": body, "text2": "A second translation.",
         "Overall": "2"},
        {"pair_id": "13_14", "lang1": "en", "lang2": "en", "text1": "", "text2": "No first text.", "Overall": "4"},
        {"pair_id": "15_16", "lang1": "en", "lang2": "", "text1": "Text.", "text2": "Text.", "Overall": ""},
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_pairs_are_read_as_newsdesk_similarity_reads_them(tmp_path: Path) -> None:
    path = _csv(tmp_path / "pairs.csv")
    rows = list(similarity_rows(path))
    assert [(row["id"], label) for row, label in rows] == [("11_12", 1.5), ("11_12", 2.0), ("15_16", None)]
    first = rows[0][0]
    assert first["a"]["text"].startswith("Sturm legt") and first["a"]["lang"] == "de"
    assert "lang" not in rows[2][0]["b"]  # no language given: the CLI detects it
    assert len({row[side]["id"] for row, _ in rows for side in "ab"}) == 6  # a repeated pair id stays two pairs
    pairs, overall = load_pairs(path)
    assert list(overall) == [1.5, 2.0]
    (de, en), _ = pairs
    assert (de.title, en.title) == ("Sturm legt Fährverkehr nach Nordholm lahm", "Storm halts Northholm ferry")
    assert len(set(article_groups(pairs))) == 1


def test_story_training_pairs_have_the_headline_apart(tmp_path: Path) -> None:
    # eval.fit_stories reads the pairs in the shape of `newsdesk cluster` rows: the title in its own field.
    path = _csv(tmp_path / "pairs.csv")
    first, *_ = (row for row, _ in similarity_rows(path, titles_apart=True))
    assert first["a"]["title"] == "Sturm legt Fährverkehr nach Nordholm lahm"
    assert first["a"]["text"].startswith("Die Fähre nach Nordholm")
    assert first["b"]["title"] == "Storm halts Northholm ferry"
