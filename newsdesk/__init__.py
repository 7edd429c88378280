"""newsdesk: turn a multilingual stream of news reports into stories a reader can trust."""

__version__ = "0.1.0"
