"""Figures: numeric claims with qualifier, unit, what is counted and who claims it.

A figure is a number that states a quantity: "more than 1,000 troops", "upp
emot en kilometer", "2km (1.2 miles)" (one figure: the parenthesis restates
it), "26 attacks", "5%".  Numbers that only *name* something are not figures:
years ("2023"), dates ("12 maj"), times ("10:30"), ordinals ("72nd", "3:e",
"die 3. Brigade"), model and unit names ("Su-35", "F-16", "Leopard 2"),
indices ("day 443", "page 5", "No. 10": a day count names the day, it does
not measure anything), and ages ("a 22-year-old").  Vague plurals ("hundreds
of", "Tausende") carry no value and are skipped.

"One" is a figure only with a unit or a qualifier ("upp emot en kilometer",
"up to a week", "minst en person"): in most languages it is also the
indefinite article ("en soldat", "ein Soldat"), and a bare "one soldier" is
rarely a claim worth reconciling.

Qualifiers keep their meaning: "more than" -> gt, "at least" -> ge, "up to"
-> le, "less than" -> lt, "around" -> approx.  "nearly"/"almost" are read as
``approx``: news writers use them for round numbers close to the truth, and
an ``lt`` reading would make "nearly 1,000" conflict with a source saying
"about 1,000".  Swedish "knappt" and German "knapp" ("just under") are ``lt``.

``counted_key`` says what a figure is about, across languages: the counted
noun's concept ("troops"/"soldater" -> soldiers), refined by a state in its
clause ("500 soldiers died" -> soldiers/dead, "a village of 900 people" ->
people/size, running totals -> .../total); for a measure without a noun, the
subject named in the sentence ("advanced two kilometres" -> territory, "the
river rose 2 m" -> level); for a position, the place it is measured from
("30 km south of Lyon" -> distance/lyon).

The claimant comes from the report's quotes when a figure sits inside a
quote or its sentence, else from attribution in the same sentence ("X said",
"according to X", "skriver X"); "according to him" takes the last named
speaker before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from newsdesk.enrich.entities.lexicon import time_words
from newsdesk.enrich.figures import words as W
from newsdesk.enrich.figures.claimants import Claimants
from newsdesk.enrich.figures.counted import (
    CONCEPTS,
    STATES,
    concept_of,
    counted_key,
    is_cumulative,
    is_size,
    position_of,
    state_near,
    subject_in,
)
from newsdesk.enrich.figures.numbers import NumberMatch, find_numbers
from newsdesk.enrich.figures.units import currency_before, to_base, unit_after
from newsdesk.enrich.sentences import sentence_spans
from newsdesk.model import Figure, Qualifier, Report

CONTEXT = 400  # characters around a number that its reading looks at (a long sentence is read in windows)
_FIRST_WORD = re.compile(r"[^\W_][\w'’-]*")
# What a measure without a counted noun can be about, per dimension (see counted.CONCEPTS).
_SUBJECTS = {
    "length": frozenset({"territory", "level", "width", "zone"}),
    "area": frozenset({"territory", "affected"}),
    "volume": frozenset({"leak"}),
    "mass": frozenset({"leak"}),
    "percent": frozenset({"reservoir"}),
    "money": frozenset({"aid", "fund", "damage", "cost"}),
    "duration": frozenset({"closure"}),
}
# Concepts that are what a count can be about when the counted noun is missing ("the toll rose to 45").
_COUNT_SUBJECTS = frozenset(CONCEPTS) - frozenset().union(*_SUBJECTS.values())
# "of" between a number and its noun: "millions of people", "un millier de soldats", "2 km of territory".
_LINKS = frozenset({"of", "de", "d'", "av", "van", "von"})
# Adjectives before the noun in Swedish, Dutch and Russian: skip them to reach the head noun.
_ADJECTIVE_ENDINGS = {
    "sv": re.compile(r"(?:a|iga|ska)$"),
    "nl": re.compile(r"e$"),
    "ru": re.compile(r"(?:ых|их|ые|ие|ый|ий|ая|ое|ой|ую)$"),
}


def find_figures(report: Report) -> list[Figure]:
    """Every figure in the report, in reading order, with claimants resolved."""
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for s in report.sentences:
        by_paragraph.setdefault(s.paragraph, []).append((s.start, s.end))
    figures: list[Figure] = []
    claimants = Claimants(report)
    for p in report.paragraphs:
        lang = _base_lang(p.lang or report.lang)
        spans = by_paragraph.get(p.index) or sentence_spans(p.text, lang) or [(0, len(p.text))]
        for s0, s1 in spans:
            sentence = p.text[s0:s1]
            claim = claimants.of_sentence(p.index, s0, s1, sentence)
            for fig in sentence_figures(sentence, lang):
                fig.paragraph, fig.start, fig.end = p.index, s0 + fig.start, s0 + fig.end
                fig.text = p.text[fig.start : fig.end]
                fig.claimant, fig.claimant_key = claimants.of_figure(fig, claim)
                figures.append(fig)
    return figures


def _base_lang(lang: str | None) -> str:
    return (lang or "en").split("-")[0].split("_")[0].lower()


def sentence_figures(sentence: str, lang: str) -> list[Figure]:
    """Figures of one sentence, with offsets inside it (paragraph 0).

    Each number is read within ``CONTEXT`` characters on either side: every
    rule looks at a few words around it, and reading the whole sentence for
    each number made a sentence of n numbers cost n² (20 s for 1,000).  A
    sentence shorter than the context is read whole, as before.
    """
    found: list[Figure] = []
    for m in find_numbers(sentence, lang):
        if found and m.start < found[-1].end:
            continue  # already read as part of the previous figure ("12 por ciento")
        lo, hi = max(0, m.start - CONTEXT), min(len(sentence), m.end + CONTEXT)
        local = replace(m, start=m.start - lo, end=m.end - lo)
        fig = _figure(sentence[lo:hi], local, lang)
        if fig is not None:
            fig.start, fig.end = fig.start + lo, fig.end + lo
            found.append(fig)
    return found


def _restatement_end(sentence: str, span: _Span, lang: str) -> int:
    """'2km (1.2 miles)': where a parenthesised equivalent in the same dimension ends, else ``span.end``."""
    paren = re.match(r"(?:\s+[^\W\d_]+)?\s*\(([^()]{1,40})\)", sentence[span.end :])
    if span.dimension == "count" or not paren:
        return span.end
    inside = paren.group(1)
    numbers = find_numbers(inside, lang)
    if len(numbers) != 1:
        return span.end
    before = inside[: numbers[0].start]
    unit = unit_after(inside[numbers[0].end :], lang, money_before=currency_before(before) is not None)
    same = unit is not None and (unit.dimension == span.dimension or currency_before(before) is not None)
    return span.end + paren.end() if same else span.end


@dataclass
class _Span:
    """A figure being read: where it runs in the sentence and what has been learned so far."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None = None
    dimension: str = "count"


def _figure(sentence: str, m: NumberMatch, lang: str) -> Figure | None:
    """Read the number ``m`` as a figure, or None when it names rather than measures."""
    before, after = sentence[: m.start], sentence[m.end :]
    article = m.weak and sentence[m.start : m.end].lower() in ("a", "an")
    if m.weak and not unit_after(after, lang) and (article or not _qualifier(before, lang)):
        return None  # an article, not a count: decided before the costlier checks
    if not _is_quantity(sentence, m, lang, before, after):
        return None
    span = _measure(sentence, m, lang)
    before = sentence[: span.start]
    is_one = m.weak or (m.kind == "word" and m.value == 1)
    if is_one and span.dimension in ("count", "duration") and not _qualifier(before, lang):
        return None  # "en soldat", "one of them", "a year": articles, not counts
    if W.AGE.match(after) or (span.dimension == "duration" and W.AGE_BEFORE.search(before)):
        return None
    if span.dimension == "count" and m.alt is not None and span.value != int(span.value) and m.alt == int(m.alt):
        span.value = m.alt  # "1.500 soldiers" in English: a count has no fractions, so the dot groups
    qualifier = _qualify(sentence, m, span, lang)
    noun = _counted(sentence[span.end :], lang, span.dimension)
    if noun and noun[0].lower() in W.FRACTIONS:
        return None  # "two thirds of", "zwei Drittel": shares, not figures
    counted = noun[0] if noun else None
    key = _key(sentence, span.start, span.end, counted, span.dimension, lang)
    if noun:
        span.end += noun[1]
    factor = to_base(span.unit) if span.unit and span.dimension not in ("money", "percent") else 1.0
    return Figure(
        paragraph=0,
        start=span.start,
        end=span.end,
        text=sentence[span.start : span.end],
        value=span.value,
        qualifier=qualifier,
        value_max=span.value_max,
        unit=span.unit,
        dimension=span.dimension,
        normalized=span.value * factor,
        counted=counted,
        counted_key=key,
    )


def _measure(sentence: str, m: NumberMatch, lang: str) -> _Span:
    """Unit, currency, sign and "and a half" around a number."""
    span = _Span(m.start, m.end, m.value, m.value_max)
    before, after = sentence[: m.start], sentence[m.end :]
    currency = currency_before(before) or _currency_inside(sentence[m.start : m.end])
    unit = unit_after(after, lang, money_before=currency is not None)
    scale = 1.0
    if currency:
        span.unit, span.dimension = currency[0], "money"
        span.start = m.start - currency[1] if currency[1] else m.start
        if unit:
            scale, span.end = unit.scale, m.end + unit.length
    elif unit:
        span.unit, span.dimension, scale, span.end = unit.unit, unit.dimension, unit.scale, m.end + unit.length
        half = W.AND_A_HALF.match(sentence[span.end :])
        if half:
            span.value, span.end = span.value + 0.5, span.end + half.end()
    span.end = _restatement_end(sentence, span, lang)
    minus = W.MINUS.search(sentence[: span.start])
    if span.dimension in ("temperature", "percent") and minus:
        span.value, span.start = -span.value, span.start - len(minus.group().lstrip())
    span.value *= scale
    if span.value_max is not None:
        span.value_max *= scale
    return span


def _currency_inside(text: str) -> tuple[str, int] | None:
    """The currency of a range written with it inside: "between €8 million and €12 million"."""
    first = re.search(r"\d", text)
    found = currency_before(text[: first.start()]) if first else None
    return (found[0], 0) if found else None


def _qualify(sentence: str, m: NumberMatch, span: _Span, lang: str) -> Qualifier:
    """The figure's qualifier, widening the span over the words that say it."""
    if span.value_max is not None:
        return "range"
    qualifier: Qualifier = "approx" if m.approx else "exact"
    before = _qualifier(sentence[: span.start], lang)
    if before:
        qualifier, span.start = before[0], span.start - before[1]
    post = W.POST_QUALIFIERS.match(sentence[span.end :])
    if post:
        qualifier = "ge" if post.group(1) else "gt" if post.group(2) else "approx"
        span.end += post.end()
    return qualifier


def _is_quantity(sentence: str, m: NumberMatch, lang: str, before: str, after: str) -> bool:
    """Reject numbers that name rather than measure: years, dates, times, ordinals, models, indices."""
    has_unit = unit_after(after, lang) is not None
    if m.kind == "numeral" and _numeral_names(sentence, m, lang, before, after, has_unit):
        return False
    if W.MONTH_AFTER.match(after) or (m.kind == "numeral" and W.MONTH_BEFORE.search(before)):
        return False  # a date: "12 maj", "May 12", "5 de mayo"
    prev_word = re.search(r"([\w.№#]+)\s*$", before)
    index = prev_word is not None and prev_word.group(1).lower() in W.INDEX_WORDS
    if index and not has_unit and not _qualifier(before, lang):
        return False  # "day 443", "page 4", "No. 10"
    return not re.match(r"['’]s\b", after)  # "100's of titles", "the 1990s"


def _numeral_names(sentence: str, m: NumberMatch, lang: str, before: str, after: str, has_unit: bool) -> bool:
    """Whether a numeral is part of a name, date, time or ordinal rather than a quantity."""
    ordinal_dot = (
        lang in W.ORDINAL_DOT_LANGS
        and re.match(r"\.\s+\S", after) is not None
        and bool(W.MONTH_AFTER.match(after) or W.ORDINAL_DOT_BEFORE.search(before))
    )
    return any(
        (
            re.search(r"[^\W\d_][-‐]$", before),  # "Su-35", "F-16", "COVID-19"
            W.DATE_LIKE.match(after) or W.TIME_AFTER.match(after) or re.search(r"\d[/.:-]$|\d\s?h\s?$", before),
            not has_unit and re.match(r"-[^\W\d_]", after) and not W.AGE.match(after),  # "20-årsåldern"
            not has_unit and W.ORDINAL_AFTER.match(after),  # "72nd", "3:e", "3e", "72-я"
            not has_unit and re.match(r"[^\W\d_]", after) and not re.match(r"(?:bn|mn)\b", after),  # "19FortyFive"
            ordinal_dot,  # "die 3. Brigade", "am 3. Oktober"
            _year_like(m, sentence, before, after, lang),
            _named_model(before, after, lang),
        )
    )


def _year_like(m: NumberMatch, sentence: str, before: str, after: str, lang: str) -> bool:
    text = sentence[m.start : m.end]
    if not re.fullmatch(r"\d{4}(?:\s?[-–]\s?\d{2,4})?", text) or not 1800 <= m.value <= 2100:
        return False
    qualifier = _qualifier(before, lang)
    if qualifier and not re.search(W.TIME_PREPOSITIONS, before, re.IGNORECASE):
        return False
    if unit_after(after, lang) or currency_before(before):
        return False
    nxt = _FIRST_WORD.match(after.lstrip())
    noun = concept_of(nxt.group(), lang) if nxt else None
    return not (noun and noun not in STATES and noun != "territory" and not W.YEAR_CONTEXT.search(before))


def _named_model(before: str, after: str, lang: str) -> bool:
    """'Boeing 737', 'Leopard 2', 'Windows 11': a capitalised name right before a number names a model.

    Languages that put the verb second ("I går skickade Ryssland 500 soldater")
    can have a subject before a count, so there only a number that ends the
    phrase counts as a name.
    """
    prev = re.search(r"(?:^|[\s(])([A-ZÅÄÖÉÜА-Я][\w-]*)\s$", before)
    if not prev or not before[: prev.start(1)].strip() or _qualifier(before, lang):
        return False
    if prev.group(1).lower() in time_words() or unit_after(after, lang):
        return False
    if lang in W.VERB_SECOND:
        return not re.match(r"\s+[^\W\d_]", after)
    return True


def _qualifier(before: str, lang: str) -> tuple[Qualifier, int] | None:
    """The qualifier phrase ending right before a number: (qualifier, characters it spans)."""
    table, pattern = _qualifier_pattern(lang)
    m = pattern.search(before[-40:].lower())
    if not m:
        return None
    return table[m.group(1)], len(before[-40:]) - m.start()


@cache
def _qualifier_pattern(lang: str) -> tuple[dict[str, Qualifier], re.Pattern[str]]:
    """One regex per language; the longest phrase wins ("no more than" over "more than")."""
    table = W.QUALIFIERS.get(lang, W.QUALIFIERS["en"])
    alternatives = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    return table, re.compile(rf"(?<!\w)({alternatives})\s*{W.QUALIFIER_GAP.get(lang, '')}$")


def _counted(after: str, lang: str, dimension: str) -> tuple[str, int] | None:
    """The noun a figure counts and where it ends in ``after``: "26 attacks", "500 fallskärmssoldater"."""
    words: list[tuple[str, int]] = []
    for raw in list(re.finditer(r"\S+", after))[:8]:
        word = raw.group().strip(".,;:!?\"'()«»“”‘’")
        low = word.lower()
        if not words and low in _LINKS:
            continue
        if lang == "en" and words and low in ("and", "or") and not any(w[0].lower().endswith("s") for w in words):
            continue  # "310 fighter, attack, bomber, and transport jets": the head comes last
        if not word or low in W.STOP or not re.search(r"[^\W\d_]", word):
            break
        words.append((word, raw.start() + raw.group().index(word) + len(word)))
        if re.search(r"[\"”»]$", raw.group()):
            break  # a closing quote ends the phrase
        ends = raw.group().rstrip("’)")
        listing = lang == "en" and ends.endswith(",") and word.islower() and not word.endswith("s")
        if raw.group() != word and ends.endswith((",", ".", ";", ":", "!", "?", ")")) and not listing:
            break
    if not words:
        return None
    known = [w for w in words if concept_of(w[0], lang)]
    if lang == "en":
        # English heads come last and counted heads are plural: "310 fighter, attack and transport jets".
        plural = [w for w in words if w[0].lower().endswith("s")]
        plural_known = [w for w in plural if w in known]
        if plural_known or known:
            return (plural_known or known)[0]
        if dimension != "count":
            return None
        return plural[0] if plural else words[-1]
    if known:
        return known[0]
    if dimension != "count":
        return None
    if lang == "de":
        nouns = [w for w in words if w[0][:1].isupper()]
        return nouns[0] if nouns else words[0]
    if lang in _ADJECTIVE_ENDINGS:
        for w in words:
            if not _ADJECTIVE_ENDINGS[lang].search(w[0].lower()) or w is words[-1]:
                return w
    return words[0]


def _state(sentence: str, start: int, end: int, lang: str) -> str | None:
    """The state word nearest to a count inside its clause: "500 soldiers died", "killing 12 civilians"."""
    after = re.split(r"[,;:.!?]", sentence[end:], maxsplit=1)[0]
    before = re.split(r"[,;:.!?]", sentence[:start])[-1]
    after_words = re.findall(r"[^\W\d_]+", after)[1:8]  # the first word is the counted noun itself
    before_words = re.findall(r"[^\W\d_]+", before)[::-1]
    for i in range(max(len(after_words), len(before_words))):
        state = state_near(after_words[i : i + 1], lang) or state_near(before_words[i : i + 1], lang)
        if state:
            return state
    return None


def _key(sentence: str, start: int, end: int, counted: str | None, dimension: str, lang: str) -> str | None:
    """Grouping key: the counted concept, 'distance' for positions, else the sentence's subject."""
    if counted:
        key = counted_key(counted, lang)
        if dimension == "count" and key not in STATES and is_size(sentence[:start]):
            key = f"{key}/size"
        elif dimension == "count" and key not in STATES:
            state = _state(sentence, start, end, lang)
            key = f"{key}/{state}" if state else key
        return f"{key}/total" if is_cumulative(sentence) else key
    place = position_of(sentence[end:]) if dimension == "length" else None
    if place is not None:
        return f"distance/{place}" if place else "distance"
    if dimension == "count":
        return subject_in(sentence[:start], lang, _COUNT_SUBJECTS)
    if dimension in _SUBJECTS:
        return subject_in(sentence, lang, _SUBJECTS[dimension], near=start)
    return None
