"""Reconciling a story's figures: grouping across languages and the qualifiers' tolerance."""

from __future__ import annotations

from newsdesk.enrich.figures.finder import sentence_figures
from newsdesk.views.reconcile import reconcile


def fig(text: str, lang: str = "en"):
    (found,) = sentence_figures(text, lang)
    return found


def group_of(groups, key: str):
    return next(g for g in groups if g.key == key)


def test_lengths_that_cannot_all_hold_conflict() -> None:
    members = [
        ("a", fig("Upp emot en kilometer mark har de tagit tillbaka.", "sv")),
        ("b", fig("Our troops have advanced two kilometers.")),
        ("c", fig("They retook around 2km (1.2 miles) of territory.")),
        ("d", fig("They have liberated at least half a mile of territory.")),
    ]
    groups = reconcile(members)
    g = group_of(groups, "length:territory")
    assert g.status == "conflict"
    assert sorted(rid for rid, _ in g.members) == ["a", "b", "c", "d"]
    assert ("a", "b") in g.conflicts and ("a", "d") not in g.conflicts
    assert groups[0] is g  # conflicts are listed first


def test_area_is_not_compared_with_length() -> None:
    groups = reconcile(
        [("a", fig("They retook 2 km of territory.")), ("b", fig("That is five square kilometres of territory."))]
    )
    assert {g.key for g in groups} == {"length:territory", "area:territory"}
    assert all(g.status == "single" for g in groups)


def test_same_claim_in_two_languages_and_forms_agrees() -> None:
    groups = reconcile(
        [
            ("a", fig("Ukraine attacked with more than a thousand soldiers.")),
            ("b", fig("Ukraine attacked with more than 1,000 troops.")),
            ("c", fig("Ukraina anföll med mer än tusen soldater.", "sv")),
        ]
    )
    g = group_of(groups, "count:soldiers")
    assert g.status == "agree" and g.low == 1000 and g.high is None


def test_at_least_and_up_to_meet_at_the_bound() -> None:
    groups = reconcile([("a", fig("at least forty tanks")), ("b", fig("up to 40 tanks"))])
    assert group_of(groups, "count:tanks").status == "agree"


def test_up_to_and_more_than_apart_conflict() -> None:
    groups = reconcile([("a", fig("up to 40 tanks")), ("b", fig("more than 60 Panzer", "de"))])
    assert group_of(groups, "count:tanks").status == "conflict"


def test_exact_counts_must_match() -> None:
    assert group_of(reconcile([("a", fig("26 attacks")), ("b", fig("26 attacks"))]), "count:attacks").status == "agree"
    assert group_of(reconcile([("a", fig("26 attacks")), ("b", fig("28 Angriffe", "de"))]), "count:attacks").status == (
        "conflict"
    )


def test_approximate_values_tolerate_rounding() -> None:
    groups = reconcile([("a", fig("around 2km of territory")), ("b", fig("1.2 miles of territory"))])
    assert group_of(groups, "length:territory").status == "agree"


def test_one_report_restating_itself_is_not_a_conflict() -> None:
    groups = reconcile([("a", fig("12 civilians were killed")), ("a", fig("15 civilians were killed"))])
    assert group_of(groups, "count:civilians/dead").status == "single"


def test_positions_are_never_grouped() -> None:
    groups = reconcile([("a", fig("a village 4 km north of the town")), ("b", fig("a town 90 km south of the border"))])
    assert len(groups) == 2 and all(g.status == "single" for g in groups)


def test_money_groups_by_currency() -> None:
    groups = reconcile([("a", fig("$5bn in military aid")), ("b", fig("€5bn in military aid"))])
    assert {g.key for g in groups} == {"money:USD:aid", "money:EUR:aid"}


def test_two_abouts_sixteen_percent_apart_conflict() -> None:
    groups = reconcile([("a", fig("about 250 people were evacuated")), ("b", fig("about 300 people were evacuated"))])
    assert group_of(groups, "count:people/evacuated").status == "conflict"


def test_positions_from_the_same_place_are_compared() -> None:
    groups = reconcile(
        [
            ("a", fig("the village, 30 km south of Toulouse")),
            ("b", fig("el pueblo, a unos 30 kilómetros al sur de Toulouse", "es")),
            ("c", fig("byn, omkring 3 mil söder om Toulouse", "sv")),
        ]
    )
    assert group_of(groups, "length:distance/toulouse").status == "agree"


def test_a_place_spelled_in_two_alphabets_is_one_reference() -> None:
    groups = reconcile(
        [
            ("a", fig("a town 40 km from Gävle")),
            ("b", fig("город в 40 километрах от Евле", "ru")),
            ("c", fig("orten ligger 4 mil från Gävle", "sv")),
            ("d", fig("a village 40 km from Uppsala")),
        ]
    )
    gavle = group_of(groups, "length:distance/gavle")
    assert sorted(rid for rid, _ in gavle.members) == ["a", "b", "c"]
    assert gavle.status == "agree"
    assert group_of(groups, "length:distance/uppsala").status == "single"


def test_romance_languages_measure_from_a_place_with_de_or_da() -> None:
    groups = reconcile(
        [
            ("a", fig("a town 40 km from Gävle")),
            ("b", fig("une ville située à une quarantaine de kilomètres de Gävle", "fr")),
            ("c", fig("un pueblo a unos 40 kilómetros de Gävle", "es")),
            ("d", fig("un paese a 40 km da Gävle", "it")),
        ]
    )
    gavle = group_of(groups, "length:distance/gavle")
    assert sorted(rid for rid, _ in gavle.members) == ["a", "b", "c", "d"]
    assert gavle.status == "agree"
    extent = fig("un tunnel de 3 km de long", "fr")  # lower case after "de": a size, not a position
    assert extent.counted_key is None or not extent.counted_key.startswith("distance")


def test_a_size_is_not_an_event_count() -> None:
    groups = reconcile([("a", fig("a village of 900 people")), ("b", fig("about 200 people were evacuated"))])
    assert {g.key for g in groups} == {"count:people/size", "count:people/evacuated"}


def test_a_large_group_lists_a_bounded_number_of_disagreeing_pairs() -> None:
    from newsdesk.views.reconcile import CONFLICT_PAIRS

    ten, hundred = fig("Rescuers evacuated 10 people."), fig("Rescuers evacuated 100 people.")
    split = reconcile([(f"r{i:03}", ten if i % 2 else hundred) for i in range(200)])
    (group,) = split
    assert group.status == "conflict" and len(group.conflicts) == CONFLICT_PAIRS  # 10,000 pairs disagree
    assert all(a < b for a, b in group.conflicts)
    agreed = reconcile([(f"r{i:03}", ten) for i in range(200)])
    assert agreed[0].status == "agree" and agreed[0].conflicts == [] and agreed[0].low == 10
