"""Title-case headlines read as sentences (newsdesk.enrich.quotes.casing), on lines written for these tests."""

from __future__ import annotations

from newsdesk.enrich.quotes.casing import Casing, is_title_case

BODY = [
    "The harbour chief said on Monday that the ferry plan was late.",
    "Critics of Kowalski say the plan slams the door on the old pier, according to Port Authority staff at the pier.",
]


def test_title_case_is_told_from_sentence_case() -> None:
    assert is_title_case("Harbour Chief Kowalski Slams Ferry Plan As Late")
    assert is_title_case("Harbour Chief Kowalski Slams the Ferry Plan")  # short function words may stay lower
    assert not is_title_case("Harbour chief slams ferry plan as late")
    assert not is_title_case("Ferry Plan Late")  # too short to be a sentence
    assert is_title_case("Harbour Chief Kowalski Slams Ferry Plan with Harsh Words from Port Authority")
    # a sentence full of names writes its verbs and nouns in lower case (it had 5 of 6 long words capitalised)
    assert not is_title_case("Hillary Clinton and Bill Clinton arrived on Monday.")


def test_a_title_case_headline_takes_the_case_the_report_writes_its_words_in() -> None:
    casing = Casing.of(BODY)
    headline = "Harbour Chief Kowalski Slams Ferry Plan At Port Authority"
    cased = casing.sentence_cased(headline, frozenset({"slams"}))
    # a name the report writes capitalised inside a sentence keeps its capital, as do the first word and words
    # the report never writes; words it writes in lower case, and cue words, lose theirs
    assert cased == "Harbour chief Kowalski slams ferry plan at Port Authority"
    assert len(cased) == len(headline)


def test_a_cue_word_the_report_capitalises_inside_a_sentence_is_a_name() -> None:
    casing = Casing.of(["The mayor met Ann Says on Monday.", "She left."])
    assert casing.sentence_cased("Mayor Meets Ann Says Over Ferry Plan", frozenset({"says"})) == (
        "Mayor Meets Ann Says Over Ferry Plan"
    )


def test_sentence_case_and_other_headlines_are_left_alone() -> None:
    casing = Casing.of(BODY)
    assert casing.sentence_cased("Harbour chief slams ferry plan as late", frozenset({"slams"})) == (
        "Harbour chief slams ferry plan as late"
    )
