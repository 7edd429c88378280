"""Figures: numbers in each locale, qualifiers, units, counted nouns, non-figures, claimants."""

from __future__ import annotations

import pytest

from newsdesk.enrich.figures.counted import counted_key
from newsdesk.enrich.figures.finder import find_figures
from newsdesk.enrich.figures.numbers import find_numbers, parse_numeral
from newsdesk.model import Paragraph, Quote, Report


def report(*paragraphs: str, lang: str = "en", quotes: list[Quote] | None = None) -> Report:
    r = Report(id="r", source="test", content_hash="", raw="", lang=lang)
    r.paragraphs = [Paragraph(i, text, lang) for i, text in enumerate(paragraphs)]
    r.quotes = quotes or []
    return r


def figures(text: str, lang: str = "en"):
    return find_figures(report(text, lang=lang))


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,000", "en", 1000),
        ("1.5", "en", 1.5),
        ("1 000", "sv", 1000),
        ("1,5", "sv", 1.5),
        ("1.000", "de", 1000),
        ("1,5", "de", 1.5),
        ("2 500", "fr", 2500),
        ("1.234,5", "en", 1234.5),
        ("1,234.5", "de", 1234.5),
        ("1,000,000", "de", 1_000_000),
        ("0,750", "sv", 0.75),
    ],
)
def test_numerals_follow_the_locale(text: str, lang: str, value: float) -> None:
    assert parse_numeral(text, lang)[0] == pytest.approx(value)


def test_ambiguous_separator_keeps_the_other_reading() -> None:
    value, alt = parse_numeral("1.500", "en")
    assert (value, alt) == (1.5, 1500)


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("twenty-five", "en", 25),
        ("two hundred and fifty", "en", 250),
        ("a thousand", "en", 1000),
        ("three million", "en", 3e6),
        ("tvåhundrafemtio", "sv", 250),
        ("fyra", "sv", 4),
        ("fünfundzwanzig", "de", 25),
        ("zweihundertdrei", "de", 203),
        ("quatre-vingt-dix", "fr", 90),
        ("vingt et un", "fr", 21),
        ("treinta y cinco", "es", 35),
        ("dos mil millones", "es", 2e9),
        ("vijfentwintig", "nl", 25),
        ("tweeëntwintig", "nl", 22),
        ("двух тысяч", "ru", 2000),
        ("пятьсот", "ru", 500),
    ],
)
def test_number_words(text: str, lang: str, value: float) -> None:
    found = find_numbers(text, lang)
    assert len(found) == 1 and found[0].value == pytest.approx(value)


def test_billion_depends_on_language() -> None:
    assert find_numbers("2 billion", "en")[0].value == 2e9
    assert find_numbers("2 Billionen", "de")[0].value == 2e12


def test_vague_plurals_are_not_numbers() -> None:
    assert find_numbers("hundreds of people", "en") == []
    assert find_numbers("Tausende Menschen", "de") == []
    assert find_numbers("honderden mensen", "nl") == []


@pytest.mark.parametrize(
    ("text", "lang", "lo", "hi"),
    [
        ("between 10 and 15 people", "en", 10, 15),
        ("10-15 km", "en", 10, 15),
        ("10 to 15 tanks", "en", 10, 15),
        ("mellan 10 och 15 soldater", "sv", 10, 15),
        ("zwischen zehn und zwanzig", "de", 10, 20),
        ("entre 10 y 15", "es", 10, 15),
        ("от 10 до 15", "ru", 10, 15),
    ],
)
def test_ranges(text: str, lang: str, lo: float, hi: float) -> None:
    (fig,) = figures(text, lang)
    assert (fig.qualifier, fig.value, fig.value_max) == ("range", lo, hi)


@pytest.mark.parametrize(
    ("text", "lang", "qualifier", "value"),
    [
        ("more than 1,000 troops", "en", "gt", 1000),
        ("at least forty tanks", "en", "ge", 40),
        ("up to 40 tanks", "en", "le", 40),
        ("around 300 people", "en", "approx", 300),
        ("nearly 1,000 people", "en", "approx", 1000),
        ("fewer than 50 people", "en", "lt", 50),
        ("1,000 or more troops", "en", "ge", 1000),
        ("minst 30 personer", "sv", "ge", 30),
        ("upp emot 200 stridsvagnar", "sv", "le", 200),
        ("runt 4 000 soldater", "sv", "approx", 4000),
        ("mer än 500 soldater", "sv", "gt", 500),
        ("mehr als 3.000 Menschen", "de", "gt", 3000),
        ("bis zu 50 Panzer", "de", "le", 50),
        ("mindestens zwölf Zivilisten", "de", "ge", 12),
        ("plus de 2 000 personnes", "fr", "gt", 2000),
        ("au moins huit soldats", "fr", "ge", 8),
        ("jusqu'à 40 chars", "fr", "le", 40),
        ("une centaine de manifestants", "fr", "approx", 100),
        ("más de 5.000 personas", "es", "gt", 5000),
        ("около 300 беженцев", "ru", "approx", 300),
    ],
)
def test_qualifiers_keep_their_meaning(text: str, lang: str, qualifier: str, value: float) -> None:
    (fig,) = figures(text, lang)
    assert (fig.qualifier, fig.value) == (qualifier, value)


@pytest.mark.parametrize(
    ("text", "lang", "unit", "dimension", "normalized"),
    [
        ("a wall of 850 metres", "en", "m", "length", 0.85),
        ("at least half a mile of territory", "en", "mi", "length", 0.804672),
        ("upp emot en kilometer mark", "sv", "km", "length", 1.0),
        ("five square kilometres", "en", "km2", "area", 5.0),
        ("200 hectares", "en", "ha", "area", 2.0),
        ("15 Kilometer südlich", "de", "km", "length", 15.0),
        ("fem mil", "sv", "mil", "length", 50.0),
        ("three weeks", "en", "week", "duration", 21.0),
        ("36 hours", "en", "hour", "duration", 1.5),
        ("3.4%", "en", "%", "percent", 3.4),
        ("8,2 procent", "sv", "%", "percent", 8.2),
        ("$1.5bn", "en", "USD", "money", 1.5e9),
        ("£400m", "en", "GBP", "money", 4e8),
        ("1,5 miljarder kronor", "sv", "SEK", "money", 1.5e9),
        ("45 millions d'euros", "fr", "EUR", "money", 4.5e7),
        ("2 млрд рублей", "ru", "RUB", "money", 2e9),
    ],
)
def test_units_are_normalised(text: str, lang: str, unit: str, dimension: str, normalized: float) -> None:
    (fig,) = figures(text, lang)
    assert (fig.unit, fig.dimension) == (unit, dimension)
    assert fig.normalized == pytest.approx(normalized)


def test_parenthesised_equivalent_is_one_figure() -> None:
    (fig,) = figures("Ukraine retook around 2km (1.2 miles) of territory.")
    assert fig.text == "around 2km (1.2 miles) of territory"
    assert (fig.value, fig.unit, fig.qualifier) == (2, "km", "approx")


def test_area_and_length_in_one_sentence_stay_apart() -> None:
    found = figures("They advanced 3 km and took 5 square kilometres.")
    assert [f.dimension for f in found] == ["length", "area"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The war began in 2022 and escalated in 2023.", "en"),
        ("On 12 May the brigade withdrew.", "en"),
        ("The 72nd Separate Motor Rifle Brigade lost ground.", "en"),
        ("Den 3:e bataljonen drog sig tillbaka.", "sv"),
        ("Am 3. Oktober feiert Deutschland.", "de"),
        ("It lost one Su-35 and an F-16 near the border.", "en"),
        ("On day 443 of the invasion the front moved.", "en"),
        ("See page 4 of the report.", "en"),
        ("The meeting starts at 10:30.", "en"),
        ("A 22-year-old was arrested.", "en"),
        ("En soldat skadades.", "sv"),
        ("Ein Soldat wurde verletzt.", "de"),
        ("Zwei Drittel der Befragten lehnen ab.", "de"),
        ("Hundreds of drones were launched.", "en"),
        ("El 5 de mayo de 2023 se firmó.", "es"),
    ],
)
def test_names_dates_ordinals_are_not_figures(text: str, lang: str) -> None:
    assert figures(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "counted", "key"),
    [
        ("more than 1,000 troops", "en", "troops", "soldiers"),
        ("more than a thousand soldiers", "en", "soldiers", "soldiers"),
        ("500 Wagnersoldater", "sv", "Wagnersoldater", "soldiers"),
        ("500 ukrainska soldater", "sv", "soldater", "soldiers"),
        ("800 ukrainische Soldaten", "de", "Soldaten", "soldiers"),
        ("40 chars", "fr", "chars", "tanks"),
        ("two Mi-8 transport helicopters", "en", "helicopters", "helicopters"),
        ("26 attacks", "en", "attacks", "attacks"),
    ],
)
def test_counted_noun_and_its_key(text: str, lang: str, counted: str, key: str) -> None:
    (fig,) = figures(text, lang)
    assert (fig.counted, fig.counted_key) == (counted, key)


def test_state_words_split_what_is_counted() -> None:
    (dead,) = figures("Prigozjin menar att 500 Wagnersoldater dog.", "sv")
    (alive,) = figures("Kyiv sent 1,000 troops to the front.")
    assert dead.counted_key == "soldiers/dead" and alive.counted_key == "soldiers"


def test_length_subject_from_the_sentence() -> None:
    (gain,) = figures("Our troops have advanced two kilometers into the region.")
    (position,) = figures("The village lies four kilometres northwest of the city.")
    assert gain.counted_key == "territory"
    assert position.counted_key == "distance"


def test_unknown_nouns_fold_to_a_singular() -> None:
    assert counted_key("attackers") == counted_key("attacker")


def test_claimant_from_said_and_according_to() -> None:
    (a,) = figures("The Russians had repelled 26 attacks, Mr Ivanov said.")
    (b,) = figures("According to the regional governor, 12 civilians were killed.")
    (c,) = figures("Ivan Petrov, spokesman for the ministry, said 300 troops had left.")
    assert a.claimant == "Ivanov"
    assert b.claimant == "regional governor"
    assert c.claimant == "Ivan Petrov"


def test_claimant_pronoun_takes_the_last_named_speaker() -> None:
    r = report(
        "Ivan Petrov, spokesman for the ministry, says it is a regrouping.",
        "According to him, the enemy attacked with more than a thousand soldiers.",
    )
    (fig,) = find_figures(r)
    assert fig.claimant == "Ivan Petrov"


def test_claimant_from_a_quote_that_contains_the_figure() -> None:
    text = "“We lost 70 men,” the commander told reporters."
    quote = Quote(
        paragraph=0, start=1, end=15, text="We lost 70 men", kind="direct", speaker="Colonel X", speaker_key="x"
    )
    (fig,) = find_figures(report(text, quotes=[quote]))
    assert (fig.claimant, fig.claimant_key) == ("Colonel X", "x")


def test_offsets_point_into_the_paragraph() -> None:
    r = report("Intro without numbers.", "Police said more than 1,200 people left. Later 40 trucks came.")
    found = find_figures(r)
    assert [(f.paragraph, r.paragraphs[1].text[f.start : f.end]) for f in found] == [
        (1, "more than 1,200 people"),
        (1, "40 trucks"),
    ]
