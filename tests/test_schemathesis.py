"""Property-based API test: every operation, generated inputs, responses checked against the OpenAPI schema.

Bounded (a few examples per operation) so it stays a unit-test-sized run.  The
schema has to exist when tests are collected, so the small store is built at
import time in a temporary directory removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from webdata import build_store

from newsdesk.store import Store
from newsdesk.web.app import create_app

_TMP = Path(tempfile.mkdtemp(prefix="newsdesk-schemathesis-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


def _store_without_fake_vectors() -> str:
    """The invented store, minus its stand-in vectors.

    Their encoder does not exist, which the API rightly answers with a 503 for
    semantic search; that path is tested in test_web_api.  Here semantic search
    runs on an empty vector set, so every generated request must get a 2xx/4xx.
    """
    path = build_store(_TMP / "web.db")
    with Store(path) as store:
        store.db.execute("DELETE FROM report_vectors")
    return path


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_store_without_fake_vectors(), "schema-token"))


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case):
    case.call_and_validate()
