"""Cost of building one story's view as the story grows (CPU seconds per build).

A story of N near-identical reports of one invented event (a dam breach; ten
sentences of our own, each report six of them in its own order, with its own
figures and outlet) is ingested into a fresh store, and its view is then built
twice with :class:`newsdesk.views.story.StoryViewBuilder` (the second build
reads every vector from the store's cache).  What grows with N: sentence
alignment and quote links, bounded by ``views.families.COMPARED_REPORTS``, and
the parts that list every report (coverage, figures, quotes), linear.

    python -m benchmarks.views                 # 60, 300 and 1,000 reports
    python -m benchmarks.views --sizes 300 --json
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Iterator

from newsdesk import Desk
from newsdesk.model import RawReport
from newsdesk.views.story import StoryViewBuilder

LEAD = "A dam on the Varn river broke early on Monday near the town of Kestrel Bay, officials said."
SENTENCES = (
    "About {homes} homes were flooded and {people} people were evacuated overnight.",
    "Mayor Ilse Brandt said the water rose faster than anyone expected.",
    "The regional water authority said the dam had been inspected in {year}.",
    "Rescue teams used boats to reach villages cut off by the flood.",
    "Police closed the main road between Kestrel Bay and Norrvik.",
    "Engineers warned that a second dam upstream was under pressure.",
    "The government promised emergency funds for the families affected.",
    "Residents said sirens sounded only after the water reached their streets.",
    "Schools in the district will stay closed until Friday.",
)


def reports(n: int, seed: int = 0) -> Iterator[RawReport]:
    """``n`` reports of one event, each its own selection and order of the sentences."""
    rng = random.Random(seed)
    for i in range(n):
        body = [
            s.format(homes=rng.choice((200, 250, 300)), people=rng.choice((900, 1000)), year=rng.choice((2019, 2021)))
            for s in rng.sample(SENTENCES, 6)
        ]
        yield RawReport(
            source=f"views-bench#{i}",
            id=f"r{i}",
            title=f"Dam breach floods Kestrel Bay ({i})",
            text="\n\n".join([LEAD, *body, f"Report {i} of outlet {i % 17}."]),
            lang="en",
            date="2031-05-12",
            outlet=f"Outlet {i % 17}",
        )


def measure(n: int, workers: int = 2) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, Desk(f"{tmp}/views.db") as desk:
        start = time.monotonic()
        desk.ingest(list(reports(n)), workers=workers)
        ingest = time.monotonic() - start
        largest = max(desk.stories(), key=lambda s: len(s.story.report_ids)).story
        builds = []
        for _ in range(2):
            cpu = time.process_time()
            StoryViewBuilder(desk.store, largest.id).build()
            builds.append(round(time.process_time() - cpu, 2))
    return {"reports": n, "story_reports": len(largest.report_ids), "ingest_s": round(ingest, 1), "build_cpu_s": builds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="60,300,1000", help="story sizes, comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="one JSON line per size")
    args = parser.parse_args(argv)
    if not args.json:
        print("| reports | in the largest story | ingest s | CPU s per view build (first / cached) |")
        print("|---|---|---|---|")
    for n in (int(x) for x in args.sizes.split(",")):
        row = measure(n, args.workers)
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            first, again = row["build_cpu_s"]  # type: ignore[misc]
            print(f"| {n} | {row['story_reports']} | {row['ingest_s']} | {first} / {again} |", flush=True)


if __name__ == "__main__":
    main()
