"""Model objects from stored rows, kept apart from the store's SQL so each backend's rows map the same way."""

from __future__ import annotations

import json
from typing import Any

from newsdesk.model import Entity, Report


def report_from_row(row: Any, raw: str) -> Report:
    """A report from its ``reports`` row (either backend's row: both index by column name)."""
    return Report(
        id=row["id"],
        source=row["source"],
        content_hash=row["content_hash"],
        raw=raw,
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        author=row["author"],
        published=row["published"],
        date_source=row["date_source"],
        lang=row["lang"],
        text_dates=json.loads(row["text_dates"]),
        revision=row["revision"],
        flags=json.loads(row["flags"]),
    )


def entity_from_row(row: Any) -> Entity:
    """An entity from its ``entities`` row; variants are stored as JSON text on both backends."""
    return Entity(
        key=row["key"],
        name=row["name"],
        type=row["type"],
        variants=json.loads(row["variants"]),
        lat=row["lat"],
        lon=row["lon"],
        country=row["country"],
    )
