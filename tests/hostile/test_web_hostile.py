"""The write API against hostile clients: huge bodies without a token, NaN, ids that name directories."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import HTTPException, Request
from fastapi.testclient import TestClient

from newsdesk.web.api import read_ingest_request
from newsdesk.web.app import SECURITY_HEADERS, create_app

from .cases import HOSTILE_IDS, nan_json

TOKEN = "hostile-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MB = 1024 * 1024


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(str(tmp_path / "web.db"), TOKEN), raise_server_exceptions=False)


class Upload:
    """A request body that counts how much of it the server read."""

    def __init__(self, megabytes: int) -> None:
        self.megabytes = megabytes
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(self.megabytes):
            self.sent += MB
            yield b"x" * MB
        yield b'"}'


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}], ids=["no-token", "wrong-token"])
def test_a_huge_body_without_the_token_is_refused_unread(client: TestClient, headers: dict[str, str]):
    upload = Upload(400)
    response = client.post("/api/reports", content=upload, headers=headers | {"Content-Type": "application/json"})
    assert response.status_code == 401
    assert upload.sent <= 2 * MB  # at most what was in flight when the answer came, never the 400 MB


def test_a_declared_size_over_the_cap_is_refused_before_reading(client: TestClient):
    upload = Upload(400)
    headers = AUTH | {"Content-Type": "application/json", "Content-Length": str(400 * MB)}
    response = client.post("/api/reports", content=upload, headers=headers)
    assert response.status_code == 413
    assert upload.sent <= 2 * MB


def test_a_streamed_body_is_cut_at_the_cap():
    """Chunked (no declared length): reading stops at the first chunk past the cap."""
    sent = 0

    async def receive() -> dict[str, object]:
        nonlocal sent
        sent += MB
        return {"type": "http.request", "body": b"x" * MB, "more_body": True}  # an endless upload

    scope = {"type": "http", "method": "POST", "path": "/api/reports", "headers": []}
    with pytest.raises(HTTPException) as refused, ThreadPoolExecutor(1) as thread:  # a loop of its own
        thread.submit(asyncio.run, read_ingest_request(Request(scope, receive), limit=5 * MB)).result()
    assert refused.value.status_code == 413
    assert sent == 6 * MB


def test_nan_in_the_body_is_a_422_with_the_security_headers(client: TestClient):
    response = client.post("/api/reports", content=nan_json(), headers=AUTH | {"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "NaN" in response.json()["detail"][0]["msg"]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("body", [b'{"text": 1e999}', b'{"text": "x", "title": -Infinity}', b"[" * 100_000])
def test_other_unrepresentable_bodies_are_422_too(client: TestClient, body: bytes):
    response = client.post("/api/reports", content=body, headers=AUTH | {"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


@pytest.mark.parametrize("report_id", HOSTILE_IDS)
def test_ids_that_name_a_directory_are_refused(client: TestClient, report_id: str):
    response = client.post("/api/reports", json={"text": "The river rose in Arden.", "id": report_id}, headers=AUTH)
    assert response.status_code == 422
    assert "refused" in response.text


def test_an_unexpected_error_is_a_json_500_with_the_security_headers(client: TestClient, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("newsdesk.web.api._raw_items", broken)
    response = client.post("/api/reports", json={"text": "The river rose in Arden."}, headers=AUTH)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_good_report_still_lands(client: TestClient):
    response = client.post("/api/reports", json={"text": "The river rose two metres in Arden on Monday."}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert len(response.json()["added"]) == 1
