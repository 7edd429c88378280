"""The key paths written for SQLite, run unchanged against PostgreSQL.

Hand corrections, their binding of later ingests, watching feeds, watchlists
and alerts, the web API and pages with corrections, Atom feeds and story history: their tests
are collected here a second time with the ``on_postgresql`` fixture, under
which every store a test opens at a SQLite path opens a fresh PostgreSQL
database instead.  SQL added in SQLite's dialect anywhere on these paths is
thereby run through the translation (``store/dialect.py``).
"""

from __future__ import annotations

import pytest
from test_edits import *  # noqa: F403
from test_edits_binding import *  # noqa: F403
from test_story_history import *  # noqa: F403
from test_watch import *  # noqa: F403
from test_watchlists import *  # noqa: F403
from test_web_corrections import *  # noqa: F403
from test_web_feeds import *  # noqa: F403

pytestmark = pytest.mark.usefixtures("on_postgresql")

# Copies a SQLite file with sqlite3's backup: nothing to run on PostgreSQL (test_postgres_search serves the sample).
del test_the_story_feed_of_a_pipeline_store_validates  # noqa: F405, F821
