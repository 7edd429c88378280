"""What story assignment keeps about each report, computed once and persisted.

A report is reduced to a :class:`~newsdesk.stories.features.Evidence` record
(names, numbers, dates, language, character n-grams of its lead, vectors).
The record is stored as JSON in ``report_evidence`` (vectors stay in the
shared vector cache) and kept in a bounded per-process cache, so scoring a
new report against a story's members never re-reads or re-analyses texts.

Vectors follow a cascade, because multilingual e5 is ~17x slower than USE-m3:
every report whose language USE-m3 reads gets a USE-m3 vector of its text;
e5 (title and lead only) is computed on demand, for pairs where one side has
no USE-m3 vector.
"""

from __future__ import annotations

import itertools
import json
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np

from newsdesk.enrich.vectors import USEEncoder, cached_encode, get_encoder
from newsdesk.extract.dates import yearless_day_months
from newsdesk.model import Report, text_hash
from newsdesk.store import Store
from newsdesk.stories.features import Evidence, char_grams, parse_date
from newsdesk.stories.features import evidence as report_evidence
from newsdesk.stories.texts import encoder_text, lead_text

FAST, BROAD = "usem3", "e5"
# USE-m3's own 16 languages plus Malay/Indonesian: measured on MMDS2025 dev, Malay-English
# same-event pairs separate with ROC AUC 0.999 under USE-m3 (Swedish, by contrast, collapses).
FAST_LANGS = USEEncoder.LANGUAGES | {"ms", "id"}
CACHE_SIZE = 4096


_serials = itertools.count()


@dataclass
class Profile:
    """A report's evidence plus the lead text e5 embeds when it is needed."""

    evidence: Evidence
    lead: str
    published: str | None  # as stored (may be partial), for time windows and origins
    yearless: frozenset[tuple[int, int]] = frozenset()  # (month, day) mentioned without a year
    grams: tuple[np.ndarray, np.ndarray] = field(init=False)  # hashed n-grams (sorted) and unit weights
    # unique per profile object in this process: a key for remembering pair scores that a rebuilt profile misses
    serial: int = field(init=False, default_factory=lambda: next(_serials), compare=False)

    def __post_init__(self) -> None:
        self.grams = gram_vector(self.evidence.grams)


def gram_vector(grams: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear-tf n-gram weights (as features.gram_cosine without idf) as a sorted sparse unit vector.

    ``features.gram_cosine`` rebuilds weight dicts on every call (~40 ms for two
    leads); scoring compares a report with dozens of members, so the weights are
    computed once per report and compared with a sorted-index intersection.
    Keys are Python string hashes: only ever compared within one process.
    """
    if not grams:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    keys = np.fromiter(map(hash, grams), np.int64, len(grams))
    weights = 1.0 + np.log(np.fromiter(grams.values(), np.float32, len(grams)))
    order = np.argsort(keys)
    keys, weights = keys[order], weights[order]
    return keys, weights / float(np.linalg.norm(weights))


def gram_cosine(a: Profile, b: Profile) -> float:
    """Cosine of two reports' n-gram vectors: the shorter one's keys looked up in the longer one's (sorted)."""
    (ka, wa), (kb, wb) = sorted((a.grams, b.grams), key=lambda g: len(g[0]))
    if not len(ka):
        return 0.0
    at = np.searchsorted(kb, ka)
    at[at == len(kb)] = 0
    hit = kb[at] == ka
    return float(wa[hit] @ wb[at[hit]])


def yearless_dates(report: Report) -> frozenset[tuple[int, int]]:
    """(month, day) pairs the text mentions without a year ("on March 20").

    Extraction cannot place them in time without a reference date, but a story
    can: against a story dated in May 2023, "March 20" is seven weeks earlier.
    """
    return yearless_day_months(f"{report.title or ''}\n{report.text}", report.lang)


def fast_text(report: Report) -> str:
    """What USE-m3 embeds: title and the start of the text (``features.TEXT_CHARS``), as for pair scoring.

    The whole text was marginally best on MMDS2025 dev (agglomerative BCubed F1
    0.924 vs 0.921 for title+lead) but USE-m3's cost grows with length; the
    first 1,000 characters keep nearly all of the signal at a bounded cost.
    """
    return encoder_text(report, FAST)


def fast_reads(lang: str | None) -> bool:
    return lang is None or lang.split("-")[0].lower() in FAST_LANGS


def precompute_vectors(report: Report) -> dict[str, dict[str, np.ndarray]]:
    """The report vector placement will need, computed where it is cheap to parallelise.

    Runs in the analysis workers; the ingest loop puts the result into the
    store's vector cache, so placement (serial, in the main process) finds it
    there instead of encoding: USE-m3 of the text where it reads the language,
    else e5 of the lead (which every pair with such a report needs).

    Not the vectors of its sentences: placement never reads them, and what
    does (a story view's alignment and the translation check, both only
    between two or more reports) encodes them through the store's cache when
    it first needs them.  Encoding them here for every report cost ~29 ms of
    CPU per report, and two reports in three of a stream stay alone in their
    story (end-to-end ingest of 500 reports on 2 cores: 68 -> 55 CPU s).
    Returns {encoder name: {text hash: vector}}.
    """
    encoder, text = (FAST, fast_text(report)) if fast_reads(report.lang) else (BROAD, lead_text(report))
    return {encoder: {text_hash(text): cached_encode(None, get_encoder(encoder), [text])[0]}}


class _Cache:
    """Bounded LRU of profiles for one store."""

    def __init__(self) -> None:
        self.items: OrderedDict[str, Profile] = OrderedDict()

    def get(self, report_id: str) -> Profile | None:
        item = self.items.get(report_id)
        if item is not None:
            self.items.move_to_end(report_id)
        return item

    def put(self, report_id: str, profile: Profile) -> None:
        self.items[report_id] = profile
        self.items.move_to_end(report_id)
        while len(self.items) > CACHE_SIZE:
            self.items.popitem(last=False)


_caches: weakref.WeakKeyDictionary[Store, _Cache] = weakref.WeakKeyDictionary()


def _cache(store: Store) -> _Cache:
    cache = _caches.get(store)
    if cache is None:
        cache = _caches[store] = _Cache()
    return cache


def build_profile(store: Store, report: Report) -> Profile:
    """Compute, persist and cache the evidence of a freshly stored report."""
    evidence = report_evidence(report, grams_part="lead")
    if fast_reads(report.lang):
        text = fast_text(report)
        vec = cached_encode(store, get_encoder(FAST), [text])[0]
        store.set_report_vector(report.id, FAST, text_hash(text))
        evidence.vectors[FAST] = vec
    profile = Profile(evidence, lead_text(report), report.published, yearless_dates(report))
    data = {
        "lang": report.lang,
        "published": report.published,
        "text_dates": list(report.text_dates),
        "numbers": sorted(evidence.numbers),
        "name_words": sorted(evidence.name_words),
        "lead": profile.lead,
        "yearless": sorted(profile.yearless),
    }
    store.db.execute(
        "INSERT OR REPLACE INTO report_evidence (report_id, names, data) VALUES (?,?,?)",
        (report.id, json.dumps(sorted(evidence.names)), json.dumps(data)),
    )
    _cache(store).put(report.id, profile)
    return profile


def load_profiles(store: Store, ids: list[str]) -> dict[str, Profile]:
    """Profiles of stored reports (cache first, then the store)."""
    cache = _cache(store)
    out: dict[str, Profile] = {}
    missing = []
    for rid in ids:
        hit = cache.get(rid)
        if hit is not None:
            out[rid] = hit
        else:
            missing.append(rid)
    for i in range(0, len(missing), 500):
        chunk = missing[i : i + 500]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT report_id, names, data FROM report_evidence WHERE report_id IN ({marks})", chunk
        )
        for row in rows:
            profile = _from_json(row["report_id"], json.loads(row["names"]), json.loads(row["data"]))
            for name in (FAST, BROAD):
                vec = store.report_vector(row["report_id"], name)
                if vec is not None:
                    profile.evidence.vectors[name] = vec
            cache.put(row["report_id"], profile)
            out[row["report_id"]] = profile
    return out


def _from_json(report_id: str, names: list[str], data: dict) -> Profile:
    evidence = Evidence(
        id=report_id,
        lang=data["lang"],
        names=frozenset(names),
        name_words=frozenset(data.get("name_words", ())),  # absent from profiles stored before it existed
        numbers=frozenset(data["numbers"]),
        published=parse_date(data["published"]),
        text_dates=frozenset(d for d in map(parse_date, data["text_dates"]) if d),
        grams=char_grams(data["lead"]),  # cheaper to recompute than to store and parse as JSON
    )
    yearless = frozenset((int(m), int(d)) for m, d in data.get("yearless", []))
    return Profile(evidence, data["lead"], data["published"], yearless)


def ensure_broad(store: Store, profiles: list[Profile]) -> None:
    """Give each profile an e5 vector of its lead (cached in the store), computing only missing ones."""
    todo = [p for p in profiles if BROAD not in p.evidence.vectors]
    if not todo:
        return
    vecs = cached_encode(store, get_encoder(BROAD), [p.lead for p in todo])
    for profile, vec in zip(todo, vecs, strict=True):
        profile.evidence.vectors[BROAD] = np.asarray(vec, dtype=np.float32)
        store.set_report_vector(profile.evidence.id, BROAD, text_hash(profile.lead))
