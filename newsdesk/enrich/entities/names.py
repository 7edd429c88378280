"""Entity names in a spelling-independent form, and the rules for when two names are one.

A Swedish report writes "Jurij Kovalenko", an English one "Yuri Kovalenko", a Russian one
"Коваленко".  Names are compared in a *folded* form: transliterated to ASCII
(``anyascii``), lower-cased, with the digraphs that languages use for the same
sound unified (sj/sch → sh, zj → zh, tj/ch/kh → h, j → y, w → v, q → k, oe/ou → u,
non-initial y → i, doubled letters single), then compared with ``rapidfuzz``.

Pure functions of the name alone, with no index or store behind them: resolution
(:mod:`.resolve`), propagation within a story (:mod:`.propagate`), quote
speakers and the story views all compare names with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from newsdesk.enrich.entities import lexicon
from newsdesk.model import EntityType

SURNAME_MIN_RATIO = 85
_DIGRAPHS = (
    ("tsch", "h"),
    ("sch", "sh"),
    ("sj", "sh"),
    ("zj", "zh"),
    ("tj", "h"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("w", "v"),
    ("oe", "u"),
    ("ou", "u"),
    ("j", "y"),
    ("q", "k"),
)
_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=1 << 16)
def fold_token(word: str) -> str:
    """One word in a spelling-independent form: "Kowalenko", "Kovalenko" and "Коваленко" all give "kovalenko"."""
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s[:1] + s[1:].replace("y", "i")
    if s.startswith("ye"):
        s = s[1:]
    return re.sub(r"(.)\1+", r"\1", s)


def fold(name: str) -> str:
    return " ".join(f for f in (fold_token(w) for w in name.split()) if f)


def slug(text: str) -> str:
    """A readable ASCII slug: "Yuri Kovalenko" → "yuri-kovalenko"."""
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-") or "x"


def clean_name(text: str, type_: EntityType) -> str:
    """The surface form kept as a variant: whitespace unified, possessive and leading titles dropped."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split()
    if type_ == "person":
        while len(words) > 1 and lexicon.is_title(words[0]):
            words.pop(0)
    return " ".join(words)


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and " " not in name and all(c.isupper() for c in letters)


def org_words(name: str) -> str:
    """The distinctive words of an organisation name: "the Falcon Group" and "Falcongruppen" give "Falcon"."""
    words = [w for w in name.split() if w.casefold() not in lexicon.ORG_GENERIC]
    if len(words) == 1:
        lowered = words[0].casefold()
        for suffix in sorted(lexicon.ORG_SUFFIXES, key=len, reverse=True):
            if lowered.endswith(suffix) and len(lowered) > len(suffix) + 2:
                return words[0][: -len(suffix)]
    return " ".join(words or name.split())


def org_core(name: str) -> str:
    return fold(org_words(name))


# -- matching rules ---------------------------------------------------------------


def same_surname(a: str, b: str) -> bool:
    """Folded surnames that are one name: equal, or close with the same ending ("Ivanov" ≠ "Ivanova")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[-1] != b[-1] or abs(len(a) - len(b)) > 2:
        return False
    return ratio(a, b) >= SURNAME_MIN_RATIO


def given_compatible(a: str, b: str) -> bool:
    """Folded given names of one person: equal, an initial, or near-equal with the same first and last letter."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a[0] == b[0] and a[-1] == b[-1] and min(len(a), len(b)) >= 4 and ratio(a, b) >= SURNAME_MIN_RATIO
