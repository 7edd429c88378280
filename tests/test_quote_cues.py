"""The cue lexicons, language by language, on sentences written for these tests.

Each language gets a reporting verb in the present and the past, the verb
after the quote ("…, said X"), a prepositional marker ("according to X") and a
state institution as the speaker, whose key must be the same in every
language: the lexicons and the institution names are what make a Swedish and
an English report of one statement meet.
"""

from __future__ import annotations

import pytest

from newsdesk.enrich.entities.institutions import institution
from newsdesk.enrich.entities.lexicon import time_words
from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.model import Paragraph, Quote, Report


def quotes_of(lang: str, *paragraphs: str) -> list[Quote]:
    pars = [Paragraph(i, text, lang) for i, text in enumerate(paragraphs)]
    return find_quotes(Report(id="t", source="t", content_hash="", raw="", lang=lang, paragraphs=pars))


def one(quotes: list[Quote], fragment: str) -> Quote:
    found = [q for q in quotes if fragment in q.text]
    assert found, f"nothing with {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


# (lang, sentence, fragment of the content, speaker as resolved)
CASES = [
    ("sv", "Hamnchefen Lena Berg meddelar att färjan ställs in i helgen.", "färjan ställs in", "Lena Berg"),
    ("sv", "Lena Berg uppgav i går att färjan ställs in i helgen.", "färjan ställs in", "Lena Berg"),
    ("sv", "”Färjan ställs in i helgen”, konstaterar Lena Berg.", "Färjan ställs in", "Lena Berg"),
    ("sv", "Enligt Lena Berg ställs färjan in i helgen.", "ställs färjan in", "Lena Berg"),
    ("de", "Hafenchef Jonas Weber erklärt, die Fähre falle am Wochenende aus.", "die Fähre falle", "Jonas Weber"),
    ("de", "Jonas Weber bestätigte am Montag, dass die Fähre am Wochenende ausfällt.", "die Fähre", "Jonas Weber"),
    ("de", "„Die Fähre fällt am Wochenende aus“, betonte Jonas Weber.", "Die Fähre fällt", "Jonas Weber"),
    ("de", "Laut Jonas Weber fällt die Fähre am Wochenende aus.", "fällt die Fähre", "Jonas Weber"),
    ("fr", "Claire Martin affirme que le ferry est annulé ce week-end.", "le ferry est annulé", "Claire Martin"),
    ("fr", "Claire Martin a précisé que le ferry était annulé ce week-end.", "le ferry était annulé", "Claire Martin"),
    ("fr", "« Le ferry est annulé ce week-end », a souligné Claire Martin.", "Le ferry est annulé", "Claire Martin"),
    ("fr", "Selon Claire Martin, le ferry est annulé ce week-end.", "le ferry est annulé", "Claire Martin"),
    ("es", "Lucía Torres asegura que el ferri se cancela este fin de semana.", "el ferri se cancela", "Lucía Torres"),
    (
        "es",
        "Lucía Torres precisó que el ferri se cancelaba este fin de semana.",
        "el ferri se cancelaba",
        "Lucía Torres",
    ),
    ("es", "«El ferri se cancela este fin de semana», subrayó Lucía Torres.", "El ferri se cancela", "Lucía Torres"),
    ("es", "Según Lucía Torres, el ferri se cancela este fin de semana.", "el ferri se cancela", "Lucía Torres"),
    ("nl", "Havenmeester Joost Bakker meldt dat de veerboot dit weekend uitvalt.", "de veerboot", "Joost Bakker"),
    ("nl", "Joost Bakker bevestigde dat de veerboot dit weekend uitvalt.", "de veerboot", "Joost Bakker"),
    ("nl", "“De veerboot vaart dit weekend niet”, benadrukt Joost Bakker.", "De veerboot vaart", "Joost Bakker"),
    ("nl", "Volgens Joost Bakker vaart de veerboot dit weekend niet.", "vaart de veerboot", "Joost Bakker"),
    ("ru", "Капитан порта Олег Смирнов сообщил, что паром в выходные отменён.", "паром в выходные", "Олег Смирнов"),
    ("ru", "Олег Смирнов подтвердил, что паром в выходные отменён.", "паром в выходные", "Олег Смирнов"),
    ("ru", "«Паром в выходные отменён», — подчеркнул Олег Смирнов.", "Паром в выходные", "Олег Смирнов"),
    ("ru", "По словам Олега Смирнова, паром в выходные отменён.", "паром в выходные", "Олега Смирнова"),
    (
        "en",
        "Harbour master Ruth Adler says the ferry is cancelled this weekend.",
        "the ferry is cancelled",
        "Ruth Adler",
    ),
    ("en", "Ruth Adler confirmed on Monday that the ferry was cancelled.", "the ferry was cancelled", "Ruth Adler"),
    ("en", "“The ferry is cancelled this weekend,” stressed Ruth Adler.", "The ferry is cancelled", "Ruth Adler"),
    ("en", "According to Ruth Adler, the ferry is cancelled this weekend.", "the ferry is cancelled", "Ruth Adler"),
]


@pytest.mark.parametrize(("lang", "sentence", "fragment", "speaker"), CASES)
def test_reporting_verbs_and_markers(lang: str, sentence: str, fragment: str, speaker: str) -> None:
    q = one(quotes_of(lang, sentence), fragment)
    assert q.speaker == speaker
    assert q.cue


def test_every_language_has_its_cases() -> None:
    assert {lang for lang, *_ in CASES} >= {"sv", "de", "fr", "es", "nl", "ru", "en"}


# The same institution described in each language, as the speaker of a statement.
MINISTRY = [
    ("sv", "Det brittiska försvarsdepartementet skriver att bron är förstörd.", "bron är förstörd"),
    ("de", "Das britische Verteidigungsministerium teilte mit, die Brücke sei zerstört.", "die Brücke sei zerstört"),
    ("fr", "Le ministère britannique de la Défense affirme que le pont est détruit.", "le pont est détruit"),
    ("es", "El Ministerio de Defensa británico aseguró que el puente está destruido.", "el puente está destruido"),
    ("nl", "Het Britse ministerie van Defensie meldt dat de brug is verwoest.", "de brug is verwoest"),
    ("ru", "Министерство обороны Великобритании сообщило, что мост через реку разрушен.", "мост через реку"),
    ("en", "The British Ministry of Defence said the bridge had been destroyed.", "the bridge had been destroyed"),
]


@pytest.mark.parametrize(("lang", "sentence", "fragment"), MINISTRY)
def test_an_institution_speaks_under_one_key_in_every_language(lang: str, sentence: str, fragment: str) -> None:
    q = one(quotes_of(lang, sentence), fragment)
    assert q.speaker_key == "org:ministry-of-defence-gb", (q.speaker, q.speaker_key)


def test_a_bare_institution_takes_the_country_of_its_earlier_mention() -> None:
    quotes = quotes_of(
        "en",
        "Moscow's Defence Ministry published new figures on Tuesday.",
        "The ministry said that the bridge had been repaired.",
    )
    assert one(quotes, "the bridge had been repaired").speaker_key == "org:ministry-of-defence-ru"
    lone = quotes_of("en", "The ministry said that the bridge had been repaired.")
    assert one(lone, "the bridge had been repaired").speaker_key is None  # no country anywhere: no guess


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("Storbritanniens försvarsdepartement", "org:ministry-of-defence-gb"),
        ("the British Military Intelligence", "org:ministry-of-defence-gb"),
        ("le ministère russe de la Défense", "org:ministry-of-defence-ru"),
        ("Минобороны России", "org:ministry-of-defence-ru"),
        ("the Ukrainian Foreign Ministry", "org:ministry-of-foreign-affairs-ua"),
        ("das französische Außenministerium", "org:ministry-of-foreign-affairs-fr"),
        ("the Defence Ministry", None),
        ("a Ukrainian soldier", None),
    ],
)
def test_institution_keys(phrase: str, key: str | None) -> None:
    found = institution(phrase)
    assert (found.key if found else None) == key


def test_a_named_spokesperson_speaks_as_a_person_not_as_the_institution() -> None:
    quotes = quotes_of("en", "Russian Defence Ministry spokesman Igor Konashenkov said the troops had regrouped.")
    q = one(quotes, "the troops had regrouped")
    assert q.speaker == "Igor Konashenkov" and q.speaker_key is None  # the entity stage keys the person


def test_the_calendar_words_come_from_cldr_in_every_language_and_leave_out_abbreviations() -> None:
    words = time_words()
    for word in ("sunday", "dimanche", "soir", "domingo", "ayer", "kväll", "søndag", "abend", "вчера", "неділя"):
        assert word in words, word
    for abbreviation in ("sat", "wed", "mar", "jeu"):
        assert abbreviation not in words, abbreviation
