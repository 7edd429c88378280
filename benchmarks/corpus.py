"""Benchmark corpora of any size, made from the real texts in ../shared/data.

Synthetic text would be too regular (equal lengths, no boilerplate, no
mixed scripts) to say anything about extraction cost or story sizes, and
../shared/data holds only ~3,100 distinct reports.  So a corpus of N reports
is made of *epochs*: each epoch is a copy of the whole base set, varied so
that no two reports are byte-identical and each epoch's stories are new
events.

Base texts (every text a real report; the gold event label, where the data
set has one, keeps same-event reports together in time):

* ``mmds``: MMDS2025 dev, 209 en/ms/zh articles, event labels;
* ``ecb``: ECB+ dev, 462 English articles, event = (topic, ecb|ecbplus);
* ``semeval``: the 1,381 distinct articles of the SemEval-2022 task 8 pairs
  (de, en, es, tr, pl, ar, fr), same event = pair scored Overall <= 2;
* ``polnear``: 924 English political articles (train + dev), singletons;
* ``readability``: 130 web pages as raw HTML (the HTML extraction path).

Variation of base text ``b`` in epoch ``e`` (deterministic for a seed):

* **re-dated**: epoch ``e`` spans ``EPOCH_DAYS`` days starting
  ``e * (EPOCH_DAYS + GAP_DAYS)`` days after ``START``; every event gets one
  day inside its epoch and each of its reports a jitter of 0-2 days, so an
  epoch's copy of an event is a new, separate story;
* **outlet-renamed**: one of ``OUTLETS`` fictional outlet names, so outlets
  recur across reports as they do in a real stream;
* **paragraph-shuffled** (epochs >= 1, plain text only): paragraphs after the
  first two (headline and lead stay in place) are shuffled and one of them
  dropped when there are more than four; HTML pages are kept as they are
  (their content hash still differs through date and outlet).

Reports come out in publication-date order, epoch by epoch; a corpus smaller
than one epoch is a random subset of the base texts.  ``python -m
benchmarks.corpus --n 100000 --out out/bench/corpus-100k`` writes one as a
folder of JSONL shards that ``newsdesk ingest`` reads directly.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from eval.datasets import load_ecbplus, load_mmds
from newsdesk.model import RawReport

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
START = date(2020, 1, 1)
EPOCH_DAYS = 40
GAP_DAYS = 60  # longer than any story window, so epochs never share a story
OUTLETS = tuple(f"{a} {b}" for a in ("Northern", "Daily", "Evening", "Coastal", "Valley") for b in (
    "Courier", "Herald", "Post", "Gazette", "Ledger", "Observer", "Tribune", "Wire", "Journal", "Sentinel"
))  # fmt: skip
SOURCES = ("mmds", "ecb", "semeval", "polnear", "readability")
SHARD_BYTES = 8 * 1024 * 1024
SAME_EVENT_MAX = 2.0  # SemEval "Overall" 1 (same story) .. 4 (different)


@dataclass(frozen=True)
class BaseText:
    """One real report: the unit that epochs copy and vary."""

    key: str
    event: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    lang: str | None = None


def _stable(*parts: object) -> int:
    """A hash that is the same in every process (``hash()`` is salted)."""
    return int.from_bytes(hashlib.blake2b(repr(parts).encode(), digest_size=8).digest(), "big")


def _mmds(root: Path) -> list[BaseText]:
    rows = load_mmds(root / "mmds2025-dev")
    return [BaseText(r["id"], f"mmds:{r['gold']}", text=r["text"], title=r["title"]) for r in rows]


def _ecb(root: Path) -> list[BaseText]:
    rows = load_ecbplus(root / "ecbplus-dev")
    return [BaseText(f"ecb-{r['id']}", f"ecb:{r['gold']}", text=r["text"], lang="en") for r in rows]


def _semeval(root: Path) -> list[BaseText]:
    csv.field_size_limit(1 << 30)
    with (root / "semeval2022-task8-train" / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    texts: dict[str, BaseText] = {}
    for row in rows:
        a, b = row["pair_id"].split("_")
        for key, text, lang in ((a, row["text1"], row["lang1"]), (b, row["text2"], row["lang2"])):
            if text.strip():
                texts.setdefault(key, BaseText(f"semeval-{key}", "", text=text, lang=lang))
        if float(row["Overall"]) <= SAME_EVENT_MAX:
            parent[find(a)] = find(b)
    return [BaseText(t.key, f"semeval:{find(k)}", text=t.text, lang=t.lang) for k, t in sorted(texts.items())]


def _polnear(root: Path) -> list[BaseText]:
    paths = sorted((root / "polnear-train").glob("*/text/*.txt"))
    return [BaseText(f"polnear-{p.stem}", f"polnear:{p.stem}", text=p.read_text(encoding="utf-8")) for p in paths]


def _readability(root: Path) -> list[BaseText]:
    pages = sorted((root / "readability-pages" / "test" / "test-pages").glob("*/source.html"))
    out = []
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        out.append(BaseText(f"page-{page.parent.name}", f"page:{page.parent.name}", html=html))
    return out


_LOADERS = {"mmds": _mmds, "ecb": _ecb, "semeval": _semeval, "polnear": _polnear, "readability": _readability}


@cache
def base_texts(sources: tuple[str, ...] = SOURCES, root: Path = SHARED) -> tuple[BaseText, ...]:
    """Every base text of the chosen data sets (raises FileNotFoundError without ../shared/data)."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not available: benchmark corpora are made from ../shared/data")
    return tuple(t for name in sources for t in _LOADERS[name](root))


def _vary_paragraphs(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    head, body = paragraphs[:2], paragraphs[2:]
    rng.shuffle(body)
    if len(body) > 2:
        body.pop(rng.randrange(len(body)))
    return "\n\n".join(head + body)


def variant(base: BaseText, epoch: int, seed: int = 0) -> RawReport:
    """Base text ``base`` as it appears in epoch ``epoch`` (see the module docstring)."""
    rng = random.Random(_stable(seed, base.key, epoch))
    first = START + timedelta(days=epoch * (EPOCH_DAYS + GAP_DAYS))
    day = first + timedelta(days=_stable(seed, base.event, epoch) % EPOCH_DAYS + rng.randrange(3))
    text = base.text
    if text is not None and epoch > 0:
        text = _vary_paragraphs(text, rng)
    return RawReport(
        source=f"corpus#{base.key}-e{epoch}",
        text=text,
        html=base.html,
        id=f"{base.key}-e{epoch}",
        title=base.title,
        lang=base.lang,
        date=day.isoformat(),
        outlet=OUTLETS[rng.randrange(len(OUTLETS))],
    )


def corpus(n: int, seed: int = 0, sources: tuple[str, ...] = SOURCES) -> Iterator[RawReport]:
    """``n`` raw reports in publication-date order, epoch after epoch."""
    bases = base_texts(sources)
    epoch = 0
    while n > 0:
        chosen = list(bases)
        if n < len(chosen):
            chosen = random.Random(_stable(seed, "subset", epoch)).sample(chosen, n)
        reports = [variant(b, epoch, seed) for b in chosen]
        reports.sort(key=lambda r: (r.date, r.id))
        yield from reports
        n -= len(reports)
        epoch += 1


def to_record(raw: RawReport) -> dict[str, str]:
    """A JSONL row that ``newsdesk ingest`` reads back into the same RawReport."""
    fields = ("id", "title", "text", "html", "lang", "date", "outlet")
    return {f: getattr(raw, f) for f in fields if getattr(raw, f) is not None}


def write_corpus(folder: Path, n: int, seed: int = 0, sources: tuple[str, ...] = SOURCES) -> Path:
    """Write a corpus of ``n`` reports as JSONL shards in ``folder`` (reused when complete).

    Shards stay under ``SHARD_BYTES`` because ``newsdesk ingest`` refuses
    files over its size limit; their names sort in stream order.
    """
    done = folder / ".complete"  # hidden: `newsdesk ingest FOLDER` skips dot files
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.jsonl"):
        old.unlink()
    shard, size, handle = 0, 0, None
    try:
        for raw in corpus(n, seed, sources):
            line = (json.dumps(to_record(raw), ensure_ascii=False) + "\n").encode("utf-8")
            if handle is None or size + len(line) > SHARD_BYTES:
                if handle:
                    handle.close()
                handle, size, shard = (folder / f"part-{shard:05d}.jsonl").open("wb"), 0, shard + 1
            handle.write(line)
            size += len(line)
    finally:
        if handle:
            handle.close()
    done.write_text(f"{n} reports, seed {seed}, sources {','.join(sources)}\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated subset of " + ",".join(SOURCES))
    parser.add_argument("--out", type=Path, help="write JSONL shards into this folder (else print statistics only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sources = tuple(args.sources.split(","))
    if args.out:
        write_corpus(args.out, args.n, args.seed, sources)
    bases = base_texts(sources)
    events = Counter(b.event for b in bases)
    stats = {
        "base_texts": len(bases),
        "base_events": len(events),
        "largest_event": max(events.values()),
        "by_source": dict(Counter(b.event.split(":")[0] for b in bases)),
        "epochs_for_n": -(-args.n // len(bases)),
        "html_share": round(sum(b.html is not None for b in bases) / len(bases), 3),
        "mean_chars": round(sum(len(b.text or b.html or "") for b in bases) / len(bases)),
    }
    if args.out:
        stats["out"] = str(args.out)
    print(json.dumps(stats) if args.json else "\n".join(f"{k}: {v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
