"""``newsdesk figures``: the numbers each story's sources give, grouped, with disagreements flagged."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.markup import escape
from rich.table import Table

from newsdesk.cli.common import DbOption, JsonOption, StoryOption, console, emit, open_desk, require_story
from newsdesk.enrich.figures.units import FACTORS
from newsdesk.views.reconcile import FigureGroup, interval

_STYLE = {"conflict": "bold red", "agree": "green", "single": "dim"}
_WORD_UNITS = frozenset({"yard", "acre", "hour", "day", "week", "month", "year"})  # "2 hours", not "2 hour"


def figures(story: StoryOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """Figures per story, grouped by what they measure; conflicts first and in red."""
    with open_desk(db) as desk:
        by_story = desk.figures(story=require_story(desk, story) if story is not None else None)
    rows = [_row(sid, g, rid, fig) for sid, groups in by_story.items() for g in groups for rid, fig in g.members]
    if json_:
        emit(rows, [], True)
        return
    for sid, groups in by_story.items():
        _print_story(sid, groups)
    if not rows:
        console.print("[dim]No figures.[/dim]")


def _row(story_id: int, group: FigureGroup, report_id: str, fig: Any) -> dict[str, Any]:
    low, high = interval(fig)
    return {
        "story": story_id,
        "group": group.key,
        "status": group.status,
        "report": report_id,
        "paragraph": fig.paragraph,
        "text": fig.text,
        "value": fig.value,
        "value_max": fig.value_max,
        "qualifier": fig.qualifier,
        "unit": fig.unit,
        "dimension": fig.dimension,
        "normalized": fig.normalized,
        "base_unit": group.unit,
        "allows": [low, None if high == float("inf") else high],
        "counted": fig.counted,
        "counted_key": fig.counted_key,
        "claimant": fig.claimant,
        "claimant_key": fig.claimant_key,
    }


def _print_story(story_id: int, groups: list[FigureGroup]) -> None:
    table = Table(title=f"Story {story_id}: figures", header_style="bold")
    for col in ("what", "status", "report", "figure", "value", "claimant"):
        table.add_column(col)
    for group in groups:
        style = _STYLE[group.status]
        what = group.counted or group.members[0][1].counted or group.dimension
        common = common_unit(group)
        for i, (report_id, fig) in enumerate(group.members):
            table.add_row(
                escape(f"{what} ({group.dimension})") if i == 0 else "",
                f"[{style}]{group.status}[/]" if i == 0 else "",
                report_id,
                escape(fig.text),
                _value(fig, common),
                escape(fig.claimant or ""),
            )
    console.print(table)


def common_unit(group: FigureGroup) -> str | None:
    """The unit most of a group's figures are written in, when they are written in more than one.

    A reader compares "100 feet" with "30 metres" in metres, not in the dimension's
    base unit ("0.03048 km"); a group written in one unit needs no conversion at all.
    """
    units = Counter(fig.unit for _, fig in group.members if fig.unit in FACTORS)
    return units.most_common(1)[0][0] if len(units) > 1 else None


def _value(fig: Any, common: str | None) -> str:
    """The value as written with its qualifier sign, and in the group's common unit when that differs: '≤ 1 km'."""
    signs = {"gt": "> ", "ge": "≥ ", "lt": "< ", "le": "≤ ", "approx": "~ ", "exact": "", "range": ""}
    text = f"{signs[fig.qualifier]}{_number(fig.value)}"
    if fig.qualifier == "range" and fig.value_max is not None:
        text += f"–{_number(fig.value_max)}"
    if fig.unit:
        text += f" {unit_label(fig.unit, fig.value_max or fig.value)}"
    if common and fig.unit != common and fig.unit in FACTORS and fig.normalized is not None:
        converted = fig.normalized / FACTORS[common]
        text += f" (= {_number(converted)} {unit_label(common, converted)})"
    return text


def _number(x: float) -> str:
    """Four significant digits, but whole thousands written out: "20,000", "804.7", "0.0015"."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def unit_label(unit: str, value: float) -> str:
    """A unit as a reader writes it after ``value``: "2 hours", "1 day", "3 km"."""
    return unit + "s" if unit in _WORD_UNITS and value != 1 else unit
