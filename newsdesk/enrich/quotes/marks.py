"""Quotation marks in any language: where each top-level quotation starts and ends.

Marks are paired by context, not by a per-language table: an opening mark
follows space or start and precedes a word, a closing mark follows a word.
That one rule reads “…” and "…" (English), ”…” (Swedish, Finnish), „…“
(German, Czech), »…« (German, Danish) and «…» (French, Spanish, Russian),
typewriter ''…'' and ``…'', skips nested quotes (‘…’ inside “…”) and
apostrophes, reports a quotation left open at the end of the text (it may
continue in the next paragraph), and recovers a quotation whose opening mark
was lost (a closing mark with no opener after several words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.enrich.quotes.cues import words_for

MASK = "\x1a"  # replaces quoted text so cue search never looks inside a quote
DASHES = "–—-"
BAR = "―"  # the horizontal bar: a quotation's signature ("“…” ― Name"), never an aside's dash
SIGNING = frozenset(DASHES + BAR)  # the marks a quotation's signature opens with
_MIN_ORPHAN_WORDS = 4  # words before a closing mark with no opener for it to count as a quote
_MAX_NAME_WORDS = 6  # a quoted name ("Save the River") is at most this long
_NAMING = words_for("naming", None)  # naming verbs of every language
_LOOK_BACK = 120  # characters before a quotation read to tell a name from words said
_OPENERS = '“„«»”"‘‚'
# Double marks close any double opener: sources mix “…" and "…” more often than not.
_CLOSERS_OF = {"“": '”“"', "„": '“”"', "«": "»", "»": "«", "”": '”"', '"': '"”“', "‘": "’", "‚": "‘’"}
_MARKS = set('“”„«»"‘’‚')
_DOUBLE_MARKS = '“”„«»"'
# Three apostrophes are a typewriter double mark beside a single one: "… 'old-school,''' said …" closes both.
_MARK = re.compile(r"'?''|``|[“”„«»\"‘’‚]")
_AFTER_OPEN_OK = set(" \t([{:/") | SIGNING | _MARKS
# A markup attribute's value (author="…" in an embedded <tweet …> tag) is no quotation; bounded, so linear.
_ATTRIBUTE = re.compile(r'=\s?"[^"<>\n]{0,300}"')
_BEFORE_CLOSE_OK = set(".,;:!?)]…") | SIGNING | _MARKS


def is_dash(token: str) -> bool:
    """Whether a token is a dash: one of DASHES, or hyphens typed for one ("Grale -- the provost", as wire copy sets it)."""
    return bool(token) and all(ch in DASHES for ch in token)


def is_signing(token: str) -> bool:
    """Whether a token can open a quotation's signature ("“…” ― Ines Moor", "“…” -- Ines Moor"): a dash or the bar."""
    return token == BAR or is_dash(token)


@dataclass
class QuoteSpan:
    """A top-level quotation in a paragraph: content offsets and the marks around it."""

    start: int  # first character of the content
    end: int  # one past the content
    outer_start: int  # where the opening mark is (== start when it was lost)
    outer_end: int  # one past the closing mark (== end when the quote runs on)
    runs_on: bool = False  # not closed in this paragraph


def quote_spans(text: str) -> list[QuoteSpan]:
    """Top-level quotations in ``text``, whatever the language's quotation marks.

    Typewriter conventions count too: ``''…''`` and ````…''`` (two apostrophes
    or backticks for a double quotation mark), as some archives store quotes,
    also where a single quotation inside ends with it ("''… 'old-school,'''").
    """
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int, int]] = []  # (mark, start, end) of open marks
    markup = (
        {k for a in _ATTRIBUTE.finditer(text) for k in (text.index('"', a.start()), a.end() - 1)}
        if "=" in text
        else set()
    )
    for m in _MARK.finditer(text):
        i, j = m.start(), m.end()
        if i in markup:
            continue
        if j - i == 3:  # the double mark stands outside the single one: first when it opens, last when it closes
            i, j = (i, i + 2) if i == 0 or text[i - 1] in _AFTER_OPEN_OK or text[i - 1].isspace() else (i + 1, j)
        ch = '"' if len(m.group()) > 1 else m.group()
        prev = text[i - 1] if i else " "
        nxt = text[j] if j < len(text) else " "
        closes = (not prev.isspace() or ch in "»«") and (nxt.isspace() or nxt in _BEFORE_CLOSE_OK or ch in "»«")
        if ch == "’" and nxt.isalnum():
            continue  # an apostrophe
        level = next((k for k in range(len(stack) - 1, -1, -1) if ch in _CLOSERS_OF[stack[k][0]]), None)
        if level is not None and closes and m.group() != "``":
            _, pos, end = stack[level]
            del stack[level:]
            if not stack:
                spans.append(QuoteSpan(*_inner(text, end, i), pos, j))
            continue
        opens = ch in "„«»" or ((prev in _AFTER_OPEN_OK or prev.isspace()) and not nxt.isspace())
        if ch == "‘" and prev.isalnum():
            opens = False
        if opens and ch in _OPENERS and len(stack) < 3:
            stack.append((ch, i, j))
        elif not stack and closes and ch in '”"':
            lead = len(text) - len(text.lstrip(" " + DASHES))
            if len(text[lead:i].split()) >= _MIN_ORPHAN_WORDS:
                spans.append(QuoteSpan(lead, i, lead, j))
    if stack:
        _, pos, end = stack[0]
        spans.append(QuoteSpan(*_inner(text, end, len(text)), pos, len(text), runs_on=True))
    spans.sort(key=lambda s: s.start)
    return _drop_nested(spans)


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The quoted words without the spaces French typography puts inside « »."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _drop_nested(spans: list[QuoteSpan]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    for s in spans:
        if out and s.outer_start < out[-1].outer_end:
            continue
        out.append(s)
    return out


def mask_quotes(text: str, spans: Sequence[QuoteSpan], names: Sequence[QuoteSpan] = ()) -> str:
    """``text`` with every quotation (marks included) replaced by :data:`MASK`, offsets kept.

    A quoted name (``names``) stays readable: only its marks are blanked, so
    "the group “Save the River” said" has a subject like any other.
    """
    chars = list(text)
    for s in spans:
        chars[s.outer_start : s.outer_end] = MASK * (s.outer_end - s.outer_start)
    for s in names:
        chars[s.outer_start : s.start] = " " * (s.start - s.outer_start)
        chars[s.end : s.outer_end] = " " * (s.outer_end - s.end)
    return "".join(chars)


def read_marks(text: str) -> tuple[list[QuoteSpan], str, str]:
    """A paragraph's quotations (quoted names left out), its text with them masked, and the text a parser reads.

    The parser's text is the paragraph with the marks around quoted names
    blanked (offsets kept), so that "the group “Save the River” said" parses
    as a name, not as a verb "Save".
    """
    names, quotes = [], []
    for span in quote_spans(text):
        (names if is_quoted_name(text, span) else quotes).append(span)
    return quotes, mask_quotes(text, quotes, names), mask_quotes(text, [], names) if names else text


def is_quoted_name(text: str, span: QuoteSpan) -> bool:
    """Whether a quotation is a name in quotation marks, not words someone said.

    "the group “Save the River”", "die Gruppe „Rettet den Fluss“", "Operation
    “Iron Shield”": two to six words in title case (capitals, short function
    words, numbers), no punctuation but the sentence's own full stop or comma
    inside the closing mark, written after a word inside the sentence.
    A quoted fragment of speech starts in lower case ("called it “a rout”") or
    is one word ("„Fleischwolf“"), which stays a quotation.
    """
    if span.runs_on or span.outer_start == span.start:
        return False
    words = text[span.start : span.end].rstrip(".,").split()  # "on NBC’s “Meet the Press.”": the sentence's stop
    before = text[max(0, span.outer_start - _LOOK_BACK) : span.outer_start].rstrip()  # bounded: many quotes, long text
    if not 2 <= len(words) <= _MAX_NAME_WORDS or not before or not before[-1].isalpha():
        return False
    if not words[0][:1].isupper() or any(not ch.isalnum() and ch not in "-'’&" for w in words for ch in w):
        return False
    if not _NAMING.isdisjoint(w.lower() for w in before.split()[-3:]):
        return False  # "called him “Little Marco”", "nannte es „Eine Farce“": words put in a mouth, not a name
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitals >= 2 and all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words)


def quotations_closed(text: str) -> bool:
    """Whether every double quotation mark of ``text`` belongs to a quotation that opens and closes in it.

    False for the opening or the end of a quotation that runs across sentences
    ("… warnen konnten“, sagte sie." closes one opened before).
    """
    whole = [s for s in quote_spans(text) if not s.runs_on and s.outer_start < s.start]
    return sum(text.count(mark) for mark in _DOUBLE_MARKS) == 2 * len(whole)
