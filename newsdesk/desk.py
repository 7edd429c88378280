"""The Python API: a :class:`Desk` is one newsdesk database and what can be asked of it.

The command line and the web app are thin layers over these methods, so a
notebook or a service of your own gets exactly what they show::

    from newsdesk import Desk

    with Desk("news.db") as desk:
        desk.ingest(["examples/sample"])
        for info in desk.stories():
            print(info.story.id, info.story.label, info.languages)
        print(desk.brief(1, format="md"))

Every method returns the dataclasses of :mod:`newsdesk.model` (or plain
strings and numbers).  Analysis runs at ``ingest``; the reading methods only
read the store (the story view is computed on first request and cached).
"""

from __future__ import annotations

import getpass
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal

from newsdesk.enrich.vectors import encoding_threads
from newsdesk.model import (
    Alert,
    Edit,
    Entity,
    EntityInfo,
    ItemError,
    Link,
    QuoteInfo,
    RawReport,
    Report,
    ReportInfo,
    StoryInfo,
    StoryView,
    Watchlist,
    WatchSource,
)
from newsdesk.monitor.delivery import Delivery, deliver
from newsdesk.monitor.poll import PollOutcome, PollSettings, next_due
from newsdesk.monitor.poll import poll as poll_sources
from newsdesk.monitor.sources import add_source, list_sources, remove_source
from newsdesk.monitor.watchlists import add_watchlist, list_alerts, list_watchlists, remove_watchlist
from newsdesk.monitor.watchlists import check as check_watchlists
from newsdesk.pipeline import IngestResult, analyse_batch, identity_of, ingest
from newsdesk.sources import iter_sources
from newsdesk.store import Store
from newsdesk.stories import edits as hand
from newsdesk.stories.consensus import SEED, agreed_groups, batch_orders, order_key
from newsdesk.stories.edits import reapply_speakers
from newsdesk.stories.evidence import BROAD, FAST
from newsdesk.stories.similarity import evidence_maker, score_evidence
from newsdesk.views.brief import render
from newsdesk.views.entities import entity_detail, entity_infos, find_entities
from newsdesk.views.figures import story_figures
from newsdesk.views.quotes import quote_infos
from newsdesk.views.reconcile import FigureGroup
from newsdesk.views.refresh import ViewRefresher
from newsdesk.views.reports import report_infos
from newsdesk.views.stories import load_story_view, story_infos
from newsdesk.views.story import StoryViewBuilder, briefing_since, refresh_views

BriefFormat = Literal["md", "html", "json"]
Source = str | os.PathLike[str] | RawReport


class Desk:
    """One newsdesk database: ingest reports into it, read stories, quotes, figures and entities out.

    ``db`` is a SQLite file (created when missing), ``":memory:"``, or None
    for ``$NEWSDESK_DB`` / ``./newsdesk.db``.  Use it as a context manager or
    call :meth:`close`.
    """

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.store = Store(db)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> str:
        return self.store.path

    # -- writing ---------------------------------------------------------
    def ingest(
        self,
        sources: Iterable[Source | ItemError],
        *,
        workers: int = 1,
        scheduler: str | None = None,
        allow_private: bool = False,
        on_item: Callable[[str, str], None] | None = None,
        deliver: bool = True,
        views: bool = True,
        memo: dict[str, bytes] | None = None,
    ) -> IngestResult:
        """Read, analyse and file reports into stories; per-item errors are collected in the result, not raised.

        ``sources`` mixes SOURCE arguments as the CLI takes them (files,
        directories, JSONL/CSV, feeds, URLs) and ready :class:`RawReport`
        items.  ``workers=0`` uses one process per core; ``scheduler`` (a Dask
        scheduler address, ``tcp://host:8786``) runs the analysis on that
        cluster instead.  Re-ingesting the same content is a no-op; a changed
        text under the same URL or path becomes a new revision.  The views of
        the stories that changed are rebuilt as the ingest goes (see
        :class:`ViewRefresher`) and at its end, so readers never wait for
        analysis.  ``views=False`` builds none, for a store nobody will read
        (``newsdesk cluster`` without ``--db``): they are two thirds of the
        storing process's CPU (13 of 20 s for 500 reports) and decide nothing
        about stories.  Watchlists matching the new reports raise alerts;
        ``deliver`` sends them to their webhooks now (else later).  ``memo``:
        see :func:`pipeline.ingest`.
        """
        refresher = ViewRefresher(self.store) if views else None
        result = ingest(
            self.store,
            _items(sources, allow_private),
            workers=workers,
            scheduler=scheduler,
            on_item=on_item,
            on_batch=refresher.batch_stored if refresher else None,
            memo=memo,
        )
        reapply_speakers(self.store, result.revised)  # an editor's speaker fix outlives a new revision
        if refresher:
            refresher.flush(threads=os.cpu_count() or 1)  # the pool has finished: encoding may use every core
        check_watchlists(self.store, result.added + result.revised)
        if deliver:
            self.deliver_alerts()
        return result

    def refresh_views(self) -> int:
        """Build every story view that is missing or stale (ingest keeps them current; an older store may lack them)."""
        return refresh_views(self.store)

    def cluster(
        self,
        items: Iterable[RawReport | ItemError],
        *,
        workers: int = 1,
        views: bool = True,
        memo: dict[str, bytes] | None = None,
        on_item: Callable[[str, str], None] | None = None,
    ) -> list[dict[str, Any]]:
        """Ingest ``items`` and give each its ``{"id", "story", "topic"}`` (and ``error``), in input order.

        What ``newsdesk cluster`` prints; a report whose content is already
        stored (an exact re-post) gets the story of the stored copy.
        ``views=False``: no story views (see :meth:`ingest`), the same stories.
        """
        items = list(items)
        result = self.ingest(items, workers=workers, views=views, memo=memo, on_item=on_item)
        errors = {e.source: e.reason for e in result.errors}
        rows = []
        for item in items:
            if isinstance(item, ItemError):
                rows.append({"id": item.id or item.source, "story": None, "topic": None, "error": item.reason})
                continue
            rid = self.store.report_id_for(identity_of(item)) or self.store.report_with_content(item.content_hash())
            story = self.store.story_of(rid) if rid else None
            row: dict[str, Any] = {"id": item.id or item.source, "story": story, "topic": self.store.topic_of(story)}
            if item.source in errors:
                row["error"] = errors[item.source]
            rows.append(row)
        return rows

    # -- reading ---------------------------------------------------------
    def reports(self, *, story: int | None = None) -> list[ReportInfo]:
        """Stored reports (of ``story``), oldest first."""
        return report_infos(self.store, story=story)

    def report(self, report_id: str) -> Report | None:
        """One report with its clean text, removed boilerplate, sentences, mentions, quotes and figures."""
        return self.store.get_report(report_id)

    def links(self, report_id: str) -> list[Link]:
        """Duplicate, copy and translation links from or to a report."""
        return self.store.links_of(report_id)

    def story_of(self, report_id: str) -> int | None:
        """The story a report is filed in."""
        return self.store.story_of(report_id)

    def stories(self) -> list[StoryInfo]:
        """Live stories (not merged into another) with their outlets, languages and conflicts."""
        return story_infos(self.store)

    def live_story(self, story_id: int) -> int | None:
        """The story ``story_id`` is now: itself, the story it was merged into, or None if there is none."""
        return self.store.live_story(story_id)

    def story(self, story_id: int) -> StoryView | None:
        """The full view of a story: coverage, figures, framings, quotes, timeline, briefing, history.

        A merged story's id gives the story it became; an unknown id gives None.
        """
        live = self.live_story(story_id)
        return load_story_view(self.store, live) if live is not None else None

    def quotes(self, *, story: int | None = None, speaker: str | None = None) -> list[QuoteInfo]:
        """Who said what (in ``story``; by ``speaker``: part of the name or the entity key)."""
        return quote_infos(self.store, story=story, speaker=speaker)

    def figures(self, *, story: int | None = None) -> dict[int, list[FigureGroup]]:
        """Each story's figures grouped by what they measure, with agreement or conflict."""
        ids = [story] if story is not None else [s.id for s in self.store.list_stories()]
        return {sid: story_figures(self.store, sid) for sid in ids}

    def entities(self, *, story: int | None = None, type: str | None = None) -> list[EntityInfo]:  # noqa: A002
        """Canonical entities (named in ``story``, of ``type``), most widely reported first."""
        return entity_infos(self.store, story=story, type_=type)

    def find_entities(self, name: str) -> list[Entity]:
        """Entities a key, name or any spelling of a name refers to."""
        return find_entities(self.store, name)

    def entity(self, entity: Entity) -> dict[str, Any]:
        """An entity's languages, the reports naming it and every mention (JSON-ready)."""
        return entity_detail(self.store, entity)

    def brief(
        self,
        story_id: int,
        format: BriefFormat = "md",
        *,
        since: str | None = None,
        lang: str = "en",  # noqa: A002
    ) -> str:
        """A briefing in which every sentence cites its report and paragraph, as Markdown, HTML or JSON.

        ``since`` (an ISO date) keeps what reports after it added; ``lang`` is
        the reader's language, preferred where a source in it exists.
        """
        view = self.story(story_id)
        if view is None:
            raise KeyError(f"no story {story_id}")
        if since:
            sentences = briefing_since(self.store, view.story.id, since, lang=lang)
        elif lang != "en":  # the cached briefing is for English readers
            sentences = [asdict(c) for c in StoryViewBuilder(self.store, view.story.id).briefing(lang=lang)]
        else:
            sentences = view.briefing
        return render(view.to_dict(), sentences, format, lang=lang)

    def similarity(self, a: RawReport | str, b: RawReport | str) -> float:
        """How likely two reports tell the same story, in [0, 1] (texts or raw reports)."""
        score = self.similarities([(a, b)])[0]
        if score is None:
            raise ValueError("a report of the pair could not be analysed")
        return score

    def similarities(
        self, pairs: Sequence[tuple[RawReport | str, RawReport | str]], *, workers: int = 1, accurate: bool = False
    ) -> list[float | None]:
        """Same-story scores for many pairs (None where a report could not be analysed).

        Each distinct report is analysed once, with the vectors scoring needs,
        in the worker pool (``workers=0``: one process per core); the pairs are
        then compared in this process.  ``accurate``: e5 of every lead as well as the
        encoder cascade's vectors, a little closer to human judgements for about
        three times the CPU per pair (see ``stories.similarity.pair_evidence``).
        """
        raws = [(_raw(a, "a"), _raw(b, "b")) for a, b in pairs]
        keys = [(_content_key(a), _content_key(b)) for a, b in raws]
        unique = dict(zip((k for pair in keys for k in pair), (r for pair in raws for r in pair), strict=True))
        analysed = analyse_batch(
            list(unique.values()), workers=workers, then=evidence_maker(accurate), attribution=False
        )
        done = dict(zip(unique, analysed, strict=True))
        good = [
            i
            for i, (ka, kb) in enumerate(keys)
            if not (isinstance(done[ka], ItemError) or isinstance(done[kb], ItemError))
        ]
        with encoding_threads(os.cpu_count() or 1):  # the pool has finished: e5 leads of mixed-language pairs
            scores = score_evidence(self.store, [(done[keys[i][0]], done[keys[i][1]]) for i in good])  # type: ignore[misc]
        out: list[float | None] = [None] * len(raws)
        for i, score in zip(good, scores, strict=True):
            out[i] = score
        return out

    # -- hand corrections (binding later automatic decisions; see stories/constraints.py) -----------
    def merge(self, story: int, other: int, *, editor: str | None = None) -> Edit:
        """Merge story ``other`` into ``story``; a later ingest or re-clustering never separates them."""
        return self._built(hand.merge(self.store, story, other, editor or default_editor()))

    def split(self, story: int, report_ids: Sequence[str], *, editor: str | None = None) -> Edit:
        """Take ``report_ids`` out of ``story`` into a new story (``Edit.story``); they are never put back by itself."""
        return self._built(hand.split(self.store, story, list(report_ids), editor or default_editor()))

    def move(self, report_id: str, story: int, *, editor: str | None = None) -> Edit:
        """Move a report to ``story``, where it stays, apart from the story it left."""
        return self._built(hand.move(self.store, report_id, story, editor or default_editor()))

    def rename(self, story: int, label: str, *, editor: str | None = None) -> Edit:
        """Give a story a label of your own, which automatic relabelling keeps."""
        return self._built(hand.rename(self.store, story, label, editor or default_editor()))

    def set_speaker(self, quote_id: int, speaker: str | None, *, editor: str | None = None) -> Edit:
        """Attribute a quote to ``speaker`` (linked to the one person entity of that name, if there is one)."""
        speaker = " ".join((speaker or "").split()) or None
        people = [e for e in find_entities(self.store, speaker) if e.type == "person"] if speaker else []
        key = people[0].key if len(people) == 1 else None
        return self._built(hand.set_speaker(self.store, quote_id, speaker, key, editor or default_editor()))

    def undo(self, edit_id: int | None = None, *, editor: str | None = None) -> Edit:
        """Revert a correction (the latest one in force when ``edit_id`` is None); returns the undo's entry."""
        if edit_id is None:
            live = [e for e in self.edits() if e.action != "undo" and e.undone_by is None]
            if not live:
                raise hand.EditError("there is no correction to undo")
            edit_id = live[-1].id
        return self._built(hand.undo(self.store, edit_id, editor or default_editor()))

    def _built(self, edit: Edit) -> Edit:
        """Rebuild the views of the stories a correction changed: pages read stored views, never build them."""
        refresh_views(self.store, edit.at)
        return edit

    def edits(self, *, story: int | None = None) -> list[Edit]:
        """The edit log, oldest first (about ``story``)."""
        return hand.list_edits(self.store, story=story)

    # -- watching sources ---------------------------------------------------------------------------
    def sources(self) -> list[WatchSource]:
        """The sources kept for polling, with how polling each went."""
        return list_sources(self.store)

    def add_source(self, url: str) -> WatchSource:
        """Keep a feed or page URL for ``watch`` to poll."""
        return add_source(self.store, url)

    def remove_source(self, url: str) -> bool:
        return remove_source(self.store, url)

    def poll(
        self, urls: Sequence[str] = (), settings: PollSettings | None = None, *, workers: int = 1
    ) -> list[PollOutcome]:
        """One polling round over ``urls`` (kept from now on), or over every kept source when none is given."""
        settings = settings or PollSettings(once=True)
        wanted = [add_source(self.store, url) for url in urls] or list_sources(self.store)
        outcomes = poll_sources(
            self.store, wanted, settings, lambda items: self.ingest(items, workers=workers, deliver=False)
        )
        self.deliver_alerts()
        return outcomes

    def watch(
        self,
        urls: Sequence[str] = (),
        settings: PollSettings | None = None,
        *,
        workers: int = 1,
        on_round: Callable[[list[PollOutcome]], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Poll in rounds until ``stop`` is set (one round with ``settings.once``), sleeping until a source is due."""
        settings = settings or PollSettings()
        stop = stop or threading.Event()
        while True:
            outcomes = self.poll(urls, settings, workers=workers)
            if on_round:
                on_round(outcomes)
            if settings.once or stop.wait(self._pause(urls, settings)):
                return

    def _pause(self, urls: Sequence[str], settings: PollSettings) -> float:
        """Seconds until the next source is due (at least a second, at most the interval)."""
        kept = {s.url: s for s in list_sources(self.store)}
        wanted = [kept[u] for u in urls if u in kept] if urls else list(kept.values())
        moments = [next_due(s, settings) for s in wanted]
        soonest = min((m.timestamp() for m in moments if m is not None), default=time.time() + settings.every)
        return min(settings.every, max(1.0, soonest - time.time()))

    # -- watchlists and alerts -----------------------------------------------------------------------
    def watchlists(self) -> list[Watchlist]:
        return list_watchlists(self.store)

    def add_watchlist(
        self,
        name: str,
        *,
        entity: str | None = None,
        query: str | None = None,
        story: int | None = None,
        webhook: str | None = None,
        allow_private: bool = False,
    ) -> Watchlist:
        """Follow one entity, query or story under ``name``; ``webhook`` receives each alert as JSON."""
        given = [(k, v) for k, v in (("entity", entity), ("query", query), ("story", story)) if v is not None]
        if len(given) != 1:
            raise ValueError("a watchlist follows one thing: an entity, a query or a story")
        kind, value = given[0]
        return add_watchlist(self.store, name, kind, str(value), webhook=webhook, allow_private=allow_private)

    def remove_watchlist(self, name: str) -> bool:
        return remove_watchlist(self.store, name)

    def alerts(self, *, watchlist: str | None = None, limit: int = 100) -> list[Alert]:
        """Alerts, newest first (of one watchlist)."""
        return list_alerts(self.store, watchlist=watchlist, limit=limit)

    def deliver_alerts(self) -> list[Delivery]:
        """Send the alerts due to their watchlists' webhooks (retrying earlier failures whose time has come)."""
        return deliver(self.store)


def default_editor() -> str:
    """Who a correction is recorded as made by: $NEWSDESK_EDITOR, else the login name."""
    try:
        return os.environ.get("NEWSDESK_EDITOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _content_key(raw: RawReport) -> tuple[str, str | None]:
    """Reports with the same content and language hint are analysed once."""
    return raw.content_hash(), raw.lang


def _raw(report: RawReport | str, name: str) -> RawReport:
    return report if isinstance(report, RawReport) else RawReport(source=name, text=report)


def _items(sources: Iterable[Source | ItemError], allow_private: bool) -> Iterable[RawReport | ItemError]:
    """Items in order: raw reports and errors as given, SOURCE arguments read lazily (a batch is never listed)."""
    for source in sources:
        if isinstance(source, RawReport | ItemError):
            yield source
        else:
            yield from iter_sources([os.fspath(source)], allow_private=allow_private)


@contextmanager
def scratch_desk(db: str | os.PathLike[str] | None) -> Iterator[Desk]:
    """The desk at ``db``, or one on a throw-away database when ``db`` is None (the batch commands' default)."""
    with tempfile.TemporaryDirectory() as tmp, Desk(db or Path(tmp) / "newsdesk.db") as desk:
        yield desk


def cluster_in_orders(
    items: Iterable[RawReport | ItemError],
    orders: int,
    *,
    workers: int = 1,
    on_item: Callable[[str, str], None] | None = None,
    seed: str = SEED,
) -> list[dict[str, Any]]:
    """:meth:`Desk.cluster` rows whose stories and topics do not depend on the order of ``items``.

    The batch is clustered in ``orders`` orders made from the reports alone
    (:func:`stories.consensus.batch_orders`), each in a throw-away store and
    analysed only once, and two reports share a story (or topic) where more
    than half of the orders put them together (:func:`stories.consensus.agreed_groups`).
    Stories and topics are numbered 1, 2, ... in input order.  ``on_item`` is
    called for each item in each order (as :meth:`Desk.ingest` calls it);
    ``seed`` draws the orders (the default is what ``newsdesk cluster`` uses).
    """
    items = list(items)
    keys = [order_key(i) if isinstance(i, RawReport) else ("", "", "") for i in items]
    memo: dict[str, bytes] = {}
    vectors: dict[str, dict[str, Any]] = {}  # what placement encoded (e5 leads USE-m3 cannot read), carried along
    stories: list[list[Any]] = []
    topics: list[list[Any]] = []
    first: list[dict[str, Any]] = []
    for k, order in enumerate(batch_orders(keys, orders, seed)):
        with Desk(":memory:") as desk:  # after the first order nothing is left to analyse: no pool
            for encoder, by_hash in vectors.items():
                desk.store.put_vectors(encoder, by_hash)
            ordered = [items[i] for i in order]
            rows = desk.cluster(ordered, workers=workers if k == 0 else 1, views=False, memo=memo, on_item=on_item)
            vectors = {e: desk.store.all_vectors(e) for e in (FAST, BROAD)}
        in_input = [rows[at] for at in sorted(range(len(order)), key=order.__getitem__)]
        stories.append([row["story"] for row in in_input])
        topics.append([row["topic"] for row in in_input])
        first = first or in_input
    return [
        {**row, "story": story, "topic": topic}
        for row, story, topic in zip(first, agreed_groups(stories), agreed_groups(topics), strict=True)
    ]
