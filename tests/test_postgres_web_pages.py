"""The web pages tests written for SQLite, run unchanged against PostgreSQL (see test_postgres_paths.py)."""

from __future__ import annotations

import pytest
from test_web_pages import *  # noqa: F403

pytestmark = pytest.mark.usefixtures("on_postgresql")
