"""The PostgreSQL store: bytes per report (SQLite beside it) and ingest rate with one and two writers.

    python -m benchmarks.pgstore --n 500 [--pg postgresql://user@host:port/postgres] [--only postgresql] [--json]

Without ``--pg`` a throw-away server is started on loopback (``tests/pglocal.py``:
Debian's binaries, else the pgserver wheel's).  Each run ingests a real-data
corpus (``benchmarks.corpus``) with ``newsdesk ingest`` as a user runs it, into
a fresh database each time:

* SQLite, one process; PostgreSQL, one process: ingest time and store size;
* PostgreSQL, two processes at once, each half of the corpus: wall time, and
  that every report is stored once.

Store size is what the database holds after the ingest: the SQLite file (after
a WAL checkpoint) and ``pg_database_size`` less that of an empty database made
from the same template; "bytes per report" divides by the reports stored.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus
from newsdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"


def _local_server() -> Any:
    spec = importlib.util.spec_from_file_location("pglocal", ROOT / "tests" / "pglocal.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bindir = module.find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL binaries: apt install postgresql, or pass --pg URL")
    server = module.LocalPostgres(bindir)
    server.start()
    return server


def _admin(url: str, sql: str) -> Any:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql).fetchone() if sql.lstrip().upper().startswith("SELECT") else conn.execute(sql)


def _fresh_db(admin_url: str, name: str) -> str:
    _admin(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(admin_url, f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _ingest(db: str, sources: list[Path], workers: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [str(Path(sys.executable).parent / "newsdesk"), "ingest", "--db", db, "--json", "--workers", str(workers)]
    return subprocess.Popen(
        [*cmd, *map(str, sources)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _run(db: str, groups: list[list[Path]], workers: int) -> dict[str, Any]:
    start = time.perf_counter()
    procs = [_ingest(db, group, workers) for group in groups]
    results = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    seconds = time.perf_counter() - start
    added = sum(len(r["added"]) for r in results)
    return {
        "seconds": round(seconds, 1),
        "added": added,
        "reports_per_s": round(added / seconds, 2),
        "errors": sum(len(r["errors"]) for r in results),
    }


def _halves(shards: list[Path], folder: Path) -> list[list[Path]]:
    """The corpus dealt line by line to two writers (so both place reports of the same stories), 200 per file."""
    lines = [line for shard in shards for line in shard.read_text(encoding="utf-8").splitlines(keepends=True)]
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    groups: list[list[Path]] = [[], []]
    for half in (0, 1):
        mine = lines[half::2]
        for k in range(0, len(mine), 200):
            path = folder / f"{'ab'[half]}-{k // 200:04d}.jsonl"
            path.write_text("".join(mine[k : k + 200]), encoding="utf-8")
            groups[half].append(path)
    return groups


def _pg_size(admin_url: str, db: str) -> dict[str, Any]:
    import psycopg

    empty = _fresh_db(admin_url, "newsdesk_bench_empty")
    with psycopg.connect(db) as conn:
        total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        tables = conn.execute(
            """SELECT relname, pg_total_relation_size(oid) FROM pg_class
               WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 8"""
        ).fetchall()
    base = _admin(admin_url, f"SELECT pg_database_size('{empty.rsplit('/', 1)[1]}')")[0]
    _admin(admin_url, f"DROP DATABASE IF EXISTS {empty.rsplit('/', 1)[1]}")
    return {
        "reports": reports,
        "bytes": total - base,
        "bytes_per_report": round((total - base) / max(reports, 1)),
        "largest_tables_mb": {t: round(s / 2**20, 1) for t, s in tables},
    }


def _sqlite_size(path: Path) -> dict[str, Any]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return {"reports": reports, "bytes": size, "bytes_per_report": round(size / max(reports, 1))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--pg", help="an admin URL (database postgres) of a server to use; default: start one")
    parser.add_argument("--workers", type=int, default=1, help="analysis processes per ingest")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql", "two"], action="append", help="run only these (repeatable)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = write_corpus(OUT / f"pgstore-corpus-{args.n}", args.n)
    shards = sorted(folder.glob("*.jsonl"))
    halves = _halves(shards, OUT / f"pgstore-halves-{args.n}")
    server = None if args.pg else _local_server()
    admin = args.pg or server.url()
    try:
        out: dict[str, Any] = {"n": args.n, "workers": args.workers, "shards": len(shards)}
        runs = set(args.only or ["sqlite", "postgresql", "two"])
        if "sqlite" in runs:
            lite = OUT / f"pgstore-{args.n}.db"
            for stale in OUT.glob(lite.name + "*"):
                stale.unlink()
            out["sqlite"] = {**_run(str(lite), [shards], args.workers), **_sqlite_size(lite)}
        if "postgresql" in runs:
            one = _fresh_db(admin, "newsdesk_bench_one")
            out["postgresql"] = {**_run(one, [shards], args.workers), **_pg_size(admin, one)}
        if "two" in runs:
            two = _fresh_db(admin, "newsdesk_bench_two")
            with Store(two):
                pass  # the schema before the race, as a deployment has it
            out["postgresql_two_writers"] = {**_run(two, halves, args.workers), **_pg_size(admin, two)}
    finally:
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
