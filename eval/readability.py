"""HTML main-text extraction on mozilla/readability's test pages: newsdesk vs trafilatura alone.

For every page in ../shared/data/readability-pages/test/test-pages, reads
``source.html`` with the CLI's reader (``sources.items.iter_source``, which
decodes a page by its declared charset), extracts it as ``newsdesk ingest``
does, and compares the main text with the reviewed ``expected.html`` by
token-level F1 (bag of tokens: words, and single CJK characters), and the
title with ``expected-metadata.json`` (equal after case, quote and space
folding).  trafilatura alone reads the same decoded page.
Run: ``python -m eval.readability [--json] [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.html
import trafilatura

from newsdesk.extract import extract, paragraph_key
from newsdesk.model import RawReport
from newsdesk.sources.items import iter_source

PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "readability-pages" / "test" / "test-pages"
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def tokens(text: str) -> Counter[str]:
    return Counter(token.casefold() for token in _TOKEN.findall(text))


def token_f1(predicted: str, expected: str) -> float:
    """F1 of the token multisets; two empty texts agree perfectly."""
    got, want = tokens(predicted), tokens(expected)
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_title(predicted: str | None, expected: str | None) -> bool:
    return paragraph_key(predicted or "") == paragraph_key(expected or "")


def _expected_text(page: Path) -> str:
    """The reviewed main text; the file is UTF-8 but declares no charset, which lxml would read as Latin-1."""
    root = lxml.html.fromstring((page / "expected.html").read_text(encoding="utf-8"))
    return root.text_content()


def _read_page(page: Path) -> RawReport:
    """The page as ``newsdesk ingest`` reads the file: its reader decodes the bytes by the declared charset."""
    return next(item for item in iter_source(str(page / "source.html")) if isinstance(item, RawReport))


def _trafilatura_alone(html: str) -> tuple[str, str | None]:
    text = trafilatura.extract(html) or ""
    meta = trafilatura.extract_metadata(html)
    return text, meta.title if meta is not None else None


def _newsdesk(raw: RawReport) -> tuple[str, str | None]:
    report = extract(raw)
    return report.text, report.title


def evaluate(limit: int | None = None) -> dict[str, object]:
    pages = sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file())[:limit]
    systems = {"newsdesk": _newsdesk, "trafilatura": lambda raw: _trafilatura_alone(raw.html or "")}
    scores: dict[str, dict[str, float]] = {}
    for name, system in systems.items():
        f1s, titles, started = [], 0, time.perf_counter()
        for page in pages:
            meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
            text, title = system(_read_page(page))
            f1s.append(token_f1(text, _expected_text(page)))
            titles += same_title(title, meta.get("title"))
        scores[name] = {
            "mean_token_f1": round(sum(f1s) / len(f1s), 4),
            "title_accuracy": round(titles / len(pages), 4),
            "seconds": round(time.perf_counter() - started, 2),
        }
    return {"pages": len(pages), "systems": scores}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args(argv)
    if not PAGES.is_dir():
        print(f"no readability pages at {PAGES}", file=sys.stderr)
        return 1
    result = evaluate(args.limit)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"readability test pages: {result['pages']}")
    for name, score in result["systems"].items():
        print(
            f"  {name:12s} mean token F1 {score['mean_token_f1']:.4f}  "
            f"title accuracy {score['title_accuracy']:.4f}  ({score['seconds']} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
