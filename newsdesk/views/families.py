"""Which reports of a story are independent sources, and which of them its view compares with each other.

Copies and translations form a family with their origin (union-find over the
store's duplicate and translation links): a story's independent sources are
its families.  Comparing reports (sentence alignment, quote links) is
quadratic in them, so a view compares a bounded, representative set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsdesk.model import Report
from newsdesk.stories.groups import components

# A view compares at most this many of a story's reports with each other (sentence alignment, quote links; see
# compared_reports): that comparison is quadratic in the reports, and a growing story's view is rebuilt at every
# refresh of an ingest.  CPU per build of one story of near-identical reports (benchmarks.views): 300 reports
# 5.3 s without this bound, 0.3 s with it.
COMPARED_REPORTS = 40


def families(report_ids: list[str], links: list[tuple[str, str, str]]) -> dict[str, str]:
    """Report id -> its family's representative (the smallest id), over copy/translation links."""
    return components(report_ids, ((a, b) for a, b, _kind in links))


def compared_reports(reports: Sequence[Report], family: Mapping[str, str], limit: int | None = None) -> list[Report]:
    """The reports a story view compares with each other, oldest first: all of them up to ``limit``
    (default COMPARED_REPORTS).

    Beyond it, the earliest report of each family (copies and translations say
    what their origin says), and of those, when there are too many, the
    earliest and the latest half: how the story began and what is new.  With
    fewer families than ``limit``, the latest other reports fill the rest.
    """
    limit = COMPARED_REPORTS if limit is None else limit
    by_date = sorted(reports, key=lambda r: (r.published or "", r.id))
    if len(by_date) <= limit:
        return by_date
    heads, seen = [], set()
    for report in by_date:
        if family[report.id] not in seen:
            seen.add(family[report.id])
            heads.append(report)
    if len(heads) >= limit:
        chosen = heads[: limit // 2] + heads[len(heads) - (limit - limit // 2) :]
    else:
        taken = {r.id for r in heads}
        rest = [r for r in by_date if r.id not in taken]
        chosen = heads + rest[len(rest) - (limit - len(heads)) :]
    return sorted(chosen, key=lambda r: (r.published or "", r.id))
