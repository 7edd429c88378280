"""Issue 7 on the bundled sample (examples/): every annotated figure extracted, its conflicts flagged.

Stories are taken from the answer key, so this tests figures and reconciliation,
not story clustering.  The conflicts and agreements below restate
``expected.json``'s prose lists as (report, figure text) members.
"""

from __future__ import annotations

import json

import pytest

from eval.figures import SAMPLE, analyse_sample, evaluate, sample_rows
from newsdesk.model import Report
from newsdesk.views.reconcile import FigureGroup, reconcile

FEED_A2 = "http://example.org/europe-brief/2026/04/06/norrvalla-dam-breach"
FEED_B = "http://example.org/europe-brief/2026/03/24/montclar-derailment"

CONFLICTS = {
    "A1 homes flooded": [("jsonl-fr-norrvalla", "quarantaine"), ("a1-en-herald", "50 houses")],
    "A1 evacuated": [("a1-sv-local", "250"), ("a1-en-wire", "300 residents")],
    "A1 river rise": [("a1-en-wire", "1.5 metres"), ("a1-sv-local", "två meter")],
    "A1 reservoir level": [("a1-sv-local", "97 procent"), ("a1-en-herald", "99 percent")],
    "A2 evacuated": [("a2-sv-local", "1 500"), (FEED_A2, "1,200")],
    "A2 missing": [("a2-sv-local", "personer"), ("a2-de", "zwei Menschen")],
    "A2 flooded area": [("a2-sv-local", "8 kvadratkilometer"), ("a2-en-herald", "five square")],
    "B wagons derailed": [("b-fr", "Trois wagons"), ("b-en", "Four wagons")],
    "B evacuated": [("b-sv", "hundratal"), (FEED_B, "150 people")],
    "B fertiliser leaked": [("b-en", "20,000 litres"), ("b-sv", "30 000 liter")],
    "B injured": [("b-en", "railway workers"), ("b-es", "trabajadores")],
    "B exclusion zone": [("b-fr", "500 mètres"), ("b-en", "half-mile")],
}
AGREEMENTS = {
    "A2 breach width": [("a2-en-herald", "30 metres"), ("a2-en-compact", "100-foot")],
    "A2 relief fund": [("a2-en-herald", "€10 million"), ("a2-de", "zehn Millionen")],
    "A2 reservoir lowering": [("a2-en-herald", "40 percent"), ("a2-de", "40 Prozent")],
    "A2 distance from Gävle": [(FEED_A2, "40 km"), ("a2-de", "40 Kilometer"), ("a2-ru", "40 километрах")],
    "B distance from Toulouse": [("b-fr", "30 km"), ("b-sv", "3 mil"), ("b-en", "20 miles")],
    "B line closure": [("b-fr", "cinq jours"), ("b-en", "up to a week"), ("b-es", "una semana")],
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return analyse_sample()


@pytest.fixture(scope="module")
def groups(reports: dict[str, Report]) -> list[FigureGroup]:
    stories = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["stories"]
    out: list[FigureGroup] = []
    for ids in stories:
        out.extend(reconcile([(rid, fig) for rid in ids for fig in reports[rid].figures]))
    return out


def _group_with(groups: list[FigureGroup], members: list[tuple[str, str]]) -> FigureGroup:
    found = []
    for report_id, text in members:
        g = next((g for g in groups if any(r == report_id and text in f.text for r, f in g.members)), None)
        assert g is not None, f"{report_id}: no figure with {text!r}"
        found.append(g)
    assert all(g is found[0] for g in found), [g.key for g in found]
    return found[0]


def test_every_annotated_figure_is_extracted() -> None:
    result = evaluate(sample_rows())
    assert result["recall"] >= 0.95, [m for m in result["misses"] if m["kind"] == "missed"]
    assert result["precision"] >= 0.95, [m for m in result["misses"] if m["kind"] != "missed"]


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_conflicts_are_flagged(groups: list[FigureGroup], name: str) -> None:
    assert _group_with(groups, CONFLICTS[name]).status == "conflict"


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_agreements_are_shown(groups: list[FigureGroup], name: str) -> None:
    assert _group_with(groups, AGREEMENTS[name]).status == "agree"
