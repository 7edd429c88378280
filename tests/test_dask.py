"""Analysis on a real Dask distributed cluster gives the same store as analysis in this process.

A ``LocalCluster`` of two worker processes on loopback, and a scheduler and a
worker started as commands (``dask scheduler``, ``dask worker``) the way a
team would run them.  Skips only where dask.distributed is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk import Desk
from newsdesk.cli import app

distributed = pytest.importorskip("distributed", reason="needs the scale extra (dask.distributed)")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample"


def _stories(db: Path) -> list[list[str]]:
    with Desk(db) as desk:
        return sorted(sorted(info.story.report_ids) for info in desk.stories())


def _env() -> dict[str, str]:
    """Worker processes import newsdesk from this checkout."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(scope="module")
def cluster():
    os.environ["PYTHONPATH"] = _env()["PYTHONPATH"]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_sample_gives_the_same_stories_on_a_two_worker_cluster(cluster, sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "dask.db"
    with Desk(db) as desk:
        result = desk.ingest([str(SAMPLE)], scheduler=cluster.scheduler_address)
    assert not result.errors and len(result.added) == 18
    assert _stories(db) == _stories(sample_db)
    with Desk(db) as desk, Desk(sample_db) as local:
        for rid in result.added:
            ours, theirs = desk.report(rid), local.report(rid)
            assert [m.text for m in ours.mentions] == [m.text for m in theirs.mentions]
            assert [q.text for q in ours.quotes] == [q.text for q in theirs.quotes]


def test_a_bad_item_is_a_per_item_error_on_the_cluster_too(cluster, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("date: 2031-02-03\n\nThe river Oster flooded Veltmark on Monday, officials said.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("date: 2031-02-03\n\n", encoding="utf-8")
    with Desk(tmp_path / "e.db") as desk:
        result = desk.ingest([str(good), str(empty)], scheduler=cluster.scheduler_address)
    assert result.added == ["good"] and [e.source for e in result.errors] == [str(empty)]


def test_cli_ingest_on_a_scheduler_and_worker_started_as_commands(tmp_path: Path) -> None:
    dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    if dask is None:
        pytest.skip("the dask command is not installed")
    scheduler_file = tmp_path / "scheduler.json"
    env = _env()
    common = {"cwd": tmp_path, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen(
        [
            dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(scheduler_file),
        ],
        **common,
    )
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        worker = subprocess.Popen(
            [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
            **common,
        )
        db = tmp_path / "cli.db"
        files = [str(SAMPLE / name) for name in ("a1-en-wire.txt", "a1-de-translation.txt", "b-en.txt")]
        result = CliRunner().invoke(app, ["ingest", *files, "--db", str(db), "--scheduler", address, "--json"])
        assert result.exit_code == 0, result.output
        assert sorted(json.loads(result.stdout)["added"]) == ["a1-de-translation", "a1-en-wire", "b-en"]
    finally:
        for process in (worker, scheduler):
            if process is not None:
                process.terminate()
                process.wait(30)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(SAMPLE / "b-en.txt"), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
