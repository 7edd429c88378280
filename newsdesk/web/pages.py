"""Server-rendered HTML pages: stories, story, report, entity, search and the offline API docs."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from newsdesk.web import corrections, mapsvg, queries
from newsdesk.web.api import ISO_DATE, FiltersDep, to_live_story
from newsdesk.web.deps import DeskDep, templates
from newsdesk.web.highlight import report_spans, segments
from newsdesk.web.search import SemanticUnavailable, keyword_search, matching_reports, semantic_search
from newsdesk.web.story import story_detail

_ISO_DATE = re.compile(ISO_DATE)
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50  # stories per page


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


@router.get("/")
def stories_page(
    request: Request, desk: DeskDep, filters: FiltersDep, q: str = "", page: Annotated[int, Query(ge=1, le=10**6)] = 1
) -> HTMLResponse:
    found = queries.story_summaries(
        desk.store,
        filters,
        report_ids=matching_reports(desk.store, q),
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return _page(
        request,
        "stories.html",
        stories=found[:PAGE_SIZE],
        facets=queries.facets(desk.store),
        filters=filters,
        q=q,
        page=page,
        newer=_page_href(request, page - 1) if page > 1 else None,
        older=_page_href(request, page + 1) if len(found) > PAGE_SIZE else None,
    )


def _page_href(request: Request, page: int) -> str:
    """This page's address (same filters) at another page number."""
    params = {k: v for k, v in request.query_params.items() if k != "page"}
    return "?" + urlencode({**params, "page": page} if page > 1 else params)


@router.get("/stories/{story_id}")
def story_page(
    request: Request, desk: DeskDep, story_id: int, since: str = "", edit: Annotated[int, Query(ge=0, le=2**62)] = 0
) -> Response:
    merged = to_live_story(request, desk, story_id)
    if merged is not None:
        return merged
    since_date = since if _ISO_DATE.match(since) else None
    version = (desk.store.story_version(story_id), corrections.log_version(desk), edit)  # undo buttons, notice
    key = (request.app.state.db_path, story_id, since_date, version)
    cached = _STORY_PAGES.get(key)
    if cached is not None:
        return HTMLResponse(cached)
    detail = story_detail(desk.store, story_id, since_date)
    if detail is None:
        raise HTTPException(404, f"There is no story {story_id}.")
    reports = {r.id: r for r in detail.reports}
    bar_max = max((c.count for c in detail.coverage.outlets + detail.coverage.languages), default=1)
    derived = {link.report: link for link in detail.coverage.links}
    page = _page(
        request,
        "story.html",
        story=detail,
        reports=reports,
        derived=derived,
        map=mapsvg.draw(detail.places),
        bar_max=bar_max,
        **corrections.page_context(desk, detail.id, edit),
    )
    _STORY_PAGES.put(key, bytes(page.body).decode("utf-8"))
    return page


class _PageCache:
    """Rendered story pages by (store, story, since, story version): a story read by many is rendered once.

    The version (:meth:`Store.story_version`) changes whenever an ingest changes
    the story or rebuilds its view, so a cached page is never older than the
    store.  Bounded (least recently used out), and locked: pages render in
    the server's thread pool.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.pages: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> str | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple[Any, ...], page: str) -> None:
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_STORY_PAGES = _PageCache()


@router.get("/reports/{report_id}")
def report_page(request: Request, desk: DeskDep, report_id: str) -> HTMLResponse:
    report = desk.report(report_id)
    if report is None:
        raise HTTPException(404, f"There is no report {report_id!r}.")
    spans = report_spans(report)
    paragraphs = [(p, segments(p.text, spans.get(p.index, []))) for p in report.paragraphs]
    links = desk.links(report_id)
    titles = queries.report_titles(desk.store, {x for link in links for x in (link.report, link.origin)})
    return _page(
        request,
        "report.html",
        report=report,
        paragraphs=paragraphs,
        links=links,
        titles=titles,
        story=desk.story_of(report_id),
    )


@router.get("/entities/{key:path}")
def entity_page(request: Request, desk: DeskDep, key: str) -> HTMLResponse:
    detail = queries.entity_detail(desk.store, key)
    if detail is None:
        raise HTTPException(404, f"There is no entity {key!r}.")
    return _page(request, "entity.html", detail=detail)


@router.get("/search")
def search_page(
    request: Request,
    desk: DeskDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=500)] = "",
    mode: Literal["keyword", "semantic"] = "keyword",
) -> HTMLResponse:
    hits, problem = [], None
    if q.strip():
        try:
            hits = (semantic_search if mode == "semantic" else keyword_search)(desk.store, q, filters, 20)
        except SemanticUnavailable as exc:
            problem = str(exc)
    marked = [(hit, _marked(hit.text, hit.highlights)) for hit in hits]
    return _page(
        request,
        "search.html",
        q=q,
        mode=mode,
        hits=marked,
        problem=problem,
        facets=queries.facets(desk.store),
        filters=filters,
    )


def _marked(text: str, highlights: list[list[int]]) -> list[tuple[str, bool]]:
    """Text pieces flagged as matched or not, for <mark> without building HTML."""
    pieces, pos = [], 0
    for start, end in highlights:
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    pieces.append((text[pos:], False))
    return [p for p in pieces if p[0]]


@router.get("/docs")
def docs_page(request: Request) -> HTMLResponse:
    """The API reference from the app's own OpenAPI document: no CDN, works offline."""
    spec = request.app.openapi()
    operations = [
        _operation(path, method, op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    return _page(request, "docs.html", info=spec.get("info", {}), operations=operations)


def _operation(path: str, method: str, op: dict[str, Any]) -> dict[str, Any]:
    """The parts of one OpenAPI operation the docs page shows, with every optional key filled."""
    params = []
    for prm in op.get("parameters", []):
        schema = prm.get("schema", {})
        kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type") not in (None, "null")]
        params.append(
            {
                "name": prm.get("name", ""),
                "in": prm.get("in", ""),
                "required": prm.get("required", False),
                "type": " | ".join(kinds) or "string",
                "enum": schema.get("enum", []),
                "description": prm.get("description") or schema.get("description") or "",
            }
        )
    body_ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    return {
        "path": path,
        "method": method.upper(),
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "params": params,
        "body": body_ref.rsplit("/", 1)[-1] if body_ref else None,
        "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
    }
