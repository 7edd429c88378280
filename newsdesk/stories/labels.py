"""Short, title-like story labels built from the stories' own reports.

A label is the headline of the story's most representative report (the one
closest to the story's centroid), trimmed of the outlet suffix that many
headlines carry ("... - The Outlet", "... | Outlet").  A reader may ask for a
language: the label then comes from a report in that language when the story
has one, so a Swedish reader sees a Swedish headline.
"""

from __future__ import annotations

import os
import re

import numpy as np

from newsdesk.store import Store
from newsdesk.stories import constraints

MAX_CHARS = 90
CONSIDER = 12  # members looked at when choosing the label (the most recent ones)
_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")


def tidy(title: str) -> str:
    """A headline without its outlet suffix, cut at a word boundary to MAX_CHARS."""
    text = " ".join(title.split())
    stripped = _SUFFIX.sub("", text)
    if len(stripped) >= 15:
        text = stripped
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
    return text


def _candidates(store: Store, story: int) -> list[tuple[str, str, str | None]]:
    """(report id, headline or first sentence, language) of recent members."""
    rows = store.db.execute(
        """SELECT r.id, r.title, r.lang,
                  (SELECT text FROM paragraphs p WHERE p.report_id=r.id ORDER BY idx LIMIT 1) AS first
           FROM story_reports sr JOIN reports r ON r.id=sr.report_id
           WHERE sr.story_id=? ORDER BY sr.rowid DESC LIMIT ?""",
        (story, CONSIDER),
    ).fetchall()
    out = []
    for row in rows:
        text = row["title"] or re.split(r"(?<=[.!?])\s", row["first"] or "", maxsplit=1)[0]
        if text:
            out.append((row["id"], text, row["lang"]))
    return out


def _centrality(store: Store, story: int, ids: list[str]) -> dict[str, float]:
    """Cosine of each member's USE-m3 (or e5) vector with the story centroid; 0 where unknown."""
    scores: dict[str, float] = {}
    # ORDER BY: the first encoder with a vector wins, so the order must not be left to the backend
    for row in store.db.execute(
        "SELECT encoder, centroid FROM story_index WHERE story_id=? ORDER BY encoder", (story,)
    ):
        centroid = np.frombuffer(row["centroid"], dtype=np.float32)
        norm = float(np.linalg.norm(centroid)) or 1.0
        for rid in ids:
            if rid in scores:
                continue
            vec = store.report_vector(rid, row["encoder"])
            if vec is not None:
                scores[rid] = float(vec @ centroid) / norm
    return scores


def story_label(store: Store, story: int, lang: str | None = None) -> str:
    """The label of ``story``, in ``lang`` when one of its reports is in that language."""
    found = _candidates(store, story)
    if lang:
        same = [c for c in found if c[2] and c[2].split("-")[0] == lang.split("-")[0]]
        found = same or found
    if not found:
        return ""
    central = _centrality(store, story, [c[0] for c in found])
    best = max(found, key=lambda c: (central.get(c[0], 0.0), -len(c[1])))
    return tidy(best[1])


def refresh_label(store: Store, story: int) -> str:
    """Recompute and store the story's default label (and its topic's, if that has none).

    The stored label is in the reader's language, $NEWSDESK_LANG (default English),
    when a report in it exists; a label an editor gave the story is kept.
    """
    label = constraints.hand_label(store, story)  # [constraints] an editor's label stays
    if label is None:
        label = story_label(store, story, os.environ.get("NEWSDESK_LANG", "en"))
    store.db.execute("UPDATE stories SET label=? WHERE id=?", (label, story))
    store.db.execute(
        "UPDATE topics SET label=? WHERE label='' AND id=(SELECT topic FROM stories WHERE id=?)", (label, story)
    )
    return label
