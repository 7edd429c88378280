"""Text blocks of a page too deeply nested for any tree parser, read as a stream of tags.

libxml2 refuses to build a tree deeper than 2048 elements, and the text below
that depth would be lost.  The standard library's HTML parser keeps no tree:
it reports tags and text as they come, so depth costs nothing.  Text is cut
into blocks at block-level tags; invisible elements (scripts, styles) and
page furniture (navigation, header, footer, aside, forms) are skipped, as
:func:`newsdesk.extract.html._leaf_blocks` does for a page trafilatura found
no main text on.
"""

from __future__ import annotations

from html.parser import HTMLParser

from newsdesk.extract.blocks import normalize_space

# Block-level elements: text on either side of one is not one paragraph (shared with extract.html).
_BLOCK_NAMES = (
    "p li h1 h2 h3 h4 h5 h6 figcaption blockquote td th dd dt caption pre address div section article header "
    "footer nav aside main figure ul ol table form"
)
PAGE_BLOCKS = frozenset(_BLOCK_NAMES.split())
# Page furniture: never a report's text, whatever trafilatura makes of the page.
FURNITURE = frozenset(["nav", "header", "footer", "aside", "form", "menu"])
_BLOCKS = PAGE_BLOCKS | {"br", "tr", "body"}
_SKIPPED = FURNITURE | {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.buffer: list[str] = []
        self.skipping: list[str] = []  # open skipped elements (a stack, so nesting inside them is skipped too)

    def flush(self) -> None:
        text = normalize_space("".join(self.buffer))
        if text:
            self.blocks.append(text)
        self.buffer.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS and not self.skipping:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag in _SKIPPED:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
        elif tag in _BLOCKS and not self.skipping:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)


def flat_blocks(html: str) -> list[str]:
    """The visible text blocks of ``html`` in page order, without building a tree."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.blocks
