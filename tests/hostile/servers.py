"""Hostile HTTP servers on loopback: one that drips its body, and two that a rebinding name switches between."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _handler(body: bytes, drip_s: float | None, posts: list[bytes] | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            if posts is not None:
                posts.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(204)
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if drip_s is None:
                    self.wfile.write(body)
                    return
                for i in range(len(body)):  # one byte at a time: never idle long enough for a read timeout
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(drip_s)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(
    body: bytes,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    drip_s: float | None = None,
    posts: list[bytes] | None = None,
) -> Iterator[int]:
    """Serve ``body`` to every GET on ``host`` (POSTs get a 204, their bodies kept in ``posts``); yields the port."""
    httpd = ThreadingHTTPServer((host, port), _handler(body, drip_s, posts))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
