"""A real HTTP server on 127.0.0.1 for the watch and webhook tests: feeds with ETags, 304, 429, slow and broken answers.

Each path answers through a function of the request, and every request is
recorded (path, method, headers, body), so a test can check what the poller
sent, not only what it stored.  The feed texts are written for these tests.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Request:
    path: str
    method: str
    headers: dict[str, str]
    body: bytes = b""


Route = Callable[[Request], Answer]
MODIFIED = format_datetime(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), usegmt=True)


class FeedServer:
    """Routes by path; ``requests`` lists every request received, in order."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                request = Request(
                    self.path, self.command, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                with server._lock:
                    server.requests.append(request)
                route = server.routes.get(self.path)
                answer = route(request) if route else Answer(404, b"not found")
                time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    if answer.status != 304:
                        self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = _answer
            do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]


def conditional(body: bytes, etag: str, content_type: str = "application/rss+xml") -> Route:
    """A resource with an ETag and a Last-Modified: 304 when the request's validators match."""

    def route(request: Request) -> Answer:
        asked = request.headers.get("if-none-match")
        if asked == etag or (asked is None and request.headers.get("if-modified-since") == MODIFIED):
            return Answer(304, headers={"ETag": etag})
        return Answer(200, body, {"Content-Type": content_type, "ETag": etag, "Last-Modified": MODIFIED})

    return route


def rss(title: str, entries: list[dict[str, str]], lang: str = "en") -> bytes:
    """An RSS 2.0 feed; each entry has title, link, guid, date (RFC 822) and text (paragraphs in <p>)."""
    items = []
    for e in entries:
        text = "".join(f"<p>{escape(p)}</p>" for p in e["text"].split("\n\n"))
        items.append(
            f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
            f"<guid>{escape(e['guid'])}</guid><pubDate>{e['date']}</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://example.invalid/</link><description>test feed</description><language>{lang}</language>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


HARBOUR_ENTRIES = [
    {
        "title": "Crane collapses at Exampleton harbour",
        "link": "http://example.invalid/news/crane-collapse",
        "guid": "harbour-1",
        "date": "Mon, 02 Mar 2026 09:00:00 GMT",
        "text": "A container crane collapsed at Exampleton harbour on Monday, injuring two dock workers, the port "
        "authority said.\n\nHarbour master Lena Okafor said the crane operator had reported strong winds shortly "
        "before the collapse.\n\nShips were diverted to the northern quay while inspectors examined the site. The "
        "southern quay will stay closed until every crane there has been checked, the port authority said.",
    },
    {
        "title": "Exampleton council approves new library budget",
        "link": "http://example.invalid/news/library-budget",
        "guid": "council-7",
        "date": "Tue, 03 Mar 2026 15:30:00 GMT",
        "text": "The Exampleton city council approved a budget of 4 million euros for a new public library on "
        "Tuesday.\n\nCouncillor Tomas Brenner said construction would start in the autumn and take two years.\n\n"
        "The old library building on Market Street will become a youth centre, and its reading room will stay "
        "open until the new building is ready, the council said.",
    },
]


def json_body(request: Request) -> dict:
    return json.loads(request.body.decode())
