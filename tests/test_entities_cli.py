"""``newsdesk entities`` / ``newsdesk entity`` over a small store built from invented reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsdesk.cli.entities import entities, entity
from newsdesk.enrich.entities.mentions import find_mentions
from newsdesk.enrich.entities.propagate import propagate, story_entities
from newsdesk.enrich.entities.resolve import resolve
from newsdesk.enrich.sentences import split_sentences
from newsdesk.model import Paragraph, Report
from newsdesk.store import Store, now

app = typer.Typer()
app.command()(entities)
app.command()(entity)
runner = CliRunner()

TEXTS = {
    "en1": ("en", ["Mayor Oleg Marchenko said the dam in Kharkiv would hold.", "Marchenko spoke on Monday."]),
    "ru1": ("ru", ["Глава города Олег Марченко заявил, что дамба в Харькове выдержит."]),
    "sv1": ("sv", ["Inspektören Hanna Berger i Göteborg sade att dammen var svag."]),
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    with Store(path) as store:
        stamp = now()
        store.db.execute(
            "INSERT INTO stories (id, label, created_at, updated_at) VALUES (1, 'dam', ?, ?)", (stamp, stamp)
        )
        store.db.execute(
            "INSERT INTO stories (id, label, created_at, updated_at) VALUES (2, 'other', ?, ?)", (stamp, stamp)
        )
        for rid, (lang, paragraphs) in TEXTS.items():
            report = Report(id=rid, source=rid, content_hash=rid, raw="", lang=lang, title=rid, published="2026-04-01")
            report.paragraphs = [Paragraph(i, t, lang) for i, t in enumerate(paragraphs)]
            report.sentences = split_sentences(report)
            report.mentions = find_mentions(report)
            with store.transaction():
                report.mentions, changed = resolve(report.mentions, store.all_entities())
                store.save_report(report, identity=rid)
                for e in changed:
                    store.upsert_entity(e)
                story = 2 if rid == "sv1" else 1
                store.db.execute("INSERT INTO story_reports (report_id, story_id) VALUES (?, ?)", (rid, story))
    return path


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_entities_lists_counts_and_languages(db: Path) -> None:
    result = runner.invoke(app, ["entities", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in lines(result.output)}
    oleg = rows["person:oleg-marchenko"]
    assert (oleg["reports"], oleg["mentions"], oleg["languages"]) == (2, 3, ["en", "ru"])
    assert rows["place:kharkiv-ua"]["country"] == "UA"


def test_entities_filters_by_story_and_type(db: Path) -> None:
    result = runner.invoke(app, ["entities", "--db", str(db), "--story", "2", "--type", "person", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in lines(result.output)] == ["Hanna Berger"]
    assert runner.invoke(app, ["entities", "--db", str(db), "--type", "animal"]).exit_code == 2
    assert runner.invoke(app, ["entities", "--db", str(db), "--story", "9"]).exit_code == 2
    table = runner.invoke(app, ["entities", "--db", str(db)])
    assert table.exit_code == 0 and "Oleg" in table.output and "Kharkiv" in table.output


def test_entity_by_any_spelling(db: Path) -> None:
    for query in ("Марченко", "oleg marchenko", "person:oleg-marchenko", "Oleg Martjenko"):
        result = runner.invoke(app, ["entity", query, "--db", str(db), "--json"])
        assert result.exit_code == 0, (query, result.output)
        detail = json.loads(result.output)
        assert detail["key"] == "person:oleg-marchenko"
    assert set(detail["variants"]) == {"Oleg Marchenko", "Олег Марченко", "Marchenko"}
    assert detail["languages"] == ["en", "ru"]
    assert sorted(r["id"] for r in detail["reports"]) == ["en1", "ru1"]
    assert len(detail["mentions"]) == 3
    shown = runner.invoke(app, ["entity", "Marchenko", "--db", str(db)])
    assert shown.exit_code == 0 and "Олег Марченко" in shown.output
    assert runner.invoke(app, ["entity", "Nobody", "--db", str(db)]).exit_code == 1


def test_story_entities_feed_propagation(db: Path) -> None:
    with Store(db) as store:
        in_story = {e.key for e in story_entities(store, 1)}
        assert {"person:oleg-marchenko", "place:kharkiv-ua"} <= in_story
        assert "person:hanna-berger" not in in_story
        assert {e.key for e in story_entities(store, 2, exclude_report="sv1")} == set()
        report = Report(id="x", source="x", content_hash="x", raw="", lang="sv")
        report.paragraphs = [Paragraph(0, "Marchenko besökte Charkiv igen.", "sv")]
        found = propagate(report, story_entities(store, 1))
    assert [(m.text, m.key) for m in found] == [("Marchenko", "person:oleg-marchenko"), ("Charkiv", "place:kharkiv-ua")]
