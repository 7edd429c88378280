"""Hand corrections on a small invented store: merge, split, move, rename, a quote's speaker, undo, the log.

The store is filled directly (no pipeline): story 1 holds three flood
reports (en-herald, en-wire, sv-kust), story 2 the hostile report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from webdata import HOSTILE_SCRIPT, build_store

from newsdesk import Desk
from newsdesk.stories import constraints, labels
from newsdesk.stories.constraints import replay
from newsdesk.stories.edits import EditError

FLOOD = ["en-herald", "en-wire", "sv-kust"]


@pytest.fixture
def desk(tmp_path: Path):
    with Desk(build_store(tmp_path / "web.db")) as d:
        yield d


def members(desk: Desk, story: int) -> list[str]:
    return sorted(desk.store.get_story(story).report_ids)


# -- the constraints a log replays to ------------------------------------------------------------


def test_merge_binds_both_sides_and_a_later_split_wins_over_it():
    merged = replay([("merge", {"a": ["a1", "a2"], "b": ["b1"]})])
    assert merged.groups_within(["b1", "x", "a2", "a1"]) == [[0, 2, 3]]
    assert merged.allowed(["a1"], ["b1"])
    after = replay([("merge", {"a": ["a1", "a2"], "b": ["b1"]}), ("split", {"out": ["b1"], "rest": ["a1", "a2"]})])
    assert not after.allowed(["b1"], ["a2"])
    assert after.allowed(["b1"], ["x"])
    assert after.groups_within(["a1", "a2", "b1"]) == [[0, 1]]  # the rest stays bound; b1 is alone
    cannot = after.cannot_matrix(["a1", "b1", "x"])
    assert cannot[0, 1] and cannot[1, 0] and not cannot[0, 2] and not cannot[1, 2]


def test_move_binds_the_report_to_its_new_story_and_apart_from_the_old():
    found = replay([("move", {"report": "r", "with": ["s1", "s2"], "left": ["o1"]})])
    assert found.partners("r") == {"s1", "s2"}
    assert not found.allowed(["r"], ["o1", "zz"])
    # merging the two stories again by hand lifts the cannot-link: the later edit wins
    again = replay(
        [("move", {"report": "r", "with": ["s1"], "left": ["o1"]}), ("merge", {"a": ["o1"], "b": ["r", "s1"]})]
    )
    assert again.allowed(["r"], ["o1"]) and again.partners("o1") == {"r", "s1"}


def test_bind_starts_from_must_groups_and_waives_dates_inside_their_span():
    import numpy as np

    found = replay([("merge", {"a": ["m1"], "b": ["j1"]}), ("split", {"out": ["x"], "rest": ["m1", "j1"]})])
    ids = ["m1", "j1", "new", "x"]
    veto = np.zeros((4, 4), dtype=bool)
    veto[0, 1] = veto[1, 0] = True  # March and June: dates alone would keep the merged stories apart
    veto[2, 0] = veto[0, 2] = True  # a June newcomer clashes with the March member only
    sims = np.full((4, 4), 0.1)
    sims[2, 1] = sims[1, 2] = 0.9
    constraints._cache.clear()
    out_veto, out_sims, start = _bind_with(found, ids, veto, sims)
    assert start == [[0, 1]]
    assert not out_veto[2, 0] and out_sims[2, 0] == pytest.approx(0.9)  # judged by the part it fits
    assert out_veto[3, 0] and out_veto[3, 1]  # the split-off report stays apart


def _bind_with(found, ids, veto, sims):
    class FakeStore:  # constraints.bind reads the replay through load(); give it this one
        pass

    store = FakeStore()
    original = constraints.load
    constraints.load = lambda _store: found
    try:
        return constraints.bind(store, ids, veto, sims)  # type: ignore[arg-type]
    finally:
        constraints.load = original


# -- corrections on a store ------------------------------------------------------------------------


def test_merge_records_who_and_undo_restores_both_stories(desk: Desk):
    edit = desk.merge(1, 2, editor="ann")
    assert edit.action == "merge" and edit.editor == "ann" and edit.story == 1
    assert members(desk, 1) == sorted([*FLOOD, "hostile"])
    assert desk.live_story(2) == 1
    change = desk.store.story_history(1)[-1]
    assert (change.kind, change.story, change.editor, change.edit) == ("merged-in", 2, "ann", edit.id)
    assert change.describe() == f"story 2 was merged into this one by ann (edit {edit.id})"
    assert constraints.allowed(desk.store, ["hostile"], FLOOD)
    assert sorted(constraints.must_link(desk.store, [*FLOOD, "hostile"])[0]) == sorted([*FLOOD, "hostile"])

    undo = desk.undo(editor="bo")
    assert undo.action == "undo" and undo.data["edit"] == edit.id
    assert desk.live_story(2) == 2
    assert members(desk, 1) == sorted(FLOOD) and members(desk, 2) == ["hostile"]
    assert desk.edits()[0].undone_by == undo.id
    assert constraints.must_link(desk.store, [*FLOOD, "hostile"]) == []  # an undone edit binds nothing
    kinds = [(c.kind, c.editor) for c in desk.store.story_history(2)]
    assert ("merged-away", "ann") in kinds and ("moved-in", "bo") in kinds and ("undone", "bo") not in kinds
    assert ("undone", "bo") in [(c.kind, c.editor) for c in desk.store.story_history(1)]
    with pytest.raises(EditError, match="already undone"):
        desk.undo(edit.id)


def test_split_then_undo(desk: Desk):
    edit = desk.split(1, ["sv-kust"], editor="ann")
    new = edit.story
    assert members(desk, new) == ["sv-kust"] and members(desk, 1) == ["en-herald", "en-wire"]
    assert desk.store.topic_of(new) == desk.store.topic_of(1)
    assert not constraints.admits(desk.store, 1, ["sv-kust"])
    assert [c.kind for c in desk.store.story_history(new)] == ["moved-in"]
    assert constraints.pinned_story(desk.store, "sv-kust") == new  # a revision of it stays there
    desk.undo(edit.id)
    assert members(desk, 1) == sorted(FLOOD)
    assert desk.live_story(new) == 1  # the emptied story leads back to the one it came from
    assert constraints.admits(desk.store, 1, ["sv-kust"])


def test_an_edit_s_changes_carry_its_time_even_when_it_runs_across_a_second(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move that empties a story records a move and a merge; a slow edit must not file them in two seconds."""
    from newsdesk.stories import edits

    seconds = iter(range(10, 60))
    monkeypatch.setattr(edits, "now", lambda: f"2031-03-01T10:00:{next(seconds)}+00:00")  # a second per call
    edit = desk.move("hostile", 1, editor="cy")
    changes = [c for c in desk.store.story_history(1) if c.edit == edit.id]
    assert [(c.kind, c.report) for c in changes] == [("merged-in", None), ("moved-in", "hostile")]
    assert {c.at for c in changes} == {desk.edits()[-1].at}


@pytest.mark.parametrize(
    ("story", "reports", "message"),
    [
        (1, ["hostile"], "not in story 1"),
        (1, FLOOD, "reports to take out and reports to leave"),
        (9, ["x"], "no story"),
    ],
)
def test_split_refuses_what_it_cannot_do(desk: Desk, story: int, reports: list[str], message: str):
    with pytest.raises(EditError, match=message):
        desk.split(story, reports)
    assert desk.edits() == []


def test_moving_a_story_s_last_report_empties_it_and_undo_brings_it_back(desk: Desk):
    edit = desk.move("hostile", 1, editor="cy")
    assert edit.data["emptied"] and desk.live_story(2) == 1
    assert constraints.pinned_story(desk.store, "hostile") == 1
    assert [(c.kind, c.report) for c in desk.store.story_history(1)][-2:] == [
        ("merged-in", None),
        ("moved-in", "hostile"),
    ]
    with pytest.raises(EditError, match="already in story 1"):
        desk.move("hostile", 1)
    desk.undo(edit.id)
    assert desk.live_story(2) == 2 and members(desk, 2) == ["hostile"]


def test_rename_is_kept_by_relabelling_until_undone(desk: Desk):
    edit = desk.rename(1, "  Harbour   flood ", editor="ann")
    assert edit.data == {"label": "Harbour flood", "old": ""}
    with desk.store.transaction():
        assert labels.refresh_label(desk.store, 1) == "Harbour flood"  # what placement calls after each report
    assert desk.store.get_story(1).label == "Harbour flood"
    assert desk.store.story_history(1)[-1].describe() == f"renamed “Harbour flood” by ann (edit {edit.id})"
    desk.undo()
    assert desk.store.get_story(1).label != "Harbour flood"
    with pytest.raises(EditError, match="cannot be empty"):
        desk.rename(1, "   ")


def test_a_quote_speaker_fix_links_the_entity_survives_a_revision_and_undoes(desk: Desk):
    quote = next(q for q in desk.quotes() if q.report == "en-herald")
    edit = desk.set_speaker(quote.id, "maria lindqvist", editor="ann")
    fixed = next(q for q in desk.quotes() if q.id == quote.id).quote
    assert (fixed.speaker, fixed.speaker_key) == ("maria lindqvist", "person:maria-lindqvist")
    assert desk.store.story_history(1)[-1].kind == "speaker"
    # a new revision rebuilds the report's quotes: the fix is applied to the same quote again
    report = desk.store.get_report("en-herald")
    report.content_hash = "a new revision"
    report.quotes[0].speaker, report.quotes[0].speaker_key = quote.quote.speaker, quote.quote.speaker_key  # as found
    with desk.store.transaction():
        desk.store.save_report(report, report.source)
    assert next(q for q in desk.quotes() if q.report == "en-herald").quote.speaker != "maria lindqvist"
    from newsdesk.stories.edits import reapply_speakers

    assert reapply_speakers(desk.store, ["en-herald"]) == 1
    again = next(q for q in desk.quotes() if q.report == "en-herald")
    assert again.quote.speaker == "maria lindqvist" and desk.edits()[-1].quote == again.id
    desk.undo(edit.id)
    assert next(q for q in desk.quotes() if q.report == "en-herald").quote.speaker == quote.quote.speaker


def test_hostile_label_and_ids_are_stored_as_given(desk: Desk):
    edit = desk.rename(2, HOSTILE_SCRIPT, editor=HOSTILE_SCRIPT)
    assert desk.store.get_story(2).label == HOSTILE_SCRIPT and edit.editor == HOSTILE_SCRIPT
    with pytest.raises(EditError, match="no quote"):
        desk.set_speaker(10**6, "x")
    with pytest.raises(EditError, match="no report"):
        desk.move("nope", 1)


def test_the_cli_corrects_lists_and_undoes(tmp_path: Path):
    import json

    from typer.testing import CliRunner

    from newsdesk.cli import app

    db = build_store(tmp_path / "cli.db")
    run = CliRunner().invoke

    def ok(*args: str) -> dict:
        result = run(app, [*args, "--db", db, "--json", "--editor", "cli-ann"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    split = ok("split", "1", "sv-kust")
    assert (split["action"], split["editor"]) == ("split", "cli-ann") and split["what"].startswith("split 1 report")
    ok("move", "en-wire", str(split["story"]))
    ok("rename", "2", "Port")
    quote = json.loads(run(app, ["quotes", "--db", db, "--json"]).stdout.splitlines()[0])["id"]
    assert ok("quote", str(quote), "--speaker", "")["data"]["speaker"] is None  # unattributed
    ok("merge", "1", "2")
    assert ok("undo")["data"] == {"edit": 5, "action": "merge"}
    log = [json.loads(line) for line in run(app, ["edits", "--db", db, "--json"]).stdout.splitlines()]
    assert [e["action"] for e in log] == ["split", "move", "rename", "speaker", "merge", "undo"]
    assert log[4]["undone_by"] == log[5]["id"]
    table = run(app, ["edits", "--db", db, "--story", str(split["story"])])
    assert "move report en-wire" in table.stdout and "cli-ann" in table.stdout
    refused = run(app, ["merge", "1", "1", "--db", db])
    assert refused.exit_code == 2 and "already story 1" in refused.output
    history = json.loads(run(app, ["story", "1", "--db", db, "--json"]).stdout)["history"]
    assert {"merged-in", "undone"} <= {h["kind"] for h in history}
