"""Entity extraction throughput: mentions/s and paragraphs/s per recogniser, and what resolution costs.

Runs on the bundled sample (examples/sample) plus ../shared/seeds when present,
each report extracted and sentence-split first.  Model and index loading is
timed separately (it is paid once per worker process).  Times are CPU seconds
of this process, so other jobs on the machine do not inflate them.

    python -m benchmarks.entities            # table
    python -m benchmarks.entities --json
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdesk.enrich.entities import gazetteer, lexicon, patterns, spacy_ner
from newsdesk.enrich.entities import mentions as rec
from newsdesk.enrich.entities.propagate import propagate
from newsdesk.enrich.entities.resolve import EntityIndex, resolve
from newsdesk.enrich.sentences import split_sentences
from newsdesk.extract import extract
from newsdesk.model import Entity, RawReport, Report
from newsdesk.sources.items import iter_source

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "examples" / "sample", ROOT.parent / "shared" / "seeds"]


def corpus() -> list[Report]:
    reports = []
    for source in SOURCES:
        if not source.exists():
            continue
        for raw in iter_source(str(source)):
            if isinstance(raw, RawReport):
                report = extract(raw)
                report.sentences = split_sentences(report)
                reports.append(report)
    return reports


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """CPU seconds per run (process time: robust to other jobs sharing the machine), and one run's result."""
    result = fn()  # warm-up (and the result to count)
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat, result


def loading() -> dict[str, float]:
    out = {}
    for name, fn in (
        ("spacy_model", spacy_ner._nlp),
        ("gazetteer_index", gazetteer._index),
        ("given_names", lexicon.given_names),
    ):
        start = time.process_time()
        fn()
        out[name] = round(time.process_time() - start, 2)
    return out


def per_recogniser(reports: list[Report], repeat: int) -> list[dict[str, Any]]:
    paragraphs = [(r, p) for r in reports for p in r.paragraphs]
    english = [(p, 0, len(p.text)) for r, p in paragraphs if (p.lang or r.lang) == "en"]  # whole paragraphs
    plans = {r.id: rec._Plan.of(r) for r in reports}
    toks = {(r.id, p.index): plans[r.id].tokens[p.index] for r, p in paragraphs}
    lower = {r.id: plans[r.id].lowercase for r in reports}

    def lang(r: Report, p: Any) -> str | None:
        return p.lang or r.lang

    recognisers: dict[str, tuple[Callable[[], list[Any]], int]] = {
        "spacy (English paragraphs)": (
            lambda: spacy_ner._spacy_mentions(english, spacy_ner._spacy_docs(english), set()),
            len(english),
        ),
        "gazetteer": (
            lambda: [
                c
                for r, p in paragraphs
                for c in patterns._gazetteer_mentions(p, toks[(r.id, p.index)], lang(r, p), lower[r.id])
            ],
            len(paragraphs),
        ),
        "person patterns": (
            lambda: [c for r, p in paragraphs for c in patterns._person_mentions(p, toks[(r.id, p.index)], lang(r, p))],
            len(paragraphs),
        ),
        "org patterns": (
            lambda: [c for r, p in paragraphs for c in patterns._org_mentions(p, toks[(r.id, p.index)])],
            len(paragraphs),
        ),
        "find_mentions (all, per report)": (
            lambda: [m for r in reports for m in rec.find_mentions(r)],
            len(paragraphs),
        ),
    }
    rows = []
    for name, (fn, n_paragraphs) in recognisers.items():
        seconds, found = timed(fn, repeat)
        rows.append(
            {
                "stage": name,
                "mentions": len(found),
                "paragraphs": n_paragraphs,
                "seconds": round(seconds, 4),
                "mentions_per_s": round(len(found) / seconds) if seconds else None,
                "paragraphs_per_s": round(n_paragraphs / seconds) if seconds else None,
            }
        )
    return rows


def resolution(reports: list[Report], repeat: int) -> list[dict[str, Any]]:
    for r in reports:
        r.mentions = rec.find_mentions(r)
    n = sum(len(r.mentions) for r in reports)

    def resolve_all() -> dict[str, Entity]:
        known: dict[str, Entity] = {}
        for r in reports:
            _, changed = resolve([*r.mentions], list(known.values()))
            known.update({e.key: e for e in changed})
        return known

    seconds, known = timed(resolve_all, repeat)
    story = list(known.values())
    p_seconds, _ = timed(lambda: [propagate(r, story) for r in reports], repeat)
    return [
        {
            "stage": "resolve (store-aware)",
            "mentions": n,
            "seconds": round(seconds, 4),
            "mentions_per_s": round(n / seconds),
        },
        {
            "stage": f"propagate ({len(story)} entities)",
            "mentions": n,
            "seconds": round(p_seconds, 4),
            "reports_per_s": round(len(reports) / p_seconds),
        },
    ]


def at_scale(reports: list[Report], n_people: int = 20_000, n_orgs: int = 10_000) -> list[dict[str, Any]]:
    """Resolution against a big store: synthetic people and organisations, the corpus's mentions on top."""
    rng = random.Random(7)

    def word(n: int) -> str:
        return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=n))

    known = [Entity(f"person:{i}", f"{word(5)} {word(8)}", "person", []) for i in range(n_people)]
    known += [Entity(f"org:{i}", f"{word(6)} Group", "org", []) for i in range(n_orgs)]
    start = time.process_time()
    index = EntityIndex(known)
    build = time.process_time() - start
    start = time.process_time()
    for r in reports:
        resolve([*r.mentions], index)
    per_report = (time.process_time() - start) / len(reports)
    return [
        {"stage": f"EntityIndex build ({len(known)} entities)", "mentions": 0, "seconds": round(build, 4)},
        {"stage": "resolve per report, big index", "mentions": 0, "seconds": round(per_report, 4)},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load = loading()
    reports = corpus()
    rows = per_recogniser(reports, args.repeat) + resolution(reports, args.repeat) + at_scale(reports)
    if args.json:
        print(json.dumps({"reports": len(reports), "loading_s": load, "stages": rows}, ensure_ascii=False))
        return
    print(f"{len(reports)} reports; loading, CPU s once per process: {load}")
    print(f"{'stage':36} {'mentions':>9} {'cpu s':>9} {'mentions/s':>11} {'paragraphs/s':>13}")
    for row in rows:
        print(
            f"{row['stage']:36} {row['mentions']:>9} {row['seconds']:>9} "
            f"{row.get('mentions_per_s') or '':>11} {row.get('paragraphs_per_s') or row.get('reports_per_s', ''):>13}"
        )


if __name__ == "__main__":
    main()
