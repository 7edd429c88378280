"""The figures corpus (tests/data/figures_corpus.jsonl): precision and recall of extraction."""

from __future__ import annotations

from collections import Counter

from eval.figures import evaluate, load


def test_corpus_is_large_and_multilingual() -> None:
    rows = load()
    langs = Counter(r["lang"] for r in rows)
    assert len(rows) >= 120
    assert sum(1 for n in langs.values() if n >= 10) >= 5
    assert sum(1 for r in rows if not r["figures"]) >= 20  # negatives: years, ordinals, model numbers


def test_precision_and_recall_at_least_0_9() -> None:
    result = evaluate(load())
    assert result["precision"] >= 0.9, result["misses"]
    assert result["recall"] >= 0.9, result["misses"]
