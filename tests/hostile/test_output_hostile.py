"""Inert output: article text reaches a terminal without control sequences, and Markdown without live HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk import Desk, RawReport
from newsdesk.cli import app
from newsdesk.cli.common import inert, json_line
from newsdesk.views.brief import render

from .cases import CONTROL_SEQUENCES, SCRIPT

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TITLE = f"Flood{CONTROL_SEQUENCES} warning"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    body = (
        f"The river Oster rose two metres in Veltmark on Tuesday{CONTROL_SEQUENCES}, officials said.\n\n"
        f"Residents were told to leave {SCRIPT} before nightfall, the mayor said."
    )
    with Desk(db) as desk:
        result = desk.ingest([RawReport(source="api#h", id="hostile", title=TITLE, text=body, date="2031-04-08")])
    assert result.added == ["hostile"]
    return db


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args",
    [
        ("show", "hostile"),
        ("show", "hostile", "--json"),
        ("reports",),
        ("reports", "--json"),
        ("stories",),
        ("stories", "--json"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, tuple) else a,
)
def test_terminal_output_carries_no_control_characters(hostile_db: Path, args: tuple[str, ...]):
    output = _run(*args, "--db", str(hostile_db))
    assert "Flood" in output
    assert not CONTROLS.findall(output.replace("\n", "").replace("\t", ""))


def test_json_output_keeps_the_control_characters_as_escapes(hostile_db: Path):
    data = json.loads(_run("show", "hostile", "--json", "--db", str(hostile_db)))
    assert data["title"] == TITLE  # the stored text is untouched: only what reaches the terminal is inert


def test_inert_keeps_tabs_newlines_and_letters():
    assert inert("a\tb\nc\x1b[2Jd\x9be\u00e9\u2028") == "a\tb\nc[2Jde\u00e9\u2028"
    assert json.loads(json_line({"t": "x\x9by"})) == {"t": "x\x9by"} and "\x9b" not in json_line({"t": "x\x9by"})


def test_markdown_brief_escapes_html_from_article_text():
    view = {
        "story": {"id": 1, "label": f"Label {SCRIPT}"},
        "coverage": {"first": "2031-04-08", "last": None, "reports": ["a"], "independent": 1, "outlets": ["<b>"],
                     "languages": ["en"]},
    }  # fmt: skip
    sentences = [{"text": f"Residents were told {SCRIPT}.", "report": "a<i>", "paragraph": 0, "lang": "en",
                  "outlet": "<img src=x onerror=alert(2)>"}]  # fmt: skip
    markdown = render(view, sentences, "md")
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown and "<i>" not in markdown
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in markdown
    assert "[&lt;img src=x onerror=alert(2)&gt;, a&lt;i&gt; ¶0]" in markdown
