"""``newsdesk serve``: builds the app over the given store with the token from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from webdata import build_store

from newsdesk.cli.serve import serve


def test_serve_builds_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = build_store(tmp_path / "web.db")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setenv("NEWSDESK_TOKEN", "from-env")
    serve(db=Path(db), host="127.0.0.1", port=8123)
    (call,) = calls
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert call["app"].state.token == "from-env" and call["app"].state.db_path == db
    monkeypatch.delenv("NEWSDESK_TOKEN")
    serve(db=Path(db), host="127.0.0.1", port=8123)
    assert calls[1]["app"].state.token is None  # no token: read-only


def test_serve_without_a_store_says_so(tmp_path: Path):
    with pytest.raises(typer.Exit):
        serve(db=tmp_path / "missing.db", host="127.0.0.1", port=8123)
