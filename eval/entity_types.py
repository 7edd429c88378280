"""Entity types measured on ECB+ dev: what newsdesk calls the names ECB+ annotates as persons, organisations, places.

ECB+ annotates the participants and locations of its events (not every name
in a text): ``HUMAN_PART_PER``, ``HUMAN_PART_ORG``, ``LOC_GEO``,
``LOC_FAC``, ...  Every annotated span that holds a name (a capitalised word
that is not a function word) is matched with the mentions newsdesk finds in
that sentence (``find_mentions`` then ``resolve`` into a fresh index per
document, as an ingest does; the type is the resolved entity's).  Reported
per gold type: the spans, the share that some mention overlaps, and the types
newsdesk gave them; ``typed`` is the share of found persons, organisations
and geographic places given the matching type.  Each sentence is one
paragraph, detokenised as ``eval.datasets`` reads ECB+ for clustering.

    python -m eval.entity_types
    python -m eval.entity_types --json
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

from eval.datasets import SHARED, URL_LINE, detokenise
from eval.entities import make_report
from newsdesk.enrich.entities.lexicon import stopwords
from newsdesk.enrich.entities.mentions import find_mentions
from newsdesk.enrich.entities.resolve import EntityIndex, resolve

ROOT = SHARED / "ecbplus-dev"
EXPECTED = {"HUMAN_PART_PER": "person", "HUMAN_PART_ORG": "org", "LOC_GEO": "place"}
REPORTED = (*EXPECTED, "LOC_FAC")

Span = tuple[int, int, int]  # paragraph, start, end


def token_offsets(tokens: list[str]) -> tuple[str, list[tuple[int, int] | None]]:
    """The sentence as ``eval.datasets`` detokenises it, and where each token landed in it (None if not found)."""
    text = detokenise(tokens)
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for token in tokens:
        word = token.replace("``", '"').replace("''", '"')
        at = text.find(word, cursor) if word else -1
        spans.append((at, at + len(word)) if at >= 0 else None)
        cursor = at + len(word) if at >= 0 else cursor
    return text, spans


def named(words: list[str]) -> bool:
    """Whether a gold span holds a name: a capitalised word that is not a function word ("The", "He")."""
    function = stopwords("en")
    return any(w[:1].isupper() and w.lower() not in function for w in words)


def document(path: Path) -> tuple[list[str], list[tuple[str, Span]]]:
    """A file's sentences (URL lines dropped) and its named gold spans of the reported types."""
    root = ET.parse(path).getroot()
    by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        by_sentence[int(token.get("sentence", 0))].append((token.get("t_id", ""), token.text or ""))
    paragraphs: list[str] = []
    where: dict[str, tuple[int, int, int]] = {}  # token id -> paragraph, start, end
    words: dict[str, str] = {}
    for _, toks in sorted(by_sentence.items()):
        text, spans = token_offsets([t for _, t in toks])
        if not text or URL_LINE.match(text):
            continue
        for (tid, word), span in zip(toks, spans, strict=True):
            words[tid] = word
            if span is not None:
                where[tid] = (len(paragraphs), *span)
        paragraphs.append(text)
    gold: list[tuple[str, Span]] = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        ids = [a.get("t_id", "") for a in markable.iter("token_anchor")]
        placed = [where[i] for i in ids if i in where]
        if markable.tag in REPORTED and placed and named([words[i] for i in ids if i in words]):
            paragraph = placed[0][0]
            inside = [p for p in placed if p[0] == paragraph]
            gold.append((markable.tag, (paragraph, min(p[1] for p in inside), max(p[2] for p in inside))))
    return paragraphs, gold


def measure(root: Path = ROOT) -> dict[str, dict[str, object]]:
    """Per gold type: spans, share found, the types newsdesk gave them; and ``typed`` over the EXPECTED types."""
    counts: dict[str, Counter[str]] = {tag: Counter() for tag in REPORTED}
    for path in sorted(root.glob("*/*.xml")):
        paragraphs, gold = document(path)
        if not gold:
            continue
        report = make_report(path.stem, "en", paragraphs)
        mentions, _ = resolve(find_mentions(report), EntityIndex())
        for tag, (paragraph, start, end) in gold:
            best, overlap = "missed", 0
            for m in mentions:
                shared = min(end, m.end) - max(start, m.start)
                if m.paragraph == paragraph and shared > overlap:
                    best, overlap = (m.key.split(":", 1)[0] if m.key else m.type), shared
            counts[tag][best] += 1
    out: dict[str, dict[str, object]] = {}
    for tag, given in counts.items():
        n = sum(given.values())
        out[tag] = {"spans": n, "found": round(1 - given["missed"] / n, 3) if n else None, "types": dict(given)}
    found = sum(sum(v for k, v in counts[t].items() if k != "missed") for t in EXPECTED)
    right = sum(counts[t][want] for t, want in EXPECTED.items())
    out["typed"] = {"found": found, "right": right, "share": round(right / found, 3) if found else None}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not ROOT.is_dir():
        print(f"ECB+ dev not found at {ROOT}", file=sys.stderr)
        return 2
    result = measure()
    if args.json:
        print(json.dumps(result))
        return 0
    for tag in REPORTED:
        row = result[tag]
        types = ", ".join(f"{k} {v}" for k, v in sorted(row["types"].items(), key=lambda kv: -kv[1]))  # type: ignore[union-attr]
        print(f"{tag:15} {row['spans']:>5} spans, found {row['found']}: {types}")
    typed = result["typed"]
    print(
        f"typed as ECB+ does (persons, organisations, geographic places): {typed['right']} of {typed['found']} "
        f"found, {typed['share']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
