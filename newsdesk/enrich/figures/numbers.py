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

# Languages writing "1,5" for one and a half; others ("en", unknown) write "1.5".
_COMMA_DECIMAL = frozenset(
    ["sv", "de", "fr", "es", "nl", "ru", "it", "pt", "da", "no", "nb", "nn", "fi", "pl", "cs", "tr"]
)

_SPACE = "[ \u00a0\u202f\u2009]"
NUMERAL = re.compile(
    rf"(?<![\w.,])(?:\d{{1,3}}(?:(?:,|\.|{_SPACE})\d{{3}}(?!\d))+(?:[.,]\d+(?!\d))?|\d+(?:[.,]\d+(?!\d))?)(?![.,]\d)"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


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


# -- number words -------------------------------------------------------------
# Morpheme kinds: "n" additive value, "h" hundred (multiplies what precedes),
# "m" large multiplier (thousand and up), "c" connector inside compounds.

_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SV = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "tjugu": 20, "trettio": 30, "fyrtio": 40,
    "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90,
}  # fmt: skip
_DE = {
    "null": 0, "eins": 1, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "zwei": 2,
    "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
    "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17,
    "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40,
    "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
_FR = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "quatre-vingt": 80, "quatre-vingts": 80,
}  # fmt: skip
_ES = {
    "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiún": 21, "veintiuna": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
    "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700, "ochocientos": 800,
    "ochocientas": 800, "novecientos": 900, "novecientas": 900,
}  # fmt: skip
_NL = {
    "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
    "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90,
}  # fmt: skip
_RU = {
    "ноль": 0, "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одну": 1, "одним": 1, "одном": 1,
    "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2, "три": 3, "трёх": 3, "трех": 3, "трем": 3,
    "тремя": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "восьми": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13,
    "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50,
    "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60, "семьдесят": 70, "семидесяти": 70,
    "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90, "сто": 100, "ста": 100,
    "двести": 200, "двухсот": 200, "триста": 300, "трёхсот": 300, "трехсот": 300, "четыреста": 400,
    "четырёхсот": 400, "четырехсот": 400, "пятьсот": 500, "пятисот": 500, "шестьсот": 600, "шестисот": 600,
    "семьсот": 700, "семисот": 700, "восемьсот": 800, "восьмисот": 800, "девятьсот": 900, "девятисот": 900,
}  # fmt: skip
# Russian numerals in -ь decline to -и ("пяти", "двадцати").
_RU.update({w[:-1] + "и": v for w, v in list(_RU.items()) if w.endswith("ь")})

_HUNDREDS = {
    "en": ("hundred",), "sv": ("hundra",), "de": ("hundert",), "fr": ("cent", "cents"), "nl": ("honderd",),
}  # fmt: skip
_MULTIPLIERS: dict[str, dict[str, float]] = {
    "en": {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12},
    "sv": {"tusen": 1e3, "miljon": 1e6, "miljoner": 1e6, "miljard": 1e9, "miljarder": 1e9, "biljon": 1e12,
           "biljoner": 1e12, "dussin": 12},
    "de": {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9,
           "billion": 1e12, "billionen": 1e12, "dutzend": 12},
    "fr": {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "billion": 1e12,
           "billions": 1e12},
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6, "billón": 1e12, "billones": 1e12, "docena": 12},
    "nl": {"duizend": 1e3, "miljoen": 1e6, "miljard": 1e9, "biljoen": 1e12, "dozijn": 12},
    "ru": {"тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тысячу": 1e3, "тысячами": 1e3, "миллион": 1e6,
           "миллиона": 1e6, "миллионов": 1e6, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9,
           "дюжина": 12, "дюжину": 12},
}  # fmt: skip
# Abbreviated multipliers written after numerals ("5bn", "1,5 Mio.", "10 тыс.").
_ABBREVIATED = {
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "mrd": 1e9, "mld": 1e9, "mdr": 1e9, "md": 1e9, "mds": 1e9,
    "mio": 1e6, "milj": 1e6, "tsd": 1e3, "тыс": 1e3, "млн": 1e6, "млрд": 1e9,
}  # fmt: skip
# Collective nouns that give an approximate value: "une centaine de", "un centenar de".
_COLLECTIVES = {
    "fr": {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
           "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000},
    "es": {"decena": 10, "veintena": 20, "centenar": 100, "millar": 1000},
    "ru": {"десяток": 10, "сотня": 100, "сотню": 100},
    "sv": {"tiotal": 10, "tjugotal": 20, "trettiotal": 30, "fyrtiotal": 40, "femtiotal": 50, "hundratal": 100,
           "tusental": 1000},
    "nl": {"tiental": 10, "twintigtal": 20, "honderdtal": 100},
}  # fmt: skip
_UNITS = {"en": _EN, "sv": _SV, "de": _DE, "fr": _FR, "es": _ES, "nl": _NL, "ru": _RU}
# Words that are "one" only as an indefinite article.
_WEAK = {
    "en": {"a", "an"}, "sv": {"en", "ett"}, "de": {"ein", "eine", "einen", "einem", "einer", "eines"},
    "fr": {"un", "une"}, "es": {"un", "una"}, "nl": {"een"}, "ru": set(),
}  # fmt: skip
# Connectors between number words: "two hundred and five", "vingt et un", "treinta y cinco".
_CONNECTORS = {"en": "and", "fr": "et", "es": "y"}
# Connectors inside compounds: "fünfundzwanzig", "vijfentwintig", "tweeëntwintig".
_COMPOUND_CONNECTORS = {"de": ("und",), "nl": ("en", "ën")}
_COMPOUNDING = frozenset({"sv", "de", "nl"})
# "half a mile", "en halv kilometer", "einen halben Kilometer", "medio kilómetro", "een halve kilometer".
_HALVES = {
    "en": ("half",), "sv": ("halv", "halvt"), "de": ("halb", "halbe", "halben", "halber"),
    "fr": ("demi", "demie"), "es": ("medio", "media"), "nl": ("halve", "half"), "ru": ("пол",),
}  # fmt: skip
_ONE_AND_A_HALF = {
    "anderthalb": 1.5, "eineinhalb": 1.5, "zweieinhalb": 2.5, "dreieinhalb": 3.5, "halvannan": 1.5,
    "anderhalf": 1.5, "полтора": 1.5, "полторы": 1.5,
}  # fmt: skip
_RANGE_WORDS = {
    "en": (("between", "and"), ("from", "to"), ("", "to"), ("", "or")),
    "sv": (("mellan", "och"), ("från", "till"), ("", "till"), ("", "eller")),
    "de": (("zwischen", "und"), ("von", "bis"), ("", "bis"), ("", "oder")),
    "fr": (("entre", "et"), ("de", "à"), ("", "à"), ("", "ou")),
    "es": (("entre", "y"), ("de", "a"), ("", "a"), ("", "o")),
    "nl": (("tussen", "en"), ("van", "tot"), ("", "tot"), ("", "of")),
    "ru": (("от", "до"), ("", "до"), ("", "или")),
}  # fmt: skip

# A currency sign between range words and a number: "between €8 million and €12 million".
_CURRENCY_TAIL = r"\s*(?:US\$|[$€£¥₽₴])$"
# Verbs of change before "from A to B": two figures, then and now.
_CHANGE_VERB_WORDS = (
    "rose risen increased fell fallen dropped climbed grew jumped went raised cut reduced "
    "ökade steg sjönk minskade höjdes sänktes stieg fiel sank wuchs erhöht gesenkt passé passée augmenté "
    "baissé pasó subió bajó aumentó creció steeg daalde groeide выросла вырос снизилась снизился"
)
_CHANGE_VERBS = frozenset(_CHANGE_VERB_WORDS.split())


@cache
def _lexicon(lang: str) -> dict[str, tuple[str, float]]:
    """Every number morpheme of ``lang`` with its kind."""
    lex: dict[str, tuple[str, float]] = {w: ("n", float(v)) for w, v in _UNITS.get(lang, {}).items()}
    lex.update({w: ("h", 100.0) for w in _HUNDREDS.get(lang, ())})
    lex.update({w: ("m", v) for w, v in _MULTIPLIERS.get(lang, {}).items()})
    lex.update({w: ("c", 0.0) for w in _COMPOUND_CONNECTORS.get(lang, ())})
    return lex


def _decompose(word: str, lang: str) -> list[tuple[str, float]] | None:
    """Split a (compound) number word into morphemes, or None if it is not one entirely."""
    lex = _lexicon(lang)
    if word in lex:
        return [lex[word]] if lex[word][0] != "c" else None
    if "-" in word:
        # Hyphenated forms: "twenty-five", "dix-sept", "quatre-vingt-dix".
        word = word.replace("quatre-vingts", "quatre_vingts").replace("quatre-vingt", "quatre_vingt")
        out: list[tuple[str, float]] = []
        for part in word.split("-"):
            part = part.replace("_", "-")
            if part == _CONNECTORS.get(lang):
                continue
            sub = _decompose(part, lang)
            if sub is None:
                return None
            out.extend(sub)
        return out
    if lang not in _COMPOUNDING:
        return None
    return _split_compound(word, lex)


def _split_compound(word: str, lex: dict[str, tuple[str, float]]) -> list[tuple[str, float]] | None:
    """Longest-first decomposition; connectors may only stand between two morphemes."""
    if not word:
        return []
    for size in range(min(len(word), 12), 1, -1):
        head = word[:size]
        if head not in lex:
            continue
        rest = _split_compound(word[size:], lex)
        if rest is None:
            continue
        kind = lex[head][0]
        if kind == "c" and (not rest or rest[0][0] == "c"):
            continue
        return [lex[head], *rest]
    return None


def value_of_morphemes(parts: list[tuple[str, float]]) -> float | None:
    """One pass over morphemes: additive units, hundreds multiply, large multipliers scale."""
    total, current, last_mult = 0.0, 0.0, 0.0
    seen = False
    for kind, value in parts:
        if kind == "c":
            continue
        seen = True
        if kind == "n":
            current += value
        elif kind == "h":
            current = max(current, 1.0) * 100.0
        elif kind == "m":
            if total and value > last_mult:
                total = (total + current) * value
            else:
                total += max(current, 1.0) * value
            current, last_mult = 0.0, value
    return total + current if seen else None


# -- scanning -----------------------------------------------------------------


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
    attached = re.match(r"([^\W\d_]+)\.?", text[tok.end :])
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
    before = re.sub(_CURRENCY_TAIL, "", text[: a.start].rstrip())
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
