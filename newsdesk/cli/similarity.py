"""``newsdesk similarity PAIRS.jsonl``: how likely two reports tell the same story.

Each input line is ``{"id", "a": {report}, "b": {report}}`` with reports as in
``newsdesk cluster`` input (``title``?, ``text`` or ``html``, ``lang``?,
``date``?, ``outlet``?, ``url``?).  Each output line is ``{"id", "score"}``
with the score in [0, 1] (1 = same story).  Reports go through the normal
per-report analysis, then the pairwise evidence of
:mod:`newsdesk.stories.features`; vectors are cached in the store given with
``--db`` (else a throw-away temporary one), so re-scoring is cheap.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.common import DbOption, JsonOption, emit, err_console
from newsdesk.model import Paragraph, RawReport, Report
from newsdesk.store import Store
from newsdesk.stories.features import document_frequencies, evidence_for, idf_weights, pair_score

REPORT_FIELDS = ("id", "title", "text", "html", "lang", "date", "outlet", "url", "author")


def raw_from_row(row: dict[str, Any], source: str) -> RawReport:
    """A raw report from one JSON object of the batch-command input format."""
    values = {k: str(row[k]) for k in REPORT_FIELDS if row.get(k) not in (None, "")}
    if "text" not in values and "html" not in values:
        raise ValueError("report has no 'text' or 'html'")
    return RawReport(source=source, **values)


def _minimal_report(raw: RawReport) -> Report:
    """Paragraphs, title, language and date only: the fallback while the full pipeline is unavailable."""
    from newsdesk.enrich.sentences import split_sentences
    from newsdesk.extract.lang import detect_lang

    paragraphs = [p.strip() for p in raw.body.split("\n\n") if p.strip()]
    report = Report(
        id=raw.id or raw.source,
        source=raw.source,
        content_hash=raw.content_hash(),
        raw=raw.body,
        url=raw.url,
        title=raw.title,
        outlet=raw.outlet,
        published=raw.date,
        paragraphs=[Paragraph(i, text) for i, text in enumerate(paragraphs)],
    )
    report.lang = raw.lang or detect_lang(report.text)
    report.sentences = split_sentences(report)
    return report


def analyse_raw(raw: RawReport) -> Report:
    """The per-report analysis every command shares (``newsdesk.pipeline.analyse``)."""
    try:
        from newsdesk.pipeline import analyse
    except ImportError:  # parts of the pipeline not installed/written yet
        return _minimal_report(raw)
    report = analyse(raw)
    report.id = raw.id or report.id
    return report


def score_pairs(store: Store | None, pairs: Sequence[tuple[Report, Report]]) -> list[float]:
    """Same-story scores for report pairs, encoding every distinct text once.

    The n-gram IDF is estimated from the reports of the batch itself, as a
    TF-IDF vectoriser would be fitted on the corpus at hand.
    """
    facts = evidence_for(store, [r for pair in pairs for r in pair])
    idf = idf_weights(*document_frequencies(f.grams for f in facts)) if facts else {}
    return [pair_score(facts[2 * i], facts[2 * i + 1], idf) for i in range(len(pairs))]


def read_pairs(lines: Iterable[str], source: str) -> list[tuple[Any, tuple[Report, Report] | str]]:
    """(pair id, analysed pair or the reason it failed) for each non-blank input line, in order."""
    out: list[tuple[Any, tuple[Report, Report] | str]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        pair_id: Any = n
        try:
            row = json.loads(line)
            pair_id = row.get("id", n)
            a = analyse_raw(raw_from_row(row["a"], f"{source}#{n}/a"))
            b = analyse_raw(raw_from_row(row["b"], f"{source}#{n}/b"))
        except Exception as exc:  # one bad line must not stop the batch
            out.append((pair_id, f"line {n}: {type(exc).__name__}: {exc}"))
            continue
        out.append((pair_id, (a, b)))
    return out


def similarity(
    pairs: Annotated[Path, typer.Argument(help="JSONL: {id, a: {report}, b: {report}} per line ('-' = stdin).")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Score report pairs: 1 = same story, 0 = unrelated (a temporary store unless --db).  Exit 1 if a line failed."""
    if str(pairs) == "-":
        entries = read_pairs(sys.stdin, "stdin")
    else:
        with pairs.open(encoding="utf-8") as fh:
            entries = read_pairs(fh, str(pairs))
    good = [pair for _, pair in entries if not isinstance(pair, str)]
    with tempfile.TemporaryDirectory() as tmp, Store(db or Path(tmp) / "similarity.db") as store:
        scores = iter(score_pairs(store, good))
    rows = []
    for pair_id, pair in entries:
        if isinstance(pair, str):
            err_console.print(f"[red]{pair}[/red]")
            rows.append({"id": pair_id, "score": None, "error": pair})
        else:
            rows.append({"id": pair_id, "score": round(next(scores), 4)})
    emit(rows, ["id", "score", "error"], json_, title="Same-story scores")
    if len(good) < len(entries):
        raise typer.Exit(1)
