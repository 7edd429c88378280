"""Number words of the supported languages and how they combine into values.

Split out of :mod:`newsdesk.enrich.figures.numbers`, which keeps the scanning
(:func:`find_numbers`, :class:`NumberMatch`, :func:`parse_numeral`): the
per-language lexicons and tables (units, hundreds, multipliers, abbreviations,
collectives, halves, range and change words) are data that grows with each
language, and compound decomposition ("fünfundzwanzig", "tvåhundra") with the
morpheme valuation works on that data alone.
"""

from __future__ import annotations

from functools import cache

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
