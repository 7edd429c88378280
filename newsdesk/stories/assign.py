"""Online story assignment: a new report joins the best story or starts one.

Stories are events, not topics.  A report is scored against each candidate
story by the mean same-event probability between it and a sample of the
story's members (average link, as agglomerative clustering does), where each
pair's probability combines text vectors, lead character n-grams, shared
names and numbers (a logistic model, see :mod:`newsdesk.stories.model`) and
is multiplied by a time factor: the same place and actors weeks apart are
different events.  Candidates come from :mod:`newsdesk.stories.index`, so
the work per report does not grow with the store.

Because assignment is online, an early report may start a story that later
evidence shows to be the same event as another: when a new report fits two
stories, their members are compared and the younger story is merged into the
older one (recorded in ``story_merges``).
"""

from __future__ import annotations

import calendar
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from newsdesk.store import Store, now
from newsdesk.stories import constraints, labels, topics
from newsdesk.stories.actors import distinct_actors
from newsdesk.stories.evidence import BROAD, FAST, Profile, ensure_broad, gram_cosine, load_profiles
from newsdesk.stories.features import Evidence, pair_features, parse_date, time_factor
from newsdesk.stories.index import TOPIC_WINDOW_DAYS, WINDOW_DAYS, story_index
from newsdesk.stories.model import story_model

MEMBERS = 6  # members a report is compared with per story (the most recent ones)
BROAD_MEMBERS = 3  # fewer when e5 must be computed for them
# The encoder cascade's yardstick (``python -m eval.clusters --broad-everywhere``): True scores every pair with
# e5 and the broad model, as if the fast vector and the shared-name gate did not exist.
BROAD_EVERYWHERE = False
CANDIDATES = 5  # stories retrieved per encoder and by names
MERGE_MEMBERS = 4
ACTOR_MEMBERS = 40  # members whose names a merge compares (see actors.distinct_actors)
TOPIC_CANDIDATES = 4  # stories outside the time window scored for a new story's topic
TOPIC_LINK = 0.3  # untimed score with another story at which a report joins the two stories' topics


@dataclass
class StoryDecision:
    """Where a report went and why."""

    report: str
    story: int
    topic: int | None
    score: float  # same-event score with the story joined (1.0 for a copy; 0.0 for a new story)
    created: bool = False
    merged: list[int] = field(default_factory=list)  # stories merged into ``story`` because of this report
    via: str = "score"  # "score", "new", "duplicate", "near-duplicate", "translation", "edit" (bound by hand)
    rivals: list[tuple[float, int]] = field(default_factory=list)  # (untimed score, story) of other candidates


def pair_probability(store: Store, a: Profile, b: Profile, *, timed: bool = True) -> float:
    """Probability that two reports tell the same event (``timed=False``: ignoring dates, for topics)."""
    model = story_model()
    va, vb = a.evidence.vectors, b.evidence.vectors
    if FAST in va and FAST in vb and not BROAD_EVERYWHERE:
        pm = model.fast
    else:
        if not (BROAD_EVERYWHERE or BROAD in va and BROAD in vb or a.evidence.names & b.evidence.names):
            # Cascade: e5 costs ~175 ms CPU per lead, so a pair it has not embedded yet must first share
            # a name (people and places are written alike across languages once folded); else it is not one event.
            return 0.0
        ensure_broad(store, [a, b])
        pm = model.broad
    features = pair_features(_gramless(a.evidence), _gramless(b.evidence))
    features["grams"] = gram_cosine(a, b) * features["same_lang"]
    p = pm(features)
    return p * pair_time_factor(a, b) if timed else p


def _gramless(evidence: Evidence) -> Evidence:
    """The evidence without n-grams, whose cosine :func:`gram_cosine` computes faster."""
    return replace(evidence, grams=_NO_GRAMS)


_NO_GRAMS: Counter[str] = Counter()


def members(store: Store, story: int, limit: int) -> list[str]:
    rows = store.db.execute(
        "SELECT report_id FROM story_reports WHERE story_id=? ORDER BY rowid DESC LIMIT ?", (story, limit)
    )
    return [r[0] for r in rows]


def story_scores(store: Store, profile: Profile, story: int) -> tuple[float, float]:
    """(event score, topic score) of a report against a story.

    The topic score is the mean untimed same-event probability over sampled
    members; the event score is the mean timed one, times how well the report's
    date fits the story's date span (see :func:`span_factor`).
    """
    needs_broad = FAST not in profile.evidence.vectors
    ids = members(store, story, BROAD_MEMBERS if needs_broad else MEMBERS)
    profiles = load_profiles(store, ids)
    if not profiles:
        return 0.0, 0.0
    if not needs_broad and any(FAST not in p.evidence.vectors for p in profiles.values()):
        profiles = {k: profiles[k] for k in ids[:BROAD_MEMBERS] if k in profiles}
    timed, untimed = [], []
    for other in profiles.values():
        p = pair_probability(store, profile, other, timed=False)
        untimed.append(p)
        timed.append(p * pair_time_factor(profile, other))
    span = store.db.execute("SELECT date_first, date_last FROM stories WHERE id=?", (story,)).fetchone()
    factor = span_factor(profile, parse_date(span["date_first"]), parse_date(span["date_last"]))
    return float(np.mean(timed)) * factor, float(np.mean(untimed))


def resolve_yearless(yearless: frozenset[tuple[int, int]], reference: date) -> list[date]:
    """Each (month, day) at its occurrence nearest to ``reference``, before or after it.

    A day written without its year is usually within months of the report, in
    either direction: a text recalls what happened ("on March 3") and announces
    what is scheduled ("the ceremony on March 2", "a hearing on April 19").
    Forcing every such day into the past turned an announced date a few days
    ahead into one a year back, and split one event (ECB+ dev).
    """
    out = []
    for month, day in yearless:
        readings = []
        for year in (reference.year - 1, reference.year, reference.year + 1):
            try:
                readings.append(date(year, month, day))
            except ValueError:
                continue
        if readings:
            out.append(min(readings, key=lambda d: abs((d - reference).days)))
    return out


def anchor_day(profile: Profile) -> date | None:
    """The report's date when publication metadata vouches for it, else None.

    A full publication date; or, when only the month is published, the latest
    text date inside that month.  Dates found in a text alone are often
    background (an earlier event recalled, a date announced): on MMDS2025 and
    ECB+ dev, letting them separate reports cost BCubed F1 (0.926 -> 0.917 and
    0.873 -> 0.861), so time counts only where one side is anchored.
    """
    if profile.evidence.published is not None:
        return profile.evidence.published
    month = profile.published
    if month and len(month) == 7:
        inside = [d for d in profile.evidence.text_dates if d.isoformat().startswith(month)]
        return max(inside, default=None)
    return None


def published_month(profile: Profile) -> tuple[date, date] | None:
    """The first and last day of the publication month, for a report published with a month only
    and no day of that month in its text (else None: :func:`anchor_day` dates it)."""
    month = profile.published
    if not month or len(month) != 7 or anchor_day(profile) is not None:
        return None
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _days_apart(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two date spans (first, last); 0 where they overlap."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def pair_time_factor(a: Profile, b: Profile, *, anchored: bool = True) -> float:
    """features.time_factor for pairs where at least one side is anchored (see :func:`anchor_day`), else 1;
    extended to a pair where only one side has full dates and the other mentions days without a year
    (those are placed relative to the dated side) or is published with a month only (the gap is the
    distance from the dated side's day to that month: too coarse to date an event, a month still
    tells an event weeks outside it apart)."""
    if anchored and anchor_day(a) is None and anchor_day(b) is None:
        return 1.0
    decay = story_model().decay
    factor = time_factor(a.evidence, b.evidence, decay)
    if factor < 1.0:
        return factor
    for dated, other in ((a, b), (b, a)):
        day = event_day(dated.evidence)
        if day is not None and event_day(other.evidence) is None and other.yearless:
            gaps = [abs((day - d).days) for d in resolve_yearless(other.yearless, day)]
            if gaps:
                return decay(min(gaps))
    for dated, other in ((a, b), (b, a)):
        day, month = anchor_day(dated), published_month(other)
        if day is not None and month is not None:
            return decay(_days_apart((day, day), month))
    return factor


def span_factor(profile: Profile, first: date | None, last: date | None) -> float:
    """How well an anchored report's date (or publication month) fits a story's date span (1 inside it,
    when either is unknown or when the report is not dated)."""
    day = anchor_day(profile)
    span = (day, day) if day is not None else published_month(profile)
    if first is None or last is None or span is None:
        return 1.0
    return story_model().decay(_days_apart(span, (first, last)))


def candidates(store: Store, profile: Profile, *, timed: bool = True) -> list[int]:
    """Live stories worth scoring for this report (``timed=False``: the wider window topics look in)."""
    index = story_index(store)
    ev = profile.evidence
    anchored = anchor_day(profile)
    if timed and anchored is not None:
        mask = index.eligible(anchored, WINDOW_DAYS)
    else:
        # dates found only in the text may be background (see anchor_day): they bound the search only as
        # widely as topics look, which keeps the candidate search bounded without splitting one event
        mask = index.eligible(event_day(ev), TOPIC_WINDOW_DAYS)
    found: dict[int, None] = {}
    if FAST not in ev.vectors:
        ensure_broad(store, [profile])
    for encoder in (FAST, BROAD):
        vec = ev.vectors.get(encoder)
        if vec is not None:
            found.update((s, None) for s, _ in index.nearest(encoder, vec, mask, CANDIDATES))
    min_shared = 2 if len(ev.names) >= 4 else 1
    found.update((s, None) for s in index.sharing_names(ev.names, mask, CANDIDATES, min_shared))
    if not found:
        return []
    ids = list(found)
    marks = ",".join("?" * len(ids))
    live = {
        r[0] for r in store.db.execute(f"SELECT id FROM stories WHERE merged_into IS NULL AND id IN ({marks})", ids)
    }
    return [s for s in ids if s in live]


def assign(
    store: Store,
    report_id: str,
    profile: Profile,
    copy_of: tuple[str, str, float] | None = None,
    found: list[int] | None = None,
) -> StoryDecision:
    """Place a stored report (whose profile was just built) in a story.

    ``copy_of`` = (origin report id, link kind, score) decides the story: a
    duplicate or translation belongs to its origin's story.  It is scored
    against the candidates all the same, so that it can merge stories and
    name its rivals as any report does.
    """
    model = story_model()
    pinned = constraints.pinned_story(store, report_id)  # [constraints] put there by hand: stays (a revision)
    _leave_story(store, report_id)
    scored: list[tuple[float, float, int]] = []
    for story in candidates(store, profile) if found is None else found:
        event, topic = story_scores(store, profile, story)
        scored.append((event, topic, story))
    scored.sort(reverse=True)
    scored = [x for x in scored if constraints.admits(store, x[2], [report_id])]  # [constraints] kept apart by hand
    if pinned is not None:  # [constraints]
        decision = StoryDecision(report_id, pinned, None, 1.0, via="edit")  # [constraints]
    elif copy_of is not None and store.story_of(copy_of[0]) is not None:
        story = store.story_of(copy_of[0])
        assert story is not None
        decision = StoryDecision(report_id, story, None, copy_of[2], via=copy_of[1])
    else:
        if scored and scored[0][0] >= model.join:
            decision = StoryDecision(report_id, scored[0][2], None, scored[0][0])
        else:
            untimed = [(t, s) for _, t, s in scored]
            seen = {s for _, _, s in scored}
            for story in candidates(store, profile, timed=False)[:TOPIC_CANDIDATES]:
                if story not in seen:
                    untimed.append((story_scores(store, profile, story)[1], story))
            topic = topics.topic_for(store, untimed, model.topic)
            story = _new_story(store, topic)
            decision = StoryDecision(report_id, story, topic, 0.0, created=True, via="new", rivals=untimed)
    if not decision.created:
        decision.rivals = [(t, s) for _, t, s in scored if s != decision.story]
    _join(store, decision.story, report_id, profile, decision.score)
    for event, _topic, other in scored:
        if event < model.join or other == decision.story:
            continue
        together = merge_score(store, decision.story, other)
        if together >= model.merge and constraints.stories_allowed(store, decision.story, other):  # [constraints]
            gone = max(decision.story, other)
            decision.story = _merge(store, decision.story, other, together)
            decision.merged.append(gone)
    topics.link_topics(store, decision.story, decision.rivals, TOPIC_LINK)
    decision.topic = store.db.execute("SELECT topic FROM stories WHERE id=?", (decision.story,)).fetchone()[0]
    labels.refresh_label(store, decision.story)
    return decision


# -- helpers -----------------------------------------------------------------


def _new_story(store: Store, topic: int) -> int:
    stamp = now()
    cur = store.db.execute(
        "INSERT INTO stories (label, topic, created_at, updated_at) VALUES ('', ?, ?, ?)", (topic, stamp, stamp)
    )
    return int(cur.lastrowid)


def event_day(ev: Evidence) -> date | None:
    """When the report's event happened, as far as we know: its publication date, else the latest
    full date it mentions (texts cite earlier dates as background, rarely later ones)."""
    return ev.published or (max(ev.text_dates) if ev.text_dates else None)


def _join(store: Store, story: int, report_id: str, profile: Profile, score: float) -> None:
    db = store.db
    db.execute(
        "INSERT OR REPLACE INTO story_reports (report_id, story_id, score) VALUES (?,?,?)", (report_id, story, score)
    )
    found = anchor_day(profile)  # text dates alone may be background: they do not date the story
    day = found.isoformat() if found else None
    if day:
        db.execute(
            """UPDATE stories SET date_first = CASE WHEN date_first IS NULL OR ? < date_first THEN ? ELSE date_first END,
                                  date_last = CASE WHEN date_last IS NULL OR ? > date_last THEN ? ELSE date_last END
               WHERE id=?""",
            (day, day, day, day, story),
        )
    db.execute("UPDATE stories SET updated_at=? WHERE id=?", (now(), story))
    index = story_index(store)
    for encoder, vec in profile.evidence.vectors.items():
        total = _centroid_add(store, story, encoder, vec)
        index.set_centroid(story, encoder, total)
    row = db.execute("SELECT date_first, date_last FROM stories WHERE id=?", (story,)).fetchone()
    index.set_span(story, row["date_first"], row["date_last"])
    index.add_names(story, profile.evidence.names)


def _centroid_add(store: Store, story: int, encoder: str, vec: np.ndarray, n: int = 1) -> np.ndarray:
    row = store.db.execute(
        "SELECT centroid, n FROM story_index WHERE story_id=? AND encoder=?", (story, encoder)
    ).fetchone()
    total = np.asarray(vec, dtype=np.float32).copy()
    count = n
    if row is not None:
        total += np.frombuffer(row["centroid"], dtype=np.float32)
        count += row["n"]
    store.db.execute(
        "INSERT OR REPLACE INTO story_index (story_id, encoder, centroid, n) VALUES (?,?,?,?)",
        (story, encoder, total.tobytes(), count),
    )
    return total


def _leave_story(store: Store, report_id: str) -> None:
    """A revised report is placed afresh: take it out of its old story (and the old centroid)."""
    old = store.story_of(report_id)
    if old is None:
        return
    store.db.execute("DELETE FROM story_reports WHERE report_id=?", (report_id,))
    _rebuild_centroids(store, old)


def _rebuild_centroids(store: Store, story: int) -> None:
    store.db.execute("DELETE FROM story_index WHERE story_id=?", (story,))
    ids = [r[0] for r in store.db.execute("SELECT report_id FROM story_reports WHERE story_id=?", (story,))]
    index = story_index(store)
    if not ids:
        index.drop(story)
        return
    for profile in load_profiles(store, ids).values():
        for encoder, vec in profile.evidence.vectors.items():
            index.set_centroid(story, encoder, _centroid_add(store, story, encoder, vec))


def merge_score(store: Store, a: int, b: int) -> float:
    """Mean same-event probability between the two stories' most recent members.

    Any pair whose dates conflict vetoes the merge (the score is scaled by the
    smallest pairwise time factor): a merge cannot be undone, so it must not
    join two events that a single dated report shows to be weeks apart.
    Nor does it join two stories whose actors differ (see actors.distinct_actors).
    """
    ids_a, ids_b = members(store, a, ACTOR_MEMBERS), members(store, b, ACTOR_MEMBERS)
    pa = list(load_profiles(store, ids_a[:MERGE_MEMBERS]).values())
    pb = list(load_profiles(store, ids_b[:MERGE_MEMBERS]).values())
    if not pa or not pb or _distinct_actors(store, ids_a, ids_b):
        return 0.0
    untimed = [pair_probability(store, x, y, timed=False) for x in pa for y in pb]
    veto = min(pair_time_factor(x, y) for x in pa for y in pb)
    return float(np.mean(untimed)) * veto


def _distinct_actors(store: Store, ids_a: list[str], ids_b: list[str]) -> bool:
    """actors.distinct_actors over two stories' members (their names loaded only when both are large enough)."""
    if min(len(ids_a), len(ids_b)) < story_model().actor_reports:
        return False
    found = load_profiles(store, ids_a + ids_b)
    names_a = [found[r].evidence.names for r in ids_a if r in found]
    names_b = [found[r].evidence.names for r in ids_b if r in found]
    return distinct_actors(names_a, names_b)


def _merge(store: Store, a: int, b: int, score: float) -> int:
    """Merge the younger story into the older; returns the surviving id."""
    keep, gone = min(a, b), max(a, b)
    db = store.db
    rows = dict(db.execute("SELECT id, topic FROM stories WHERE id IN (?,?)", (keep, gone)).fetchall())
    if rows.get(keep) is not None and rows.get(gone) is not None:
        topics.merge_topics(store, rows[keep], rows[gone])
    db.execute("UPDATE story_reports SET story_id=? WHERE story_id=?", (keep, gone))
    db.execute("UPDATE stories SET merged_into=?, updated_at=? WHERE id=?", (keep, now(), gone))
    db.execute("UPDATE stories SET merged_into=? WHERE merged_into=?", (keep, gone))
    db.execute(
        """UPDATE stories SET
             date_first = (SELECT MIN(x) FROM (SELECT date_first x FROM stories WHERE id IN (?,?))),
             date_last = (SELECT MAX(x) FROM (SELECT date_last x FROM stories WHERE id IN (?,?)))
           WHERE id=?""",
        (keep, gone, keep, gone, keep),
    )
    db.execute(
        "INSERT INTO story_merges (from_story, into_story, score, at) VALUES (?,?,?,?)",
        (gone, keep, score, now()),
    )
    index = story_index(store)
    for row in db.execute("SELECT encoder, centroid, n FROM story_index WHERE story_id=?", (gone,)).fetchall():
        total = _centroid_add(store, keep, row["encoder"], np.frombuffer(row["centroid"], dtype=np.float32), row["n"])
        index.set_centroid(keep, row["encoder"], total)
    db.execute("DELETE FROM story_index WHERE story_id=?", (gone,))
    for row in db.execute(
        "SELECT e.names FROM story_reports sr JOIN report_evidence e ON e.report_id=sr.report_id WHERE sr.story_id=?",
        (keep,),
    ):
        index.add_names(keep, set(json.loads(row["names"])))
    span = db.execute("SELECT date_first, date_last FROM stories WHERE id=?", (keep,)).fetchone()
    index.set_span(keep, span["date_first"], span["date_last"])
    index.drop(gone)
    return keep
