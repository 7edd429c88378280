"""Word lists that tell names from ordinary capitalised words, per language.

Without a multilingual NER model, a capitalised word is a name only when
something vouches for it: a title before it ("ministern", "Herr", "President"),
a known given name as its first part, or an organisation head word ("Group",
"Ministry", "-gruppen").  Stopwords, month and weekday names are never names.
Lists are generic (no names from any corpus); given names come from the
``gender-guesser`` dictionary (~45,000 names from many countries).
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale

from newsdesk.enrich.entities.givennames import name_genders

# Titles and roles that introduce a person's name, lower-cased.  Compounds are
# covered by suffixes ("försvarsminister", "Verteidigungsministerin").
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "lord",
        "lady",
        "dame",
        "mx",
        "president",
        "vice-president",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "general",
        "colonel",
        "lieutenant",
        "major",
        "captain",
        "commander",
        "admiral",
        "marshal",
        "sergeant",
        "chief",
        "leader",
        "head",
        "governor",
        "mayor",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "ambassador",
        "envoy",
        "judge",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cardinal",
        "bishop",
        "ceo",
        "chairman",
        "chairwoman",
        "chair",
        "founder",
        "owner",
        "director",
        "deputy",
        "boss",
        "analyst",
        "economist",
        "professor",
        "colleague",
        "justice",
        "presidenten",
        "ministern",
        "statsminister",
        "premiärminister",
        "talesperson",
        "talespersonen",
        "talesman",
        "talesmannen",
        "ledare",
        "ledaren",
        "chef",
        "chefen",
        "generalen",
        "överste",
        "översten",
        "befälhavare",
        "befälhavaren",
        "borgmästare",
        "borgmästaren",
        "kung",
        "kungen",
        "drottning",
        "drottningen",
        "herr",
        "fru",
        "grundare",
        "grundaren",
        "ägare",
        "ägaren",
        "vd",
        "ordförande",
        "ordföranden",
        "präsident",
        "präsidentin",
        "kanzler",
        "kanzlerin",
        "ministerin",
        "sprecher",
        "sprecherin",
        "chefin",
        "anführer",
        "gründer",
        "frau",
        "bürgermeister",
        "bürgermeisterin",
        "botschafter",
        "premier",
        "woordvoerder",
        "leider",
        "leidster",
        "baas",
        "generaal",
        "heer",
        "mevrouw",
        "burgemeester",
        "oprichter",
        "eigenaar",
        "président",
        "présidente",
        "ministre",
        "porte-parole",
        "général",
        "maire",
        "dirigeant",
        "fondateur",
        "m",
        "mme",
        "presidente",
        "ministro",
        "ministra",
        "portavoz",
        "portavoce",
        "líder",
        "jefe",
        "señor",
        "señora",
        "sr",
        "sra",
        "capo",
        "sindaco",
        "signor",
        "prezydent",
        "rzecznik",
        "generał",
        "pan",
        "pani",
        "президент",
        "премьер",
        "министр",
        "глава",
        "спикер",
        "представитель",
        "представительница",
        "генерал",
        "командир",
        "командующий",
        "лидер",
        "губернатор",
        "мэр",
        "господин",
        "госпожа",
        "председатель",
        "директор",
        "руководитель",
        "пресс-секретарь",
        "президента",
        "міністр",
        "речник",
        "голова",
        "керівник",
        "пан",
        "пані",
    ]
)
_TITLE_SUFFIXES = (
    "minister",
    "ministern",
    "ministerin",
    "ministre",
    "ministro",
    "ledare",
    "ledaren",
    "chef",
    "chefen",
    "chefin",
    "sprecher",
    "sprecherin",
    "woordvoerder",
    "president",
    "presidenten",
    "präsident",
    "talesperson",
    "befälhavare",
    "kommandeur",
    "министр",
    "міністр",
)

# Head words that make a capitalised phrase an organisation.
ORG_HEADS = frozenset(
    [
        "group",
        "ministry",
        "department",
        "institute",
        "institution",
        "university",
        "college",
        "council",
        "committee",
        "agency",
        "office",
        "bureau",
        "army",
        "navy",
        "force",
        "forces",
        "guard",
        "party",
        "union",
        "federation",
        "association",
        "foundation",
        "company",
        "corporation",
        "bank",
        "fund",
        "commission",
        "court",
        "parliament",
        "assembly",
        "senate",
        "congress",
        "police",
        "service",
        "services",
        "network",
        "news",
        "press",
        "times",
        "post",
        "organisation",
        "organization",
        "alliance",
        "coalition",
        "front",
        "movement",
        "brigade",
        "battalion",
        "regiment",
        "command",
        "centre",
        "center",
        "gruppen",
        "gruppe",
        "groep",
        "departementet",
        "ministeriet",
        "institutet",
        "universitetet",
        "partiet",
        "förbundet",
        "ministerium",
        "institut",
        "universität",
        "partei",
        "verband",
        "regierung",
        "ministerie",
        "instituut",
        "universiteit",
        "partij",
        "ministère",
        "institut",
        "université",
        "parti",
        "ministerio",
        "instituto",
        "universidad",
        "partido",
        "ministero",
        "istituto",
    ]
)
# Suffixes of one-word compounds that name an organisation ("Falcongruppen", "Außenministerium").
ORG_SUFFIXES = ("gruppen", "gruppens", "grupens", "gruppe", "groep", "ministeriet", "ministerium", "partiet", "partei")
# Generic words around an organisation's distinctive name; dropped when comparing names.
ORG_GENERIC = frozenset(
    [
        "the",
        "group",
        "gruppen",
        "gruppens",
        "grupens",
        "gruppe",
        "groep",
        "pmc",
        "inc",
        "ltd",
        "llc",
        "plc",
        "co",
        "corp",
        "gmbh",
        "ab",
        "sa",
        "ag",
    ]
)

# Lower-case words that may sit inside a name ("Ludwig van Beethoven", "Institute for the Study of War").
NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "le",
        "la",
        "al",
        "bin",
        "ibn",
        "ter",
        "ten",
        "af",
    ]
)
ORG_CONNECTORS = frozenset(["of", "for", "the", "on", "de", "du", "des", "für", "der", "van", "voor", "för"])

# Articles: a capitalised word right after one is a noun or a title ("eine Art ...", "les Young Boys"), not a first name.
ARTICLES = frozenset(
    {
        *("the", "a", "an", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem"),
        *("eines", "le", "la", "les", "un", "une", "du", "el", "los", "las", "il", "lo", "gli", "het", "een"),
        *("en", "ett", "det"),
    }
)

# Languages that capitalise every noun, where a lone capitalised word that is also a small town's name
# ("Wetter", "Norden", "Boden") counts as the town only after a preposition of place or a word like "Kanton".
NOUN_CAPITALISING: dict[str, frozenset[str]] = {
    "de": frozenset(
        {"in", "aus", "nach", "bei", "von", "nahe", "um", "bis", "ab", "zwischen"}  # not "im" = in dem
        | {"Kanton", "Stadt", "Gemeinde", "Region", "Provinz", "Bezirk", "Bundesland", "Hauptstadt", "Großraum"}
    ),
    "lb": frozenset({"an", "aus", "no", "bei", "vun", "bis"}),
}

_SPACY_STOPWORD_LANGS = frozenset(
    ["en", "sv", "da", "nb", "fi", "de", "nl", "fr", "es", "it", "pt", "pl", "cs", "ru", "uk"]
)


def is_title(word: str) -> bool:
    """True for a title or role word ("President", "försvarsministern", "M.")."""
    w = word.casefold().rstrip(".")
    return w in _TITLES or (len(w) > 6 and w.endswith(_TITLE_SUFFIXES))


def _spacy_stop_words(code: str) -> set[str]:
    """spaCy's stop list for ``code``, read without importing ``spacy.lang.<code>``.

    Importing the language package compiles its tokenizer exceptions, which
    takes ~20 s for French; the stop list is a plain module beside it.
    """
    spec = importlib.util.find_spec("spacy")  # locates the package without importing it
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / code / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_newsdesk_stop_words_{code}", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Function words of ``lang`` plus English ones (English phrases turn up everywhere), lower-cased."""
    words: set[str] = set()
    for code in {"en", lang or "en"}:
        if code not in _SPACY_STOPWORD_LANGS:
            continue
        words |= {w.casefold() for w in _spacy_stop_words(code)}
    return frozenset(words) | calendar_words()


@cache
def calendar_words() -> frozenset[str]:
    """Month and weekday names in the languages we read: capitalised in English, never names."""
    words: set[str] = set()
    for code in ("en", "sv", "da", "nb", "de", "nl", "fr", "es", "it", "pt", "pl"):
        loc = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                words |= {m.casefold().rstrip(".") for m in loc.months[context][width].values()}
                words |= {d.casefold().rstrip(".") for d in loc.days[context][width].values()}
    return frozenset(w for w in words if len(w) >= 3)


# Languages whose calendar words end a speaker phrase ("a indiqué la préfecture dimanche soir").
_TIME_LANGS = ("en", "sv", "da", "nb", "de", "nl", "fr", "es", "it", "pt", "pl", "ru", "uk")


@cache
def time_words() -> frozenset[str]:
    """Words that name a day, a month, a part of the day or a day relative to today, written in full.

    From CLDR (babel), so every language has the same vocabulary: "dimanche",
    "soir", "kväll", "вчера", "yesterday", "Abend".  Abbreviations ("sat",
    "mar", "wed") are left out: they are words of their own elsewhere.
    """
    words: set[str] = set()
    for code in _TIME_LANGS:
        loc = Locale.parse(code)
        names = [*loc.days["format"]["wide"].values(), *loc.days["stand-alone"]["wide"].values()]
        names += [*loc.months["format"]["wide"].values(), *loc.months["stand-alone"]["wide"].values()]
        names += [*loc.day_periods["stand-alone"]["wide"].values(), *loc.day_periods["format"]["wide"].values()]
        relative = loc._data["date_fields"]["day"]["relative"]
        names += [relative[offset] for offset in (-2, -1, 0, 1, 2) if offset in relative]
        last = (name.split()[-1].casefold() for name in names)  # "du soir", "i går", "pasado mañana"
        words |= {w for w in last if w.isalpha() and len(w) >= 3}
    return frozenset(words)


@cache
def all_given_names() -> frozenset[str]:
    """Case-folded given names from the gender-guesser dictionary, minus calendar words, titles and particles."""
    names = name_genders()
    return frozenset(n for n in names if len(n) >= 2) - calendar_words() - _TITLES - NAME_PARTICLES


@cache
def given_names() -> frozenset[str]:
    """Given names that are not also English function words ("Will", "Per"): safe at a sentence start."""
    return all_given_names() - stopwords("en")


@lru_cache(maxsize=1 << 15)
def is_given_name(word: str, initial: bool = True) -> bool:
    """True for a known given name in any script ("Anna", "Анна", "Юрий" via transliteration).

    Inside a sentence (``initial=False``) a capitalised "Per" or "Will" is a
    name, not the function word, so the full list applies there.  Cached:
    the recognisers ask about the same words over and over.
    """
    from anyascii import anyascii

    names = given_names() if initial or not word[:1].isupper() else all_given_names()
    return word.casefold() in names or (not word.isascii() and anyascii(word).casefold() in names)
