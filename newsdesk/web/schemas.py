"""Response and request models of the JSON API.

The model's dataclasses (Paragraph, Mention, Quote, ...) are used directly as
field types, so the API and the store can never drift apart; the classes here
add only what the views compute on top of them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator, model_validator

from newsdesk.model import ChangeKind, Entity, Figure, Link, Mention, Paragraph, Quote, RemovedParagraph, refused_id


class ReportSummary(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None
    url: str | None = None


class StorySummary(BaseModel):
    id: int
    label: str
    reports: int
    outlets: list[str]
    languages: list[str]
    first: str | None = None
    last: str | None = None


class Count(BaseModel):
    name: str
    count: int
    independent: int = Field(description="reports that are not a duplicate or translation of another report")


class Coverage(BaseModel):
    outlets: list[Count]
    languages: list[Count]
    first: str | None = None
    last: str | None = None
    links: list[Link] = Field(description="duplicate and translation links between the story's reports")


class Cited(BaseModel):
    """A sentence (or quote) with its citation; mirrors ``newsdesk.views.cited.Cited``."""

    text: str
    report: str | None = None
    paragraph: int
    start: int | None = None
    end: int | None = None
    lang: str | None = None
    outlet: str | None = None


class Statement(BaseModel):
    """The same content in several reports; ``families`` counts independent sources."""

    sentences: list[Cited]
    families: int


class Framing(BaseModel):
    """Two speakers naming the same event with opposing terms."""

    term: str
    speaker: str | None = None
    rejected: str
    rejected_by: str | None = None
    cited: list[Cited] = Field(default_factory=list)


class TimelineEntry(BaseModel):
    date: str
    kind: str = Field(description="'published', 'mentioned' (a date named in a report) or 'story' (a related story)")
    text: str
    report: str | None = None
    story: int | None = None


class StoryChange(BaseModel):
    """A recorded change to the story: a merge, a move, or a hand correction (see newsdesk.model.StoryChange)."""

    at: str
    kind: ChangeKind
    story: int = Field(description="the other story (this one for renamed, speaker and undone)")
    report: str | None = Field(None, description="the report that moved (moves), or whose quote was fixed")
    score: float | None = None
    editor: str | None = Field(None, description="who made it, for a hand correction")
    edit: int | None = Field(None, description="the hand correction's id in the edit log (GET /api/edits)")
    detail: str | None = Field(None, description="the label, speaker or undone edit, for those corrections")
    text: str = Field(description="the change in words")


class TopicStory(BaseModel):
    """An earlier or later story about the same topic."""

    id: int
    label: str
    first: str | None = None
    last: str | None = None
    when: str


class FigureRow(BaseModel):
    figure: Figure
    report: str
    outlet: str | None = None
    lang: str | None = None


class FigureGroup(BaseModel):
    what: str = Field(description="what the figures count or measure")
    status: str = Field(description="'conflict', 'agree', ... from reconciliation; 'unreconciled' without it")
    rows: list[FigureRow]

    @property
    def conflict(self) -> bool:
        return self.status == "conflict"


class SameStatement(BaseModel):
    """A linked quote: the same statement in another report (any language), with the link's score."""

    quote: int
    report: str
    paragraph: int
    lang: str | None = None
    score: float


class QuoteRow(BaseModel):
    id: int
    quote: Quote
    report: str
    outlet: str | None = None
    lang: str | None = None
    same_as: list[SameStatement] = []


class SpeakerQuotes(BaseModel):
    speaker: str
    key: str | None = None
    quotes: list[QuoteRow]


class Place(BaseModel):
    key: str
    name: str
    lat: float
    lon: float
    mentions: int


class StoryDetail(BaseModel):
    """A story as the story page shows it.

    Coverage, quotes and places come straight from the store.  Briefing,
    framings, statements and reconciled figures come from the story view
    module, built at ingest; ``analysed`` is false (and those lists are
    empty) before the first build, ``stale`` true while an ingest that
    changed the story has not yet rebuilt it.
    """

    id: int
    label: str
    reports: list[ReportSummary]
    coverage: Coverage
    speakers: list[SpeakerQuotes]
    places: list[Place]
    analysed: bool
    stale: bool = Field(False, description="the analysis predates the story's latest reports and is being rebuilt")
    timeline: list[TimelineEntry]
    figures: list[FigureGroup]
    briefing: list[Cited] = Field(description="extractive summary, every sentence cited")
    framings: list[Framing]
    confirmed: list[Statement] = Field(description="said by two or more independent sources")
    single_source: list[Statement] = Field(description="in several reports, but all of one source family")
    unique: list[Cited] = Field(description="said by one report only")
    cross_lingual: list[list[Cited]] = Field(description="the same statement in several languages")
    topic: list[TopicStory]
    history: list[StoryChange] = Field(description="merges and report moves that changed the story, oldest first")
    since: str | None = None
    new_since: list[Cited] | None = Field(None, description="with ?since=DATE: what reports after DATE added")


class ReportDetail(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    date_source: str | None = None
    lang: str | None = None
    url: str | None = None
    source: str
    revision: int
    story: int | None = None
    paragraphs: list[Paragraph]
    removed: list[RemovedParagraph]
    mentions: list[Mention]
    quotes: list[Quote]
    figures: list[Figure]
    text_dates: list[str]
    links: list[Link]
    flags: list[str] = Field(
        default_factory=list, description='"analysis truncated: ..." (only part was analysed), "decoded with ..."'
    )


class EntityDetail(BaseModel):
    entity: Entity
    reports: list[ReportSummary]
    quotes_by: list[QuoteRow]
    quotes_about: list[QuoteRow]


class SearchHit(BaseModel):
    report: ReportSummary
    paragraph: int | None = None
    text: str = Field(description="the matching paragraph (keyword) or the report's lead (semantic)")
    highlights: list[list[int]] = Field(default_factory=list, description="[start, end] of matched words in text")
    score: float
    story: int | None = None


class SearchResponse(BaseModel):
    q: str
    mode: str
    hits: list[SearchHit]


class IngestRequest(BaseModel):
    """A report to ingest: exactly one of text, html or url."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    id: str | None = None

    @field_validator("id")
    @classmethod
    def _usable_id(cls, value: str | None) -> str | None:
        refused = refused_id(value or "")
        if refused:
            raise ValueError(refused)
        return value

    @model_validator(mode="after")
    def _one_body(self) -> IngestRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'html' or 'url'")
        return self


class IngestResponse(BaseModel):
    added: list[str]
    revised: list[str]
    unchanged: int
    stories: dict[str, int | None] = Field(description="story of each added or revised report")


class ErrorResponse(BaseModel):
    detail: str
