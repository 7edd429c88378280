"""The command line: thin commands over the same functions the web app and the Python API use."""

import os
import sys

from newsdesk.executors import start_fork_server

# Batch commands that analyse in the worker pool start its fork server before the CLI's own imports (~0.9 s):
# the fork server loads the models (~2.3 s) on another core meanwhile.  Only these two: an ``ingest`` is often a
# handful of reports, analysed without a pool.
if sys.argv[1:2] in (["similarity"], ["cluster"]) and (os.cpu_count() or 1) > 1:
    start_fork_server()

from newsdesk.cli.main import app  # noqa: E402

__all__ = ["app"]
