"""Run a stage over a long report in windows, so that its cost grows linearly with the report's length.

Some stages compare each thing they find with everything found before it in
the report: quote attribution resolves each speaker description against every
earlier referent, and every mention of a referent adds to what the next lookup
scans.  That is the right thing within a few pages and quadratic over a
9 MB dump.  Here such a stage reads a long report a window at a time: a window
holds about ``WINDOW`` characters of the report's paragraphs (a paragraph
longer than that is cut into pieces at sentence ends), plus up to ``CONTEXT``
characters before it that the stage reads for antecedents ("he", "the
ministry") but whose own results belong to the window before.  Each part of
the text is read at most twice, and each window costs the same, so the whole
costs O(length).

A report no longer than ``WINDOW`` is passed to the stage as it is: the
windows change nothing for ordinary reports.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from newsdesk.model import Mention, Paragraph, Quote, Report, Sentence

WINDOW = 30_000  # characters a windowed stage reads at once (ordinary reports are shorter: one window)
CONTEXT = 6_000  # characters before a window read again for antecedents

T = TypeVar("T")


@dataclass
class _Piece:
    """A paragraph, or a run of its sentences when it is longer than a window."""

    paragraph: int
    offset: int  # where the piece starts in its paragraph
    text: str
    lang: str | None


def in_windows(report: Report, stage: Callable[[Report], list[T]]) -> list[T]:
    """``stage(report)``, computed window by window when the report is long; items keep their report addresses.

    ``stage`` returns dataclasses addressed by ``paragraph``/``start``/``end``
    (and optionally ``speaker_paragraph``/``speaker_start``/``speaker_end``).
    """
    if sum(len(p.text) for p in report.paragraphs) <= WINDOW:
        return stage(report)
    pieces = _pieces(report)
    index = _Index(report)
    out: list[T] = []
    first = 0
    while first < len(pieces):
        last, size = first, 0
        while last < len(pieces) and (last == first or size + len(pieces[last].text) <= WINDOW):
            size += len(pieces[last].text)
            last += 1
        context, before = first, 0
        while context > 0 and before + len(pieces[context - 1].text) <= CONTEXT:
            context -= 1
            before += len(pieces[context].text)
        window = pieces[context:last]
        for item in stage(_sub_report(report, window, index)):
            if item.paragraph >= first - context:  # type: ignore[attr-defined]
                out.append(_moved(item, window))
        first = last
    return out


def _pieces(report: Report) -> list[_Piece]:
    """The report's paragraphs, those longer than half a window cut at sentence ends (else at spaces)."""
    limit = WINDOW // 2
    ends: dict[int, list[int]] = {}
    for s in report.sentences:
        ends.setdefault(s.paragraph, []).append(s.end)
    for found in ends.values():
        found.sort()
    pieces: list[_Piece] = []
    for p in report.paragraphs:
        start = 0
        found = ends.get(p.index, [])
        while len(p.text) - start > limit:
            i = bisect_right(found, start + limit)  # the last sentence end within the piece, found by bisection
            cut: int | None = found[i - 1] if i and found[i - 1] > start else None
            if cut is None:
                space = p.text.rfind(" ", start + 1, start + limit)
                cut = space if space > start else start + limit
            pieces.append(_Piece(p.index, start, p.text[start:cut], p.lang))
            start = cut
        pieces.append(_Piece(p.index, start, p.text[start:], p.lang))
    return pieces


class _Index:
    """The report's sentences, mentions and quotes by paragraph and start, to take a window's share by bisection.

    Scanning every item of the report for each window made the windows cost
    O(length²) between them (a 3 MB report: 15 s in that scan alone).
    """

    def __init__(self, report: Report) -> None:
        self.kinds: dict[str, dict[int, tuple[list[int], list[tuple[int, Any]]]]] = {}
        for kind, items in (("sentences", report.sentences), ("mentions", report.mentions), ("quotes", report.quotes)):
            by_paragraph: dict[int, list[tuple[int, int, Any]]] = {}
            for position, item in enumerate(items):
                by_paragraph.setdefault(item.paragraph, []).append((item.start, position, item))
            table: dict[int, tuple[list[int], list[tuple[int, Any]]]] = {}
            for paragraph, rows in by_paragraph.items():
                rows.sort(key=lambda row: (row[0], row[1]))
                table[paragraph] = ([row[0] for row in rows], [(row[1], row[2]) for row in rows])
            self.kinds[kind] = table

    def within(self, kind: str, pieces: list[_Piece]) -> list[tuple[int, int, Any]]:
        """(piece number, offset of the piece, item) for the items of ``kind`` inside one of ``pieces``,
        in the report's order."""
        found: list[tuple[int, int, int, Any]] = []
        table = self.kinds[kind]
        for number, piece in enumerate(pieces):
            if piece.paragraph not in table:
                continue
            starts, rows = table[piece.paragraph]
            hi = piece.offset + len(piece.text)
            for i in range(bisect_left(starts, piece.offset), bisect_left(starts, hi)):
                position, item = rows[i]
                if item.end <= hi:
                    found.append((position, number, piece.offset, item))
        found.sort(key=lambda row: row[0])
        return [(number, offset, item) for _, number, offset, item in found]


def _sub_report(report: Report, window: list[_Piece], index: _Index) -> Report:
    """A report made of the window's pieces (paragraph i is piece i), with their sentences and mentions."""
    spans = {i: (piece.paragraph, piece.offset, piece.offset + len(piece.text)) for i, piece in enumerate(window)}
    by_paragraph: dict[int, list[int]] = {}
    for i, (paragraph, _, _) in spans.items():
        by_paragraph.setdefault(paragraph, []).append(i)

    def local(paragraph: int, start: int, end: int) -> tuple[int, int] | None:
        for i in by_paragraph.get(paragraph, ()):
            _, lo, hi = spans[i]
            if lo <= start and end <= hi:
                return i, lo
        return None

    sentences = [
        Sentence(i, s.start - offset, s.end - offset, s.text) for i, offset, s in index.within("sentences", window)
    ]
    mentions: list[Mention] = [
        replace(m, paragraph=i, start=m.start - offset, end=m.end - offset)
        for i, offset, m in index.within("mentions", window)
    ]
    quotes: list[Quote] = []  # what a later stage (figures: their claimants) reads of an earlier one
    for i, offset, q in index.within("quotes", window):
        speaker = local(q.speaker_paragraph, q.speaker_start, q.speaker_end) if _has_speaker_span(q) else None
        quotes.append(
            replace(
                q,
                paragraph=i,
                start=q.start - offset,
                end=q.end - offset,
                speaker_paragraph=speaker[0] if speaker else None,
                speaker_start=q.speaker_start - speaker[1] if speaker and q.speaker_start is not None else None,
                speaker_end=q.speaker_end - speaker[1] if speaker and q.speaker_end is not None else None,
            )
        )
    paragraphs = [Paragraph(i, piece.text, piece.lang) for i, piece in enumerate(window)]
    return replace(report, paragraphs=paragraphs, sentences=sentences, mentions=mentions, quotes=quotes, figures=[])


def _has_speaker_span(q: Quote) -> bool:
    return q.speaker_paragraph is not None and q.speaker_start is not None and q.speaker_end is not None


_ADDRESSES = (("paragraph", "start", "end"), ("speaker_paragraph", "speaker_start", "speaker_end"))


def _moved(item: T, window: list[_Piece]) -> T:
    """``item`` with its window addresses turned back into the report's (paragraph, offset in it)."""
    names = {f.name for f in fields(item)}  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for paragraph, start, end in _ADDRESSES:
        if paragraph not in names or getattr(item, paragraph) is None:
            continue
        piece = window[getattr(item, paragraph)]
        changes[paragraph] = piece.paragraph
        for name in (start, end):
            if getattr(item, name) is not None:
                changes[name] = getattr(item, name) + piece.offset
    return replace(item, **changes)  # type: ignore[type-var]
