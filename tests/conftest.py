"""Shared fixtures: paths to the bundled sample and to ../shared, temporary stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "examples" / "sample"


@pytest.fixture
def shared() -> Path:
    """../shared beside the repository; tests that need it skip cleanly without it."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not available")
    return SHARED


@pytest.fixture
def seeds_dir(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "test.db") as s:
        yield s


def _ingest_once(factory: pytest.TempPathFactory, name: str, source: Path) -> Path:
    from newsdesk.desk import Desk

    db = factory.mktemp(name) / f"{name}.db"
    with Desk(db) as desk:
        result = desk.ingest([str(source)])
    assert not result.errors, result.errors
    return db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample, ingested once per test session through the real pipeline."""
    return _ingest_once(tmp_path_factory, "sample", SAMPLE)


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding ../shared/seeds, ingested once per test session (skips without ../shared)."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not available")
    return _ingest_once(tmp_path_factory, "seeds", SHARED / "seeds")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server on loopback for the session: Debian's binaries, else the pgserver wheel's."""
    from pglocal import find_bindir, start_or_skip

    server = start_or_skip(find_bindir(), "apt install postgresql, or pip install pgserver")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty database on the session's server (dropped afterwards)."""
    from newsdesk.store.postgres import close_pool

    url = pg_server.create_database()
    yield url
    close_pool(url)
    pg_server.drop_database(url)


@pytest.fixture
def on_postgresql(pg_server, monkeypatch):
    """Every store a test opens at a SQLite path (or ``:memory:``) opens a fresh PostgreSQL database instead.

    So tests written for SQLite (``Desk(tmp_path / "x.db")``, ``create_app(path)``, the CLI in process) run
    unchanged against PostgreSQL: the same path always names the same database, ``:memory:`` a new one.
    """
    from newsdesk.store import sqlite as sqlite_store
    from newsdesk.store import url as store_url
    from newsdesk.store.postgres import close_pool

    real = store_url.parse_db
    databases: dict[str, str] = {}  # SQLite path -> its PostgreSQL database
    created: list[str] = []

    def parse_db(db):
        backend, target = real(db)
        if backend != store_url.SQLITE:
            return backend, target
        if target == ":memory:" or target not in databases:
            created.append(pg_server.create_database())
            if target != ":memory:":
                databases[target] = created[-1]
        return store_url.POSTGRESQL, databases.get(target, created[-1])

    monkeypatch.setattr(store_url, "parse_db", parse_db)
    monkeypatch.setattr(sqlite_store, "parse_db", parse_db)
    monkeypatch.setattr("newsdesk.cli.common.parse_db", parse_db)  # open_desk: no SQLite file to look for
    yield databases
    for url in created:
        close_pool(url)
        pg_server.drop_database(url)
