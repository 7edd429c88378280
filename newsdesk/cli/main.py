"""The ``newsdesk`` command line: one Typer app, one module per area of commands.

Every command is registered here, in one place, so the CLI is easy to survey;
its code lives in ``newsdesk/cli/<area>.py``.
"""

from __future__ import annotations

import typer

from newsdesk.cli import alerts, cluster, edits, entities, figures, quotes, reports, serve, similarity, stories, watch

app = typer.Typer(
    help="newsdesk: turn multilingual news reports into stories a reader can trust.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

for command in (
    reports.ingest,
    reports.reports,
    reports.show,
    stories.stories,
    stories.story,
    stories.brief,
    serve.serve,
    figures.figures,
    entities.entities,
    entities.entity,
    quotes.quotes,
    similarity.similarity,
    cluster.cluster,
    watch.watch,
    alerts.alerts,
    edits.merge,
    edits.split,
    edits.move,
    edits.rename,
    edits.quote,
    edits.undo,
    edits.edits,
):
    app.command()(command)
app.add_typer(watch.sources_app, name="sources")
app.add_typer(alerts.watchlist_app, name="watchlist")
