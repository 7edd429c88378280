"""Plain text to paragraphs, deciding per text how lines make paragraphs.

Sources disagree on what a newline means.  Some separate paragraphs by blank
lines and hard-wrap inside them (e-mail, wire copy, text dumps at ~72
columns); others put one paragraph per line with no blank line at all (many
scrapes).  Joining every line would glue a menu or a headline to the body;
splitting every line would cut wrapped sentences.  So a text counts as
hard-wrapped when its multi-line blocks are made of long lines that break
mid-sentence, and only then are lines joined.
"""

from __future__ import annotations

import re
import statistics

_BLANK = re.compile(r"\n[ \t\u00a0\u200b]*\n")
_SPACES = re.compile(r"[\s\u200b\ufeff]+")  # all Unicode spaces and line breaks, plus zero-width ones
_SENTENCE_END = re.compile(r"[.!?:…。！？][\"'”’»)\]]*$")

MIN_WRAP_WIDTH = 40  # shorter lines are menus and headings, not wrapped prose
MAX_WRAP_WIDTH = 120  # longer lines are whole paragraphs, nobody wraps that wide


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (incl. no-break, zero-width and line breaks) to one space, and trim."""
    return _SPACES.sub(" ", text).strip()


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    """Whether lines inside blocks are wrapped prose rather than one paragraph each."""
    inner = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    if len(inner) < 2:
        return False
    width = statistics.median(len(line) for line in inner)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return False
    open_ends = sum(1 for line in inner if not _SENTENCE_END.search(line))
    return open_ends >= 0.5 * len(inner)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join wrapped lines; a clearly short line ends its paragraph."""
    width = max(len(line) for line in lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        if len(line) < 0.6 * width:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def split_paragraphs_with_blocks(text: str) -> tuple[list[str], list[int]]:
    """Paragraph texts of a plain-text report, and for each the blank-line block it came from.

    Whitespace is normalised and empty paragraphs dropped.  The block number
    lets the classifier see runs of lines (menus, paywall boxes) as a whole.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    blocks = []
    for chunk in _BLANK.split(text):
        lines = [normalize_space(line) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    wrapped = _is_hard_wrapped(blocks)
    texts: list[str] = []
    numbers: list[int] = []
    for number, lines in enumerate(blocks):
        paragraphs = _join_wrapped(lines) if wrapped else lines
        texts.extend(paragraphs)
        numbers.extend([number] * len(paragraphs))
    return texts, numbers
