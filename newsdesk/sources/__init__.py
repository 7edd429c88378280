"""Getting reports in: sources (files, feeds, URLs, stdin), decoding, safe fetching."""

from newsdesk.sources.items import iter_sources, read_header

__all__ = ["iter_sources", "read_header"]
