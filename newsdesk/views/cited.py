"""A sentence with its citation: what every claim a view shows carries, so a reader can check it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Cited:
    """A sentence with its citation: report, paragraph, offsets, language."""

    text: str
    report: str
    paragraph: int
    start: int
    end: int
    lang: str | None
    outlet: str | None = None
