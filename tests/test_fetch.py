"""URL ingestion against a real HTTP server on loopback: allowed only with --allow-private."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.model import ItemError, RawReport
from newsdesk.sources.fetch import FetchError, check_url, fetch_url
from newsdesk.sources.items import iter_sources

PAGE = b"""<html><head><title>Port reopens</title></head><body><article>
<h1>Port reopens</h1><p>The port reopened on Monday after the storm, officials said.</p>
<p>Dock workers returned in the morning.</p></article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(200, b"x" * 4096, "text/plain")
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            self._send(404, b"missing", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_loopback_is_refused_by_default(server: str):
    [item] = list(iter_sources([f"{server}/article"]))
    assert isinstance(item, ItemError)
    assert "allow-private" in item.reason


@pytest.mark.parametrize(
    "url",
    ["http://localhost/", "http://10.1.2.3/", "http://169.254.169.254/latest", "http://[::1]/", "http://192.168.0.1/"],
)
def test_private_addresses_are_refused(url: str):
    with pytest.raises(FetchError):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_only_http_schemes(url: str):
    with pytest.raises(FetchError):
        check_url(url, allow_private=True)


def test_allowed_with_allow_private(server: str):
    [item] = list(iter_sources([f"{server}/article"], allow_private=True))
    assert isinstance(item, RawReport)
    assert item.html and "Port reopens" in item.html
    assert item.url == f"{server}/article"


def test_size_cap_and_redirect_loop_and_http_errors(server: str):
    with pytest.raises(FetchError, match="limit"):
        fetch_url(f"{server}/big", allow_private=True, max_bytes=1000)
    with pytest.raises(FetchError, match="redirects"):
        fetch_url(f"{server}/loop", allow_private=True)
    with pytest.raises(FetchError, match="404"):
        fetch_url(f"{server}/nope", allow_private=True)
