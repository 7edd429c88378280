"""Fit the attribution cue model (``newsdesk/data/attribution_model.json``) on PolNeAR's training split.

Usage: ``python -m eval.fit_quotes [--write] [--cache FILE] [--limit N] [--json]``

Every verb (and "according to") of every English sentence of the training
articles becomes a clause (:mod:`newsdesk.enrich.quotes.clauses`); a clause is
positive when a gold attribution's Cue overlaps its cue word.  A logistic
regression (scikit-learn) over the clause features is chosen by 5-fold
cross-validation grouped by article: for each regularisation strength and
threshold, the models fitted on four folds run the whole quote finder on the
fifth (each article read by the CLI's reader and analysed as ``newsdesk ingest`` does), and
the setting with the best out-of-fold F1 (mean of all-attribution content and
speaker F1, scored as ``eval.polnear`` does) is refitted on the whole training
split.  The dev split is never read here; ``python -m
eval.polnear --split dev`` reports the shipped model on it.

``--cache FILE`` keeps spaCy's parses between runs (a pickle of DocBin bytes,
keyed by sentence text), since parsing the split takes a few minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pickle
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from eval.polnear import Counts, Gold, cli_report, documents, parse_ann, place, placement, score_document, split_dir
from newsdesk.enrich.quotes import parsed as parsed_module
from newsdesk.enrich.quotes.clauses import PARSE_MAX_CHARS, Clause, _parser, clauses, parse
from newsdesk.enrich.quotes.cuemodel import MODEL_FILE, UNSEEN, CueModel, clause_features
from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.enrich.quotes.marks import read_marks
from newsdesk.enrich.quotes.parsed import narrated, segments
from newsdesk.enrich.windows import in_windows
from newsdesk.model import Report

MIN_WEIGHT = 0.02  # smaller weights are dropped from the shipped model (it stays small; scores move < 1%)
# The solver runs to the regularised optimum: at scikit-learn's default tolerance (1e-4) lbfgs stopped after 131
# iterations and 235 of 82,646 training clauses were decided otherwise than at the optimum (probabilities off by up
# to 0.05), so any change to the rows moved unrelated decisions.  At 1e-6 one clause differs from 1e-8.
TOLERANCE = 1e-6
MIN_FORM_COUNT = 3  # a cue word seen fewer times in training is "unseen" (it keeps its word-list features)
C_GRID = (0.5, 1.0)
THRESHOLD_GRID = tuple(round(0.25 + 0.05 * k, 2) for k in range(8))  # 0.25 … 0.60
FOLDS = 5
TARGETS = ("all content", "all speaker")


@dataclass
class Article:
    name: str
    text: str
    gold: list[Gold]
    report: Report  # as ``newsdesk ingest`` reads and analyses it, without its quotes
    offsets: list[int]  # each paragraph's offset in ``text`` (-1: extraction rewrote it)
    absolute: Callable[[int, int, int], tuple[int, int]]  # a paragraph's span moved to ``text``


def load(split: str | Path, limit: int | None = None) -> list[Article]:
    """The split's articles, each read by the CLI's reader and analysed up to the quote stage (extraction,
    language, sentences, the entity stage's mentions) as ``newsdesk ingest`` does."""
    out = []
    for n, (name, text, ann) in enumerate(documents(split)):
        if limit is not None and n >= limit:
            break
        report = cli_report(ann.parent.parent / "text" / f"{name}.txt", attribution=False)
        offsets, absolute = placement(report, text)
        out.append(Article(name, text, parse_ann(ann, text), report, offsets, absolute))
    return out


def sentences(article: Article) -> list[tuple[int, int, str, str]]:
    """(paragraph, start, text, masked paragraph) of every sentence the parser may read, as the quote finder cuts them."""
    out = []
    for p in article.report.paragraphs:
        _, masked, readable = read_marks(p.text)
        for start, end in segments(p.text, masked, "en"):
            if end - start <= PARSE_MAX_CHARS:
                out.append((p.index, start, readable[start:end], masked))
    return out


def parse_all(articles: list[Article], cache_file: Path | None) -> dict[str, Any]:
    """spaCy's parse of every sentence, by text (read from and saved to ``cache_file`` when given)."""
    from spacy.tokens import DocBin

    nlp = _parser()
    cache: dict[str, Any] = {}
    if cache_file is not None and cache_file.exists():
        stored = pickle.loads(cache_file.read_bytes())
        cache = dict(zip(stored["texts"], DocBin().from_bytes(stored["docs"]).get_docs(nlp.vocab), strict=True))
    todo = sorted({t for a in articles for _, _, t, _ in sentences(a)} - cache.keys())
    if todo:
        print(f"parsing {len(todo)} sentences", file=sys.stderr)
        cache.update(zip(todo, parse(todo) or [], strict=True))
        if cache_file is not None:
            texts = list(cache)
            bin_ = DocBin(attrs=["ORTH", "TAG", "POS", "HEAD", "DEP", "SENT_START"], docs=[cache[t] for t in texts])
            cache_file.write_bytes(pickle.dumps({"texts": texts, "docs": bin_.to_bytes()}))
    return cache


@contextlib.contextmanager
def cached_parses(cache: dict[str, Any]) -> Iterator[None]:
    """The quote finder reads parses from ``cache`` instead of running spaCy."""
    real = parsed_module.parse
    parsed_module.parse = lambda texts: [cache[t] if t in cache else parse([t])[0] for t in texts]  # type: ignore
    try:
        yield
    finally:
        parsed_module.parse = real


def clause_rows(articles: list[Article], cache: dict[str, Any]) -> list[tuple[int, Clause, bool]]:
    """(article index, clause, is it a gold cue) for every clause of every sentence."""
    rows = []
    for k, a in enumerate(articles):
        cues = [span for g in a.gold for span in g.cue]
        for par, start, text, masked in sentences(a):
            for c in narrated(clauses(cache[text], start), masked):
                lo, hi = a.absolute(par, c.cue_start, c.cue_end) if a.offsets[par] >= 0 else (-1, -1)
                rows.append((k, c, any(s < hi and lo < e for s, e in cues)))
    return rows


def vocabulary_of(rows: list[tuple[int, Clause, bool]]) -> frozenset[str]:
    counts: dict[str, int] = {}
    for _, c, _ in rows:
        counts[c.form] = counts.get(c.form, 0) + 1
    return frozenset(f for f, n in counts.items() if n >= MIN_FORM_COUNT and f != UNSEEN)


def fit(rows: list[tuple[int, Clause, bool]], c_value: float, vocabulary: frozenset[str]) -> CueModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(clause_features(c, vocabulary), 1) for _, c, _ in rows])
    y = [label for _, _, label in rows]
    clf = LogisticRegression(C=c_value, max_iter=3000, tol=TOLERANCE)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {f: round(float(w), 4) for f, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT}
    return CueModel(weights=weights, bias=round(float(clf.intercept_[0]), 4), threshold=0.5, vocabulary=vocabulary)


def score(articles: list[Article], model: CueModel) -> dict[str, Counts]:
    totals: dict[str, Counts] = {}
    for a in articles:
        found = in_windows(a.report, partial(find_quotes, model=model))  # as the pipeline runs the quote stage
        quotes, offsets = place(a.report, found, a.text)
        for key, counts in score_document(a.text, a.gold, quotes, offsets).items():
            totals.setdefault(key, Counts()).add(counts)
    return totals


def objective(totals: dict[str, Counts]) -> float:
    return sum(float(totals[k].row()["f1"]) for k in TARGETS) / len(TARGETS)


def cross_validate(articles: list[Article], rows: list[tuple[int, Clause, bool]], cache: dict[str, Any]) -> dict:
    """Out-of-fold scores of every (C, threshold), folds grouped by article."""
    from sklearn.model_selection import GroupKFold

    groups = [k for k, _, _ in rows]
    results: dict[tuple[float, float], dict[str, Counts]] = {}
    folds = list(GroupKFold(n_splits=FOLDS).split(rows, groups=groups))
    with cached_parses(cache):
        for fold, (train_idx, test_idx) in enumerate(folds):
            train_rows = [rows[i] for i in train_idx]
            held = sorted({rows[i][0] for i in test_idx})
            vocab = vocabulary_of(train_rows)
            for c_value in C_GRID:
                model = fit(train_rows, c_value, vocab)
                for t in THRESHOLD_GRID:
                    totals = score([articles[k] for k in held], replace(model, threshold=t))
                    acc = results.setdefault((c_value, t), {})
                    for key, counts in totals.items():
                        acc.setdefault(key, Counts()).add(counts)
            print(f"fold {fold + 1}/{FOLDS} done", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write newsdesk/{MODEL_FILE}")
    parser.add_argument("--cache", type=Path, default=None, help="keep spaCy's parses in this file")
    parser.add_argument("--limit", type=int, default=None, help="only the first N training articles")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (split_dir("train") / "attributions").is_dir():
        print(f"PolNeAR train not found at {split_dir('train')}", file=sys.stderr)
        return 2
    articles = load("train", args.limit)
    cache = parse_all(articles, args.cache)
    rows = clause_rows(articles, cache)
    results = cross_validate(articles, rows, cache)
    (c_best, t_best), best = max(results.items(), key=lambda kv: objective(kv[1]))
    model = replace(fit(rows, c_best, vocabulary_of(rows)), threshold=t_best)
    report = {
        "C": c_best,
        "threshold": t_best,
        "clauses": len(rows),
        "positives": sum(1 for _, _, y in rows if y),
        "articles": len(articles),
        "out_of_fold": {k: v.row() for k, v in sorted(best.items())},
        "grid": {f"C={c} t={t}": round(objective(v), 4) for (c, t), v in sorted(results.items())},
    }
    if args.write:
        path = Path(__file__).resolve().parents[1] / "newsdesk" / MODEL_FILE
        data = {
            "fitted_by": "python -m eval.fit_quotes --write (scikit-learn LogisticRegression on PolNeAR train)",
            "fit": {k: report[k] for k in ("C", "threshold", "clauses", "positives", "articles", "out_of_fold")},
            "bias": model.bias,
            "threshold": model.threshold,
            "vocabulary": sorted(model.vocabulary),
            "weights": dict(sorted(model.weights.items())),
        }
        path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"C={c_best} threshold={t_best}  ({len(rows)} clauses, {report['positives']} cues)")
        for key, row in report["out_of_fold"].items():
            print(f"  out-of-fold {key:<16} P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
