"""Hand corrections: an editor merges, splits, moves, renames and fixes who said what; and undoes it.

Automatic story decisions are good on average and wrong in particular cases
an editor can see at a glance.  Each correction here changes the store in one
transaction and is written to the edit log (``edits``: who, when, what, and
what undo needs), its membership changes to ``story_merges`` / ``story_moves``
with the edit's id, so the story history shows who did what.  The merges,
splits and moves in force bind later automatic decisions through
:mod:`newsdesk.stories.constraints`.

Undo reverts one edit (any, not only the last) as far as the store still
allows: the reports it moved go back where they came from if they are still
where it put them; a story it emptied comes back.  The undo is itself an entry
in the log, and the undone edit no longer constrains anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from newsdesk.model import Edit
from newsdesk.store import Store, now
from newsdesk.stories import labels
from newsdesk.stories.assign import _new_story, _rebuild_centroids, anchor_day
from newsdesk.stories.constraints import story_members
from newsdesk.stories.evidence import load_profiles
from newsdesk.stories.index import story_index


class EditError(ValueError):
    """A correction that cannot be made as asked; the message says why."""


# -- the log ------------------------------------------------------------------------------------


def _record(
    store: Store,
    action: str,
    editor: str,
    data: dict[str, Any],
    *,
    story: int | None = None,
    report: str | None = None,
    quote: int | None = None,
) -> int:
    cur = store.db.execute(
        "INSERT INTO edits (at, editor, action, story_id, report_id, quote_id, data) VALUES (?,?,?,?,?,?,?)",
        (now(), editor, action, story, report, quote, json.dumps(data, ensure_ascii=False)),
    )
    return int(cur.lastrowid)


_EDIT_SQL = """SELECT id, at, editor, action, story_id AS story, report_id AS report, quote_id AS quote, data,
                      undone_by FROM edits"""


def _edits(store: Store, where: str = "", params: tuple = ()) -> list[Edit]:
    found = store.rows_as(Edit, f"{_EDIT_SQL} {where} ORDER BY id", params)
    for edit in found:
        edit.data = json.loads(edit.data)  # type: ignore[arg-type]
    return found


def get_edit(store: Store, edit_id: int) -> Edit | None:
    found = _edits(store, "WHERE id=?", (edit_id,))
    return found[0] if found else None


def list_edits(store: Store, *, story: int | None = None) -> list[Edit]:
    """The edit log, oldest first (about ``story``: made on it, or moving reports from or to it)."""
    edits = _edits(store)
    if story is None:
        return edits
    return [e for e in edits if story in (e.story, e.data.get("from"), e.data.get("into"))]


# -- membership ---------------------------------------------------------------------------------


def _live(store: Store, story: int) -> int:
    """The live story ``story`` is now, or EditError."""
    live = store.live_story(story)
    if live is None:
        raise EditError(f"no story {story}")
    return live


def _edit_time(store: Store, edit_id: int) -> str:
    """When edit ``edit_id`` was made.  Every change an edit records carries this time, so a story's history
    keeps one edit's changes together (and in a fixed order) even when the edit runs across a second."""
    return str(store.db.execute("SELECT at FROM edits WHERE id=?", (edit_id,)).fetchone()[0])


def _relocate(store: Store, moves: dict[str, int], edit_id: int, *, record: bool = True) -> set[int]:
    """Move reports to stories (recorded as moves of ``edit_id`` unless a merge records itself); the stories touched."""
    stamp = _edit_time(store, edit_id)
    touched: set[int] = set()
    for rid, story in moves.items():
        old = store.story_of(rid)
        if old == story:
            continue
        store.db.execute("UPDATE story_reports SET story_id=?, score=NULL WHERE report_id=?", (story, rid))
        if record and old is not None:
            store.db.execute(
                "INSERT INTO story_moves (report_id, from_story, into_story, score, at, edit_id) VALUES (?,?,?,?,?,?)",
                (rid, old, story, None, stamp, edit_id),
            )
        touched |= {story} if old is None else {story, old}
    return touched


def _retire(store: Store, story: int, heir: int, edit_id: int) -> None:
    """Mark an emptied ``story`` as merged into ``heir`` (so links to it lead on)."""
    stamp = _edit_time(store, edit_id)
    store.db.execute("UPDATE stories SET merged_into=?, updated_at=? WHERE id=?", (heir, stamp, story))
    store.db.execute(
        "INSERT INTO story_merges (from_story, into_story, score, at, edit_id) VALUES (?,?,?,?,?)",
        (story, heir, None, stamp, edit_id),
    )
    store.db.execute("DELETE FROM story_index WHERE story_id=?", (story,))
    story_index(store).drop(story)


def _revive(store: Store, story: int) -> None:
    store.db.execute("UPDATE stories SET merged_into=NULL, updated_at=? WHERE id=?", (now(), story))


def _refresh(store: Store, stories: Iterable[int]) -> None:
    """Recompute what placement keeps per live story (date span, centroids, names, label) and drop cached views."""
    index = story_index(store)
    for story in set(stories):
        store.db.execute("DELETE FROM story_views WHERE story_id=?", (story,))
        ids = story_members(store, story)
        if not ids or store.live_story(story) != story:
            continue
        profiles = load_profiles(store, ids)
        days = [d for d in (anchor_day(p) for p in profiles.values()) if d]
        first = min(days).isoformat() if days else None
        last = max(days).isoformat() if days else None
        store.db.execute(
            "UPDATE stories SET date_first=?, date_last=?, updated_at=? WHERE id=?", (first, last, now(), story)
        )
        _rebuild_centroids(store, story)
        index.set_span(story, first, last)
        for profile in profiles.values():
            index.add_names(story, profile.evidence.names)
        labels.refresh_label(store, story)


# -- corrections ----------------------------------------------------------------------------------


def merge(store: Store, into: int, other: int, editor: str) -> Edit:
    """Merge story ``other`` into story ``into``: one event, from now on."""
    with store.transaction():
        into, other = _live(store, into), _live(store, other)
        if into == other:
            raise EditError(f"story {other} is already story {into}")
        a, b = story_members(store, into), story_members(store, other)
        edit = _record(store, "merge", editor, {"into": into, "from": other, "a": a, "b": b}, story=into)
        _relocate(store, dict.fromkeys(b, into), edit, record=False)
        _retire(store, other, into, edit)
        _refresh(store, [into, other])
    return _must(store, edit)


def split(store: Store, story: int, report_ids: list[str], editor: str) -> Edit:
    """Take ``report_ids`` out of ``story`` into a new story of the same topic (``Edit.story``)."""
    with store.transaction():
        story = _live(store, story)
        members = story_members(store, story)
        out = list(dict.fromkeys(report_ids))
        strangers = [rid for rid in out if rid not in members]
        if strangers:
            raise EditError(f"not in story {story}: {', '.join(strangers)}")
        rest = [rid for rid in members if rid not in out]
        if not out or not rest:
            raise EditError("a split needs reports to take out and reports to leave behind")
        topic = store.topic_of(story)
        new = _new_story(store, topic) if topic is not None else _story_without_topic(store)
        edit = _record(store, "split", editor, {"from": story, "out": out, "rest": rest}, story=new)
        _refresh(store, _relocate(store, dict.fromkeys(out, new), edit))
    return _must(store, edit)


def _story_without_topic(store: Store) -> int:
    stamp = now()
    cur = store.db.execute("INSERT INTO stories (label, created_at, updated_at) VALUES ('', ?, ?)", (stamp, stamp))
    return int(cur.lastrowid)


def move(store: Store, report_id: str, story: int, editor: str) -> Edit:
    """Move one report to ``story``; a story it leaves empty is recorded as merged into ``story``."""
    with store.transaction():
        story = _live(store, story)
        old = store.story_of(report_id)
        if old is None:
            raise EditError(f"no report {report_id!r} in any story")
        if old == story:
            raise EditError(f"report {report_id} is already in story {story}")
        left = [rid for rid in story_members(store, old) if rid != report_id]
        data = {"report": report_id, "from": old, "into": story, "with": story_members(store, story), "left": left}
        data["emptied"] = not left
        edit = _record(store, "move", editor, data, story=story, report=report_id)
        touched = _relocate(store, {report_id: story}, edit)
        if not left:
            _retire(store, old, story, edit)
        _refresh(store, touched)
    return _must(store, edit)


def rename(store: Store, story: int, label: str, editor: str) -> Edit:
    """Give a story an editor's label, which automatic relabelling keeps from then on."""
    label = " ".join(label.split())
    if not label:
        raise EditError("a label cannot be empty")
    with store.transaction():
        story = _live(store, story)
        old = store.db.execute("SELECT label FROM stories WHERE id=?", (story,)).fetchone()["label"]
        edit = _record(store, "rename", editor, {"label": label, "old": old}, story=story)
        store.db.execute("UPDATE stories SET label=?, updated_at=? WHERE id=?", (label, now(), story))
        store.db.execute("DELETE FROM story_views WHERE story_id=?", (story,))
    return _must(store, edit)


def set_speaker(store: Store, quote_id: int, speaker: str | None, speaker_key: str | None, editor: str) -> Edit:
    """Attribute quote ``quote_id`` to ``speaker`` (entity ``speaker_key`` if known; None: unattributed)."""
    with store.transaction():
        row = store.db.execute("SELECT * FROM quotes WHERE id=?", (quote_id,)).fetchone()
        if row is None:
            raise EditError(f"no quote {quote_id}")
        story = store.story_of(row["report_id"])
        data = {
            "report": row["report_id"],
            "paragraph": row["paragraph"],
            "text": row["text"],
            "speaker": speaker,
            "speaker_key": speaker_key,
            "old": row["speaker"],
            "old_key": row["speaker_key"],
            "old_span": [row["speaker_paragraph"], row["speaker_start"], row["speaker_end"]],
        }
        edit = _record(store, "speaker", editor, data, story=story, report=row["report_id"], quote=quote_id)
        _set_quote(store, quote_id, speaker, speaker_key, story)
    return _must(store, edit)


def _set_quote(
    store: Store, quote_id: int, speaker: str | None, key: str | None, story: int | None, span: list | None = None
) -> None:
    """Set a quote's speaker; the span of the name in the text is the one found (``span``), or none for a
    speaker an editor named (the name found there is the wrong one)."""
    p, start, end = span or [None, None, None]
    store.db.execute(
        "UPDATE quotes SET speaker=?, speaker_key=?, speaker_paragraph=?, speaker_start=?, speaker_end=? WHERE id=?",
        (speaker, key, p, start, end, quote_id),
    )
    if story is not None:  # its view is rebuilt (Desk) from the stories changed since the edit
        store.db.execute("DELETE FROM story_views WHERE story_id=?", (story,))
        store.db.execute("UPDATE stories SET updated_at=? WHERE id=?", (now(), story))


def reapply_speakers(store: Store, report_ids: Iterable[str]) -> int:
    """After new revisions of reports: give their quotes the speakers editors set on the same quotes before.

    A revision rebuilds a report's quotes; a quote whose paragraph and text are
    unchanged is the one the editor corrected.  Returns how many were re-applied.
    """
    ids = set(report_ids)
    if not ids:
        return 0
    count = 0
    with store.transaction():
        for edit in list_edits(store):
            if edit.action != "speaker" or edit.undone_by or edit.report not in ids:
                continue
            d = edit.data
            row = store.db.execute(
                "SELECT id FROM quotes WHERE report_id=? AND paragraph=? AND text=? ORDER BY id LIMIT 1",
                (edit.report, d["paragraph"], d["text"]),
            ).fetchone()
            if row is not None:
                _set_quote(store, row["id"], d["speaker"], d["speaker_key"], store.story_of(edit.report or ""))
                store.db.execute("UPDATE edits SET quote_id=? WHERE id=?", (row["id"], edit.id))
                count += 1
    return count


# -- undo -------------------------------------------------------------------------------------------


def undo(store: Store, edit_id: int, editor: str) -> Edit:
    """Revert edit ``edit_id`` (as far as later changes allow) and record the undo."""
    with store.transaction():
        edit = get_edit(store, edit_id)
        if edit is None:
            raise EditError(f"no edit {edit_id}")
        if edit.action == "undo":
            raise EditError(f"edit {edit_id} is an undo: make the correction again instead")
        if edit.undone_by:
            raise EditError(f"edit {edit_id} was already undone by edit {edit.undone_by}")
        d = edit.data
        story = store.live_story(edit.story) if edit.story is not None else None
        undo_id = _record(store, "undo", editor, {"edit": edit.id, "action": edit.action}, story=story)
        store.db.execute("UPDATE edits SET undone_by=? WHERE id=?", (undo_id, edit.id))
        touched: set[int] = set()
        if edit.action == "merge":
            touched = _send_back(store, d["b"], d["into"], d["from"], undo_id, revive=True)
        elif edit.action == "split":
            home = _live(store, d["from"])
            touched = _send_back(store, d["out"], edit.story, home, undo_id)
            new = edit.story
            if new is not None and store.live_story(new) == new and not story_members(store, new):
                _retire(store, new, home, undo_id)
        elif edit.action == "move":
            back = d["from"] if d["emptied"] else _live(store, d["from"])
            touched = _send_back(store, [d["report"]], d["into"], back, undo_id, revive=d["emptied"])
        elif edit.action == "rename" and story is not None:
            labels.refresh_label(store, story)  # the previous editor's label if any, else the automatic one
            touched = {story}
        elif edit.action == "speaker" and edit.quote is not None:
            current = store.db.execute("SELECT 1 FROM quotes WHERE id=?", (edit.quote,)).fetchone()
            if current is not None:
                _set_quote(store, edit.quote, d["old"], d["old_key"], story, d["old_span"])
        _refresh(store, touched)
    return _must(store, undo_id)


def _send_back(
    store: Store, report_ids: list[str], story: int | None, target: int, edit_id: int, *, revive: bool = False
) -> set[int]:
    """Move back to ``target`` those of ``report_ids`` still in (the live heir of) ``story``; the stories touched.

    ``revive``: ``target`` was emptied by the edit being undone and comes back, if anything returns to it.
    """
    where = store.live_story(story) if story is not None else None
    moves = {rid: target for rid in report_ids if where is not None and store.story_of(rid) == where}
    if not moves:
        return set()
    if revive:
        _revive(store, target)
    return {target, *_relocate(store, moves, edit_id)}


def _must(store: Store, edit_id: int) -> Edit:
    edit = get_edit(store, edit_id)
    assert edit is not None
    return edit
