"""Atom 1.0 feeds (RFC 4287): the story list, one story's reports, one watchlist's alerts.

A reader follows a story or a watchlist in any feed reader; every entry links
to the page it is about.  The XML is built with ElementTree, so every string
from a report is escaped.  Entry ids are the absolute URLs of the pages (and
an alert's anchor on the alerts page): stable as long as the desk is served
from the same address.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

import newsdesk
from newsdesk.web.deps import DeskDep

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
ENTRIES = 50
router = APIRouter(include_in_schema=False)
ET.register_namespace("", ATOM)


@dataclass
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str
    summary: str | None = None
    published: str | None = None
    author: str | None = None


def rfc3339(value: str | None, default: str | None = None) -> str:
    """A stored date or timestamp ("2026-03", "2026-03-02", ISO with offset) as an RFC 3339 date-time in UTC."""
    if not value:
        return default or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = value.strip()
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = value
    return element


def _link(parent: ET.Element, href: str, rel: str, type_: str | None = None) -> None:
    attributes = {"href": href, "rel": rel}
    if type_:
        attributes["type"] = type_
    ET.SubElement(parent, f"{{{ATOM}}}link", attributes)


def render(feed_id: str, title: str, self_url: str, page_url: str, entries: list[Entry], subtitle: str = "") -> bytes:
    """An Atom feed document: the feed's id, title, updated, author and links, then its entries."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "updated", max((e.updated for e in entries), default=rfc3339(None)))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "newsdesk")
    _link(feed, self_url, "self", "application/atom+xml")
    _link(feed, page_url, "alternate", "text/html")
    generator = _text(feed, "generator", "newsdesk")
    generator.set("version", str(getattr(newsdesk, "__version__", "0.1.0")))
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        _text(entry, "updated", e.updated)
        if e.published:
            _text(entry, "published", e.published)
        if e.author:
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", e.author)
        _link(entry, e.link, "alternate", "text/html")
        if e.summary:
            _text(entry, "summary", e.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _feed(body: bytes) -> Response:
    return Response(body, media_type=MEDIA_TYPE)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/stories.atom")
def stories_feed(request: Request, desk: DeskDep) -> Response:
    """The most recently changed live stories."""
    base = _base(request)
    rows = desk.store.db.execute(
        """SELECT s.id, s.label, s.updated_at, s.created_at, COUNT(sr.report_id) n, MIN(r.published) first,
                  MAX(r.published) last
           FROM stories s JOIN story_reports sr ON sr.story_id=s.id JOIN reports r ON r.id=sr.report_id
           WHERE s.merged_into IS NULL GROUP BY s.id ORDER BY s.updated_at DESC, s.id DESC LIMIT ?""",
        (ENTRIES,),
    ).fetchall()
    entries = [
        Entry(
            id=f"{base}/stories/{r['id']}",
            title=r["label"] or f"Story {r['id']}",
            updated=rfc3339(r["updated_at"]),
            published=rfc3339(r["created_at"]),
            link=f"{base}/stories/{r['id']}",
            summary=f"{r['n']} report{'s' if r['n'] != 1 else ''}"
            + (f", {r['first']} – {r['last']}" if r["first"] else ""),
        )
        for r in rows
    ]
    return _feed(render(f"{base}/stories.atom", "newsdesk: stories", f"{base}/stories.atom", f"{base}/", entries))


@router.get("/stories/{story_id}.atom", response_model=None)
def story_feed(
    request: Request, desk: DeskDep, story_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> Response | RedirectResponse:
    """A story's reports, newest first; a merged story's feed leads to the story it became."""
    live = desk.live_story(story_id)
    if live is None:
        raise HTTPException(404, f"There is no story {story_id}.")
    if live != story_id:
        return RedirectResponse(f"/stories/{live}.atom", status_code=301)
    base = _base(request)
    story = desk.store.get_story(live)
    assert story is not None
    rows = desk.store.db.execute(
        """SELECT r.id, r.title, r.outlet, r.author, r.published, r.ingested_at,
                  (SELECT text FROM paragraphs p WHERE p.report_id=r.id ORDER BY idx LIMIT 1) lead
           FROM story_reports sr JOIN reports r ON r.id=sr.report_id WHERE sr.story_id=?
           ORDER BY r.ingested_at DESC, r.id LIMIT ?""",
        (live, ENTRIES),
    ).fetchall()
    entries = [
        Entry(
            id=f"{base}/reports/{_path(r['id'])}",
            title=r["title"] or r["id"],
            updated=rfc3339(r["ingested_at"]),
            published=rfc3339(r["published"]) if r["published"] else None,
            author=r["author"] or r["outlet"],
            link=f"{base}/reports/{_path(r['id'])}",
            summary=(r["outlet"] + ": " if r["outlet"] else "") + (r["lead"] or ""),
        )
        for r in rows
    ]
    label = story.label or f"Story {live}"
    url = f"{base}/stories/{live}"
    return _feed(render(f"{url}.atom", label, f"{url}.atom", url, entries, f"The reports of story {live}"))


@router.get("/watchlists/{name}.atom")
def watchlist_feed(request: Request, desk: DeskDep, name: Annotated[str, Path(max_length=64)]) -> Response:
    """A watchlist's alerts, newest first, each linking to its report (or story)."""
    found = next((w for w in desk.watchlists() if w.name == name), None)
    if found is None:
        raise HTTPException(404, f"There is no watchlist {name!r}.")
    base = _base(request)
    entries = []
    for alert in desk.alerts(watchlist=name, limit=ENTRIES):
        target = f"/reports/{_path(alert.report)}" if alert.report else f"/stories/{alert.story}"
        entries.append(
            Entry(
                id=f"{base}/alerts#alert-{alert.id}",
                title=alert.text,
                updated=rfc3339(alert.at),
                link=base + (target if alert.report or alert.story else f"/alerts#alert-{alert.id}"),
                summary=f"{found.kind} watchlist {name}: {alert.kind}",
            )
        )
    url = f"{base}/watchlists/{name}.atom"
    title = f"newsdesk: watchlist {name}"
    return _feed(render(url, title, url, f"{base}/alerts?watchlist={name}", entries, f"{found.kind}: {found.value}"))


def _path(report_id: str) -> str:
    return quote(report_id, safe="")
