"""newsdesk: turn a multilingual stream of news reports into stories a reader can trust.

The public API is :class:`Desk` and the dataclasses it returns::

    import newsdesk

    with newsdesk.Desk("news.db") as desk:
        desk.ingest(["reports/"])
        print(desk.stories())

Names are imported on first use, so ``import newsdesk.model`` (or a worker
process) does not load the whole pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Desk",
    "FigureGroup",
    "IngestResult",
    "Entity",
    "EntityInfo",
    "Figure",
    "ItemError",
    "Link",
    "Mention",
    "Quote",
    "QuoteInfo",
    "RawReport",
    "Report",
    "ReportInfo",
    "Story",
    "StoryChange",
    "StoryInfo",
    "StoryView",
    "__version__",
]
# Where each public name lives (everything not listed is in newsdesk.model).
_HOMES = {"Desk": "newsdesk.desk", "FigureGroup": "newsdesk.views.reconcile", "IngestResult": "newsdesk.pipeline"}

if TYPE_CHECKING:
    from newsdesk.desk import Desk
    from newsdesk.model import (
        Entity,
        EntityInfo,
        Figure,
        ItemError,
        Link,
        Mention,
        Quote,
        QuoteInfo,
        RawReport,
        Report,
        ReportInfo,
        Story,
        StoryChange,
        StoryInfo,
        StoryView,
    )
    from newsdesk.pipeline import IngestResult
    from newsdesk.views.reconcile import FigureGroup


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module(_HOMES.get(name, "newsdesk.model")), name)
    raise AttributeError(f"module 'newsdesk' has no attribute {name!r}")
