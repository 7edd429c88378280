"""Speed of ``newsdesk cluster`` as a user runs it: one pass, and ``--orders N`` (the same stories in any order).

A labelled corpus from ``../shared/data`` (ECB+ dev by default) is written as
a ``newsdesk cluster`` input file, then ``newsdesk cluster FILE --json
[--orders N]`` runs in a fresh process for each N given (no cache: start-up,
the analysis in the worker pool, the placements), and the printed stories are
scored against the gold events, so the time and what it bought come together.

Measured on ECB+ dev (462 reports, 2 cores, 2026-12-04): one pass 17.6-19.3 s
(BCubed F1 0.9409), ``--orders 7`` 41.4-45.6 s (0.9346 with the orders drawn
from a layout-free hash, 0.9367 before): each further order places every
report again, ~9 ms a report; the analysis is done once.

    python -m benchmarks.cluster
    python -m benchmarks.cluster --corpus mmds --orders 1,7 --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.host import describe, host
from eval import datasets
from eval.clusters import predicted, score

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path, orders: int) -> dict:
    """Time one ``newsdesk cluster`` run in a fresh process and score what it printed."""
    command = [sys.executable, "-m", "newsdesk", "cluster", str(path), "--json", "--orders", str(orders)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    seconds = time.perf_counter() - started
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    gold = [row["gold"] for row in datasets.read_jsonl(path)]
    return {
        "reports": len(rows),
        "orders": orders,
        "seconds": round(seconds, 1),
        "reports_per_s": round(len(rows) / seconds, 1),
        "bcubed_f1": round(score(predicted(rows, "story"), gold)["bcubed"]["f1"], 4),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(datasets.LOADERS), default="ecb")
    parser.add_argument("--orders", default="1,7", help="comma-separated --orders values")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not datasets.available(args.corpus):
        print(f"no {args.corpus} data under ../shared/data", file=sys.stderr)
        return 2
    machine = host()
    if not args.json:
        print(describe(machine))
    with tempfile.TemporaryDirectory() as tmp:
        path = datasets.write_jsonl(datasets.LOADERS[args.corpus](), Path(tmp) / f"{args.corpus}.jsonl")
        for orders in (int(n) for n in args.orders.split(",")):
            result = run(path, orders)
            if args.json:
                print(json.dumps({**result, "host": machine}))
            else:
                print(
                    f"{result['reports']} reports, --orders {orders}: {result['seconds']} s, "
                    f"{result['reports_per_s']} reports/s, BCubed F1 {result['bcubed_f1']} "
                    f"(load average {result['load_average']})"
                )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
