"""Imported by the worker pool's fork server: load the models once, before workers are forked from it.

All but the quotes' dependency parser: workers fork only once this has run,
and ``newsdesk similarity`` never parses, so loading the parser here (~0.4 s)
would only delay its start.  An ingest's workers load it on their first task
instead, each on its own core at the same time, which costs an ingest no wall time.
"""

from newsdesk.pipeline import warm_up

warm_up(attribution=False)
