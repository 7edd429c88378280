"""Getting reports in: sources (files, feeds, URLs, stdin), decoding, safe fetching."""

from newsdesk.ingest.sources import iter_sources, read_header

__all__ = ["iter_sources", "read_header"]
