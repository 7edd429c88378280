"""Ingest, story placement and the commands, their tests written for SQLite, run unchanged against PostgreSQL.

As in test_postgres_paths.py: the ``on_postgresql`` fixture opens a fresh PostgreSQL database wherever a test
opens a SQLite path.  A module here must not share a fixture name with another one imported here (a
test takes the last definition collected).
"""

from __future__ import annotations

import pytest
from test_entities_batch import *  # noqa: F403
from test_entities_cli import *  # noqa: F403
from test_ingest import *  # noqa: F403
from test_pipeline import *  # noqa: F403
from test_quote_links import *  # noqa: F403
from test_quotes_command import *  # noqa: F403
from test_similarity import *  # noqa: F403
from test_stories import *  # noqa: F403
from test_stories_regroup import *  # noqa: F403
from test_stories_topics import *  # noqa: F403
from test_story_index import *  # noqa: F403

pytestmark = pytest.mark.usefixtures("on_postgresql")
