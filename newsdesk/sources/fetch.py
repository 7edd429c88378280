"""Fetching user-supplied URLs without becoming a proxy into the local network.

A URL given to ``newsdesk ingest`` or ``POST /api/reports`` is untrusted: it
may point at ``localhost``, a cloud metadata address or a host on the private
network.  Every hop of a redirect chain is resolved and checked before it is
requested, the body is read with a size cap, and only http(s) is allowed.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

MAX_BYTES = int(os.environ.get("NEWSDESK_MAX_BYTES", str(10 * 1024 * 1024)))
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
USER_AGENT = "newsdesk/0.1 (+https://example.invalid/newsdesk)"


class FetchError(Exception):
    """A URL could not or must not be fetched; the message says why."""


@dataclass
class Fetched:
    url: str  # final URL after redirects
    content: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)  # response headers, names in lower case


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) and resolves only to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname!r} ({exc})") from exc
    for info in infos:
        address = str(info[4][0])
        if not _is_public(address):
            raise FetchError(
                f"{url}: refusing to fetch {parts.hostname} ({address}), a private, loopback or "
                "link-local address; pass --allow-private if you really mean it"
            )


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout | float = TIMEOUT,
    accept: frozenset[int] = frozenset(),
) -> Fetched:
    """GET ``url`` following at most MAX_REDIRECTS redirects, each hop checked.

    ``headers`` are sent with every hop (conditional GET: If-None-Match,
    If-Modified-Since).  A status of 400 or more raises FetchError, and so do
    the 3xx without a Location, unless it is in ``accept`` (a poller wants 304
    and 429 back with their headers, not an error).
    """
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=sent) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private=allow_private)
            try:
                with client.stream("GET", url) as response:
                    status = response.status_code
                    answer = {k.lower(): v for k, v in response.headers.items()}
                    if status in accept:
                        return Fetched(str(response.url), b"", answer.get("content-type", ""), status, answer)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: redirect without a Location header")
                        url = urljoin(url, location)
                        continue
                    if status >= 400:
                        raise FetchError(f"{url}: HTTP {status}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"{url}: {declared} bytes is over the {max_bytes}-byte limit")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise FetchError(f"{url}: body over the {max_bytes}-byte limit")
                    return Fetched(str(response.url), bytes(body), answer.get("content-type", ""), status, answer)
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def post_json(
    url: str, payload: object, *, allow_private: bool = False, timeout: httpx.Timeout | float = TIMEOUT
) -> int:
    """POST ``payload`` as JSON to ``url`` (a webhook) after the same address checks; returns the HTTP status.

    Redirects are not followed: a redirected POST could be steered to a
    private address after the check, and a webhook answers where it is.
    """
    check_url(url, allow_private=allow_private)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
            return client.post(url, json=payload).status_code
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
