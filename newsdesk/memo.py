"""Analyses kept by raw report, so that a batch ingested again (in another order, into another store) is
analysed once: ``pipeline.ingest(..., memo=...)``, used by ``newsdesk cluster --orders``."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newsdesk.model import ItemError, RawReport, text_hash

if TYPE_CHECKING:
    from newsdesk.pipeline import Analysed, Job


def memo_key(raw: RawReport) -> str:
    """What an analysis depends on besides outlet counts: every field of the raw report but its source."""
    return text_hash(repr(dataclasses.replace(raw, source="")))


def remembered(
    jobs: list[Job], keys: list[str], fresh: Iterator[tuple[str, Analysed]], memo: dict[str, bytes]
) -> Iterator[Analysed]:
    """Each job's analysis (``keys``: their :func:`memo_key`), from ``memo`` or else from ``fresh`` (key and
    result of each job not in it, in order).

    Kept pickled: storing a report changes it, and each ingest must get the
    analysis as it came from the workers, named by the item's own source.
    """
    for (raw, _), key in zip(jobs, keys, strict=True):
        if key not in memo:
            done, result = next(fresh)
            memo[done] = pickle.dumps(result)
        result = pickle.loads(memo[key])
        if isinstance(result, ItemError):
            yield dataclasses.replace(result, source=raw.source, id=raw.id or result.id)
        else:
            result[0].source = raw.source  # a copy from another file is named by its own path
            yield result
