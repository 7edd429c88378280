"""Attribution quality on PolNeAR: who said what, against brat ``Source``/``Cue``/``Content`` spans.

Usage: ``python -m eval.polnear [--split dev|train | --data DIR] [--limit N] [--json]``

``--data DIR`` scores any folder laid out like a PolNeAR split: brat files in
``DIR/attributions/*.ann`` (named ``<text name>_<annotator>.ann`` or
``<text name>.ann``) and texts in ``DIR/text/<text name>.txt``.

Each article file is read by the CLI's own reader (``sources.items.iter_source``) and analysed by
``pipeline.analyse``, as ``newsdesk ingest`` does (extraction, language, entities, quotes), and its
quotes are compared with the gold attributions (:func:`read_as_cli` maps paragraphs back to the text).
``eval.fit_quotes`` reads its articles the same way (:func:`cli_report`, :func:`place`).

Span-overlap rule (tokens are ``\\w+`` runs):

* **content**: a predicted quote is matched to the gold attribution whose
  Content shares the most tokens with it.  It is correct when at least 50% of
  its tokens lie in that Content (precision).  A gold Content is found when
  the predictions matched to it together cover at least 50% of its tokens
  (recall).  Gold Contents may be discontinuous (a quote split by "said X");
  the fragments are joined.
* **speaker**: a predicted quote's speaker is correct when its content is
  matched as above and its speaker span (the phrase written in the text:
  "he", "Mr Smith", "the spokesman") shares a content token (not a function
  word such as "the", "a", "of") with that attribution's gold Source span,
  or the resolved speaker name ("he" -> "Jane Doe") shares a content word
  with the gold Source text (annotators sometimes mark the antecedent).
  Precision is over predictions that name a speaker; recall over gold
  attributions that have a Source.
* **direct quotes**: gold attributions whose Content starts with a quotation
  mark, and predictions of kind ``direct``.  Their precision is measured
  against all gold attributions (a direct quote inside an indirect gold
  Content is right), their recall against all predictions.

``all`` rows score every prediction against every gold attribution.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsdesk.enrich.quotes.cues import wordset
from newsdesk.model import ItemError, Quote, RawReport, Report
from newsdesk.pipeline import analyse, analyse_batch
from newsdesk.sources.decode import repair_text
from newsdesk.sources.items import iter_source

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-train"
_TOKEN = re.compile(r"\w+")
_SPACED = re.compile(r"[^\S\n]+|[\s\S]")  # a run of space characters but newlines, or any one character
_FUNCTION = wordset("the a an of to in on for and his her its their this that at by with from")
_QUOTE_MARKS = "\"“”‘'«»„"


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    direct: bool = False
    cue: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Counts:
    tp_p: int = 0  # predictions judged correct
    n_p: int = 0  # predictions
    tp_r: int = 0  # gold items found
    n_r: int = 0  # gold items

    def add(self, other: Counts) -> None:
        self.tp_p += other.tp_p
        self.n_p += other.n_p
        self.tp_r += other.tp_r
        self.n_r += other.n_r

    def row(self) -> dict[str, float | int]:
        p = self.tp_p / self.n_p if self.n_p else 0.0
        r = self.tp_r / self.n_r if self.n_r else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "predicted": self.n_p,
            "gold": self.n_r,
        }


def parse_ann(path: Path, text: str) -> list[Gold]:
    """Gold attributions of one brat file (relations ``E``, spans ``T``, fragments joined by ';')."""
    spans: dict[str, list[tuple[int, int]]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (frag.split() for frag in offsets.split(";"))]
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    gold = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if not content:
            continue
        first = text[content[0][0] : content[0][1]].lstrip()
        source, cue = spans.get(rel.get("Source", ""), []), spans.get(rel.get("Cue", ""), [])
        gold.append(Gold(content, source, direct=first[:1] in _QUOTE_MARKS, cue=cue))
    return gold


def _tokens(spans: list[tuple[int, int]], text: str) -> set[int]:
    return {m.start() for a, b in spans for m in _TOKEN.finditer(text, a, b)}


def _content_tokens(spans: list[tuple[int, int]], text: str) -> set[int]:
    return {m.start() for a, b in spans for m in _TOKEN.finditer(text, a, b) if m.group().lower() not in _FUNCTION}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _TOKEN.findall(text) if w.lower() not in _FUNCTION}


def score_document(text: str, gold: list[Gold], quotes: list[Quote], offsets: list[int]) -> dict[str, Counts]:
    """Counts for content and speaker, for direct quotes and all attributions, in one document."""
    g_content = [_tokens(g.content, text) for g in gold]
    g_source = [_content_tokens(g.source, text) for g in gold]
    g_source_words = [_words(" ".join(text[a:b] for a, b in g.source)) for g in gold]
    preds = []
    for q in quotes:
        base = offsets[q.paragraph]
        toks = _tokens([(base + q.start, base + q.end)], text)
        speaker: set[int] | None = None
        if q.speaker_start is not None and q.speaker_paragraph is not None:
            sb = offsets[q.speaker_paragraph]
            speaker = _content_tokens([(sb + q.speaker_start, sb + (q.speaker_end or q.speaker_start))], text)
            resolved = _words(q.speaker or "")
        else:
            resolved = set()
        best = max(range(len(gold)), key=lambda i: len(toks & g_content[i]), default=None)
        preds.append((q, toks, speaker, resolved, best))
    out = {}
    for subset in ("direct", "all"):
        content, speaker = Counts(), Counts()
        covered: dict[int, set[int]] = {}
        spoken: set[int] = set()
        for q, toks, sp, resolved, best in preds:
            ok = best is not None and bool(toks) and len(toks & g_content[best]) >= 0.5 * len(toks)
            if ok:
                covered.setdefault(best, set()).update(toks & g_content[best])
            sp_ok = ok and sp is not None and bool(sp & g_source[best] or resolved & g_source_words[best])
            if sp_ok:
                spoken.add(best)
            if subset == "direct" and q.kind != "direct":
                continue
            content.n_p += 1
            content.tp_p += ok
            if sp is not None and sp:
                speaker.n_p += 1
                speaker.tp_p += sp_ok
        for i, g in enumerate(gold):
            if subset == "direct" and not g.direct:
                continue
            content.n_r += 1
            content.tp_r += len(covered.get(i, set())) >= 0.5 * len(g_content[i]) > 0
            if g_source[i]:
                speaker.n_r += 1
                speaker.tp_r += i in spoken
        out[f"{subset} content"], out[f"{subset} speaker"] = content, speaker
    return out


def split_dir(split: str) -> Path:
    """The folder of a PolNeAR split in ``../shared``."""
    return DATA / split


def documents(split: str | Path) -> Iterator[tuple[str, str, Path]]:
    """(name, text, annotation path) for each article of a split name or folder, one annotator per text.

    An annotation file is ``<name>_<annotator>.ann`` (PolNeAR) or ``<name>.ann``;
    the first annotator in name order is taken when a text has several.
    """
    folder = split if isinstance(split, Path) else split_dir(split)
    seen = set()
    for ann in sorted((folder / "attributions").glob("*.ann")):
        for name in dict.fromkeys((ann.stem, ann.stem.rsplit("_", 1)[0])):
            text_path = folder / "text" / f"{name}.txt"
            if text_path.exists():
                break
        if name in seen or not text_path.exists():
            continue
        seen.add(name)
        yield name, text_path.read_text(encoding="utf-8"), ann


def cli_report(path: Path, attribution: bool = True) -> Report:
    """The report ``newsdesk ingest`` makes of the file at ``path``: its reader and its analysis
    (``attribution=False``: without the quote and figure stages, for a harness that runs its own quote finder)."""
    raw = next(item for item in iter_source(str(path)) if isinstance(item, RawReport))
    return analyse(raw) if attribution else _unattributed(raw)


def _unattributed(raw: RawReport) -> Report:
    done = analyse_batch([raw], attribution=False)[0]
    if isinstance(done, ItemError):
        raise ValueError(f"{raw.id}: {done.reason}")
    return done[0]


def placement(report: Report, text: str) -> tuple[list[int], Callable[[int, int, int], tuple[int, int]]]:
    """Where ``report``'s paragraphs stand in ``text`` (-1: not found), and a function moving a span of a
    paragraph to offsets in ``text``.

    Extraction composes letters, repairs mojibake and turns runs of spaces (no-break ones too) into one space,
    so paragraphs are found in the text repaired and collapsed the same way, and every span goes back through
    both.
    """
    repaired, origin = _repaired(text)
    flat, where = _collapse(repaired)
    where = [origin[w] for w in where]
    found, pos = [], 0
    for p in report.paragraphs:
        at = flat.find(_collapse(p.text)[0], pos)
        found.append(at)
        pos = at + len(p.text) if at >= 0 else pos

    def absolute(paragraph: int, start: int, end: int) -> tuple[int, int]:
        at = found[paragraph]
        return where[at + start], where[at + max(end - 1, start)] + 1

    return [where[at] if at >= 0 else at for at in found], absolute


def place(report: Report, quotes: list[Quote], text: str) -> tuple[list[Quote], list[int]]:
    """``quotes`` of ``report`` placed in ``text``: spans relative to each paragraph's offset there, with those
    offsets.  A paragraph not found (extraction rewrote it) has its quotes left out: they count as missed, never
    as misplaced."""
    offsets, absolute = placement(report, text)
    out = []
    for q in quotes:
        if offsets[q.paragraph] < 0:
            continue
        start, end = absolute(q.paragraph, q.start, q.end)
        q = replace(q, start=start - offsets[q.paragraph], end=end - offsets[q.paragraph])
        speaker_at = offsets[q.speaker_paragraph] if q.speaker_paragraph is not None else -1
        if q.speaker_start is not None and q.speaker_paragraph is not None and speaker_at >= 0:
            s_start, s_end = absolute(q.speaker_paragraph, q.speaker_start, q.speaker_end or q.speaker_start)
            q = replace(q, speaker_start=s_start - speaker_at, speaker_end=s_end - speaker_at)
        out.append(q)
    return out, offsets


def read_as_cli(path: Path, text: str) -> tuple[list[Quote], list[int]]:
    """The quotes ``newsdesk ingest`` finds in the file at ``path`` (its reader and its analysis), placed in
    ``text`` (see :func:`place`)."""
    report = cli_report(path)
    return place(report, report.quotes, text)


def _repaired(text: str) -> tuple[str, list[int]]:
    """``text`` composed and with its mojibake repaired line by line as extraction repairs it (``repair_text``),
    and the offset in ``text`` of each character (a repaired letter stands at the start of the characters it was
    misread as, a composed one at its base letter)."""
    chars: list[str] = []
    origin: list[int] = []
    at = 0
    for line in text.splitlines(keepends=True):
        fixed, _ = repair_text(line)
        if fixed == line:
            chars.append(line)
            origin.extend(range(at, at + len(line)))
        else:
            matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
            for _, i1, i2, j1, j2 in matcher.get_opcodes():
                chars.append(fixed[j1:j2])
                origin.extend(at + min(i1 + k, max(i1, i2 - 1)) for k in range(j2 - j1))
        at += len(line)
    return "".join(chars), origin


def _collapse(text: str) -> tuple[str, list[int]]:
    """``text`` with each run of spaces but newlines as one space, and the offset in ``text`` of each character."""
    chars, where = [], []
    for m in _SPACED.finditer(text):
        chars.append(" " if m.group().isspace() else m.group())
        where.append(m.start())
    return "".join(chars), where


def evaluate(split: str | Path, limit: int | None = None) -> dict[str, dict[str, float | int]]:
    """Scores of what ``newsdesk ingest`` finds, read by its own reader, on a split name ("dev", "train") or a
    folder (see ``--data``)."""
    totals: dict[str, Counts] = {}
    for n, (name, text, ann) in enumerate(documents(split)):
        if limit is not None and n >= limit:
            break
        quotes, offsets = read_as_cli(ann.parent.parent / "text" / f"{name}.txt", text)
        for key, counts in score_document(text, parse_ann(ann, text), quotes, offsets).items():
            totals.setdefault(key, Counts()).add(counts)
    return {key: c.row() for key, c in totals.items()}


RULE = (
    "content: >=50% of a prediction's tokens inside the best-overlapping gold Content (precision); "
    "a gold Content found when matched predictions cover >=50% of its tokens (recall). "
    "speaker: content matched and the speaker span (or the resolved name) shares a non-function word with the gold Source."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--data", type=Path, default=None, help="score this folder (attributions/*.ann, text/*.txt)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    source: str | Path = args.data if args.data is not None else args.split
    folder = args.data if args.data is not None else split_dir(args.split)
    if not (folder / "attributions").is_dir() or not (folder / "text").is_dir():
        print(f"no attributions/ and text/ folders in {folder}", file=sys.stderr)
        return 2
    rows = evaluate(source, args.limit)
    if not rows:
        print(f"no annotated texts in {folder}", file=sys.stderr)
        return 2
    label = str(args.data) if args.data is not None else args.split
    if args.json:
        out = {"split": label, "data": str(folder), "limit": args.limit, "rule": RULE, "scores": rows}
        print(json.dumps(out, indent=2))
        return 0
    print(f"PolNeAR {label}" + (f" (first {args.limit} articles)" if args.limit else ""))
    print(f"rule: {RULE}")
    print(f"{'subset':<18}{'P':>8}{'R':>8}{'F1':>8}{'pred':>8}{'gold':>8}")
    for key in ("direct speaker", "direct content", "all speaker", "all content"):
        r = rows[key]
        print(f"{key:<18}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}{r['predicted']:>8}{r['gold']:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
