"""A small invented store for the web tests, filled directly (no pipeline, no models).

Two stories: a harbour flood reported in English (twice: an original and a
wire copy) and in Swedish, with a quote, figures that disagree and places;
and a hostile report whose every field tries to inject markup.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsdesk.model import Entity, Figure, Link, Mention, Paragraph, Quote, RemovedParagraph, Report, text_hash
from newsdesk.store import Store, now
from newsdesk.views.story import refresh_views

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
FAKE_ENCODER = "fake-test"

EN_P1 = "Floodwater reached 300 homes in Gothenburg on Saturday, the Harbour Authority said."
EN_P2 = '"We have never seen the river this high," said Maria Lindqvist, the authority\'s director.'
SV_P1 = "Vattnet nådde 400 hus i Göteborg på lördagen, enligt hamnmyndigheten."
SV_P2 = "– Vi har aldrig sett älven så hög, säger Maria Lindqvist, myndighetens chef."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _report(rid: str, lang: str, outlet: str, paragraphs: list[str], **extra: object) -> Report:
    return Report(
        id=rid,
        source=f"test/{rid}.txt",
        content_hash=text_hash(rid + "".join(paragraphs)),
        raw="\n\n".join(paragraphs),
        outlet=outlet,
        lang=lang,
        paragraphs=[Paragraph(i, t, lang) for i, t in enumerate(paragraphs)],
        **extra,  # type: ignore[arg-type]
    )


def _mention(paragraphs: list[str], p: int, surface: str, type_: str, key: str) -> Mention:
    return Mention(p, *_span(paragraphs[p], surface), surface, type_, key, "test")  # type: ignore[arg-type]


def flood_reports() -> list[Report]:
    en = [EN_P1, EN_P2]
    sv = [SV_P1, SV_P2]
    en_report = _report(
        "en-herald", "en", "Coast Herald", en, title="Harbour flood reaches homes", published="2024-03-02",
        text_dates=["2024-03-01"],
        removed=[RemovedParagraph(2, "Subscribe to our newsletter", "boilerplate")],
        mentions=[
            _mention(en, 0, "Gothenburg", "place", "place:gothenburg"),
            _mention(en, 0, "Harbour Authority", "org", "org:harbour-authority"),
            _mention(en, 1, "Maria Lindqvist", "person", "person:maria-lindqvist"),
        ],
        quotes=[Quote(1, *_span(EN_P2, "We have never seen the river this high"), "We have never seen the river this high",
                      "direct", "Maria Lindqvist", "person:maria-lindqvist", "said", 1, *_span(EN_P2, "Maria Lindqvist"))],
        figures=[Figure(0, *_span(EN_P1, "300 homes"), "300 homes", 300, "exact", counted="homes", counted_key="homes")],
    )  # fmt: skip
    copy = _report(
        "en-wire", "en", "Wire Service", en, title="Harbour flood reaches homes", published="2024-03-02",
        mentions=list(en_report.mentions),
    )  # fmt: skip
    sv_report = _report(
        "sv-kust", "sv", "Kustposten", sv, title="Översvämning i hamnen", published="2024-03-03",
        mentions=[
            _mention(sv, 0, "Göteborg", "place", "place:gothenburg"),
            _mention(sv, 1, "Maria Lindqvist", "person", "person:maria-lindqvist"),
        ],
        quotes=[Quote(1, *_span(SV_P2, "Vi har aldrig sett älven så hög"), "Vi har aldrig sett älven så hög",
                      "direct", "Maria Lindqvist", "person:maria-lindqvist", "säger", 1, *_span(SV_P2, "Maria Lindqvist"))],
        figures=[Figure(0, *_span(SV_P1, "400 hus"), "400 hus", 400, "exact", counted="hus", counted_key="homes")],
    )  # fmt: skip
    return [en_report, copy, sv_report]


def hostile_report() -> Report:
    p0 = f"Breaking {HOSTILE_SCRIPT} news from the port."
    p1 = f"An image {HOSTILE_IMG} and a quote."
    return _report(
        "hostile", "en", '"><script>alert(2)</script>', [p0, p1], title=HOSTILE_SCRIPT, published="2024-04-01",
        url="javascript:alert(3)", author=HOSTILE_IMG,
        removed=[RemovedParagraph(0, HOSTILE_IMG, "<b>reason</b>")],
        mentions=[Mention(0, *_span(p0, HOSTILE_SCRIPT), HOSTILE_SCRIPT, "org", '"><b>key</b>?#/x', "test")],
        quotes=[Quote(1, *_span(p1, HOSTILE_IMG), HOSTILE_IMG, "direct", HOSTILE_SCRIPT)],
    )  # fmt: skip


ENTITIES = [
    Entity("place:gothenburg", "Gothenburg", "place", ["Gothenburg", "Göteborg"], 57.707, 11.967, "SE"),
    Entity("org:harbour-authority", "Harbour Authority", "org", ["Harbour Authority"]),
    Entity("person:maria-lindqvist", "Maria Lindqvist", "person", ["Maria Lindqvist"]),
    Entity('"><b>key</b>?#/x', HOSTILE_SCRIPT, "org", [HOSTILE_IMG]),
]

# Toy vectors: the flood reports (in either language) point one way, the hostile one another.
VECTORS = {"en-herald": [1.0, 0.1, 0.0], "en-wire": [1.0, 0.1, 0.0], "sv-kust": [0.9, 0.0, 0.2], "hostile": [0, 1.0, 0]}


class FakeEncoder:
    """Maps texts about floods to the flood direction, anything else elsewhere."""

    name = FAKE_ENCODER
    dim = 3

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [[1.0, 0.0, 0.1] if "flood" in t.lower() else [0.0, 0.0, 1.0] for t in texts]
        return np.asarray(rows, dtype=np.float32)


def build_store(path: Path) -> str:
    """Create and fill the test store; returns its path."""
    store = Store(path)
    with store:
        for entity in ENTITIES:
            store.upsert_entity(entity)
        reports = [*flood_reports(), hostile_report()]
        for report in reports:
            store.save_report(report, report.source)
        stamp = now()
        with store.transaction() as db:
            db.execute("INSERT INTO stories (id, label, created_at, updated_at) VALUES (1, '', ?, ?)", (stamp, stamp))
            db.execute(
                "INSERT INTO stories (id, label, created_at, updated_at) VALUES (2, ?, ?, ?)",
                (HOSTILE_IMG, stamp, stamp),
            )
            for rid, story in (("en-herald", 1), ("en-wire", 1), ("sv-kust", 1), ("hostile", 2)):
                db.execute("INSERT INTO story_reports (report_id, story_id, score) VALUES (?,?,1)", (rid, story))
            store.add_link(Link("en-wire", "en-herald", "duplicate", 1.0))
            ids = {r["report_id"]: r["id"] for r in db.execute("SELECT id, report_id FROM quotes")}
            db.execute("INSERT INTO quote_links VALUES (?,?,0.91)", (ids["en-herald"], ids["sv-kust"]))
        vectors = {rid: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for rid, v in VECTORS.items()}
        store.put_vectors(FAKE_ENCODER, {f"h-{rid}": v for rid, v in vectors.items()})
        with store.transaction():
            for rid in vectors:
                store.set_report_vector(rid, FAKE_ENCODER, f"h-{rid}")
        refresh_views(store)  # as an ingest does: pages only read the views
    return str(path)
