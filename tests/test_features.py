"""Pairwise same-event evidence over small invented reports."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from newsdesk.extract import extract
from newsdesk.model import Mention, Paragraph, RawReport, Report
from newsdesk.pipeline import analyse
from newsdesk.stories.features import (
    MIN_CENTRE,
    Centres,
    Evidence,
    TimeDecay,
    add_leads,
    char_grams,
    document_frequencies,
    e5_features,
    evidence_for,
    fold_name,
    gram_cosine,
    idf_weights,
    name_features,
    pair_features,
    parse_date,
    report_name_words,
    report_names,
    report_numbers,
    time_factor,
)
from newsdesk.stories.model import story_model
from newsdesk.stories.pairmodel import (
    MODEL_FEATURES,
    BoostedTrees,
    PairModel,
    bundled_pair_models,
    choose_model,
    pair_score,
)
from newsdesk.stories.texts import TITLE_CHARS, report_part


def make_report(rid: str, title: str, paragraphs: list[str], lang: str, published: str | None = None) -> Report:
    return Report(
        id=rid,
        source=rid,
        content_hash=rid,
        raw="",
        title=title,
        lang=lang,
        published=published,
        paragraphs=[Paragraph(i, p) for i, p in enumerate(paragraphs)],
    )


FLOOD_EN = make_report(
    "flood-en",
    "Floods force 1,200 residents of Veltmark to leave their homes",
    [
        "Heavy rain caused the river Oster to burst its banks in Veltmark on Tuesday, forcing 1,200 residents to leave.",
        "Mayor Ilse Brandhorst said emergency shelters had been opened in two schools.",
    ],
    "en",
    "2031-04-08",
)
FLOOD_DE = make_report(
    "flood-de",
    "Hochwasser: 1.200 Einwohner von Veltmark müssen ihre Häuser verlassen",
    [
        "Starker Regen ließ die Oster am Dienstag in Veltmark über die Ufer treten, 1.200 Einwohner mussten fliehen.",
        "Bürgermeisterin Ilse Brandhorst sagte, in zwei Schulen seien Notunterkünfte eingerichtet worden.",
    ],
    "de",
    "2031-04-09",
)
FLOOD_SV = make_report(
    "flood-sv",
    "Översvämningar tvingar 1 200 invånare i Veltmark att lämna sina hem",
    [
        "Kraftigt regn fick floden Oster att svämma över i Veltmark i tisdags, och 1 200 invånare tvingades lämna.",
        "Borgmästaren Ilse Brandhorst sade att nödbostäder hade öppnats i två skolor.",
    ],
    "sv",
    "2031-04-09",
)
FESTIVAL_EN = make_report(
    "festival-en",
    "Veltmark opens its riverside music festival",
    [
        "Mayor Ilse Brandhorst opened the annual music festival on the banks of the Oster in Veltmark on Saturday.",
        "Organisers expect 30,000 visitors over three days.",
    ],
    "en",
    "2031-05-20",
)


def test_fold_name_meets_spellings_and_scripts() -> None:
    assert fold_name("Prigozhin") == fold_name("Пригожин")
    assert fold_name("Radecki") == fold_name("Radeckiego")  # inflected forms share the stem
    assert fold_name("Kołyszko") == fold_name("Kolyszko")


def test_names_fall_back_to_capitalised_words_never_seen_in_lower_case() -> None:
    report = make_report("r", "The Mayor speaks", ["The mayor of Veltmark, Ilse Brandhorst, spoke."], "en")
    names = report_names(report)
    assert {fold_name("Veltmark"), fold_name("Brandhorst"), fold_name("Ilse")} <= names
    assert fold_name("Mayor") not in names  # "mayor" appears in lower case
    report.mentions = [Mention(0, 0, 5, "Ilse Brandhorst", "person", key="person:ilse-brandhorst")]
    assert report_names(report) == frozenset({"person:ilse-brandhorst"})


def test_names_meet_by_their_words_where_linking_was_uneven() -> None:
    """A town linked in one report, left a bare word in a second, inside a police force's name in a third."""
    linked = make_report("a", "", ["Flooding in Veltmark."], "en")
    linked.mentions = [Mention(0, 12, 21, "Veltmark", "place", key="place:veltmark-de")]
    bare = make_report("b", "", ["Veltmark residents fled."], "en")
    bare.mentions = [Mention(0, 0, 8, "Veltmark", "person")]  # misread, so never linked
    force = make_report("c", "", ["The Veltmark Police said so."], "en")
    force.mentions = [Mention(0, 4, 19, "Veltmark Police", "org", key="org:veltmark-police")]
    assert report_name_words(linked) == {fold_name("Veltmark")}
    assert report_name_words(bare) == frozenset()  # unlinked names are words already (report_names)
    assert report_name_words(force) == {fold_name("Veltmark"), fold_name("Police")}
    ev = {r.id: evidence_for(None, [r])[0] for r in (linked, bare, force)}
    assert not ev["a"].names & ev["b"].names and not ev["a"].names & ev["c"].names  # keys alone miss both
    assert name_features(ev["a"], ev["b"]) == {"names": 1.0, "names_jaccard": 0.5}  # keys alone: 0 and 0
    assert name_features(ev["a"], ev["c"])["names"] == 0.5  # the town in both, the force only in one
    # across languages keys still decide: the words of a translated name differ, the key does not
    sv = replace(ev["a"], lang="sv", names=frozenset({"place:veltmark-de"}), name_words=frozenset({"veltma", "stad"}))
    assert name_features(ev["a"], sv)["names"] == 1.0


def test_numbers_ignore_thousands_separators() -> None:
    assert "1200" in report_numbers(FLOOD_EN)
    assert report_numbers(FLOOD_EN) & report_numbers(FLOOD_DE) == {"1200"}


def test_dates_and_time_factor() -> None:
    assert parse_date("2031-04-08") is not None
    assert parse_date("2031-04") is None  # a month is too coarse for an event
    a = Evidence("a", "en", published=parse_date("2031-04-08"))
    near = Evidence("b", "de", published=parse_date("2031-04-09"))
    far = Evidence("c", "en", published=parse_date("2031-05-20"))
    unknown = Evidence("d", "en")
    decay = TimeDecay(same_event_days=3.0, decay_days=10.0)
    assert time_factor(a, near, decay) == 1.0
    assert time_factor(a, far, decay) < 0.1
    assert time_factor(a, unknown, decay) == 1.0
    dated_text = Evidence("e", "en", text_dates=frozenset({parse_date("2031-05-19")}))
    assert 0.5 <= time_factor(a, dated_text, decay) < 0.6  # text dates stand in for an unknown publication date
    week = Evidence("f", "en", published=parse_date("2031-04-15"))
    assert time_factor(a, week, decay) == pytest.approx(math.exp(-0.4))  # seven days: four beyond the lag
    assert time_factor(a, week, TimeDecay(same_event_days=7.0, decay_days=10.0)) == 1.0
    assert time_factor(a, far, TimeDecay(same_event_days=3.0, decay_days=40.0)) > 0.3  # a slower decay
    # a gap seen only in the texts' dates leaves at least the decay's floor: none with 1, most of it with 0.25
    assert time_factor(a, dated_text, TimeDecay(text_dates_floor=1.0)) == 1.0
    assert 0.25 <= time_factor(a, dated_text, TimeDecay(text_dates_floor=0.25)) < 0.35
    assert time_factor(far, a, TimeDecay(text_dates_floor=1.0)) < 0.1  # publication dates ignore the floor


def test_gram_cosine_is_a_cosine() -> None:
    a, b = char_grams("the river burst its banks"), char_grams("a quiet festival")
    assert gram_cosine(a, a) == pytest.approx(1.0)
    assert 0.0 <= gram_cosine(a, b) < 0.3
    assert gram_cosine(a, Counter()) == 0.0


def test_idf_weighs_an_unseen_gram_as_the_rarest_seen() -> None:
    docs = [Counter({"riv": 2, "ban": 1}), Counter({"riv": 1, "fes": 1}), Counter({"riv": 1})]
    idf = idf_weights(*document_frequencies(docs))
    assert idf["riv"] < idf["ban"] == idf["fes"] == idf["zzz"]  # "zzz" was in no document
    assert "zzz" not in idf  # looked up, not added
    a, b = Counter({"riv": 1, "zzz": 3}), Counter({"riv": 2, "zzz": 1})
    wa = {"riv": idf["riv"], "zzz": (1 + np.log(3)) * idf["ban"]}
    wb = {"riv": (1 + np.log(2)) * idf["riv"], "zzz": idf["ban"]}
    expected = sum(wa[g] * wb[g] for g in wa) / np.sqrt(
        sum(w * w for w in wa.values()) * sum(w * w for w in wb.values())
    )
    assert gram_cosine(a, b, idf) == pytest.approx(expected)
    assert gram_cosine(a, b, idf) != pytest.approx(gram_cosine(a, b))


def test_same_event_across_languages_beats_same_place_weeks_apart() -> None:
    reports = [FLOOD_EN, FLOOD_DE, FESTIVAL_EN, FLOOD_SV]
    en, de, festival, sv = evidence_for(None, reports)
    assert (
        set(en.vectors) == {"e5_title", "usem3", "title"} and en.sentences is not None and len(en.sentences) == 2
    )  # unsplit: one row per paragraph; no e5 of the lead where USE-m3 reads the language (the cascade)
    assert set(sv.vectors) == {"e5", "e5_title"} and sv.sentences is None  # USE-m3 does not read Swedish
    assert choose_model(pair_features(en, de), bundled_pair_models()) is bundled_pair_models()["usem3"]
    add_leads(None, [((FLOOD_EN, en), (FLOOD_SV, sv))])  # a pair with Swedish is scored with e5 leads on both sides
    assert "e5" in en.vectors
    features = pair_features(en, de)
    assert features["numbers"] == 1.0 and features["names"] > 0.3
    assert pair_features(en, festival)["same_lang"] == 1.0
    decay = story_model().decay
    same_event, other_event = pair_score(en, de, decay), pair_score(en, festival, decay)
    assert 0.0 <= other_event < same_event <= 1.0
    assert same_event > 0.5
    # Swedish is scored by the model fitted without USE-m3 features, not with zeros in their place.
    assert "usem3" not in pair_features(en, sv)
    assert pair_score(en, sv, decay) > 0.5 > other_event
    # Time matters: the festival pair scored as if published the same week is far more similar.
    festival_same_week = Evidence(**{**festival.__dict__, "published": en.published})
    assert pair_score(en, festival_same_week, decay) > 3 * other_event


def test_each_bundled_model_uses_exactly_its_features() -> None:
    models = bundled_pair_models()
    for name, features in MODEL_FEATURES.items():
        assert set(models[name].weights) == set(features)
    text_only = pair_features(Evidence("a", "en"), Evidence("b", "en"))
    assert choose_model(text_only, models) is models["text_only"]


def test_bundled_trees_use_their_models_features_and_stay_in_range() -> None:
    for name, model in bundled_pair_models().items():
        assert model.trees is not None and set(model.trees.features) == set(MODEL_FEATURES[name])
    low = {k: 0.0 for k in MODEL_FEATURES["usem3"]} | {"same_lang": 1.0}
    high = {k: 1.0 for k in MODEL_FEATURES["usem3"]}
    model = bundled_pair_models()["usem3"]
    assert 0.0 <= model(low) < 0.3 < 0.6 < model(high) <= 1.0


def test_a_language_without_a_centre_gets_one_from_the_reports_being_scored() -> None:
    rng = np.random.default_rng(0)
    accent = np.eye(8)[0] * 3  # what every Italian vector below shares, whatever it tells

    def batch(lang: str, n: int) -> list[Evidence]:
        rows = [v / np.linalg.norm(v) for v in rng.normal(size=(n, 8)) + accent]
        return [Evidence(f"{lang}{i}", lang, vectors={"e5": v, "e5_title": v}) for i, v in enumerate(rows)]

    shipped = Centres({key: {"de": np.eye(8)[1], "*": np.eye(8)[2]} for key in ("e5", "e5_title")})
    italian, german = batch("it", MIN_CENTRE), batch("de", MIN_CENTRE)
    completed = shipped.completed([*italian, *german])
    assert set(completed.means["e5"]) == {"de", "it", "*"}
    assert np.array_equal(completed.means["e5"]["de"], np.eye(8)[1])  # a shipped centre is kept
    assert np.array_equal(completed.means["e5"]["*"], np.eye(8)[2])
    pairs = list(itertools.pairwise(italian))
    raw = np.mean([e5_features(a, b, shipped)["e5_centred"] for a, b in pairs])
    own = np.mean([e5_features(a, b, completed)["e5_centred"] for a, b in pairs])
    assert raw > 0.5 > abs(own)  # unrelated reports no longer look alike for their language
    assert set(shipped.completed(italian[:-1]).means["e5"]) == {"de", "*"}  # too few reports for a centre
    assert Centres({}).completed(italian).means == {}  # no centres shipped: vectors stay uncentred


def test_boosted_trees_follow_heap_order_and_average_with_the_logistic_curve() -> None:
    # One depth-2 tree: root splits on x (<= 0.5 left), its children on y; leaves in heap order.
    trees = BoostedTrees(("x", "y"), [[0, 1, 1]], [[0.5, 0.2, 0.8]], [[1.0, 2.0, 3.0, 4.0]], base=0.1, rate=0.1)
    assert trees({"x": 0.4, "y": 0.1}) == pytest.approx(0.2)
    assert trees({"x": 0.4, "y": 0.3}) == pytest.approx(0.3)
    assert trees({"x": 0.9, "y": 0.5}) == pytest.approx(0.4)
    assert trees({"x": 0.9, "y": 0.9}) == pytest.approx(0.5)
    model = PairModel({"x": 0.0, "y": 0.0}, {}, {}, 0.0, trees)  # logistic part: sigmoid(0) = 0.5
    assert model({"x": 0.9, "y": 0.9}) == pytest.approx((0.5 + 0.5) / 2)
    big = BoostedTrees(("x", "y"), [[0, 0, 0]], [[0.5, 0.5, 0.5]], [[9.0] * 4], base=0.0, rate=1.0)
    assert replace(model, trees=big)({"x": 0.0, "y": 0.0}) == pytest.approx(0.75)  # trees clipped to 1
    again = PairModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again == model


def test_centres_remove_each_languages_common_direction() -> None:
    shared = np.array([0.0, 0.0, 0.5**0.5])  # the component every German vector below carries
    common = {"de": shared, "*": shared / 2}
    centres = Centres({"e5": common, "e5_title": common})

    def ev(rid: str, lang: str, lead: list[float], title: list[float]) -> Evidence:
        unit = [np.array(v) / np.linalg.norm(v) for v in (lead, title)]
        return Evidence(rid, lang, vectors={"e5": unit[0], "e5_title": unit[1]})

    a, b = ev("a", "de", [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]), ev("b", "de-AT", [0.0, 1.0, 1.0], [0.0, 1.0, 1.0])
    assert float(a.vectors["e5"] @ b.vectors["e5"]) == pytest.approx(0.5)  # raw: the shared component
    features = e5_features(a, b, centres)
    assert features["e5_centred"] == pytest.approx(0.0, abs=1e-6)  # centred: orthogonal
    assert features["e5_best"] == pytest.approx(1.0)  # the headlines agree
    swedish = ev("c", "sv", [1.0, 0.0, 1.0], [1.0, 0.0, 1.0])
    assert centres.centred(swedish, "e5") @ np.array([0.0, 0.0, 1.0]) > 0  # "*" centre: only half removed
    assert e5_features(a, Evidence("d", "de"), centres) == {}
    assert set(e5_features(a, Evidence("e", "de", vectors={"e5_title": a.vectors["e5_title"]}), centres)) == {
        "e5_title_centred"
    }  # headlines alone: the cascade's e5 feature
    restored = Centres.from_dict(json.loads(json.dumps(centres.to_dict())))
    assert np.allclose(restored.means["e5"]["de"], common["de"], atol=1e-3)  # stored as float16


def test_a_report_without_headline_is_titled_by_its_opening_sentences() -> None:
    # A headline glued to the body by one space cannot be told from the body: the opening stands in for it.
    text = (
        "Eastport ferry halted. The storm closed the port of Eastport on Monday and the ferry to Northholm "
        "stays in harbour until Friday, the operator said. Repairs to the quay will take a week."
    )
    report = analyse(RawReport(source="t", text=text, lang="en"))
    assert extract(RawReport(source="t", text=text)).title is None
    title = report_part(report, "title")
    assert title.startswith("Eastport ferry halted. The storm closed the port") and len(title) == TITLE_CHARS
    titled = replace(report, title="Storm halts Eastport ferry")
    assert report_part(titled, "title") == "Storm halts Eastport ferry"
