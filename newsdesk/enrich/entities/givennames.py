"""Given names and their gender, from the dictionary ``gender-guesser`` ships (``nam_dict.txt``).

The dictionary lists ~48,000 given names of many countries, each with a
gender code per line (a name may have several lines: "Andrea" is a woman's
name in Germany and a man's in Italy).  Reading it once here serves both the
name recognisers (is a capitalised word a given name?) and the speaker
resolver (may "she" stand for "Lars Holm"?).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path


@cache
def name_genders() -> dict[str, str | None]:
    """Every case-folded given name -> "f" or "m" where its lines give one gender, else None.

    A line that calls the name unisex in some country ("?") does not outweigh lines that give it one gender ("Ben":
    male, unisex in one country); lines of both genders ("Andrea", "Kim") or only unisex ones make it None.
    """
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    seen: dict[str, set[str]] = {}
    with path.open(encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] in "#=" or len(line) < 30:
                continue
            code = line[:2].strip()  # "M", "1M" (male as a first name), "?M" (mostly male), "?" (unisex), …
            gender = code[-1].lower() if code[-1:] in ("M", "F") else "?"
            for part in line[3:29].strip().replace("+", " ").split():
                seen.setdefault(part.casefold(), set()).add(gender)
    return {name: (g - {"?"}).pop() if len(g - {"?"}) == 1 else None for name, g in seen.items()}


@lru_cache(maxsize=1 << 12)
def gender_of(name: str) -> str | None:
    """The gender of a given name ("Anna" -> "f", "Юрий" -> "m" via transliteration), None when unknown or both."""
    from anyascii import anyascii

    genders = name_genders()
    folded = name.casefold()
    if folded not in genders and not name.isascii():
        folded = anyascii(name).casefold()
    return genders.get(folded)
