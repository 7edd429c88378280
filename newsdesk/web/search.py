"""Keyword search (full-text over paragraphs) and cross-lingual semantic search (report vectors).

The SQL that differs by backend (SQLite's FTS5, PostgreSQL's tsvector and
pgvector) is in :mod:`newsdesk.store.textsearch`.  User queries never reach a
query syntax: every word is quoted (FTS5) or passed as plain text
(PostgreSQL), so operators, column filters and unbalanced quotes in a query are
just words.  Semantic search encodes the query with the same encoder that made
the stored report vectors, so an English query lands near the Swedish report of
the same event.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsdesk.store import Store, textsearch
from newsdesk.store.textsearch import HIT_END, HIT_START, WORD
from newsdesk.web.queries import Filters, report_summary
from newsdesk.web.schemas import SearchHit


class SemanticUnavailable(RuntimeError):
    """The encoder that made the stored vectors cannot be loaded here."""


_HIT_START, _HIT_END = HIT_START, HIT_END


def fts_query(q: str) -> str | None:
    """An FTS5 query matching all words of ``q`` (None when it has no words)."""
    return textsearch.fts_query(WORD.findall(q))


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip highlight markers, returning the text and the marked (start, end) offsets."""
    text, spans, start = [], [], 0
    pos = 0
    for ch in marked:
        if ch == _HIT_START:
            start = pos
        elif ch == _HIT_END:
            spans.append((start, pos))
        else:
            text.append(ch)
            pos += 1
    return "".join(text), spans


def keyword_search(store: Store, q: str, filters: Filters, limit: int = 50) -> list[SearchHit]:
    """Paragraphs containing every word of ``q``, best bm25 first, with the words marked.

    Ranked first and decorated after: highlights and report details are
    computed for the ``limit`` hits only, not for every matching paragraph (a
    frequent word matches most of a large store).
    """
    words = WORD.findall(q)
    if not words:
        return []
    where, params = filters.where("r") if filters.active else (None, [])
    ranked = textsearch.paragraph_hits(store, words, where, params, limit)
    if not ranked:
        return []
    rowids = [r[0] for r in ranked]
    marks = ",".join("?" * len(rowids))
    marked = textsearch.highlighted(store, words, rowids)
    details = {
        row["prow"]: row
        for row in store.db.execute(
            f"""SELECT r.*, p.rowid AS prow, p.idx, sr.story_id AS story
                FROM paragraphs p JOIN reports r ON r.id = p.report_id
                LEFT JOIN story_reports sr ON sr.report_id = r.id WHERE p.rowid IN ({marks})""",
            rowids,
        )
    }
    hits = []
    for rowid, rank in ranked:
        row = details.get(rowid)
        if row is None or rowid not in marked:
            continue
        text, spans = _unmark(marked[rowid])
        hits.append(
            SearchHit(
                report=report_summary(row),
                paragraph=row["idx"],
                text=text,
                highlights=[list(s) for s in spans],
                score=round(-rank, 4) or 0.0,  # a substring hit is unranked: 0.0, not -0.0
                story=row["story"],
            )
        )
    return hits


def matching_reports(store: Store, q: str) -> set[str] | None:
    """Ids of reports with a paragraph containing every word of ``q`` (None: no query, no restriction)."""
    return {h.report.id for h in keyword_search(store, q, Filters(), limit=10_000)} if q.strip() else None


@dataclass
class _Matrix:
    stamp: int  # largest rowid of report_vectors when read
    encoder: str  # the encoder most report vectors were made with
    ids: list[str]
    vectors: np.ndarray


_matrices: OrderedDict[str, _Matrix] = OrderedDict()
_MATRICES = 4  # stores (databases) kept in memory at once


def _stamp(store: Store) -> tuple[str, int]:
    """(cache key, largest report_vectors rowid): what changes when a report vector is added or replaced."""
    stamp = int(store.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM report_vectors").fetchone()[0])
    return (store.path if store.path != ":memory:" else f"memory:{id(store.db)}"), stamp


_MAIN_ENCODER = "SELECT encoder, COUNT(*) n FROM report_vectors GROUP BY encoder ORDER BY n DESC, encoder LIMIT 1"
_encoders: dict[tuple[str, int], str | None] = {}


def _main_encoder(store: Store) -> str | None:
    """The encoder most report vectors were made with (counted again only when the vectors change)."""
    key = _stamp(store)
    if key not in _encoders:
        if len(_encoders) > 64:
            _encoders.clear()
        top = store.db.execute(_MAIN_ENCODER).fetchone()
        _encoders[key] = top["encoder"] if top else None
    return _encoders[key]


def _vector_matrix(store: Store) -> _Matrix | None:
    """The report vectors of the store's main encoder as one matrix, kept between queries while unchanged.

    Reading 100k vectors from SQLite takes seconds; a search over the matrix
    in memory takes milliseconds.  A new or revised report vector gets a new,
    larger rowid, which an indexed MAX() sees at once; a deleted report may
    linger in the matrix, and the caller drops it when its row is not found.
    None when the store has no report vectors.
    """
    key, stamp = _stamp(store)
    cached = _matrices.get(key)
    if cached is None or cached.stamp != stamp:
        encoder = _main_encoder(store)
        if encoder is None:
            return None
        rows = store.db.execute(
            """SELECT rv.report_id, v.vector FROM report_vectors rv
               JOIN vectors v ON v.encoder = rv.encoder AND v.hash = rv.hash WHERE rv.encoder = ?
               ORDER BY rv.report_id""",
            (encoder,),
        ).fetchall()
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
        cached = _Matrix(stamp, encoder, [r[0] for r in rows], vectors)
        _matrices[key] = cached
    _matrices.move_to_end(key)
    while len(_matrices) > _MATRICES:
        _matrices.popitem(last=False)
    return cached


def semantic_search(store: Store, q: str, filters: Filters, limit: int = 20) -> list[SearchHit]:
    """Reports ranked by cosine between the query and their stored report vectors.

    Each hit shows the report's first paragraph that is not its title.
    """
    from newsdesk.enrich.vectors import cached_encode, get_encoder

    in_sql = textsearch.has_pgvector(store)  # PostgreSQL with pgvector: no vectors in this process's memory
    matrix = None if in_sql else _vector_matrix(store)
    name = _main_encoder(store) if in_sql else matrix.encoder if matrix is not None and matrix.ids else None
    if name is None or not q.strip():
        return []
    # The query is not cached in the store: a search must not write to it.
    try:
        encoder = get_encoder(name)
    except ValueError as exc:
        raise SemanticUnavailable(f"the report vectors were made with {name!r}, which is not available: {exc}") from exc
    query = cached_encode(None, encoder, [q])[0]
    where, params = filters.where("r") if filters.active else (None, [])
    nearest = textsearch.nearest_reports(store, name, query, where, params, limit)
    if nearest is None:
        assert matrix is not None
        nearest = _nearest_in_memory(store, matrix, query, where, params, limit)
    top = [rid for rid, _ in nearest]
    scores = dict(nearest)
    marks = ",".join("?" * len(top))
    rows = {
        r["id"]: r
        for r in store.db.execute(
            f"""SELECT r.*, sr.story_id AS story,
                   (SELECT p.text FROM paragraphs p WHERE p.report_id = r.id AND p.text <> COALESCE(r.title, '')
                    ORDER BY p.idx LIMIT 1) AS lead,
                   (SELECT p.idx FROM paragraphs p WHERE p.report_id = r.id AND p.text <> COALESCE(r.title, '')
                    ORDER BY p.idx LIMIT 1) AS lead_idx
                FROM reports r LEFT JOIN story_reports sr ON sr.report_id = r.id WHERE r.id IN ({marks})""",
            top,
        )
    }
    return [
        SearchHit(
            report=report_summary(rows[rid]),
            paragraph=rows[rid]["lead_idx"],
            text=rows[rid]["lead"] or "",
            score=round(float(scores[rid]), 4),
            story=rows[rid]["story"],
        )
        for rid in top
        if rid in rows
    ]


def _nearest_in_memory(
    store: Store, matrix: _Matrix, query: np.ndarray, where: str | None, params: list[Any], limit: int
) -> list[tuple[str, float]]:
    scores = matrix.vectors @ query
    if where:
        allowed = {r[0] for r in store.db.execute(f"SELECT r.id FROM reports r WHERE {where}", params)}
        scores = np.where([rid in allowed for rid in matrix.ids], scores, -np.inf)
    head = np.sort(np.argpartition(-scores, min(limit, len(scores) - 1))[: limit + 1])
    order = [int(i) for i in head[np.argsort(-scores[head], kind="stable")][:limit] if np.isfinite(scores[i])]
    return [(matrix.ids[i], float(scores[i])) for i in order]
