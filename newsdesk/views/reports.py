"""Stored reports as listings show them."""

from __future__ import annotations

import json

from newsdesk.model import ReportInfo
from newsdesk.store import Store


def report_infos(store: Store, *, story: int | None = None) -> list[ReportInfo]:
    """Every stored report (of ``story``), oldest first."""
    return [ReportInfo(**(dict(row) | {"flags": json.loads(row["flags"])})) for row in store.list_reports(story=story)]
