"""The JSON API: the same data as the pages, plus ingestion behind a bearer token."""

from __future__ import annotations

import json
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from newsdesk.desk import Desk
from newsdesk.model import ItemError, RawReport, text_hash
from newsdesk.sources.fetch import MAX_BYTES, FetchError, fetch_url
from newsdesk.sources.items import items_from_bytes
from newsdesk.web import queries
from newsdesk.web.deps import DeskDep, require_token
from newsdesk.web.queries import Filters
from newsdesk.web.schemas import (
    EntityDetail,
    ErrorResponse,
    IngestRequest,
    IngestResponse,
    ReportDetail,
    SearchResponse,
    StoryDetail,
    StorySummary,
)
from newsdesk.web.search import SemanticUnavailable, keyword_search, matching_reports, semantic_search
from newsdesk.web.story import story_detail

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND = {404: {"model": ErrorResponse, "description": "no such item"}}

DateFrom = Annotated[str | None, Query(description="earliest publication date (ISO, may be partial)", max_length=32)]
DateTo = Annotated[str | None, Query(description="latest publication date (ISO, may be partial)", max_length=32)]
Lang = Annotated[str | None, Query(description="report language code, e.g. 'en'", max_length=16)]
Outlet = Annotated[str | None, Query(max_length=200)]
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a full or partial ISO date: 2026, 2026-03, 2026-03-10
Since = Annotated[
    str | None, Query(description="ISO date: also brief what reports published after it added", pattern=ISO_DATE)
]
EntityKey = Annotated[str | None, Query(description="canonical entity key (see /api/entities)", max_length=300)]


def filters_of(
    date_from: DateFrom = None,
    date_to: DateTo = None,
    lang: Lang = None,
    outlet: Outlet = None,
    entity: EntityKey = None,
) -> Filters:
    """The shared filter query parameters as a :class:`Filters`."""
    return Filters(date_from=date_from, date_to=date_to, lang=lang, outlet=outlet, entity=entity)


FiltersDep = Annotated[Filters, Depends(filters_of)]


@router.get("/stories", response_model=list[StorySummary], summary="List stories")
def list_stories(
    desk: DeskDep,
    filters: FiltersDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="stories per response")] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9, description="stories to skip (newest first)")] = 0,
) -> list[StorySummary]:
    """Stories with a report matching the filters, newest first; q keeps those with a paragraph containing all its words."""
    return queries.story_summaries(
        desk.store, filters, report_ids=matching_reports(desk.store, q or ""), limit=limit, offset=offset
    )


T = TypeVar("T")


def _found(detail: T | None, message: str) -> T:
    """The looked-up detail, or a 404 saying what was not found."""
    if detail is None:
        raise HTTPException(404, message)
    return detail


MERGED = {301: {"description": "the story was merged; Location is the story it became"}}


@router.get("/stories/{story_id}", response_model=StoryDetail, responses=NOT_FOUND | MERGED, summary="One story")
def get_story(request: Request, desk: DeskDep, story_id: int, since: Since = None) -> StoryDetail | Response:
    """A story's coverage, briefing, conflicts, figures, quotes, timeline and places.

    A story merged into another redirects to it (301), so links to it keep working.
    """
    merged = to_live_story(request, desk, story_id)
    if merged is not None:
        return merged
    return _found(story_detail(desk.store, story_id, since), f"no story {story_id}")


def to_live_story(request: Request, desk: Desk, story_id: int) -> RedirectResponse | None:
    """A redirect to the story ``story_id`` was merged into (same query), or None for a live or unknown story."""
    live = desk.live_story(story_id)
    if live is None or live == story_id:
        return None
    path = request.url.path.rsplit("/", 1)[0] + f"/{live}"
    return RedirectResponse(f"{path}?{request.url.query}" if request.url.query else path, status_code=301)


@router.get("/reports/{report_id}", response_model=ReportDetail, responses=NOT_FOUND, summary="One report")
def get_report(desk: DeskDep, report_id: str) -> ReportDetail:
    return _found(queries.report_detail(desk.store, report_id), f"no report {report_id!r}")


@router.get("/entities/{key:path}", response_model=EntityDetail, responses=NOT_FOUND, summary="One entity")
def get_entity(desk: DeskDep, key: str) -> EntityDetail:
    return _found(queries.entity_detail(desk.store, key), f"no entity {key!r}")


@router.get(
    "/search",
    response_model=SearchResponse,
    responses={503: {"model": ErrorResponse, "description": "semantic search is not available"}},
    summary="Search reports",
)
def search(
    desk: DeskDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=500)] = "",
    mode: Literal["keyword", "semantic"] = "keyword",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResponse:
    """Keyword: paragraphs containing every word (FTS5).  Semantic: reports closest in meaning, across languages."""
    run = semantic_search if mode == "semantic" else keyword_search
    try:
        return SearchResponse(q=q, mode=mode, hits=run(desk.store, q, filters, limit))
    except SemanticUnavailable as exc:
        raise HTTPException(503, str(exc)) from exc


WRITE_ERRORS = {
    400: {"model": ErrorResponse, "description": "the URL was refused or the report could not be read"},
    401: {"model": ErrorResponse, "description": "missing or wrong bearer token"},
    403: {"model": ErrorResponse, "description": "writing is disabled (no NEWSDESK_TOKEN on the server)"},
    413: {"model": ErrorResponse, "description": "body too large"},
    422: {"description": "the body is not JSON, or not an ingest request"},
}
# JSON escapes can make a body a few times longer than the report it carries; past this, it is refused unread.
BODY_MAX = 2 * MAX_BYTES + 64 * 1024
_INGEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": IngestRequest.model_json_schema()}},  # flat: no $defs
    }
}


@router.post(
    "/reports",
    response_model=IngestResponse,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Ingest a report",
    openapi_extra=_INGEST_BODY,
)
async def post_report(request: Request, desk: DeskDep, background: BackgroundTasks) -> IngestResponse:
    """Analyse a report (text, HTML or a public URL) and file it into a story.

    The body is read only after the token was checked (a dependency) and its
    declared size accepted, and then streamed with a cap: an unauthorised or
    oversized upload costs the server nothing.
    """
    body = await read_ingest_request(request)
    background.add_task(_deliver_alerts, request.app.state.db_path)  # webhooks are not waited for
    return await run_in_threadpool(_ingest, desk, body)


def _ingest(desk: Desk, body: IngestRequest) -> IngestResponse:
    items = _raw_items(body)  # refuses bad URLs before any analysis is loaded
    result = desk.ingest(items, deliver=False)
    if result.errors:
        raise HTTPException(400, "; ".join(e.reason for e in result.errors))
    ids = result.added + result.revised
    return IngestResponse(
        added=result.added,
        revised=result.revised,
        unchanged=len(result.unchanged),
        stories={rid: desk.story_of(rid) for rid in ids},
    )


def _deliver_alerts(db_path: str) -> None:
    """Send the alerts the ingest raised to their webhooks, after the response (a desk of its own)."""
    with Desk(db_path) as desk:
        desk.deliver_alerts()


async def read_ingest_request(request: Request, limit: int = BODY_MAX) -> IngestRequest:
    """The request's JSON body as an IngestRequest: 413 past ``limit`` bytes (declared or streamed), else 422."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, f"the body is over the {limit}-byte limit" if declared.isdigit() else "bad length")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, f"the body is over the {limit}-byte limit")
    try:
        data = json.loads(body, parse_constant=_not_json)
    except (ValueError, RecursionError) as exc:
        raise RequestValidationError([_body_error("json_invalid", f"the body is not JSON: {exc}")]) from None
    try:
        return IngestRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False, include_input=False)]
        ) from None


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _body_error(kind: str, message: str) -> dict[str, object]:
    return {"type": kind, "loc": ("body",), "msg": message}


def _raw_items(body: IngestRequest) -> list[RawReport | ItemError]:
    hints = {"title": body.title, "lang": body.lang, "date": body.date, "outlet": body.outlet, "author": body.author}
    if body.url:
        try:
            fetched = fetch_url(body.url, allow_private=False)
        except FetchError as exc:
            raise HTTPException(400, str(exc)) from exc
        items = list(items_from_bytes(fetched.content, fetched.url, default_id=body.id))
        for item in items:
            if isinstance(item, RawReport):
                item.url = item.url or fetched.url
                for name, value in hints.items():
                    if value:
                        setattr(item, name, value)
        return items
    content = body.text or body.html or ""
    if len(content.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise HTTPException(413, f"the report is over the {MAX_BYTES}-byte limit")
    # The fragment makes each API report its own identity (by id, else by content).
    source = f"api#{body.id or text_hash(content)[:16]}"
    return [RawReport(source=source, text=body.text, html=body.html, id=body.id, **hints)]
