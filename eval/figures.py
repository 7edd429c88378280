"""Figure extraction quality on the project's own multilingual corpus.

``tests/data/figures_corpus.jsonl`` holds sentences written for this purpose
(en, sv, de, fr, es, ru, nl) with the figures a reader would expect, including
sentences with years, dates, ordinals and model numbers and no figure at all.
A predicted figure matches an expected one when value (and upper bound),
qualifier and unit (or, unit-less, dimension) agree; each expected figure is
matched at most once.  Counted-noun accuracy is reported over the matches.

    python -m eval.figures            # summary and misses
    python -m eval.figures --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsdesk.enrich.figures import find_figures
from newsdesk.model import Figure, Paragraph, Report

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "figures_corpus.jsonl"


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(text: str, lang: str) -> list[Figure]:
    """Figures of one sentence, run as a one-paragraph report."""
    report = Report(id="eval", source="corpus", content_hash="", raw=text, lang=lang)
    report.paragraphs = [Paragraph(0, text, lang)]
    return find_figures(report)


def matches(pred: Figure, gold: dict[str, Any]) -> bool:
    if not math.isclose(pred.value, gold["value"], rel_tol=1e-6):
        return False
    if gold.get("value_max") is not None and not (
        pred.value_max is not None and math.isclose(pred.value_max, gold["value_max"], rel_tol=1e-6)
    ):
        return False
    if pred.qualifier != gold["qualifier"]:
        return False
    if gold.get("unit"):
        return pred.unit == gold["unit"]
    return pred.unit is None and pred.dimension == gold["dimension"]


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = counted_ok = 0
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: list[dict[str, Any]] = []
    for row in rows:
        preds = predict(row["text"], row["lang"])
        gold = list(row["figures"])
        unmatched_gold = list(range(len(gold)))
        for pred in preds:
            hit = next((i for i in unmatched_gold if matches(pred, gold[i])), None)
            if hit is None:
                fp += 1
                by_lang[row["lang"]][1] += 1
                misses.append({"id": row["id"], "kind": "false positive", "figure": _show(pred)})
                continue
            unmatched_gold.remove(hit)
            tp += 1
            by_lang[row["lang"]][0] += 1
            want = gold[hit].get("counted")
            if want is None or (pred.counted or "").lower() == want.lower():
                counted_ok += 1
        for i in unmatched_gold:
            fn += 1
            by_lang[row["lang"]][2] += 1
            misses.append({"id": row["id"], "kind": "missed", "figure": gold[i], "text": row["text"]})
    return {
        "sentences": len(rows),
        "expected": tp + fn,
        "predicted": tp + fp,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "counted_accuracy": _ratio(counted_ok, tp),
        "by_lang": {
            lang: {"precision": _ratio(t, t + f), "recall": _ratio(t, t + n)} for lang, (t, f, n) in by_lang.items()
        },
        "misses": misses,
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def _show(fig: Figure) -> dict[str, Any]:
    return {k: getattr(fig, k) for k in ("text", "value", "qualifier", "value_max", "unit", "dimension", "counted")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    result = evaluate(load(args.corpus))
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    print(f"sentences {result['sentences']}  expected {result['expected']}  predicted {result['predicted']}")
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  counted {result['counted_accuracy']:.3f}"
    )
    for lang, scores in sorted(result["by_lang"].items()):
        print(f"  {lang}: precision {scores['precision']:.3f}  recall {scores['recall']:.3f}")
    for miss in result["misses"]:
        print(f"  {miss['id']}: {miss['kind']}: {miss['figure']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
