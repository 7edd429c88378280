"""Words in scripts written with spaces and without them.

Chinese and Japanese run their words together, so a text's ``split()`` is one
"word" per clause there: a Chinese sentence of twenty words would be too short
to brief from, a quotation of ten too short to link, and two copies of one
report would share no word shingles.  The helpers here count and cut such text
by its characters instead, and leave text in spaced scripts exactly as
``split()`` and ``\\w+`` read it.
"""

from __future__ import annotations

import re

UNSPACED_LANGS = frozenset({"zh", "ja"})
CHARS_PER_WORD = 2  # a Chinese word is 1-2 characters, mostly two; Japanese words written in kanji much the same
_KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc"  # hiragana, katakana and the long-vowel mark: letters, not the marks
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han, its extension A and compatibility ideographs
_CJK = _KANA + _HAN
_RUN = re.compile(f"[{_CJK}]+")
_WORDLIKE = re.compile(r"\w")
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
KANA = re.compile(f"[{_KANA}]")  # only Japanese writes kana
HAN = re.compile(f"[{_HAN}]")  # Chinese characters, which Japanese writes too


def is_unspaced(lang: str | None) -> bool:
    """Whether ``lang`` ("zh", "ja-JP") is written without spaces between words."""
    return bool(lang) and lang.split("-")[0].lower() in UNSPACED_LANGS  # type: ignore[union-attr]


def word_count(text: str) -> int:
    """Words in ``text``: ``len(text.split())``, with a run of Chinese or Japanese characters counted as one word
    for every CHARS_PER_WORD characters."""
    runs = _RUN.findall(text)
    if not runs:
        return len(text.split())
    spaced = [token for token in _RUN.sub(" ", text).split() if _WORDLIKE.search(token)]  # not the marks left
    return len(spaced) + sum(-(-len(run) // CHARS_PER_WORD) for run in runs)


def unspaced_runs(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has runs of Chinese or Japanese characters: (start, end) offsets."""
    return [m.span() for m in _RUN.finditer(text)]


def word_tokens(text: str) -> list[str]:
    """``\\w+`` tokens, with each Chinese or Japanese character a token of its own."""
    return _TOKEN.findall(text)
