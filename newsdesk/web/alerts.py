"""Watchlists, alerts and watched sources: the alerts page and read-only JSON routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsdesk.model import Alert, Watchlist, WatchSource
from newsdesk.web.deps import DeskDep, templates

router = APIRouter(prefix="/api", tags=["watch"])
pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
WatchlistName = Annotated[str | None, Query(max_length=64, description="only this watchlist's alerts")]


@router.get("/alerts", response_model=list[Alert], summary="Alerts")
def list_alerts(
    desk: DeskDep, watchlist: WatchlistName = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[Alert]:
    """Alerts raised by watchlists, newest first, with their webhook delivery."""
    return desk.alerts(watchlist=watchlist, limit=limit)


@router.get("/watchlists", response_model=list[Watchlist], summary="Watchlists")
def list_watchlists(desk: DeskDep) -> list[Watchlist]:
    """What the desk follows: entities, queries and stories (webhook URLs are not shown)."""
    return [Watchlist(**{**w.__dict__, "webhook": None}) for w in desk.watchlists()]


@router.get("/sources", response_model=list[WatchSource], summary="Watched sources")
def list_sources(desk: DeskDep) -> list[WatchSource]:
    """The sources `newsdesk watch` polls, with their last poll, last new item and errors."""
    return desk.sources()


@pages.get("/alerts")
def alerts_page(request: Request, desk: DeskDep, watchlist: WatchlistName = None) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "alerts.html",
        {
            "alerts": desk.alerts(watchlist=watchlist or None, limit=200),
            "watchlists": desk.watchlists(),
            "current": watchlist or None,
        },
    )
