"""The PostgreSQL backend against a real server on loopback (started by the ``pg_server`` fixture).

The same pipeline, views and commands as with SQLite; these tests check that
what comes out is the same, and that several writers neither duplicate reports
nor corrupt stories.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.desk import Desk
from newsdesk.store import Store
from newsdesk.views.story import StoryViewBuilder

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(desk: Desk) -> dict[str, object]:
    """Everything a reader sees of the stories, comparable across backends (no timestamps)."""
    store = desk.store
    stories = []
    for info in desk.stories():
        view = StoryViewBuilder(store, info.story.id).build()  # built now on both: no ingest timing in it
        view.pop("history", None)
        stories.append(
            {
                "id": info.story.id,
                "label": info.story.label,
                "topic": info.story.topic,
                "reports": info.story.report_ids,
                "languages": info.languages,
                "view": json.loads(json.dumps(view, sort_keys=True, default=str)),
            }
        )
    return {
        "stories": stories,
        "reports": [(r.id, r.title, r.outlet, r.lang, r.published, r.story) for r in desk.reports()],
        "entities": sorted((e.entity.key, e.entity.name, e.reports, e.mentions) for e in desk.entities()),
        "quotes": [(q.report, q.quote.speaker, q.quote.text, q.same_as) for q in desk.quotes()],
        "links": sorted((r.id, [(x.report, x.origin, x.kind) for x in desk.links(r.id)]) for r in desk.reports()),
        "merges": [(s.story.id, [(c.kind, c.story, c.report) for c in store.story_history(s.story.id)]) for s in desk.stories()],
    }  # fmt: skip


def test_sample_gives_the_same_stories_from_sqlite_and_postgresql(tmp_path, pg_url, sample_dir):
    with Desk(tmp_path / "lite.db") as lite, Desk(pg_url) as pg:
        assert lite.ingest([str(sample_dir)]).ok
        result = pg.ingest([str(sample_dir)])
        assert result.ok, result.errors
        expected, got = _snapshot(lite), _snapshot(pg)
    assert len(expected["stories"]) >= 3
    for key in expected:
        assert got[key] == expected[key], key


def test_reingest_is_a_no_op_and_a_changed_text_is_a_revision(tmp_path, pg_url):
    path = tmp_path / "storm.txt"
    path.write_text("date: 2026-02-03\n\nStorm Ada closed the port of Brest on Monday, officials said.\n")
    with Desk(pg_url) as desk:
        assert len(desk.ingest([str(path)]).added) == 1
        again = desk.ingest([str(path)])
        assert again.unchanged and not again.added
        path.write_text("date: 2026-02-03\n\nStorm Ada closed the port of Brest on Monday; 40 ships waited.\n")
        revised = desk.ingest([str(path)])
        assert len(revised.revised) == 1
        report = desk.report(revised.revised[0])
        assert report is not None and report.revision == 2
        assert desk.store.count("revisions") == 2 and desk.store.count("reports") == 1


def _ingest(url: str, source: Path) -> subprocess.Popen[str]:
    code = "import sys; from newsdesk.desk import Desk; d = Desk(sys.argv[1]); r = d.ingest([sys.argv[2]]); d.close(); print(len(r.added), len(r.unchanged), len(r.errors))"  # noqa: E501
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, url, str(source)], stdout=subprocess.PIPE, text=True, env=env)


@pytest.mark.slow
def test_two_concurrent_ingests_leave_no_duplicates_and_whole_stories(tmp_path, pg_url, sample_dir):
    """Two processes ingest the same sample into one database at the same time."""
    with Store(pg_url):  # the schema first, as a deployment would; the race under test is the ingest
        pass
    procs = [_ingest(pg_url, sample_dir) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    added = [int(o[0]) for o in outputs]
    errors = [int(o[2]) for o in outputs]
    assert errors == [0, 0]
    with Desk(tmp_path / "lite.db") as lite:
        lite.ingest([str(sample_dir)])
        n_reports = lite.store.count("reports")
        expected_groups = sorted(sorted(s.story.report_ids) for s in lite.stories())
    assert sum(added) == n_reports  # every report stored once, by one of the two
    with Store(pg_url) as store:
        db = store.db
        assert store.count("reports") == n_reports
        assert db.execute("SELECT COUNT(DISTINCT content_hash) FROM revisions").fetchone()[0] == n_reports
        assert store.count("revisions") == n_reports
        # every report in exactly one story, and that story live; no story both merged and holding reports
        assert store.count("story_reports") == n_reports
        dead = db.execute(
            "SELECT COUNT(*) FROM story_reports sr JOIN stories s ON s.id = sr.story_id WHERE s.merged_into IS NOT NULL"
        ).fetchone()[0]
        assert dead == 0
        # each live story's stored centroid count is its membership
        for row in db.execute("SELECT story_id, encoder, n FROM story_index"):
            members = db.execute("SELECT COUNT(*) FROM story_reports WHERE story_id=?", (row["story_id"],)).fetchone()
            assert row["n"] <= members[0]
        groups = sorted(sorted(s.report_ids) for s in store.list_stories() if s.report_ids)
    assert groups == expected_groups  # the same stories as one writer makes


def test_unknown_scheme_is_a_clear_error(tmp_path, monkeypatch):
    from newsdesk.store import UnknownDatabase

    monkeypatch.chdir(tmp_path)
    with pytest.raises(UnknownDatabase, match="mysql"):
        Store("mysql://u@h/db")
    assert not list(tmp_path.iterdir())  # nothing created (it used to make a SQLite file named "mysql:")


def test_cli_takes_a_postgresql_url_and_refuses_other_schemes(pg_url, sample_dir, tmp_path):
    from typer.testing import CliRunner

    from newsdesk.cli import app

    runner = CliRunner()
    done = runner.invoke(app, ["ingest", "--db", pg_url, "--json", str(sample_dir / "b-en.txt")])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["reports", "--db", pg_url, "--json"])
    assert listed.exit_code == 0 and json.loads(listed.output.splitlines()[0])["id"]
    by_env = runner.invoke(app, ["stories", "--json"], env={"NEWSDESK_DB": pg_url})
    assert by_env.exit_code == 0 and json.loads(by_env.output.splitlines()[0])["reports"] == 1
    with_password = pg_url.replace("newsdesk@", "newsdesk:s3cret@")  # the test server trusts loopback: ignored
    shown = runner.invoke(app, ["ingest", "--db", with_password, str(sample_dir / "b-en.txt")])
    assert shown.exit_code == 0 and "newsdesk:***@" in shown.output and "s3cret" not in shown.output, shown.output
    bad = runner.invoke(app, ["stories", "--db", "mongodb://h/db"])
    assert bad.exit_code == 2 and "unknown database URL scheme" in bad.output
    down = runner.invoke(app, ["stories", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert down.exit_code == 2 and "cannot connect" in down.output


def test_rows_errors_and_translation_behave_as_with_sqlite(pg_url):
    with Store(pg_url) as store:
        db = store.db
        with store.transaction():
            db.execute("INSERT INTO topics (label) VALUES ('')")
            cur = db.execute("INSERT INTO stories (label, topic, created_at, updated_at) VALUES ('a', 1, 't', 't')")
            assert cur.lastrowid == 1
        row = db.execute("SELECT id, label AS Name FROM stories WHERE id IN (?)", (1,)).fetchone()
        assert row[0] == 1 and row["id"] == 1 and row["name"] == "a" and dict(row) == {"id": 1, "name": "a"}
        assert db.execute("SELECT id FROM stories WHERE id IN ()").fetchall() == []
        assert db.execute("SELECT COUNT(*) FROM stories WHERE id NOT IN ()").fetchone()[0] == 1
        assert db.execute("SELECT GROUP_CONCAT(label, char(31)) FROM stories").fetchone()[0] == "a"
        assert db.execute("SELECT SUM(id) FROM stories").fetchone()[0] == 1  # an int, as SQLite gives (not Decimal)
        assert db.execute("SELECT MAX(id, 5) FROM stories").fetchone()[0] == 5
        with pytest.raises(sqlite3.IntegrityError):  # callers catch SQLite's exceptions
            db.execute("INSERT INTO stories (id, label, created_at, updated_at) VALUES (1, 'b', 't', 't')")
        db.execute("INSERT OR REPLACE INTO topics (id, label) VALUES (1, 'weather')")
        db.execute("INSERT OR IGNORE INTO topics (id, label) VALUES (1, 'ignored')")
        assert db.execute("SELECT label FROM topics WHERE id = 1").fetchone()[0] == "weather"
        # SQLite orders NULLs first; so must the translation
        db.execute("INSERT INTO stories (label, created_at, updated_at, date_first) VALUES ('b', 't', 't', '2026')")
        assert [r[0] for r in db.execute("SELECT label FROM stories ORDER BY date_first")] == ["a", "b"]
        assert [r[0] for r in db.execute("SELECT label FROM stories ORDER BY date_first DESC")] == ["b", "a"]
        assert db.execute("SELECT label FROM stories WHERE label LIKE 'A'").fetchone()[0] == "a"
        assert db.execute("SELECT COUNT(*) FROM stories WHERE date_first IS ?", (None,)).fetchone()[0] == 1
        # an explicit id moves the numbering on, as in SQLite (a sequence alone would hand out 3 next, then 7 twice)
        db.execute("INSERT INTO stories (id, label, created_at, updated_at) VALUES (7, 'c', 't', 't')")
        assert db.execute("INSERT INTO stories (label, created_at, updated_at) VALUES ('d', 't', 't')").lastrowid == 8


def test_data_version_changes_only_for_other_writers(pg_url):
    with Store(pg_url) as one, Store(pg_url) as two:
        start = one.data_version()
        with one.transaction():
            one.db.execute("INSERT INTO topics (label) VALUES ('mine')")
        assert one.data_version() == start  # its own commit: nothing to reload
        with two.transaction():
            two.db.execute("INSERT INTO topics (label) VALUES ('theirs')")
        assert one.data_version() != start
