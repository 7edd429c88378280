"""Watchlists and alerts: tell an editor when something they follow moves.

A watchlist follows an entity (any spelling the desk has linked to it), a
text query (every word, or "quoted phrase", in the title or text, case and
accents ignored), or a story.  After every ingest, :func:`check` records an
alert for each newly arrived report matching an entity or query watchlist,
and for each followed story that gained a report, a language or a conflict
(figures that disagree, or opposing framings), compared with the story as
the watchlist last saw it.  An alert is recorded once per watchlist and
subject (a report, a language, a conflict), so a revision or a re-ingest does
not alert again.

Queries are matched in Python on the newcomers' text rather than with the
store's full-text index, so matching is the same on any store backend and
costs nothing for reports that are not new.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from newsdesk.model import Alert, Watchlist
from newsdesk.sources.fetch import FetchError, check_url
from newsdesk.store import Store, now
from newsdesk.views.entities import find_entities
from newsdesk.views.story import story_view

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")  # safe in a URL path (/watchlists/NAME.atom)
KINDS = ("entity", "query", "story")
_PHRASE = re.compile(r'"([^"]+)"|(\S+)')


def fold_text(text: str) -> str:
    """Lower case without accents, so "Göteborg" matches "goteborg"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_terms(query: str) -> list[str]:
    """The words and "quoted phrases" of a query, folded."""
    return [fold_text(m.group(1) or m.group(2)) for m in _PHRASE.finditer(query) if (m.group(1) or m.group(2)).strip()]


def matches_query(terms: list[str], text: str) -> bool:
    """Whether every term occurs in ``text`` as whole words."""
    folded = fold_text(text)
    return bool(terms) and all(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", folded) for t in terms)


# -- watchlists ---------------------------------------------------------------------------------


def add_watchlist(
    store: Store, name: str, kind: str, value: str, *, webhook: str | None = None, allow_private: bool = False
) -> Watchlist:
    """Create a watchlist; a story watchlist starts from the story as it is now (only later changes alert)."""
    if not NAME.match(name):
        raise ValueError(f"{name!r}: a watchlist name is letters, digits, '.', '_' or '-' (up to 64)")
    if kind not in KINDS:
        raise ValueError(f"{kind!r}: a watchlist follows an entity, a query or a story")
    value = value.strip()
    if not value:
        raise ValueError(f"the {kind} to follow is empty")
    if kind == "query" and not query_terms(value):
        raise ValueError("the query has no words")
    state: dict[str, Any] = {}
    if kind == "story":
        if not value.isdigit() or store.live_story(int(value)) is None:
            raise ValueError(f"no story {value}")
        state = _story_state(store, int(value), with_conflicts=True)
    if webhook:
        try:
            check_url(webhook, allow_private=allow_private)
        except FetchError as exc:
            raise ValueError(f"webhook refused: {exc}") from exc
    with store.transaction() as db:
        if db.execute("SELECT 1 FROM watchlists WHERE name=?", (name,)).fetchone():
            raise ValueError(f"a watchlist named {name!r} exists")
        db.execute(
            """INSERT INTO watchlists (name, kind, value, webhook, allow_private, created_at, state)
               VALUES (?,?,?,?,?,?,?)""",
            (name, kind, value, webhook, int(allow_private), now(), json.dumps(state)),
        )
    found = get_watchlist(store, name)
    assert found is not None
    return found


def remove_watchlist(store: Store, name: str) -> bool:
    """Delete a watchlist and its alerts; False when there was none."""
    with store.transaction() as db:
        row = db.execute("SELECT id FROM watchlists WHERE name=?", (name,)).fetchone()
        if row is None:
            return False
        db.execute("DELETE FROM alerts WHERE watchlist_id=?", (row["id"],))
        db.execute("DELETE FROM watchlists WHERE id=?", (row["id"],))
    return True


_WATCHLIST_SQL = "SELECT id, name, kind, value, webhook, allow_private, created_at FROM watchlists"


def _watchlists(store: Store, where: str = "", params: tuple = ()) -> list[Watchlist]:
    found = store.rows_as(Watchlist, f"{_WATCHLIST_SQL} {where} ORDER BY name", params)
    return [replace(w, allow_private=bool(w.allow_private)) for w in found]


def list_watchlists(store: Store) -> list[Watchlist]:
    return _watchlists(store)


def get_watchlist(store: Store, name: str) -> Watchlist | None:
    found = _watchlists(store, "WHERE name=?", (name,))
    return found[0] if found else None


# -- alerts -------------------------------------------------------------------------------------


ALERT_SQL = """SELECT a.id, w.name AS watchlist, a.at, a.kind, a.text, a.story_id AS story, a.report_id AS report,
                      a.delivered_at, a.attempts, a.last_error
               FROM alerts a JOIN watchlists w ON w.id=a.watchlist_id"""


def list_alerts(store: Store, *, watchlist: str | None = None, limit: int = 100) -> list[Alert]:
    """Alerts, newest first (of one watchlist)."""
    where, params = ("WHERE w.name=?", (watchlist, limit)) if watchlist is not None else ("", (limit,))
    return store.rows_as(Alert, f"{ALERT_SQL} {where} ORDER BY a.id DESC LIMIT ?", params)


def _raise(store: Store, watchlist: Watchlist, kind: str, subject: str, text: str, story: int | None,
           report: str | None) -> int | None:  # fmt: skip
    """Record an alert unless this watchlist already has one about ``subject``; its id when new."""
    cur = store.db.execute(
        """INSERT INTO alerts (watchlist_id, at, kind, subject, story_id, report_id, text) VALUES (?,?,?,?,?,?,?)
           ON CONFLICT (watchlist_id, kind, subject) DO NOTHING""",
        (watchlist.id, now(), kind, subject, story, report, text),
    )
    return int(cur.lastrowid) if cur.rowcount == 1 else None


def check(store: Store, report_ids: Iterable[str]) -> list[int]:
    """Record the alerts that newly stored ``report_ids`` raise; the ids of the new alerts."""
    watchlists = list_watchlists(store)
    if not watchlists:
        return []
    ids = list(dict.fromkeys(report_ids))
    raised: list[int] = []
    with store.transaction():
        for watchlist in watchlists:
            if watchlist.kind == "story":
                raised += _check_story(store, watchlist)
            elif ids:
                raised += _check_reports(store, watchlist, ids)
    return raised


def _report_line(store: Store, report_id: str) -> tuple[str, int | None]:
    row = store.db.execute("SELECT title, outlet, lang FROM reports WHERE id=?", (report_id,)).fetchone()
    story = store.story_of(report_id)
    where = ", ".join(x for x in (row["outlet"], row["lang"]) if x) if row else ""
    title = (row["title"] if row else None) or report_id
    return f"“{title}”" + (f" ({where})" if where else ""), story


def _check_reports(store: Store, watchlist: Watchlist, ids: list[str]) -> list[int]:
    marks = ",".join("?" * len(ids))
    if watchlist.kind == "entity":
        keys = [e.key for e in find_entities(store, watchlist.value)]
        if not keys:
            return []
        key_marks = ",".join("?" * len(keys))
        hits = [
            r[0]
            for r in store.db.execute(
                f"SELECT DISTINCT report_id FROM mentions WHERE report_id IN ({marks}) AND key IN ({key_marks})",
                (*ids, *keys),
            )
        ]
        why = f"names {watchlist.value}"
    else:
        terms = query_terms(watchlist.value)
        texts: dict[str, list[str]] = {}
        for r in store.db.execute(f"SELECT id, title FROM reports WHERE id IN ({marks})", ids):
            texts.setdefault(r["id"], []).append(r["title"] or "")
        for r in store.db.execute(f"SELECT report_id, text FROM paragraphs WHERE report_id IN ({marks})", ids):
            texts.setdefault(r["report_id"], []).append(r["text"])
        hits = [rid for rid in ids if matches_query(terms, "\n".join(texts.get(rid, [])))]
        why = f"matches “{watchlist.value}”"
    raised = []
    for rid in sorted(hits, key=ids.index):
        line, story = _report_line(store, rid)
        text = f"new report {line} {why}" + (f", in story {story}" if story else "")
        found = _raise(store, watchlist, "report", rid, text, story, rid)
        if found is not None:
            raised.append(found)
    return raised


def _story_state(store: Store, story: int, *, with_conflicts: bool) -> dict[str, Any]:
    reports = sorted(r[0] for r in store.db.execute("SELECT report_id FROM story_reports WHERE story_id=?", (story,)))
    marks = ",".join("?" * len(reports)) or "NULL"
    languages = sorted(
        {
            r[0].split("-")[0]
            for r in store.db.execute(f"SELECT lang FROM reports WHERE id IN ({marks})", reports)
            if r[0]
        }
    )
    state: dict[str, Any] = {"story": story, "reports": reports, "languages": languages}
    if with_conflicts and reports:
        view = story_view(store, story)  # the stored view (ingest has just brought it up to date)
        state["conflicts"] = {
            g["key"]: str(g["counted"] or g["dimension"]) for g in view["figures"] if g["status"] == "conflict"
        }
        for f in view["framings"]:
            state["conflicts"][f"framing:{f['term']}/{f['rejected']}"] = f"“{f['term']}” against “{f['rejected']}”"
    return state


def _check_story(store: Store, watchlist: Watchlist) -> list[int]:
    """Alerts for what the followed story (or the story it was merged into) gained since last seen."""
    story = store.live_story(int(watchlist.value))
    if story is None:
        return []
    row = store.db.execute("SELECT state FROM watchlists WHERE id=?", (watchlist.id,)).fetchone()
    before = json.loads(row["state"] or "{}")
    state = _story_state(store, story, with_conflicts=False)
    gained = [rid for rid in state["reports"] if rid not in set(before.get("reports", []))]
    if not gained and before.get("story") == story:
        return []
    state = _story_state(store, story, with_conflicts=True)
    raised = []
    for rid in gained:
        line, _ = _report_line(store, rid)
        raised.append(_raise(store, watchlist, "report", rid, f"story {story} gained report {line}", story, rid))
    for lang in state["languages"]:
        if lang not in before.get("languages", []):
            text = f"story {story} is now reported in {lang}"
            raised.append(_raise(store, watchlist, "language", f"{story}:{lang}", text, story, None))
    for key, what in state.get("conflicts", {}).items():
        if key not in before.get("conflicts", {}):
            text = f"story {story}: a new conflict: sources disagree on {what}"
            raised.append(_raise(store, watchlist, "conflict", f"{story}:{key}", text, story, None))
    store.db.execute("UPDATE watchlists SET state=? WHERE id=?", (json.dumps(state), watchlist.id))
    return [a for a in raised if a is not None]
