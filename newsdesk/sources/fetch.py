"""Fetching user-supplied URLs without becoming a proxy into the local network.

A URL given to ``newsdesk ingest`` or ``POST /api/reports`` is untrusted: it
may point at ``localhost``, a cloud metadata address or a host on the private
network.  Every hop of a redirect chain is resolved and checked before it is
requested, the body is read with a size cap, and only http(s) is allowed.

Two ways around such checks are closed here:

* DNS rebinding: a name can resolve to a public address when checked and to
  a private one a moment later, when the HTTP client resolves it again.  So
  each hop is resolved once, and the connection goes to the address that was
  checked; the Host header and TLS SNI (and certificate check) keep the name.
* Slow drip: a server sending one byte a second never trips a per-read
  timeout.  A whole fetch, redirects included, has an overall deadline.

Environment proxies are not used: a proxy would resolve the name itself.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

MAX_BYTES = int(os.environ.get("NEWSDESK_MAX_BYTES", str(10 * 1024 * 1024)))
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(15.0, connect=5.0)
DEADLINE_S = float(os.environ.get("NEWSDESK_FETCH_SECONDS", "60"))  # one URL, all its redirects and its body
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
    """Raise FetchError unless ``url`` is http(s) with a host and (unless ``allow_private``) resolves only to
    public addresses.  Without ``allow_private`` the name is resolved; with it, nothing is looked up."""
    if allow_private:
        _parts(url)
    else:
        checked_address(url, allow_private=False)


def _parts(url: str) -> SplitResult:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in URL")
    return parts


def checked_address(url: str, *, allow_private: bool = False) -> str:
    """The address to connect to for ``url``, after the checks of :func:`check_url`.

    The name is resolved once, here: the caller connects to the returned
    address, so the answer that was checked is the one that is used.
    """
    parts = _parts(url)
    try:
        port = parts.port
        infos = socket.getaddrinfo(parts.hostname, port or 0, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname!r} ({exc})") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(f"{url}: host {parts.hostname!r} has no address")
    if not allow_private:
        for address in addresses:
            if not _is_public(address):
                raise FetchError(
                    f"{url}: refusing to fetch {parts.hostname} ({address}), a private, loopback or "
                    "link-local address; pass --allow-private if you really mean it"
                )
    return addresses[0]


def _pinned(url: httpx.URL, address: str) -> httpx.URL:
    """``url`` with its host replaced by ``address`` (the Host header and SNI carry the name)."""
    return url.copy_with(host=address)


def _hop_timeout(timeout: httpx.Timeout | float, remaining: float) -> httpx.Timeout:
    """The caller's per-operation timeout, none of it past what is left of the overall deadline."""
    given = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    return httpx.Timeout(
        min(given.read or remaining, remaining),
        connect=min(given.connect or remaining, remaining),
        write=min(given.write or remaining, remaining),
        pool=min(given.pool or remaining, remaining),
    )


def _pinned_request(
    client: httpx.Client, method: str, url: str, address: str, headers: dict[str, str], timeout: httpx.Timeout, **kw
) -> httpx.Request:
    """A request for ``url`` sent to the checked ``address``, with the name kept in Host and SNI."""
    target = httpx.URL(url)
    return client.build_request(
        method,
        _pinned(target, address),
        headers={**headers, "Host": target.netloc.decode("ascii")},
        timeout=timeout,
        extensions={"sni_hostname": target.host},
        **kw,
    )


def _client() -> httpx.Client:
    """A client that never resolves names itself: no environment proxies, no connection reused for another name."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(follow_redirects=False, trust_env=False, limits=limits)


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout | float = TIMEOUT,
    accept: frozenset[int] = frozenset(),
    deadline_s: float = DEADLINE_S,
) -> Fetched:
    """GET ``url`` following at most MAX_REDIRECTS redirects, each hop checked, all within ``deadline_s``.

    ``headers`` are sent with every hop (conditional GET: If-None-Match,
    If-Modified-Since).  A status of 400 or more raises FetchError, and so do
    the 3xx without a Location, unless it is in ``accept`` (a poller wants 304
    and 429 back with their headers, not an error).
    """
    deadline = time.monotonic() + deadline_s
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    with _client() as client:
        for _ in range(MAX_REDIRECTS + 1):
            address = checked_address(url, allow_private=allow_private)
            try:
                hop = _hop_timeout(timeout, _remaining(url, deadline, deadline_s))
                response = client.send(_pinned_request(client, "GET", url, address, sent, hop), stream=True)
                try:
                    status = response.status_code
                    answer = {k.lower(): v for k, v in response.headers.items()}
                    if status in accept:
                        return Fetched(url, b"", answer.get("content-type", ""), status, answer)
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: redirect without a Location header")
                        url = urljoin(url, location)
                        continue
                    return _read(url, response, max_bytes, deadline, deadline_s)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
            except httpx.InvalidURL as exc:
                raise FetchError(f"{url}: invalid URL ({exc})") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def post_json(
    url: str, payload: object, *, allow_private: bool = False, timeout: httpx.Timeout | float = TIMEOUT
) -> int:
    """POST ``payload`` as JSON to ``url`` (a webhook) after the same address checks; returns the HTTP status.

    Redirects are not followed: a redirected POST could be steered to a
    private address after the check, and a webhook answers where it is.  The
    connection goes to the address that was checked, as for fetches.
    """
    address = checked_address(url, allow_private=allow_private)
    sent = {"User-Agent": USER_AGENT}
    try:
        with _client() as client:
            hop = _hop_timeout(timeout, DEADLINE_S)
            return client.send(_pinned_request(client, "POST", url, address, sent, hop, json=payload)).status_code
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL ({exc})") from exc


def _remaining(url: str, deadline: float, deadline_s: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"{url}: not fetched within the {deadline_s:g}-second deadline (NEWSDESK_FETCH_SECONDS)")
    return remaining


def _read(url: str, response: httpx.Response, max_bytes: int, deadline: float, deadline_s: float) -> Fetched:
    """The body of a final response, within the size cap and the deadline."""
    status = response.status_code
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
        _remaining(url, deadline, deadline_s)
    answer = {k.lower(): v for k, v in response.headers.items()}
    return Fetched(url, bytes(body), answer.get("content-type", ""), status, answer)
