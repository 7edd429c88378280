"""The words around numbers that decide what a figure is, per language.

Qualifiers ("more than", "upp emot", "bis zu"), the contexts that make a number
a name rather than a quantity (months, ordinal suffixes, "day 443", ages), and
the function words that end a counted noun phrase.  Kept apart from the
extraction logic so that adding a language is a change of tables, not code.
"""

from __future__ import annotations

import re

from newsdesk.model import Qualifier


def words(text: str) -> frozenset[str]:
    """A word set from a space-separated string: compact tables, one language per line."""
    return frozenset(text.split())


# Qualifier phrases written before the number, per language (lower case).
QUALIFIERS: dict[str, dict[str, Qualifier]] = {
    "en": {
        "more than": "gt", "over": "gt", "above": "gt", "exceeded": "gt", "exceeds": "gt", "topped": "gt",
        "surpassed": "gt", "estimated at": "approx", "in excess of": "gt", "upwards of": "gt",
        "just over": "gt", "well over": "gt", "at least": "ge", "no fewer than": "ge", "no less than": "ge",
        "a minimum of": "ge", "up to": "le", "as many as": "le", "as much as": "le", "at most": "le",
        "no more than": "le", "a maximum of": "le", "not more than": "le", "around": "approx",
        "about": "approx", "approximately": "approx", "roughly": "approx", "some": "approx",
        "an estimated": "approx", "estimated": "approx", "nearly": "approx", "almost": "approx",
        "close to": "approx", "approx.": "approx", "circa": "approx", "less than": "lt",
        "fewer than": "lt", "under": "lt", "below": "lt", "just under": "lt",
    },
    "sv": {
        "mer än": "gt", "fler än": "gt", "översteg": "gt", "överstiger": "gt", "uppskattas till": "approx", "över": "gt", "drygt": "gt", "minst": "ge", "åtminstone": "ge",
        "upp emot": "le", "uppemot": "le", "upp till": "le", "högst": "le", "som mest": "le", "runt": "approx",
        "omkring": "approx", "cirka": "approx", "ca": "approx", "ca.": "approx", "ungefär": "approx",
        "kring": "approx", "närmare": "approx", "nästan": "approx", "mindre än": "lt", "färre än": "lt",
        "knappt": "lt", "under": "lt",
    },
    "de": {
        "mehr als": "gt", "über": "gt", "übersteigt": "gt", "überstieg": "gt", "geschätzt": "approx", "gut": "gt", "mindestens": "ge", "wenigstens": "ge", "bis zu": "le",
        "höchstens": "le", "maximal": "le", "nicht mehr als": "le", "etwa": "approx", "rund": "approx",
        "circa": "approx", "ca.": "approx", "ungefähr": "approx", "knapp": "lt", "fast": "approx",
        "beinahe": "approx", "nahezu": "approx", "annähernd": "approx", "weniger als": "lt", "unter": "lt",
    },
    "fr": {
        "plus de": "gt", "plus d'": "gt", "dépasse les": "gt", "a dépassé les": "gt", "estimé à": "approx", "au moins": "ge", "au minimum": "ge", "jusqu'à": "le",
        "au plus": "le", "au maximum": "le", "pas plus de": "le", "environ": "approx", "près de": "approx",
        "presque": "approx", "quelque": "approx", "approximativement": "approx", "moins de": "lt",
        "moins d'": "lt",
    },
    "es": {
        "más de": "gt", "supera los": "gt", "superó los": "gt", "supera las": "gt", "estimado en": "approx", "al menos": "ge", "por lo menos": "ge", "como mínimo": "ge", "hasta": "le",
        "como máximo": "le", "no más de": "le", "alrededor de": "approx", "unos": "approx", "unas": "approx",
        "cerca de": "approx", "aproximadamente": "approx", "casi": "approx", "menos de": "lt",
    },
    "nl": {
        "meer dan": "gt", "ruim": "gt", "zeker": "ge", "geschat op": "approx", "ten minste": "ge", "minstens": "ge", "tenminste": "ge", "tot": "le",
        "maximaal": "le", "hooguit": "le", "ongeveer": "approx", "rond": "approx", "circa": "approx",
        "zo'n": "approx", "bijna": "approx", "minder dan": "lt",
    },
    "ru": {
        "более": "gt", "превысил": "gt", "превысила": "gt", "превысило": "gt", "превышает": "gt",
        "оценивается в": "approx", "больше": "gt", "свыше": "gt", "не менее": "ge", "по меньшей мере": "ge",
        "как минимум": "ge", "до": "le", "не более": "le", "около": "approx", "примерно": "approx",
        "порядка": "approx", "почти": "approx", "менее": "lt", "меньше": "lt",
    },
}  # fmt: skip
# Qualifiers that are also time prepositions: "under 2023", "über 1990", "до 2025" name a year.
TIME_PREPOSITIONS = r"(?<!\w)(?:under|över|over|unter|über|tot|до|hasta|kring|around|up to|bis zu)\s*$"
# Fractions are shares, not figures: "two thirds", "zwei Drittel", "deux tiers".
FRACTIONS = words(
    "third thirds quarter quarters fifth fifths tenth tenths tredjedel tredjedelar fjärdedel fjärdedelar "
    "drittel viertel fünftel tiers quart quarts cinquième tercio tercios cuarto cuartos quinto derde "
    "derden kwart vijfde треть трети четверть четверти"
)
# "dos horas y media", "deux heures et demie", "two and a half hours" is read by the number parser.
AND_A_HALF = re.compile(
    r"^\s(?:y|et|och|und|en|и)\s(?:media|medio|demie?|en\shalv|eine?\shalbe|half|половиной)\b", re.IGNORECASE
)
# A minus sign or word before a temperature or a change: "minus 20 degrees", "-3 %".
MINUS = re.compile(r"(?:(?<!\w)(?:minus|moins|menos|минус)\s|(?:^|\s)[-−])$", re.IGNORECASE)
VERB_SECOND = frozenset({"sv", "de", "nl", "da", "no", "nb", "nn", "is"})
# A preposition that may stand between qualifier and number: "примерно на два километра".
QUALIFIER_GAP = {"ru": r"(?:(?:на|в)\s+)?"}
# Written after the number: "1,000 or more", "500 eller fler", "1000 oder mehr".
POST_QUALIFIERS = re.compile(
    r"^\s*(?:(or more|eller fler|eller mer|oder mehr|ou plus|o más|of meer|или более)|(\+|-plus)|or so)(?!\w)",
    re.IGNORECASE,
)
MONTHS = words(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec januari februari mars maj juni juli augusti oktober januar "
    "februar märz mai dezember janvier février avril juin juillet août septembre octobre novembre "
    "décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "maart mei augustus января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
)
MONTH_RE = "|".join(sorted({re.escape(m) for m in MONTHS}, key=len, reverse=True))
MONTH_AFTER = re.compile(rf"^\.?\s+(?:de\s+)?(?:{MONTH_RE})\b", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"\b(?:{MONTH_RE})\.?\s+$", re.IGNORECASE)
ORDINAL_AFTER = re.compile(
    r"^(?:st|nd|rd|th|e|er|re|ème|eme|ste|de|:e|:a|\.?º|\.?ª|-?я|-?й|-?го|-?м|-?е|-?ая|-?ый|-?ий|-?ой)(?![^\W\d_])",
    re.IGNORECASE,
)
# Words after which a number is an index, not a quantity.
INDEX_WORDS = words(
    "day page no no. number nr nr. article route flight room paragraph section chapter episode season "
    "level gate platform resolution highway dag sida nummer artikel tag seite jour numéro chapitre día "
    "página número artículo capítulo pagina день номер статья № # kl kl. klockan"
)
YEAR_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|from|year|år|året|sedan|seit|im|jahr|jahres|en|depuis|année|"
    r"desde|año|sinds|jaar|в|с|до|году|год)|[(–-])\s*$",
    re.IGNORECASE,
)
AGE = re.compile(r"^[-\s](?:year|month|week)s?[-\s]old|^-årig|^-jährig|^-летн", re.IGNORECASE)
# "un homme de 32 ans", "âgée de 70 ans", "una mujer de 40 años": ages, written before the number.
AGE_BEFORE = re.compile(
    r"(?:âgée?s?|homme|femme|garçon|fille|enfant|jeune|adolescente?|hombre|mujer|niñ[oa]|joven|anciano|anciana)"
    r"\s+de\s*$|\baged\s*$",
    re.IGNORECASE,
)
TIME_AFTER = re.compile(r"^\s?(?:a\.?m\.?|p\.?m\.?|uhr)(?!\w)|^[:.]\d\d(?!\d)|^\s?h(?:\s?\d\d)?\b", re.IGNORECASE)
DATE_LIKE = re.compile(r"^[/]\d|^-\d\d-\d\d")
STOP = words(
    "and or but the a an of in on at to for from with by as that which who were was are is have has had "
    "been be will would could can this these those their his her its our your than into over under after "
    "before och eller men i på av till för från med som att har hade är var blev den det de en ett om und "
    "oder aber der die das dem des ein eine im auf von zu für mit als dass hat haben sind ist wurden "
    "wurde waren war bei nach aus et ou mais le la les un une du au aux dans sur pour par avec que qui "
    "ont été sont était y o pero el los las del al con por para han ha fueron son maar het een van op te "
    "voor met dat zijn werden werd и или но в на с по из за что был были"
)
# Languages that write ordinals with a full stop ("die 3. Brigade") and the words that announce one.
ORDINAL_DOT_LANGS = frozenset({"de", "da", "no", "nb", "nn", "fi", "cs", "pl"})
ORDINAL_DOT_BEFORE = re.compile(r"\b(?:der|die|das|den|dem|des|am|im|zum|zur|vom|beim)\s+$", re.IGNORECASE)
