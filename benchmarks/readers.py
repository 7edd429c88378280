"""Story pages under load: concurrent readers of the web app while ``newsdesk ingest`` writes.

Starts ``newsdesk serve`` (uvicorn, loopback) on a fresh store, then
``newsdesk ingest`` of a real-data corpus (``benchmarks.corpus``), and while
the ingest runs, ``--readers`` threads each loop: read the story list
(``/api/stories``), then open a random story page (``/stories/S``).  Every
request has a client timeout; the report gives story-page latency
percentiles, timeouts and errors, and the ingest's rate, so the cost of
building story views at ingest shows beside what readers gain.

    python -m benchmarks.readers                       # 1,000 reports, 20 readers
    python -m benchmarks.readers --n 300 --readers 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from benchmarks.corpus import write_corpus
from newsdesk import Desk

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _newsdesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsdesk", *args]


def _wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not start")


def _reader(base: str, stop: threading.Event, timeout: float, seed: int, out: list[dict[str, Any]]) -> None:
    rng = random.Random(seed)
    ids: list[int] = []
    with httpx.Client(base_url=base, timeout=timeout, follow_redirects=True) as client:  # a merged story redirects
        while not stop.is_set():
            try:
                if not ids or rng.random() < 0.1:
                    ids = [s["id"] for s in client.get("/api/stories", params={"limit": 200}).json()] or ids
                if not ids:
                    time.sleep(0.2)
                    continue
                story = rng.choice(ids)
                started = time.perf_counter()
                response = client.get(f"/stories/{story}")
                out.append({"seconds": time.perf_counter() - started, "status": response.status_code})
            except httpx.TimeoutException:
                out.append({"seconds": timeout, "status": "timeout"})
            except httpx.HTTPError as exc:
                out.append({"seconds": 0.0, "status": f"error: {type(exc).__name__}"})


def run(n: int, readers: int, timeout: float, workers: int, seed: int = 0) -> dict[str, Any]:
    folder = write_corpus(OUT / f"corpus-{n}-s{seed}", n, seed)
    db = OUT / f"readers-{n}.db"
    for path in OUT.glob(f"readers-{n}.db*"):
        path.unlink()
    Desk(db).close()  # serve needs an existing store
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    server = subprocess.Popen(_newsdesk("serve", "--db", str(db), "--port", str(port)), **quiet)
    try:
        _wait_until_up(base + "/api/stories", time.monotonic() + 60)
        samples: list[dict[str, Any]] = []
        stop = threading.Event()
        threads = [
            threading.Thread(target=_reader, args=(base, stop, timeout, i, samples), daemon=True)
            for i in range(readers)
        ]
        started = time.monotonic()
        ingest = subprocess.Popen(
            _newsdesk("ingest", "--db", str(db), "--quiet", "--workers", str(workers), str(folder)), **quiet
        )
        for thread in threads:
            thread.start()
        code = ingest.wait()
        ingest_seconds = time.monotonic() - started
        stop.set()
        for thread in threads:
            thread.join(timeout + 5)
    finally:
        server.terminate()
        server.wait(30)
    pages = sorted(s["seconds"] for s in samples if s["status"] == 200)
    with Desk(db) as desk:
        stories = desk.store.live_story_count()
        views = desk.store.count("story_views")

    def pct(p: float) -> float | None:
        return round(pages[min(len(pages) - 1, int(p * len(pages)))], 4) if pages else None

    return {
        "reports": n,
        "readers": readers,
        "ingest_exit": code,
        "ingest_seconds": round(ingest_seconds, 1),
        "reports_per_second": round(n / ingest_seconds, 2),
        "stories": stories,
        "views_built": views,
        "pages": len(pages),
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "max": round(pages[-1], 4) if pages else None,
        "mean": round(statistics.fmean(pages), 4) if pages else None,
        "timeouts": sum(1 for s in samples if s["status"] == "timeout"),
        "errors": dict(Counter(str(s["status"]) for s in samples if s["status"] not in (200, "timeout"))),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="reports to ingest")
    parser.add_argument("--readers", type=int, default=20, help="concurrent reader threads")
    parser.add_argument("--timeout", type=float, default=10.0, help="client timeout per request (s)")
    parser.add_argument("--workers", type=int, default=0, help="ingest --workers (0: one per core)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    args = parser.parse_args(argv)
    result = run(args.n, args.readers, args.timeout, args.workers)
    print(json.dumps(result) if args.json else "\n".join(f"{k:>20}: {v}" for k, v in result.items()))
    return 0 if result["ingest_exit"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
