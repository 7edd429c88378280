"""Analysis time per KB of report, from 1 KB to 10 MB: it should stay flat (linear-time analysis).

Times :func:`newsdesk.pipeline.analyse` (cleaning, sentences, names, quotes,
figures) on one report of each size, built by the hostile-case generators of
``tests/hostile/cases.py`` (our own synthetic text, no article text):

* ``paragraphs``: news-like paragraphs of names, quotes, figures and dates;
* ``one-paragraph``: the same text with no paragraph breaks (a dump);
* ``figures``: one endless sentence of figures ("3 soldiers, 10 soldiers, ...");
* ``word``: one capitalised word of that many letters (what made the speaker pattern backtrack);
* ``quoted-names``: one paragraph of quoted names ("the group “Save the River 7” met ..."), each told from a quotation.

The analysis budget is off (``--budget`` turns the default one on): the point
is that the analysis itself is linear, not that the budget cuts it short.
CPU time of this process (models loaded before timing) and wall time.

    python -m benchmarks.analysis                                  # 1 KB .. 10 MB, all shapes
    python -m benchmarks.analysis --sizes 1,10,100 --shapes paragraphs --json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable

from benchmarks.host import describe, host
from newsdesk.enrich.budget import UNLIMITED, Budget
from newsdesk.model import RawReport
from newsdesk.pipeline import analyse
from tests.hostile.cases import capitalised_word, many_figures, news_text, quoted_names

SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda size: news_text(size, seed=size),
    "one-paragraph": lambda size: news_text(size, seed=size).replace("\n\n", " "),
    "figures": lambda size: many_figures(max(1, size // 15)),
    "word": capitalised_word,
    "quoted-names": lambda size: quoted_names(max(1, size // 65)),
}


def measure(shape: str, kb: int, budget: Budget) -> dict[str, object]:
    """One report of ``kb`` KB in ``shape``, analysed once: seconds and seconds per KB."""
    text = SHAPES[shape](kb * 1024)
    raw = RawReport(source=f"{shape}-{kb}.txt", text=text)
    cpu, wall = time.process_time(), time.perf_counter()
    report = analyse(raw, budget=budget)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    size_kb = len(text.encode("utf-8")) / 1024
    return {
        "shape": shape,
        "kb": round(size_kb),
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "cpu_ms_per_kb": round(1000 * cpu / size_kb, 2),
        "sentences": len(report.sentences),
        "mentions": len(report.mentions),
        "quotes": len(report.quotes),
        "figures": len(report.figures),
        "flags": report.flags,
        "load": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the sizes for each shape and print a table (or JSON lines)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100,1000,10000", help="report sizes in KB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}")
    parser.add_argument("--budget", action="store_true", help="analyse within the default budget (from the env)")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    args = parser.parse_args(argv)
    budget = Budget.from_env() if args.budget else UNLIMITED
    analyse(RawReport(source="warm.txt", text=news_text(2_000)), budget=UNLIMITED)  # load the models first
    machine = host()
    if not args.json:
        print(describe(machine))
        print("| shape | KB | CPU s | wall s | CPU ms/KB | sentences | mentions | quotes | figures | load |")
        print("|---|---|---|---|---|---|---|---|---|---|")
    for shape in args.shapes.split(","):
        for kb in (int(s) for s in args.sizes.split(",")):
            row = measure(shape, kb, budget)
            if args.json:
                print(json.dumps({**row, "host": machine}), flush=True)
            else:
                cells = [row[k] for k in ("shape", "kb", "cpu_s", "wall_s", "cpu_ms_per_kb")]
                cells += [row[k] for k in ("sentences", "mentions", "quotes", "figures", "load")]
                print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
