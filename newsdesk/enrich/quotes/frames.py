"""A sentence's attribution frames and the rules that choose among them.

A :class:`Frame` is what the word lists (:mod:`.attribution`) or the parse
(:mod:`.parsed`) found in one sentence: a cue, the speaker phrase, and the
content for indirect speech.  A sentence can hold several; which one governs
it, and which one a quotation in it belongs to, is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.enrich.quotes.marks import QuoteSpan


@dataclass
class Frame:
    """An attribution in one sentence: cue, speaker phrase, and content for indirect speech."""

    paragraph: int
    cue: str
    cue_start: int
    speaker: tuple[int, int] | None  # speaker phrase span in the paragraph
    content: tuple[int, int] | None  # indirect content span (None: only quotes)
    naming: bool = False  # "called it a 'rout'": gives quotes a speaker, is no statement itself
    opens_next: bool = False  # ends with ':' and attributes the quote that follows
    primary: bool = False  # governs its sentence: its content is listed as indirect speech
    prepositional: bool = False  # "according to X": not an attribution of the quote before it
    elided: bool = False  # the subject was borrowed from the main clause ("…, saying …")
    segment: int = 0  # sentence index in the paragraph
    parsed: bool = False  # from the dependency parse (:mod:`.parsed`): its content span is the verb's complement
    antecedent: tuple[int, int] | None = None  # what a relative pronoun speaker ("X, who said") stands for
    quote_only: bool = False  # a word-list frame of a parsed sentence: attributes its quotes, lists no statement
    anaphoric: bool = False  # "Det uppger polisen.": what was said is the sentence before (set by the finder)
    content_paragraph: int | None = None  # where the content is, when not in the frame's paragraph
    unvoiced: bool = False  # the parse saw who it happened to, not who spoke ("Asked about X, she said …")


def primary_frame(frames: list[Frame]) -> Frame | None:
    """The frame that governs a sentence: a sentence-final "…, X said" first, then "according to X", then the first."""
    final = [f for f in frames if f.content is not None and f.content[1] <= f.cue_start and not f.naming]
    if final:
        return final[-1]
    explicit = [f for f in frames if not f.naming and not f.elided]
    return explicit[0] if explicit else next((f for f in frames if not f.naming), None)


def frame_for_quote(frames: list[Frame], span: QuoteSpan) -> Frame | None:
    """The frame a quote in the sentence belongs to: "X called it a “rout”" binds tighter than the sentence's frame.

    With parsed frames the parse decides: the quote belongs to the innermost
    clause whose complement holds it ("X said Y called it “a rout”" is Y's).
    """
    holding = [f for f in frames if f.parsed and f.content and _holds(f.content, span)]
    if holding:
        return min(holding, key=lambda f: f.content[1] - f.content[0])  # type: ignore[index]
    naming = [f for f in frames if f.naming and 0 < span.outer_start - f.cue_start < 40]
    if naming:
        return naming[-1]
    primary = primary_frame(frames)
    if primary is not None and primary.content is not None and primary.content[1] <= primary.cue_start:
        return primary  # "…, X said": the whole sentence is X's
    # "A woman asked for a photo and Clinton said, “…”": the nearest reporting verb before the quote.
    before = [f for f in frames if f.cue_start < span.outer_start and not f.naming and not f.prepositional]
    return before[-1] if before else primary or (frames[0] if frames else None)


def _holds(content: tuple[int, int], span: QuoteSpan) -> bool:
    """Whether most of the quotation lies inside ``content``."""
    inside = min(content[1], span.end) - max(content[0], span.start)
    return inside > 0 and inside >= 0.5 * (span.end - span.start)
