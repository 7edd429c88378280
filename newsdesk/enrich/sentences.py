"""Sentence splitting for many languages, with offsets inside each paragraph.

A rule-based splitter rather than a model: it must run on every paragraph of
every report in any language, at thousands of paragraphs per second, and its
mistakes must be predictable.  A boundary is a terminal mark (``. ! ? …`` or
a CJK full stop), optionally followed by closing quotes or brackets, then
space and something that can open a sentence.  It is vetoed when the word
before the full stop is a known abbreviation (per language), an initial
("J. Smith"), an ordinal in languages that write "3. Mai", or when the next
word starts in lower case.  Decimals ("1.2") never split: no space follows
their point.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newsdesk.model import Report, Sentence

# Abbreviations that take a full stop and are usually followed by a capital
# (titles, name parts, months).  Lower-cased, without the final dot.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "sr",
            "jr",
            "st",
            "mt",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "cmdr",
            "adm",
            "maj",
            "gov",
            "sen",
            "rep",
            "rev",
            "hon",
            "pres",
            "inc",
            "ltd",
            "co",
            "corp",
            "bros",
            "vs",
            "approx",
            "dept",
            "est",
            "fig",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "u.s",
            "u.k",
            "u.n",
            "e.u",
            "a.m",
            "p.m",
            "e.g",
            "i.e",
            "al",
        ]
    ),
    "sv": frozenset(
        [
            "bl.a",
            "t.ex",
            "d.v.s",
            "dvs",
            "s.k",
            "m.m",
            "ca",
            "kl",
            "nr",
            "f.d",
            "p.g.a",
            "pga",
            "fr.o.m",
            "t.o.m",
            "o.s.v",
            "osv",
            "resp",
            "jfr",
            "tel",
        ]
    ),
    "de": frozenset(
        [
            "z.b",
            "d.h",
            "u.a",
            "bzw",
            "nr",
            "ca",
            "dr",
            "prof",
            "st",
            "hr",
            "fr",
            "usw",
            "vgl",
            "ggf",
            "inkl",
            "evtl",
            "bspw",
            "s.o",
            "u.ä",
            "abs",
            "jh",
            "mio",
            "mrd",
        ]
    ),
    "fr": frozenset(["mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "p.ex", "cf", "env", "av", "apr", "j.-c"]),
    "es": frozenset(["sr", "sra", "srta", "dr", "dra", "dña", "ud", "uds", "pág", "núm", "aprox"]),
    "nl": frozenset(
        ["dhr", "mevr", "mr", "dr", "drs", "ir", "prof", "o.a", "bijv", "d.w.z", "m.b.t", "ca", "nr", "blz"]
    ),
    "it": frozenset(["sig", "sigg", "dott", "prof", "avv", "ing", "on", "ecc"]),
}
# Languages that mark ordinals with a full stop ("12. Mai", "3. listopadu").
_ORDINAL_DOT_LANGS = frozenset(
    ["de", "da", "no", "nb", "nn", "fi", "cs", "sk", "sl", "hr", "sr", "bs", "hu", "is", "et", "lv", "lt", "pl", "tr"]
)

_CLOSERS = "\"'”’»)]›"
_OPENERS = "\"'“‘«„(\\[‹–—-"
# A terminal mark, closers (French ones may follow a space), then space; the sentence ends after the closers.
# Possessive and anchored at the start of a run of marks: a line of 10,000 dots stays linear.
_BOUNDARY = re.compile(rf"(?<![.!?…])([.!?…]++)(?:[{re.escape(_CLOSERS)}]|[ \u00a0\u202f][»›])*(?=\s+)")
_CJK_BOUNDARY = re.compile(rf"[。！？][{re.escape(_CLOSERS)}」』]*")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
WORD_WINDOW = 40  # how far back the word before a full stop is looked for (keeps long paragraphs linear)


@cache
def _abbreviations(lang: str | None) -> frozenset[str]:
    """Abbreviations of the language plus English ones (quoted titles travel)."""
    return _ABBREVIATIONS["en"] | _ABBREVIATIONS.get(lang or "", frozenset())


def _is_boundary(text: str, mark_start: int, mark: str, next_start: int, lang: str | None) -> bool:
    """Whether the terminal mark at ``mark_start`` really ends a sentence."""
    if next_start >= len(text):
        return True
    nxt = text[next_start]
    if nxt.islower():
        return False
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or not nxt.isascii()):
        return False
    if mark != ".":
        return True
    found = _WORD_BEFORE.search(text[max(0, mark_start - WORD_WINDOW) : mark_start])
    if not found:
        return True
    word = found.group(1)
    bare = word.strip(".-").lower()
    if len(bare) == 1 and bare.isalpha():
        return False  # an initial: "J. Smith", "George W. Bush"
    if bare in _abbreviations(lang) or word.lower().rstrip(".") in _abbreviations(lang):
        return False
    if "." in word.strip(".") and all(len(part) <= 2 for part in word.strip(".").split(".")):
        return False  # dotted acronyms: "U.S.", "z.B."
    return not (bare.isdigit() and lang in _ORDINAL_DOT_LANGS and len(bare) <= 2)


def sentence_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph, whitespace trimmed."""
    return list(_spans(text, lang))


@lru_cache(maxsize=1024)
def _spans(text: str, lang: str | None) -> tuple[tuple[int, int], ...]:
    """Memoised: the sentence splitter and the quote finder split the same paragraphs, one after the other."""
    cuts: list[int] = []
    for match in _BOUNDARY.finditer(text):
        next_start = match.end()
        while next_start < len(text) and text[next_start].isspace():
            next_start += 1
        if _is_boundary(text, match.start(1), match.group(1)[-1], next_start, lang):
            cuts.append(match.end())
    cuts.extend(match.end() for match in _CJK_BOUNDARY.finditer(text))
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(set(cuts)) + [len(text)]:
        left, right = start, cut
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            spans.append((left, right))
        start = cut
    return tuple(spans)


def split_sentences(report: Report) -> list[Sentence]:
    """Sentences of every kept paragraph, addressed by paragraph index and offsets."""
    sentences: list[Sentence] = []
    for paragraph in report.paragraphs:
        lang = paragraph.lang or report.lang
        for start, end in sentence_spans(paragraph.text, lang):
            sentences.append(Sentence(paragraph.index, start, end, paragraph.text[start:end]))
    return sentences
