"""``newsdesk similarity``: same-story scores for report pairs, over invented reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.cli.similarity import read_pairs
from newsdesk.model import RawReport
from newsdesk.pipeline import analyse
from newsdesk.stories.features import pair_features
from newsdesk.stories.pairmodel import bundled_pair_models, choose_model
from newsdesk.stories.similarity import evidence_maker

FLOOD = "Heavy rain made the river Oster burst its banks in Veltmark on Tuesday; 1,200 residents had to leave."
FLOOD_DE = "Starker Regen ließ die Oster am Dienstag in Veltmark über die Ufer treten; 1.200 Einwohner mussten gehen."
RATES = "The central bank of Norland raised its key interest rate by half a point on Thursday, citing inflation."


def test_same_story_scores_high_other_story_low_bad_line_reported(tmp_path: Path) -> None:
    rows = [
        {"id": "same", "a": {"title": "Floods in Veltmark", "text": FLOOD, "lang": "en"}, "b": {"text": FLOOD_DE}},
        {"id": "other", "a": {"text": FLOOD, "date": "2031-04-08"}, "b": {"text": RATES, "date": "2031-04-10"}},
        {"id": "bad", "a": {"text": FLOOD}},
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["similarity", str(path), "--json"])
    assert result.exit_code == 1  # one line failed, the others were scored
    scores = {row["id"]: row["score"] for row in map(json.loads, result.stdout.strip().splitlines()) if "id" in row}
    assert scores["bad"] is None
    assert 0.0 <= scores["other"] < 0.3 < 0.5 < scores["same"] <= 1.0


def test_default_keeps_the_cascade_accurate_encodes_every_lead() -> None:
    reports = [analyse(RawReport(source="t", id=i, text=t, lang="en")) for i, t in (("a", FLOOD), ("b", RATES))]
    cascade, every = evidence_maker()(reports, []), evidence_maker(accurate=True)(reports, [])
    assert all("e5" not in ev.vectors and "usem3" in ev.vectors for ev in cascade)  # USE-m3 reads English
    assert all("e5" in ev.vectors and "usem3" in ev.vectors for ev in every)  # e5 of the lead as well
    models = bundled_pair_models()
    assert choose_model(pair_features(*cascade), models) is models["usem3"]
    assert choose_model(pair_features(*every), models) is models["full"]


def test_accurate_option_scores_the_same_pairs_in_the_same_ranges(tmp_path: Path) -> None:
    rows = [
        {"id": "same", "a": {"text": FLOOD, "lang": "en"}, "b": {"text": FLOOD_DE, "lang": "de"}},
        {"id": "other", "a": {"text": FLOOD, "date": "2031-04-08"}, "b": {"text": RATES, "date": "2031-04-10"}},
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    runs = {}
    for flags in ((), ("--accurate",)):
        result = CliRunner().invoke(app, ["similarity", str(path), "--json", *flags])
        assert result.exit_code == 0
        runs[flags] = {row["id"]: row["score"] for row in map(json.loads, result.stdout.strip().splitlines())}
    for scores in runs.values():
        assert 0.0 <= scores["other"] < 0.3 < 0.5 < scores["same"] <= 1.0
    assert runs[()] != runs[("--accurate",)]  # other vectors, another model
    assert "--accurate" in CliRunner().invoke(app, ["similarity", "--help"]).stdout


def test_scoring_reads_no_quotes_and_encodes_each_sentence_once(monkeypatch) -> None:
    """The similarity analysis skips quotes and figures, encodes each sentence once in all (the analysis
    leaves sentences to the evidence step), and scores exactly as a full analysis would."""
    from newsdesk.desk import Desk
    from newsdesk.pipeline import analyse_batch
    from newsdesk.stories import evidence, texts
    from newsdesk.stories.similarity import score_pairs

    said = 'The mayor of Veltmark said: "We moved 1,200 residents to the school hall overnight."'
    raws = [
        RawReport(source="a", title="Floods in Veltmark", text=f"{FLOOD}\n\n{said}", lang="en"),
        RawReport(source="b", title="Hochwasser in Veltmark", text=f"{FLOOD_DE}\n\nDie Schule bleibt zu."),
    ]
    analysed = analyse_batch(raws, attribution=False)
    assert all(not report.quotes and not report.figures for report, _ in analysed)
    full = [analyse(raw) for raw in raws]
    assert full[0].quotes and full[0].figures  # what was left out was there to leave out

    encoded: list[str] = []  # every text encoded, by the analysis (evidence.py) or the evidence step (texts.py)
    for module in (evidence, texts):
        real = module.cached_encode

        def counting(store, encoder, items, real=real):  # type: ignore[no-untyped-def]
            encoded.extend(items)
            return real(store, encoder, items)

        monkeypatch.setattr(module, "cached_encode", counting)
    with Desk(":memory:") as desk:
        score = desk.similarities([(raws[0], raws[1])])[0]
    sentences = {s.text for r in full for s in r.sentences}
    assert len(sentences) == 4
    assert all(encoded.count(s) == 1 for s in sentences)  # each sentence once, not once per step
    assert score == pytest.approx(score_pairs(None, [(full[0], full[1])])[0], abs=1e-6)  # batching: float32 noise


def test_bad_pair_lines_say_what_is_wrong_and_keep_their_ids() -> None:
    lines = [
        json.dumps({"id": "one-side", "a": {"text": FLOOD}}),
        "not json",
        "[1, 2]",
        '{"id": "nan", "a": {"text": NaN}, "b": {"text": "y"}}',
        json.dumps({"id": "empty-report", "a": {"title": "only a title"}, "b": {"text": RATES}}),
        json.dumps({"id": 7, "a": {"text": FLOOD}, "b": {"text": RATES}}),
        json.dumps({"id": "blank", "a": {"title": "t", "text": ""}, "b": {"text": RATES, "html": None}}),
    ]
    entries = read_pairs(lines, "pairs.jsonl")
    errors = {pair_id: pair for pair_id, pair in entries if isinstance(pair, str)}
    assert errors == {
        "one-side": "line 1: bad pair: needs 'b' as report objects ({'text': ...})",
        2: "line 2: bad pair: Expecting value: line 1 column 1 (char 0)",
        3: "line 3: bad pair: a line must be a JSON object",
        4: "line 4: bad pair: NaN is not a JSON value",
        "empty-report": "line 5: bad pair: no 'text' or 'html' field",
        "blank": "line 7: bad pair: 'text' empty: nothing to read",
    }
    ((good_id, (a, b)),) = [(i, p) for i, p in entries if not isinstance(p, str)]
    assert good_id == 7 and (a.text, b.text) == (FLOOD, RATES)


def test_unreadable_input_is_an_error_that_names_it(tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["similarity", str(tmp_path / "nowhere.jsonl")])
    assert missing.exit_code == 2 and "No such file" in " ".join(missing.output.split())  # rich wraps long paths
    binary = tmp_path / "pairs.jsonl"
    binary.write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(app, ["similarity", str(binary)])
    assert result.exit_code == 2 and "binary content, not text" in " ".join(result.output.split())
