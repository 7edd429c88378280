"""The labelled story corpora in ../shared/data as rows of ``newsdesk cluster`` input, plus their gold labels.

Every clustering evaluation reads its data as a JSONL file of rows
``{id, title?, text, lang?, date?, gold}`` (what ``python -m eval.clusters --data``
takes), so a built-in dataset and a user's file go through the same reader as
``newsdesk cluster``.  Loaders here turn each corpus into such rows:

- ``mmds``: MMDS2025 dev, 209 English/Malay/Chinese articles; label 166 groups
  unrelated articles ("no event") and is scored as singletons.
- ``ecb``: ECB+ dev topics 1-22; gold event = (topic, ecb|ecbplus), and the
  topic is kept in ``topic`` for topic-level scoring.
- ``20min``: 20min-XD val, 14 German/French article pairs on one story each,
  with publication times.

Nothing is copied into the repository: rows are written to a cache directory.
"""

from __future__ import annotations

import csv
import html
import json
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MMDS_NOISE_LABEL = 166
URL_LINE = re.compile(r"^https?\s*:")


def load_mmds(root: Path = SHARED / "mmds2025-dev", noise_as_cluster: bool = False) -> list[dict]:
    """MMDS2025 dev articles, one paragraph per annotated sentence; gold is the event cluster."""
    data = json.loads((root / "mds_ac_dev_final.json").read_text(encoding="utf-8"))
    rows = []
    for article, label in zip(data["articles"], data["clusters"], strict=True):
        text = "\n\n".join(s["content"] for s in article["sentences"])
        noise = label == MMDS_NOISE_LABEL and not noise_as_cluster
        gold = f"noise-{article['ID']}" if noise else f"mmds-{label}"
        rows.append({"id": f"mmds-{article['ID']}", "title": article["title"], "text": text, "gold": gold})
    return rows


def detokenise(tokens: list[str]) -> str:
    """Rebuild readable text from ECB+ tokens (good enough for shingles and encoders)."""
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)\]}])", r"\1", text)
    text = re.sub(r"(\d)([.:]) (\d)", r"\1\2\3", text)  # "5. 9" -> "5.9", "20: 09" -> "20:09"
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r" ('s|n't|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text.replace("``", '"').replace("''", '"')


def load_ecbplus(root: Path = SHARED / "ecbplus-dev") -> list[dict]:
    """ECB+ files (one paragraph per sentence, URL lines dropped); gold = topic and half, ``topic`` = topic."""
    rows = []
    for path in sorted(root.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        sentences: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            sentences[int(token.get("sentence", 0))].append(token.text or "")
        paragraphs = [detokenise(t) for _, t in sorted(sentences.items())]
        paragraphs = [p for p in paragraphs if p and not URL_LINE.match(p)]
        if not paragraphs:
            continue
        topic = path.parent.name
        half = "ecbplus" if "ecbplus" in path.name else "ecb"
        rows.append({"id": path.stem, "text": "\n\n".join(paragraphs), "gold": f"ecb-{topic}-{half}", "topic": topic})
    return rows


_BREAK = re.compile(r"</?(?:p|ld|zt|ka|au|lg|tx)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def _markup_text(markup: str) -> str:
    """20min-XD article markup as paragraphs: block tags break, inline tags (links) become spaces."""
    blocks = _BREAK.split(markup)
    paragraphs = (re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", b))).strip() for b in blocks)
    return "\n\n".join(p for p in paragraphs if p)


def load_20min(path: Path = SHARED / "20min-xd-val" / "val_set.tsv") -> list[dict]:
    """20min-XD val: each German/French pair is one story of two reports, dated by publication time."""
    csv.field_size_limit(sys.maxsize)
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, rec in enumerate(csv.DictReader(fh, delimiter="\t")):
            for lang in ("de", "fr"):
                title = rec[f"head_{lang}"].strip()
                sub = rec[f"subhead_{lang}"].strip()
                text = _markup_text(rec[f"content_{lang}"])
                rows.append(
                    {
                        "id": f"20min-{rec[f'id_{lang}']}",
                        "title": title or None,
                        "text": f"{sub}\n\n{text}" if sub else text,
                        "lang": lang,
                        "date": rec[f"pubtime_{lang}"][:10] or None,
                        "gold": f"20min-{n}",
                    }
                )
    return rows


LOADERS = {"mmds": load_mmds, "ecb": load_ecbplus, "20min": load_20min}


def available(name: str) -> bool:
    """Whether the corpus behind a built-in dataset is present in ../shared."""
    paths = {"mmds": "mmds2025-dev", "ecb": "ecbplus-dev", "20min": "20min-xd-val"}
    return (SHARED / paths[name]).is_dir()


def flatten(row: dict) -> dict:
    """The same row with its text as one paragraph (what a scraper that loses paragraph breaks gives)."""
    text = " ".join(p.strip() for p in re.split(r"\n\s*\n", row["text"]) if p.strip())
    return {**row, "text": text}


def shuffled(rows: list[dict], seed: int | None) -> list[dict]:
    """The rows in a random order (seed None: as given)."""
    if seed is None:
        return list(rows)
    out = list(rows)
    random.Random(seed).shuffle(out)
    return out


def write_jsonl(rows: Iterable[dict], path: Path) -> Path:
    """Write ``rows`` to ``path`` whole or not at all: evaluations run side by side (one process per fold)
    write the same dataset files, and one must never read another's half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    with part.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False) + "\n")
    os.replace(part, path)
    return path


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
