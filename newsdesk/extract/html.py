"""HTML pages: trafilatura for main text and metadata.

trafilatura already does the page-level work (DOM boilerplate removal,
title, author, site name, date via htmldate, language) far better than a
line classifier could; its text keeps one paragraph per line.  Comments are
left out: they are readers' text, not the report's.  The file date it
reports is the download time, so it is never used as a publication date.

What trafilatura dropped is kept for audit: the page's leaf text blocks that
are not part of the main text, each placed after the main paragraph it
followed on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree

from newsdesk.extract.blocks import normalize_space
from newsdesk.extract.boilerplate import paragraph_key

_BLOCKS = frozenset(
    [
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "blockquote",
        "td",
        "th",
        "dd",
        "dt",
        "caption",
        "pre",
        "address",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "figure",
        "ul",
        "ol",
        "table",
        "form",
    ]
)
_INVISIBLE = "//script|//style|//noscript|//template|//svg|//head|//iframe|//button|//select"
MAX_DROPPED = 200  # audit trail cap per page
MIN_CONTAINED = 40  # shorter texts must match a main paragraph exactly ("Sport" is inside "transport")


@dataclass
class Page:
    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    lang: str | None = None
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (main paragraphs before it, text)


def read_html(html: str, url: str | None = None) -> Page:
    """Main-text paragraphs and metadata of an HTML page (empty page when nothing is found)."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Page(title=_metadata_title(html))
    lines = [normalize_space(line) for line in (doc.text or "").split("\n")]
    paragraphs = [line for line in lines if line]
    return Page(
        paragraphs=paragraphs,
        dropped=_dropped(html, paragraphs),
        title=doc.title or None,
        author=doc.author or None,
        sitename=doc.sitename or None,
        date=doc.date or None,
        lang=doc.language or None,
    )


def _metadata_title(html: str) -> str | None:
    """Title from the page's metadata alone, for pages without extractable text."""
    meta = trafilatura.extract_metadata(html)
    return meta.title if meta is not None and meta.title else None


def _leaf_blocks(html: str) -> list[str]:
    """Texts of the page's innermost block elements, in page order."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    for element in tree.xpath(_INVISIBLE):
        element.drop_tree()
    texts = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag.lower() not in _BLOCKS:
            continue
        if any(isinstance(child.tag, str) and child.tag.lower() in _BLOCKS for child in element.iterdescendants()):
            continue
        text = normalize_space(element.text_content())
        if text:
            texts.append(text)
    return texts


def _same_text(block: str, paragraph: str) -> bool:
    """A page block and a main paragraph are the same text, or one holds the other (long texts only)."""
    if block == paragraph:
        return True
    return (len(block) >= MIN_CONTAINED and block in paragraph) or (
        len(paragraph) >= MIN_CONTAINED and paragraph in block
    )


def _dropped(html: str, paragraphs: list[str]) -> list[tuple[int, str]]:
    """Page blocks outside the main text, with the number of main paragraphs that precede each."""
    keys = [paragraph_key(p) for p in paragraphs]
    dropped: list[tuple[int, str]] = []
    seen: set[str] = set()
    position = 0
    for text in _leaf_blocks(html):
        key = paragraph_key(text)
        match = next((i for i in range(len(keys)) if _same_text(key, keys[i])), None)
        if match is not None:
            position = max(position, match + 1)
        elif key not in seen and len(dropped) < MAX_DROPPED:
            seen.add(key)
            dropped.append((position, text))
    return dropped
