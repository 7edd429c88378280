"""Cost per report of story placement (``place_report``) with 1k, 10k and 100k reports already stored.

How the stored corpus is made (synthetic, derived from ../shared/data):

- Base texts: the 209 MMDS2025 dev and 462 ECB+ dev reports (671 texts).
- Stored report k tells story (b, e) with b = k mod 671 and "epoch" e = k // 671.
  Each epoch lasts 40 days, so stories on the same base text recur over the
  years like a topic's successive events; dates fall inside the epoch.
- Its evidence is the base text's real names, numbers and lead n-grams.  Its
  vectors are random but structured: a unit vector per base text plus noise
  (cosine ~0.8 to its story's other reports, ~0 to other base texts), so the
  benchmark measures assignment and not the encoder (USE-m3 cost is reported
  separately, measured on real texts).  MinHash signatures are random.
- Everything is bulk-inserted into the same tables the pipeline writes
  (stories, story_reports, story_index, report_evidence, vectors, minhash).

Then NEW reports (base texts, dated inside the last epoch; vectors pre-cached)
are placed with the real ``place_report`` inside a transaction each, and the
mean wall time per report is printed.  A flat cost means the index keeps the
work per report independent of the store size.

    python -m benchmarks.assignment            # 1k, 10k, 100k
    python -m benchmarks.assignment --sizes 1000 --json
"""

from __future__ import annotations

import os

# One BLAS thread: index look-ups are small matrix-vector products, which multi-threaded
# BLAS makes 10-20x slower on a loaded 2-core machine (measured: 16 ms vs 1 ms for 1000x512).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from eval.datasets import load_ecbplus, load_mmds
from newsdesk.model import Paragraph, Report, text_hash
from newsdesk.store import Store, now
from newsdesk.stories import place_report
from newsdesk.stories.dedupe import BANDS, NUM_PERM
from newsdesk.stories.evidence import FAST, fast_text
from newsdesk.stories.features import char_grams, report_names, report_numbers

EPOCH_DAYS = 40
START = date(2010, 1, 1)
DIM = 512


def base_reports() -> list[Report]:
    rows = load_mmds() + load_ecbplus()
    out = []
    for i, row in enumerate(rows):
        paragraphs = [p for p in row["text"].split("\n\n") if p.strip()]
        title = row.get("title") or paragraphs[0]
        body = [p for p in paragraphs if p != title]
        out.append(
            Report(
                id=f"base{i}",
                source=row["id"],
                content_hash="",
                raw="",
                title=title,
                lang="en",
                paragraphs=[Paragraph(k, p, "en") for k, p in enumerate(body)],
            )
        )
    return out


def _vector(rng: np.random.Generator, bases: np.ndarray, b: int) -> np.ndarray:
    v = bases[b] + 0.5 * rng.normal(size=DIM).astype(np.float32) / np.sqrt(DIM)
    return (v / np.linalg.norm(v)).astype(np.float32)


def build_store(path: Path, n: int, bases: list[Report], base_vecs: np.ndarray) -> Store:
    """Bulk-insert ``n`` synthetic stored reports and their stories (see module docstring)."""
    rng = np.random.default_rng(0)
    store = Store(path)
    db = store.db
    nb = len(bases)
    names = [json.dumps(sorted(report_names(r))) for r in bases]
    data = [
        {"lang": "en", "text_dates": [], "numbers": sorted(report_numbers(r)), "grams": dict(char_grams(r.lead))}
        for r in bases
    ]
    # the published date is spliced in, so each base's (large) JSON is encoded once
    tails = [json.dumps({**d, "lead": r.lead})[1:] for d, r in zip(data, bases, strict=True)]
    stamp = now()
    reports, evidence, vectors, report_vectors, minhash, bands, members = [], [], [], [], [], [], []
    stories: dict[tuple[int, int], list] = {}
    for k in range(n):
        b, e = k % nb, k // nb
        day = (START + timedelta(days=e * EPOCH_DAYS + int(rng.integers(0, 5)))).isoformat()
        rid, h = f"s{k}", f"synthetic-{k}"
        vec = _vector(rng, base_vecs, b)
        reports.append((rid, rid, rid, rid, "en", day, stamp))
        evidence.append((rid, names[b], f'{{"published": "{day}", {tails[b]}'))
        vectors.append((FAST, h, vec.tobytes()))
        report_vectors.append((rid, FAST, h))
        minhash.append((rid, h, rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64).tobytes()))
        bands.extend((f"{h}-{i}", rid) for i in range(BANDS))
        story = stories.setdefault((b, e), [len(stories) + 1, day, day, np.zeros(DIM, dtype=np.float32), 0])
        story[1], story[2] = min(story[1], day), max(story[2], day)
        story[3] += vec
        story[4] += 1
        members.append((rid, story[0], 1.0))
    with store.transaction():
        db.executemany(
            "INSERT INTO reports (id, identity, source, content_hash, lang, published, ingested_at) "
            "VALUES (?,?,?,?,?,?,?)",
            reports,
        )
        db.executemany("INSERT INTO report_evidence (report_id, names, data) VALUES (?,?,?)", evidence)
        db.executemany("INSERT INTO vectors (encoder, hash, vector) VALUES (?,?,?)", vectors)
        db.executemany("INSERT INTO report_vectors (report_id, encoder, hash) VALUES (?,?,?)", report_vectors)
        db.executemany("INSERT INTO minhash (report_id, exact, signature) VALUES (?,?,?)", minhash)
        db.executemany("INSERT INTO minhash_bands (band, report_id) VALUES (?,?)", bands)
        db.executemany(
            "INSERT INTO stories (id, label, created_at, updated_at, date_first, date_last) VALUES (?,?,?,?,?,?)",
            [(s[0], bases[b].title or "", stamp, stamp, s[1], s[2]) for (b, _), s in stories.items()],
        )
        db.executemany("INSERT INTO story_reports (report_id, story_id, score) VALUES (?,?,?)", members)
        db.executemany(
            "INSERT INTO story_index (story_id, encoder, centroid, n) VALUES (?,?,?,?)",
            [(s[0], FAST, s[3].tobytes(), s[4]) for s in stories.values()],
        )
    return store


def new_reports(n_stored: int, bases: list[Report], count: int, store: Store, base_vecs: np.ndarray) -> list[Report]:
    """Reports to place: base texts dated in the last stored epoch, with their vectors pre-cached."""
    rng = np.random.default_rng(1)
    last_epoch = max(0, (n_stored - 1) // len(bases))
    out = []
    for i in range(count):
        b = int(rng.integers(0, len(bases)))
        base = bases[b]
        day = START + timedelta(days=last_epoch * EPOCH_DAYS + 2)
        report = Report(
            id=f"new{i}",
            source=f"new{i}",
            content_hash=f"new{i}",
            raw="",
            title=base.title,
            lang="en",
            published=day.isoformat(),
            paragraphs=list(base.paragraphs),
        )
        h = text_hash(fast_text(report))
        store.put_vectors(FAST, {h: _vector(rng, base_vecs, b)})
        out.append(report)
    return out


def measure(n: int, count: int, bases: list[Report], base_vecs: np.ndarray) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "bench.db", n, bases, base_vecs)
        built = time.perf_counter() - started
        reports = new_reports(n, bases, count, store, base_vecs)
        times = []
        for report in reports:
            t0 = time.perf_counter()
            with store.transaction():
                store.save_report(report, report.source)
                place_report(store, report)
            times.append(time.perf_counter() - t0)
        store.close()
    warm = times[len(times) // 10 :]  # the first placements load the story index
    return {
        "stored": n,
        "placed": count,
        "ms_per_report": 1000 * float(np.mean(warm)),
        "ms_p90": 1000 * float(np.percentile(warm, 90)),
        "first_ms": 1000 * times[0],
        "build_s": built,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--count", type=int, default=100, help="reports placed per size")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    bases = base_reports()
    rng = np.random.default_rng(42)
    base_vecs = rng.normal(size=(len(bases), DIM)).astype(np.float32)
    base_vecs /= np.linalg.norm(base_vecs, axis=1, keepdims=True)
    for n in args.sizes:
        result = measure(n, args.count, bases, base_vecs)
        if args.json:
            print(json.dumps(result))
        else:
            print(
                f"{n:>7} stored: {result['ms_per_report']:.1f} ms/report (p90 {result['ms_p90']:.1f}, "
                f"first {result['first_ms']:.0f} ms incl. index load; store built in {result['build_s']:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
