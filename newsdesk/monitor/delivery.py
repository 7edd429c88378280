"""Webhook delivery: each alert POSTed as JSON to its watchlist's webhook, retried until it is taken.

A delivery tries TRIES times in a row (pausing PAUSE, then twice that) for
the blips a webhook has; an alert still not taken waits RETRY_BASE seconds,
doubling with each round, and is tried again by the next ingest, watch round
or ``newsdesk alerts --deliver``, up to MAX_ATTEMPTS rounds.  Webhook URLs are
checked like every URL the desk fetches (:func:`newsdesk.sources.fetch.check_url`):
an address on a private, loopback or link-local network is refused unless the
watchlist allows it, and a refused URL is not tried again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.model import Alert
from newsdesk.monitor.watchlists import ALERT_SQL, list_watchlists
from newsdesk.sources.fetch import FetchError, check_url, post_json
from newsdesk.store import Store, now

TRIES = 3
PAUSE = 0.5  # seconds before the second try; doubles before each further one
TIMEOUT = 5.0
RETRY_BASE = 60.0  # seconds before the next round after a failed one; doubles with each round
MAX_ATTEMPTS = 8  # rounds


@dataclass
class Delivery:
    alert: int
    watchlist: str
    ok: bool
    error: str | None = None


def payload(alert: Alert) -> dict:
    """The JSON body a webhook receives: the alert, with the page paths of its story and report."""
    body = asdict(alert)
    for name in ("delivered_at", "attempts", "last_error"):
        body.pop(name)
    body["story_path"] = f"/stories/{alert.story}" if alert.story is not None else None
    body["report_path"] = f"/reports/{alert.report}" if alert.report is not None else None
    return body


def deliver(store: Store, *, pause: float = PAUSE, sleep: Callable[[float], None] = time.sleep) -> list[Delivery]:
    """Deliver every alert due (never delivered, under MAX_ATTEMPTS rounds, its retry time reached)."""
    hooks = {w.name: w for w in list_watchlists(store) if w.webhook}
    if not hooks:
        return []
    due = store.rows_as(
        Alert,
        f"""{ALERT_SQL} WHERE w.webhook IS NOT NULL AND a.delivered_at IS NULL AND a.attempts < ?
            AND (a.next_attempt IS NULL OR a.next_attempt <= ?) ORDER BY a.id""",
        (MAX_ATTEMPTS, now()),
    )
    out = []
    for alert in due:
        hook = hooks[alert.watchlist]
        assert hook.webhook is not None
        error = _post(hook.webhook, payload(alert), hook.allow_private, pause, sleep)
        attempts = alert.attempts + 1
        with store.transaction() as db:
            if error is None:
                db.execute(
                    "UPDATE alerts SET delivered_at=?, attempts=?, last_error=NULL, next_attempt=NULL WHERE id=?",
                    (now(), attempts, alert.id),
                )
            else:
                refused = error.startswith("refused")
                wait = timedelta(seconds=RETRY_BASE * 2 ** (attempts - 1))
                db.execute(
                    "UPDATE alerts SET attempts=?, last_error=?, next_attempt=? WHERE id=?",
                    (
                        MAX_ATTEMPTS if refused else attempts,
                        error,
                        (datetime.now(UTC) + wait).isoformat(timespec="seconds"),
                        alert.id,
                    ),
                )
        out.append(Delivery(alert.id, alert.watchlist, error is None, error))
    return out


def _post(url: str, body: dict, allow_private: bool, pause: float, sleep: Callable[[float], None]) -> str | None:
    """None when the webhook took the alert (2xx), else why not ("refused: ..." when it must never be tried).

    The reason never repeats the URL: alerts are shown to every reader, and a webhook URL often holds a secret.
    """
    error = _attempts(url, body, allow_private, pause, sleep)
    return error.replace(url, "the webhook") if error else None


def _attempts(url: str, body: dict, allow_private: bool, pause: float, sleep: Callable[[float], None]) -> str | None:
    try:
        check_url(url, allow_private=allow_private)
    except FetchError as exc:
        return f"refused: {exc}"
    error = None
    for attempt in range(TRIES):
        if attempt:
            sleep(pause * 2 ** (attempt - 1))
        try:
            status = post_json(url, body, allow_private=allow_private, timeout=TIMEOUT)
        except FetchError as exc:
            error = str(exc)
            continue
        if 200 <= status < 300:
            return None
        error = f"HTTP {status}"
        if 400 <= status < 500 and status not in (408, 429):
            break  # the webhook rejects this body: trying again at once will not help
    return error
