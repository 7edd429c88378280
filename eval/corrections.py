"""Do hand corrections survive later ingests?  An editor in the loop, simulated on ../shared/data.

For each dataset (see :mod:`eval.clusters`) the reports are ingested in a
random order (``--seeds``).  After the first ``--fraction`` of them, an editor
who knows the gold events corrects every story then on file: reports of a
minority event are split off a story (one split per event), then stories
holding reports of one event are merged.  The rest of the reports are then
ingested, and we measure

- ``kept``: the share of corrected pairs the final stories still honour
  (pairs the editor put together still together, pairs split apart still apart);
- BCubed F1 on all reports and on the corrected first part.

Three runs per order: ``none`` (no editor), ``unbound`` (the same corrections,
with the constraint hooks of assign and regroup switched off: what a store
without constraints would do with them), and ``bound`` (as shipped).  Nothing
is fitted here: the editor is the gold labels, and the numbers show what the
constraints keep.

    python -m eval.corrections                    # mmds and ecb-event, seeds 0-2
    python -m eval.corrections --dataset mmds --seeds 0 --json
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval.clusters import BUILT_IN, analysed_reports, bcubed, dataset_file, vector_cache
from eval.datasets import read_jsonl
from newsdesk.model import RawReport, Report
from newsdesk.pipeline import identity_of, store_report
from newsdesk.sources.items import iter_source
from newsdesk.store import Store
from newsdesk.stories import edits

constraints = importlib.import_module("newsdesk.stories.constraints")


@contextmanager
def unbound() -> Iterator[None]:
    """The hooks in assign and regroup see no corrections (as in tests/test_edits_binding.py's control)."""
    saved = {name: getattr(constraints, name) for name in ("bind", "admits", "stories_allowed", "pinned_story")}
    constraints.bind = lambda store, ids, veto, sims: (veto, sims, [])
    constraints.admits = lambda *args: True
    constraints.stories_allowed = lambda *args: True
    constraints.pinned_story = lambda *args: None
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(constraints, name, value)


def correct(store: Store, ids: list[str], gold: dict[str, Hashable]) -> tuple[int, int, set, set]:
    """Correct the stories of ``ids`` against ``gold`` as an editor would; (splits, merges, together, apart)."""
    story_of = {rid: store.story_of(rid) for rid in ids}
    splits = merges = 0
    apart: set[frozenset[str]] = set()
    by_story: dict[int, list[str]] = defaultdict(list)
    for rid in ids:
        by_story[story_of[rid]].append(rid)
    for story, members in by_story.items():
        events = Counter(gold[r] for r in members)
        if len(events) < 2:
            continue
        keep = events.most_common(1)[0][0]
        for event in [e for e in events if e != keep]:
            out = [r for r in members if gold[r] == event]
            rest = [r for r in store.get_story(story).report_ids if r not in out]
            edits.split(store, story, out, "gold")
            splits += 1
            apart |= {frozenset((a, b)) for a in out for b in rest if b in gold}
    by_event: dict[Hashable, set[int]] = defaultdict(set)
    for rid in ids:
        by_event[gold[rid]].add(store.story_of(rid))
    together: set[frozenset[str]] = set()
    for event, stories in by_event.items():
        if len(stories) < 2:
            continue
        live = sorted({store.live_story(s) for s in stories}, key=lambda s: -len(store.get_story(s).report_ids))
        for other in live[1:]:
            edits.merge(store, live[0], other, "gold")
            merges += 1
        members = [r for r in ids if gold[r] == event]
        together |= {frozenset((a, b)) for a in members for b in members if a < b}
    return splits, merges, together, apart


def run(items: list[RawReport], reports: list[Report], labels: list[Hashable], fraction: float, mode: str,
        vectors_db: Path) -> dict[str, Any]:  # fmt: skip
    """One ingest in the given order, with the editor after ``fraction`` of it (unless mode is "none")."""
    store = Store(":memory:")
    cut = int(len(items) * fraction)
    ids: list[str] = []
    gold: dict[str, Hashable] = {}
    result: dict[str, Any] = {"mode": mode}
    together: set = set()
    apart: set = set()
    with vector_cache(store.db, vectors_db), unbound() if mode == "unbound" else _nothing():
        for k, (raw, report) in enumerate(zip(items, reports, strict=True)):
            if k == cut and mode != "none":
                result["splits"], result["merges"], together, apart = correct(store, ids, gold)
            store_report(store, raw, copy.deepcopy(report))
            rid = store.report_id_for(identity_of(raw))
            if rid is not None and rid not in gold:
                ids.append(rid)
                gold[rid] = labels[k]
    final = {rid: store.story_of(rid) for rid in ids}
    kept = sum(final[a] == final[b] for a, b in map(tuple, together))
    kept += sum(final[a] != final[b] for a, b in map(tuple, apart))
    corrected = len(together) + len(apart)
    result["pairs"] = corrected
    result["kept"] = kept / corrected if corrected else None
    result["f1"] = bcubed([final[r] for r in ids], [gold[r] for r in ids])["f1"]
    first = ids[:cut]
    result["f1_first"] = bcubed([final[r] for r in first], [gold[r] for r in first])["f1"]
    return result


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=["mmds", "ecb-event"], action="append")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="ingestion orders")
    parser.add_argument("--fraction", type=float, default=0.5, help="the share ingested before the editor works")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsdesk-eval")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for name in args.dataset or ["mmds", "ecb-event"]:
        path = dataset_file(name, args.cache)  # read as `newsdesk cluster` and eval.clusters read it
        labels = [row[BUILT_IN[name][1]] for row in read_jsonl(path)]
        items = [item for item in iter_source(str(path)) if isinstance(item, RawReport)]
        reports = analysed_reports(path, args.cache)
        for seed in args.seeds:
            order = list(range(len(items)))
            random.Random(seed).shuffle(order)
            for mode in ("none", "unbound", "bound"):
                result = run([items[i] for i in order], [reports[i] for i in order], [labels[i] for i in order],
                             args.fraction, mode, args.cache / "vectors.db")  # fmt: skip
                result.update(dataset=name, seed=seed)
                if args.json:
                    print(json.dumps(result))
                else:
                    kept = "" if result["kept"] is None else f" | kept {result['kept']:.3f} of {result['pairs']} pairs"
                    edits_made = f" | {result['splits']} splits, {result['merges']} merges" if mode != "none" else ""
                    print(
                        f"{name:9s} seed {seed} {mode:8s} BCubed F1 {result['f1']:.3f} "
                        f"(first part {result['f1_first']:.3f}){edits_made}{kept}"
                    )
                sys.stdout.flush()


if __name__ == "__main__":
    main()
