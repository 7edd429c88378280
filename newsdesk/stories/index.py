"""Candidate stories for a new report, found in constant-ish time.

Scoring a report against every story would make each report slower than the
last.  Instead an in-memory index per store holds, for every story, the
normalised centroid of its members' vectors (one matrix per encoder), its date
span, and an inverted index from entity/name keys to stories.  A new report
retrieves the nearest centroids among stories whose time window admits it,
plus the stories sharing its rarer names (language-independent: the way a
Swedish report finds an English story when USE-m3 cannot read Swedish).

The store stays the source of truth: centroids and spans are persisted
(``story_index``, ``stories.date_first/date_last``) and the index reloads when
another connection has written (``Store.data_version``: SQLite's ``PRAGMA data_version``,
emulated on PostgreSQL, where it is what keeps two ingest processes' indexes current).  A candidate the
index returns is verified against the store before it is scored, so an entry
left behind by a rolled-back transaction is harmless.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter, defaultdict
from datetime import date

import numpy as np

from newsdesk.store import Store
from newsdesk.stories.features import parse_date

WINDOW_DAYS = 21  # a story takes reports dated up to this long before its first or after its last report
TOPIC_WINDOW_DAYS = 180  # how far apart in time two events of one topic are looked for
RARE_NAME_STORIES = 300  # names shared by more stories than this are too common to find candidates by


def _day(value: str | None) -> float:
    d = parse_date(value)
    return float(d.toordinal()) if d else np.nan


class _Matrix:
    """Growable matrix of centroid sums keyed by story slot, with their norms.

    Only the sums are kept (cosine = sum·v / norm): a second, normalised copy
    would double the index's memory, ~200 MB per 100k stories.
    """

    def __init__(self, dim: int) -> None:
        self.sums = np.zeros((64, dim), dtype=np.float32)
        self.norms = np.zeros(64, dtype=np.float32)

    def ensure(self, n: int) -> None:
        if n > len(self.sums):
            size = max(n, 2 * len(self.sums))
            for name in ("sums", "norms"):
                old = getattr(self, name)
                new = np.zeros((size, *old.shape[1:]), dtype=old.dtype)
                new[: len(old)] = old
                setattr(self, name, new)

    def set(self, slot: int, total: np.ndarray) -> None:
        self.ensure(slot + 1)
        self.sums[slot] = total
        self.norms[slot] = float(np.linalg.norm(total))

    def cosines(self, slots: np.ndarray, vector: np.ndarray, n: int) -> np.ndarray:
        """Cosines of the centroids at ``slots`` (all of them used) with a unit ``vector``.

        A time window selects few stories: touch only their rows; when most are
        eligible (undated reports), one pass over the matrix beats gathering rows.
        """
        dots = self.sums[slots] @ vector if len(slots) * 4 < n else (self.sums[:n] @ vector)[slots]
        return dots / self.norms[slots]


class StoryIndex:
    """Centroids, date spans and name postings of the live (unmerged) stories of one store."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.slots: dict[int, int] = {}
        self.ids: list[int] = []
        self.first = np.full(64, np.nan)
        self.last = np.full(64, np.nan)
        self.alive = np.zeros(64, dtype=bool)
        self.matrices: dict[str, _Matrix] = {}
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.common: set[str] = set()  # names in more than RARE_NAME_STORIES stories

    # -- maintenance -----------------------------------------------------
    def _slot(self, story: int) -> int:
        slot = self.slots.get(story)
        if slot is None:
            slot = self.slots[story] = len(self.ids)
            self.ids.append(story)
            if slot >= len(self.first):
                grow = len(self.first)
                self.first = np.concatenate([self.first, np.full(grow, np.nan)])
                self.last = np.concatenate([self.last, np.full(grow, np.nan)])
                self.alive = np.concatenate([self.alive, np.zeros(grow, dtype=bool)])
        return slot

    def set_span(self, story: int, first: str | None, last: str | None) -> None:
        slot = self._slot(story)
        self.first[slot], self.last[slot] = _day(first), _day(last)
        self.alive[slot] = True

    def set_centroid(self, story: int, encoder: str, total: np.ndarray) -> None:
        slot = self._slot(story)
        matrix = self.matrices.get(encoder)
        if matrix is None:
            matrix = self.matrices[encoder] = _Matrix(len(total))
        matrix.set(slot, np.asarray(total, dtype=np.float32))

    def add_names(self, story: int, names: frozenset[str] | set[str]) -> None:
        for name in names:
            if name in self.common:
                continue
            stories = self.postings[name]
            stories.add(story)
            if len(stories) > RARE_NAME_STORIES:  # never looked up again: forget its stories
                del self.postings[name]
                self.common.add(name)

    def drop(self, story: int) -> None:
        slot = self.slots.get(story)
        if slot is not None:
            self.alive[slot] = False

    # -- queries ----------------------------------------------------------
    def eligible(self, day: date | None, window: int = WINDOW_DAYS) -> np.ndarray:
        """Stories whose time window admits a report of ``day`` (undated on either side: yes)."""
        n = len(self.ids)
        alive = self.alive[:n].copy()
        if day is None:
            return alive
        d = float(day.toordinal())
        first, last = self.first[:n], self.last[:n]
        undated = np.isnan(first)
        inside = (first - window <= d) & (d <= last + window)
        return alive & (undated | inside)

    def nearest(self, encoder: str, vector: np.ndarray, mask: np.ndarray, k: int) -> list[tuple[int, float]]:
        matrix = self.matrices.get(encoder)
        n = len(self.ids)
        if matrix is None or n == 0:
            return []
        matrix.ensure(n)  # stories made since this encoder's last centroid have no row yet
        use = mask & (matrix.norms[:n] > 0)  # stories with a centroid for this encoder
        if not use.any():
            return []
        slots = np.flatnonzero(use)
        sims = matrix.cosines(slots, np.asarray(vector, dtype=np.float32), n)
        k = min(k, len(slots))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.ids[slots[i]], float(sims[i])) for i in top]

    def sharing_names(self, names: frozenset[str], mask: np.ndarray, k: int, min_shared: int) -> list[int]:
        counts: Counter[int] = Counter()
        for name in names:
            stories = self.postings.get(name)
            if stories and len(stories) <= RARE_NAME_STORIES:
                counts.update(stories)
        out = []
        for story, shared in counts.most_common():
            if shared < min_shared or len(out) >= k:
                break
            slot = self.slots.get(story)
            if slot is not None and slot < len(mask) and mask[slot]:
                out.append(story)
        return out


_indexes: weakref.WeakKeyDictionary[Store, StoryIndex] = weakref.WeakKeyDictionary()


def story_index(store: Store) -> StoryIndex:
    """The index of ``store``, (re)loaded from the store when another connection changed it."""
    version = store.data_version()
    index = _indexes.get(store)
    if index is None or index.version != version:
        index = _indexes[store] = _load(store)
        index.version = version
    return index


def _load(store: Store) -> StoryIndex:
    index = StoryIndex()
    db = store.db
    for row in db.execute("SELECT id, date_first, date_last FROM stories WHERE merged_into IS NULL ORDER BY id"):
        index.set_span(row["id"], row["date_first"], row["date_last"])
    for row in db.execute(
        "SELECT si.story_id, si.encoder, si.centroid FROM story_index si JOIN stories s ON s.id=si.story_id "
        "WHERE s.merged_into IS NULL"
    ):
        index.set_centroid(row["story_id"], row["encoder"], np.frombuffer(row["centroid"], dtype=np.float32))
    for row in db.execute(
        "SELECT sr.story_id, e.names FROM story_reports sr JOIN report_evidence e ON e.report_id=sr.report_id"
    ):
        index.add_names(row["story_id"], set(json.loads(row["names"])))
    return index
