"""Dates: normalising metadata dates and finding dates mentioned in text.

Own patterns rather than ``dateparser.search_dates``: measured on the seeds,
search_dates borrows years from nowhere and reads model numbers ("Su-35") as
years.  Month and weekday names come from babel's CLDR data, so every
language babel knows is covered without word lists in the code.

A date without a year is resolved only against a known anchor (the
publication date): "12 May" in a report of 2023-05 is 2023-05-12, "Friday"
in a report of 2023-05-13 is 2023-05-12.  Without an anchor such mentions
are dropped — an unknown date stays unknown, it never becomes today's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT = re.compile(r"\d")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_YEAR_RANGE = range(1900, 2100)
# A Unix time as JSON APIs and exports give it: seconds (9-10 digits, 1973-2286) or milliseconds (12-13 digits).
_EPOCH = re.compile(r"(\d{9,10})(?:\.\d+)?|(\d{12,13})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20230520
# 2023/05/20, or 20/05/2023 and 05/20/2023 where the day is over 12 (otherwise the order is anyone's guess)
_SLASHED = re.compile(r"(\d{1,4})/(\d{1,2})/(\d{1,4})(?:[T ,].*)?")
MAX_DATELINE_WORDS = 12
MAX_DATELINE_EXTRA_WORDS = 3  # "Published", "Updated on", weekday, "kl."
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?|\b(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT)\b", re.I)
_WORDS = re.compile(r"[^\W\d_]+")
FUTURE_SLACK = timedelta(days=7)  # a yearless date this far past the anchor belongs to the previous year


@dataclass(frozen=True)
class _Names:
    months: dict[str, int]
    weekdays: dict[str, int]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    weekday: re.Pattern[str]


def _alternation(names: list[str]) -> str:
    """A regex matching any of ``names``, the longest first, as a prefix tree: "ma(?:y|r(?:ch)?)" ...

    A flat alternation of ~50 month names is tried name by name at every word
    boundary of every paragraph; the tree rejects a word after its first
    letters.  At a branch the longer continuations come first, as in a flat
    alternation sorted longest first.
    """
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = sorted((char for char in node if char), key=lambda char: -_depth(node[char]))
        alternatives = [re.escape(char) + pattern(node[char]) for char in branches]
        if not alternatives:
            return ""
        ends = "" in node
        if len(alternatives) > 1 or ends and len(alternatives[0]) > 1:
            return f"(?:{'|'.join(alternatives)})" + ("?" if ends else "")
        return alternatives[0] + ("?" if ends else "")

    return pattern(tree)


def _depth(node: dict[str, dict]) -> int:
    """Length of the longest name continuing below ``node``."""
    return max((1 + _depth(child) for char, child in node.items() if char), default=0)


@cache
def _names(lang: str | None) -> _Names:
    """Month and weekday names of the language (plus English, the lingua franca of wires)."""
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for code in dict.fromkeys(["en", lang or "en"]):
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=code).items():
                    key = name.casefold().rstrip(".")
                    if len(key) >= 3 and not key.isdigit():
                        months.setdefault(key, number)
        for number, name in get_day_names("wide", locale=code).items():
            weekdays.setdefault(name.casefold(), number)
    month = _alternation(list(months))
    return _Names(
        months=months,
        weekdays=weekdays,
        day_month=re.compile(
            rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th|er|e)?\s+(?:of\s+)?({month})\b\.?(?:,?\s+(\d{{4}})\b)?", re.I
        ),
        month_day=re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?", re.I),
        month_year=re.compile(rf"\b({month})\.?\s+(\d{{4}})\b", re.I),
        weekday=re.compile(rf"\b({_alternation(list(weekdays))})s?\b", re.I),
    )


def normalize_date(value: str | None) -> str | None:
    """ISO form (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) of a metadata date, or None."""
    if not value:
        return None
    value = value.strip()
    found = _ISO.match(value)
    if found:
        year, month, day = (int(part) if part else None for part in found.groups())
        if month is None:
            return f"{year:04d}" if year in _YEAR_RANGE else None
        return _valid(year, month, day)
    epoch = _EPOCH.fullmatch(value)
    if epoch:
        seconds = int(epoch[1]) if epoch[1] else int(epoch[2]) // 1000
        day = datetime.fromtimestamp(seconds, tz=UTC).date()  # the UTC day: a record's time zone is not given
        return day.isoformat() if day.year in _YEAR_RANGE else None
    compact = _COMPACT.fullmatch(value)
    if compact:
        return _valid(*map(int, compact.groups()))
    slashed = _SLASHED.fullmatch(value)
    if slashed:
        return _slashed(*slashed.groups())
    try:
        return parsedate_to_datetime(value).date().isoformat()  # RFC 2822, as in feeds
    except (TypeError, ValueError, IndexError):
        pass
    found = find_dates(value, None, None)
    return found[0][2] if found else None


def _slashed(first: str, second: str, third: str) -> str | None:
    """Year/month/day, or day/month/year and month/day/year where only one reading is a date."""
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:
        return _valid(a, b, c)
    if len(third) != 4 or (a <= 12 and b <= 12):
        return None
    return _valid(c, b, a) if a > 12 else _valid(c, a, b)


def _anchor_date(anchor: str | None) -> date | None:
    """The anchor as a date; a month-precision anchor stands for the month's last day."""
    if not anchor:
        return None
    parts = [int(part) for part in anchor.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - timedelta(days=1)
    return None


def _valid(year: int, month: int, day: int | None) -> str | None:
    if year not in _YEAR_RANGE or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _yearless(month: int, day: int, anchor: date | None) -> str | None:
    if anchor is None:
        return None
    found = _valid(anchor.year, month, day)
    if found and date.fromisoformat(found) > anchor + FUTURE_SLACK:
        found = _valid(anchor.year - 1, month, day)
    return found


def find_dates(text: str, lang: str | None, anchor: str | None) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of the dates mentioned in ``text``, resolved against ``anchor``."""
    names = _names(lang)
    anchor_day = _anchor_date(anchor)
    found: list[tuple[int, int, str]] = []

    def add(match: re.Match[str], iso: str | None) -> None:
        if iso and not any(start < match.end() and match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), iso))

    has_digits = _DIGIT.search(text) is not None  # every pattern but weekdays needs a number
    for match in _ISO_IN_TEXT.finditer(text) if has_digits else ():
        add(match, _valid(int(match[1]), int(match[2]), int(match[3])))
    for match in _DOTTED.finditer(text) if has_digits else ():
        add(match, _valid(int(match[3]), int(match[2]), int(match[1])))
    for match in names.day_month.finditer(text) if has_digits else ():
        day, month = int(match[1]), names.months[match[2].casefold()]
        add(match, _valid(int(match[3]), month, day) if match[3] else _yearless(month, day, anchor_day))
    for match in names.month_day.finditer(text) if has_digits else ():
        month, day = names.months[match[1].casefold()], int(match[2])
        add(match, _valid(int(match[3]), month, day) if match[3] else _yearless(month, day, anchor_day))
    for match in names.month_year.finditer(text) if has_digits else ():
        add(match, _valid(int(match[2]), names.months[match[1].casefold()], None))
    if anchor is not None and anchor.count("-") == 2 and anchor_day is not None:
        for match in names.weekday.finditer(text):
            back = (anchor_day.weekday() - names.weekdays[match[1].casefold()]) % 7
            add(match, (anchor_day - timedelta(days=back)).isoformat())
    return sorted(found)


def yearless_day_months(text: str, lang: str | None) -> frozenset[tuple[int, int]]:
    """(month, day) of the dates ``text`` mentions without a year ("on March 20").

    The same mentions :func:`find_dates` resolves only when given an anchor,
    found in one pass over the two patterns that can lack a year: callers
    that place them against a story's dates need them for every report.
    """
    if _DIGIT.search(text) is None:
        return frozenset()
    names = _names(lang)
    taken = [m.span() for m in _ISO_IN_TEXT.finditer(text) if _valid(int(m[1]), int(m[2]), int(m[3]))]
    taken += [m.span() for m in _DOTTED.finditer(text) if _valid(int(m[3]), int(m[2]), int(m[1]))]
    out: set[tuple[int, int]] = set()
    for pattern, month_group, day_group in ((names.day_month, 2, 1), (names.month_day, 1, 2)):
        for match in pattern.finditer(text):
            month, day = names.months[match[month_group].casefold()], int(match[day_group])
            year = int(match[3]) if match[3] else _LEAP_YEAR
            if not _valid(year, month, day) or any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            if not match[3]:
                out.add((month, day))
    return frozenset(out)


_LEAP_YEAR = 2000  # checks a yearless day exists in some year (29 February included)


def date_line(text: str, lang: str | None) -> str | None:
    """The date of a dateline ("Published 12 May 2023, 10:31"): a full date and at most a few other words."""
    if len(text.split()) > MAX_DATELINE_WORDS:
        return None
    full = [(start, end, iso) for start, end, iso in find_dates(text, lang, None) if iso.count("-") == 2]
    if not full:
        return None
    start, end, iso = full[0]
    rest = _CLOCK.sub(" ", text[:start] + " " + text[end:])
    return iso if len(_WORDS.findall(rest)) <= MAX_DATELINE_EXTRA_WORDS else None
