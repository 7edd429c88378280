"""Same-story scoring on SemEval-2022 Task 8 training pairs: Pearson correlation with Overall.

Overall runs from 1 (same story) to 4 (different), so scores are correlated
with its negation.  Reported:

- single-feature baselines (e.g. the e5 cosine of title+lead),
- the combined logistic model over :func:`newsdesk.stories.features.pair_features`
  with 5-fold cross-validation (the honest number), and
- the shipped coefficients (``newsdesk/data/pair_model.json``), which were fitted
  on all pairs and are therefore in-sample here.

``--fit`` refits on all pairs and rewrites the shipped JSON.  Vectors are
cached in ``--cache`` (default ``~/.cache/newsdesk/eval-vectors.db``): the
first run encodes ~1,500 texts with e5 (several minutes on two cores).

    python -m eval.semeval
    python -m eval.semeval --json
    python -m eval.semeval --fit
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

from newsdesk.commands.similarity import analyse_raw
from newsdesk.model import RawReport, Report
from newsdesk.store import Store
from newsdesk.stories.features import (
    PairModel,
    document_frequencies,
    evidence,
    idf_weights,
    pair_features,
    report_vectors,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PAIRS = SHARED / "semeval2022-task8-train" / "pairs.csv"
MODEL_PATH = Path(__file__).resolve().parents[1] / "newsdesk" / "data" / "pair_model.json"
DEFAULT_CACHE = Path.home() / ".cache" / "newsdesk" / "eval-vectors.db"
FOLDS = 5
L2 = 1.0  # ridge penalty on standardised weights; the features are few and correlated
TITLE_MAX = 250


def split_title(text: str) -> tuple[str | None, str]:
    """The scraped texts are "title<two spaces or newline>body"; separate them."""
    text = text.strip()
    cuts = [i for i in (text.find("\n"), text.find("  ")) if 0 < i <= TITLE_MAX]
    if not cuts:
        return None, text
    cut = min(cuts)
    return text[:cut].strip(), text[cut:].strip()


def load_pairs(path: Path = PAIRS) -> tuple[list[tuple[Report, Report]], np.ndarray]:
    """Analysed report pairs and their Overall labels (rows without a usable label or text are skipped)."""
    pairs, overall = [], []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                label = float(row["Overall"])
            except (TypeError, ValueError):
                continue
            if not (row["text1"] or "").strip() or not (row["text2"] or "").strip():
                continue
            reports = []
            for side in ("1", "2"):
                title, body = split_title(row[f"text{side}"])
                raw = RawReport(
                    source=f"{path.name}#{row['pair_id']}/{side}",
                    id=f"{row['pair_id']}/{side}",
                    title=title,
                    text=body or title,
                    lang=row[f"lang{side}"] or None,
                )
                reports.append(analyse_raw(raw))
            pairs.append((reports[0], reports[1]))
            overall.append(label)
    return pairs, np.array(overall)


def feature_matrix(store: Store, pairs: list[tuple[Report, Report]]) -> tuple[list[str], np.ndarray]:
    reports = [r for pair in pairs for r in pair]
    vectors = report_vectors(store, reports)
    facts = [evidence(r, v) for r, v in zip(reports, vectors, strict=True)]
    idf = idf_weights(*document_frequencies(f.grams for f in facts))
    rows = [pair_features(facts[2 * i], facts[2 * i + 1], idf) for i in range(len(pairs))]
    names = list(rows[0])
    return names, np.array([[r[n] for n in names] for r in rows])


def fit_logistic(x: np.ndarray, y: np.ndarray, names: list[str], l2: float = L2) -> PairModel:
    """L2-regularised logistic regression on soft targets in [0, 1], by Newton's method."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return PairModel(
        weights={n: float(v) for n, v in zip(names, w[1:], strict=True)},
        mean={n: float(v) for n, v in zip(names, mean, strict=True)},
        scale={n: float(v) for n, v in zip(names, scale, strict=True)},
        bias=float(w[0]),
    )


def target(overall: np.ndarray) -> np.ndarray:
    """Overall 1..4 as a same-story probability 1..0."""
    return (4.0 - overall) / 3.0


def pearson(scores: np.ndarray, overall: np.ndarray) -> float:
    return float(np.corrcoef(scores, -overall)[0, 1])


def cross_validated(x: np.ndarray, overall: np.ndarray, names: list[str], seed: int = 0) -> tuple[float, np.ndarray]:
    """Pearson of out-of-fold predictions (5 shuffled folds) and those predictions."""
    order = np.random.default_rng(seed).permutation(len(x))
    predictions = np.zeros(len(x))
    for fold in np.array_split(order, FOLDS):
        train = np.setdiff1d(order, fold)
        model = fit_logistic(x[train], target(overall[train]), names)
        predictions[fold] = [model(dict(zip(names, row, strict=True))) for row in x[fold]]
    return pearson(predictions, overall), predictions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--fit", action="store_true", help=f"refit on all pairs and write {MODEL_PATH.name}")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="vector cache (a newsdesk store)")
    args = parser.parse_args(argv)
    if not PAIRS.exists():
        print(f"no data at {PAIRS}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    pairs, overall = load_pairs()
    with Store(args.cache) as store:
        names, x = feature_matrix(store, pairs)
    results: dict[str, float] = {f"baseline: {n}": pearson(x[:, i], overall) for i, n in enumerate(names)}
    results["combined, 5-fold CV"], _ = cross_validated(x, overall, names)
    if args.fit:
        model = fit_logistic(x, target(overall), names)
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
    if MODEL_PATH.exists():
        shipped = PairModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))
        scores = np.array([shipped(dict(zip(names, row, strict=True))) for row in x])
        results["shipped model (in-sample)"] = pearson(scores, overall)
    seconds = time.perf_counter() - started

    if args.json:
        print(json.dumps({"pairs": len(pairs), "pearson": results, "seconds": round(seconds, 1)}))
        return 0
    print(f"SemEval-2022 Task 8 train: {len(pairs)} pairs, Pearson with -Overall ({seconds:.0f} s)")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
