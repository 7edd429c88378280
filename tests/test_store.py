"""The store: schema migrations, round trips, revisions, FTS, atomic writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsdesk.model import Figure, Mention, Paragraph, Quote, RemovedParagraph, Report, Sentence
from newsdesk.store import MIGRATIONS, Store
from newsdesk.store.url import StoreUnavailable


def make_report(rid: str = "r1", text: str = "The ferry sank near the harbour.", chash: str = "h1") -> Report:
    return Report(
        id=rid,
        source=f"/tmp/{rid}.txt",
        content_hash=chash,
        raw=text,
        title="Ferry sinks",
        outlet="Harbour Gazette",
        published="2026-03-03",
        date_source="header",
        lang="en",
        paragraphs=[Paragraph(0, "Ferry sinks", "en"), Paragraph(1, text, "en")],
        removed=[RemovedParagraph(2, "Sign up for our newsletter", "call-to-action")],
        sentences=[Sentence(1, 0, len(text), text)],
        mentions=[Mention(1, 4, 9, "ferry", "other", key="other:ferry", source="test")],
        quotes=[Quote(1, 0, 10, "The ferry", "direct", speaker="Mayor Ann Lee", cue="said")],
        figures=[Figure(1, 0, 5, "12 km", 12.0, "ge", unit="km", dimension="length", normalized=12.0)],
    )


def test_fresh_store_is_at_the_latest_schema_version(store: Store):
    assert store.schema_version == len(MIGRATIONS)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_round_trip_keeps_every_stage_output(store: Store):
    report = make_report()
    store.save_report(report, identity="/tmp/r1.txt")
    back = store.get_report("r1", with_raw=True)
    assert back is not None
    assert back.raw == report.raw
    for name in ("paragraphs", "removed", "sentences", "mentions", "quotes", "figures"):
        assert getattr(back, name) == getattr(report, name), name
    assert back.published == "2026-03-03" and back.date_source == "header"


def test_same_identity_new_content_is_a_new_revision(store: Store):
    store.save_report(make_report(), identity="http://example.org/a")
    store.save_report(make_report("other-id", "The ferry was raised.", "h2"), identity="http://example.org/a")
    assert store.count("reports") == 1
    back = store.get_report("r1")
    assert back is not None and back.revision == 2
    assert back.paragraphs[1].text == "The ferry was raised."
    assert store.count("revisions") == 2
    assert store.has_content("h1") and store.has_content("h2")


def test_fts_finds_clean_text_and_forgets_old_revisions(store: Store):
    store.save_report(make_report(), identity="x")
    hits = store.db.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH 'harbour'").fetchall()
    assert len(hits) == 1
    store.save_report(make_report("r1", "A quiet day.", "h2"), identity="x")
    hits = store.db.execute("SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH 'harbour'").fetchall()
    assert hits == []


def test_failed_transaction_leaves_nothing(store: Store):
    with pytest.raises(RuntimeError), store.transaction():
        store.save_report(make_report(), identity="x")
        raise RuntimeError("crash in a later stage")
    assert store.count("reports") == 0 and store.count("paragraphs") == 0


def test_vectors_cache_round_trip(store: Store):
    vec = np.arange(4, dtype=np.float32)
    store.put_vectors("enc", {"abc": vec})
    assert np.array_equal(store.get_vectors("enc", ["abc", "missing"])["abc"], vec)
    assert store.get_vectors("other", ["abc"]) == {}


def test_reopening_an_existing_file_does_not_migrate_again(tmp_path: Path):
    path = tmp_path / "x.db"
    with Store(path) as s:
        s.save_report(make_report(), identity="x")
    with Store(path) as s:
        assert s.count("reports") == 1 and s.schema_version == len(MIGRATIONS)


def test_ids_beyond_sqlite_integers_are_simply_not_found(store: Store):
    assert store.get_story(2**63) is None and store.get_story(-(2**70)) is None


def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"not a database, just someone's notes\n" * 200)
    with pytest.raises(StoreUnavailable, match="is not a SQLite database"):
        Store(notes)
    assert notes.read_bytes() == b"not a database, just someone's notes\n" * 200


def test_the_cli_says_which_file_is_not_a_database(tmp_path: Path):
    from typer.testing import CliRunner

    from newsdesk.cli import app

    notes = tmp_path / "notes.txt"
    notes.write_text("just notes\n" * 200, encoding="utf-8")
    result = CliRunner().invoke(app, ["stories", "--db", str(notes)])
    assert result.exit_code == 2
    assert "is not a SQLite database" in " ".join(result.output.split())
