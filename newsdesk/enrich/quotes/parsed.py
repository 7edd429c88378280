"""Attribution frames of English sentences from the dependency parse and the fitted cue model.

:mod:`.finder` splits each paragraph into sentences (:func:`segments`) and asks
for their frames.  English sentences that hold a word the cue model can accept
(:meth:`.cuemodel.CueModel.triggers`) are parsed, in one spaCy call per
report, and each clause the model accepts becomes a :class:`.attribution.Frame`;
other sentences, other languages, or a missing model or parser, are read by the
word lists of :class:`.attribution.FrameFinder` as before.
"""

from __future__ import annotations

import re

from newsdesk.enrich.quotes.clauses import PARSE_MAX_CHARS, Clause, clauses, parse
from newsdesk.enrich.quotes.cuemodel import CueModel
from newsdesk.enrich.quotes.frames import Frame
from newsdesk.enrich.quotes.marks import MASK
from newsdesk.enrich.sentences import sentence_spans
from newsdesk.model import Report

_WORD = re.compile(r"\w+")
_COMPLEMENTIZERS = frozenset({"that"})
_JOINING_PUNCT = " \t,;:–—-"
_JOINING_WORDS = frozenset({"and", "but", "while", "as"})
PARSED_LANGS = frozenset({"en"})

Segment = tuple[int, int]  # a sentence of a paragraph: character offsets


def segments(text: str, masked: str, lang: str | None) -> list[Segment]:
    """Sentences of the paragraph, joined where a boundary falls inside a quotation."""
    out: list[Segment] = []
    for start, end in sentence_spans(text, lang):
        prev_end = out[-1][1] if out else 0
        inside = masked[prev_end - 1 : prev_end] == MASK and masked[prev_end : prev_end + 1] == MASK
        if out and (inside or _inside_mask(masked, start)):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _inside_mask(masked: str, start: int) -> bool:
    return last_visible(masked, start) == MASK and masked[start : start + 1] == MASK


def last_visible(text: str, end: int) -> str:
    """The last character before ``end`` that is no space ("" if none); reads back over the gap only, so a paragraph
    of many sentences stays linear."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end else ""


def to_parse(report: Report, segs: dict[int, list[Segment]], triggers: frozenset[str]) -> list[tuple[int, int]]:
    """The (paragraph, segment start) of every sentence the parser should read: English, short enough, with a cue word."""
    texts = {p.index: p.text for p in report.paragraphs}
    out = []
    for p in report.paragraphs:
        if (p.lang or report.lang) not in PARSED_LANGS:
            continue
        for start, end in segs.get(p.index, []):
            if end - start > PARSE_MAX_CHARS:
                continue
            if any(m.group().lower() in triggers for m in _WORD.finditer(texts[p.index], start, end)):
                out.append((p.index, start))
    return out


def parsed_frames(
    report: Report,
    segs: dict[int, list[Segment]],
    masked: dict[int, str],
    texts: dict[int, str],
    model: CueModel | None,
) -> dict[tuple[int, int], list[Frame]]:
    """Frames of the sentences the parser read, keyed by (paragraph, segment start); unread sentences are absent.

    ``masked`` is each paragraph's text with its quotations blanked out: a
    verb inside a quotation is the quoted speaker's, not the report's cue.
    ``texts`` is what the parser reads (:func:`.marks.read_marks`).
    """
    if model is None:
        return {}
    triggers = model.cue_words
    jobs = to_parse(report, segs, triggers)
    if not jobs:
        return {}
    ends = {(par, s): e for par, spans in segs.items() for s, e in spans}
    docs = parse([texts[par][start : ends[(par, start)]] for par, start in jobs])
    if docs is None:
        return {}
    out: dict[tuple[int, int], list[Frame]] = {}
    for (par, start), doc in zip(jobs, docs, strict=True):
        found = [c for c in narrated(clauses(doc, start, triggers), masked[par]) if model.accepts(c)]
        found = trim_nested(found, texts[par])
        out[(par, start)] = [to_frame(par, c, texts[par], ends[(par, start)]) for c in found]
    return out


def narrated(found: list[Clause], masked: str) -> list[Clause]:
    """The clauses whose cue the report itself writes, outside any quotation."""
    return [c for c in found if masked[c.cue_start : c.cue_start + 1] != MASK]


def trim_nested(found: list[Clause], text: str) -> list[Clause]:
    """A content ends where a coordinated or participial attribution inside it begins.

    "Carson said he saw no need to change …, telling X that …" and "Rubio said
    the extremist is Clinton, and he railed against …": what follows is a second
    statement, not part of the first one's content; a participle cut off that
    way speaks with the first one's subject.
    """
    for a in found:
        if a.content is None:
            continue
        for b in found:
            if b is a or not b.continues or not a.content[0] < b.clause_start < a.content[1]:
                continue
            before = text[a.content[0] : b.clause_start].rstrip()
            end = a.content[0] + len(_strip_joiners(before))
            if a.content[0] < end < a.content[0] + len(before):  # set off by a comma or "and": a second statement
                a.content = (a.content[0], end)
                if b.borrowed:  # "X said the plan failed, warning that …": X warns, whatever the parse hung it on
                    b.speaker, b.antecedent = a.speaker, a.antecedent
    return found


def _strip_joiners(text: str) -> str:
    """``text`` without the punctuation and conjunctions it ends with ("…campaign, and" -> "…campaign")."""
    while True:
        text = text.rstrip(_JOINING_PUNCT)
        word = text[text.rfind(" ") + 1 :]
        if word.lower() not in _JOINING_WORDS or not word:
            return text
        text = text[: len(text) - len(word)]


def to_frame(paragraph: int, clause: Clause, text: str, segment_end: int) -> Frame:
    """The frame of an accepted clause; "X said:" at the end of its sentence attributes the quote that follows.

    The content starts after its complementizer ("said that the plan …" ->
    "the plan …"), as the word lists cut it in every language.
    """
    content = clause.content
    if content is not None:
        first = text[content[0] : content[1]].split(maxsplit=1)
        if len(first) == 2 and first[0].lower() in _COMPLEMENTIZERS:
            content = (content[1] - len(first[1]), content[1])
    tail = text[clause.cue_end : segment_end].strip()
    opens_next = tail in (":", "") and text[:segment_end].rstrip().endswith(":")
    return Frame(
        paragraph,
        clause.cue,
        clause.cue_start,
        clause.speaker,
        content,
        opens_next=opens_next,
        primary=True,
        prepositional=clause.prepositional,
        parsed=True,
        antecedent=clause.antecedent,
        unvoiced=clause.unvoiced,
    )
