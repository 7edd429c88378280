"""``newsdesk watch`` against a real HTTP server on 127.0.0.1: conditional GET, 304, 429, slow and broken sources."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feedserver import HARBOUR_ENTRIES, Answer, FeedServer, Request, conditional, rss
from typer.testing import CliRunner

from newsdesk import Desk
from newsdesk.cli import app
from newsdesk.monitor.poll import BACKOFF_BASE, PollSettings, backoff, retry_after

runner = CliRunner()


@pytest.fixture
def server():
    with FeedServer() as s:
        yield s


def watch(db: Path, *args: str):
    result = runner.invoke(app, ["watch", *args, "--once", "--allow-private", "--json", "--db", str(db)])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, rows


def test_watch_once_twice_the_second_poll_is_conditional_and_answered_304(server: FeedServer, tmp_path: Path):
    server.routes["/feed.xml"] = conditional(rss("Harbour Times", HARBOUR_ENTRIES), '"v1"')
    url, db = server.url("/feed.xml"), tmp_path / "watch.db"

    first, rows = watch(db, url)
    assert first.exit_code == 0, first.output
    assert [(r["status"], r["http"], len(r["new"])) for r in rows] == [("new", 200, 2)]
    with Desk(db) as desk:
        titles = sorted(r.title for r in desk.reports())
        assert titles == sorted(e["title"] for e in HARBOUR_ENTRIES)
        assert {r.outlet for r in desk.reports()} == {"Harbour Times"}

    second, rows = watch(db)  # a new process: the state comes from the database
    assert second.exit_code == 0, second.output
    assert [(r["status"], r["http"], r["new"]) for r in rows] == [("not-modified", 304, [])]
    requests = server.hits("/feed.xml")
    assert len(requests) == 2
    assert "if-none-match" not in requests[0].headers
    assert requests[1].headers["if-none-match"] == '"v1"'
    assert requests[1].headers["if-modified-since"].endswith("GMT")

    status = runner.invoke(app, ["sources", "--json", "--db", str(db)])
    (source,) = [json.loads(line) for line in status.stdout.splitlines()]
    assert (source["url"], source["kind"], source["last_status"]) == (url, "feed", "not-modified")
    assert (source["polls"], source["items"], source["errors"], source["etag"]) == (2, 2, 0, '"v1"')
    assert source["last_new"] is not None and source["last_poll"] >= source["last_new"]


def test_a_server_that_ignores_conditional_requests_is_not_ingested_twice(server: FeedServer, tmp_path: Path):
    body = rss("Harbour Times", HARBOUR_ENTRIES)
    server.routes["/plain.xml"] = lambda request: Answer(200, body, {"Content-Type": "application/rss+xml"})
    db = tmp_path / "plain.db"
    _, rows = watch(db, server.url("/plain.xml"))
    assert len(rows[0]["new"]) == 2
    _, rows = watch(db)
    assert (rows[0]["status"], rows[0]["new"]) == ("unchanged", [])
    with Desk(db) as desk:
        assert [r.revision for r in desk.reports()] == [1, 1]


def test_429_waits_as_long_as_retry_after_asks_even_after_a_restart(server: FeedServer, tmp_path: Path):
    server.routes["/busy.xml"] = lambda request: Answer(429, b"slow down", {"Retry-After": "120"})
    db = tmp_path / "busy.db"
    before = datetime.now(UTC)
    result, rows = watch(db, server.url("/busy.xml"))
    assert result.exit_code == 0  # asked to wait is not a failure
    (row,) = rows
    assert (row["status"], row["http"]) == ("rate-limited", 429)
    held = datetime.fromisoformat(row["next_poll"])
    assert before + timedelta(seconds=118) <= held <= datetime.now(UTC) + timedelta(seconds=121)
    _, rows = watch(db)
    assert rows[0]["status"] == "waiting"
    assert len(server.hits("/busy.xml")) == 1  # the second run did not ask again


def test_slow_and_broken_sources_fail_alone_and_back_off(server: FeedServer, tmp_path: Path):
    server.routes["/good.xml"] = conditional(rss("Harbour Times", HARBOUR_ENTRIES[:1]), '"g1"')
    server.routes["/slow.xml"] = lambda request: Answer(200, rss("Slow", HARBOUR_ENTRIES), delay=3.0)
    server.routes["/error.xml"] = lambda request: Answer(500, b"internal error")
    server.routes["/broken.xml"] = lambda request: Answer(
        200, b'<?xml version="1.0"?><rss><channel><title>x</title><item><title>cut', {"Content-Type": "text/xml"}
    )
    urls = [server.url(p) for p in ("/good.xml", "/slow.xml", "/error.xml", "/broken.xml")]
    db = tmp_path / "mixed.db"
    started = time.monotonic()
    result, rows = watch(db, *urls, "--timeout", "0.5")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1, "a failed source makes --once exit 1"
    status = {r["url"]: r for r in rows}
    assert status[urls[0]]["status"] == "new"
    for url in urls[1:]:
        assert status[url]["status"] == "error", status[url]
    assert "Timeout" in status[urls[1]]["message"]
    assert "HTTP 500" in status[urls[2]]["message"]
    assert "malformed" in status[urls[3]]["message"] or "no text" in status[urls[3]]["message"]

    result, rows = watch(db)  # the failing sources are held back by their backoff; the good one is asked again
    status = {r["url"]: r["status"] for r in rows}
    assert status == {urls[0]: "not-modified", urls[1]: "waiting", urls[2]: "waiting", urls[3]: "waiting"}
    assert [len(server.hits(p)) for p in ("/good.xml", "/slow.xml", "/error.xml")] == [2, 1, 1]
    with Desk(db) as desk:
        failing = {s.url: s for s in desk.sources()}[urls[2]]
        assert failing.errors == 1 and failing.last_status == "error"


def test_backoff_doubles_and_retry_after_reads_dates():
    assert [backoff(n) for n in (1, 2, 3)] == [BACKOFF_BASE, 2 * BACKOFF_BASE, 4 * BACKOFF_BASE]
    assert backoff(100) == 6 * 3600
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert retry_after("30", now) == 30
    assert retry_after("Mon, 02 Mar 2026 09:02:00 GMT", now) == 120
    assert retry_after("soon", now) is None and retry_after(None, now) is None
    assert retry_after("99999999", now) == 24 * 3600


def test_at_most_per_host_requests_at_once(server: FeedServer, tmp_path: Path):
    running, peak, lock = [0], [0], threading.Lock()

    def slow(request: Request) -> Answer:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return Answer(304)

    urls = []
    for n in range(5):
        server.routes[f"/f{n}.xml"] = slow
        urls.append(server.url(f"/f{n}.xml"))
    with Desk(tmp_path / "hosts.db") as desk:
        outcomes = desk.poll(urls, PollSettings(once=True, per_host=2, allow_private=True))
        assert [o.status for o in outcomes] == ["not-modified"] * 5
        assert peak[0] == 2
        peak[0] = 0
        desk.poll(urls, PollSettings(once=True, per_host=1, allow_private=True))
        assert peak[0] == 1


def test_a_teaser_entry_is_replaced_by_the_page_it_links_to(server: FeedServer, tmp_path: Path):
    page = (
        "<html><head><title>Crane collapse</title></head><body><article><h1>Crane collapses at Exampleton harbour</h1>"
        + "".join(f"<p>{p}</p>" for p in HARBOUR_ENTRIES[0]["text"].split("\n\n"))
        + "</article></body></html>"
    ).encode()
    server.routes["/news/crane.html"] = lambda request: Answer(200, page, {"Content-Type": "text/html"})
    teaser = {**HARBOUR_ENTRIES[0], "text": "A crane collapsed.", "link": server.url("/news/crane.html")}
    server.routes["/teasers.xml"] = conditional(rss("Harbour Times", [teaser]), '"t1"')
    with Desk(tmp_path / "teaser.db") as desk:
        (outcome,) = desk.poll([server.url("/teasers.xml")], PollSettings(once=True, allow_private=True))
        assert outcome.status == "new", outcome
        (report,) = [desk.report(r.id) for r in desk.reports()]
        assert report.title == HARBOUR_ENTRIES[0]["title"]
        assert report.url == teaser["link"] and report.published == "2026-03-02"
        assert any("Lena Okafor" in p.text for p in report.paragraphs)


def test_private_addresses_are_refused_unless_allowed(server: FeedServer, tmp_path: Path):
    server.routes["/feed.xml"] = conditional(rss("Harbour Times", HARBOUR_ENTRIES), '"v1"')
    result = runner.invoke(app, ["watch", server.url("/feed.xml"), "--once", "--json", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "private, loopback or link-local" in json.loads(result.stdout.splitlines()[0])["message"]
    assert server.requests == []


def test_sources_add_list_remove(tmp_path: Path):
    db = str(tmp_path / "kept.db")
    added = runner.invoke(app, ["sources", "add", "https://example.org/feed.xml", "--db", db, "--json"])
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["sources", "add", "https://example.org/feed.xml", "--db", db])
    assert again.exit_code == 0
    listed = runner.invoke(app, ["sources", "--db", db, "--json"])
    assert [json.loads(line)["url"] for line in listed.stdout.splitlines()] == ["https://example.org/feed.xml"]
    table = runner.invoke(app, ["sources", "--db", db])
    assert "example.org" in table.stdout
    assert runner.invoke(app, ["sources", "add", "ftp://example.org/x", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["sources", "remove", "https://example.org/feed.xml", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["sources", "remove", "https://example.org/feed.xml", "--db", db]).exit_code == 1
    nothing = runner.invoke(app, ["watch", "--once", "--db", db])
    assert nothing.exit_code == 2 and "Nothing to watch" in nothing.output


def test_watch_runs_rounds_until_stopped_sleeping_between_them(server: FeedServer, tmp_path: Path):
    server.routes["/feed.xml"] = conditional(rss("Harbour Times", HARBOUR_ENTRIES), '"v1"')
    rounds: list[list[str]] = []
    stop = threading.Event()

    def on_round(outcomes) -> None:
        rounds.append([o.status for o in outcomes])
        if len(rounds) == 2:
            stop.set()

    with Desk(tmp_path / "loop.db") as desk:
        started = time.monotonic()
        desk.watch([server.url("/feed.xml")], PollSettings(every=1.0, allow_private=True), on_round=on_round, stop=stop)
        assert rounds == [["new"], ["not-modified"]]
        assert 0.9 <= time.monotonic() - started < 20  # it waited for the source to be due again


def test_durations():
    from newsdesk.cli.watch import parse_duration

    assert [parse_duration(t) for t in ("90", "30s", "10m", "2h", "1d", "1.5m")] == [90, 30, 600, 7200, 86400, 90]
    for bad in ("", "10x", "-5m", "0"):
        with pytest.raises(Exception, match="duration"):
            parse_duration(bad)
