"""Story clustering quality: BCubed and pairwise P/R/F1 of exactly what ``newsdesk cluster`` does.

Every dataset is a JSONL file of ``newsdesk cluster`` input rows with a
``gold`` label (``{id, title?, text, lang?, date?, gold}``): ``--data FILE``
scores any such file, and the built-in datasets (``eval.datasets``) are written
to such files in the cache directory first.  The file is then read by the
CLI's reader (``newsdesk.sources.items.iter_source``) and clustered by
``Desk.cluster`` on a fresh store, as ``newsdesk cluster FILE`` does, so the
two agree.  Two things are cached between runs without changing any result:

- the per-report analysis (spaCy, quotes, figures, the report's vector),
  keyed by the raw report and the analysis code's source; with it the
  analysis runs in this process (``workers=1``), since the pool's workers
  could not see the cache.  ``--no-cache`` runs the CLI's own defaults;
- encoder vectors (a text's vector is a function of the text).

Datasets: ``mmds`` (MMDS2025 dev), ``ecb-event`` and ``ecb-topic`` (ECB+ dev
topics 1-22, scored at event and at topic level), ``20min`` (20min-XD val).

    python -m eval.clusters                          # every built-in dataset
    python -m eval.clusters --dataset mmds --json
    python -m eval.clusters --data my.jsonl --shuffle 1 --shuffle 2 --shuffle 3
    python -m eval.clusters --dataset ecb-event --flat   # each report as one paragraph
    python -m eval.clusters --dataset mmds --orders 7 --shuffle 1   # newsdesk cluster --orders 7
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import importlib
import json
import os
import pickle
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import newsdesk
from eval import datasets
from newsdesk import pipeline
from newsdesk.desk import cluster_in_orders, scratch_desk
from newsdesk.model import ItemError, RawReport, Report
from newsdesk.sources.items import iter_source
from newsdesk.stories.consensus import ORDERS, SEED

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newsdesk-eval"
BUILT_IN = {
    "mmds": ("mmds", "gold"),
    "ecb-event": ("ecb", "gold"),
    "ecb-topic": ("ecb", "topic"),
    "20min": ("20min", "gold"),
}
# What the cached analysis depends on: the packages the per-report analysis runs, and the report vectors its
# workers compute (stories.evidence.precompute_vectors and the texts it encodes); a change anywhere else in
# stories/ keeps the cache valid.
ANALYSIS_CODE = ("sources", "extract", "enrich", "model.py", "pipeline.py", "stories/evidence.py", "stories/texts.py")


# -- metrics -------------------------------------------------------------------


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed_items(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Per-item BCubed precision and recall (Bagga and Baldwin): the overlap of its two clusters."""
    joint = Counter(zip(pred, gold, strict=True))
    size_p, size_g = Counter(pred), Counter(gold)
    both = np.array([joint[(p, g)] for p, g in zip(pred, gold, strict=True)], dtype=float)
    return both / np.array([size_p[p] for p in pred]), both / np.array([size_g[g] for g in gold])


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """BCubed precision/recall/F1: per-item cluster overlap, averaged."""
    p, r = bcubed_items(pred, gold)
    return {"p": float(p.mean()), "r": float(r.mean()), "f1": _f1(float(p.mean()), float(r.mean()))}


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """Precision/recall/F1 over all pairs of items put in the same cluster."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(pred, gold, strict=True)))
    in_p, in_g = pairs(Counter(pred)), pairs(Counter(gold))
    p = both / in_p if in_p else 1.0
    r = both / in_g if in_g else 1.0
    return {"p": p, "r": r, "f1": _f1(p, r)}


def score(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, Any]:
    return {
        "bcubed": bcubed(pred, gold),
        "pairwise": pairwise(pred, gold),
        "clusters": len(set(pred)),
        "gold_clusters": len(set(gold)),
    }


# -- the analysis cache ------------------------------------------------------------


def _source_digest() -> str:
    """A digest of the analysis code's Python source (a few hundred kB: milliseconds to read)."""
    root = Path(newsdesk.__file__).parent
    digest = hashlib.sha256()
    for part in ANALYSIS_CODE:
        for path in sorted((root / part).rglob("*.py")) if (root / part).is_dir() else [root / part]:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _job_key(job: pipeline.Job) -> str:
    """What a job's analysis depends on: every field of the raw report but where it came from, and outlet counts."""
    raw, counts = job
    fields = dataclasses.astuple(dataclasses.replace(raw, source=""))
    return hashlib.sha256(json.dumps([fields, sorted((counts or {}).items())]).encode()).hexdigest()


@contextlib.contextmanager
def cached_analysis(directory: Path) -> Iterator[None]:
    """Within the block, the pipeline's per-report analysis reads and fills a cache in ``directory``.

    The pipeline still decides what to analyse and stores the results as it
    always does; only ``pipeline._analyse_jobs`` answers from the cache for a
    raw report (and outlet counts) it has analysed before with the same code.
    Runs must use ``workers=1``: pool workers would call the uncached function.
    """
    directory.mkdir(parents=True, exist_ok=True)
    digest = _source_digest()
    for stale in directory.glob("analysis-*.db"):  # made by other code: never read again
        if stale.name != f"analysis-{digest}.db":
            stale.unlink()
    db = sqlite3.connect(directory / f"analysis-{digest}.db")
    db.execute("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, value BLOB)")
    real = pipeline._analyse_jobs

    def analyse_jobs(jobs: list[pipeline.Job], attribution: bool = True) -> list[pipeline.Analysed]:
        if not attribution:  # a partial analysis (pair similarity) is not what the cache holds
            return real(jobs, attribution)
        keys = [_job_key(job) for job in jobs]
        out: list[pipeline.Analysed | None] = []
        for key, (raw, _) in zip(keys, jobs, strict=True):
            row = db.execute("SELECT value FROM analysis WHERE key=?", (key,)).fetchone()
            if row is None:
                out.append(None)
                continue
            report, vectors = pickle.loads(row[0])
            report.source = raw.source
            out.append((report, vectors))
        todo = [i for i, found in enumerate(out) if found is None]
        for i, fresh in zip(todo, real([jobs[i] for i in todo]), strict=True):
            out[i] = fresh
            if not isinstance(fresh, ItemError):
                db.execute("INSERT OR REPLACE INTO analysis VALUES (?,?)", (keys[i], pickle.dumps(fresh)))
        db.commit()
        return out  # type: ignore[return-value]

    pipeline._analyse_jobs = analyse_jobs  # type: ignore[assignment]
    try:
        yield
    finally:
        pipeline._analyse_jobs = real  # type: ignore[assignment]
        db.close()


# -- running newsdesk cluster --------------------------------------------------------


def cluster_file(
    path: Path, *, cache: Path | None = DEFAULT_CACHE, workers: int = 0, orders: int = 1, seed: str = SEED
) -> list[dict[str, Any]]:
    """The rows ``newsdesk cluster PATH --json [--orders N]`` prints ({id, story, topic, error?}, in input order).

    With ``cache``, analysis and vectors are cached there (and analysis runs in
    this process; with ``orders`` > 1 the analysis only); without, this is the
    CLI's code with its defaults.  ``seed`` draws the orders (the CLI's by default).
    """
    items: list[RawReport | ItemError] = list(iter_source(str(path)))
    if orders > 1:
        with cached_analysis(cache) if cache else contextlib.nullcontext():
            return cluster_in_orders(items, orders, workers=1 if cache else workers, seed=seed)
    with contextlib.ExitStack() as stack:
        desk = stack.enter_context(scratch_desk(None))
        if cache is None:
            return desk.cluster(items, workers=workers, views=False)  # as the CLI on a temporary store
        stack.enter_context(cached_analysis(cache))
        stack.enter_context(vector_cache(desk.store.db, cache / "vectors.db"))
        return desk.cluster(items, workers=1, views=False)


@contextlib.contextmanager
def vector_cache(db: Any, path: Path) -> Iterator[None]:
    """Within the block a fresh store (connection ``db``) has every encoder vector cached in ``path``; the
    vectors it computed go back to the cache at the end.

    The cache table has the store's own key (encoder, hash), so writing back adds only new vectors.  A cache
    made before it had the key (by ``CREATE TABLE ... AS SELECT``, which drops it) grew by every vector at
    every run, to 15 GB in an afternoon; such a table is rebuilt with the key once.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    db.execute("ATTACH DATABASE ? AS cache", (str(path),))
    schema = db.execute("SELECT sql FROM main.sqlite_master WHERE type='table' AND name='vectors'").fetchone()[0]
    keyed = [r for r in db.execute("PRAGMA cache.table_info(vectors)") if r[5]]
    if not keyed:
        old = _has_table(db, "vectors")
        if old:
            db.execute("ALTER TABLE cache.vectors RENAME TO unkeyed")
        db.execute(schema.replace("CREATE TABLE vectors", "CREATE TABLE cache.vectors", 1))
        if old:
            db.execute("INSERT OR IGNORE INTO cache.vectors SELECT * FROM cache.unkeyed")
            db.execute("DROP TABLE cache.unkeyed")
    db.execute("INSERT OR IGNORE INTO main.vectors SELECT * FROM cache.vectors")
    db.commit()
    try:
        yield
    finally:
        db.execute("INSERT OR IGNORE INTO cache.vectors SELECT * FROM main.vectors")
        db.commit()
        db.execute("DETACH DATABASE cache")


def _has_table(db: Any, name: str) -> bool:
    """Whether the attached cache database has a table ``name``."""
    return db.execute("SELECT 1 FROM cache.sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def analysed_reports(path: Path, cache: Path) -> list[Report]:
    """The pipeline's analysis of each report of a JSONL file (through the analysis cache), in file order."""
    items = [item for item in iter_source(str(path)) if isinstance(item, RawReport)]
    with cached_analysis(cache):
        results = pipeline._analyse_jobs([(raw, None) for raw in items])
    return [result[0] for result in results if not isinstance(result, ItemError)]


def predicted(rows: list[dict[str, Any]], column: str) -> list[Hashable]:
    """Each row's story (or topic); a report that failed is a cluster of its own."""
    return [row.get(column) if row.get(column) is not None else ("failed", n) for n, row in enumerate(rows)]


def dataset_file(name: str, cache: Path, *, flat: bool = False, shuffle: int | None = None) -> Path:
    """A built-in dataset written as JSONL (in the order and form asked for) under ``cache``."""
    corpus = BUILT_IN[name][0]
    rows = datasets.LOADERS[corpus]()
    rows = [datasets.flatten(r) for r in rows] if flat else rows
    suffix = ("-flat" if flat else "") + (f"-shuffle{shuffle}" if shuffle is not None else "")
    return datasets.write_jsonl(datasets.shuffled(rows, shuffle), cache / "data" / f"{corpus}{suffix}.jsonl")


def evaluate_file(
    path: Path,
    *,
    gold_field: str = "gold",
    cache: Path | None = DEFAULT_CACHE,
    workers: int = 0,
    orders: int = 1,
) -> dict:
    """Cluster a JSONL file with gold labels the way ``newsdesk cluster`` does, and score it."""
    data = list(datasets.read_jsonl(path))
    started = time.perf_counter()
    rows = cluster_file(path, cache=cache, workers=workers, orders=orders)
    elapsed = time.perf_counter() - started
    column = "topic" if gold_field == "topic" else "story"
    pred = predicted(rows, column)
    gold = [row.get(gold_field, ("unlabelled", n)) for n, row in enumerate(data)]
    result = {"data": str(path), "reports": len(rows), **score(pred, gold)}
    result["seconds_per_report"] = elapsed / max(1, len(rows))
    result["errors"] = sum(1 for row in rows if row.get("error"))
    return result


def _print(name: str, result: dict[str, Any]) -> None:
    b, p = result["bcubed"], result["pairwise"]
    print(
        f"{name:24s} BCubed P {b['p']:.3f} R {b['r']:.3f} F1 {b['f1']:.3f} | pairwise P {p['p']:.3f} "
        f"R {p['r']:.3f} F1 {p['f1']:.3f} | clusters {result['clusters']} (gold {result['gold_clusters']}) "
        f"| {result['seconds_per_report'] * 1000:.0f} ms/report"
    )
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=sorted(BUILT_IN), action="append")
    parser.add_argument("--data", type=Path, action="append", help="JSONL rows {id, title?, text, lang?, date?, gold}")
    parser.add_argument(
        "--level", choices=("gold", "topic"), default="gold", help="for --data: score stories or topics"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    parser.add_argument("--flat", action="store_true", help="built-in datasets with each report as one paragraph")
    parser.add_argument("--shuffle", type=int, action="append", help="ingest in a random order with this seed")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-cache", action="store_true", help="no analysis or vector cache: the CLI's own run")
    parser.add_argument("--workers", type=int, default=0, help="with --no-cache: as newsdesk cluster --workers")
    parser.add_argument("--model", type=Path, help="a story model JSON to use instead of the bundled one")
    parser.add_argument("--orders", type=int, default=1, help=f"as newsdesk cluster --orders (e.g. {ORDERS})")
    parser.add_argument(
        "--broad-everywhere",
        action="store_true",
        help="score every pair with e5 and the broad model (what the encoder cascade is measured against)",
    )
    args = parser.parse_args(argv)
    if args.model:
        os.environ["NEWSDESK_STORY_MODEL"] = str(args.model.resolve())
    # by module path: the package re-exports a function named like the module
    importlib.import_module("newsdesk.stories.assign").BROAD_EVERYWHERE = args.broad_everywhere
    cache = None if args.no_cache else args.cache
    runs: list[tuple[str, Path, str]] = [(str(path), path, args.level) for path in args.data or []]
    if not args.data:
        names = [n for n in args.dataset or sorted(BUILT_IN) if datasets.available(BUILT_IN[n][0])]
        for name in names:
            for seed in args.shuffle or [None]:
                path = dataset_file(name, args.cache, flat=args.flat, shuffle=seed)
                label = name + (" flat" if args.flat else "") + (f" shuffle {seed}" if seed is not None else "")
                label += f" orders {args.orders}" if args.orders > 1 else ""
                runs.append((label, path, BUILT_IN[name][1]))
    elif args.shuffle:
        runs = [
            (
                f"{label} shuffle {seed}",
                datasets.write_jsonl(
                    datasets.shuffled(list(datasets.read_jsonl(path)), seed),
                    args.cache / "data" / f"{path.stem}-shuffle{seed}.jsonl",
                ),
                level,
            )
            for label, path, level in runs
            for seed in args.shuffle
        ]
    for label, path, level in runs:
        result = evaluate_file(path, gold_field=level, cache=cache, workers=args.workers, orders=args.orders)
        result = {"run": label, **result}
        if args.json:
            print(json.dumps(result))
            sys.stdout.flush()
        else:
            _print(label, result)


if __name__ == "__main__":
    main()
