"""Hand corrections as constraints on automatic story decisions: must-link and cannot-link pairs.

An editor who merges two stories says their reports tell one event; one who
splits reports off a story, or moves a report to another, says those reports
do not belong with the ones left behind.  Story placement and regrouping
decide again with every report that arrives, so without these constraints a
later ingest would quietly undo the correction.  This module reads the edit
log (the ``edits`` table, written by :mod:`newsdesk.stories.edits`) and turns
the corrections still in force into:

- must-link groups: reports that must share a story (a merge puts both
  stories' reports in one group; a split puts the reports split off in one;
  a move puts the report with the members of the story it was moved to);
- cannot-link pairs: reports that must not share a story (each report split
  off against each one left; a moved report against those of the story it
  left).

The log is replayed in order, so a later correction wins over an earlier one
on the same pair (merge, then split a report out again: that report is apart).
An undone edit is skipped.  The replay is cached per store and redone only
when the log changes, so placement pays one small query per report.

Placement (:mod:`newsdesk.stories.assign`) and regrouping
(:mod:`newsdesk.stories.regroup`) consult it through the functions at the
end; their call sites are marked ``# [constraints]``.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk.store import Store

BINDING = ("merge", "split", "move")  # the edit actions that constrain story membership


@dataclass
class Constraints:
    """Must-link groups and cannot-link pairs over report ids."""

    group: dict[str, int] = field(default_factory=dict)  # report -> its must-link group
    members: dict[int, set[str]] = field(default_factory=dict)  # group -> its reports
    apart: dict[str, set[str]] = field(default_factory=dict)  # report -> reports it may not share a story with
    placed: set[str] = field(default_factory=set)  # reports an editor put where they are (merged, split off, moved)
    _next: int = 0

    def together(self, ids: Iterable[str]) -> None:
        """Put ``ids`` (and everything already bound to them) in one group; nothing in it stays apart."""
        union: set[str] = set()
        for rid in ids:
            union.add(rid)
            old = self.group.get(rid)
            if old is not None:
                union |= self.members.pop(old, set())
        self.placed |= union
        if len(union) < 2:
            return
        self._next += 1
        self.members[self._next] = union
        for rid in union:
            self.group[rid] = self._next
            if rid in self.apart:
                self.apart[rid] -= union

    def separate(self, xs: Iterable[str], ys: Iterable[str]) -> None:
        """Keep every report of ``xs`` apart from every one of ``ys`` (each x leaves a group it shared with a y)."""
        ys = set(ys)
        xs = [x for x in xs if x not in ys]
        for x in xs:
            gid = self.group.get(x)
            if gid is not None and self.members[gid] & ys:
                self.members[gid].discard(x)
                del self.group[x]
                if len(self.members[gid]) < 2:
                    for rid in self.members.pop(gid):
                        del self.group[rid]
        for x in xs:
            self.apart.setdefault(x, set()).update(ys)
            for y in ys:
                self.apart.setdefault(y, set()).add(x)

    @property
    def empty(self) -> bool:
        return not self.placed and not any(self.apart.values())

    def allowed(self, ids_a: Iterable[str], ids_b: Iterable[str]) -> bool:
        """Whether the reports of ``ids_a`` may share a story with those of ``ids_b``."""
        if not self.apart:
            return True
        b = set(ids_b)
        return not any(self.apart.get(a, set()) & b for a in ids_a)

    def partners(self, report_id: str) -> set[str]:
        """The reports that must share a story with ``report_id`` (not itself)."""
        gid = self.group.get(report_id)
        return self.members[gid] - {report_id} if gid is not None else set()

    def groups_within(self, ids: Sequence[str]) -> list[list[int]]:
        """Must-link groups among ``ids``, as lists of positions (groups of two or more only)."""
        found: dict[int, list[int]] = {}
        for k, rid in enumerate(ids):
            gid = self.group.get(rid)
            if gid is not None:
                found.setdefault(gid, []).append(k)
        return [g for g in found.values() if len(g) > 1]

    def cannot_matrix(self, ids: Sequence[str]) -> np.ndarray:
        """A boolean matrix over ``ids``: True where two reports may not share a story."""
        n = len(ids)
        out = np.zeros((n, n), dtype=bool)
        if not self.apart:
            return out
        pos = {rid: k for k, rid in enumerate(ids)}
        for i, rid in enumerate(ids):
            for other in self.apart.get(rid, ()):
                j = pos.get(other)
                if j is not None:
                    out[i, j] = out[j, i] = True
        return out


def replay(edits: Iterable[tuple[str, dict]]) -> Constraints:
    """Constraints from (action, data) of the edits in force, oldest first."""
    found = Constraints()
    for action, data in edits:
        if action == "merge":
            found.together([*data["a"], *data["b"]])
        elif action == "split":
            found.separate(data["out"], data["rest"])
            found.together(data["out"])
        elif action == "move":
            found.separate([data["report"]], data["left"])
            found.together([data["report"], *data["with"]])
    return found


_cache: weakref.WeakKeyDictionary[Store, tuple[tuple, Constraints]] = weakref.WeakKeyDictionary()
_MARKS = ",".join("?" * len(BINDING))


def load(store: Store) -> Constraints:
    """The constraints of the edits in force in ``store`` (replayed only when the log has changed)."""
    # a rolled-back edit may leave a cached replay under the same count and id: the data's length tells them apart
    key = tuple(store.db.execute("SELECT COUNT(*), MAX(id), COUNT(undone_by), SUM(LENGTH(data)) FROM edits").fetchone())
    cached = _cache.get(store)
    if cached is not None and cached[0] == key:
        return cached[1]
    rows = store.db.execute(
        f"SELECT action, data FROM edits WHERE undone_by IS NULL AND action IN ({_MARKS}) ORDER BY id", BINDING
    )
    found = replay((r["action"], json.loads(r["data"])) for r in rows)
    _cache[store] = (key, found)
    return found


def story_members(store: Store, story: int) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT report_id FROM story_reports WHERE story_id=?", (story,))]


# -- what placement and regrouping ask -----------------------------------------------------------


def allowed(store: Store, report_ids_a: Iterable[str], report_ids_b: Iterable[str]) -> bool:
    """Whether no correction keeps a report of ``report_ids_a`` apart from one of ``report_ids_b``."""
    return load(store).allowed(report_ids_a, report_ids_b)


def admits(store: Store, story: int, report_ids: Iterable[str]) -> bool:
    """Whether ``report_ids`` may join ``story`` (no cannot-link with any of its members)."""
    found = load(store)
    return True if found.empty else found.allowed(report_ids, story_members(store, story))


def stories_allowed(store: Store, a: int, b: int) -> bool:
    """Whether stories ``a`` and ``b`` may be merged."""
    found = load(store)
    return True if found.empty else found.allowed(story_members(store, a), story_members(store, b))


def must_link(store: Store, report_ids: Sequence[str]) -> list[list[str]]:
    """The groups of ``report_ids`` that corrections bind together (two or more each)."""
    return [[report_ids[k] for k in g] for g in load(store).groups_within(report_ids)]


def must_groups(store: Store, report_ids: Sequence[str]) -> list[list[int]]:
    """:func:`must_link` as positions in ``report_ids`` (what regrouping's clustering starts from)."""
    return load(store).groups_within(report_ids)


def cannot_matrix(store: Store, report_ids: Sequence[str]) -> np.ndarray:
    """True where two of ``report_ids`` may not share a story (regrouping's veto)."""
    return load(store).cannot_matrix(report_ids)


def bind(
    store: Store, report_ids: Sequence[str], veto: np.ndarray, sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """Regrouping's (veto, similarities) under the corrections in force, and the groups to start from.

    Cannot-link pairs join the veto.  Each must-link group starts as one
    cluster, whatever its members' scores and dates: an editor may merge two
    stories that dates alone would keep apart (a saga, a follow-up).  Such a
    group spans more than one event's dates, so a report is judged against the
    part it fits: if no member's date rules it out, the date vetoes against the
    others are waived and it links to each member as well as to the member it
    fits best; and two such reports no longer rule each other out by date.
    """
    found = load(store)
    start = found.groups_within(report_ids)
    if found.empty or not start:
        return veto | found.cannot_matrix(report_ids), sims, start
    cannot = found.cannot_matrix(report_ids)
    veto, sims = veto.copy(), sims.copy()
    inside = {k for group in start for k in group}
    for group in start:
        rows = np.array(group)
        fit = [x for x in range(len(report_ids)) if x not in inside and not cannot[x, rows].any()]
        fit = [x for x in fit if not veto[x, rows].all()]
        for x in fit:
            best = float(sims[x, rows[~veto[x, rows]]].max())
            veto[x, rows] = veto[rows, x] = False
            sims[x, rows] = sims[rows, x] = best
        veto[np.ix_(fit, fit)] = False  # two reports that each fit the group's span do not clash by date
    return veto | cannot, sims, start


def pinned_story(store: Store, report_id: str) -> int | None:
    """The story a report must stay in because an editor put it there (None: placement is free).

    Ask before the report leaves its story to be placed again (a revision):
    the story of the reports a correction binds it to, else, for a report
    an editor placed alone (split off, moved), the story it is in.
    """
    found = load(store)
    if report_id not in found.placed:
        return None
    partners = found.partners(report_id)
    if not partners:
        return store.story_of(report_id)
    marks = ",".join("?" * len(partners))
    stories = Counter(
        r[0]
        for r in store.db.execute(f"SELECT story_id FROM story_reports WHERE report_id IN ({marks})", list(partners))
    )
    return stories.most_common(1)[0][0] if stories else store.story_of(report_id)


def hand_label(store: Store, story: int) -> str | None:
    """The label an editor gave the story (the latest rename in force), or None."""
    row = store.db.execute(
        "SELECT data FROM edits WHERE action='rename' AND story_id=? AND undone_by IS NULL ORDER BY id DESC LIMIT 1",
        (story,),
    ).fetchone()
    return json.loads(row["data"])["label"] if row else None
