"""Split a paragraph into plain pieces at span offsets, for highlighting without markup in the data.

Article text is hostile, so highlighting never builds HTML strings: it cuts
the text into segments, each with the set of span kinds covering it, and the
template escapes every segment.  Overlapping spans (a name inside a quote)
simply give a segment several kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from newsdesk.model import Report


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # CSS class: "ent ent-person", "quote", "figure", "speaker"
    href: str | None = None
    title: str | None = None


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    href: str | None = None
    title: str | None = None


def entity_href(key: str) -> str:
    """Path of an entity page; keys are percent-encoded because they come from text."""
    return "/entities/" + quote(key, safe="")


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; invalid or empty spans are ignored."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in valid if s.start <= a and s.end >= b]
        out.append(
            Segment(
                text=text[a:b],
                kinds=sorted({s.kind for s in covering}),
                href=next((s.href for s in covering if s.href), None),
                title="; ".join(dict.fromkeys(s.title for s in covering if s.title)) or None,
            )
        )
    return out


def report_spans(report: Report) -> dict[int, list[Span]]:
    """Spans per paragraph: entity mentions (linked), quotes, speakers and figures."""
    spans: dict[int, list[Span]] = {p.index: [] for p in report.paragraphs}
    for m in report.mentions:
        href = entity_href(m.key) if m.key else None
        spans.setdefault(m.paragraph, []).append(Span(m.start, m.end, f"ent ent-{m.type}", href, m.type))
    for q in report.quotes:
        who = q.speaker or "unknown speaker"
        spans.setdefault(q.paragraph, []).append(Span(q.start, q.end, "quote", None, f"{q.kind} quote: {who}"))
        if q.speaker_paragraph is not None and q.speaker_start is not None and q.speaker_end is not None:
            href = entity_href(q.speaker_key) if q.speaker_key else None
            spans.setdefault(q.speaker_paragraph, []).append(
                Span(q.speaker_start, q.speaker_end, "speaker", href, "speaker")
            )
    for f in report.figures:
        what = f" {f.counted}" if f.counted else ""
        claim = f", claimed by {f.claimant}" if f.claimant else ""
        title = f"figure: {f.qualifier} {f.value:g}{' ' + f.unit if f.unit else ''}{what}{claim}"
        spans.setdefault(f.paragraph, []).append(Span(f.start, f.end, "figure", None, title))
    return spans
