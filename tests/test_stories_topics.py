"""Topics of two stories become one when a report resembles both (ignoring time) strongly enough."""

from __future__ import annotations

from newsdesk.store import Store, now
from newsdesk.stories import topics


def _story(store: Store, topic: int) -> int:
    stamp = now()
    cur = store.db.execute(
        "INSERT INTO stories (label, topic, created_at, updated_at) VALUES ('', ?, ?, ?)", (topic, stamp, stamp)
    )
    return int(cur.lastrowid)


def _topic_of(store: Store, story: int) -> int:
    return store.db.execute("SELECT topic FROM stories WHERE id=?", (story,)).fetchone()[0]


def test_link_topics_joins_only_resembling_live_stories() -> None:
    store = Store(":memory:")
    t1, t2, t3 = (topics.new_topic(store) for _ in range(3))
    a, b, c, d = _story(store, t1), _story(store, t2), _story(store, t3), _story(store, t3)
    store.db.execute("UPDATE stories SET merged_into=? WHERE id=?", (c, d))
    topics.link_topics(store, a, [(0.6, b), (0.1, c), (0.9, d)], threshold=0.3)
    assert _topic_of(store, a) == _topic_of(store, b) == t1
    assert _topic_of(store, c) == t3, "a weak resemblance or a merged story links no topics"
