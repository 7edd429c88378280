"""The command line: thin commands over the same functions the web app and the Python API use."""

from newsdesk.cli.main import app

__all__ = ["app"]
