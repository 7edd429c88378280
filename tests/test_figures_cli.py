"""``newsdesk figures`` over a small store built from invented reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsdesk.cli.figures import figures
from newsdesk.enrich.figures.finder import find_figures
from newsdesk.model import Paragraph, Report
from newsdesk.store import Store, now

app = typer.Typer()
app.command()(figures)
app.command()(lambda: None)  # a second command keeps typer in multi-command mode: `app figures ...`
runner = CliRunner()

TEXTS = {
    "en1": ("en", "The army said it had advanced two kilometres and repelled 26 attacks.", 1),
    "sv1": ("sv", "Upp emot en kilometer mark har armén tagit tillbaka och 26 attacker slogs tillbaka.", 1),
    "de1": ("de", "Rund 800 Soldaten nehmen an dem Manöver teil.", 2),
}


def build_store(path: Path, texts: dict[str, tuple[str, str, int]]) -> Path:
    """A store with one report per text (report id -> language, text, story), figures found as ingest finds them."""
    with Store(path) as store:
        stamp = now()
        for sid in sorted({story for _, _, story in texts.values()}):
            store.db.execute(
                "INSERT INTO stories (id, label, created_at, updated_at) VALUES (?, 's', ?, ?)", (sid, stamp, stamp)
            )
        for rid, (lang, text, story) in texts.items():
            report = Report(id=rid, source=rid, content_hash=rid, raw="", lang=lang, title=rid)
            report.paragraphs = [Paragraph(0, text, lang)]
            report.figures = find_figures(report)
            with store.transaction():
                store.save_report(report, identity=rid)
                store.db.execute("INSERT INTO story_reports (report_id, story_id) VALUES (?, ?)", (rid, story))
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "f.db", TEXTS)


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_json_lists_grouped_figures_with_status(db: Path) -> None:
    result = runner.invoke(app, ["figures", "--story", "1", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = rows(result.output)
    by_group = {(r["group"], r["report"]): r for r in out}
    assert by_group[("length:territory", "en1")]["status"] == "conflict"
    assert by_group[("length:territory", "sv1")]["qualifier"] == "le"
    assert by_group[("count:attacks", "sv1")]["status"] == "agree"
    assert by_group[("count:attacks", "en1")]["counted_key"] == "attacks"
    assert {r["story"] for r in out} == {1}


def test_all_stories_and_the_table(db: Path) -> None:
    result = runner.invoke(app, ["figures", "--json", "--db", str(db)])
    assert {r["story"] for r in rows(result.output)} == {1, 2}
    table = runner.invoke(app, ["figures", "--db", str(db)])
    assert table.exit_code == 0 and "conflict" in table.output and "≤ 1 km" in table.output


def test_the_table_converts_to_the_unit_the_sources_use(tmp_path: Path) -> None:
    texts = {
        "en": ("en", "The water rose by 5 feet and the road was closed for two hours.", 1),
        "de": ("de", "Das Wasser stieg um 1,5 Meter, die Straße war drei Stunden gesperrt.", 1),
        "fr": ("fr", "L'eau est montée de 2 mètres et 20 000 litres de fioul ont fui.", 1),
    }
    path = build_store(tmp_path / "units.db", texts)
    table = runner.invoke(app, ["figures", "--db", str(path)], env={"COLUMNS": "200"}).output
    assert "5 ft (= 1.524 m)" in table  # metres, the unit two of three sources use, not the base unit (km)
    assert "1.5 m " in table and "(= 0.0015" not in table  # a figure in the common unit is not converted
    assert "2 hours" in table and "3 hours" in table and "day" not in table  # both in hours: no conversion
    assert "20,000 l" in table  # not 2e+04


def test_unknown_story_is_an_error(db: Path) -> None:
    result = runner.invoke(app, ["figures", "--story", "9", "--db", str(db)])
    assert result.exit_code == 2
