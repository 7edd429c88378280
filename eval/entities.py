"""Entities across languages, measured on labelled pairs of news articles in ../shared/data.

No NER gold exists there, but two sets judge whether two articles share
entities, which is what canonical entities are for:

- SemEval-2022 Task 8 pairs (de, en, es, fr, pl, tr, ar and de-en) carry a gold
  *Entities* similarity (1 = same entities ... 4 = different) and a *Geography*
  one.  Each pair's mentions are found and resolved into one fresh index; the
  Jaccard overlap of canonical keys is correlated (Pearson) with the negated
  gold, next to a baseline that compares the raw mention strings without
  canonicalisation.  (The raw baseline counts "Angela Merkel" and "Merkel"
  as two shared items, which weights people, whom the gold judges mostly
  reflect; keys count each entity once.)
- 20min-XD: German/French articles on the same story.  Reported: the share of
  aligned pairs that share at least one person / any entity, against
  mismatched (shuffled) pairs.

    python -m eval.entities
    python -m eval.entities --json
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from newsdesk.enrich.entities.mentions import find_mentions
from newsdesk.enrich.entities.resolve import EntityIndex, resolve
from newsdesk.enrich.sentences import split_sentences
from newsdesk.model import Mention, Paragraph, Report

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SEMEVAL = SHARED / "semeval2022-task8-train" / "pairs.csv"
XD = SHARED / "20min-xd-val" / "val_set.tsv"


def make_report(rid: str, lang: str, paragraphs: Iterable[str]) -> Report:
    report = Report(id=rid, source=rid, content_hash=rid, raw="", lang=lang)
    report.paragraphs = [Paragraph(i, t, lang) for i, t in enumerate(p for p in paragraphs if p.strip())]
    report.sentences = split_sentences(report)
    return report


def pair_mentions(a: Report, b: Report) -> tuple[list[Mention], list[Mention]]:
    """Both reports' mentions, resolved into one index of their own (no other pair leaks in)."""
    index = EntityIndex()
    out = []
    for report in (a, b):
        mentions, _ = resolve(find_mentions(report), index)
        out.append(mentions)
    return out[0], out[1]


def jaccard(x: set[str], y: set[str]) -> float:
    return len(x & y) / len(x | y) if x | y else 0.0


def pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3 or np.std(xs) == 0 or np.std(ys) == 0:
        return None
    return float(np.corrcoef(xs, ys)[0, 1])


def semeval() -> dict[str, object]:
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(SEMEVAL.open(encoding="utf-8")))
    scored: dict[str, list[tuple[float, float, float, float, float]]] = {}
    for row in rows:
        a = make_report("a", row["lang1"], re.split(r"\n+|\s{2,}", row["text1"]))
        b = make_report("b", row["lang2"], re.split(r"\n+|\s{2,}", row["text2"]))
        ma, mb = pair_mentions(a, b)
        keys = jaccard({m.key for m in ma if m.key}, {m.key for m in mb if m.key})
        raw = jaccard({m.text for m in ma}, {m.text for m in mb})
        places = jaccard(
            {m.key for m in ma if m.key and m.type == "place"}, {m.key for m in mb if m.key and m.type == "place"}
        )
        group = row["lang1"] if row["lang1"] == row["lang2"] else f"{row['lang1']}-{row['lang2']}"
        scored.setdefault(group, []).append((keys, raw, places, -float(row["Entities"]), -float(row["Geography"])))
    scored["all"] = [s for group in list(scored.values()) for s in group]
    out = {}
    for group, values in sorted(scored.items(), key=lambda kv: -len(kv[1])):
        keys, raw, places, entities, geography = (list(col) for col in zip(*values, strict=True))
        out[group] = {
            "pairs": len(values),
            "r_entities_keys": pearson(keys, entities),
            "r_entities_raw_strings": pearson(raw, entities),
            "r_geography_places": pearson(places, geography),
        }
    return out


def twenty_min() -> dict[str, object]:
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(XD.open(encoding="utf-8"), delimiter="\t"))

    def report(row: dict[str, str], lang: str) -> Report:
        body = re.split(r"</?p>|</?ld>|<br\s*/?>", row[f"content_{lang}"])
        texts = [row[f"head_{lang}"], *(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in body)]
        return make_report(f"{lang}-{row[f'id_{lang}']}", lang, texts)

    de = [report(r, "de") for r in rows]
    fr = [report(r, "fr") for r in rows]

    def shares(pairs: list[tuple[Report, Report]]) -> dict[str, float]:
        person = anything = 0
        for a, b in pairs:
            ma, mb = pair_mentions(a, b)
            common = {(m.key, m.type) for m in ma if m.key} & {(m.key, m.type) for m in mb if m.key}
            person += any(t == "person" for _, t in common)
            anything += bool(common)
        return {"share_person": round(person / len(pairs), 3), "share_any": round(anything / len(pairs), 3)}

    shifted = fr[1:] + fr[:1]
    return {
        "pairs": len(rows),
        "aligned": shares(list(zip(de, fr, strict=True))),
        "mismatched": shares(list(zip(de, shifted, strict=True))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not SEMEVAL.exists() or not XD.exists():
        print("../shared/data is not available", file=sys.stderr)
        sys.exit(2)
    result = {"semeval2022_task8": semeval(), "20min_xd": twenty_min()}
    if args.json:
        print(json.dumps(result))
        return
    print("SemEval-2022 Task 8: Pearson r with the gold Entities / Geography similarity")
    print(f"{'languages':10} {'pairs':>6} {'keys':>7} {'strings':>8} {'places~geo':>11}")
    for group, row in result["semeval2022_task8"].items():
        cells = [row["r_entities_keys"], row["r_entities_raw_strings"], row["r_geography_places"]]
        print(
            f"{group:10} {row['pairs']:>6} " + " ".join(f"{c:>7.3f}" if c is not None else f"{'-':>7}" for c in cells)
        )
    xd = result["20min_xd"]
    print(f"\n20min-XD ({xd['pairs']} de/fr pairs): share with a common person / any common entity")
    for kind in ("aligned", "mismatched"):
        print(f"  {kind:10} person {xd[kind]['share_person']:.3f}  any {xd[kind]['share_any']:.3f}")


if __name__ == "__main__":
    main()
