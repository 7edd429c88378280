"""Which text of a report each vector is built from, and computing those vectors in batches.

Split from :mod:`newsdesk.stories.features` (the evidence and the pair
features): what is encoded, and the encoder cascade that keeps scoring cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.enrich.vectors import USEEncoder, cached_encode, get_encoder
from newsdesk.model import Report, text_hash

if TYPE_CHECKING:
    from newsdesk.store import Store

# Which vectors a report can get: key -> (encoder, text).  USE-m3 is fast enough
# for the text (what made it strongest on MMDS) and for the headline, which names
# the event most directly; e5 is ~30x slower, so it embeds the (short) headline,
# and the lead only where USE-m3 cannot read the language (see vector_keys).
VECTOR_TEXTS: dict[str, tuple[str, str]] = {
    "e5": ("e5", "lead"),
    "e5_title": ("e5", "title"),
    "usem3": ("usem3", "text"),
    "title": ("usem3", "title"),
}
TEXT_CHARS = 1000  # the "text" part is cut here: USE-m3's cost grows with length, its signal hardly does
# the "title" part too (a missing headline falls back to the first sentences, a misread one can run to 500 characters):
# e5 costs ~20 ms for a headline, ~100 ms for such a sentence, and pads a batch to its longest text
TITLE_CHARS = 120
LEAD_CHARS = 400  # characters of sentences in the lead (see lead_text)
# Sentence vectors only from the fast encoder: comparing sentences both ways
# (how well each sentence of one report is matched in the other) adds what a
# single document vector averages away.
SENTENCE_ENCODER = "usem3"


def lead_text(report: Report) -> str:
    """The report's lead: ``Report.lead`` (title and first three paragraphs), or for a report whose body is
    one paragraph, its title and first sentences up to LEAD_CHARS.

    A report given as one paragraph had its whole text for a lead (MMDS2025
    dev BCubed F1 0.948 -> 0.936 with each report as one paragraph).  LEAD_CHARS
    is the median length of a three-paragraph lead over the dev corpora, so a
    flat report's lead holds about as much as a paragraphed one's.  Reports
    with paragraphs keep the paragraph lead: cut by sentences instead, the
    Swedish seed's lead lost the sentence that names the event (and the seed its story).
    """
    body = [p for p in report.paragraphs if p.text != report.title]
    sentences = [s.text for s in report.sentences if s.text != report.title]
    if len(body) > 1 or not sentences:
        return report.lead
    text = _opening(sentences, LEAD_CHARS)
    return f"{report.title}. {text}" if report.title else text


def report_part(report: Report, part: str) -> str:
    """The ``part`` of a report that a vector is built from: "lead", "text" or "title"."""
    if part == "text":
        return (f"{report.title}\n{report.text}" if report.title else report.text)[:TEXT_CHARS]
    if part == "title":
        return (report.title or _opening(report_sentences(report), TITLE_CHARS))[:TITLE_CHARS]
    return lead_text(report)


def encoder_text(report: Report, encoder: str) -> str:
    """The text of ``report`` that ``encoder``'s report vector is built from ("e5": lead, "usem3": text)."""
    return report_part(report, VECTOR_TEXTS[encoder][1])


def encodable(report: Report, encoder: str) -> bool:
    """Whether the encoder reads the report's language (unknown language: assume yes)."""
    if encoder != USEEncoder.name or not report.lang:
        return True
    return report.lang.split("-")[0].lower() in USEEncoder.LANGUAGES


def vector_keys(report: Report) -> tuple[str, ...]:
    """The VECTOR_TEXTS a report gets for pair scoring: the encoder cascade.

    USE-m3 (text and headline) and e5 of the headline where USE-m3 reads the
    language; else e5 of the lead and headline.  e5 of a ~1,000-character lead
    costs ~400 ms of CPU, four times the rest of a report's analysis; its
    headline ~20 ms.  A pair with one report of each kind gets the e5 lead of
    the other as well (:func:`add_leads`).
    """
    if encodable(report, USEEncoder.name):
        return ("usem3", "title", "e5_title")
    return ("e5", "e5_title")


def report_vectors(
    store: Store | None,
    reports: Sequence[Report],
    keys: Iterable[str] | None = None,
    known: Mapping[str, Mapping[str, np.ndarray]] | None = None,
) -> list[dict[str, np.ndarray]]:
    """Each report's vectors by VECTOR_TEXTS key (``keys``, else :func:`vector_keys`), batched and cached in the store.

    ``known`` holds vectors already computed ({encoder: {text hash: vector}}, as the
    pipeline's analysis returns them), which are used instead of encoding again.
    """
    wanted = [tuple(keys) if keys is not None else vector_keys(r) for r in reports]
    out: list[dict[str, np.ndarray]] = [{} for _ in reports]
    for key in VECTOR_TEXTS:
        name, part = VECTOR_TEXTS[key]
        todo = [i for i, r in enumerate(reports) if key in wanted[i] and encodable(r, name)]
        texts = [report_part(reports[i], part) for i in todo]
        ready = (known or {}).get(name, {})
        missing = [t for t in texts if text_hash(t) not in ready]
        fresh = dict(zip(map(text_hash, missing), cached_encode(store, get_encoder(name), missing), strict=True))
        for i, h in zip(todo, map(text_hash, texts), strict=True):
            out[i][key] = ready[h] if h in ready else fresh[h]
    return out


def _opening(sentences: list[str], size: int) -> str:
    """The first sentences, joined, until they hold ``size`` characters (the one that reaches it included)."""
    head: list[str] = []
    held = 0
    for sentence in sentences:
        if held >= size:
            break
        head.append(sentence)
        held += len(sentence) + 1
    return " ".join(head)


def report_sentences(report: Report) -> list[str]:
    """The report's sentences, or its paragraphs when it has not been split."""
    return [s.text for s in report.sentences] or [p.text for p in report.paragraphs]


def sentence_vectors(store: Store | None, reports: Sequence[Report]) -> list[np.ndarray | None]:
    """SENTENCE_ENCODER vectors of each report's sentences (None where the language is not read)."""
    todo = [i for i, r in enumerate(reports) if encodable(r, SENTENCE_ENCODER) and report_sentences(r)]
    texts = [report_sentences(reports[i]) for i in todo]
    flat = cached_encode(store, get_encoder(SENTENCE_ENCODER), [t for group in texts for t in group])
    out: list[np.ndarray | None] = [None] * len(reports)
    start = 0
    for i, group in zip(todo, texts, strict=True):
        out[i] = flat[start : start + len(group)]
        start += len(group)
    return out
