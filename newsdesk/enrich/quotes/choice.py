"""Which frame speaks a quote: the word lists' or the parse's, and the frames a quote may borrow.

English sentences get frames from two readers, the word lists
(:mod:`.attribution`) and the dependency parse (:mod:`.parsed`); the finder
(:mod:`.finder`) asks here which one speaks each quote, and which frame a
quotation standing alone takes from the sentence after it.
"""

from __future__ import annotations

from bisect import bisect_left

from newsdesk.enrich.quotes.cues import ORG_WORDS, SOURCE_NOUNS
from newsdesk.enrich.quotes.frames import Frame, frame_for_quote, primary_frame
from newsdesk.enrich.quotes.guards import speaker_quality
from newsdesk.enrich.quotes.marks import QuoteSpan, is_signing
from newsdesk.enrich.quotes.phrases import Tok
from newsdesk.enrich.quotes.words import WORD

SOURCES = SOURCE_NOUNS | ORG_WORDS  # a headline's speaker ending in one of these is a source, not a label


def quote_frame(
    rules: list[Frame], parsed: list[Frame], span: QuoteSpan, texts: dict[int, str], people: frozenset[str]
) -> Frame | None:
    """The frame of a direct quote: the word lists' when they name a speaker, else the parse's; the parse's, too, where
    the word lists' phrase is no speaker at all ("her list by" before "saying") or a worse one.

    Measured on PolNeAR train (one fold held out), the word lists attribute
    direct quotes more precisely (their inverted "“…,” said X" and colon
    rules are tuned to quotations), the parse finds more of them; the word
    lists first, then the parse, beats either alone.
    """
    by_rules = frame_for_quote(rules, span)
    if rules is parsed:
        return by_rules
    by_parse = frame_for_quote(parsed, span)
    if by_rules is None or by_rules.speaker is None:
        return by_parse
    if by_parse is not None and by_parse.speaker is not None and by_parse.paragraph == by_rules.paragraph:
        text = texts[by_rules.paragraph]
        rule_quality = speaker_quality(text[by_rules.speaker[0] : by_rules.speaker[1]], people)
        if not rule_quality or speaker_quality(text[by_parse.speaker[0] : by_parse.speaker[1]], people) > rule_quality:
            return by_parse  # "said Wednesday", "told CNN": the chunker took a time or an addressee
    return by_rules


def with_rule_speakers(parsed: list[Frame], rules: list[Frame], text: str, people: frozenset[str]) -> list[Frame]:
    """Parsed frames, taking the word lists' speaker where the parse found none for the same cue.

    spaCy misses some inverted subjects ("''…,'' said Robin Maynard"), which
    the word lists read reliably; but where the parse saw no subject, a word
    before the verb that is no speaker ("a statement Tuesday saying") is none, and where the parse saw who a
    question was put to ("Asked about X, she said …"), the word lists' nearest name is not who asked it.
    """
    by_cue = {
        f.cue_start: f for f in rules if f.speaker is not None and speaker_quality(text[slice(*f.speaker)], people)
    }
    for f in parsed:
        if f.speaker is None and not f.unvoiced and f.cue_start in by_cue:
            f.speaker = by_cue[f.cue_start].speaker
    return parsed


def named_headline(rules: list[Frame], names: list[tuple[int, int]], text: str) -> Frame | None:
    """The word lists' "Graham: Trump’s rhetoric destroying GOP’s chance" frame, when a name or a source is its
    speaker.

    The parse finds no verb for a headline's "Speaker: statement"; the word
    lists read the shape (:meth:`.FrameFinder._colon`), and a person or
    organisation the entity stage found in the speaker part ("Graham"), or a
    noun of a source ending it ("Poll", "Senate Democrats", "Report"), tells
    it from a label ("Update: …", "Analysis: …").
    """
    for f in rules:
        if f.cue == ":" and f.content is not None and f.speaker is not None:
            # the name starting last before the speaker part ends (``names`` is in text order): bisected, so a
            # paragraph of many headlines and names stays linear.  It must end inside the speaker part: in
            # "Success on Signature Issue: …" a heading the entity stage took for a name runs past "Success".
            k = bisect_left(names, (f.speaker[1],)) - 1
            named = k >= 0 and f.speaker[0] < names[k][1] <= f.speaker[1]
            last = WORD.findall(text[f.speaker[0] : f.speaker[1]])[-1:]
            if named or any(w.lower() in SOURCES for w in last):
                return f
    return None


def signature(rules: list[Frame]) -> Frame | None:
    """The word lists' "“…” ― Name" frame (:func:`.attribution._signature`): the parse reads no verb in a
    signature, so it governs its sentence as a named headline does."""
    return next((f for f in rules if is_signing(f.cue) and f.speaker is not None), None)


def tail_frame(toks: list[Tok], frames: list[Frame]) -> Frame | None:
    """The attribution opening the sentence after a quote: "“… missing.” Trump said." (the quote ended in a full stop)."""
    frame = primary_frame(frames)
    if frame is None or frame.speaker is None or frame.prepositional or not toks:
        return None
    cue_index = next((k for k, t in enumerate(toks) if t.start == frame.cue_start), len(toks))
    if cue_index > 6 or frame.speaker[0] > toks[min(6, len(toks) - 1)].start:
        return None
    return frame
