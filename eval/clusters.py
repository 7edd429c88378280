"""Story clustering quality on ../shared/data: BCubed and pairwise P/R/F1.

Datasets (reports have no publication dates in either; the online pipeline
must cope with missing time evidence):

- ``mmds``: MMDS2025 dev, 209 English/Malay/Chinese articles with event
  cluster labels.  Label 166 groups 53 unrelated articles ("no event"); it is
  scored as singletons (see ``--noise-as-cluster`` to score it as one cluster).
- ``ecb-event``: ECB+ dev topics 1-22, gold story = (topic, ecb|ecbplus).
- ``ecb-topic``: the same files, gold = topic.

For each dataset it runs the online pipeline (``newsdesk cluster``'s code)
and, for comparison, agglomerative average-link clustering over one vector
per report with the threshold tuned on the same data (an oracle baseline).

    python -m eval.clusters                 # all datasets
    python -m eval.clusters --dataset mmds --json
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import importlib
import json
import pickle
import random
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import newsdesk
from newsdesk.model import RawReport, Report
from newsdesk.pipeline import analyse, identity_of, store_report
from newsdesk.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MMDS_NOISE_LABEL = 166


# -- datasets ------------------------------------------------------------------


def load_mmds(root: Path = SHARED / "mmds2025-dev", noise_as_cluster: bool = False) -> tuple[list[dict], list]:
    """Rows in ``newsdesk cluster`` input format and gold labels (noise label -> singletons)."""
    data = json.loads((root / "mds_ac_dev_final.json").read_text(encoding="utf-8"))
    rows, gold = [], []
    for article, label in zip(data["articles"], data["clusters"], strict=True):
        text = "\n\n".join(s["content"] for s in article["sentences"])
        rows.append({"id": f"mmds-{article['ID']}", "title": article["title"], "text": text})
        noise = label == MMDS_NOISE_LABEL and not noise_as_cluster
        gold.append(("noise", article["ID"]) if noise else label)
    return rows, gold


_URL = re.compile(r"^https?\s*:")


def _detokenise(tokens: list[str]) -> str:
    """Rebuild readable text from ECB+ tokens (good enough for shingles and encoders)."""
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r"(\d)([.:]) (\d)", r"\1\2\3", text)  # "5. 9" -> "5.9", "20: 09" -> "20:09"
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" ('s|n't|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text.replace("``", '"').replace("''", '"')


def load_ecbplus(root: Path = SHARED / "ecbplus-dev", level: str = "event") -> tuple[list[dict], list]:
    """ECB+ files as rows (sentence = paragraph; URL sentences dropped) and gold labels."""
    rows, gold = [], []
    for path in sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        sentences: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[int(token.get("sentence", 0))].append(token.text or "")
        paragraphs = [_detokenise(t) for _, t in sorted(sentences.items())]
        paragraphs = [p for p in paragraphs if p and not _URL.match(p)]
        if not paragraphs:
            continue
        rows.append({"id": path.stem, "text": "\n\n".join(paragraphs)})
        topic = path.parent.name
        gold.append((topic, "ecbplus" in path.name) if level == "event" else topic)
    return rows, gold


DATASETS = {
    "mmds": lambda args: load_mmds(noise_as_cluster=args.noise_as_cluster),
    "ecb-event": lambda args: load_ecbplus(level="event"),
    "ecb-topic": lambda args: load_ecbplus(level="topic"),
}


# -- metrics -------------------------------------------------------------------


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> dict[str, float]:
    """BCubed precision/recall/F1 (Bagga and Baldwin): per-item cluster overlap, averaged."""
    joint = Counter(zip(pred, gold, strict=True))
    size_p, size_g = Counter(pred), Counter(gold)
    n = len(pred)
    p = sum(c * c / size_p[pk] for (pk, _), c in joint.items()) / n
    r = sum(c * c / size_g[gk] for (_, gk), c in joint.items()) / n
    return {"p": p, "r": r, "f1": _f1(p, r)}


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


# -- running the online pipeline -------------------------------------------------


def raws(rows: list[dict], dataset: str) -> list[RawReport]:
    return [
        RawReport(source=f"{dataset}#{row['id']}", id=row["id"], title=row.get("title"), text=row["text"])
        for row in rows
    ]


def analysed(dataset: str, items: list[RawReport], cache: Path) -> list[Report]:
    """Per-report analysis (pure, slow: spaCy, quotes, figures), cached on disk between runs.

    The cache is keyed by the package's source, so a change to the analysis
    code is never measured against reports analysed by the old code.
    """
    path = cache / f"{dataset}-{_source_digest()}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    reports = [analyse(raw) for raw in items]
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"{dataset}*.pickle"):  # made by other code: never read again
        stale.unlink()
    path.write_bytes(pickle.dumps(reports))
    return reports


def _source_digest() -> str:
    """A digest of the newsdesk package's Python source (a few hundred kB: milliseconds to read)."""
    root = Path(newsdesk.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_online(items: list[RawReport], reports: list[Report], vectors_db: Path) -> tuple[list[int], list[int], Store]:
    """Store and place the analysed reports in order in a fresh store; (stories, topics) per report.

    Vectors are shared through ``vectors_db`` so that repeated runs do not re-encode.
    """
    store = Store(":memory:")
    store.db.execute("ATTACH DATABASE ? AS cache", (str(vectors_db),))
    store.db.execute("CREATE TABLE IF NOT EXISTS cache.vectors AS SELECT * FROM main.vectors WHERE 0")
    store.db.execute("INSERT OR IGNORE INTO main.vectors SELECT * FROM cache.vectors")
    for raw, report in zip(items, reports, strict=True):
        store_report(store, raw, copy.deepcopy(report))
    store.db.execute("DELETE FROM cache.vectors")
    store.db.execute("INSERT INTO cache.vectors SELECT * FROM main.vectors")
    stories, topics = [], []
    for raw in items:
        rid = store.report_id_for(identity_of(raw))
        story = store.story_of(rid) if rid else None
        stories.append(story if story is not None else -1)
        row = store.db.execute("SELECT topic FROM stories WHERE id=?", (story,)).fetchone()
        topics.append(row[0] if row else -1)
    return stories, topics, store


def evaluate(name: str, args: argparse.Namespace) -> dict[str, Any]:
    rows, gold = DATASETS[name](args)
    dataset = name.split("-")[0]
    items = raws(rows, dataset)
    reports = analysed(dataset, items, args.cache)
    order = list(range(len(items)))
    if args.shuffle is not None:
        random.Random(args.shuffle).shuffle(order)
    started = time.perf_counter()
    stories, topics, store = run_online(
        [items[i] for i in order], [reports[i] for i in order], args.cache / "vectors.db"
    )
    elapsed = time.perf_counter() - started
    back = {i: k for k, i in enumerate(order)}
    pred = [(topics if name == "ecb-topic" else stories)[back[i]] for i in range(len(items))]
    result = {"dataset": name, "reports": len(items), **score(pred, gold)}
    result["seconds_per_report"] = elapsed / len(items)
    result["merges"] = store.count("story_merges")
    result["moves"] = store.count("story_moves")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=sorted(DATASETS), action="append")
    parser.add_argument("--json", action="store_true", help="one JSON object per dataset")
    parser.add_argument("--noise-as-cluster", action="store_true", help="score MMDS label 166 as one cluster")
    parser.add_argument("--shuffle", type=int, default=None, help="ingest in a random order with this seed")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-eval")
    parser.add_argument(
        "--broad-everywhere",
        action="store_true",
        help="score every pair with e5 and the broad model (what the encoder cascade is measured against)",
    )
    args = parser.parse_args(argv)
    # by module path: the package re-exports a function named like the module
    importlib.import_module("newsdesk.stories.assign").BROAD_EVERYWHERE = args.broad_everywhere
    for name in args.dataset or sorted(DATASETS):
        result = evaluate(name, args)
        if args.json:
            print(json.dumps(result))
        else:
            b, p = result["bcubed"], result["pairwise"]
            print(
                f"{name:10s} BCubed P {b['p']:.3f} R {b['r']:.3f} F1 {b['f1']:.3f} | pairwise P {p['p']:.3f} "
                f"R {p['r']:.3f} F1 {p['f1']:.3f} | clusters {result['clusters']} (gold {result['gold_clusters']}) "
                f"| {result['seconds_per_report'] * 1000:.0f} ms/report, merges {result['merges']}, "
                f"moves {result['moves']}"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
