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

from newsdesk.extract.boilerplate import is_title_line

_BLANK = re.compile(r"\n[ \t\u00a0\u200b]*\n")
_SPACES = re.compile(r"[\s\u200b\ufeff]+")  # all Unicode spaces and line breaks, plus zero-width ones
_SENTENCE_END = re.compile(r"[.!?:…。！？][\"'”’»)\]]*$")

MIN_WRAP_WIDTH = 40  # shorter lines are menus and headings, not wrapped prose
MAX_WRAP_WIDTH = 120  # longer lines are whole paragraphs, nobody wraps that wide
# A headline glued to its body by a run of spaces where a scrape lost the line break:
# "Storm closes the port  The harbour master said …" (see unglue_headline)
_NON_SPACE = re.compile(r"\S")
_GAP = re.compile(r" {2,}|\t")  # no no-break space: "ke\u00a0 Brigjen" is an HTML scrape's "&nbsp; ", mid-sentence
GLUED_HEADLINE_CHARS = 250  # where the gap is looked for: a headline is shorter


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


def unglue_headline(text: str) -> tuple[str | None, str]:
    """A headline glued to the body by a run of spaces, and the text with a blank line in that gap.

    Scraped datasets often join the headline to the body that way (more than
    a quarter of SemEval-2022's texts), and as one paragraph the headline was
    lost: the report had no title.  Only the first line's first gap counts.
    The words before it must read as a title line on their own
    (:func:`boilerplate.is_title_line`: no byline such as "By Jane Doe  Staff
    writer", as many words as a title) and must not end with a full stop,
    comma, colon or semicolon (two spaces after a full stop are a typist's
    habit, not a lost line break); the words after it must open with a
    capital, a digit or a quotation mark (or a letter of a script without
    case).  Otherwise ``(None, text)``.
    """
    opening = _NON_SPACE.search(text)
    start = opening.start() if opening else 0
    line = text[start : start + GLUED_HEADLINE_CHARS].split("\n", 1)[0]
    gap = _GAP.search(line)
    if gap is None or gap.end() == len(line):
        return None, text
    head, first = line[: gap.start()], line[gap.end()]
    if not is_title_line(head) or head[-1] in ".,;:" or first.islower():
        return None, text
    if not (first.isalnum() or first in "\"'“‘«„¿¡"):
        return None, text
    return normalize_space(head), text[: start + gap.start()] + "\n\n" + text[start + gap.end() :]


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
