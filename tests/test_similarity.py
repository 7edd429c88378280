"""``newsdesk similarity``: same-story scores for report pairs, over invented reports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsdesk.cli import app

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
