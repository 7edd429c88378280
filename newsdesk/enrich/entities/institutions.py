"""State institutions named by description, in any language, with one key per country and institution.

News rarely names a ministry by its proper name: Swedish writes "det brittiska
försvarsdepartementet" or "Storbritanniens försvarsdepartement", English "the
British Ministry of Defence" or "Paris's Defence Ministry", French "le
ministère russe de la Défense", Russian "Минобороны России".  Each is the same
institution of the same country, and quotes from them should meet on one key
("org:ministry-of-defence-gb") whatever the language.  A description is read
as an institution *kind* (word stems per language: "försvarsdepartement",
"verteidigungsministerium", "ministry … defence") and a *country*: a demonym
("brittiska", "britannique", "российского"), a country or capital name in any
spelling the gazetteer knows, in the nominative or genitive ("Storbritanniens",
"Britain's", "России").

Defence intelligence services belong to their defence ministries (the UK's
Defence Intelligence is part of its Ministry of Defence, the US Defense
Intelligence Agency part of its Department of Defense), and news
credits the same intelligence update to either, so "military intelligence"
of a country is read as its defence ministry.

Only the words of the description decide; a description without a country
("the ministry", "departementet") gets its key from coreference with an
earlier full description in the same report (:func:`institutions_in`, used by
the quote stage), never from a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsdesk.enrich.entities import gazetteer
from newsdesk.enrich.entities.names import slug

# Institution kinds: English name, then word-stem sequences in any language.  A stem matches a word that starts
# with it and adds at most four letters (inflection, Swedish and German definite endings, genitives).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "defence": (
        "Ministry of Defence",
        (
            "ministry of defence",
            "ministry of defense",
            "defence ministry",
            "defense ministry",
            "department of defense",
            "defense department",
            "defence department",
            "military intelligence",
            "defence intelligence",
            "defense intelligence",
            "försvarsdepartement",
            "försvarsministerie",
            "forsvarsministerie",
            "verteidigungsministerium",
            "ministerium der verteidigung",
            "ministère de la défense",
            "ministère des armées",
            "ministerio de defensa",
            "ministerie van defensie",
            "министерство обороны",
            "министерства обороны",
            "минобороны",
            "міністерство оборони",
        ),
    ),
    "foreign": (
        "Ministry of Foreign Affairs",
        (
            "foreign ministry",
            "ministry of foreign affairs",
            "foreign office",
            "utrikesdepartement",
            "utrikesministerie",
            "auswärtige amt",
            "außenministerium",
            "aussenministerium",
            "ministère des affaires étrangères",
            "ministerio de asuntos exteriores",
            "ministerio de relaciones exteriores",
            "ministerie van buitenlandse zaken",
            "министерство иностранных дел",
            "мид",
        ),
    ),
    "interior": (
        "Ministry of the Interior",
        (
            "interior ministry",
            "ministry of the interior",
            "ministry of interior",
            "home office",
            "inrikesdepartement",
            "innenministerium",
            "ministère de l'intérieur",
            "ministerio del interior",
            "ministerie van binnenlandse zaken",
            "министерство внутренних дел",
            "мвд",
        ),
    ),
    "general-staff": (
        "General Staff",
        ("general staff", "generalstab", "generalstaben", "état-major", "estado mayor", "generale staf", "генштаб"),
    ),
}

# Demonyms per country, as stems in en, sv, da/no, de, fr, es, nl, ru, uk (an adjective adds at most four letters).
DEMONYMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "GB": (
        "British",
        ("british", "brittisk", "britisk", "britisch", "britanniqu", "británic", "brits", "британ", "великобритан"),
    ),
    "US": (
        "American",
        ("american", "amerikansk", "amerikanisch", "américain", "estadounidens", "amerikaans", "американск"),
    ),
    "RU": (
        "Russian",
        ("russian", "rysk", "russisk", "russisch", "russe", "rus", "российск", "русск", "російськ", "росси"),
    ),
    "UA": (
        "Ukrainian",
        ("ukrainian", "ukrainsk", "ukrainisch", "ukrainien", "ucranian", "oekraïens", "украинск", "українськ"),
    ),
    "FR": ("French", ("french", "fransk", "französisch", "françai", "frances", "frans", "франц")),
    "DE": ("German", ("german", "tysk", "deutsch", "allemand", "alemán", "aleman", "duits", "немецк", "германск")),
    "CN": ("Chinese", ("chinese", "kinesisk", "chinesisch", "chinois", "chin", "китайск")),
    "IL": ("Israeli", ("israeli", "israelisk", "israelisch", "israélien", "israelí", "israëlisch", "израильск")),
    "IR": ("Iranian", ("iranian", "iransk", "iranisch", "iranien", "iraní", "irani", "iraans", "иранск")),
    "PL": ("Polish", ("polish", "polsk", "polnisch", "polonais", "polac", "pools", "польск")),
    "TR": ("Turkish", ("turkish", "turkisk", "tyrkisk", "türkisch", "turc", "turqu", "turc", "turks", "турецк")),
    "SE": ("Swedish", ("swedish", "svensk", "schwedisch", "suédois", "suec", "zweeds", "шведск")),
    "BY": (
        "Belarusian",
        ("belarusian", "belarusisk", "vitrysk", "belarussisch", "biélorusse", "bielorrus", "wit-russisch", "белорусск"),
    ),
    "IT": ("Italian", ("italian", "italiensk", "italienisch", "italien", "italian", "italiaans", "итальянск")),
    "ES": ("Spanish", ("spanish", "spansk", "spanisch", "espagnol", "español", "spaans", "испанск")),
    "NL": (
        "Dutch",
        ("dutch", "nederländsk", "niederländisch", "néerlandais", "neerlandés", "nederlands", "нидерландск"),
    ),
    "JP": ("Japanese", ("japanese", "japansk", "japanisch", "japonais", "japonés", "japans", "японск")),
    "IN": ("Indian", ("indian", "indisk", "indisch", "indien", "indio", "indiase", "индийск")),
}
# Head words that refer back to an institution named before ("the ministry", "departementet").
GENERIC_HEADS = (
    "ministry",
    "department",
    "departement",
    "ministeri",
    "ministère",
    "ministerio",
    "ministerie",
    "министерств",
    "міністерств",
)
_MAX_INFLECTION = 4
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BOUNDARY = re.compile(r"[,;:.!?()\[\]\"“”«»„]")
_GENITIVE = ("’s", "'s", "s", "es", "а", "и", "ы")
_WINDOW = 3  # words around an institution's name where its country may be written


@dataclass(frozen=True)
class Institution:
    """A state institution of one country: ("defence", "GB") is the British Ministry of Defence."""

    kind: str
    country: str

    @property
    def key(self) -> str:
        return f"org:{slug(KINDS[self.kind][0])}-{self.country.lower()}"

    @property
    def name(self) -> str:
        adjective = DEMONYMS[self.country][0] if self.country in DEMONYMS else self.country
        return f"{adjective} {KINDS[self.kind][0]}"


def _stem_match(word: str, stem: str) -> bool:
    return word.startswith(stem) and len(word) - len(stem) <= _MAX_INFLECTION


@cache
def _kind_patterns() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """(kind, stems) by the first three letters of their first stem, longest first within each.

    A word is compared only with the names that can start with it, so scanning
    a report costs one dict lookup per word.
    """
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind, (_, pats) in KINDS.items():
        for p in pats:
            stems = tuple(p.split())
            out.setdefault(stems[0][:3], []).append((kind, stems))
    return {k: tuple(sorted(v, key=lambda kp: -len(kp[1]))) for k, v in out.items()}


def _kinds_at(words: list[str]) -> list[tuple[str, int, int]]:
    """Every institution name in ``words`` (lower case): (kind, first word, one past the last).

    One word may stand between a name's first two words ("le ministère russe de
    la Défense", "el Ministerio ruso de Defensa").
    """
    found = []
    patterns = _kind_patterns()
    i = 0
    while i < len(words):
        for kind, stems in patterns.get(words[i][:3], ()):
            end = _match(words, i, stems)
            if end is not None:
                found.append((kind, i, end))
                i = end - 1
                break
        i += 1
    return found


def _match(words: list[str], i: int, stems: tuple[str, ...]) -> int | None:
    """One past the last word of ``stems`` matched from ``words[i]``, or None."""
    if not _stem_match(words[i], stems[0]):
        return None
    for gap in (0, 1) if len(stems) > 1 else (0,):
        k = i + 1 + gap
        end = k + len(stems) - 1
        if end <= len(words) and all(_stem_match(w, s) for w, s in zip(words[k:end], stems[1:], strict=True)):
            return end
    return None


def country_of_word(word: str) -> str | None:
    """The country a word names or describes: a demonym, a country or capital in any spelling, or their genitive."""
    low = word.lower()
    for code, (_, stems) in DEMONYMS.items():
        if any(_stem_match(low, s) for s in stems):
            return code
    for form in (word, *(word[: -len(g)] for g in _GENITIVE if word.endswith(g) and len(word) > len(g) + 2)):
        if form[:1].isupper() or not form[:1].isalpha():
            place = gazetteer.lookup(form)
            if place is not None and (place.kind == "country" or place.population >= 1_000_000):
                return place.country
    return None


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def institutions_in(text: str) -> list[tuple[int, int, str, str | None]]:
    """Institution names in ``text``: (start, end, kind, country or None), the country read from nearby words.

    Nearby is up to three words either side within the same clause ("det
    brittiska försvarsdepartementet", "Ministry of Defence of France",
    "Минобороны России"); the nearest country word wins.
    """
    out = []
    for clause in _clauses(text):
        words = _words(clause[2])
        lows = [w.lower() for w, _, _ in words]
        for kind, i, j in _kinds_at(lows):
            country = None
            near = sorted(
                range(max(0, i - _WINDOW), min(len(words), j + _WINDOW)), key=lambda k: min(abs(k - i), abs(k - j + 1))
            )
            for k in near:
                country = country_of_word(words[k][0])
                if country is not None:
                    break
            out.append((clause[0] + words[i][1], clause[0] + words[j - 1][2], kind, country))
    return out


def _clauses(text: str) -> list[tuple[int, int, str]]:
    """``text`` cut at punctuation, with offsets: a country word across a comma describes something else."""
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        out.append((start, m.start(), text[start : m.start()]))
        start = m.end()
    out.append((start, len(text), text[start:]))
    return out


def institution(phrase: str) -> Institution | None:
    """The institution a description names when it also names the country ("the British Military Intelligence")."""
    found = {(kind, country) for _, _, kind, country in institutions_in(phrase)}
    if len(found) != 1:
        return None
    kind, country = found.pop()
    return Institution(kind, country) if country is not None else None


def kind_of(phrase: str) -> str | None:
    """The institution kind a description names, with or without its country ("the Defence Ministry")."""
    kinds = {kind for kind, _, _ in _kinds_at([w.lower() for w, _, _ in _words(phrase)])}
    return kinds.pop() if len(kinds) == 1 else None


def generic_head(phrase: str) -> bool:
    """Whether a description is just an institution's head word with an article ("the ministry", "departementet")."""
    words = [w.lower() for w, _, _ in _words(phrase)]
    content = [w for w in words if len(w) > 3]
    return len(content) == 1 and any(_stem_match(content[0], h) for h in GENERIC_HEADS)
