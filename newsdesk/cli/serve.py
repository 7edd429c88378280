"""``newsdesk serve``: the web UI and JSON API over a store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from newsdesk.cli.common import DbOption, open_desk


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 exposes it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the stories in a browser (and the JSON API, docs at /docs).

    Writing through the API (POST /api/reports) needs the bearer token in
    $NEWSDESK_TOKEN; without it the server is read-only.
    """
    import uvicorn

    from newsdesk.web.app import create_app

    with open_desk(db) as desk:  # fail early, with the CLI's message, when there is no database
        path, shown = desk.path, desk.store.where  # shown: a URL without its password
        built = desk.refresh_views()  # a store from before views were built at ingest: pages only read them
    if built:
        typer.echo(f"built {built} story views")
    token = os.environ.get("NEWSDESK_TOKEN") or None
    typer.echo(f"newsdesk on http://{host}:{port}/ ({'writes enabled' if token else 'read-only'}; store {shown})")
    uvicorn.run(create_app(path, token), host=host, port=port, log_level="warning")
