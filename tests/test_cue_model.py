"""The attribution cue model's features and trigger words (newsdesk.enrich.quotes.cuemodel), on models made here."""

from __future__ import annotations

from newsdesk.enrich.quotes.clauses import Clause
from newsdesk.enrich.quotes.cuemodel import UNSEEN, CueModel, clause_features, stem


def test_the_forms_of_one_verb_share_a_stem() -> None:
    assert {stem(w) for w in ("praises", "praised", "praising", "praise")} == {stem("praise")}
    assert stem("blasts") == stem("blasted") != stem("blast-off")
    assert stem("says") == "say" and stem("discuss") == "discuss"  # a short stem and a double s stay


def test_british_and_american_spellings_share_a_stem() -> None:
    assert {stem(w) for w in ("criticised", "criticises", "criticise", "criticized", "criticize")} == {"criticiz"}
    assert stem("analysed") == stem("analyzed") and stem("dismissed") == "dismiss"


def test_a_form_seen_too_rarely_takes_the_weight_of_its_stem() -> None:
    clause = Clause("blasts", "blasts", 0, 6, None, None, ["comp=dobj"])
    features = clause_features(clause, frozenset({"blasted"}))
    assert f"form={UNSEEN}" in features and "stem=blast" in features
    assert not [f for f in clause_features(clause, frozenset({"walked"})) if f.startswith("stem=")]


def test_the_other_forms_of_a_cue_word_are_triggers_too() -> None:
    model = CueModel(
        weights={"stem=blast": 4.0, "form=blasted": 1.0, "stem=walk": -1.0},
        bias=-2.0,
        threshold=0.5,
        vocabulary=frozenset({"blasted", "walked"}),
    )
    assert {"blasted", "blasts", "blasting"} <= model.cue_words
    assert not {"walked", "walks"} & model.cue_words  # a stem whose weight keeps it below the threshold


def test_the_british_forms_of_a_cue_word_are_triggers_too() -> None:
    model = CueModel(weights={"stem=criticiz": 4.0}, bias=-2.0, threshold=0.5, vocabulary=frozenset({"criticized"}))
    assert {"criticized", "criticised", "criticises", "criticising"} <= model.cue_words
