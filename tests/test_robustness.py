"""Faults a news desk meets in production: a killed ingest, and readers during writes.

* SIGKILL to the whole ingest (main process and pool workers) at a few random
  points, then a rerun: the store is intact, every report is there exactly
  once, with all its rows, and placed in a story.
* SIGKILL to the main process alone (as the OOM killer does): the pool's
  fork server and workers end with it instead of running on as orphans.
* A web server (``newsdesk.web.app.create_app`` under uvicorn) answering
  pages and API calls while an ingest writes: no errors, no "database is
  locked".

The corpus is invented here (short reports about three fictional events in
two languages), so the tests need nothing from ../shared.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from newsdesk.store import Store

KILLS = 3
DEADLINE_S = 900  # a safety net for a loaded machine, not a performance bound (CI: ~1-2 min)

_EVENTS = [
    ("2026-02-03", "Arden", "the river burst its banks", "homes", "Mayor Lena Holm"),
    ("2026-02-19", "Belmoor", "a freight train derailed", "wagons", "Inspector Tomas Ek"),
    ("2026-03-08", "Cresthill", "the power plant caught fire", "workers", "Chief Rosa Dahl"),
]
_SWEDISH = ("{town}: {n} {things} drabbade", "– Vi gör allt vi kan, säger {who} till tidningen.")


def write_corpus(folder: Path, n: int) -> list[str]:
    """``n`` short invented reports spread over three events; returns their ids (file stems)."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(n):
        day, town, what, things, who = _EVENTS[i % len(_EVENTS)]
        count = 40 + 7 * i
        if i % 4 == 3:
            title = _SWEDISH[0].format(town=town, n=count, things="hus")
            body = f"I {town} drabbades minst {count} hus på tisdagen.\n\n" + _SWEDISH[1].format(who=who)
        else:
            title = f"In {town}, {what}: {count} {things} hit (report {i})"
            body = (
                f"In {town}, {what} on Tuesday and at least {count} {things} were affected, officials said.\n\n"
                f'"We are doing everything we can," {who} told reporters, adding that {i + 2} teams were at work.\n\n'
                f"Residents of {town} were asked to stay away from the area until further notice."
            )
        stem = f"r{i:03d}"
        text = f"date: {day}\noutlet: Paper {i % 4}\ntitle: {title}\n\n{body}\n"
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        ids.append(stem)
    return ids


def ingest_cmd(db: Path, folder: Path, workers: int = 2) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsdesk",
        "ingest",
        "--quiet",
        "--db",
        str(db),
        "--workers",
        str(workers),
        str(folder),
    ]


def stored_reports(db: Path) -> int:
    """Reports committed so far, as a concurrent reader sees them (-1 while unreadable)."""
    if not db.exists():
        return -1
    try:
        with sqlite3.connect(db, timeout=2) as con:
            return con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    except sqlite3.Error:
        return -1


def check_store(db: Path, expected_ids: list[str] | None = None) -> int:
    """Integrity and the all-or-nothing invariants; returns the number of reports."""
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")
        ids = [r[0] for r in con.execute("SELECT id FROM reports ORDER BY id")]
        # Every child row belongs to a stored report, in every table that has one (generic over the schema).
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
            if "report_id" in columns and table != "reports":
                orphans = con.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE report_id NOT IN (SELECT id FROM reports)'
                ).fetchone()[0]
                assert orphans == 0, f"{orphans} orphan rows in {table}"
        # Each stored report: one revision, its paragraphs, a story.
        assert con.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == len(ids)
        no_text = con.execute(
            "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.report_id=r.id)"
        ).fetchone()[0]
        assert no_text == 0
        unplaced = con.execute(
            "SELECT COUNT(*) FROM reports WHERE id NOT IN (SELECT report_id FROM story_reports)"
        ).fetchone()[0]
        assert unplaced == 0, f"{unplaced} reports are in no story"
        dangling = con.execute(
            "SELECT COUNT(*) FROM story_reports WHERE story_id NOT IN (SELECT id FROM stories)"
        ).fetchone()[0]
        assert dangling == 0
    if expected_ids is not None:
        assert ids == sorted(expected_ids)
    return len(ids)


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun(tmp_path: Path):
    seed = int(os.environ.get("NEWSDESK_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    n = 24
    folder, db = tmp_path / "corpus", tmp_path / "kill.db"
    ids = write_corpus(folder, n)
    targets = sorted(rng.sample(range(n - 6), KILLS))  # kill once this many reports are stored
    cmd = ingest_cmd(db, folder)
    deadline = time.monotonic() + DEADLINE_S
    killed_mid_run = 0
    for target in targets:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        while proc.poll() is None and stored_reports(db) < target and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, 0.4))  # land anywhere inside the next report's transaction
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the main process and its pool workers, like a power cut
            killed_mid_run += 1
        proc.wait()
        if db.exists():
            stored = check_store(db)
            assert stored < n or proc.returncode == 0, f"seed {seed}"
    assert killed_mid_run, f"no kill landed mid-run (seed {seed}); make the corpus bigger"
    finished = subprocess.run(cmd, capture_output=True, text=True, timeout=max(60, deadline - time.monotonic()))
    assert finished.returncode == 0, (seed, finished.stderr[-2000:])
    assert check_store(db, ids) == n, f"seed {seed}"
    with Store(db) as store:
        assert store.count("stories") >= 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The web app on 127.0.0.1 in a background thread; yields its base URL."""
    import uvicorn

    from newsdesk.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), None), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started:
        assert thread.is_alive() and time.monotonic() - started < 30, "the web server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def _read_everything(client: httpx.Client, failures: list[str]) -> int:
    """One round over the pages and the API, following what the listings show; returns requests made."""
    paths = ["/", "/api/stories", "/api/search?q=officials", "/search?q=river+Arden", "/api/search?q=hus"]
    made = 0
    while paths:
        path = paths.pop(0)
        response = client.get(path)
        made += 1
        if response.status_code >= 500 or "locked" in response.text.lower():
            failures.append(f"{path}: {response.status_code} {response.text[:300]}")
            continue
        if path == "/api/stories" and response.status_code == 200:
            for story in response.json()[:3]:
                paths += [f"/api/stories/{story['id']}", f"/stories/{story['id']}"]
        if path.startswith("/api/stories/") and response.status_code == 200:
            for report in response.json().get("reports", [])[:2]:
                paths += [f"/api/reports/{report['id']}", f"/reports/{report['id']}"]
    return made


@pytest.mark.slow
def test_web_server_reads_while_ingest_writes(tmp_path: Path):
    folder, db = tmp_path / "corpus", tmp_path / "live.db"
    ids = write_corpus(folder, 24)
    Store(db).close()  # an empty, migrated store for the server to start on
    failures: list[str] = []
    requests_during_ingest = 0
    with serving(db) as base, httpx.Client(base_url=base, timeout=60) as client:
        proc = subprocess.Popen(ingest_cmd(db, folder), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            while proc.poll() is None:
                requests_during_ingest += _read_everything(client, failures)
        finally:
            _, stderr = proc.communicate(timeout=DEADLINE_S)
        assert proc.returncode == 0, stderr[-2000:]
        assert "locked" not in stderr.lower()
        _read_everything(client, failures)
        listed = client.get("/api/stories").json()
        assert sum(story["reports"] for story in listed) == len(ids)
    assert not failures, failures[:5]
    assert requests_during_ingest >= 20, "the readers barely overlapped the ingest"
    check_store(db, ids)


def _descendants(pid: int) -> set[int]:
    """Live processes below ``pid`` (from /proc: children, their children, ...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting to be reaped has finished)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_ingest_leaves_no_workers_behind(tmp_path: Path):
    """Only the main process is killed (as the OOM killer would): its fork server and workers must go too."""
    folder, db = tmp_path / "corpus", tmp_path / "orphans.db"
    write_corpus(folder, 96)  # more than one batch, so the pool starts
    proc = subprocess.Popen(ingest_cmd(db, folder), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + DEADLINE_S
    below: set[int] = set()
    while proc.poll() is None and time.monotonic() < deadline and len(below) < 3:  # fork server + 2 workers
        time.sleep(0.1)
        below = _descendants(proc.pid)
    assert proc.poll() is None, "ingest finished before its pool was seen; make the corpus bigger"
    time.sleep(1)
    below = _descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone_by = time.monotonic() + 30
    while time.monotonic() < gone_by and any(map(_running, below)):
        time.sleep(0.2)
    left = [pid for pid in below if _running(pid)]
    for pid in left:  # do not leave them to the next test either
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} of {len(below)} pool processes outlived the killed ingest"
