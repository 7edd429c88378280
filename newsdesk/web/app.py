"""The FastAPI application: routes, static files, security headers and error pages."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import newsdesk
from newsdesk.web import alerts, api, atom, corrections, pages
from newsdesk.web.deps import HERE, templates

# Article text is hostile: even if something slipped through escaping, no
# inline script, foreign script, plugin or framing is allowed to run.
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(db_path: str, token: str | None) -> FastAPI:
    """The web app over the store at ``db_path``; ``token`` enables the write API (None: read-only)."""
    app = FastAPI(
        title="newsdesk",
        version=getattr(newsdesk, "__version__", "0.1.0"),
        description="Stories, reports, entities and search over a newsdesk store.",
        docs_url=None,  # the default /docs loads Swagger UI from a CDN; pages.docs_page is offline
        redoc_url=None,
    )
    app.state.db_path = db_path
    app.state.token = token or None

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """JSON for the API, a readable page for people."""
        if request.url.path.startswith(("/api/", "/openapi", "/static/")):
            return await http_exception_handler(request, exc)
        message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "There is no such page."
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "message": message}, status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """422 with the errors, whatever the rejected input held (NaN and infinities have no JSON form)."""
        return JSONResponse({"detail": _json_safe(exc.errors())}, status_code=422)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        """A JSON 500 that carries the security headers too.

        Starlette answers unhandled errors outside every middleware, so the
        headers middleware above never sees this response: they are set here.
        """
        logging.getLogger("newsdesk.web").error("unhandled error on %s", request.url.path, exc_info=exc)
        return JSONResponse({"detail": "internal error"}, status_code=500, headers=SECURITY_HEADERS)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(corrections.router)
    app.include_router(alerts.router)
    app.include_router(atom.router)  # before the pages: /stories/{id}.atom is not a story page
    app.include_router(corrections.pages)
    app.include_router(alerts.pages)
    app.include_router(pages.router)
    return app


def _json_safe(errors: Any) -> Any:
    """Validation errors as JSON can carry them: the rejected input and context dropped when they cannot."""
    encoded = jsonable_encoder(errors)
    try:
        json.dumps(encoded, allow_nan=False)
    except ValueError:
        keep = ("type", "loc", "msg")
        return [{k: e[k] for k in keep if k in e} for e in encoded]
    return encoded
