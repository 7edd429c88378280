"""HTML pages: trafilatura for main text and metadata.

trafilatura already does the page-level work (DOM boilerplate removal,
title, author, site name, date via htmldate, language) far better than a
line classifier could; its text keeps one paragraph per line.  Comments are
left out: they are readers' text, not the report's.  The file date it
reports is the download time, so it is never used as a publication date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import trafilatura

from newsdesk.extract.blocks import normalize_space


@dataclass
class Page:
    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    lang: str | None = None


def read_html(html: str, url: str | None = None) -> Page:
    """Main-text paragraphs and metadata of an HTML page (empty page when nothing is found)."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Page(title=_metadata_title(html))
    lines = [normalize_space(line) for line in (doc.text or "").split("\n")]
    return Page(
        paragraphs=[line for line in lines if line],
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
