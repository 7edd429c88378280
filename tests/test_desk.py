"""The Python API: a Desk over the bundled sample gives what the CLI and the web app show."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import newsdesk
from newsdesk import Desk, RawReport, StoryView

EXPECTED = json.loads((Path(__file__).resolve().parents[1] / "examples" / "expected.json").read_text("utf-8"))


@pytest.fixture
def desk(sample_db: Path, tmp_path: Path):
    copy = tmp_path / "desk.db"
    shutil.copy(sample_db, copy)  # story views are cached on first read: keep the session's store untouched
    with Desk(copy) as d:
        yield d


def test_public_names_resolve_lazily() -> None:
    for name in newsdesk.__all__:
        assert getattr(newsdesk, name) is not None
    with pytest.raises(AttributeError):
        _ = newsdesk.NoSuchThing


def test_stories_group_the_sample_as_annotated(desk: Desk) -> None:
    infos = desk.stories()
    found = sorted(sorted(i.story.report_ids) for i in infos)
    # a feed item's id is its link, made safe for an id (as the pipeline does)
    expected = [[re.sub(r"[^A-Za-z0-9_.:-]+", "-", rid).strip("-") for rid in s] for s in EXPECTED["stories"]]
    assert found == sorted(sorted(s) for s in expected)
    for info in infos:
        assert info.languages and info.outlets
        assert 1 <= info.independent <= len(info.story.report_ids)


def test_story_view_cites_only_its_own_reports(desk: Desk) -> None:
    story = desk.stories()[0].story
    view = desk.story(story.id)
    assert isinstance(view, StoryView) and view.story.id == story.id
    assert view.briefing and {c["report"] for c in view.briefing} <= set(story.report_ids)
    assert view.to_dict()["story"]["id"] == story.id
    assert desk.story(10**6) is None


def test_reports_quotes_figures_entities_are_model_dataclasses(desk: Desk) -> None:
    story = desk.stories()[0].story
    reports = desk.reports(story=story.id)
    assert {r.id for r in reports} == set(story.report_ids) and all(r.story == story.id for r in reports)
    quotes = desk.quotes(story=story.id)
    assert quotes and {q.report for q in quotes} <= set(story.report_ids)
    assert all(q.quote.text for q in quotes)
    speaker = next(q.quote.speaker for q in quotes if q.quote.speaker)
    assert all(speaker.casefold() in (q.quote.speaker or "").casefold() for q in desk.quotes(speaker=speaker))
    groups = desk.figures(story=story.id)[story.id]
    assert groups and all(g.status in ("agree", "conflict", "single") for g in groups)
    people = desk.entities(type="person")
    assert people and all(p.entity.type == "person" and p.reports >= 1 for p in people)
    first = people[0].entity
    assert desk.find_entities(first.name) == [first]
    assert desk.entity(first)["reports"]


def test_brief_cites_every_sentence_in_each_format(desk: Desk) -> None:
    story = desk.stories()[0].story
    as_json = json.loads(desk.brief(story.id, "json"))
    assert as_json["sentences"] and all(s["report"] in story.report_ids for s in as_json["sentences"])
    assert "<html" in desk.brief(story.id, "html").lower()
    markdown = desk.brief(story.id, "md")
    assert all(f"{s['report']} ¶{s['paragraph']}]" in markdown for s in as_json["sentences"])
    with pytest.raises(KeyError):
        desk.brief(10**6)


def test_ingest_raw_reports_and_score_similarity(tmp_path: Path) -> None:
    flood = "Heavy rain made the river Oster burst its banks in Veltmark on Tuesday; 1,200 residents had to leave."
    rates = "The central bank of Norland raised its key interest rate by half a point on Thursday, citing inflation."
    with Desk(tmp_path / "new.db") as desk:
        first = desk.ingest([RawReport(source="api#1", text=flood, id="flood", date="2031-04-08")])
        again = desk.ingest([RawReport(source="api#1", text=flood, id="flood", date="2031-04-08")])
        assert first.added == ["flood"] and again.unchanged and not again.added
        assert [r.id for r in desk.reports()] == ["flood"]
        same = desk.similarity(flood, flood.replace("Tuesday", "Tuesday evening"))
        other = desk.similarity(flood, rates)
        assert 0.0 <= other < same <= 1.0
