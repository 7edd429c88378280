"""Ingest throughput end to end (reports/s, peak memory) and the time of each pipeline stage.

Two measurements over the same corpus (``benchmarks.corpus``: real texts from
../shared/data, re-dated, outlet-renamed and paragraph-shuffled):

* **stages**: one in-process, serial ingest with every stage of
  ``newsdesk.pipeline`` wrapped in a timer (extract, sentences, mentions,
  quotes, figures, outlet counts, entity resolution, store write, story
  placement).  Timers are exclusive: a timed stage called inside another is
  not counted twice.  Models are loaded before the clock starts.
* **end to end**: ``newsdesk ingest --workers W`` run exactly as a user runs
  it, in a fresh process on a fresh database, for each W, watched through
  /proc: wall time (including start-up and model loading), the CPU time of
  every process of the run, and peak memory as the sum of the processes'
  proportional set sizes (shared model pages counted once).  A one-report
  run gives the start-up time, and the rate after start-up.

    python -m benchmarks.ingest                      # 500 reports, workers 1 and 2
    python -m benchmarks.ingest --n 300 --workers 2 --json
    python -m benchmarks.ingest --skip-e2e --profile 25   # where the time goes (cProfile)
    python -m benchmarks.ingest --stages-n 0 --skip-e2e --entities 1000,10000,100000
    python -m benchmarks.ingest --stages-n 0 --prefilled 100000 --n 500 --workers 2   # memory at 100k reports
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import base_texts, corpus, variant, write_corpus
from benchmarks.host import describe, host

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"
WARMUP = 30
WARMUP_EPOCH = 999

# (stage name, module or class, attribute): what the pipeline calls, in order.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("extract", "newsdesk.pipeline", "extract"),
    ("sentences", "newsdesk.pipeline", "split_sentences"),
    ("mentions", "newsdesk.pipeline", "find_mentions"),
    ("mentions", "newsdesk.pipeline", "find_mentions_batch"),
    ("quotes", "newsdesk.pipeline", "find_quotes"),
    ("figures", "newsdesk.pipeline", "find_figures"),
    ("outlet counts", "newsdesk.pipeline", "_outlet_counts"),
    ("entity resolution", "newsdesk.pipeline", "resolve"),
    ("entity resolution", "newsdesk.store:Store", "all_entities"),
    ("entity resolution", "newsdesk.store:Store", "upsert_entity"),
    ("store write", "newsdesk.store:Store", "save_report"),
    ("story placement", "newsdesk.pipeline", "place_report"),
)


class StageClock:
    """Exclusive wall and CPU time per stage: a nested timed call counts for the inner stage only.

    CPU time (``process_time``, all threads of the process) is the robust
    number on a shared machine; wall time is what a user waits.
    """

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self._stack: list[list[float]] = []  # (wall, cpu) spent in timed children of each open frame

    def wrap(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([0.0, 0.0])
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                child_wall, child_cpu = self._stack.pop()
                self.calls[stage].append((wall - child_wall, cpu - child_cpu))
                if self._stack:
                    self._stack[-1][0] += wall
                    self._stack[-1][1] += cpu

        return timed

    @contextlib.contextmanager
    def installed(self) -> Iterator[StageClock]:
        """Wrap every stage in STAGES for the duration of the block."""
        import importlib

        saved = []
        for stage, where, attr in STAGES:
            module_name, _, cls = where.partition(":")
            owner = importlib.import_module(module_name)
            if cls:
                owner = getattr(owner, cls)
            original = owner.__dict__[attr] if cls else getattr(owner, attr)
            saved.append((owner, attr, original))
            setattr(owner, attr, self.wrap(stage, original))
        try:
            yield self
        finally:
            for owner, attr, original in reversed(saved):
                setattr(owner, attr, original)


def _per_report_table(clock: StageClock, reports: int, total: float, total_cpu: float) -> list[dict[str, Any]]:
    rows = []
    for stage in dict.fromkeys(s for s, _, _ in STAGES):
        calls = clock.calls.get(stage, [])
        wall, cpu = sum(c[0] for c in calls), sum(c[1] for c in calls)
        rows.append(
            {
                "stage": stage,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "cpu_ms_per_report": round(1000 * cpu / reports, 2),
                "p95_cpu_ms_per_call": round(1000 * _p95([c[1] for c in calls]), 2) if calls else 0.0,
                "cpu_share": round(cpu / total_cpu, 3),
            }
        )
    other_wall = total - sum(r["seconds"] for r in rows)
    other_cpu = total_cpu - sum(r["cpu_seconds"] for r in rows)
    rows.append(
        {
            "stage": "other (dedupe checks, commits)",
            "seconds": round(other_wall, 3),
            "cpu_seconds": round(other_cpu, 3),
            "cpu_ms_per_report": round(1000 * other_cpu / reports, 2),
            "p95_cpu_ms_per_call": 0.0,
            "cpu_share": round(other_cpu / total_cpu, 3),
        }
    )
    return rows


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _warm_up() -> None:
    """Load every lazily loaded model (spaCy, gazetteer, language id, encoders) before timing."""
    from newsdesk.pipeline import ingest
    from newsdesk.store import Store

    # Copies from an epoch no benchmark corpus reaches, so nothing is shared with it; spread over
    # every data set so that each language's resources (stop words, tokenizers) are loaded.
    bases = base_texts()
    warm = [variant(base, WARMUP_EPOCH) for base in bases[:: len(bases) // WARMUP]]
    with Store(":memory:") as store:
        ingest(store, warm)


def measure_stages(n: int, seed: int = 0, profile: int = 0) -> dict[str, Any]:
    """Serial in-process ingest of ``n`` corpus reports with per-stage timers (and cProfile)."""
    from newsdesk.pipeline import ingest
    from newsdesk.store import Store

    raws = list(corpus(n, seed))
    _warm_up()
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU: robust under load
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stages.db") as store:
        with StageClock().installed() as clock:
            if profiler:
                profiler.enable()
            t0, c0 = time.perf_counter(), time.process_time()
            result = ingest(store, raws)
            total, cpu = time.perf_counter() - t0, time.process_time() - c0
            if profiler:
                profiler.disable()
        stored = len(result.added) + len(result.revised)
        stories = store.live_story_count()
    out: dict[str, Any] = {
        "reports": n,
        "stored": stored,
        "errors": len(result.errors),
        "stories": stories,
        "seconds": round(total, 2),
        "cpu_seconds": round(cpu, 2),
        "reports_per_s": round(stored / total, 2),
        "reports_per_cpu_s": round(stored / cpu, 2),
        "load_average": round(os.getloadavg()[0], 2),
        "stages": _per_report_table(clock, max(stored, 1), total, cpu),
        "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
    }
    if profiler:
        out["profile"] = _top_costs(profiler, profile)
    return out


def _top_costs(profiler: cProfile.Profile, limit: int) -> list[dict[str, Any]]:
    """The functions with the most own time, and the modules with the most own time."""
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values()) or 1.0
    by_module: dict[str, float] = defaultdict(float)
    rows = []
    for (path, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.items():
        where = _short(path)
        by_module[where] += tottime
        rows.append({"function": f"{where}:{line}({name})", "calls": calls, "own_s": tottime, "cum_s": cumtime})
    rows.sort(key=lambda r: -r["own_s"])
    modules = sorted(by_module.items(), key=lambda kv: -kv[1])[:limit]
    return [{**r, "own_s": round(r["own_s"], 3), "cum_s": round(r["cum_s"], 3)} for r in rows[:limit]] + [
        {"module": m, "own_s": round(s, 3), "share": round(s / total, 3)} for m, s in modules
    ]


def _short(path: str) -> str:
    for marker in ("site-packages/", "/newsdesk/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return ("newsdesk/" + tail) if marker == "/newsdesk/" else tail
    return path


def _rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux reports KiB


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_tree(root: int) -> list[int]:
    """``root`` and all its descendants (Linux /proc), e.g. the CLI, its fork server and the pool workers."""
    parents: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def _sample(pid: int) -> tuple[float, float] | None:
    """(CPU seconds so far, proportional set size in MB) of one process, None once it is gone.

    PSS shares copy-on-write pages between the processes that map them, so the
    sum over a tree is its real memory (RSS would count the shared models once
    per worker).
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        pss = next(
            int(line.split()[1])
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            if line.startswith("Pss:")
        )
    except (OSError, StopIteration, IndexError, ValueError):
        return None
    return cpu, pss / 1024


def run_cli(folder: Path, db: Path, workers: int) -> dict[str, Any]:
    """`newsdesk ingest` on ``folder`` in a fresh process, as a user runs it, watched through /proc.

    Returns wall time, total CPU of the process tree, peak memory (sum of PSS
    over the tree, and the main process's peak RSS) and the CLI's summary.
    """
    cmd = [sys.executable, "-m", "newsdesk", "ingest", "--json", "--db", str(db), "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen([*cmd, str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cpu_by_pid: dict[int, float] = {}
    peak_pss = 0.0
    while proc.poll() is None:
        pss = 0.0
        for pid in _proc_tree(proc.pid):
            sample = _sample(pid)
            if sample:
                cpu_by_pid[pid] = sample[0]
                pss += sample[1]
        peak_pss = max(peak_pss, pss)
        time.sleep(0.25)
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # 1: some items failed, which the summary reports
        raise RuntimeError(f"newsdesk ingest failed:\n{err[-3000:]}")
    summary = json.loads(out)
    added = len(summary["added"]) + len(summary["revised"])
    return {
        "workers": workers,
        "added": added,
        "errors": len(summary["errors"]),
        "first_errors": summary["errors"][:3],
        "stories": summary["stories"],
        "seconds": round(seconds, 2),
        "reports_per_s": round(added / seconds, 2),
        "cpu_seconds": round(sum(cpu_by_pid.values()), 2),
        "main_cpu_seconds": round(cpu_by_pid.get(proc.pid, 0.0), 2),  # the serial part: storing and placement
        "load_average": round(os.getloadavg()[0], 2),
        "peak_pss_total_mb": round(peak_pss, 1),
        "processes": len(cpu_by_pid),
    }


def measure_end_to_end(n: int, workers: int, seed: int = 0) -> dict[str, Any]:
    """The ingest of ``n`` reports, and of one report (start-up: imports, model loading, pool start).

    ``steady_reports_per_s`` is what the run does once started:
    ``(n - 1) / (seconds(n) - seconds(1))``, and its CPU cost per report (all
    processes) the same difference in CPU seconds.  On a loaded machine the
    CPU cost is the robust number: the rate on two idle cores is at most
    ``2000 / steady_cpu_ms_per_report``.
    """
    folder = write_corpus(OUT / f"corpus-{n}-s{seed}", n, seed)
    single = write_corpus(OUT / f"corpus-1-s{seed}", 1, seed)
    with tempfile.TemporaryDirectory() as tmp:
        start = run_cli(single, Path(tmp) / "one.db", workers)
        result = run_cli(folder, Path(tmp) / "e2e.db", workers)
    result["startup_seconds"] = start["seconds"]
    result["steady_reports_per_s"] = round((result["added"] - 1) / max(result["seconds"] - start["seconds"], 1e-9), 2)
    steady_cpu = result["cpu_seconds"] - start["cpu_seconds"]
    result["steady_cpu_ms_per_report"] = round(1000 * steady_cpu / max(result["added"] - 1, 1), 1)
    return result


def prefilled_store(n: int) -> Path:
    """A store already holding ``n`` reports: the assignment benchmark's synthetic ones, plus 2n entities.

    Built once and kept in out/bench (a 100k store takes a few minutes).  It
    has what grows with the store and what ingest reads: stories, the story
    index, evidence, vectors, MinHash bands and entities (persons and
    organisations with made-up names; about two new entities per report).
    """
    from benchmarks.assignment import DIM, base_reports, build_store

    path = OUT / f"prefilled-{n}.db"
    if path.exists():
        return path
    bases = base_reports()
    rng = np.random.default_rng(42)
    base_vecs = rng.normal(size=(len(bases), DIM)).astype(np.float32)
    base_vecs /= np.linalg.norm(base_vecs, axis=1, keepdims=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with build_store(partial, n, bases, base_vecs) as store, store.transaction():
        for entity in _synthetic_entities(2 * n):
            store.upsert_entity(entity)
    partial.rename(path)
    return path


def measure_prefilled(stored: int, n: int, workers: int, seed: int = 0) -> dict[str, Any]:
    """End-to-end ingest of ``n`` corpus reports into a copy of a store that already holds ``stored``."""
    folder = write_corpus(OUT / f"corpus-{n}-s{seed}", n, seed)
    source = prefilled_store(stored)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "prefilled.db"
        shutil.copyfile(source, db)
        result = run_cli(folder, db, workers)
    result["stored_before"] = stored
    return result


def _synthetic_entities(n: int, seed: int = 0) -> list[Any]:
    """``n`` distinct persons and organisations with made-up names (syllable strings)."""
    import random

    from newsdesk.model import Entity

    rng = random.Random(seed)
    syllables = ["ka", "lo", "mir", "sen", "ta", "vi", "dor", "el", "an", "ru", "bo", "kel", "ni", "sha", "tor", "us"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    out, seen = [], set()
    while len(out) < n:
        name = f"{word()} {word()}" if len(out) % 4 else f"{word()} Group"
        if name not in seen:
            seen.add(name)
            kind = "org" if name.endswith("Group") else "person"
            out.append(Entity(key=f"{kind}:{name.lower().replace(' ', '-')}", name=name, type=kind, variants=[name]))
    return out


def measure_entity_scaling(sizes: list[int]) -> list[dict[str, Any]]:
    """Entity resolution per report as the pipeline calls it (all entities re-read), versus store size.

    The mentions are those of the bundled sample's reports; the store holds
    ``n`` synthetic entities.  "reused index" is the same resolution with one
    ``EntityIndex`` kept across reports, as newsdesk.enrich.entities.resolve suggests.
    """
    from newsdesk.enrich.entities.resolve import EntityIndex, resolve
    from newsdesk.model import RawReport
    from newsdesk.pipeline import analyse
    from newsdesk.sources import iter_sources
    from newsdesk.store import Store

    reports = [analyse(raw) for raw in iter_sources([str(ROOT / "examples" / "sample")]) if isinstance(raw, RawReport)]
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "entities.db") as store:
            with store.transaction():
                for entity in _synthetic_entities(n):
                    store.upsert_entity(entity)
            t0 = time.process_time()
            for report in reports:
                resolve([dataclasses.replace(m) for m in report.mentions], store.all_entities())
            per_report = (time.process_time() - t0) / len(reports)
            index = EntityIndex(store.all_entities())
            t0 = time.process_time()
            for report in reports:
                resolve([dataclasses.replace(m) for m in report.mentions], index)
            reused = (time.process_time() - t0) / len(reports)
        rows.append(
            {
                "entities": n,
                "cpu_ms_per_report": round(1000 * per_report, 1),
                "reused_index_cpu_ms_per_report": round(1000 * reused, 2),
            }
        )
    return rows


def _print_tables(result: dict[str, Any]) -> None:
    print(describe(result["host"]))
    if "stages" in result:
        s = result["stages"]
        print(
            f"\nStages: {s['stored']} reports stored serially in {s['seconds']} s "
            f"({s['reports_per_s']} reports/s; {s['cpu_seconds']} CPU s = {s['reports_per_cpu_s']} reports per CPU s; "
            f"load average {s['load_average']}; {s['errors']} errors, {s['stories']} stories, "
            f"peak RSS {s['peak_rss_mb']} MB)\n"
        )
        print("| stage | wall s | CPU s | CPU ms/report | p95 CPU ms/call | CPU share |")
        print("|---|---|---|---|---|---|")
        for r in s["stages"]:
            print(
                f"| {r['stage']} | {r['seconds']} | {r['cpu_seconds']} | {r['cpu_ms_per_report']} "
                f"| {r['p95_cpu_ms_per_call']} | {r['cpu_share']:.1%} |"
            )
        for r in s.get("profile", []):
            if "function" in r:
                print(f"  {r['own_s']:>8.3f} s own {r['cum_s']:>8.3f} s cum {r['calls']:>9} calls  {r['function']}")
            else:
                print(f"  {r['own_s']:>8.3f} s own ({r['share']:.1%})  module {r['module']}")
    if result.get("entity_scaling"):
        print(
            "\n| entities in store | resolution CPU ms/report, index rebuilt per report | index kept across reports |"
        )
        print("|---|---|---|")
        for r in result["entity_scaling"]:
            print(f"| {r['entities']} | {r['cpu_ms_per_report']} | {r['reused_index_cpu_ms_per_report']} |")
    if result.get("end_to_end"):
        print(
            "\n| workers | reports | seconds | reports/s | start-up s | reports/s after start-up | CPU s "
            "| CPU ms/report after start-up | peak memory MB (PSS, all processes) | load avg | errors |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for r in result["end_to_end"]:
            print(
                f"| {r['workers']} | {r['added']} | {r['seconds']} | {r['reports_per_s']} | {r['startup_seconds']} "
                f"| {r['steady_reports_per_s']} | {r['cpu_seconds']} | {r['steady_cpu_ms_per_report']} "
                f"| {r['peak_pss_total_mb']} "
                f"| {r['load_average']} | {r['errors']} |"
            )


def _print_prefilled(rows: list[dict[str, Any]]) -> None:
    print("\n| stored before | workers | reports | seconds | reports/s | CPU s | peak memory MB (PSS, all processes) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['stored_before']} | {r['workers']} | {r['added']} | {r['seconds']} | {r['reports_per_s']} "
            f"| {r['cpu_seconds']} | {r['peak_pss_total_mb']} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="reports in the end-to-end corpus")
    parser.add_argument("--stages-n", type=int, default=200, help="reports in the per-stage run (0: skip)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts for the end-to-end runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-e2e", action="store_true", help="only the per-stage run")
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="cProfile the stage run, print top K")
    parser.add_argument(
        "--entities", default="", help="entity-resolution cost at these store entity counts, e.g. 1000,100000"
    )
    parser.add_argument(
        "--prefilled", type=int, default=0, metavar="N", help="end to end into a store already holding N reports"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"n": args.n, "seed": args.seed, "host": host()}
    if args.stages_n:
        result["stages"] = measure_stages(args.stages_n, args.seed, args.profile)
    if args.entities:
        result["entity_scaling"] = measure_entity_scaling([int(n) for n in args.entities.split(",")])
    if args.prefilled:
        result["prefilled"] = [
            measure_prefilled(args.prefilled, args.n, int(w), args.seed) for w in args.workers.split(",")
        ]
    elif not args.skip_e2e:
        result["end_to_end"] = [measure_end_to_end(args.n, int(w), args.seed) for w in args.workers.split(",")]
    if args.json:
        print(json.dumps(result))
    else:
        _print_tables(result)
        if "prefilled" in result:
            _print_prefilled(result["prefilled"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
