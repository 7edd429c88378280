"""The story view: coverage, agreement and conflict, unique information, timeline, briefing.

Everything here is computed from what the store already holds (reports,
sentences, quotes, figures, links); the only new analysis is sentence
alignment across the story's reports with multilingual vectors, which are
cached in the store.  The finished view is cached per story and recomputed
only when the story's membership or a member's revision changes.

Independence matters for trust: a wire copy or a translation repeats its
origin, it does not confirm it.  Reports joined by duplicate/translation
links form one *source family*, and "confirmed" means said by two families.
"""

from __future__ import annotations

import calendar
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from newsdesk.enrich.quotes.links import ensure_story_links
from newsdesk.enrich.quotes.marks import quotations_closed
from newsdesk.enrich.vectors import cached_encode, centre, get_encoder, mutual_best, stored_mean
from newsdesk.model import Quote, Report
from newsdesk.store import Store
from newsdesk.stories.assign import resolve_yearless
from newsdesk.stories.evidence import yearless_dates
from newsdesk.stories.texts import SENTENCE_ENCODER, encodable
from newsdesk.views.cited import Cited, citable_sentences, is_headline, numbers_agree
from newsdesk.views.families import compared_reports, families
from newsdesk.views.framing import Framing, framing_conflicts
from newsdesk.views.reconcile import reconcile

log = logging.getLogger(__name__)

# Two sentences say the same thing when they are each other's best match
# between two reports and their e5 cosine clears this bar (same statement in
# two languages measured ~0.88; unrelated pairs average ~0.78).
ALIGN_MIN = 0.86
# Near-duplicate sentences (story-centred cosine) are not both put in a briefing.
REDUNDANT = 0.6
# A story all in languages USE-m3 reads is aligned with it (~20x cheaper than e5, which
# made views the dominant cost of an ingest); its bars mean on USE-m3's cosine scale what
# the two above mean on e5's, set by quantile matching on same-event ECB+ report pairs
# (no labels, no score looked at): ``python -m eval.align_calibration``.
USE_ALIGN_MIN = 0.455
USE_REDUNDANT = 0.583
USE_QUOTE_THRESHOLDS = (0.407, 0.506)  # quote links' CENTRED_THRESHOLDS (0.40, 0.50) on USE-m3's scale
BRIEF_MAX = 10

VIEW_VERSION = 12  # 12: briefings leave out headlines and cross-language twins


@dataclass
class Statement:
    """The same content found in one or more reports (aligned sentences)."""

    sentences: list[Cited]
    families: int  # independent sources saying it


@dataclass
class TimelineEntry:
    date: str
    kind: str  # "published", "mentioned", "story"
    text: str
    report: str | None = None
    story: int | None = None


def statement_groups(
    sentences: list[Cited], vectors: np.ndarray, pairs: list[tuple[float, int, int]], min_score: float
) -> list[list[int]]:
    """Sentences grouped as one statement: indices into ``sentences``, each group sorted.

    ``pairs`` (score, i, j) are the candidate matches, joined greedily, best first.
    A group never holds two sentences of one report, its sentences' numbers agree,
    and every two of its sentences score ``min_score`` or more (``vectors`` rows,
    dot product): complete linkage keeps "the same statement" from chaining into
    "the same topic" (a headline like a lead, that lead like a later report's lead).
    """
    group_of = list(range(len(sentences)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(sentences))}
    for _score, x, y in sorted(pairs, reverse=True):
        gx, gy = group_of[x], group_of[y]
        if gx == gy or {sentences[i].report for i in members[gx]} & {sentences[j].report for j in members[gy]}:
            continue
        if float((vectors[members[gx]] @ vectors[members[gy]].T).min()) < min_score:
            continue
        if all(numbers_agree(sentences[i].text, sentences[j].text) for i in members[gx] for j in members[gy]):
            for j in members[gy]:
                group_of[j] = gx
            members[gx] += members.pop(gy)
    return [sorted(group) for group in members.values()]


# -- the view ---------------------------------------------------------------------


class StoryViewBuilder:
    """Compute a story's view from the store (use :func:`story_view` for the cached form)."""

    def __init__(self, store: Store, story_id: int, encoder_name: str = "e5") -> None:
        self.store = store
        self.story = store.get_story(story_id)
        if self.story is None:
            raise KeyError(f"no story {story_id}")
        self.reports = [r for r in (store.get_report(i) for i in self.story.report_ids) if r is not None]
        self.by_id = {r.id: r for r in self.reports}
        marks = ",".join("?" * len(self.by_id))
        sql = f"SELECT report_id, origin_id, kind FROM links WHERE report_id IN ({marks}) ORDER BY report_id, origin_id"
        links = store.db.execute(sql, tuple(self.by_id)).fetchall()
        self.links = [(r["report_id"], r["origin_id"], r["kind"]) for r in links]
        self.family = families(list(self.by_id), self.links)
        self.compared = compared_reports(self.reports, self.family)  # what alignment and quote links read
        self.encoder = get_encoder(encoder_name)
        # Sentence alignment: USE-m3 where it reads every compared report's language, else the (multilingual) encoder.
        if encoder_name == "e5" and self.compared and all(encodable(r, SENTENCE_ENCODER) for r in self.compared):
            self.sentence_encoder, self.align_min, self.redundant = (
                get_encoder(SENTENCE_ENCODER),
                USE_ALIGN_MIN,
                USE_REDUNDANT,
            )
        else:
            self.sentence_encoder, self.align_min, self.redundant = self.encoder, ALIGN_MIN, REDUNDANT
        self.quote_thresholds = USE_QUOTE_THRESHOLDS if self.sentence_encoder is not self.encoder else None
        self._aligned: list[list[Cited]] | None = None

    # coverage ---------------------------------------------------------------
    def coverage(self) -> dict[str, Any]:
        relation = {a: (kind, b) for a, b, kind in self.links if b in self.by_id}
        rows = []
        for r in sorted(self.reports, key=lambda r: (r.published or "", r.id)):
            kind, origin = relation.get(r.id, ("original", None))
            rows.append(
                {
                    "id": r.id,
                    "title": r.title,
                    "outlet": r.outlet,
                    "lang": r.lang,
                    "published": r.published,
                    "relation": kind,
                    "origin": origin,
                }
            )
        dates = [r.published for r in self.reports if r.published]
        return {
            "reports": rows,
            "outlets": dict(Counter(r.outlet or "unknown" for r in self.reports).most_common()),
            "languages": dict(Counter(r.lang or "unknown" for r in self.reports).most_common()),
            "first": min(dates) if dates else None,
            "last": max(dates) if dates else None,
            "independent": len(set(self.family.values())),
        }

    # alignment --------------------------------------------------------------
    def aligned_groups(self) -> list[list[Cited]]:
        """Groups of sentences that say the same thing across the story's reports."""
        if self._aligned is not None:
            return self._aligned
        per_report = {r.id: citable_sentences(r) for r in self.compared}
        if len(per_report) < 2:  # nothing to align across: spare the encoder (most stories of a stream are one report)
            self._vectors = {}
            self._aligned = [[c] for cs in per_report.values() for c in cs]
            return self._aligned
        texts = [c.text for cs in per_report.values() for c in cs]
        vectors = cached_encode(self.store, self.sentence_encoder, texts) if texts else np.zeros((0, 1))
        offsets, position = {}, 0
        for rid, cs in per_report.items():
            offsets[rid] = (position, position + len(cs))
            position += len(cs)
        flat = [c for cs in per_report.values() for c in cs]
        pairs: list[tuple[float, int, int]] = []
        ids = list(per_report)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                (a0, a1), (b0, b1) = offsets[a], offsets[b]
                for x, y, score in mutual_best(vectors[a0:a1], vectors[b0:b1], self.align_min):
                    pairs.append((score, a0 + x, b0 + y))
        groups = statement_groups(flat, vectors, pairs, self.align_min)
        self._vectors = {id(c): vectors[i] for i, c in enumerate(flat)}
        self._aligned = [[flat[i] for i in group] for group in groups]
        return self._aligned

    def statements(self) -> tuple[list[Statement], list[Statement], list[Cited]]:
        """(confirmed by ≥2 independent sources, claimed by one family, unique to one report)."""
        confirmed, single, unique = [], [], []
        for group in self.aligned_groups():
            families = len({self.family[c.report] for c in group})
            reports = {c.report for c in group}
            if families >= 2:
                confirmed.append(Statement(group, families))
            elif len(reports) >= 2:
                single.append(Statement(group, families))
            elif len(self.reports) > 1:
                unique.append(group[0])
        confirmed.sort(key=lambda s: -s.families)
        return confirmed, single, unique

    def cross_lingual(self) -> list[list[Cited]]:
        """The same statement shown side by side in several languages."""
        return [g for g in self.aligned_groups() if len({c.lang for c in g}) >= 2]

    # figures, quotes, framings ---------------------------------------------------
    def figures(self) -> list[dict[str, Any]]:
        members = [(r.id, f) for r in self.reports for f in r.figures]
        groups = reconcile(members)
        return [asdict(g) for g in groups]

    def quotes(self) -> list[tuple[str, Quote]]:
        return [(r.id, q) for r in self.reports for q in r.quotes]

    def linked_quotes(self) -> list[dict[str, Any]]:
        """The same statement quoted in several of the compared reports (any language), linked and stored."""
        ids = [r.id for r in self.compared]
        if len(ids) < 2:  # links are between reports
            return []
        encoder = self.sentence_encoder
        ensure_story_links(
            self.store,
            [self.story.id],
            encoder,
            mean=stored_mean(self.store, encoder.name),
            thresholds=self.quote_thresholds,
            force=True,
            members={self.story.id: ids},
        )
        marks = ",".join("?" * len(ids))
        rows = self.store.db.execute(
            f"""SELECT l.score, a.report_id AS a_report, a.text AS a_text, a.speaker AS a_speaker,
                       a.paragraph AS a_paragraph, b.report_id AS b_report, b.text AS b_text,
                       b.speaker AS b_speaker, b.paragraph AS b_paragraph
                FROM quote_links l JOIN quotes a ON a.id = l.quote_id JOIN quotes b ON b.id = l.other_id
                WHERE a.report_id IN ({marks}) AND b.report_id IN ({marks})
                ORDER BY l.score DESC, l.quote_id, l.other_id""",
            (*ids, *ids),
        )
        out, seen = [], set()
        for r in rows:
            pair = frozenset((r["a_report"], r["a_text"], r["b_report"], r["b_text"]))
            if pair in seen or self.family[r["a_report"]] == self.family[r["b_report"]]:
                continue  # each pair once; a copy repeating its origin is not a second statement
            seen.add(pair)
            sides = [
                {
                    "report": r[f"{x}_report"],
                    "text": r[f"{x}_text"],
                    "speaker": r[f"{x}_speaker"],
                    "paragraph": r[f"{x}_paragraph"],
                    "lang": self.by_id[r[f"{x}_report"]].lang,
                }
                for x in ("a", "b")
            ]
            out.append({"score": r["score"], "quotes": sides})
        return out

    def framings(self) -> list[Framing]:
        sentences = {(r.id, s.paragraph): s.text for r in self.reports for s in r.sentences}
        paragraphs = {(r.id, p.index): p.text for r in self.reports for p in r.paragraphs}
        return framing_conflicts(self.quotes(), {**sentences, **paragraphs})

    # timeline -----------------------------------------------------------------
    def timeline(self) -> list[TimelineEntry]:
        entries = []
        for r in self.reports:
            if r.published:
                entries.append(TimelineEntry(r.published, "published", r.title or r.id, report=r.id))
            for mentioned in r.text_dates:
                entries.append(
                    TimelineEntry(mentioned, "mentioned", f"date mentioned in {r.outlet or r.id}", report=r.id)
                )
        for story in self.topic_stories():
            if story["first"]:
                entries.append(TimelineEntry(story["first"], "story", story["label"], story=story["id"]))
        entries.sort(key=lambda e: (e.date, e.kind))
        return entries

    def topic_stories(self) -> list[dict[str, Any]]:
        """Earlier and later stories of the same topic."""
        assert self.story is not None
        if self.story.topic is None:
            return []
        rows = self.store.db.execute(
            "SELECT id FROM stories WHERE topic=? AND id<>? AND merged_into IS NULL ORDER BY id",
            (self.story.topic, self.story.id),
        ).fetchall()
        out = []
        for row in rows:
            other = self.store.get_story(row["id"])
            if other is None:
                continue
            first = other.first or self._placed_against_this_story(other.report_ids)
            when = "undated" if not (first and self.story.first) else "earlier" if first < self.story.first else "later"
            out.append({"id": other.id, "label": other.label, "first": first, "last": other.last, "when": when})
        return sorted(out, key=lambda s: s["first"] or "")

    def _placed_against_this_story(self, report_ids: list[str]) -> str | None:
        """An undated story's earliest day-month mention ("on March 20"), placed in time against this story."""
        assert self.story is not None
        anchor = _as_date(self.story.first)
        if anchor is None:
            return None
        days = [
            d
            for rid in report_ids
            if (report := self.store.get_report(rid)) is not None
            for d in resolve_yearless(yearless_dates(report), anchor)
        ]
        return min(days).isoformat() if days else None

    # briefing -------------------------------------------------------------------
    def briefing(self, since: str | None = None, limit: int = BRIEF_MAX, lang: str = "en") -> list[Cited]:
        """An extractive summary: central, confirmed, non-redundant sentences, every one cited.

        With ``since``, only what reports published (or ingested) after that
        date add that earlier reports did not say.
        """
        groups = self.aligned_groups()
        newer = None
        if since:
            newer = {r.id for r in self.reports if (r.published or "") > since}
        candidates: list[tuple[float, Cited, int]] = []
        order = {r.id: i for i, r in enumerate(sorted(self.reports, key=lambda r: (r.published or "", r.id)))}
        for group in groups:
            if newer is not None and not all(c.report in newer for c in group):
                continue
            sentences = [c for c in group if not is_headline(c, self.by_id[c.report]) and quotations_closed(c.text)]
            if not sentences:
                continue  # a headline restates the lead, half a quotation says half; a briefing cites sentences
            families = len({self.family[c.report] for c in group})
            pick = _prefer(sentences, lang, self.by_id)
            report = self.by_id[pick.report]
            position = pick.paragraph / max(1, len(report.paragraphs))
            score = 2.0 * families + 0.5 * len(group) + (1.0 - position) + (0.3 if pick.lang == lang else 0.0)
            candidates.append((score, pick, order[pick.report]))
        candidates.sort(key=lambda c: -c[0])
        chosen: list[Cited] = []
        per_report: Counter[str] = Counter()
        # Redundancy is judged on story-centred vectors: raw e5 cosines of any two
        # sentences of one story are high, what they say differently is what remains.
        centred: dict[int, np.ndarray] = {}
        if self._vectors:  # a story of very short reports may have no sentence to compare
            matrix = np.stack(list(self._vectors.values()))
            centred = dict(zip(self._vectors, centre(matrix, matrix.mean(axis=0)), strict=True))
        for _score, cited, _ in candidates:
            if len(chosen) >= limit:
                break
            if per_report[cited.report] >= max(2, limit // 3):
                continue
            if self._redundant(cited, chosen, centred):
                continue
            chosen.append(cited)
            per_report[cited.report] += 1
        chosen.sort(key=lambda c: (c.paragraph / max(1, len(self.by_id[c.report].paragraphs)), order[c.report]))
        return chosen

    def _redundant(self, cited: Cited, chosen: list[Cited], centred: dict[int, np.ndarray]) -> bool:
        """Whether a briefing already says what ``cited`` says.

        Two sentences are redundant when their story-centred vectors still point
        the same way, or when they clear the bar of "the same statement"
        (``align_min``) as they are: centring keeps each language's offset, so a
        French lead and its English twin can look apart after it (raw e5 cosine
        0.89, centred below the bar).
        """
        vec = centred.get(id(cited))  # none in a one-report story: a report does not repeat itself
        if vec is None:
            return False
        raw = self._vectors[id(cited)]
        return any(
            float(vec @ centred[id(c)]) >= self.redundant or float(raw @ self._vectors[id(c)]) >= self.align_min
            for c in chosen
        )

    def build(self) -> dict[str, Any]:
        assert self.story is not None
        confirmed, single, unique = self.statements()
        figures = self.figures()
        framings = self.framings()
        return {
            "version": VIEW_VERSION,
            "story": asdict(self.story),
            "coverage": self.coverage(),
            "figures": figures,
            "conflicts": sum(1 for g in figures if g.get("status") == "conflict") + len(framings),
            "framings": [asdict(f) for f in framings],
            "quotes": [{"report": rid, **asdict(q)} for rid, q in self.quotes()],
            "confirmed": [asdict(s) for s in confirmed],
            "single_source": [asdict(s) for s in single],
            "unique": [asdict(c) for c in unique],
            "cross_lingual": [[asdict(c) for c in g] for g in self.cross_lingual()],
            "same_statements": self.linked_quotes(),
            "timeline": [asdict(e) for e in self.timeline()],
            "topic": self.topic_stories(),
            "briefing": [asdict(c) for c in self.briefing()],
            "history": [asdict(c) for c in self.store.story_history(self.story.id)],
        }


def _as_date(iso: str | None) -> date | None:
    """The last day an ISO date (possibly partial: "2023-05") can mean, or None."""
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")[:3]]
    try:
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    except ValueError:
        return None
    return None


def _prefer(group: list[Cited], lang: str, reports: dict[str, Report]) -> Cited:
    """The member to show: the reader's language first, then the original over copies."""
    return sorted(group, key=lambda c: (c.lang != lang, reports[c.report].published or "", c.report))[0]


def _signature(store: Store, story_id: int) -> str:
    rows = store.db.execute(
        """SELECT r.id, r.revision FROM story_reports sr JOIN reports r ON r.id=sr.report_id
           WHERE sr.story_id=? ORDER BY r.id""",
        (story_id,),
    ).fetchall()
    return json.dumps([VIEW_VERSION, [(r["id"], r["revision"]) for r in rows]])


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """The story's view, from the cache when its membership has not changed."""
    signature = _signature(store, story_id)
    row = store.db.execute("SELECT signature, data FROM story_views WHERE story_id=?", (story_id,)).fetchone()
    if row and row["signature"] == signature:
        view = json.loads(row["data"])
        view["history"] = [asdict(c) for c in store.story_history(story_id)]  # cheap, and may change on its own
        return view
    view = StoryViewBuilder(store, story_id).build()
    with store.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO story_views (story_id, signature, data) VALUES (?,?,?)",
            (story_id, signature, json.dumps(view, ensure_ascii=False)),
        )
    return view


def stored_view(store: Store, story_id: int) -> tuple[dict[str, Any], bool] | None:
    """The materialised view of a story and whether it is stale, without computing anything (None: not yet built).

    What pages read: a reader never waits for analysis.  A view is stale
    while an ingest that changed the story has not yet refreshed it.
    """
    row = store.db.execute("SELECT signature, data FROM story_views WHERE story_id=?", (story_id,)).fetchone()
    if row is None:
        return None
    return json.loads(row["data"]), row["signature"] != _signature(store, story_id)


def refresh_views(store: Store, since: str | None = None) -> int:
    """Build the views of live stories changed at or after ``since`` (every live story when None) that need it.

    Ingest calls this after each stored batch (see :meth:`newsdesk.desk.Desk.ingest`),
    so views are computed when stories change rather than when they are read.
    A story whose view fails is logged and skipped: a view must not fail an
    ingest.  Returns how many views were built.
    """
    sql = "SELECT id FROM stories WHERE merged_into IS NULL"
    ids = [r[0] for r in store.db.execute(sql + (" AND updated_at >= ?" if since else ""), (since,) if since else ())]
    built = 0
    for story_id in ids:
        row = store.db.execute("SELECT signature FROM story_views WHERE story_id=?", (story_id,)).fetchone()
        if row is not None and row["signature"] == _signature(store, story_id):
            continue
        try:
            story_view(store, story_id)
        except Exception:
            log.exception("the view of story %s could not be built", story_id)
            continue
        built += 1
    return built


def briefing_since(
    store: Store, story_id: int, since: str, limit: int = BRIEF_MAX, lang: str = "en"
) -> list[dict[str, Any]]:
    """What changed since ``since`` (ISO date): sentences only newer reports contribute."""
    return [asdict(c) for c in StoryViewBuilder(store, story_id).briefing(since=since, limit=limit, lang=lang)]
