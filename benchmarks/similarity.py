"""Speed of ``newsdesk similarity``: pairs per second on real SemEval-2022 pairs, as a user runs it.

The first N pairs of ``../shared/data/semeval2022-task8-train/pairs.csv`` (each
side's whole text and language, as ``eval.semeval`` reads them) are written as a PAIRS.jsonl file to a
temporary directory; then ``newsdesk similarity PAIRS.jsonl --json`` runs in a
fresh process (so start-up, model loading and the worker pool count), with
``--workers`` as given.  Reported: wall time, pairs per second with start-up,
and the load average of the shared machine beside each run; with ``--cpu``,
also the CPU time per pair of the same work in this process (what the
throughput on idle cores follows from, whatever else the machine runs).
``--accurate`` times ``newsdesk similarity --accurate`` (e5 of every lead).

Measured on 100 pairs: default 126-136 ms CPU per pair (14.7-15.9 pairs/s on
2 idle cores), ``--accurate`` 509 ms (3.9 pairs/s); wall time on the shared
VM depends on its load (README).

    python -m benchmarks.similarity --n 200 --workers 0
    python -m benchmarks.similarity --n 100 --workers 1,0 --json
    python -m benchmarks.similarity --n 100 --workers 0 --cpu --accurate
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from benchmarks.host import describe, host
from eval.semeval import PAIRS, similarity_rows

ROOT = Path(__file__).resolve().parents[1]


def pair_rows(n: int, path: Path = PAIRS) -> list[dict]:
    """The first ``n`` SemEval pairs with both texts as ``newsdesk similarity`` input rows."""
    return [row for row, _ in islice(similarity_rows(path), n)]


def run(rows: list[dict], workers: int, directory: Path, accurate: bool = False) -> dict:
    """Time one ``newsdesk similarity`` run in a fresh process."""
    path = directory / "pairs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", "from newsdesk.cli import app; app(prog_name='newsdesk')"]
    command += ["similarity", str(path), "--json", "--workers", str(workers), *(["--accurate"] if accurate else [])]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=directory, check=False)
    wall = time.perf_counter() - started
    scored = sum(1 for line in done.stdout.splitlines() if line.strip() and json.loads(line).get("score") is not None)
    load = os.getloadavg()[0]
    return {"pairs": len(rows), "scored": scored, "workers": workers, "accurate": accurate, "seconds": wall,
            "pairs_per_s": len(rows) / wall, "load_average": load, "exit": done.returncode}  # fmt: skip


def cpu_per_pair(rows: list[dict], accurate: bool = False) -> dict:
    """CPU seconds per pair of ``Desk.similarities`` in this process (``workers=1``, models loaded first).

    Independent of what else runs on the machine: on an idle machine with C
    cores, the pool's throughput approaches C / (CPU seconds per pair).
    """
    from newsdesk.desk import Desk
    from newsdesk.pipeline import warm_up
    from newsdesk.sources.records import raw_from_record
    from newsdesk.stories.similarity import pair_evidence

    warm_up()
    pair_evidence([], [])
    pairs = [(raw_from_record(r["a"], "a"), raw_from_record(r["b"], "b")) for r in rows]
    with Desk(":memory:") as desk:
        desk.similarities(pairs[:1], workers=1, accurate=accurate)  # loads the encoders
        started = time.process_time()
        desk.similarities(pairs, workers=1, accurate=accurate)
        cpu = time.process_time() - started
    return {"pairs": len(rows), "accurate": accurate, "cpu_seconds": cpu, "cpu_ms_per_pair": 1000 * cpu / len(rows),
            "pairs_per_s_on_2_idle_cores": 2 * len(rows) / cpu}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="pairs to score")
    parser.add_argument("--workers", default="0", help="comma-separated --workers values (0: one per core)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="also measure CPU per pair in this process")
    parser.add_argument("--accurate", action="store_true", help="time newsdesk similarity --accurate")
    args = parser.parse_args(argv)
    if not PAIRS.exists():
        print(f"no data at {PAIRS}", file=sys.stderr)
        return 2
    rows = pair_rows(args.n)
    machine = host()
    if not args.json:
        print(describe(machine))
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (int(w) for w in args.workers.split(",")):
            result = run(rows, workers, Path(tmp), args.accurate)
            if args.json:
                print(json.dumps({**result, "host": machine}))
            else:
                print(
                    f"{result['pairs']} pairs ({result['scored']} scored), --workers {workers}"
                    f"{' --accurate' if args.accurate else ''}: "
                    f"{result['seconds']:.1f} s, {result['pairs_per_s']:.1f} pairs/s including start-up "
                    f"(load average {result['load_average']:.1f})"
                )
            sys.stdout.flush()
    if args.cpu:
        result = cpu_per_pair(rows, args.accurate)
        if args.json:
            print(json.dumps({**result, "host": machine}))
        else:
            print(
                f"{result['pairs']} pairs in one process: {result['cpu_ms_per_pair']:.0f} ms CPU per pair, "
                f"{result['pairs_per_s_on_2_idle_cores']:.1f} pairs/s on 2 idle cores"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
