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
