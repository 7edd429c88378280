"""Acceptance on the reference seeds: 000, 001, 002, 004 are one story; 003 another story in the same topic.

The seeds are read from ../shared (skipped when absent).  Each is analysed once;
then several ingestion orders are replayed into fresh stores (sharing the vector
cache so e5 runs once).
"""

from __future__ import annotations

import copy
import itertools
from pathlib import Path

import pytest

from newsdesk.model import RawReport, Report
from newsdesk.pipeline import analyse, store_report
from newsdesk.sources.items import iter_source
from newsdesk.store import Store

# Only 000 carries dates (its header month and a full date in the text); 001, 002 and 004 have none,
# and 003 only day-months without a year.  Undated May reports arriving after 003 and before 000 fit
# 003's story as well as any (no encoder separates them, see DESIGN.md); 000's anchored date must then
# regroup them.  Every one of the 120 orders is replayed.
ORDERS = list(itertools.permutations(range(5)))


@pytest.fixture(scope="module")
def analysed_seeds() -> list[tuple[RawReport, Report]]:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not available")
    out = []
    for path in sorted(seeds.glob("*.txt")):
        raw = next(item for item in iter_source(str(path)) if isinstance(item, RawReport))
        out.append((raw, analyse(raw)))
    return out


@pytest.fixture(scope="module")
def vector_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("seeds") / "vectors.db"


def place_in_order(order: tuple[int, ...], seeds: list[tuple[RawReport, Report]], cache: Path) -> dict[int, tuple]:
    store = Store(":memory:")
    store.db.execute("ATTACH DATABASE ? AS cache", (str(cache),))
    store.db.execute("CREATE TABLE IF NOT EXISTS cache.vectors AS SELECT * FROM main.vectors WHERE 0")
    store.db.execute("INSERT OR IGNORE INTO main.vectors SELECT * FROM cache.vectors")
    ids = {}
    for i in order:
        raw, report = seeds[i]
        report = copy.deepcopy(report)
        store_report(store, raw, report)
        ids[i] = report.id
    store.db.execute("DELETE FROM cache.vectors")
    store.db.execute("INSERT INTO cache.vectors SELECT * FROM main.vectors")
    out = {}
    for i, rid in ids.items():
        story = store.story_of(rid)
        topic = store.db.execute("SELECT topic FROM stories WHERE id=?", (story,)).fetchone()[0]
        out[i] = (story, topic)
    store.close()
    return out


@pytest.mark.parametrize("order", ORDERS)
def test_seed_stories_whatever_the_order(order, analysed_seeds, vector_cache) -> None:
    placed = place_in_order(order, analysed_seeds, vector_cache)
    may = {placed[i][0] for i in (0, 1, 2, 4)}
    assert len(may) == 1, f"the May reports were split: {placed}"
    assert placed[3][0] not in may, f"003 joined the May story: {placed}"
    assert placed[3][1] == placed[0][1], f"003 is not in the May story's topic: {placed}"
