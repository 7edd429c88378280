"""Request-scoped dependencies: a desk (one database connection) per request, the write token, templates."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import jinja2
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.templating import Jinja2Templates

from newsdesk.desk import Desk

HERE = Path(__file__).parent

# Autoescaping everywhere (not only for .html names): every string in a
# template may come from a hostile article.
templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)


def http_url(url: str | None) -> str | None:
    """``url`` if it is http(s), else None: a stored URL must never become a ``javascript:`` link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


templates.env.filters["http_url"] = http_url

_bearer = HTTPBearer(auto_error=False, description="the server's NEWSDESK_TOKEN")


def get_desk(request: Request) -> Iterator[Desk]:
    """One desk per request: SQLite connections must not be shared across threads."""
    with Desk(request.app.state.db_path) as desk:
        yield desk


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Writes need ``Authorization: Bearer <NEWSDESK_TOKEN>``; with no token configured they are off."""
    check_token(request, credentials.credentials if credentials else "", "missing or wrong bearer token")


def check_token(request: Request, given: str, wrong: str) -> None:
    """403 when the server takes no writes, 401 with ``wrong`` unless ``given`` is its token (the API's bearer
    token, or the field of a correction form in a page)."""
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, "writing is disabled: start the server with NEWSDESK_TOKEN set")
    if not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode()):
        raise HTTPException(401, wrong, headers={"WWW-Authenticate": "Bearer"})


DeskDep = Annotated[Desk, Depends(get_desk)]
