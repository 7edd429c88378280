"""Topics: stories about the same place and actors, grouped into a story tree.

An event ends; its topic goes on.  When a report starts a new story, the new
story joins the topic of the candidate story it resembles most *ignoring time*
(the same-event probability without the date factor: same names, places and
vocabulary), if that resemblance reaches the topic threshold; otherwise it
starts a topic of its own.  So a reader of one event sees the earlier and later
events about the same place and actors.
"""

from __future__ import annotations

from newsdesk.store import Store


def topic_for(store: Store, untimed: list[tuple[float, int]], threshold: float) -> int:
    """The topic of the story with the highest untimed score (score, story) if high enough, else a new topic."""
    best = max(untimed, default=None)
    if best is not None and best[0] >= threshold:
        row = store.db.execute("SELECT topic FROM stories WHERE id=?", (best[1],)).fetchone()
        if row and row[0] is not None:
            return int(row[0])
    return new_topic(store)


def link_topics(store: Store, story: int, untimed: list[tuple[float, int]], threshold: float) -> None:
    """Join the topics of ``story`` and of each (score, story) in ``untimed`` scoring at least ``threshold``.

    A topic is found when a story starts; a report that later resembles two
    stories of different topics this much (ignoring time) shows they share
    their place and actors, so their topics become one.
    """
    for score, other in untimed:
        if score < threshold:
            continue
        rows = store.db.execute(
            "SELECT topic FROM stories WHERE id IN (?,?) AND merged_into IS NULL", (story, other)
        ).fetchall()
        found = {r[0] for r in rows if r[0] is not None}
        if len(rows) == 2 and len(found) == 2:
            merge_topics(store, min(found), max(found))


def new_topic(store: Store) -> int:
    return int(store.db.execute("INSERT INTO topics (label) VALUES ('')").lastrowid)


def merge_topics(store: Store, keep: int, gone: int) -> None:
    """When two stories merge, their topics become one."""
    if keep != gone:
        store.db.execute("UPDATE stories SET topic=? WHERE topic=?", (keep, gone))
