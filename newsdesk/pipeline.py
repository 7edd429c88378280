"""The flow of a report: analyse (pure, parallel), then store (one transaction).

``analyse`` is a pure function of one raw report, so it runs in a process
pool.  ``store_report`` runs in the main process, in input order, and writes
the report together with everything that depends on other reports (canonical
entities, duplicate/translation links, story assignment) in a single
transaction: an interrupted ingest leaves whole reports or nothing, and the
parallel run gives the same store as the serial one.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.enrich.budget import Budget, Clock, OverBudget, alarm, unclean
from newsdesk.enrich.entities.mentions import find_mentions, find_mentions_batch
from newsdesk.enrich.entities.propagate import propagate, story_entities
from newsdesk.enrich.entities.resolve import EntityIndex, resolve
from newsdesk.enrich.figures.finder import find_figures
from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.enrich.quotes.guards import is_place_phrase
from newsdesk.enrich.sentences import split_sentences
from newsdesk.enrich.vectors import get_encoder
from newsdesk.enrich.windows import in_windows
from newsdesk.executors import executor_for
from newsdesk.extract import NoText, extract, require_text
from newsdesk.memo import memo_key, remembered
from newsdesk.model import ItemError, Mention, Quote, RawReport, Report, refused_id
from newsdesk.store import Store, now
from newsdesk.stories import place_report
from newsdesk.stories.evidence import BROAD, FAST, precompute_vectors


@dataclass
class IngestResult:
    """What a batch did, item by item."""

    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def analyse(raw: RawReport, outlet_counts: Mapping[str, int] | None = None, budget: Budget | None = None) -> Report:
    """Everything that can be known about one report on its own, within its analysis ``budget``.

    The budget (default: ``Budget.from_env()``) bounds the characters analysed
    and the time spent; a report over it comes back whole, partly analysed,
    and flagged (see :mod:`newsdesk.enrich.budget`).
    """
    clock = Clock(budget or Budget.from_env())
    report = _read(raw, outlet_counts, clock)
    report.mentions = clock.run("names", partial(find_mentions, report), list)
    return clock.finish(_attribute(report, clock))


# The stages on either side of entity recognition, apart so that the pool can run spaCy once for many
# reports (see _analyse_jobs) with the stages in the same order as analyse().
def _read(raw: RawReport, outlet_counts: Mapping[str, int] | None, clock: Clock) -> Report:
    report = require_text(clock.run("cleaning", partial(extract, raw, outlet_counts), partial(unclean, raw)), raw)
    clock.clip(report)  # from here on only the part within the size budget is analysed
    report.sentences = clock.run("sentences", partial(split_sentences, report), list)
    return report


def _attribute(report: Report, clock: Clock) -> Report:
    # Both look back over the report (speakers, claimants): read in windows, their cost stays linear.
    report.quotes = clock.run("quotes", partial(in_windows, report, find_quotes), list)
    report.figures = clock.run("figures", partial(in_windows, report, find_figures), list)
    return report


def _key_for_name(name: str | None, mentions: list[Mention]) -> str | None:
    """The entity key of a speaker or claimant named ``name``: same text, else same surname."""
    if not name:
        return None
    folded = name.casefold()
    keyed = [m for m in mentions if m.key]
    for m in keyed:
        if m.text.casefold() == folded:
            return m.key
    last = folded.split()[-1]
    persons = {m.key for m in keyed if m.type == "person" and m.text.casefold().split()[-1] == last}
    return persons.pop() if len(persons) == 1 else None


def _speaker_key(quote: Quote, mentions: list[Mention]) -> str | None:
    """The entity key of a quote's speaker, from the mentions its speaker span covers, else by name.

    A place is the speaker only where the speaker phrase is the place's name
    ("France said"): in "France's president Anne Morel said" the
    span also covers "France", and a person the tagger took for a place
    ("Maria, 22, told Reuters") is no place once she speaks.  Of the
    mentions left, the one naming the resolved speaker wins, else the last
    (the head of "the Élysée's spokesman Paul Girard").
    """
    speaker = quote.speaker or ""
    usable = [m for m in mentions if m.key and (m.type != "place" or is_place_phrase(speaker))]
    if quote.speaker_paragraph is not None and quote.speaker_start is not None and quote.speaker_end is not None:
        covered = [
            m
            for m in usable
            if m.paragraph == quote.speaker_paragraph and m.start < quote.speaker_end and quote.speaker_start < m.end
        ]
        named = [m for m in covered if m.text.casefold() in speaker.casefold()]
        if named or covered:
            return (named or covered)[-1].key
    return _key_for_name(quote.speaker, usable)


def link_attributions(report: Report) -> None:
    """Give quotes and figures the canonical entity of their speaker or claimant.

    Runs after entity resolution (mentions have keys only then).  A speaker
    span that overlaps a mention takes its key (:func:`_speaker_key`);
    otherwise the name is matched against the report's mentions, and stays
    unlinked if ambiguous.  Keys the quote stage gave (state institutions,
    the same in every language) are kept.
    """
    for quote in report.quotes:
        if quote.speaker_key or not quote.speaker:
            continue
        quote.speaker_key = _speaker_key(quote, report.mentions)
    for figure in report.figures:
        if not figure.claimant_key:
            figure.claimant_key = _key_for_name(figure.claimant, report.mentions)


def identity_of(raw: RawReport) -> str:
    """What makes two versions "the same report": its URL, else where it came from.

    A changed text under the same identity becomes a new revision; the same
    content anywhere is recognised by its hash before we get here.
    """
    if raw.url:
        return raw.url
    base, _, fragment = raw.source.partition("#")
    if base == "stdin":
        return f"stdin:{raw.content_hash()}"
    if "://" not in base:
        base = str(Path(base).resolve())
    if fragment:
        return f"{base}#{raw.id or fragment}"
    return base


_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.:-]+")


def _report_id(store: Store, raw: RawReport, identity: str) -> str:
    existing = store.report_id_for(identity)
    if existing:
        return existing
    wanted = raw.id or Path(raw.source.partition("#")[0]).stem or "report"
    wanted = _UNSAFE_ID.sub("-", wanted).strip("-")[:80] or "report"
    if refused_id(wanted):  # "." or ".." from a RawReport built in code: never an id that names a directory
        wanted = "report"
    if not store.id_taken(wanted):
        return wanted
    return f"{wanted}-{raw.content_hash()[:8]}"


def store_report(store: Store, raw: RawReport, report: Report, index: EntityIndex | None = None) -> str:
    """Write one analysed report and place it in a story; returns "added" or "revised".

    ``index`` is the entity index of the running ingest (built from the store
    when not given).  After placement, entities already known in the story are
    looked for in the report under their other spellings (propagation).
    """
    identity = identity_of(raw)
    with store.transaction():
        report.id = _report_id(store, raw, identity)
        revised = store.report_id_for(identity) is not None
        report.mentions, entities = resolve(report.mentions, index or EntityIndex(store.all_entities()))
        for entity in entities:
            store.upsert_entity(entity)
        link_attributions(report)
        store.save_report(report, identity)
        place_report(store, report)
        story = store.story_of(report.id)
        if story is not None:
            extra = propagate(report, story_entities(store, story, exclude_report=report.id))
            store.add_mentions(report.id, extra)
            report.mentions.extend(extra)
    return "revised" if revised else "added"


def _outlet_counts(store: Store, raw: RawReport) -> Mapping[str, int] | None:
    return store.outlet_paragraph_counts(raw.outlet) if raw.outlet else None


Vectors = dict[str, dict[str, np.ndarray]]


Job = tuple[RawReport, Mapping[str, int] | None]  # a raw report and the outlet counts its extraction reads
Analysed = tuple[Report, Vectors] | ItemError


def _analyse_jobs(jobs: list[Job], attribution: bool = True) -> list[Analysed]:
    """Per-report work (analysis plus the vectors placement will look up) for each job, with spaCy called
    once for all of them (see ``find_mentions_batch``).

    ``attribution=False`` leaves out quotes and figures, for work that reads
    neither (pair similarity, where they were ~17% of the CPU).

    Same result as analysing the reports one by one; a report whose analysis
    fails becomes an :class:`ItemError` and the others go on.  Should spaCy's
    pooled call fail, each report's mentions are found on their own, so one
    bad report cannot fail its neighbours.
    """
    budget = Budget.from_env()
    out: list[Report | ItemError] = []
    clocks: list[Clock] = []
    for raw, counts in jobs:
        clocks.append(Clock(budget))
        try:
            out.append(_read(raw, counts, clocks[-1]))
        except Exception as exc:  # one bad item must not stop the batch
            out.append(_failed(raw, exc))
    reports = [r for r in out if isinstance(r, Report)]
    try:
        with alarm(_batch_seconds([c for c, r in zip(clocks, out, strict=True) if isinstance(r, Report)])):
            batch: list[list[Mention] | None] = list(find_mentions_batch(reports))
    except (Exception, OverBudget):  # then each report on its own, within its own budget
        batch = [None] * len(reports)
    found = iter(batch)
    results: list[Analysed] = []
    for (raw, _), report, clock in zip(jobs, out, clocks, strict=True):
        if isinstance(report, ItemError):
            results.append(report)
            continue
        mentions = next(found)
        try:
            report.mentions = clock.run("names", partial(find_mentions, report), list) if mentions is None else mentions
            report = clock.finish(_attribute(report, clock) if attribution else report)
            results.append((report, precompute_vectors(report)))
        except Exception as exc:
            results.append(_failed(raw, exc))
    return results


def _batch_seconds(clocks: list[Clock]) -> float | None:
    """How long spaCy's pooled call may take: as long as the most time any of its reports has left."""
    left = [c.remaining() for c in clocks]
    return None if not left or None in left else max(0.001, *[x for x in left if x is not None])


def analyse_batch(
    raws: Sequence[RawReport],
    *,
    workers: int = 1,
    then: Callable[[list[Report], list[Vectors]], list[Any]] | None = None,
    attribution: bool = True,
) -> list[tuple[Report, Any] | ItemError]:
    """Analyse many reports, in input order: (report, what ``then`` derived from it) or the error of each.

    What ``ingest`` does per report, without storing: in the worker pool when
    there is more than one task of work (``workers=0``: one per core).  ``then``
    (a module-level function, so it pickles) runs in the worker too, on each
    task's reports and the vectors their analysis computed, so what is derived
    from the reports (the vectors pair scoring needs) spreads over the cores
    with the analysis and is encoded a task at a time (an encoder call has a
    fixed cost: e5 takes ~100 ms for one headline, ~20 ms each for eight).
    ``attribution=False``: without quotes and figures (see :func:`_analyse_jobs`).
    """
    workers = workers or os.cpu_count() or 1
    jobs: list[Job] = [(raw, None) for raw in raws]
    tasks = [jobs[i : i + TASK] for i in range(0, len(jobs), TASK)]
    run = partial(_analyse_then, then=then, attribution=attribution)
    if workers < 2 or len(tasks) < 2:
        return list(chain.from_iterable(map(run, tasks)))
    pool = executor_for(workers, None)
    try:
        return list(chain.from_iterable(pool.map(run, tasks)))
    finally:
        pool.shutdown(cancel_futures=True)


def _analyse_then(
    jobs: list[Job], then: Callable[[list[Report], list[Vectors]], list[Any]] | None, attribution: bool
) -> list[tuple[Report, Any] | ItemError]:
    results = _analyse_jobs(jobs, attribution)
    done = [r for r in results if not isinstance(r, ItemError)]
    if then is None:
        derived: list[Any] = [None] * len(done)
    else:
        try:
            derived = then([r for r, _ in done], [v for _, v in done])
        except Exception:  # derive one by one, so one bad report cannot fail its neighbours
            derived = [_derive_one(then, report, vectors) for report, vectors in done]
    found = iter(derived)
    out: list[tuple[Report, Any] | ItemError] = []
    for (raw, _), result in zip(jobs, results, strict=True):
        if isinstance(result, ItemError):
            out.append(result)
            continue
        value = next(found)
        out.append(_failed(raw, value) if isinstance(value, Exception) else (result[0], value))
    return out


def _derive_one(then: Callable[[list[Report], list[Vectors]], list[Any]], report: Report, vectors: Vectors) -> Any:
    try:
        return then([report], [vectors])[0]
    except Exception as exc:
        return exc


def _failed(raw: RawReport, exc: Exception) -> ItemError:
    if isinstance(exc, NoText):  # the item's fault, said in words: no "analysis failed" around it
        return ItemError(raw.source, str(exc))
    return ItemError(raw.source, f"analysis failed: {type(exc).__name__}: {exc}")


def warm_up(attribution: bool = True) -> None:
    """Load the lazily loaded models in this process by analysing a tiny built-in report
    (``attribution=False``: all but the quotes' dependency parser, see :mod:`newsdesk._preload`)."""
    _analyse_jobs([(_WARM_UP, None)], attribution)


def warm_encoders() -> None:
    """Load the encoders the storing process uses (placement, story views, quote links).

    With a pool, the NER and the quotes' parser run only in the workers:
    loading them here as well cost ~1.5 CPU seconds at the start of every
    ingest, on the same two cores as the fork server's own loading.
    """
    for encoder in (FAST, BROAD):
        get_encoder(encoder).encode([_WARM_UP.title or ""])


_WARM_UP = RawReport(
    source="warm-up",
    title="Storm closes port",
    text='Officials in Lisbon said on Monday that 20 people were hurt.\n\n"The port is closed," the mayor said.',
)


AHEAD = 4  # batches analysed ahead of the one being stored, so workers do not wait for the store: a view refresh
# mid-ingest holds this process for seconds (~7 s at 500 reports), longer than two batches keep two workers busy
# Reports per pool task: spaCy runs once per task (see _analyse_jobs), and a batch of ``chunk`` still
# gives each worker several tasks, whose results come back in order as they finish.
TASK = 8


def ingest(
    store: Store,
    items: Iterable[RawReport | ItemError],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_item: Callable[[str, str], None] | None = None,
    on_batch: Callable[[str], None] | None = None,
    chunk: int = 32,
    memo: dict[str, bytes] | None = None,
) -> IngestResult:
    """Analyse and store a stream of raw items; per-item errors are collected, not raised.

    Items go in batches of ``chunk``: while the main process stores batch k,
    the pool already analyses batches k+1 to k+AHEAD.  What the analysis of a
    batch may depend on (outlet boilerplate counts) is read from the store
    when it is submitted, in the serial run too, so both give the same store.

    ``on_item(source, outcome)`` is called after each item (for progress bars),
    ``on_batch(since)`` after each stored batch with the time (ISO, seconds)
    the batch started, so the caller can refresh what the batch changed.
    ``workers=0`` means one per CPU core.  With ``scheduler`` (a Dask
    scheduler address, ``tcp://host:8786``) the analysis runs on that cluster
    instead of a local pool; storing stays here, in order.  ``memo`` keeps
    each analysis by raw report, and answers from it: the same batch
    ingested again (in another order, into another store) is analysed once.
    """
    workers = workers or os.cpu_count() or 1
    result = IngestResult()
    notify = on_item or (lambda source, outcome: None)
    index = EntityIndex(store.all_entities())
    index_version = store.data_version()

    def handle(raw: RawReport, job: Analysed) -> None:
        if isinstance(job, ItemError):
            result.errors.append(job)
            notify(raw.source, "error")
            return
        analysed, vectors = job
        nonlocal index, index_version
        try:
            # The writer's transaction (on PostgreSQL, a lock shared by every ingest process): from here on
            # what other writers committed is visible, so check again that the content is new, and reload
            # the entity index if another writer has written since it was built.
            with store.transaction():
                if store.has_content(raw.content_hash()):
                    outcome = "unchanged"
                else:
                    if store.data_version() != index_version:
                        index, index_version = EntityIndex(store.all_entities()), store.data_version()
                    for encoder, by_hash in vectors.items():
                        store.put_vectors(encoder, by_hash)
                    outcome = store_report(store, raw, analysed, index)
        except Exception as exc:
            # the rolled-back report's entities are not in the store
            index, index_version = EntityIndex(store.all_entities()), store.data_version()
            result.errors.append(ItemError(raw.source, f"storing failed: {type(exc).__name__}: {exc}"))
            notify(raw.source, "error")
            return
        if outcome == "unchanged":
            result.unchanged.append(raw.source)
        else:
            (result.added if outcome == "added" else result.revised).append(analysed.id)
        notify(raw.source, outcome)

    def submit(
        batch: list[RawReport | ItemError],
    ) -> tuple[list[RawReport], Iterator[Analysed]]:
        todo: list[RawReport] = []
        for item in batch:
            if isinstance(item, ItemError):
                result.errors.append(item)
                notify(item.source, "error")
            elif store.has_content(item.content_hash()):
                result.unchanged.append(item.source)
                notify(item.source, "unchanged")
            else:
                todo.append(item)
        jobs = [(raw, _outlet_counts(store, raw)) for raw in todo]
        keys = [memo_key(raw) for raw in todo] if memo is not None else []
        first = {} if memo is None else {k: job for k, job in zip(keys, jobs, strict=True) if k not in memo}
        fresh = jobs if memo is None else list(first.values())  # each report not in the memo, once
        tasks = [fresh[i : i + TASK] for i in range(0, len(fresh), TASK)]
        results = chain.from_iterable(pool.map(_analyse_jobs, tasks) if pool else map(_analyse_jobs, tasks))
        return todo, results if memo is None else remembered(jobs, keys, zip(first, results, strict=True), memo)

    def store_batch(todo: list[RawReport], analysed: Iterator[Analysed]) -> None:
        for raw, report in zip(todo, analysed, strict=True):
            # The same content may occur twice in one batch, or in two batches in flight: only the first is stored.
            if store.has_content(raw.content_hash()):
                result.unchanged.append(raw.source)
                notify(raw.source, "unchanged")
                continue
            handle(raw, report)

    def store_next() -> None:
        since = now()
        store_batch(*in_flight.popleft())
        if on_batch:
            on_batch(since)

    pool: Executor | None = None
    if scheduler:
        pool = executor_for(workers, scheduler)
        pool.warm_up(warm_up)  # type: ignore[attr-defined]
    in_flight: deque[tuple[list[RawReport], Iterator[Analysed]]] = deque()
    try:
        for batch in _batches(items, chunk):
            if workers > 1 and pool is None and len(batch) == chunk:
                pool = executor_for(workers, None)  # only once there is more than a batch: a pool costs seconds
                warm_encoders()  # while the fork server loads the workers' models (not after the first results)
            in_flight.append(submit(batch))
            if len(in_flight) > AHEAD:
                store_next()
        while in_flight:
            store_next()
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return result


def _batches(items: Iterable[RawReport | ItemError], size: int) -> Iterator[list[RawReport | ItemError]]:
    batch: list[RawReport | ItemError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
