"""A desk that runs by itself: polling sources (``poll``), watchlists and alerts, webhook delivery.

This stage sits after the views (a followed story's conflicts are the story
view's) and before :class:`newsdesk.Desk`, which the CLI and the web app call.
"""
