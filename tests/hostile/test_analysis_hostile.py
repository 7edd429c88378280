"""Analysis time: linear in a report's length on hostile shapes, and bounded per report by its budget."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newsdesk import pipeline
from newsdesk.enrich.budget import UNLIMITED, Budget, alarm
from newsdesk.extract import extract
from newsdesk.model import RawReport, Report
from newsdesk.pipeline import analyse, ingest
from newsdesk.sources import iter_sources
from newsdesk.store import Store

from .cases import bare_numbers, capitalised_word, many_figures, news_text


@pytest.fixture(scope="module", autouse=True)
def _models_loaded() -> None:
    analyse(RawReport(source="warm.txt", text=news_text(2_000)), budget=UNLIMITED)


def _seconds(raw: RawReport) -> float:
    started = time.process_time()
    analyse(raw, budget=UNLIMITED)
    return time.process_time() - started


def test_one_huge_capitalised_word_takes_well_under_a_second():
    assert _seconds(RawReport(source="word.txt", text=capitalised_word(16_000))) < 1.5  # was 38 s


def test_a_thousand_figures_in_one_sentence_are_read_in_linear_time():
    report = analyse(RawReport(source="figures.txt", text=many_figures(1_000)), budget=UNLIMITED)
    assert len(report.figures) == 1_000
    assert _seconds(RawReport(source="figures.txt", text=many_figures(1_000))) < 10  # was 21 s


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda n: many_figures(n // 15), id="figures-in-one-sentence"),
        pytest.param(lambda n: bare_numbers(n // 6), id="bare-numbers"),
        pytest.param(lambda n: news_text(n), id="news-paragraphs"),
        pytest.param(lambda n: news_text(n).replace("\n\n", " "), id="news-in-one-paragraph"),
        pytest.param(lambda n: capitalised_word(n), id="one-capitalised-word"),
    ],
)
def test_analysis_time_grows_linearly(make):
    """Four times the text takes about four times as long (a quadratic path would take sixteen)."""
    small = min(_seconds(RawReport(source="s.txt", text=make(40_000))) for _ in range(2))
    large = _seconds(RawReport(source="l.txt", text=make(160_000)))
    assert large < 8 * max(small, 0.05), (small, large)


def test_over_the_size_budget_the_full_text_is_kept_and_the_report_flagged():
    text = news_text(60_000)
    full = extract(RawReport(source="long.txt", text=text))
    report = analyse(RawReport(source="long.txt", text=text), budget=Budget(chars=10_000, seconds=None))
    assert report.text == full.text  # every paragraph, whole
    analysed = 0
    for p in report.paragraphs:
        analysed += len(p.text)
        if analysed > 10_000:
            last = p.index
            break
    spans = [*report.sentences, *report.mentions, *report.quotes, *report.figures]
    assert spans and max(s.paragraph for s in spans) <= last
    assert any(s.paragraph == 0 for s in report.figures + report.quotes)
    (flag,) = report.flags
    assert flag.startswith("analysis truncated: the first ")
    assert f"of {sum(len(p.text) for p in full.paragraphs):,} characters" in flag


def test_over_the_time_budget_a_stage_is_cut_short_and_the_report_flagged(monkeypatch: pytest.MonkeyPatch):
    def slow(report: Report) -> list:
        time.sleep(30)
        return []

    monkeypatch.setattr(pipeline, "find_figures", slow)
    started = time.monotonic()
    report = analyse(RawReport(source="slow.txt", text=news_text(3_000)), budget=Budget(chars=None, seconds=1))
    assert time.monotonic() - started < 5
    assert report.figures == [] and report.quotes  # the stages before it kept their results
    assert report.flags == [
        "analysis truncated: over the 1-second budget (NEWSDESK_ANALYSIS_SECONDS) in figures; "
        "what comes after it was not analysed"
    ]


def test_outside_the_main_thread_the_time_budget_is_checked_between_stages(monkeypatch: pytest.MonkeyPatch):
    def slow(report: Report) -> list:
        time.sleep(1.5)
        return []

    monkeypatch.setattr(pipeline, "find_quotes", slow)
    found: list[Report] = []
    raw = RawReport(source="thread.txt", text=news_text(3_000))
    worker = threading.Thread(target=lambda: found.append(analyse(raw, budget=Budget(chars=None, seconds=1))))
    worker.start()
    worker.join(timeout=30)
    (report,) = found
    assert report.figures == []  # the stage after the slow one was skipped
    assert report.flags and "in figures" in report.flags[0]


def test_an_outer_timer_still_fires_inside_the_budget_alarm():
    import signal

    class Outer(Exception):
        pass

    def outer(signum: int, frame: object) -> None:
        raise Outer

    previous = signal.signal(signal.SIGALRM, outer)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(Outer), alarm(5):
            time.sleep(2)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_ingest_stores_an_over_budget_report_whole_and_the_batch_goes_on(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NEWSDESK_ANALYSIS_CHARS", "20000")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-short.txt").write_text(news_text(2_000, seed=1), encoding="utf-8")
    (folder / "b-huge.txt").write_text(news_text(200_000, seed=2), encoding="utf-8")
    (folder / "c-short.txt").write_text(news_text(2_000, seed=3), encoding="utf-8")
    result = ingest(store, iter_sources([str(folder)]))
    assert sorted(result.added) == ["a-short", "b-huge", "c-short"] and not result.errors
    huge = store.get_report("b-huge")
    assert huge is not None
    assert huge.text == extract(RawReport(source="b", text=news_text(200_000, seed=2))).text
    assert huge.flags[0].startswith("analysis truncated: the first ")
    infos = {info.id: info for info in pipeline_reports(store)}
    assert infos["b-huge"].flags == huge.flags and infos["a-short"].flags == []


def pipeline_reports(store: Store):
    from newsdesk.views.reports import report_infos

    return report_infos(store)


def test_a_slow_report_does_not_use_up_the_time_of_the_reports_after_it_in_its_batch(
    monkeypatch: pytest.MonkeyPatch,
):
    real = pipeline.find_figures

    def slow_for_one(report: Report) -> list:
        if report.source == "slow.txt":
            time.sleep(30)
        return real(report)

    monkeypatch.setattr(pipeline, "find_figures", slow_for_one)
    monkeypatch.setenv("NEWSDESK_ANALYSIS_SECONDS", "1.5")
    jobs = [
        (RawReport(source=name, text=news_text(3_000, seed=i)), None) for i, name in enumerate(["slow.txt", "ok.txt"])
    ]
    slow, ok = pipeline._analyse_jobs(jobs)
    assert isinstance(slow, tuple) and isinstance(ok, tuple)
    assert slow[0].flags and "in figures" in slow[0].flags[0]
    assert ok[0].flags == [] and ok[0].figures


def test_the_truncation_flag_is_shown_by_show_and_on_the_report_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from newsdesk import Desk
    from newsdesk.cli import app
    from newsdesk.web.app import create_app

    monkeypatch.setenv("NEWSDESK_ANALYSIS_CHARS", "5000")
    db = tmp_path / "flags.db"
    with Desk(db) as desk:
        assert desk.ingest([RawReport(source="api#long", id="long", text=news_text(20_000))]).added == ["long"]
    shown = CliRunner().invoke(app, ["show", "long", "--db", str(db)])
    assert shown.exit_code == 0 and "analysis truncated: the first" in " ".join(shown.output.split())
    page = TestClient(create_app(str(db), None)).get("/reports/long")
    assert page.status_code == 200 and '<p class="notice" role="note">analysis truncated: the first' in page.text
