"""Throughput of cleaning alone: extract() reports per second, one process.

Plain text: the five seeds of ../shared/seeds, replicated (``--copies``).
HTML: the pages of ../shared/data/readability-pages (``--pages`` of them).
The first call of each kind is a warm-up (it loads the language model).
Run: ``python -m benchmarks.clean [--copies 40] [--pages 130] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsdesk.extract import extract
from newsdesk.model import RawReport
from newsdesk.sources.items import raw_from_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
PAGES = SHARED / "data" / "readability-pages" / "test" / "test-pages"


def _rate(raws: list[RawReport]) -> dict[str, float]:
    extract(raws[0])  # warm-up
    started = time.perf_counter()
    chars = 0
    for raw in raws:
        chars += len(extract(raw).text)
    seconds = time.perf_counter() - started
    return {
        "reports": len(raws),
        "seconds": round(seconds, 3),
        "reports_per_s": round(len(raws) / seconds, 1),
        "clean_chars_per_s": round(chars / seconds),
    }


def run(copies: int, pages: int) -> dict[str, dict[str, float]]:
    result = {}
    if SEEDS.is_dir() and copies > 0:
        seeds = [raw_from_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SEEDS.glob("*.txt"))]
        result["plain_text_seeds"] = _rate(seeds * copies)
    if PAGES.is_dir() and pages > 0:
        paths = sorted(p / "source.html" for p in PAGES.iterdir() if (p / "source.html").is_file())[:pages]
        raws = [RawReport(source=str(p), html=p.read_text(encoding="utf-8", errors="replace")) for p in paths]
        result["html_readability_pages"] = _rate(raws)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40, help="replications of the five seeds")
    parser.add_argument("--pages", type=int, default=130, help="readability pages to clean")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.copies, args.pages)
    if args.json:
        print(json.dumps(result))
        return 0
    for name, numbers in result.items():
        print(f"{name}: {numbers['reports_per_s']} reports/s ({numbers['reports']} reports in {numbers['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
