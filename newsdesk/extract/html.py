"""HTML pages: trafilatura for main text and metadata.

trafilatura already does the page-level work (DOM boilerplate removal,
title, author, site name, date via htmldate, language) far better than a
line classifier could.  Paragraphs are read from its output tree, not its
text: the text keeps the source's hard line breaks inside paragraphs.
Comments are left out: they are readers' text, not the report's.  The file
date trafilatura reports is the download time, so it is never used.

trafilatura's title is often the first ``<h1>``, which on many pages is a
section or site name ("Lorem", "Health Center").  When it is shorter than
three words, the document ``<title>`` is used instead, with the site name
cut off the way Mozilla's Readability does it (measured on its test pages:
title accuracy 0.65 → 0.79).

What trafilatura dropped is kept for audit: the page's innermost text
blocks that are not part of the main text, each placed after the main
paragraph it followed on the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

import lxml.html
import trafilatura
from lxml import etree

from newsdesk.extract.blocks import normalize_space
from newsdesk.extract.boilerplate import paragraph_key
from newsdesk.extract.flat import FURNITURE as _FURNITURE
from newsdesk.extract.flat import PAGE_BLOCKS as _PAGE_BLOCKS
from newsdesk.extract.flat import flat_blocks

_MAIN_BLOCKS = frozenset(["p", "head", "item", "row", "quote", "code", "list", "table", "body"])  # trafilatura's tags
_INVISIBLE = "//script|//style|//noscript|//template|//svg|//head|//iframe|//button|//select"
_NOT_MAIN = "|".join(f"//{tag}" for tag in sorted(_FURNITURE))
_TITLE_SEPARATOR = re.compile(r" [|\-\\/>»] ")
_HIERARCHY_SEPARATOR = re.compile(r" [\\/>»] ")
# htmldate without its "extensive search" (free-text date guessing through dateparser): on the readability
# pages it finds the same correct dates (31 of 33) and ~30% faster, and guessed dates are the wrong kind.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
MIN_TITLE_WORDS = 3  # a shorter extracted title is a section or site name
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
    from_dom: bool = False  # no main text found: the paragraphs are all the page's text blocks


# Characters XML cannot hold: libxml2 keeps some in the tree it parses (a form feed, which HTML reads as a space),
# and lxml then refuses to write them back when the tree is edited (ValueError), so they become spaces first.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def read_html(html: str, url: str | None = None) -> Page:
    """Main-text paragraphs and metadata of an HTML page.

    When trafilatura finds no main text (tiny pages, odd markup), the page's visible text blocks become
    the paragraphs (``from_dom``) and the caller cleans them like plain text.  A page nested deeper than
    libxml2's default limit (256 elements) is no page trafilatura reads well: its own parse would silently
    stop at the limit and lose the text below it, and on the whole tree its table handling grows faster than
    the square of the depth (nested tables 1,000 deep took 5 s, 2,000 deep the whole 30-second budget).  A
    streaming parser that keeps no tree reads such a page's text blocks, in linear time.
    """
    html = _NOT_XML.sub(" ", html)
    tree, deep = _parse(html)
    document_title = _document_title(tree) if tree is not None else None
    if deep:
        return Page(paragraphs=flat_blocks(html), title=document_title, from_dom=True)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_recall=True,  # token F1 on the readability pages 0.861 -> 0.866; our patterns take out the extra
        date_extraction_params=_DATE_PARAMS,
    )
    paragraphs = _main_paragraphs(doc.body) if doc is not None and doc.body is not None else []
    if not paragraphs:
        blocks = _leaf_blocks(tree, main_only=True) if tree is not None else []
        return Page(paragraphs=blocks, title=document_title, from_dom=True)
    title = doc.title or None
    if document_title and (title is None or len(title.split()) < MIN_TITLE_WORDS):
        title = document_title
    return Page(
        paragraphs=paragraphs,
        dropped=_dropped(tree, paragraphs) if tree is not None else [],
        title=title,
        author=doc.author or None,
        sitename=doc.sitename or None,
        date=doc.date or None,
        lang=doc.language or None,
    )


def _parse(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """The page's tree, and whether it is nested deeper than libxml2's default limit (its tree then stops there).

    A new parser per call: lxml parsers are not thread-safe, and the web app ingests in threads.
    """
    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except ValueError:  # a str with an XML encoding declaration
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return None, False
    return tree, any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def _words(text: str) -> int:
    return len(text.split())


def _document_title(tree: lxml.html.HtmlElement) -> str | None:
    """The ``<title>`` without the site name, following Readability's rules."""
    original = normalize_space(tree.findtext(".//title") or "")
    if not original:
        return None
    title, hierarchical = original, False
    if _TITLE_SEPARATOR.search(original):
        hierarchical = bool(_HIERARCHY_SEPARATOR.search(original))
        title = re.sub(r"(.*)[|\-\\/>»] .*", r"\1", original)  # drop the last " | Site"
        if _words(title) < 3:
            title = re.sub(r"[^|\-\\/>»]*[|\-\\/>»](.*)", r"\1", original)  # "Site | Title": drop the first
    elif ": " in original:
        headings = {normalize_space(h.text_content()) for h in tree.iter("h1", "h2")}
        if original not in headings:
            title = original[original.rindex(":") + 1 :]
            if _words(title) < 3:
                title = original[original.index(":") + 1 :]
            elif _words(original[: original.index(":")]) > 5:
                title = original
    elif not 15 <= len(original) <= 150:
        h1s = list(tree.iter("h1"))
        if len(h1s) == 1:
            title = h1s[0].text_content()
    title = normalize_space(title)
    if _words(title) <= 4 and (not hierarchical or _words(title) != _words(re.sub(r"[|\-\\/>»]+", "", original)) - 1):
        title = original
    return title or None


def _main_paragraphs(body: etree._Element) -> list[str]:
    """Paragraphs of trafilatura's output tree: every block (paragraph, heading, list item, table row)
    is one, and so is loose text between blocks.  Iterative: tag soup can nest thousands deep."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = normalize_space("".join(buffer))
        if text:
            paragraphs.append(text)
        buffer.clear()

    furniture = 0  # open page-furniture elements: trafilatura's fallback passes <nav> and the like through
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if element.tag in _FURNITURE:
            furniture += 1 if event == "start" else -1
            if event == "end" and not furniture:
                buffer.append(element.tail or "")
            continue
        if furniture:
            continue
        block = element.tag in _MAIN_BLOCKS
        if event == "start":
            if block:
                flush()
            elif element.tag == "lb":
                buffer.append(" ")
            elif element.tag == "cell" and element.getprevious() is not None:
                buffer.append(" | ")
            buffer.append(element.text or "")
        else:
            if block:
                flush()
            if element is not body:
                buffer.append(element.tail or "")
    flush()
    return paragraphs


def _leaf_blocks(tree: lxml.html.HtmlElement, *, main_only: bool = False) -> list[str]:
    """Texts of the page's innermost visible block elements, in page order.

    ``main_only`` leaves out what cannot be a report's text even on a page trafilatura found nothing on:
    blocks inside navigation, header, footer, aside or form elements, and blocks made only of links (a
    menu).  A page with nothing else then has no text, and becomes an error instead of an empty report.
    """
    for element in tree.xpath(_INVISIBLE):
        element.drop_tree()
    if main_only:
        for element in tree.xpath(_NOT_MAIN):
            element.drop_tree()
    texts = []
    for element in tree.iter(*_PAGE_BLOCKS):
        if any(True for _ in element.iterdescendants(*_PAGE_BLOCKS)):
            continue
        text = normalize_space(element.text_content())
        if text and not (main_only and _only_links(element, text)):
            texts.append(text)
    return texts


def _only_links(element: lxml.html.HtmlElement, text: str) -> bool:
    """Whether all of a block's text is link text (a menu, a list of related links)."""
    links = "".join(normalize_space(a.text_content()) for a in element.iter("a"))
    return len(links) >= len(text.replace(" ", ""))


def _dropped(tree: lxml.html.HtmlElement, paragraphs: list[str]) -> list[tuple[int, str]]:
    """Page blocks outside the main text, with the number of main paragraphs that precede each.

    A block belongs to the main text when it equals a main paragraph, lies inside one, or holds the next
    one (long texts only for containment: "Sport" is inside "transport").  Linear in the page size.
    """
    keys = [paragraph_key(p) for p in paragraphs]
    index_of = {key: i for i, key in reversed(list(enumerate(keys)))}
    joined = "\x00".join(keys)
    starts = list(accumulate((len(key) + 1 for key in keys), initial=0))
    dropped: list[tuple[int, str]] = []
    seen: set[str] = set()
    position = 0
    for text in _leaf_blocks(tree):
        key = paragraph_key(text)
        match = index_of.get(key)
        if match is None and len(key) >= MIN_CONTAINED:
            found = joined.find(key)
            if found >= 0:
                match = bisect_right(starts, found) - 1
            elif position < len(keys) and len(keys[position]) >= MIN_CONTAINED and keys[position] in key:
                match = position
        if match is not None:
            position = max(position, match + 1)
        elif key not in seen and len(dropped) < MAX_DROPPED:
            seen.add(key)
            dropped.append((position, text))
    return dropped
