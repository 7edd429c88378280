"""Search and the web app over PostgreSQL: tsvector keyword search, semantic search with and without pgvector.

What matches must be what SQLite's FTS5 matches; ranks may differ (bm25
against cover density), so hits are compared as sets.  Semantic search ranks
exactly in both (the same vectors), so its hits are compared in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.desk import Desk
from newsdesk.store import Store
from newsdesk.store.textsearch import has_pgvector
from newsdesk.web.app import create_app
from newsdesk.web.queries import Filters
from newsdesk.web.search import keyword_search, semantic_search

QUERIES = ["train", "TOULOUSE", "gavle", "Gävle", "leze", "fertiliser train", "säger", "no-such-word-anywhere"]


def _ingested(server, sample_dir) -> str:
    url = server.create_database()
    with Desk(url) as desk:
        assert desk.ingest([str(sample_dir)]).ok
    return url


@pytest.fixture(scope="module")
def pg_sample(pg_server, sample_dir_module):
    from newsdesk.store.postgres import close_pool

    url = _ingested(pg_server, sample_dir_module)
    yield url
    close_pool(url)
    pg_server.drop_database(url)


@pytest.fixture(scope="module")
def sample_dir_module():
    return Path(__file__).resolve().parents[1] / "examples" / "sample"


def _keyword(store: Store, q: str, filters: Filters | None = None) -> set[tuple[str, int, str, tuple]]:
    hits = keyword_search(store, q, filters or Filters(), limit=200)
    return {(h.report.id, h.paragraph, h.text, tuple(map(tuple, h.highlights))) for h in hits}


def test_keyword_search_finds_what_fts5_finds(sample_db, pg_sample):
    with Store(sample_db) as lite, Store(pg_sample) as pg:
        assert not has_pgvector(lite)
        for q in QUERIES:
            assert _keyword(pg, q) == _keyword(lite, q), q
        assert _keyword(pg, "gavle")  # diacritics folded, as FTS5's remove_diacritics does
        swedish = Filters(lang="sv")
        assert _keyword(pg, "train", swedish) == _keyword(lite, "train", swedish)
        german = Filters(lang="de")
        assert _keyword(pg, "Gävle", german) == _keyword(lite, "Gävle", german) != set()


def test_semantic_search_ranks_as_sqlite_without_pgvector(sample_db, pg_sample):
    with Store(sample_db) as lite, Store(pg_sample) as pg:
        for q in ["a freight train derailed", "floods in the north of Sweden"]:
            got = [(h.report.id, h.score) for h in semantic_search(pg, q, Filters(), limit=10)]
            want = [(h.report.id, h.score) for h in semantic_search(lite, q, Filters(), limit=10)]
            assert [r for r, _ in got] == [r for r, _ in want]
            assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-4)


# Built at ingest, so they depend on when the refresher ran (it rebuilds at most every 15 s), not on the backend;
# test_postgres.py compares views built afresh on both.
_TIMED = {"history", "coverage", "speakers", "figures", "briefing", "framings", "confirmed", "single_source", "unique",
          "cross_lingual", "same_statements", "timeline", "stale"}  # fmt: skip


def _comparable(data: object) -> object:
    return {k: v for k, v in data.items() if k not in _TIMED} if isinstance(data, dict) else data


def test_web_app_over_postgresql_serves_what_it_serves_over_sqlite(sample_db, pg_sample):
    lite, pg = TestClient(create_app(str(sample_db), None)), TestClient(create_app(pg_sample, None))
    for path in ["/api/stories", "/api/stories/1", "/api/reports/b-en", "/api/search?q=train&mode=semantic"]:
        a, b = lite.get(path), pg.get(path)
        assert a.status_code == b.status_code == 200, (path, b.text[:300])
        assert _comparable(b.json()) == _comparable(a.json()), path
    for path in ["/", "/stories/1", "/reports/b-en", "/search?q=train", "/search?q=train&lang=sv", "/?lang=de"]:
        page = pg.get(path)
        assert page.status_code == 200, (path, page.text[:300])


@pytest.fixture(scope="module")
def vector_server():
    """A second server from the pgserver wheel, which bundles pgvector (skips without it)."""
    from pglocal import start_or_skip, wheel_bindir

    server = start_or_skip(wheel_bindir(), "pip install pgserver for a PostgreSQL with pgvector")
    yield server
    server.stop()


def test_pgvector_ranks_in_sql_as_numpy_does(sample_db, vector_server, sample_dir_module):
    url = _ingested(vector_server, sample_dir_module)
    with Store(sample_db) as lite, Store(url) as pg:
        assert has_pgvector(pg), "the wheel's server has pgvector: report vectors should be kept as vectors"
        assert pg.db.execute("SELECT COUNT(*) FROM report_vectors WHERE embedding IS NOT NULL").fetchone()[0] > 0
        for q, filters in [("a freight train derailed", Filters()), ("train", Filters(lang="de"))]:
            got = [(h.report.id, h.score) for h in semantic_search(pg, q, filters, limit=10)]
            want = [(h.report.id, h.score) for h in semantic_search(lite, q, filters, limit=10)]
            assert sorted(r for r, _ in got) == sorted(r for r, _ in want)  # ties (copies) may swap places
            assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-4)


CHINESE = [
    "港口管理局周一宣布，三号码头将关闭两周。",
    "局长孙平在记者会上说：“码头的起重机必须更换。”",
    "The port authority said pier three will close for two weeks.",
]


def test_chinese_queries_match_substrings_on_both_backends(tmp_path, pg_url):
    """Neither index cuts text without spaces: a Chinese word is found inside its run of characters, alike."""
    from newsdesk.model import RawReport

    raw = RawReport(source="zh-port", id="zh-port", title="三号码头将关闭两周", text="\n\n".join(CHINESE))
    lite_path = tmp_path / "zh.db"
    for target in (lite_path, pg_url):
        with Desk(target) as desk:
            assert desk.ingest([raw]).ok
    with Store(lite_path) as lite, Store(pg_url) as pg:
        for q in ("码头", "码头 起重机", "孙平", "起重机 pier"):
            assert _keyword(pg, q) == _keyword(lite, q), q
        hits = keyword_search(lite, "码头", Filters(), limit=10)
        assert sorted(h.paragraph for h in hits) == [0, 1]
        for h in hits:
            assert [h.text[s:e] for s, e in h.highlights] == ["码头"]
        assert [h.paragraph for h in keyword_search(lite, "码头 起重机", Filters(), limit=10)] == [1]
        assert keyword_search(lite, "起重机 pier", Filters(), limit=10) == []
        assert keyword_search(lite, "码头", Filters(lang="sv"), limit=10) == []  # the filters apply
        assert {h.score for h in hits} == {0.0} and all(str(h.score) == "0.0" for h in hits)  # unranked, not -0.0
