"""The store: one SQLite file in WAL mode (the zero-setup default), the source of truth.

Every stage's output is persisted here, so views never re-run analysis and an
interrupted ingest resumes where it stopped.  Each report is written in one
transaction together with everything derived from it (paragraphs, mentions,
quotes, figures, vectors, links, story assignment): a SIGKILL leaves either
all of a report or none of it.

The schema is versioned with ``PRAGMA user_version`` and upgraded by the
ordered scripts of :mod:`newsdesk.store.schema`.  ``Store("postgresql://...")``
gives the same class over PostgreSQL (:mod:`newsdesk.store.postgres`): the
methods here run unchanged on both, through the one ``db.execute`` interface.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from newsdesk.model import (
    Entity,
    Figure,
    Link,
    Mention,
    Paragraph,
    Quote,
    RemovedParagraph,
    Report,
    Sentence,
    Story,
    StoryChange,
)
from newsdesk.store.rows import entity_from_row, report_from_row
from newsdesk.store.schema import ALL, Migration, split_sql
from newsdesk.store.url import POSTGRESQL, StoreUnavailable, default_db_path, parse_db

T = TypeVar("T")
_SQLITE_MIN_INT, _SQLITE_MAX_INT = -(2**63), 2**63 - 1


# Hand corrections that change no membership, as StoryChange kind and detail (filled from the edit's data).
_EDIT_CHANGES = {
    "rename": ("renamed", "{label}"),
    "speaker": ("speaker", "{speaker}"),
    "undo": ("undone", "edit {edit} ({action})"),
}

# Child tables rebuilt wholesale when a report gets a new revision.
_CHILD_TABLES = ("paragraphs", "removed", "sentences", "mentions", "quotes", "figures")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _columns(cls: type, skip: tuple[str, ...] = ()) -> list[str]:
    return [f.name for f in fields(cls) if f.name not in skip]


class Store:
    """A connection to one newsdesk database: a SQLite file, or PostgreSQL for a ``postgresql://`` URL.

    Use as a context manager or call :meth:`close`.  All writes go through
    :meth:`transaction`, which is what makes a report's rows all-or-nothing.
    An unknown URL scheme raises :class:`~newsdesk.store.url.UnknownDatabase`.
    """

    backend = "sqlite"

    def __new__(cls, path: str | os.PathLike[str] | None = None) -> Store:
        # Every caller writes Store(db); the URL decides the backend, so no call site needs to know.
        if cls is Store and parse_db(path or default_db_path())[0] == POSTGRESQL:
            from newsdesk.store.postgres import PostgresStore

            return super().__new__(PostgresStore)
        return super().__new__(cls)

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = parse_db(path or default_db_path())[1]
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA journal_mode=WAL")  # the first statement that reads the file
        except sqlite3.DatabaseError as exc:  # "file is not a database": --db names some other file
            self.db.close()
            raise StoreUnavailable(
                f"{self.path} is not a SQLite database ({exc}): point --db at a newsdesk database, "
                "or at a path that does not exist yet to start one"
            ) from exc
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA busy_timeout=30000")
        self.migrate()

    # -- lifecycle -------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    where = property(lambda self: self.path, doc="The database as shown to people (a URL without its password).")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def data_version(self) -> int:
        """A number that changes when another connection has committed (in-memory indexes reload on it)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def migrate(self) -> None:
        for migration in ALL[self.schema_version :]:
            with self.transaction():
                if self.schema_version >= migration.number:  # another process migrated while we waited
                    continue
                self._apply(migration)
                self.db.execute(f"PRAGMA user_version={migration.number}")

    def _apply(self, migration: Migration) -> None:
        for statement in split_sql(migration.sql):
            self.db.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; nested calls join the outer transaction."""
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- reports ---------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        row = self.db.execute("SELECT 1 FROM revisions WHERE content_hash=?", (content_hash,)).fetchone()
        return row is not None

    def report_id_for(self, identity: str) -> str | None:
        row = self.db.execute("SELECT id FROM reports WHERE identity=?", (identity,)).fetchone()
        return row["id"] if row else None

    def report_with_content(self, content_hash: str) -> str | None:
        """The report a revision with this content belongs to, if any."""
        row = self.db.execute("SELECT report_id FROM revisions WHERE content_hash=?", (content_hash,)).fetchone()
        return row["report_id"] if row else None

    def id_taken(self, report_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM reports WHERE id=?", (report_id,)).fetchone() is not None

    def save_report(self, report: Report, identity: str) -> None:
        """Insert a report, or replace it as a new revision if ``identity`` exists.

        Call inside :meth:`transaction` together with the store-aware stages
        (entities, stories) so that the whole report lands atomically.
        """
        with self.transaction() as db:
            existing = db.execute("SELECT id, revision FROM reports WHERE identity=?", (identity,)).fetchone()
            stamp = now()
            if existing:
                report.id = existing["id"]
                report.revision = existing["revision"] + 1
                for table in _CHILD_TABLES:
                    db.execute(f"DELETE FROM {table} WHERE report_id=?", (report.id,))
                db.execute("DELETE FROM links WHERE report_id=?", (report.id,))
                db.execute("DELETE FROM report_vectors WHERE report_id=?", (report.id,))
            values = {
                "source": report.source,
                "url": report.url,
                "title": report.title,
                "outlet": report.outlet,
                "author": report.author,
                "published": report.published,
                "date_source": report.date_source,
                "lang": report.lang,
                "revision": report.revision,
                "content_hash": report.content_hash,
                "text_dates": json.dumps(report.text_dates),
                "flags": json.dumps(report.flags, ensure_ascii=False),
                "ingested_at": stamp,
            }
            if existing:
                assignments = ", ".join(f"{column}=?" for column in values)
                db.execute(f"UPDATE reports SET {assignments} WHERE id=?", (*values.values(), report.id))
            else:
                columns = ", ".join(values)
                marks = ", ".join("?" * (len(values) + 2))
                db.execute(
                    f"INSERT INTO reports (id, identity, {columns}) VALUES ({marks})",
                    (report.id, identity, *values.values()),
                )
            db.execute(
                "INSERT INTO revisions (report_id, revision, content_hash, raw, ingested_at) VALUES (?,?,?,?,?)",
                (report.id, report.revision, report.content_hash, report.raw, stamp),
            )
            self._save_children(report)

    def _save_children(self, report: Report) -> None:
        db, rid = self.db, report.id
        db.executemany(
            "INSERT INTO paragraphs (report_id, idx, text, lang) VALUES (?,?,?,?)",
            [(rid, p.index, p.text, p.lang) for p in report.paragraphs],
        )
        db.executemany(
            "INSERT INTO removed (report_id, position, text, reason) VALUES (?,?,?,?)",
            [(rid, r.position, r.text, r.reason) for r in report.removed],
        )
        db.executemany(
            'INSERT INTO sentences (report_id, idx, paragraph, start, "end", text) VALUES (?,?,?,?,?,?)',
            [(rid, i, s.paragraph, s.start, s.end, s.text) for i, s in enumerate(report.sentences)],
        )
        self._insert_items("mentions", Mention, rid, report.mentions)
        self._insert_items("quotes", Quote, rid, report.quotes)
        self._insert_items("figures", Figure, rid, report.figures)

    def add_mentions(self, report_id: str, mentions: list[Mention]) -> None:
        """Append mentions found after the report was stored (e.g. propagated from its story)."""
        self._insert_items("mentions", Mention, report_id, mentions)

    def _insert_items(self, table: str, cls: type, report_id: str, items: list[Any]) -> None:
        """Insert span dataclasses (mentions, quotes, figures) as rows of ``table``."""
        cols = _columns(cls)
        sql = "INSERT INTO {} (report_id, {}) VALUES (?, {})".format(
            table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" * len(cols))
        )
        self.db.executemany(sql, [(report_id, *(getattr(item, c) for c in cols)) for item in items])

    def get_report(self, report_id: str, *, with_raw: bool = False) -> Report | None:
        row = self.db.execute("SELECT * FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            return None
        raw = ""
        if with_raw:
            raw = self.db.execute(
                "SELECT raw FROM revisions WHERE report_id=? AND revision=?", (report_id, row["revision"])
            ).fetchone()["raw"]
        report = report_from_row(row, raw)
        q = self.db.execute
        report.paragraphs = [
            Paragraph(r["idx"], r["text"], r["lang"])
            for r in q("SELECT idx, text, lang FROM paragraphs WHERE report_id=? ORDER BY idx", (report_id,))
        ]
        report.removed = [
            RemovedParagraph(r["position"], r["text"], r["reason"])
            for r in q("SELECT * FROM removed WHERE report_id=? ORDER BY position", (report_id,))
        ]
        report.sentences = [
            Sentence(r["paragraph"], r["start"], r["end"], r["text"])
            for r in q("SELECT * FROM sentences WHERE report_id=? ORDER BY idx", (report_id,))
        ]
        report.mentions = self.rows_as(Mention, "SELECT * FROM mentions WHERE report_id=? ORDER BY rowid", (report_id,))
        report.quotes = self.rows_as(Quote, "SELECT * FROM quotes WHERE report_id=? ORDER BY id", (report_id,))
        report.figures = self.rows_as(Figure, "SELECT * FROM figures WHERE report_id=? ORDER BY id", (report_id,))
        return report

    def rows_as(self, cls: type[T], sql: str, params: tuple[Any, ...] = ()) -> list[T]:
        """Run a query and build dataclasses from the columns they share."""
        cursor = self.db.execute(sql, params)
        names = set(_columns(cls)) & {d[0] for d in cursor.description}
        return [cls(**{n: r[n] for n in names}) for r in cursor]

    def list_reports(self, *, story: int | None = None) -> list[sqlite3.Row]:
        sql = """SELECT r.id, r.title, r.outlet, r.author, r.published, r.lang, r.revision, r.url, r.source,
                        r.flags, sr.story_id AS story,
                        (SELECT COUNT(*) FROM paragraphs p WHERE p.report_id=r.id) AS paragraphs
                 FROM reports r LEFT JOIN story_reports sr ON sr.report_id=r.id"""
        params: tuple[Any, ...] = ()
        if story is not None:
            sql += " WHERE sr.story_id=?"
            params = (story,)
        return list(self.db.execute(sql + " ORDER BY r.published, r.id", params))

    def count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def outlet_paragraph_counts(self, outlet: str) -> dict[str, int]:
        """How many reports of ``outlet`` each removed or kept paragraph text appears in.

        Feeds the cleaner's cross-report repetition feature: a line that
        recurs in many reports of one outlet is that outlet's boilerplate.
        """
        rows = self.db.execute(
            """SELECT text, COUNT(DISTINCT report_id) n FROM (
                   SELECT p.report_id, p.text FROM paragraphs p JOIN reports r ON r.id=p.report_id
                   WHERE r.outlet=? UNION ALL
                   SELECT d.report_id, d.text FROM removed d JOIN reports r ON r.id=d.report_id
                   WHERE r.outlet=?)
               GROUP BY text HAVING COUNT(DISTINCT report_id) > 1""",
            (outlet, outlet),
        )
        return {r["text"]: r["n"] for r in rows}

    # -- entities --------------------------------------------------------
    def upsert_entity(self, entity: Entity) -> None:
        """Insert or merge an entity; its name becomes a fuller form when one appears ("X" → "Ann X")."""
        with self.transaction() as db:
            row = db.execute("SELECT variants FROM entities WHERE key=?", (entity.key,)).fetchone()
            variants = sorted(set(json.loads(row["variants"]) if row else []) | set(entity.variants))
            db.execute(
                """INSERT INTO entities (key, name, type, variants, lat, lon, country) VALUES (?,?,?,?,?,?,?)
                   ON CONFLICT(key) DO UPDATE SET variants=excluded.variants,
                   name=CASE WHEN length(excluded.name) - length(replace(excluded.name, ' ', ''))
                                  > length(entities.name) - length(replace(entities.name, ' ', ''))
                             THEN excluded.name ELSE entities.name END,
                   lat=COALESCE(entities.lat, excluded.lat), lon=COALESCE(entities.lon, excluded.lon),
                   country=COALESCE(entities.country, excluded.country)""",
                (entity.key, entity.name, entity.type, json.dumps(variants), entity.lat, entity.lon, entity.country),
            )

    def get_entity(self, key: str) -> Entity | None:
        row = self.db.execute("SELECT * FROM entities WHERE key=?", (key,)).fetchone()
        return entity_from_row(row) if row else None

    def entity_names(self, keys: Iterable[str]) -> dict[str, str]:
        """The names of the entities with these keys (a page needs a few, not the whole table)."""
        wanted, names = list(keys), {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            names.update(self.db.execute(f"SELECT key, name FROM entities WHERE key IN ({marks})", chunk).fetchall())
        return names

    def all_entities(self) -> list[Entity]:
        return [entity_from_row(r) for r in self.db.execute("SELECT * FROM entities ORDER BY key")]

    # -- vectors ---------------------------------------------------------
    def get_vectors(self, encoder: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(hashes))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT hash, vector FROM vectors WHERE encoder=? AND hash IN ({marks})", (encoder, *chunk)
            ):
                found[r["hash"]] = np.frombuffer(r["vector"], dtype=np.float32)
        return found

    def all_vectors(self, encoder: str) -> dict[str, np.ndarray]:
        """Every stored vector of ``encoder`` by text hash (to carry a store's vectors into another)."""
        rows = self.db.execute("SELECT hash, vector FROM vectors WHERE encoder=?", (encoder,))
        return {r["hash"]: np.frombuffer(r["vector"], dtype=np.float32) for r in rows}

    def put_vectors(self, encoder: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO vectors (encoder, hash, vector) VALUES (?,?,?)",
                [(encoder, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in vectors.items()],
            )

    def set_report_vector(self, report_id: str, encoder: str, hash_: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO report_vectors (report_id, encoder, hash) VALUES (?,?,?)",
            (report_id, encoder, hash_),
        )

    def report_vector(self, report_id: str, encoder: str) -> np.ndarray | None:
        row = self.db.execute(
            """SELECT v.vector FROM report_vectors rv JOIN vectors v ON v.encoder=rv.encoder AND v.hash=rv.hash
               WHERE rv.report_id=? AND rv.encoder=?""",
            (report_id, encoder),
        ).fetchone()
        return np.frombuffer(row["vector"], dtype=np.float32) if row else None

    # -- links and stories ---------------------------------------------------
    def add_link(self, link: Link) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO links (report_id, origin_id, kind, score) VALUES (?,?,?,?)",
            (link.report, link.origin, link.kind, link.score),
        )

    def links_of(self, report_id: str) -> list[Link]:
        rows = self.db.execute(
            "SELECT * FROM links WHERE report_id=? OR origin_id=? ORDER BY kind", (report_id, report_id)
        )
        return [Link(r["report_id"], r["origin_id"], r["kind"], r["score"]) for r in rows]

    def story_of(self, report_id: str) -> int | None:
        row = self.db.execute("SELECT story_id FROM story_reports WHERE report_id=?", (report_id,)).fetchone()
        return row["story_id"] if row else None

    def topic_of(self, story_id: int | None) -> int | None:
        """The topic a story belongs to (None for no story, or a story without one)."""
        if story_id is None:
            return None
        row = self.db.execute("SELECT topic FROM stories WHERE id=?", (story_id,)).fetchone()
        return row["topic"] if row else None

    def get_story(self, story_id: int) -> Story | None:
        if not _SQLITE_MIN_INT <= story_id <= _SQLITE_MAX_INT:  # no such row, and SQLite cannot take it
            return None
        row = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            return None
        members = self.db.execute(
            """SELECT r.id, r.published FROM story_reports sr JOIN reports r ON r.id=sr.report_id
               WHERE sr.story_id=? ORDER BY r.published, r.id""",
            (story_id,),
        ).fetchall()
        dates = [m["published"] for m in members if m["published"]]
        return Story(
            id=row["id"],
            label=row["label"],
            topic=row["topic"],
            report_ids=[m["id"] for m in members],
            first=min(dates) if dates else None,
            last=max(dates) if dates else None,
            merged_into=row["merged_into"],
        )

    def story_version(self, story_id: int) -> tuple[Any, ...] | None:
        """What changes whenever the story does: its update stamp, its member count and its stored view's signature.

        Cheap (two indexed lookups), for caches of what is shown of a story.
        """
        if not _SQLITE_MIN_INT <= story_id <= _SQLITE_MAX_INT:
            return None
        row = self.db.execute(
            """SELECT s.updated_at, s.label, s.merged_into,
                      (SELECT COUNT(*) FROM story_reports WHERE story_id = s.id) AS members,
                      (SELECT signature FROM story_views WHERE story_id = s.id) AS view
               FROM stories s WHERE s.id = ?""",
            (story_id,),
        ).fetchone()
        return tuple(row) if row else None

    def live_story(self, story_id: int) -> int | None:
        """The live story ``story_id`` now is: itself, or the story it was merged into (None if it never existed)."""
        seen: set[int] = set()
        current: int | None = story_id
        while current is not None and current not in seen:
            if not _SQLITE_MIN_INT <= current <= _SQLITE_MAX_INT:  # no such row, and SQLite cannot take it
                return None
            row = self.db.execute("SELECT merged_into FROM stories WHERE id=?", (current,)).fetchone()
            if row is None:
                return None
            if row["merged_into"] is None:
                return current
            seen.add(current)
            current = row["merged_into"]
        return None  # a cycle: never written by the pipeline

    # (table, column naming this story, column naming the other, kind) for Store.story_history
    _HISTORY_SOURCES = (
        ("story_merges", "into_story", "from_story", "merged-in"),
        ("story_merges", "from_story", "into_story", "merged-away"),
        ("story_moves", "into_story", "from_story", "moved-in"),
        ("story_moves", "from_story", "into_story", "moved-out"),
    )

    def story_history(self, story_id: int) -> list[StoryChange]:
        """Merges, report moves and hand corrections (with their editor) that changed the story, oldest first."""
        changes = [
            StoryChange(
                r["at"], kind, r[other], r["report_id"] if table == "story_moves" else None, r["score"],
                r["editor"], r["edit_id"],
            )
            for table, this, other, kind in self._HISTORY_SOURCES
            for r in self.db.execute(
                f"SELECT t.*, e.editor FROM {table} t LEFT JOIN edits e ON e.id=t.edit_id WHERE t.{this}=?", (story_id,)
            )
        ]  # fmt: skip
        for r in self.db.execute(
            "SELECT * FROM edits WHERE story_id=? AND action IN ('rename', 'speaker', 'undo')", (story_id,)
        ):
            data = json.loads(r["data"])
            kind, detail = _EDIT_CHANGES[r["action"]]
            changes.append(
                StoryChange(
                    r["at"], kind, story_id, data.get("report"), None, r["editor"], r["id"], detail.format(**data)
                )
            )
        return sorted(changes, key=lambda c: (c.at, c.edit or 0, c.kind, c.story, c.report or ""))

    def live_story_count(self) -> int:
        """Stories not merged into another (what ``list_stories`` lists), counted without loading them."""
        return int(self.db.execute("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL").fetchone()[0])

    def list_stories(self) -> list[Story]:
        ids = [r[0] for r in self.db.execute("SELECT id FROM stories WHERE merged_into IS NULL ORDER BY id")]
        return [s for s in (self.get_story(i) for i in ids) if s is not None]
