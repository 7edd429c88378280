"""Search in the store, the SQL that differs by backend: keyword search and nearest report vectors.

Keyword search ranks paragraphs containing every word of a query: SQLite with
FTS5 (``paragraphs_fts``, bm25), PostgreSQL with its own full-text search (the
``paragraphs.search`` tsvector, GIN-indexed, ``ts_rank_cd``).  Both fold case
and Latin diacritics, so "Zurich" finds "Zürich".  Ranks differ between the
backends (bm25 against cover density); what matches does not.  Neither index can cut
text written without spaces (both read a run of Chinese characters as one word), so a
query with Chinese or Japanese characters matches every word as a substring instead,
newest paragraphs first, by a scan of the paragraphs (:func:`substring_hits`).

Nearest report vectors run in SQL only on PostgreSQL with pgvector; elsewhere
:func:`nearest_reports` returns None and the caller scores the vectors it
reads (``web/search.py`` keeps them in memory between queries).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsdesk.scripts import unspaced_runs
from newsdesk.store.sqlite import Store

WORD = re.compile(r"\w+")
HIT_START, HIT_END = "\x02", "\x03"


def fts_query(words: Sequence[str]) -> str | None:
    """An FTS5 query matching all ``words``, each quoted so that no word is FTS5 syntax (None for no words)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or None


def fold(word: str) -> str:
    """Lowercase without diacritics: what both backends index a word as."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def paragraph_hits(
    store: Store, words: Sequence[str], where: str | None, params: Sequence[Any], limit: int
) -> list[tuple[int, float]]:
    """(paragraph rowid, rank) of paragraphs with every word, best first (lower rank is better).

    ``where`` (with ``params``) filters on the paragraph's report, aliased ``r``.
    """
    if not words:
        return []
    if is_substring_query(words):
        return substring_hits(store, words, where, params, limit)
    if store.backend == "postgresql":
        sql = """SELECT p.rowid, -ts_rank_cd(p.search, q.query) AS rank
                 FROM (SELECT plainto_tsquery('simple', newsdesk_fold(?)) AS query) q
                 JOIN paragraphs p ON p.search @@ q.query"""
        args: list[Any] = [" ".join(words)]
        if where:
            sql += f" JOIN reports r ON r.id = p.report_id WHERE {where}"
            args += list(params)
        rows = store.db.execute(sql + " ORDER BY rank, p.rowid LIMIT ?", [*args, limit]).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]
    match = fts_query(words)
    if where:
        rows = store.db.execute(
            f"""SELECT paragraphs_fts.rowid, bm25(paragraphs_fts) AS rank
                FROM paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid
                JOIN reports r ON r.id = p.report_id
                WHERE paragraphs_fts MATCH ? AND {where} ORDER BY rank LIMIT ?""",
            [match, *params, limit],
        ).fetchall()
    else:
        rows = store.db.execute(
            "SELECT rowid, rank FROM paragraphs_fts WHERE paragraphs_fts MATCH ? ORDER BY rank LIMIT ?", [match, limit]
        ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def is_substring_query(words: Sequence[str]) -> bool:
    """Whether a query is matched by substrings: it has Chinese or Japanese characters (see the module docstring)."""
    return any(unspaced_runs(w) for w in words)


def substring_hits(
    store: Store, words: Sequence[str], where: str | None, params: Sequence[Any], limit: int
) -> list[tuple[int, float]]:
    """(paragraph rowid, 0.0) of the newest ``limit`` paragraphs that hold every word as a substring."""
    find = "strpos(p.text, ?) > 0" if store.backend == "postgresql" else "instr(p.text, ?) > 0"
    sql = "SELECT p.rowid FROM paragraphs p" + (" JOIN reports r ON r.id = p.report_id" if where else "")
    sql += " WHERE " + " AND ".join([find] * len(words)) + (f" AND {where}" if where else "")
    rows = store.db.execute(sql + " ORDER BY p.rowid DESC LIMIT ?", [*words, *params, limit]).fetchall()
    return [(int(r[0]), 0.0) for r in rows]


def highlighted(store: Store, words: Sequence[str], rowids: Sequence[int]) -> dict[int, str]:
    """Each paragraph's text with the query's words between HIT_START and HIT_END."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    if is_substring_query(words):
        found = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
        rows = store.db.execute(f"SELECT rowid, text FROM paragraphs WHERE rowid IN ({marks})", list(rowids))
        return {rowid: found.sub(lambda m: f"{HIT_START}{m.group()}{HIT_END}", text) for rowid, text in rows}
    if store.backend != "postgresql":
        return dict(
            store.db.execute(
                f"""SELECT rowid, highlight(paragraphs_fts, 0, ?, ?) FROM paragraphs_fts
                    WHERE paragraphs_fts MATCH ? AND rowid IN ({marks})""",
                [HIT_START, HIT_END, fts_query(words), *rowids],
            ).fetchall()
        )
    wanted = {fold(w) for w in words}
    out = {}
    for rowid, text in store.db.execute(f"SELECT rowid, text FROM paragraphs WHERE rowid IN ({marks})", list(rowids)):
        out[rowid] = WORD.sub(
            lambda m: f"{HIT_START}{m.group()}{HIT_END}" if fold(m.group()) in wanted else m.group(), text
        )
    return out


def has_pgvector(store: Store) -> bool:
    """True where report vectors are also kept as pgvector values (PostgreSQL with the extension)."""
    schema = getattr(getattr(store.db, "translator", None), "schema", None)
    return schema is not None and "embedding" in schema.columns.get("report_vectors", [])


def pgvector_literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def nearest_reports(
    store: Store, encoder: str, query: np.ndarray, where: str | None, params: Sequence[Any], limit: int
) -> list[tuple[str, float]] | None:
    """(report id, inner product) of the ``limit`` report vectors nearest ``query``, in SQL; None without pgvector.

    Exact (a scan in the database, no approximate index), so it returns what
    the in-memory search would; it saves each server process holding every
    vector in memory.
    """
    if not has_pgvector(store):
        return None
    literal = pgvector_literal(query)
    sql = "SELECT rv.report_id, -(rv.embedding <#> ?::vector) AS score FROM report_vectors rv"
    args: list[Any] = [literal]
    if where:
        sql += " JOIN reports r ON r.id = rv.report_id"
    sql += " WHERE rv.encoder = ? AND rv.embedding IS NOT NULL"
    args.append(encoder)
    if where:
        sql += f" AND {where}"
        args += list(params)
    sql += " ORDER BY rv.embedding <#> ?::vector, rv.report_id LIMIT ?"
    rows = store.db.execute(sql, [*args, literal, limit]).fetchall()
    return [(r[0], float(r[1])) for r in rows]
