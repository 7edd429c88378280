"""Watchlists raise alerts when a matching report arrives or a followed story moves; webhooks receive them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feedserver import HARBOUR_ENTRIES, Answer, FeedServer, conditional, json_body, rss
from typer.testing import CliRunner
from webdata import build_store

from newsdesk import Desk
from newsdesk.cli import app
from newsdesk.model import RawReport
from newsdesk.monitor import delivery
from newsdesk.monitor.watchlists import matches_query, query_terms

runner = CliRunner()


def entry_report(entry: dict[str, str], rid: str) -> RawReport:
    return RawReport(
        source=f"test/{rid}", id=rid, title=entry["title"], text=entry["text"], date="2026-03-02", lang="en",
        outlet="Harbour Times",
    )  # fmt: skip


HARBOUR, COUNCIL = (entry_report(e, f"r{n}") for n, e in enumerate(HARBOUR_ENTRIES))


def test_an_entity_watchlist_alerts_when_a_report_naming_it_arrives(tmp_path: Path):
    with Desk(tmp_path / "w.db") as desk:
        desk.add_watchlist("okafor", entity="Lena Okafor")  # no report names her yet
        desk.ingest([COUNCIL])
        assert desk.alerts() == []
        desk.ingest([HARBOUR])
        (alert,) = desk.alerts()
        assert (alert.watchlist, alert.kind, alert.report) == ("okafor", "report", "r0")
        assert alert.story == desk.story_of("r0")
        assert "Crane collapses at Exampleton harbour" in alert.text and "names Lena Okafor" in alert.text
        desk.ingest([HARBOUR])  # the same report again: no second alert
        assert len(desk.alerts()) == 1


def test_watching_a_local_feed_raises_the_alert(tmp_path: Path):
    db = str(tmp_path / "feed.db")
    added = runner.invoke(app, ["watchlist", "add", "okafor", "--entity", "Lena Okafor", "--db", db, "--json"])
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["kind"] == "entity"
    with FeedServer() as server:
        server.routes["/feed.xml"] = conditional(rss("Harbour Times", HARBOUR_ENTRIES), '"v1"')
        watched = runner.invoke(app, ["watch", server.url("/feed.xml"), "--once", "--allow-private", "--db", db])
        assert watched.exit_code == 0, watched.output
    alerts = runner.invoke(app, ["alerts", "--json", "--db", db])
    rows = [json.loads(line) for line in alerts.stdout.splitlines()]
    assert [(r["watchlist"], r["kind"]) for r in rows] == [("okafor", "report")]
    table = runner.invoke(app, ["alerts", "--db", db])
    assert "okafor" in table.stdout and "Alerts" in table.stdout


def test_query_terms_match_whole_words_and_phrases_without_case_or_accents():
    terms = query_terms('library "Market Street" göteborg')
    assert terms == ["library", "market street", "goteborg"]
    assert matches_query(terms, "The LIBRARY on Market  Street in Göteborg") is False  # two spaces: not the phrase
    assert matches_query(terms, "The LIBRARY on market street in Goteborg")
    assert not matches_query(query_terms("lib"), "The library")
    assert not matches_query([], "anything")


def test_a_query_watchlist_alerts_only_on_matching_reports(tmp_path: Path):
    with Desk(tmp_path / "q.db") as desk:
        desk.add_watchlist("library", query='"new public library" budget')
        desk.ingest([HARBOUR, COUNCIL])
        assert [(a.watchlist, a.report) for a in desk.alerts()] == [("library", "r1")]


def test_a_story_watchlist_alerts_on_new_reports_languages_and_conflicts(tmp_path: Path):
    """On the invented store: story 2 (one English report) is followed; story 1 (English and Swedish flood reports
    whose figures disagree) is merged into it by hand."""
    with Desk(build_store(tmp_path / "s.db")) as desk:
        desk.add_watchlist("s2", story=2)
        assert desk.alerts() == [] and desk.store.db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == 0
        from newsdesk.monitor.watchlists import check

        assert check(desk.store, []) == []  # nothing changed
        desk.merge(2, 1, editor="ann")
        check(desk.store, [])
        kinds = sorted((a.kind, a.report or "") for a in desk.alerts(watchlist="s2"))
        assert kinds == [("conflict", ""), ("language", ""), ("report", "en-herald"), ("report", "en-wire"),
                         ("report", "sv-kust")]  # fmt: skip
        assert any("now reported in sv" in a.text for a in desk.alerts())
        assert check(desk.store, []) == []  # seen: no second alert


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"entity": "x", "query": "y"}, "one thing"),
        ({}, "one thing"),
        ({"story": 99}, "no story 99"),
        ({"query": "   "}, "empty"),
        ({"entity": "x", "webhook": "http://127.0.0.1:9/hook"}, "webhook refused"),
    ],
)
def test_watchlist_add_refuses(tmp_path: Path, kwargs: dict, message: str):
    with Desk(build_store(tmp_path / "r.db")) as desk, pytest.raises(ValueError, match=message):
        desk.add_watchlist("w", **kwargs)


def test_watchlist_names_are_url_safe_and_unique(tmp_path: Path):
    with Desk(tmp_path / "n.db") as desk:
        with pytest.raises(ValueError, match="a watchlist name"):
            desk.add_watchlist("../x", entity="x")
        desk.add_watchlist("a", entity="x")
        with pytest.raises(ValueError, match="exists"):
            desk.add_watchlist("a", query="x")
        assert desk.remove_watchlist("a") and not desk.remove_watchlist("a")


def test_webhook_gets_the_alert_as_json_and_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(delivery, "PAUSE", 0.01)
    answers = iter([Answer(500), Answer(200)])
    with FeedServer() as server, Desk(tmp_path / "h.db") as desk:
        server.routes["/hook"] = lambda request: next(answers, Answer(200))
        desk.add_watchlist("okafor", entity="Lena Okafor", webhook=server.url("/hook"), allow_private=True)
        desk.ingest([HARBOUR])
        posts = server.hits("/hook")
    assert [p.method for p in posts] == ["POST", "POST"]  # the 500 was retried at once
    body = json_body(posts[1])
    assert (body["watchlist"], body["kind"], body["report"]) == ("okafor", "report", "r0")
    assert body["report_path"] == "/reports/r0" and body["story_path"].startswith("/stories/")
    assert posts[1].headers["content-type"] == "application/json"
    (alert,) = desk_alerts(tmp_path / "h.db")
    assert alert.delivered_at is not None and alert.attempts == 1


def desk_alerts(db: Path):
    with Desk(db) as desk:
        return desk.alerts()


def test_a_failed_delivery_waits_and_is_tried_again_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(delivery, "PAUSE", 0.01)
    with FeedServer() as server, Desk(tmp_path / "f.db") as desk:
        server.routes["/hook"] = lambda request: Answer(503)
        desk.add_watchlist("okafor", entity="Lena Okafor", webhook=server.url("/hook"), allow_private=True)
        desk.ingest([HARBOUR])
        assert len(server.hits("/hook")) == delivery.TRIES
        (alert,) = desk.alerts()
        assert (alert.delivered_at, alert.attempts, alert.last_error) == (None, 1, "HTTP 503")
        assert desk.deliver_alerts() == []  # not due yet
        desk.store.db.execute("UPDATE alerts SET next_attempt='2000-01-01'")
        server.routes["/hook"] = lambda request: Answer(204)
        (done,) = desk.deliver_alerts()
        assert done.ok and desk.alerts()[0].attempts == 2


def test_a_webhook_on_a_private_address_is_refused_unless_allowed(tmp_path: Path):
    with FeedServer() as server, Desk(tmp_path / "p.db") as desk:
        server.routes["/hook"] = lambda request: Answer(200)
        desk.add_watchlist("okafor", entity="Lena Okafor", webhook=server.url("/hook"), allow_private=True)
        desk.store.db.execute("UPDATE watchlists SET allow_private=0")  # e.g. changed after the check at creation
        desk.ingest([HARBOUR])
        assert server.requests == []
        (alert,) = desk.alerts()
        assert alert.last_error.startswith("refused") and alert.attempts == delivery.MAX_ATTEMPTS
        assert server.url("/hook") not in alert.last_error and "the webhook" in alert.last_error  # no secret shown
