"""Words in scripts with and without spaces: counts and tokens, and what reads them (copies, briefings, links)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from newsdesk.enrich.quotes.links import link_quotes
from newsdesk.model import Paragraph, Quote, Report, Sentence
from newsdesk.scripts import is_unspaced, word_count, word_tokens
from newsdesk.stories import dedupe
from newsdesk.views.cited import citable_sentences

ZH = "暴雨导致河水上涨两米，沿岸三个村庄的一千多名居民连夜撤离，当地政府已经开放了五个临时安置点。"
ZH_EDITED = "暴雨导致河水上涨两米，沿岸三个村庄的一千多名居民连夜撤离，当地政府目前已经开放了五个临时安置点。"
ZH_OTHER = "市议会周四通过了新的停车收费标准，市中心的收费将从下个月起提高一倍，部分商户表示担忧。"


@pytest.mark.parametrize(
    "text",
    [
        "The river rose two metres overnight.",
        "  Mixed — dashes, “quotes” and 1,000 numbers  ",
        "",
        "Ein Wort",
        "pic.twitter.com/x — •* ・ ✯",  # a katakana middle dot in decoration is no word
    ],
)
def test_spaced_text_reads_as_before(text: str) -> None:
    assert word_count(text) == len(text.split())
    assert word_tokens(text) == re.findall(r"\w+", text)


def test_unspaced_text_counts_a_word_per_two_characters() -> None:
    assert word_count("这是为了安全。") == 3  # six characters, the full stop is no word
    assert word_count("起重机必须更换") == 4  # seven characters round up
    assert word_count("局长 Sun Ping 说：“好。”") == 2 + 1 + 1 + 1  # spaced words, 局长, 说, 好
    assert word_count("住民の生活を守る") == 4


def test_unspaced_text_is_a_token_per_character() -> None:
    assert word_tokens("河水上涨2米 in May") == ["河", "水", "上", "涨", "2", "米", "in", "May"]
    assert is_unspaced("zh-CN") and is_unspaced("ja") and not is_unspaced("ko") and not is_unspaced(None)


def _report(rid: str, text: str, lang: str = "zh") -> Report:
    report = Report(id=rid, source=rid, content_hash=rid, raw=text, lang=lang, paragraphs=[Paragraph(0, text, lang)])
    report.sentences = [Sentence(0, 0, len(text), text)]
    return report


def test_chinese_copies_share_shingles() -> None:
    """A copy with one word added is a near-duplicate; another story is not (as for spaced text)."""
    sig = {k: dedupe.signature(dedupe.words(_report(k, t))) for k, t in (("a", ZH), ("b", ZH_EDITED), ("c", ZH_OTHER))}
    assert len(dedupe.words(_report("a", ZH))) >= dedupe.MIN_WORDS
    assert dedupe.estimated_jaccard(sig["a"], sig["b"]) >= dedupe.NEAR
    assert dedupe.estimated_jaccard(sig["a"], sig["c"]) < 0.1


def test_a_chinese_sentence_can_be_cited() -> None:
    assert [c.text for c in citable_sentences(_report("a", ZH))] == [ZH]
    assert citable_sentences(_report("b", "暴雨。")) == []


def test_chinese_quotes_are_long_enough_to_link() -> None:
    """A statement of fourteen characters is linked to its English version (it was one "word" before)."""
    quotes = [
        ("en", Quote(0, 0, 10, "This is for safety. The cranes must be replaced.", "direct")),
        ("zh", Quote(0, 0, 10, "这是为了安全。起重机必须更换。", "direct")),
    ]
    vectors = np.array([[1.0, 0.0], [0.99, np.sqrt(1 - 0.99**2)]], dtype=np.float32)
    assert [(i, j) for i, j, _ in link_quotes(quotes, vectors)] == [(0, 1)]
