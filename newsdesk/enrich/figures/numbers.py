"""Numbers as people write them: locale numerals, number words, ranges.

Figures are compared across languages, so "1 000", "1.000", "1,000", "a
thousand", "tusen", "tausend", "mille", "mil", "duizend" and "тысяча" must all
read as 1000.  This module only finds and values numbers; deciding whether a
number is a *figure* (not a year, an ordinal, a model name) and what it
measures is :mod:`newsdesk.enrich.figures.finder`' job.

Separator rules.  Where both marks occur ("1,234.5" / "1.234,5") the last one
is the decimal mark.  Repeated marks ("1,000,000") always group.  A single
mark followed by exactly three digits is ambiguous: the language's decimal
mark reads as a decimal ("1,500" is 1.5 in German), the other mark groups; the
alternative reading is kept in :attr:`NumberMatch.alt` so that context (a
count of tanks cannot be 1.5) can overrule the locale.

Number words are valued by one additive/multiplicative pass over morphemes,
which serves every supported language: compounds ("fünfundzwanzig",
"tvåhundra", "vijfentwintig") are decomposed into known morphemes first.
Indefinite articles that double as "one" ("en", "ein", "un", "een", "a") are
marked ``weak``: they are a figure only before a unit or after a qualifier.
Vague plurals ("hundreds of", "Tausende", "des milliers") are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsdesk.enrich.figures.number_words import (
    _ABBREVIATED,
    _CHANGE_VERBS,
    _COLLECTIVES,
    _CONNECTORS,
    _HALVES,
    _MULTIPLIERS,
    _ONE_AND_A_HALF,
    _RANGE_WORDS,
    _UNITS,
    _WEAK,
    _decompose,
    _lexicon,
    value_of_morphemes,
)

# Languages writing "1,5" for one and a half; others ("en", unknown) write "1.5".
_COMMA_DECIMAL = frozenset(
    ["sv", "de", "fr", "es", "nl", "ru", "it", "pt", "da", "no", "nb", "nn", "fi", "pl", "cs", "tr"]
)

_SPACE = "[ \u00a0\u202f\u2009]"
NUMERAL = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:(?:,|\.|{_SPACE})\d{{3}}(?!\d))+(?:[.,]\d+(?!\d))?|\d+(?:[.,]\d+(?!\d))?)(?![.,]\d)"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# A currency sign between range words and a number: "between €8 million and €12 million".
_CURRENCY_TAIL = r"\s*(?:US\$|[$€£¥₽₴])$"


@dataclass(frozen=True)
class NumberMatch:
    """A number in a text: where it is and what it is worth."""

    start: int
    end: int
    value: float
    value_max: float | None = None  # set for ranges ("10-15", "between ten and fifteen")
    kind: str = "numeral"  # "numeral", "word" or "mixed" ("1,5 miljoner")
    weak: bool = False  # an article read as "one": a figure only with a unit or qualifier
    approx: bool = False  # approximate by wording: "une centaine", "una docena"
    alt: float | None = None  # the other reading of an ambiguous separator ("1.500")


# -- numerals ---------------------------------------------------------------


def parse_numeral(text: str, lang: str | None = None) -> tuple[float, float | None]:
    """Value a numeral written in ``lang``'s conventions; returns (value, alternative reading)."""
    s = re.sub(_SPACE, "", text)
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        return float(s.replace(grp, "").replace(dec, ".")), None
    for sep in ",.":
        if sep not in s:
            continue
        parts = s.split(sep)
        if len(parts) > 2:
            return float(s.replace(sep, "")), None
        head, tail = parts
        if len(tail) != 3 or head == "0":
            return float(f"{head}.{tail}"), None
        decimal_mark = "," if lang in _COMMA_DECIMAL else "."
        grouped, decimal = float(head + tail), float(f"{head}.{tail}")
        return (decimal, grouped) if sep == decimal_mark else (grouped, decimal)
    return float(s), None


# -- scanning -----------------------------------------------------------------

_ATTACHED = re.compile(r"([^\W\d_]+)\.?")
RANGE_CONTEXT = 120  # characters before a range that its opener and a change verb are looked for in


@dataclass
class _Token:
    start: int
    end: int
    text: str
    numeral: bool


def _tokens(text: str) -> list[_Token]:
    toks = [_Token(m.start(), m.end(), m.group(), True) for m in NUMERAL.finditer(text)]
    numerals = len(toks)
    k = 0  # numeral spans come sorted and disjoint: one pass finds whether a word starts inside one
    for m in _WORD.finditer(text):
        while k < numerals and toks[k].end <= m.start():
            k += 1
        if not (k < numerals and toks[k].start <= m.start()):
            toks.append(_Token(m.start(), m.end(), m.group(), False))
    toks.sort(key=lambda t: t.start)
    return toks


def _gap(text: str, a: _Token, b: _Token) -> str:
    return text[a.end : b.start]


def _word_phrase(text: str, toks: list[_Token], i: int, lang: str) -> tuple[int, float, bool] | None:
    """Longest run of number words from token ``i``: (index after, value, weak)."""
    parts: list[tuple[str, float]] = []
    j = i
    connector = _CONNECTORS.get(lang)
    while j < len(toks) and not toks[j].numeral:
        if j > i and _gap(text, toks[j - 1], toks[j]).strip():
            break
        low = toks[j].text.lower()
        if connector and low == connector and parts and j + 1 < len(toks):
            nxt = _decompose(toks[j + 1].text.lower(), lang) if not toks[j + 1].numeral else None
            if nxt and _connector_ok(parts, nxt, lang):
                j += 1
                continue
            break
        sub = _decompose(low, lang)
        if sub is None:
            break
        parts.extend(sub)
        j += 1
    if not parts:
        return None
    value = value_of_morphemes(parts)
    if value is None:
        return None
    weak = j - i == 1 and toks[i].text.lower() in _WEAK.get(lang, ())
    return j, value, weak


def _connector_ok(before: list[tuple[str, float]], after: list[tuple[str, float]], lang: str) -> bool:
    """'and'/'et'/'y' joins number words only in fixed patterns, else it lists two numbers."""
    last_kind, last = before[-1]
    first_kind, first = after[0]
    if lang == "en":
        return last_kind in "hm" and first_kind == "n"
    if lang == "fr":
        return last_kind == "n" and last in (20, 30, 40, 50, 60) and first in (1, 11)
    return last_kind == "n" and 30 <= last <= 90 and last % 10 == 0 and first_kind == "n" and 1 <= first <= 9


def find_numbers(text: str, lang: str | None = None) -> list[NumberMatch]:
    """Every number in ``text``: numerals, number words, mixed forms and ranges, in order."""
    numeral_lang, lang = lang, lang if lang in _UNITS else "en"
    if not _may_hold_numbers(text, lang):
        return []
    toks = _tokens(text)
    singles = _singles(text, toks, lang, numeral_lang)
    return _join_ranges(text, singles, lang)


def _may_hold_numbers(text: str, lang: str) -> bool:
    """A cheap test that skips the many sentences with no digit and no number word."""
    return any(map(str.isdigit, text)) or _number_word_re(lang).search(text.lower()) is not None


@cache
def _number_word_re(lang: str) -> re.Pattern[str]:
    """Every number morpheme of ``lang`` as a substring (compounds contain them)."""
    forms = {*_lexicon(lang), *_HALVES.get(lang, ()), *_COLLECTIVES.get(lang, {}), *_ONE_AND_A_HALF}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # English "a"/"an" can be one ("up to a week"), as a word of its own
    return re.compile(alternatives + (r"|\ban?\b" if lang == "en" else ""))


def _singles(text: str, toks: list[_Token], lang: str, numeral_lang: str | None) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        low = tok.text.lower()
        if tok.numeral:
            value, alt = parse_numeral(tok.text, numeral_lang)
            end, kind = tok.end, "numeral"
            mult, mult_end = _multiplier_after(text, toks, i, lang)
            if mult:
                value, alt, end, kind = value * mult, None, mult_end, "mixed"
                while i + 1 < len(toks) and toks[i + 1].start < end:
                    i += 1
            out.append(NumberMatch(tok.start, end, value, kind=kind, alt=alt))
            i += 1
            continue
        special = _special_words(text, toks, i, lang) if low in _special_starts(lang) else None
        if special:
            match, i = special
            out.append(match)
            continue
        if lang == "en" and low in ("a", "an"):
            # An English article counts only inside a phrase: "a thousand", "a dozen".
            phrase = _word_phrase(text, toks, i + 1, lang)
            if phrase and _lexicon(lang).get(toks[i + 1].text.lower(), ("n", 0))[0] in "hm":
                j, value, _ = phrase
                out.append(NumberMatch(tok.start, toks[j - 1].end, value, kind="word"))
                i = j
                continue
            # "up to a week", "a kilometre": one, if a unit and a qualifier say so (see figures)
            out.append(NumberMatch(tok.start, tok.end, 1.0, kind="word", weak=True))
            i += 1
            continue
        phrase = _word_phrase(text, toks, i, lang)
        if phrase is None:
            i += 1
            continue
        j, value, weak = phrase
        out.append(NumberMatch(tok.start, toks[j - 1].end, value, kind="word", weak=weak))
        i = j
    return out


def _multiplier_after(text: str, toks: list[_Token], i: int, lang: str) -> tuple[float, int]:
    """A multiplier word or abbreviation right after a numeral: '1,5 miljoner', '5bn', '10 тыс.'."""
    tok = toks[i]
    attached = _ATTACHED.match(text, tok.end)  # at an offset: slicing the rest of the text per numeral is quadratic
    if attached and attached.group(1).lower() in _ABBREVIATED:
        return _ABBREVIATED[attached.group(1).lower()], tok.end + len(attached.group(1))
    if i + 1 >= len(toks) or toks[i + 1].numeral or _gap(text, tok, toks[i + 1]).strip():
        return 0.0, tok.end
    nxt = toks[i + 1]
    low = nxt.text.lower()
    if low in _ABBREVIATED:
        return _ABBREVIATED[low], nxt.end
    lex = _lexicon(lang)
    if lex.get(low, ("", 0))[0] == "m":
        mult, end = lex[low][1], nxt.end
        # "2 mil millones": a second, larger multiplier scales again.
        if i + 2 < len(toks) and not _gap(text, nxt, toks[i + 2]).strip():
            nxt2 = lex.get(toks[i + 2].text.lower(), ("", 0))
            if nxt2[0] == "m" and nxt2[1] > mult:
                mult, end = mult * nxt2[1], toks[i + 2].end
        return mult, end
    return 0.0, tok.end


@cache
def _special_starts(lang: str) -> frozenset[str]:
    """The words :func:`_special_words` can start with: most words are none of them, and skip the call."""
    articles = ("une", "un", "una", "около", "ett", "en", "een")
    return frozenset([*_ONE_AND_A_HALF, "half", *_HALVES.get(lang, ()), *_WEAK.get(lang, ()), *articles])


def _special_words(text: str, toks: list[_Token], i: int, lang: str) -> tuple[NumberMatch, int] | None:
    """Halves, 'one and a half' words and collectives ('une centaine', 'un millar')."""
    low = toks[i].text.lower()
    n = len(toks)

    def word(k: int) -> str:
        return toks[k].text.lower() if k < n and not toks[k].numeral else ""

    if low in _ONE_AND_A_HALF:
        return NumberMatch(toks[i].start, toks[i].end, _ONE_AND_A_HALF[low], kind="word"), i + 1
    halves = _HALVES.get(lang, ())
    weak = _WEAK.get(lang, set())
    # en: "half a mile"; es: "medio kilómetro"; fr: "un demi-kilomètre"
    if lang == "en" and low == "half" and word(i + 1) in ("a", "an"):
        mult = _MULTIPLIERS["en"].get(word(i + 2))
        if mult:  # "half a million"
            return NumberMatch(toks[i].start, toks[i + 2].end, 0.5 * mult, kind="word"), i + 3
        return NumberMatch(toks[i].start, toks[i + 1].end, 0.5, kind="word"), i + 2
    if lang == "es" and low in halves:
        return NumberMatch(toks[i].start, toks[i].end, 0.5, kind="word"), i + 1
    if low in weak and (word(i + 1) in halves or word(i + 1).split("-")[0] in halves):
        nxt = toks[i + 1]
        if "-" in nxt.text:  # "un demi-kilomètre": keep the unit outside the number
            return NumberMatch(toks[i].start, nxt.start + nxt.text.index("-"), 0.5, kind="word"), i + 2
        return NumberMatch(toks[i].start, nxt.end, 0.5, kind="word"), i + 2
    collectives = _COLLECTIVES.get(lang, {})
    if word(i + 1) in collectives and (low in weak or low in ("une", "un", "una", "около", "ett", "en", "een")):
        value = collectives[word(i + 1)]
        return NumberMatch(toks[i].start, toks[i + 1].end, value, kind="word", approx=True), i + 2
    return None


def _join_ranges(text: str, singles: list[NumberMatch], lang: str) -> list[NumberMatch]:
    """Merge 'A-B', 'between A and B', 'A to B', 'A or B' into one match with value_max."""
    out: list[NumberMatch] = []
    i = 0
    while i < len(singles):
        a = singles[i]
        if i + 1 < len(singles):
            b = singles[i + 1]
            joined = _range(text, a, b, lang)
            if joined:
                out.append(joined)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _range(text: str, a: NumberMatch, b: NumberMatch, lang: str) -> NumberMatch | None:
    if a.weak or b.weak or b.value <= a.value:
        return None
    gap = text[a.end : b.start]
    if re.fullmatch(r"\s?[-–—]\s?", gap) and a.kind == b.kind == "numeral":
        return NumberMatch(a.start, b.end, a.value, b.value, kind=a.kind)
    gap_words = re.sub(_CURRENCY_TAIL, "", gap.strip().lower())
    # The opener ("between", "from") and the verb before it are a few words back: read no further than that.
    before = re.sub(_CURRENCY_TAIL, "", text[max(0, a.start - RANGE_CONTEXT) : a.start].rstrip())
    for opener, joiner in _RANGE_WORDS[lang]:
        if gap_words != joiner:
            continue
        if opener:
            m = re.search(rf"(?<!\w){opener}$", before, re.IGNORECASE)
            if not m:
                continue
            verb = re.search(r"(\w+)\s*$", before[: m.start()])
            if verb and verb.group(1).lower() in _CHANGE_VERBS:
                return None  # "rose from 10 to 15": a change between two figures, not a range
            start = m.start()
        else:
            start = a.start
        value = a.value
        if a.kind == "numeral" and b.kind == "mixed" and b.value >= 1000 * a.value:
            # "1 to 2 million": the multiplier of the upper bound applies to both.
            value = a.value * (b.value / _leading_value(text, b, lang))
        return NumberMatch(start, b.end, value, b.value, kind=b.kind)
    return None


def _leading_value(text: str, m: NumberMatch, lang: str) -> float:
    first = NUMERAL.match(text, m.start)
    return parse_numeral(first.group(), lang)[0] if first else 1.0
