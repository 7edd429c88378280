"""Windowed stages: each window takes its share of the report's items by bisection, not by scanning them all."""

from __future__ import annotations

import gc
import time

import pytest

from newsdesk.enrich.windows import WINDOW, in_windows
from newsdesk.model import Mention, Paragraph, Report, Sentence

SENTENCE = "The river rose again near Arden and the mayor said more help was on its way. "


def _report(chars: int, paragraph_chars: int | None) -> Report:
    """A report of about ``chars`` characters, with its sentences and a mention in each (no models needed)."""
    per_paragraph = max(1, (paragraph_chars or chars) // len(SENTENCE))
    count = max(1, chars // (len(SENTENCE) * per_paragraph))
    text = SENTENCE * per_paragraph
    report = Report(id="w", source="w.txt", content_hash="h", raw="")
    report.paragraphs = [Paragraph(i, text.rstrip()) for i in range(count)]
    for p in report.paragraphs:
        for k in range(per_paragraph):
            start = k * len(SENTENCE)
            end = start + len(SENTENCE) - 1
            report.sentences.append(Sentence(p.index, start, end, p.text[start:end]))
            report.mentions.append(Mention(p.index, start + 26, start + 31, "Arden", "place"))
    return report


def _mentions_seen(report: Report) -> list[Mention]:
    return list(report.mentions)


@pytest.mark.parametrize("paragraph_chars", [2_000, None], ids=["paragraphs", "one-paragraph"])
def test_windows_hand_each_item_to_one_window_at_its_report_address(paragraph_chars: int | None):
    report = _report(4 * WINDOW, paragraph_chars)
    seen = in_windows(report, _mentions_seen)
    assert seen == report.mentions  # every mention once, moved back to its paragraph and offsets


@pytest.mark.parametrize("paragraph_chars", [2_000, None], ids=["paragraphs", "one-paragraph"])
def test_splitting_a_report_into_windows_is_linear_in_its_length(paragraph_chars: int | None):
    """Four times the text takes about four times as long (scanning every item per window: sixteen times)."""

    def cost(chars: int) -> float:
        report = _report(chars, paragraph_chars)
        gc.collect()
        gc.disable()  # a full collection of the test process's heap would land in one run and not the other
        try:
            started = time.process_time()
            in_windows(report, lambda r: [])
            return time.process_time() - started
        finally:
            gc.enable()

    small = min(cost(1_000_000) for _ in range(2))
    large = min(cost(4_000_000) for _ in range(2))
    assert large < 9 * max(small, 0.02), (small, large)
