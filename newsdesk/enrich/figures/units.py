"""Units of measure as news reports write them, in several languages.

Surface forms ("kilometres", "kvadratkilometer", "Meilen", "км", "$") map to a
canonical unit and its dimension; conversion to the dimension's base unit
(km, km2, t, day) uses factors computed by ``pint`` from the unit expressions
below (the tests recompute every one of them with pint: none is hand-typed).
They are written out because building pint's registry costs ~0.6 s CPU in
every worker process, for two dozen constants.
Money keeps its currency (no exchange rates: a figure's value must not drift
with the day it was read), percent stays percent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# canonical unit -> (dimension, pint expression of one unit)
UNITS: dict[str, tuple[str, str]] = {
    "km": ("length", "km"), "m": ("length", "m"), "cm": ("length", "cm"), "mi": ("length", "mile"),
    "mil": ("length", "10 * km"), "yard": ("length", "yard"), "ft": ("length", "foot"),
    "nmi": ("length", "nautical_mile"),
    "km2": ("area", "km**2"), "m2": ("area", "m**2"), "mi2": ("area", "mile**2"), "ha": ("area", "hectare"),
    "acre": ("area", "acre"),
    "m3": ("volume", "m**3"), "l": ("volume", "liter"), "bbl": ("volume", "oil_barrel"),
    "t": ("mass", "tonne"), "kg": ("mass", "kg"),
    "hour": ("duration", "hour"), "day": ("duration", "day"), "week": ("duration", "week"),
    "month": ("duration", "month"), "year": ("duration", "year"),
    "degC": ("temperature", ""), "%": ("percent", ""), "pp": ("percent", ""),
}  # fmt: skip
BASE = {"length": "km", "area": "km**2", "volume": "m**3", "mass": "tonne", "duration": "day"}
# How many base units one unit is, for the units of a dimension in BASE: pint's results exactly, float
# rounding included (l, bbl), so that figures keep the values they had when pint computed them here.
FACTORS: dict[str, float] = {
    "km": 1.0, "m": 0.001, "cm": 1e-05, "mi": 1.609344, "mil": 10.0, "yard": 0.0009144, "ft": 0.0003048,
    "nmi": 1.852,
    "km2": 1.0, "m2": 1e-06, "mi2": 2.589988110336, "ha": 0.01, "acre": 0.004046872609874251,
    "m3": 1.0, "l": 0.0010000000000000002, "bbl": 0.15898729492799996,
    "t": 1.0, "kg": 0.001,
    "hour": 0.041666666666666664, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25,
}  # fmt: skip
CURRENCIES = frozenset(["USD", "EUR", "GBP", "SEK", "NOK", "DKK", "RUB", "UAH", "CHF", "JPY", "CNY", "PLN"])

# Surface forms after a number.  Keys are case-folded; "*" applies to every language.
_AFTER: dict[str, dict[str, str]] = {
    "*": {
        "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
        "kilometern": "km", "kilomètre": "km", "kilomètres": "km", "kilómetro": "km", "kilómetros": "km",
        "километр": "km", "километра": "km", "километров": "km", "километрах": "km", "километре": "km",
        "километрами": "km", "км": "km",
        "m": "m", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "metern": "m", "mètre": "m",
        "mètres": "m", "metro": "m", "metros": "m", "метр": "m", "метра": "m", "метров": "m", "метрах": "m", "метрами": "m", "м": "m",
        "cm": "cm", "mile": "mi", "miles": "mi", "meile": "mi", "meilen": "mi", "mijl": "mi",
        "mijlen": "mi", "миль": "mi", "мили": "mi", "миля": "mi", "милях": "mi", "yard": "yard", "yards": "yard",
        "feet": "ft", "foot": "ft", "ft": "ft", "nautical miles": "nmi",
        "km2": "km2", "km²": "km2", "sq km": "km2", "square kilometres": "km2", "square kilometers": "km2",
        "square kilometre": "km2", "square kilometer": "km2", "kvadratkilometer": "km2",
        "quadratkilometer": "km2", "quadratkilometern": "km2", "kilomètres carrés": "km2",
        "km carrés": "km2", "kilómetros cuadrados": "km2", "vierkante kilometer": "km2",
        "квадратных километров": "km2", "кв. км": "km2", "кв км": "km2",
        "m2": "m2", "m²": "m2", "square metres": "m2", "square meters": "m2", "kvadratmeter": "m2",
        "quadratmeter": "m2", "quadratmetern": "m2", "mètres carrés": "m2", "metros cuadrados": "m2",
        "vierkante meter": "m2", "квадратных метров": "m2",
        "square miles": "mi2", "square mile": "mi2", "sq mi": "mi2",
        "hectare": "ha", "hectares": "ha", "ha": "ha", "hektar": "ha", "hectáreas": "ha", "гектаров": "ha",
        "acre": "acre", "acres": "acre",
        "m3": "m3", "m³": "m3", "cubic metres": "m3", "cubic meters": "m3", "kubikmeter": "m3",
        "kubikmetern": "m3", "mètres cubes": "m3", "metros cúbicos": "m3", "kubieke meter": "m3",
        "кубометров": "m3", "кубических метров": "m3", "litres": "l", "liters": "l", "litre": "l", "liter": "l",
        "litern": "l", "litros": "l", "литров": "l", "barrels": "bbl", "barrels of oil": "bbl",
        "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "tonnen": "t", "toneladas": "t", "тонн": "t",
        "kg": "kg", "kilograms": "kg", "kilogrammes": "kg", "kilogramm": "kg", "кг": "kg",
        "hours": "hour", "hour": "hour", "timmar": "hour", "timme": "hour", "stunden": "hour", "stunde": "hour",
        "heures": "hour", "heure": "hour", "horas": "hour", "hora": "hour", "uur": "hour", "часов": "hour",
        "часа": "hour", "час": "hour",
        "days": "day", "day": "day", "dagar": "day", "dag": "day", "dygn": "day", "tage": "day",
        "tagen": "day", "tag": "day", "jours": "day", "jour": "day", "días": "day", "día": "day", "dagen": "day",
        "дней": "day", "дня": "day", "день": "day",
        "weeks": "week", "week": "week", "veckor": "week", "vecka": "week", "wochen": "week", "woche": "week",
        "semaines": "week", "semaine": "week", "semanas": "week", "semana": "week", "weken": "week",
        "недель": "week", "недели": "week", "неделю": "week",
        "months": "month", "month": "month", "månader": "month", "månad": "month", "monate": "month",
        "monaten": "month", "monat": "month", "mois": "month", "meses": "month", "mes": "month",
        "maanden": "month", "maand": "month", "месяцев": "month", "месяца": "month", "месяц": "month",
        "years": "year", "year": "year", "år": "year", "jahre": "year", "jahren": "year", "jahr": "year",
        "années": "year", "année": "year", "años": "year", "año": "year", "jaar": "year", "jaren": "year",
        "лет": "year", "года": "year", "год": "year",
        "°c": "degC", "° c": "degC", "degrees celsius": "degC", "degrees": "degC", "grader": "degC",
        "grad": "degC", "degrés": "degC", "grados": "degC", "graden": "degC", "градусов": "degC",
        "градуса": "degC",
        "%": "%", "percent": "%", "per cent": "%", "procent": "%", "prozent": "%", "pour cent": "%",
        "por ciento": "%", "процентов": "%", "процента": "%", "процент": "%", "pct": "%",
        "percentage points": "pp", "percentage point": "pp", "procentenheter": "pp", "prozentpunkte": "pp",
        "points de pourcentage": "pp", "puntos porcentuales": "pp", "procentpunten": "pp",
        "usd": "USD", "dollars": "USD", "dollar": "USD", "dólares": "USD", "долларов": "USD", "доллара": "USD",
        "eur": "EUR", "euros": "EUR", "euro": "EUR", "евро": "EUR", "gbp": "GBP", "pounds": "GBP",
        "pund": "GBP", "pfund": "GBP", "libras": "GBP", "livres sterling": "GBP", "sek": "SEK",
        "svenska kronor": "SEK", "nok": "NOK", "norska kronor": "NOK", "dkk": "DKK", "danska kronor": "DKK",
        "rub": "RUB", "rubles": "RUB", "roubles": "RUB", "rubel": "RUB", "rublos": "RUB", "рублей": "RUB",
        "рубля": "RUB", "uah": "UAH", "hryvnias": "UAH", "hryvnia": "UAH", "гривен": "UAH", "chf": "CHF",
        "franken": "CHF", "yen": "JPY", "yuan": "CNY", "pln": "PLN", "zloty": "PLN",
    },
    "sv": {"mil": "mil", "kronor": "SEK", "kr": "SEK", "fat": "bbl"},
    "fr": {"ans": "year", "an": "year"},
}  # fmt: skip
# Money written before the number: "$5", "US$ 5", "€5", "£5", "USD 5".
_BEFORE = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₴": "UAH"}
_BEFORE_RE = re.compile(r"(US\$|[$€£¥₽₴]|\b(?:USD|EUR|GBP|SEK|NOK|DKK|CHF|RUB|UAH))\s?$", re.IGNORECASE)
# Swedish "mkr"/"mdkr": million/billion kronor in one word.
_SCALED_CURRENCY = {"mkr": ("SEK", 1e6), "mdkr": ("SEK", 1e9), "mnkr": ("SEK", 1e6)}


@dataclass(frozen=True)
class UnitMatch:
    unit: str
    dimension: str
    length: int  # characters consumed after the number (including the separating space)
    scale: float = 1.0  # multiplier carried by the unit word ("mkr", "$5m")


@cache
def _after_re(lang: str) -> re.Pattern[str]:
    forms = {**_AFTER["*"], **_AFTER.get(lang, {})}
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"[\s\u00a0\u202f-]?(?:{alts})(?![^\W\d_])", re.IGNORECASE)


@cache
def _forms(lang: str) -> dict[str, str]:
    return {**_AFTER["*"], **_AFTER.get(lang, {})}


def unit_after(text: str, lang: str, *, money_before: bool = False) -> UnitMatch | None:
    """The unit that starts ``text`` (the text right after a number), if any."""
    scaled = re.match(r"[\s\u00a0]?(mdkr|mnkr|mkr)\b", text, re.IGNORECASE)
    if scaled:
        unit, scale = _SCALED_CURRENCY[scaled.group(1).lower()]
        return UnitMatch(unit, "money", scaled.end(), scale)
    if money_before:
        # "$5m", "£3 m": after a currency sign a bare m is millions, not metres.
        m = re.match(r"\s?m(?![^\W\d_])", text)
        if m:
            return UnitMatch("", "money", m.end(), 1e6)
        return None
    m = _after_re(lang).match(text)
    if not m:
        # "1,2 milliard d'euros", "une quarantaine de kilomètres": the unit may follow "de".
        link = re.match(r"\s(?:de\s|d['’])", text)
        linked = unit_after(" " + text[link.end() :], lang) if link else None
        if link and linked:
            return UnitMatch(linked.unit, linked.dimension, link.end() - 1 + linked.length, linked.scale)
        return None
    surface = re.sub(r"\s+", " ", m.group().lstrip(" \u00a0\u202f-")).lower()
    unit = _forms(lang)[surface]
    dimension = "money" if unit in CURRENCIES else UNITS[unit][0]
    return UnitMatch(unit, dimension, m.end())


def currency_before(text: str) -> tuple[str, int] | None:
    """A currency sign or code ending ``text`` (the text before a number): (code, its length)."""
    m = _BEFORE_RE.search(text)
    if not m:
        return None
    token = m.group(1).lower()
    return _BEFORE.get(token, token.upper()), len(m.group())


def to_base(unit: str) -> float:
    """How many of the dimension's base unit one ``unit`` is (1 for money, percent and temperature)."""
    return FACTORS.get(unit, 1.0)
