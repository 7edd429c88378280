"""The one data model every stage, store and view shares.

A report flows through the pipeline as a :class:`Report`.  Ingestion fills
its raw fields (:class:`RawReport`), extraction fills the clean text and
metadata, enrichment fills sentences, mentions, quotes and figures.  Stories
and entities live across reports and are built by the store-aware stages.

Spans (mentions, quotes, figures) are addressed by *paragraph index* and
character offsets inside that paragraph's text.  Paragraphs are what readers
and citations point at ("report 12, paragraph 3"), so making them the unit of
addressing keeps every view simple.

All classes are plain dataclasses so that a report can be pickled to a worker
process and back, serialised to JSON for the API, and compared in tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "place", "org", "other"]
QuoteKind = Literal["direct", "indirect", "mixed"]  # mixed: reported speech with quoted fragments
Qualifier = Literal["exact", "approx", "gt", "ge", "lt", "le", "range"]


def refused_id(value: str) -> str | None:
    """Why ``value`` cannot be a report id, or None when it can.

    Ids appear in URL paths (``/api/reports/ID``, ``/reports/ID``) and file
    names; "." and ".." (any run of dots only) would name a directory there.
    """
    if value and not value.strip("."):
        return f"the id {value!r} is refused: dots alone name a directory in a path, not a report"
    return None


def text_hash(text: str) -> str:
    """Stable content hash used for de-duplication and vector caching."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class RawReport:
    """What a source yields before any analysis: text or HTML plus hints.

    Every field except ``text``/``html`` is optional: sources differ in what
    they know (a JSONL row may carry an outlet and a date, a bare text file
    knows only its path).
    """

    source: str  # where it came from: a path, a URL, "stdin", "file.jsonl#12"
    text: str | None = None
    html: str | None = None
    id: str | None = None  # caller-supplied id (JSONL/CSV), else derived
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    date: str | None = None
    date_source: str | None = None  # where ``date`` came from: "header", "feed", "metadata" (default)
    outlet: str | None = None
    author: str | None = None
    flags: list[str] = field(default_factory=list)  # what a reader should know about reading it (see Report.flags)

    @property
    def body(self) -> str:
        return self.html if self.html is not None else (self.text or "")

    def content_hash(self) -> str:
        """Hash of the content and the metadata that a source asserts."""
        parts = [self.body, self.title or "", self.date or "", self.outlet or ""]
        return text_hash("\x1f".join(parts))


@dataclass
class Paragraph:
    index: int
    text: str
    lang: str | None = None


@dataclass
class RemovedParagraph:
    """A paragraph the cleaner took out, kept for audit."""

    position: int  # index among the original paragraphs
    text: str
    reason: str


@dataclass
class Sentence:
    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A name in the text, before or after linking to a canonical entity."""

    paragraph: int
    start: int
    end: int
    text: str
    type: EntityType
    key: str | None = None  # canonical entity key once resolved
    source: str = ""  # which recogniser found it: "spacy", "gazetteer", ...


@dataclass
class Entity:
    """A canonical entity: one thing, every spelling of it."""

    key: str
    name: str
    type: EntityType
    variants: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass
class Quote:
    """A statement attributed to a speaker ("who said what")."""

    paragraph: int
    start: int
    end: int
    text: str  # the content span
    kind: QuoteKind
    speaker: str | None = None  # surface form as resolved (None = unknown)
    speaker_key: str | None = None  # canonical entity key, if linked
    cue: str | None = None  # "said", "enligt", "– ..., säger"
    speaker_paragraph: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass
class Figure:
    """A numeric claim: value with qualifier and unit, what it counts, who claims it."""

    paragraph: int
    start: int
    end: int
    text: str  # surface form, e.g. "up to 40 tanks"
    value: float
    qualifier: Qualifier = "exact"
    value_max: float | None = None  # upper bound of a range
    unit: str | None = None  # normalised unit: "km", "km2", "USD", "%", "day"
    dimension: str = "count"  # "count", "length", "area", "money", "percent", "duration"
    normalized: float | None = None  # value in the dimension's base unit
    counted: str | None = None  # "troops", "tanks", "attacks"
    counted_key: str | None = None  # grouping key across languages: "soldiers", "territory", "distance"
    claimant: str | None = None
    claimant_key: str | None = None


@dataclass
class Report:
    """A news report with everything the pipeline knows about it."""

    id: str
    source: str
    content_hash: str
    raw: str  # the text or HTML as received (for audit and re-analysis)
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date, possibly partial: "2023-05", "2023-05-12"
    date_source: str | None = None  # "metadata", "header", "text", "feed", ...
    lang: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[RemovedParagraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    text_dates: list[str] = field(default_factory=list)  # ISO dates found in the text
    revision: int = 1
    # What a reader should know about how far to trust the analysis: "decoded with replacement: ...",
    # "analysis truncated: ..." (the full text is kept; only part of it was analysed).
    flags: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean text: paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def lead(self) -> str:
        """Title and first paragraphs: what a report vector is built from."""
        body = [p.text for p in self.paragraphs if p.text != self.title]
        head = " ".join(body[:3])
        return f"{self.title}. {head}" if self.title else head

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("raw")
        return data


@dataclass
class Story:
    id: int
    label: str
    topic: int | None = None
    report_ids: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    merged_into: int | None = None


ChangeKind = Literal["merged-in", "merged-away", "moved-in", "moved-out", "renamed", "speaker", "undone"]


@dataclass
class StoryChange:
    """One recorded change to a story, so a reader can see why a story grew, shrank, moved or was corrected.

    ``kind`` is "merged-in" (story ``story`` was merged into this one),
    "merged-away" (this story was merged into ``story``), "moved-in" or
    "moved-out" (report ``report`` came from / went to ``story`` when its
    neighbourhood was re-clustered, or an editor moved or split it off).
    ``score`` is the same-event score that decided it, when one did.  Hand
    corrections carry their ``editor`` and ``edit`` (the edit log's id, for
    undo); "renamed", "speaker" (a quote's speaker fixed) and "undone" exist
    only as hand corrections, with what was set in ``detail``.
    """

    at: str
    kind: ChangeKind
    story: int
    report: str | None = None
    score: float | None = None
    editor: str | None = None
    edit: int | None = None
    detail: str | None = None

    def describe(self) -> str:
        """The change in words, as the CLI and the story page show it."""
        score = f" (same-event score {self.score:.2f})" if self.score is not None else ""
        if self.editor is not None:
            score += f" by {self.editor} (edit {self.edit})"
        return {
            "merged-in": f"story {self.story} was merged into this one{score}",
            "merged-away": f"this story was merged into story {self.story}{score}",
            "moved-in": f"report {self.report} moved here from story {self.story}{score}",
            "moved-out": f"report {self.report} moved to story {self.story}{score}",
            "renamed": f"renamed “{self.detail}”{score}",
            "speaker": f"speaker of a quote in report {self.report} set to {self.detail}{score}",
            "undone": f"{self.detail} undone{score}",
        }[self.kind]


EditAction = Literal["merge", "split", "move", "rename", "speaker", "undo"]


@dataclass
class Edit:
    """One hand correction in the edit log: who made it, when, and what it changed.

    Corrections bind later automatic decisions: the reports a merge, split or
    move put together or apart stay so (see :mod:`newsdesk.stories.constraints`).
    ``data`` keeps what undo needs (the members on each side, the value before).
    ``undone_by`` is the id of the "undo" edit that reverted it.
    """

    id: int
    at: str
    editor: str
    action: EditAction
    story: int | None = None
    report: str | None = None
    quote: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    undone_by: int | None = None

    def describe(self) -> str:
        """The edit in words (``newsdesk edits``, the history)."""
        d = self.data
        text = {
            "merge": f"merge story {d.get('from')} into story {self.story}",
            "split": f"split {len(d.get('out', []))} report(s) of story {d.get('from')} into story {self.story}",
            "move": f"move report {self.report} from story {d.get('from')} to story {self.story}",
            "rename": f"rename story {self.story} “{d.get('label')}”",
            "speaker": f"set the speaker of quote {self.quote} to {d.get('speaker')!r}",
            "undo": f"undo edit {d.get('edit')}",
        }[self.action]
        return text + (f" (undone by edit {self.undone_by})" if self.undone_by else "")


@dataclass
class WatchSource:
    """A feed or page the desk polls, and how polling it went (``newsdesk sources``)."""

    id: int
    url: str
    added_at: str
    kind: str | None = None  # "feed" or "page", once polled
    last_poll: str | None = None
    last_status: str | None = None  # new, unchanged, not-modified, rate-limited, error
    last_new: str | None = None  # when an item last was new
    last_error: str | None = None
    errors: int = 0  # consecutive failures: the backoff grows with them
    polls: int = 0
    items: int = 0  # new items ingested from it, in all
    next_poll: str | None = None  # not polled before this (backoff, Retry-After)
    etag: str | None = None
    last_modified: str | None = None


WatchKind = Literal["entity", "query", "story"]


@dataclass
class Watchlist:
    """Something an editor follows: an entity (any spelling), a text query, or a story."""

    id: int
    name: str
    kind: WatchKind
    value: str
    webhook: str | None = None
    allow_private: bool = False  # may the webhook be on a private address
    created_at: str = ""


@dataclass
class Alert:
    """A matching report arrived, or a followed story gained a report, a language or a conflict."""

    id: int
    watchlist: str
    at: str
    kind: Literal["report", "language", "conflict"]
    text: str
    story: int | None = None
    report: str | None = None
    delivered_at: str | None = None
    attempts: int = 0
    last_error: str | None = None


@dataclass
class Link:
    """Provenance between two reports: ``report`` copies or translates ``origin``."""

    report: str
    origin: str
    kind: Literal["duplicate", "near-duplicate", "translation"]
    score: float


@dataclass
class ItemError:
    """A per-item failure: the batch goes on, the user learns what and why."""

    source: str
    reason: str
    id: str | None = None  # the record's own id, where a batch record that failed had one


# -- what the views give readers (the CLI, the web app and the Python API) ----------


@dataclass
class ReportInfo:
    """A stored report as a listing shows it: its metadata, its story, its size."""

    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    lang: str | None
    revision: int
    url: str | None
    source: str
    story: int | None
    paragraphs: int
    flags: list[str] = field(default_factory=list)  # see Report.flags


@dataclass
class StoryInfo:
    """A story as the story list shows it: its members and how far its sources agree."""

    story: Story
    outlets: list[str]
    languages: list[str]
    independent: int  # reports that are not copies or translations of another member
    conflicts: int  # figure groups in conflict plus opposing framings


@dataclass
class QuoteInfo:
    """A stored quote with where it stands and the same statement in other reports."""

    id: int
    report: str
    quote: Quote
    published: str | None = None
    outlet: str | None = None
    same_as: list[int] = field(default_factory=list)  # ids of linked quotes (the same statement elsewhere)
    # the same links with their evidence: {"quote", "report", "score", "speaker", "names", "figures"}
    links: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EntityInfo:
    """A canonical entity with how widely the stored reports name it."""

    entity: Entity
    reports: int
    mentions: int
    languages: list[str]


@dataclass
class StoryView:
    """Everything the story view shows, JSON-ready: ``to_dict`` is what ``story --json`` and the API print.

    The sections are lists of plain dicts (cited sentences, figure groups,
    timeline entries, ...) because the view is cached in the store as JSON;
    their fields are described in docs/api.md.
    """

    version: int
    story: Story
    coverage: dict[str, Any]
    figures: list[dict[str, Any]]
    conflicts: int
    framings: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    confirmed: list[dict[str, Any]]
    single_source: list[dict[str, Any]]
    unique: list[dict[str, Any]]
    cross_lingual: list[list[dict[str, Any]]]
    same_statements: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    topic: list[dict[str, Any]]
    briefing: list[dict[str, Any]]
    history: list[StoryChange]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryView:
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["story"] = Story(**data["story"])
        values["history"] = [StoryChange(**c) for c in data["history"]]
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
