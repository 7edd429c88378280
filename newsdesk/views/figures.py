"""The figures of a story, reconciled across its reports (see :mod:`newsdesk.views.reconcile`)."""

from __future__ import annotations

from newsdesk.store import Store
from newsdesk.views.reconcile import FigureGroup, reconcile


def story_figures(store: Store, story_id: int) -> list[FigureGroup]:
    """The reconciled figure groups of one story, read from the store."""
    found = store.get_story(story_id)
    members = []
    for report_id in found.report_ids if found else []:
        report = store.get_report(report_id)
        if report is not None:
            members.extend((report.id, fig) for fig in report.figures)
    return reconcile(members)
