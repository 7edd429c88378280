"""URL fetches against hostile servers: a body dripped byte by byte, and a name that rebinds to loopback."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from newsdesk.sources import fetch
from newsdesk.sources.fetch import FetchError, fetch_url, post_json

from .servers import serve

REPORT = b"The port reopened on Monday after the storm, officials said. Dock workers returned in the morning."


def test_a_dripping_server_cannot_hold_a_fetch_past_its_deadline():
    outcome: list[object] = []
    with serve(REPORT * 4, drip_s=0.2) as port:  # ~80 s to send it all, 0.2 s between bytes
        worker = threading.Thread(
            target=lambda: outcome.append(_try(f"http://127.0.0.1:{port}/", deadline_s=2.0)), daemon=True
        )
        started = time.monotonic()
        worker.start()
        worker.join(timeout=20)
        elapsed = time.monotonic() - started
    assert not worker.is_alive(), "the fetch was still running after 20 s"
    (error,) = outcome
    assert isinstance(error, FetchError) and "deadline" in str(error)
    assert elapsed < 5


def _try(url: str, deadline_s: float) -> object:
    try:
        return fetch_url(url, allow_private=True, deadline_s=deadline_s)
    except FetchError as exc:
        return exc


@pytest.fixture
def rebinding_name(monkeypatch: pytest.MonkeyPatch) -> int:
    """A name, news.rebind.test, that answers a "public" address when checked, then loopback; yields the port.

    127.0.0.2 stands in for a public address (the test cannot reach the internet): it is declared public
    here, and 127.0.0.1 stays what it is.  Both serve on the same port.
    """
    try:
        probe = socket.create_server(("127.0.0.2", 0))
    except OSError:
        pytest.skip("no 127.0.0.2 on this machine")
    port = probe.getsockname()[1]
    probe.close()
    answers = iter(["127.0.0.2"] + ["127.0.0.1"] * 20)  # first the checked answer, then the rebound one
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host: str, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if host == "news.rebind.test":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(fetch, "_is_public", lambda address: address != "127.0.0.1")
    return port


def test_the_checked_address_is_the_one_connected_to(rebinding_name: int):
    port = rebinding_name
    with serve(b"public report", host="127.0.0.2", port=port), serve(b"INTERNAL SECRET", host="127.0.0.1", port=port):
        fetched = fetch_url(f"http://news.rebind.test:{port}/story")
    assert fetched.content == b"public report"
    assert fetched.url == f"http://news.rebind.test:{port}/story"


def test_a_webhook_is_posted_to_the_checked_address(rebinding_name: int):
    port = rebinding_name
    public: list[bytes] = []
    internal: list[bytes] = []
    with serve(b"", host="127.0.0.2", port=port, posts=public), serve(b"", host="127.0.0.1", port=port, posts=internal):
        assert post_json(f"http://news.rebind.test:{port}/hook", {"alert": 1}) == 204
    assert public == [b'{"alert":1}'] and internal == []


def test_the_host_header_keeps_the_name(monkeypatch: pytest.MonkeyPatch):
    seen: list[str] = []
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers["Host"])
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    real_getaddrinfo = socket.getaddrinfo

    def named(host: str, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if host == "desk.example.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", named)
    try:
        assert fetch_url(f"http://desk.example.test:{port}/a", allow_private=True).content == b"ok"
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert seen == [f"desk.example.test:{port}"]
