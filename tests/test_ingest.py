"""End-to-end ingestion through the CLI: idempotence, bad input, crashes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store import Store

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_seeds_ingest_once(seeds_dir: Path, tmp_path: Path):
    db = str(tmp_path / "seeds.db")
    code, out = run("ingest", "--db", db, "--json", str(seeds_dir))
    assert code == 0, out
    first = json.loads(out)
    assert len(first["added"]) == 5
    code, out = run("ingest", "--db", db, "--json", str(seeds_dir))
    summary = json.loads(out)
    assert code == 0 and summary["added"] == [] and summary["unchanged"] == 5
    with Store(db) as store:
        assert store.count("reports") == 5 and store.count("revisions") == 5
        assert first["stories"] == len(store.list_stories())  # merged stories are not counted


def test_bad_items_are_reported_and_good_ones_stored(tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "date: 2026-02-01\noutlet: Valley Post\n\nRiver floods the old town\n\n"
        "The river rose two metres overnight and flooded the old town, the mayor said on Sunday.\n\n"
        "About 300 residents were moved to the sports hall.",
        encoding="utf-8",
    )
    (folder / "legacy.txt").write_bytes(
        "Café owners in Zürich count the cost\n\nThe café’s owner said the “damage” ran to 40,000 francs.".encode(
            "cp1252"
        )
    )
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + os.urandom(2048))
    (folder / "empty.txt").write_bytes(b"")
    with open(folder / "huge.txt", "wb") as handle:
        handle.write(b"word " * (50 * 1024 * 1024 // 5))
    db = str(tmp_path / "mixed.db")
    code, out = run("ingest", "--db", db, "--json", str(folder))
    summary = json.loads(out)
    assert code == 1  # some items failed
    failed = {Path(e["source"]).name: e["reason"] for e in summary["errors"]}
    assert set(failed) == {"photo.jpg", "empty.txt", "huge.txt"}
    assert "binary" in failed["photo.jpg"] and "empty" in failed["empty.txt"] and "too large" in failed["huge.txt"]
    assert sorted(summary["added"]) == ["good", "legacy"]
    with Store(db) as store:
        legacy = store.get_report("legacy")
        assert legacy is not None and "café’s owner said the “damage”" in legacy.text
        good = store.get_report("good")
        assert good is not None and good.outlet == "Valley Post" and good.published == "2026-02-01"


def test_changed_text_at_the_same_path_is_a_new_revision(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text("Bridge closes\n\nThe bridge closed on Monday for repairs lasting two weeks.", encoding="utf-8")
    db = str(tmp_path / "rev.db")
    assert run("ingest", "--db", db, str(path))[0] == 0
    path.write_text("Bridge closes\n\nThe bridge closed on Monday for repairs lasting three weeks.", encoding="utf-8")
    assert run("ingest", "--db", db, str(path))[0] == 0
    with Store(db) as store:
        assert store.count("reports") == 1
        report = store.get_report("story")
        assert report is not None and report.revision == 2 and "three weeks" in report.text


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    towns = ["Arden", "Belmoor", "Cresthill", "Dunmere", "Eastwick", "Fairholt", "Glenrock", "Harrow"]
    for i in range(n):
        town = towns[i % len(towns)]
        (folder / f"r{i:03d}.txt").write_text(
            f"date: 2026-01-{1 + i % 28:02d}\noutlet: Paper {i % 5}\n\n"
            f"Council of {town} approves budget number {i}\n\n"
            f"The council of {town} approved a budget of {100 + i} million on Tuesday after a long debate.\n\n"
            f"Mayor Lena Holm said the plan {i} would fund {i + 3} new schools and {2 * i + 1} clinics.",
            encoding="utf-8",
        )


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_gives_exactly_the_full_set(tmp_path: Path):
    folder = tmp_path / "corpus"
    _write_corpus(folder, 60)
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "newsdesk", "ingest", "--quiet", "--db", str(db), str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:  # wait until some, not all, are stored
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 5:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = con.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    assert 0 < partial < 60
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 60
        assert con.execute("SELECT COUNT(DISTINCT content_hash) FROM revisions").fetchone()[0] == 60
        orphans = con.execute(
            "SELECT COUNT(*) FROM paragraphs WHERE report_id NOT IN (SELECT id FROM reports)"
        ).fetchone()[0]
        assert orphans == 0
        unplaced = con.execute(
            "SELECT COUNT(*) FROM reports WHERE id NOT IN (SELECT report_id FROM story_reports)"
        ).fetchone()[0]
        assert unplaced == 0


def test_a_progress_bar_counts_every_item_and_stays_hidden_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `newsdesk ingest` and `newsdesk cluster` show on a terminal's stderr while they work."""
    import io

    from rich.console import Console

    from newsdesk.cli import common

    shown = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=shown, force_terminal=True, width=80))
    with common.progress_bar("Clustering", 3) as advance:
        for _ in range(3):
            advance("a.jsonl#1", "added")
    assert "Clustering" in shown.getvalue() and "3/3" in shown.getvalue()
    hidden = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=hidden, force_terminal=True, width=80))
    with common.progress_bar("Ingesting", lambda: 1 // 0, hidden=True) as advance:  # not even counted
        advance("a.txt", "added")
    assert hidden.getvalue() == ""
