"""Reconcile figures inside a story: group what measures the same thing, flag disagreement.

Figures group by dimension and counted key (``Figure.counted_key``: "soldiers"
for troops/soldater/Soldaten, "territory" for ground retaken), money also by
currency.  Each figure becomes an interval of values it allows, in the
dimension's base unit:

- exact: the value itself; measured quantities (length, area, ...) get 5%
  either side because conversions and rounding ("2km (1.2 miles)") blur them,
- approx ("around", "nearly"): 20% either side,
- gt/ge ("more than", "at least"): from the value up, lt/le: from zero to it
  (bounds are inclusive: "at least 40" and "up to 40" agree, at 40),
- range: its bounds.

Two *reports* disagree when their figures' intervals do not meet; one report
giving two values is an update, not a conflict.  Positions ("4 km north of
the town") are never grouped: distances from different places do not measure
one thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from newsdesk.enrich.units import BASE
from newsdesk.model import Figure

Status = Literal["agree", "conflict", "single"]
EXACT_TOLERANCE = 0.05
APPROX_TOLERANCE = 0.20
_UNGROUPED = frozenset({"distance"})


@dataclass
class FigureGroup:
    """Figures from one story that measure the same thing, and whether their sources agree."""

    key: str  # "count:soldiers", "length:territory", "money:USD:aid"
    dimension: str
    counted: str | None  # the counted key shared by the members
    unit: str | None  # unit of ``low``/``high``: the dimension's base unit, currency code or "%"
    members: list[tuple[str, Figure]] = field(default_factory=list)  # (report id, figure)
    status: Status = "single"
    low: float | None = None  # common ground of all members (None when they conflict)
    high: float | None = None
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # report id pairs that disagree

    @property
    def reports(self) -> list[str]:
        return sorted({rid for rid, _ in self.members})


def interval(fig: Figure) -> tuple[float, float]:
    """The values a figure allows, in its dimension's base unit."""
    value = fig.normalized if fig.normalized is not None else fig.value
    factor = value / fig.value if fig.value else 1.0
    tol = 0.0 if fig.dimension == "count" else EXACT_TOLERANCE
    match fig.qualifier:
        case "range":
            top = (fig.value_max or fig.value) * factor
            return value, top
        case "approx":
            return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
        case "gt" | "ge":
            return value * (1 - tol), math.inf
        case "lt" | "le":
            return 0.0, value * (1 + tol)
    return value * (1 - tol), value * (1 + tol)


def group_key(fig: Figure) -> str | None:
    """The key figures must share to be compared, or None when a figure stands alone."""
    if not fig.counted_key or fig.counted_key in _UNGROUPED:
        return None
    if fig.dimension == "money":
        return f"money:{fig.unit}:{fig.counted_key}"
    return f"{fig.dimension}:{fig.counted_key}"


def reconcile(figures: list[tuple[str, Figure]]) -> list[FigureGroup]:
    """Group a story's figures (report id, figure) and judge each group; conflicts first."""
    groups: dict[str, FigureGroup] = {}
    singles: list[FigureGroup] = []
    for rid, fig in figures:
        key = group_key(fig)
        if key is None:
            singles.append(_group(f"{fig.dimension}:{rid}:{fig.paragraph}:{fig.start}", fig, [(rid, fig)]))
            continue
        if key not in groups:
            groups[key] = _group(key, fig, [])
        groups[key].members.append((rid, fig))
    for group in groups.values():
        _judge(group)
    for group in singles:
        _judge(group)
    order = {"conflict": 0, "agree": 1, "single": 2}
    return sorted([*groups.values(), *singles], key=lambda g: (order[g.status], -len(g.reports), g.key))


def _group(key: str, fig: Figure, members: list[tuple[str, Figure]]) -> FigureGroup:
    unit = fig.unit if fig.dimension in ("money", "percent") else BASE.get(fig.dimension, fig.unit)
    if unit:
        unit = unit.replace("**2", "2").replace("tonne", "t")
    return FigureGroup(key, fig.dimension, fig.counted_key, unit, members)


def _judge(group: FigureGroup) -> None:
    """Set status, common interval and the disagreeing report pairs."""
    per_report: dict[str, tuple[float, float]] = {}
    for rid, fig in group.members:
        lo, hi = interval(fig)
        if rid in per_report:
            # A report's own figures widen its claim (an update, a restatement), never conflict.
            plo, phi = per_report[rid]
            lo, hi = min(lo, plo), max(hi, phi)
        per_report[rid] = (lo, hi)
    ids = sorted(per_report)
    group.conflicts = [
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if per_report[a][1] < per_report[b][0] or per_report[b][1] < per_report[a][0]
    ]
    lo = max(v[0] for v in per_report.values())
    hi = min(v[1] for v in per_report.values())
    if len(ids) < 2:
        group.status = "single"
    elif group.conflicts:
        group.status = "conflict"
    else:
        group.status = "agree"
    if not group.conflicts:
        group.low, group.high = lo, (None if math.isinf(hi) else hi)
