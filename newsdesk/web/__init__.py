"""The web UI and JSON API: server-rendered pages over the store, offline, hostile-text safe.

Start it with ``newsdesk serve``; build it in code with :func:`newsdesk.web.app.create_app`.
"""
