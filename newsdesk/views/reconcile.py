"""Reconcile figures inside a story: group what measures the same thing, flag disagreement.

Figures group by dimension and counted key (``Figure.counted_key``: "soldiers"
for troops/soldater/Soldaten, "territory" for ground retaken), money also by
currency.  Each figure becomes an interval of values it allows, in the
dimension's base unit:

- exact: the value itself (counts, percentages); measured quantities (length,
  area, ...) get 2% either side for unit conversions (100 feet = 30.48 m),
- approx ("around", "nearly"): 8% either side, so two "about" figures agree
  when they are within about 16% of each other ("about 250" and "about 300"
  do not),
- gt/ge ("more than", "at least"): from the value up, lt/le: from zero to it
  (bounds are inclusive: "at least 40" and "up to 40" agree, at 40),
- range: its bounds.

Two *reports* disagree when none of their figures' intervals meet; one report
giving two values is an update, not a conflict.  Positions ("4 km north of
the town") are grouped only by the named place they are measured from
("30 km south of Lyon"): distances from different places do not measure
one thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal

from newsdesk.enrich.figures.units import BASE
from newsdesk.model import Figure

Status = Literal["agree", "conflict", "single"]
EXACT_TOLERANCE = 0.02
APPROX_TOLERANCE = 0.08
# Disagreeing report pairs a group lists: all of them is quadratic in its reports (a 1,000-report story's
# figures listed ~250,000 pairs, most of the view's build time); the status needs only one.
CONFLICT_PAIRS = 50
_UNGROUPED = frozenset({"distance"})  # a position with no named reference


@dataclass
class FigureGroup:
    """Figures from one story that measure the same thing, and whether their sources agree."""

    key: str  # "count:soldiers", "length:territory", "money:USD:aid"
    dimension: str
    counted: str | None  # the counted key shared by the members
    unit: str | None  # unit of ``low``/``high``: the dimension's base unit, currency code or "%"
    members: list[tuple[str, Figure]] = field(default_factory=list)  # (report id, figure)
    status: Status = "single"
    low: float | None = None  # common ground of all members (None when there is none)
    high: float | None = None
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # disagreeing report pairs (CONFLICT_PAIRS at most)

    @property
    def reports(self) -> list[str]:
        return sorted({rid for rid, _ in self.members})


def interval(fig: Figure) -> tuple[float, float]:
    """The values a figure allows, in its dimension's base unit."""
    value = fig.normalized if fig.normalized is not None else fig.value
    factor = value / fig.value if fig.value else 1.0
    tol = 0.0 if fig.dimension in ("count", "percent") else EXACT_TOLERANCE
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
    """Set status, common interval and the disagreeing report pairs.

    Two reports agree when some figure of one meets some figure of the other:
    a report that gives two values (an update, a restatement) is judged by
    whichever of them the other source can share.
    """
    per_report: dict[str, list[tuple[float, float]]] = {}
    for rid, fig in group.members:
        per_report.setdefault(rid, []).append(interval(fig))
    ids = sorted(per_report)
    everything = [iv for ivs in per_report.values() for iv in ivs]
    lo, hi = max(v[0] for v in everything), min(v[1] for v in everything)
    if lo <= hi:  # intervals with a point in common: every pair meets, nothing to compare pair by pair
        group.low, group.high = lo, (None if math.isinf(hi) else hi)
        group.conflicts = []
    else:
        disagreeing = (
            (a, b)
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
            if not any(_meet(x, y) for x in per_report[a] for y in per_report[b])
        )
        group.conflicts = list(islice(disagreeing, CONFLICT_PAIRS))
    group.status = "single" if len(ids) < 2 else "conflict" if group.conflicts else "agree"


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
