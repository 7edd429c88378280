"""Response and request models of the JSON API.

The model's dataclasses (Paragraph, Mention, Quote, ...) are used directly as
field types, so the API and the store can never drift apart; the classes here
add only what the views compute on top of them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from newsdesk.model import Entity, Figure, Link, Mention, Paragraph, Quote, RemovedParagraph


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


class Citation(BaseModel):
    report: str
    paragraph: int
    lang: str | None = None


class TimelineEntry(BaseModel):
    date: str
    kind: str = Field(description="'published' (a report came out) or 'mentioned' (a date named in a report)")
    report: str
    title: str | None = None


class FigureRow(BaseModel):
    figure: Figure
    report: str
    outlet: str | None = None
    lang: str | None = None
    conflict: bool = False


class FigureGroup(BaseModel):
    what: str = Field(description="what the figures count or measure")
    rows: list[FigureRow]
    conflict: bool = Field(description="sources give different values")


class QuoteRow(BaseModel):
    id: int
    quote: Quote
    report: str
    outlet: str | None = None
    lang: str | None = None


class SpeakerQuotes(BaseModel):
    speaker: str
    key: str | None = None
    quotes: list[QuoteRow]


class StatementPair(BaseModel):
    """One statement as reported in two languages."""

    left: QuoteRow
    right: QuoteRow
    score: float


class Place(BaseModel):
    key: str
    name: str
    lat: float
    lon: float
    mentions: int


class BriefingSentence(BaseModel):
    text: str
    lang: str | None = None
    citation: Citation


class StoryDetail(BaseModel):
    id: int
    label: str
    reports: list[ReportSummary]
    coverage: Coverage
    timeline: list[TimelineEntry]
    figures: list[FigureGroup]
    speakers: list[SpeakerQuotes]
    statements: list[StatementPair]
    places: list[Place]
    briefing: list[BriefingSentence] | None = Field(None, description="null until the story view module provides it")
    conflicts: list[dict] | None = Field(None, description="framing conflicts, from the story view module")


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
