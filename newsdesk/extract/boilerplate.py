"""Paragraph-level boilerplate classifier for plain text.

One paragraph alone rarely tells furniture from content (a subheading and a
menu item look alike; so do a headline and a section title).  The decision
therefore combines features of the paragraph with features of the report:

* **zone** — the *head* (before the first prose paragraph) and the *tail*
  (after the last one) hold menus, mastheads, bylines and paywalls; the
  *body* between them holds content, and only clear furniture (credits,
  captions, ads, related-link teasers) is taken out there;
* **prose-likeness** — length, sentence punctuation, stopword density in the
  report's language (justext stoplists), digits (number-dense paragraphs of
  figures are prose even with few stopwords);
* **patterns** — credit, caption, call-to-action, navigation, byline and
  author-bio forms in several languages (:mod:`.patterns`);
* **blocks** — a run of short lines with several furniture hits is a menu as
  a whole, and a short line right before a credit line is its caption;
* **repetition** — inside the report (first copy kept, quotes and spacing
  ignored) and across the outlet's stored reports (``outlet_counts``).

The headline is the title-like line of the head that shares most words
with the opening paragraphs, or the first paragraph when the report opens
with prose; it is always kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import justext
from babel import Locale, UnknownLocaleError

from newsdesk.extract import patterns as pat
from newsdesk.extract.dates import date_line

# Reasons a paragraph is removed (the vocabulary shown by ``show --removed``).
REASONS = (
    "navigation",  # menus, search boxes, section names, follow/share widgets
    "call-to-action",  # paywall, sign-up, app and subscription prompts
    "advertisement",
    "related",  # "MORE: …", "Related Stories", "Read also: …"
    "credit",  # copyright, photo and wire credits
    "caption",  # image captions (text ending in a credit)
    "byline",  # "By …", "Written By", a bare author name at the head
    "masthead",  # the outlet's name as a line of its own
    "dateline",  # a publication-date line at the head
    "author-bio",
    "repeated",  # a copy of an earlier paragraph of the same report
    "outlet-boilerplate",  # recurs in many stored reports of the same outlet
    "not-main-text",  # HTML: left out of the main text by trafilatura, no more specific reason
)

MIN_PROSE_WORDS = 6
SHORT_WORDS = 15  # furniture lines (menus, prompts, teasers) are at most this long
CAPTION_WORDS = 40  # captions and credit lines are at most this long
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
HEADLINE_CONTEXT = 5  # prose paragraphs a headline candidate is compared with
MASTHEAD_WORDS = 5  # an outlet's name is short
MENU_LINE_CHARS = 60  # lines of a menu block are at most this long (median)
TAIL_BIO_WINDOW = 4  # author bios sit among the last few paragraphs
OUTLET_MIN_REPORTS = 2  # in this many other reports of the outlet: boilerplate
OUTLET_MIN_REPORTS_PROSE = 5  # prose needs stronger evidence (wire updates repeat paragraphs)

_QUOTES = re.compile(r"[\"'“”„‟«»‘’‚‛‹›`´]")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"[-+−–(]?[$€£¥]?\d[\d.,:/%]*\)?%?")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{2,}")
_STOPLIST_ALIASES = {"no": "nb", "iw": "he"}  # macro-language and old codes fastText still emits
_NOT_IN_NAMES = re.compile(r"[\d:;!?()\[\]|/@#\"“”«»]")
_PARTICLES = frozenset(
    ["van", "von", "de", "da", "del", "der", "den", "di", "du", "le", "la", "bin", "al", "ibn", "af"]
)


def paragraph_key(text: str) -> str:
    """Comparison key for repetition: case, quote marks and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_QUOTES.sub("", folded).split())


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """justext's stoplist for an ISO 639-1 code (empty when none is bundled)."""
    if not lang:
        return frozenset()
    try:
        name = Locale.parse(_STOPLIST_ALIASES.get(lang, lang)).english_name or ""
        # justext names its lists "Norwegian_Bokmal" where CLDR says "Norwegian Bokmål".
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace(" ", "_")
        return frozenset(justext.get_stoplist(name))
    except (UnknownLocaleError, ValueError, KeyError):
        return frozenset()


def looks_like_name(text: str) -> bool:
    """A bare person name: 2–4 capitalised words (particles allowed), nothing else."""
    words = text.split()
    if not 2 <= len(words) <= 5 or _SENTENCE_END.search(text) or _NOT_IN_NAMES.search(text):
        return False
    capitalised = [w for w in words if w.lower() not in _PARTICLES]
    return 2 <= len(capitalised) <= 4 and all(w[0].isupper() and w[1:2].islower() for w in capitalised)


@dataclass
class _Para:
    text: str
    block: int
    words: int
    key: str
    prose: bool = False
    reason: str | None = None  # furniture reason from patterns, wherever it occurs
    weak: bool = False  # a weak furniture hint (counts at head/tail and in menu blocks)
    dateline: bool = False  # a date and little else: furniture at the head or tail, content in a table


@dataclass
class Verdict:
    """What the classifier decided, plus the metadata it read on the way."""

    reasons: list[str | None]  # per paragraph: None = kept
    headline: int | None  # kept whatever it is: a title line, or the opening paragraph
    title: str | None  # the headline's text when it is a title line (not an opening paragraph)
    bylines: list[str]  # author names read from bylines and bios
    bio_outlets: list[str]  # outlets named in author bios
    mastheads: list[str]
    datelines: list[str]  # texts of dateline paragraphs (removed)


def _features(text: str, block: int, lang: str | None) -> _Para:
    """One paragraph's own evidence: its furniture pattern, if any, and whether it reads as prose."""
    words = _WORD.findall(text)
    # Chinese and Japanese run words together: count about two characters a word.
    n_words = len(words) + sum(len(run) // 2 - 1 for run in _CJK_RUN.findall(text))
    para = _Para(text=text, block=block, words=n_words, key=paragraph_key(text))
    short = n_words <= SHORT_WORDS
    if (n_words <= CAPTION_WORDS and pat.CREDIT.search(text)) or (
        short and (pat.TRAILING_CREDIT.search(text) or pat.CREDIT_PHRASE.search(text))
    ):
        para.reason = "caption" if pat.TRAILING_CREDIT.search(text) and n_words > 4 else "credit"
    elif n_words <= CAPTION_WORDS and (pat.PAREN_CREDIT.search(text) or pat.PHOTO_CREDIT.search(text)):
        para.reason = "caption"
    elif short and pat.ADVERTISEMENT.search(text):
        para.reason = "advertisement"
    elif short and pat.RELATED.search(text):
        para.reason = "related"
    elif short and (pat.NAVIGATION.search(text) or pat.MENU_LINE.search(text)):
        para.reason = "navigation"
    elif short and pat.CALL_TO_ACTION.search(text):
        para.reason = "call-to-action"
    elif pat.BYLINE_ALONE.match(text) or (
        n_words <= 8 and (found := pat.BYLINE_PREFIX.match(text)) and looks_like_name(_name_part(found["name"]))
    ):
        para.reason = "byline"
    para.weak = short and bool(pat.WEAK.search(text))
    para.dateline = para.reason is None and short and date_line(text, lang) is not None
    if para.reason is None and n_words >= MIN_PROSE_WORDS:
        stops = stopwords(lang)
        stop_share = sum(w.lower() in stops for w in words) / len(words) if stops and words else 1.0
        digit_share = sum(w[0].isdigit() for w in words) / len(words) if words else 0.0
        sentence = bool(_SENTENCE_END.search(text)) or (n_words >= 20 and stop_share >= 0.2)
        para.prose = sentence and (stop_share >= 0.08 or digit_share >= 0.1)
    return para


def furniture_reason(text: str) -> str | None:
    """The pattern reason of one paragraph on its own, without report context."""
    return _features(text, 0, None).reason


def _name_part(text: str) -> str:
    """The name in "Jane Doe and John Roe, Reuters" style bylines: up to the first comma or pipe."""
    return re.split(r"[,|•·–—]| - ", text)[0].strip()


def _menu_blocks(paras: list[_Para]) -> set[int]:
    """Blocks of short lines where several lines are furniture: menus and paywall boxes."""
    by_block: dict[int, list[_Para]] = {}
    for p in paras:
        by_block.setdefault(p.block, []).append(p)
    menus = set()
    for block, lines in by_block.items():
        if len(lines) < 3:
            continue
        lengths = sorted(len(p.text) for p in lines)
        hits = sum(1 for p in lines if p.reason or p.weak)
        if lengths[len(lengths) // 2] <= MENU_LINE_CHARS and hits >= 2:
            menus.add(block)
    return menus


def is_title_line(text: str) -> bool:
    """Whether a line on its own could be a headline, whatever its language: no furniture (byline, credit,
    navigation, dateline) and as many words as a title has."""
    return _title_like(_features(text, 0, None))


def _title_like(p: _Para) -> bool:
    return (
        p.reason is None
        and MIN_TITLE_WORDS <= p.words <= MAX_TITLE_WORDS
        and len(p.text) >= 15
        and not (p.weak or p.dateline or looks_like_name(p.text))
    )


def classify(
    texts: list[str],
    blocks: list[int] | None,
    lang: str | None,
    outlet_counts: Mapping[str, int] | None = None,
    title: str | None = None,
) -> Verdict:
    """Decide, for each paragraph, whether it is kept (None) or why it is removed.

    ``blocks`` gives each paragraph's blank-line block in plain text.  None
    means the paragraphs are an HTML page's main text: the page-level
    decisions (head, tail, menus, repeats) were already made on the DOM, so
    only furniture patterns, author bios and outlet repetition apply.
    """
    plain = blocks is not None
    paras = [_features(text, block, lang) for text, block in zip(texts, blocks or range(len(texts)), strict=True)]
    n = len(paras)
    verdict = Verdict(
        reasons=[None] * n, headline=None, title=None, bylines=[], bio_outlets=[], mastheads=[], datelines=[]
    )
    if not n:
        return verdict
    _mark_bios(paras, verdict)
    menus = _menu_blocks(paras) if plain else set()
    reasons = verdict.reasons
    for i, p in enumerate(paras):
        if p.block in menus:
            p.prose = False
            reasons[i] = p.reason or ("byline" if looks_like_name(p.text) else "navigation")
        else:
            reasons[i] = p.reason
    if plain:
        # A short line right before a credit line of the same block is that picture's caption.
        for i in range(n - 1):
            nxt = paras[i + 1]
            if reasons[i] is None and nxt.reason == "credit" and nxt.block == paras[i].block and not paras[i].prose:
                reasons[i] = "caption"

    if reasons[0] == "caption":
        # Captions follow pictures, which follow a headline: an opening line ending in "(VIDEO)" or
        # followed by the picture's credit is the headline.
        reasons[0] = paras[0].reason = None
    prose = [i for i, p in enumerate(paras) if p.prose and reasons[i] is None]
    first = prose[0] if prose else 0  # no prose at all: no head or tail to judge, all is body
    last = prose[-1] if prose else n - 1
    _choose_headline(paras, verdict, first, title, lang)
    if plain:
        _judge_head(paras, verdict, first, menus)
        _judge_tail(paras, verdict, last)
        _collapse_repeats(paras, verdict)
    _read_bylines(paras, verdict)
    verdict.datelines = [paras[i].text for i in range(n) if reasons[i] == "dateline"]
    if outlet_counts:
        _outlet_boilerplate(paras, verdict, outlet_counts, first, last)
    return verdict


def _mark_bios(paras: list[_Para], verdict: Verdict) -> None:
    """Author bios among the last paragraphs: "Name is [Outlet's] role …" or "A … Columnist, Name is …"."""
    for p in paras[-TAIL_BIO_WINDOW:]:
        found = pat.BIO.match(p.text)
        if found and pat.ROLE_WORD.search(p.text[:300]):
            p.reason, p.prose = "author-bio", False
            verdict.bylines.append(found["name"])
            outlet = found["outlet_after"] or found["outlet_before"]
            if outlet and (outlet[0].isupper() or outlet[0].isdigit()):
                verdict.bio_outlets.append(outlet)


def _choose_headline(paras: list[_Para], verdict: Verdict, first: int, title: str | None, lang: str | None) -> None:
    """The paragraph equal to the known title; else, among the title-like lines of the head, the one that
    shares most words with the opening of the text (a section name or a teaser shares few), earliest on ties;
    else the opening paragraph."""
    reasons = verdict.reasons
    title_key = paragraph_key(title) if title else None
    by_title = next((i for i, p in enumerate(paras) if title_key and p.key == title_key), None)
    if by_title is not None:
        verdict.headline = by_title
        return
    candidates = [i for i in range(first) if reasons[i] is None and _title_like(paras[i])]
    if candidates:
        opening = [p.text for p in paras[first:] if p.prose][:HEADLINE_CONTEXT]
        body = _content_words(" ".join(opening), lang)
        best = max(candidates, key=lambda i: (len(_content_words(paras[i].text, lang) & body), -i))
        verdict.headline, verdict.title = best, paras[best].text
    elif first < len(paras):
        verdict.headline = first


def _content_words(text: str, lang: str | None) -> set[str]:
    stops = stopwords(lang)
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if len(w) >= 4 and w not in stops}


def _judge_head(paras: list[_Para], verdict: Verdict, first: int, menus: set[int]) -> None:
    """Before the first prose paragraph: mastheads, bylines, section names, credits; the headline stays."""
    reasons, headline = verdict.reasons, verdict.headline
    head_keys = Counter(paras[i].key for i in range(first) if not paras[i].reason)
    for i in range(first):
        p = paras[i]
        if i == headline or p.reason:
            continue
        if headline is not None and p.key == paras[headline].key:
            reasons[i] = "repeated"
        elif head_keys[p.key] > 1 and p.words <= MASTHEAD_WORDS and (reasons[i] is None or p.block in menus):
            reasons[i] = "masthead"  # a logo's text and its alt text: the outlet's name, twice
            verdict.mastheads.append(p.text)
        elif reasons[i] is not None:
            continue
        elif p.dateline:
            reasons[i] = "dateline"
        elif looks_like_name(p.text) and (headline is None or i > headline or p.words <= 4):
            reasons[i] = "byline"
        elif headline is None or i < headline:
            reasons[i] = "navigation"
        elif p.words <= 3:
            reasons[i] = "credit"


def _judge_tail(paras: list[_Para], verdict: Verdict, last: int) -> None:
    """After the last prose paragraph, short lines that are not sentences are furniture."""
    for i in range(last + 1, len(paras)):
        p = paras[i]
        # Kept: a closing sentence, a line of running text (a list item), a row of figures.
        closing = not p.weak and (
            (p.words >= MIN_TITLE_WORDS and _SENTENCE_END.search(p.text)) or p.words >= MIN_PROSE_WORDS
        )
        closing = closing or _is_figures(p.text)
        if verdict.reasons[i] is None and i != verdict.headline and (p.dateline or not closing):
            verdict.reasons[i] = "dateline" if p.dateline else "navigation"


def _is_figures(text: str) -> bool:
    """A row of numbers ("Oman 2,755,250 -16.22 26,548,047"): most tokens are figures."""
    tokens = text.split()
    figures = sum(1 for token in tokens if _FIGURE.fullmatch(token))
    return figures >= 2 and figures >= 0.4 * len(tokens)


def _collapse_repeats(paras: list[_Para], verdict: Verdict) -> None:
    """Later copies go: "repeated" when the first copy is kept, else the first copy's reason.

    An author bio is a bio wherever it stands: when a copy near the end is
    recognised as one, an earlier copy (e.g. under the byline) goes too.
    """
    reasons = verdict.reasons
    bios = {p.key for i, p in enumerate(paras) if reasons[i] == "author-bio"}
    for i, p in enumerate(paras):
        if p.key in bios and reasons[i] is None and i != verdict.headline:
            reasons[i] = "author-bio"
    first_seen: dict[str, int] = {}
    for i, p in enumerate(paras):
        earlier = first_seen.setdefault(p.key, i)
        if earlier != i and i != verdict.headline and reasons[i] is None:
            reasons[i] = reasons[earlier] or "repeated"


def _read_bylines(paras: list[_Para], verdict: Verdict) -> None:
    """Author names from "By …" lines, from the line after "Written By", and from bare names at the head."""
    names = []
    for i, p in enumerate(paras):
        if verdict.reasons[i] != "byline":
            continue
        found = pat.BYLINE_PREFIX.match(p.text)
        if pat.BYLINE_ALONE.match(p.text):
            if i + 1 < len(paras) and looks_like_name(paras[i + 1].text):
                names.append(paras[i + 1].text)
        elif found and looks_like_name(_name_part(found["name"])):
            names.append(_name_part(found["name"]))
        elif looks_like_name(p.text):
            names.append(p.text)
    verdict.bylines[:0] = names


def _outlet_boilerplate(
    paras: list[_Para], verdict: Verdict, outlet_counts: Mapping[str, int], first: int, last: int
) -> None:
    """Paragraphs that recur in other stored reports of the same outlet; body prose needs more evidence."""
    for i, p in enumerate(paras):
        if verdict.reasons[i] is not None or i == verdict.headline:
            continue
        count = max(outlet_counts.get(p.text, 0), outlet_counts.get(p.key, 0))
        needed = OUTLET_MIN_REPORTS_PROSE if p.prose and first <= i <= last else OUTLET_MIN_REPORTS
        if count >= needed:
            verdict.reasons[i] = "outlet-boilerplate"
