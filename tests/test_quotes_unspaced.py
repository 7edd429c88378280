"""Quotes in Chinese and Japanese, which write no spaces between words (invented sentences)."""

from __future__ import annotations

import pytest

from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.enrich.quotes.unspaced import find_unspaced, speaker_span
from newsdesk.model import Paragraph, Quote, RawReport, Report
from newsdesk.pipeline import analyse


def report(*paragraphs: str, lang: str = "zh") -> Report:
    pars = [Paragraph(i, text, lang) for i, text in enumerate(paragraphs)]
    return Report(id="t", source="test", content_hash="", raw="", lang=lang, paragraphs=pars)


def said(quotes: list[Quote]) -> list[tuple[str, str | None, str]]:
    return [(q.kind, q.speaker, q.text) for q in quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speaker, verb, colon, quotation; the place of the speech is not the speaker
        (
            "河口镇镇长陈文在周三的会议上说：“桥梁将在六月前修好。”",
            ("direct", "河口镇镇长陈文", "桥梁将在六月前修好。"),
        ),
        # the quotation first, the speaker after it
        ("“我们没有收到任何通知，”渔民协会会长刘强说。", ("direct", "渔民协会会长刘强", "我们没有收到任何通知，")),
        # corner brackets, as Chinese in Hong Kong and Taiwan writes them
        ("交通局发言人表示：「隧道下周重新开放。」", ("direct", "交通局发言人", "隧道下周重新开放。")),
        # reported speech: speaker and verb open the sentence, a comma, then what was said
        ("气象台指出，暴雨将持续到周末。", ("indirect", "气象台", "暴雨将持续到周末")),
        # "according to X"
        ("据当地媒体报道，至少三座房屋被冲毁。", ("indirect", "当地媒体", "至少三座房屋被冲毁")),
    ],
)
def test_chinese_shapes(text: str, expected: tuple[str, str, str]) -> None:
    assert said(find_unspaced(report(text))) == [expected]


def test_japanese_shapes() -> None:
    quotes = find_unspaced(
        report(
            "港湾局の山田花子局長は記者会見で「埠頭は来月再開する」と述べた。",
            "地元紙によると、修理費は約20億円に上る。「予定より早い」と語った。",
            lang="ja",
        )
    )
    assert said(quotes) == [
        ("direct", "港湾局の山田花子局長", "埠頭は来月再開する"),
        ("indirect", "地元紙", "修理費は約20億円に上る"),
        # no subject: the speaker goes on (the last one named)
        ("direct", "地元紙", "予定より早い"),
    ]


def test_a_pronoun_speaks_for_the_last_speaker_named() -> None:
    quotes = find_unspaced(report("水务公司经理赵敏说：“供水已经恢复。”", "她还表示，管道检修将在月底完成。"))
    assert [q.speaker for q in quotes] == ["水务公司经理赵敏", "水务公司经理赵敏"]
    assert quotes[1].speaker_start is not None  # the pronoun's own place is kept as where the speaker stands
    assert quotes[1].paragraph == 1


def test_offsets_point_at_the_words() -> None:
    text = "消防队长李军说：“火势已经得到控制。”"
    (quote,) = find_unspaced(report(text))
    assert text[quote.start : quote.end] == quote.text == "火势已经得到控制。"
    assert text[quote.speaker_start : quote.speaker_end] == "消防队长李军"


def test_chinese_read_by_its_script_whatever_the_detected_language() -> None:
    """A short Chinese text is often detected as Japanese: with no kana, it is read in the Chinese shapes."""
    quotes = find_unspaced(report("气象台指出，暴雨将持续到周末。", lang="ja"))
    assert said(quotes) == [("indirect", "气象台", "暴雨将持续到周末")]


def test_no_speech_no_quotes() -> None:
    assert find_unspaced(report("河水在周二上涨了两米，沿岸道路被淹。", "“绿色”是这座城市的口号。")) == []


def test_a_long_run_before_a_verb_is_no_speaker() -> None:
    """Forty characters before 说 are a clause, not a speaker phrase: no speaker cut out of it, and no quote."""
    assert find_unspaced(report("这" * 40 + "说：“好的。”")) == []
    assert speaker_span("局长孙平在记者会上", 0, 9) == (0, 4)


def test_huge_paragraph_without_punctuation_is_read() -> None:
    """Every shape is a bounded run between marks: a paragraph of 200,000 characters is read, not stuck."""
    text = "水" * 200_000 + "。专家说：“可以。”"
    quotes = find_unspaced(report(text))
    assert said(quotes) == [("direct", "专家", "可以。")]


def test_find_quotes_hands_unspaced_languages_over() -> None:
    assert said(find_quotes(report("气象台指出，暴雨将持续到周末。"))) == [("indirect", "气象台", "暴雨将持续到周末")]


def test_through_the_pipeline() -> None:
    text = "港口管理局周一宣布，三号码头将关闭两周。\n\n局长孙平在记者会上说：“这是为了安全。”"
    r = analyse(RawReport(source="t", text=text, title="三号码头将关闭两周"))
    assert r.lang in ("zh", "ja")
    assert ("direct", "局长孙平", "这是为了安全。") in said(r.quotes)
