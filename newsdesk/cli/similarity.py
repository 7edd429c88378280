"""``newsdesk similarity PAIRS.jsonl``: how likely two reports tell the same story.

Each input line is ``{"id", "a": {report}, "b": {report}}`` with reports as in
``newsdesk cluster`` input (``title``?, ``text`` or ``html``, ``lang``?,
``date``?, ``outlet``?, ``url``?).  Each output row is ``{"id", "score"}``
with the score in [0, 1] (1 = same story): a table, or JSON lines with
``--json``.  Reports go through the normal per-report analysis, then the
pairwise evidence of :mod:`newsdesk.stories.features`.  Each distinct report
is analysed once, with its vectors, in the worker pool (``--workers``, one
per core by default), so a pair costs about the analysis of its two reports.
By default the vectors are those of the encoder cascade that story
assignment uses; ``--accurate`` encodes every report's lead with e5 as well
(closer to human judgements, about three times the CPU; numbers in README).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.common import DbOption, JsonOption, WorkersOption, emit, err_console
from newsdesk.desk import scratch_desk
from newsdesk.model import RawReport
from newsdesk.sources.decode import DecodeError, decode_bytes
from newsdesk.sources.records import parse_record, raw_from_record

Pair = tuple[RawReport, RawReport]


def read_pairs(lines: Iterable[str], source: str) -> list[tuple[Any, Pair | str]]:
    """(pair id, its two raw reports or the reason the line failed) for each non-blank input line, in order."""
    out: list[tuple[Any, Pair | str]] = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        pair_id: Any = n
        try:
            row = parse_record(line)
            pair_id = row.get("id", n)
            missing = [side for side in ("a", "b") if not isinstance(row.get(side), dict)]
            if missing:
                raise DecodeError(f"needs {' and '.join(map(repr, missing))} as report objects ({{'text': ...}})")
            a, b = (raw_from_record(row[side], f"{source}#{n}/{side}") for side in ("a", "b"))  # type: ignore[arg-type]
        except DecodeError as exc:  # one bad line must not stop the batch
            out.append((pair_id, f"line {n}: bad pair: {exc}"))
            continue
        out.append((pair_id, (a, b)))
    return out


def similarity(
    pairs: Annotated[Path, typer.Argument(help="JSONL: {id, a: {report}, b: {report}} per line ('-' = stdin).")],
    db: DbOption = None,
    workers: WorkersOption = 0,
    json_: JsonOption = False,
    accurate: Annotated[
        bool,
        typer.Option(
            "--accurate",
            help="Encode every report's lead with e5 too (not only where USE-m3 cannot read it): "
            "SemEval-2022 Pearson 0.794 instead of 0.787, about 3x the CPU per pair (see README).",
        ),
    ] = False,
) -> None:
    """Score report pairs: 1 = same story, 0 = unrelated (a temporary store unless --db).  Exit 1 if a line failed."""
    if str(pairs) == "-":
        data, source = sys.stdin.buffer.read(), "stdin"
    elif pairs.is_file():
        data, source = pairs.read_bytes(), str(pairs)
    else:
        err_console.print(f"[red]No such file: {pairs}[/red]")
        raise typer.Exit(2)
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        err_console.print(f"[red]{source}: {exc}[/red]")
        raise typer.Exit(2) from None
    entries = read_pairs(text.split("\n"), source)  # JSON lines end at "\n" only (see sources.records)
    good = [pair for _, pair in entries if not isinstance(pair, str)]
    with scratch_desk(db) as desk:
        scores = iter(desk.similarities(good, workers=workers, accurate=accurate))
    rows = []
    for pair_id, pair in entries:
        score = None if isinstance(pair, str) else next(scores)
        if score is None:
            error = pair if isinstance(pair, str) else "a report of the pair could not be analysed"
            err_console.print(f"[red]{pair_id}: {error}[/red]")
            rows.append({"id": pair_id, "score": None, "error": error})
        else:
            rows.append({"id": pair_id, "score": round(score, 4)})
    emit(rows, ["id", "score", "error"], json_, title="Same-story scores")
    if any(row["score"] is None for row in rows):
        raise typer.Exit(1)
