"""Figure extraction quality: the project's own sentence corpus and the bundled sample.

``tests/data/figures_corpus.jsonl`` holds sentences written for this purpose
(en, sv, de, fr, es, ru, nl) with the figures a reader would expect, including
sentences with years, dates, ordinals and model numbers and no figure at all.
A predicted figure matches an expected one when value (and upper bound),
qualifier and unit (or, unit-less, dimension) agree; each expected figure is
matched at most once.  Counted-noun accuracy is reported over the matches.

The bundled sample (``examples/sample`` with ``examples/expected.json``) is
scored the same way per report, after the real per-report stages (extraction,
sentences, quotes).

    python -m eval.figures            # summary and misses
    python -m eval.figures --sample   # the bundled sample instead
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

from newsdesk.enrich.figures.finder import find_figures
from newsdesk.model import Figure, Paragraph, Report

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "figures_corpus.jsonl"
SAMPLE = ROOT / "examples"


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


def analyse_sample(folder: Path = SAMPLE) -> dict[str, Report]:
    """The sample's reports through the per-report stages that figures depend on, keyed by report id."""
    from newsdesk.enrich.quotes.finder import find_quotes
    from newsdesk.enrich.sentences import split_sentences
    from newsdesk.extract import extract
    from newsdesk.sources import iter_sources

    reports = {}
    for raw in iter_sources([str(folder / "sample")]):
        if not hasattr(raw, "body"):
            continue
        report = extract(raw)
        report.sentences = split_sentences(report)
        report.quotes = find_quotes(report)
        report.figures = find_figures(report)
        reports[raw.id or raw.url or Path(raw.source).stem] = report
    return reports


def sample_rows(folder: Path = SAMPLE) -> list[dict[str, Any]]:
    """The sample as evaluation rows: one per report, with the answer key's figures."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["figures"]
    reports = analyse_sample(folder)
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fig in expected:
        gold[fig["report"]].append({**fig, "counted": None})
    return [
        {"id": rid, "lang": r.lang or "?", "figures": gold.get(rid, []), "predicted": r.figures}
        for rid, r in reports.items()
    ]


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = counted_ok = 0
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: list[dict[str, Any]] = []
    for row in rows:
        preds = row["predicted"] if "predicted" in row else predict(row["text"], row["lang"])
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
            misses.append({"id": row["id"], "kind": "missed", "figure": gold[i]})
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
    parser.add_argument("--sample", action="store_true", help="score the bundled sample (examples/) instead")
    args = parser.parse_args(argv)
    result = evaluate(sample_rows() if args.sample else load(args.corpus))
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
