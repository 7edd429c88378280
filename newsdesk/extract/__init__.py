"""Extraction: a raw report in, clean paragraphs and trustworthy metadata out.

``extract`` is the first pipeline stage and a pure function of its input
(plus the outlet's paragraph counts the caller read from the store).  HTML
goes through trafilatura, plain text through :func:`split_paragraphs`; both
then pass the same paragraph classifier, so repeated paragraphs, credits and
outlet boilerplate are handled alike.  Removed paragraphs are kept, with
their reason, for audit.

Metadata precedence, most trusted first:

* title: caller's hint, page metadata, a headline line (none when the text opens with prose);
* author: hint, page metadata, bylines ("By …", "Written By"), author bios;
* outlet: hint, page site name, a masthead line, an author bio, the URL host;
* published: hint (``date_source`` as the source says, else "metadata"),
  page metadata, a dateline at the head ("header"), a full date at the start
  of the text ("text"); otherwise unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from newsdesk.extract.blocks import split_paragraphs_with_blocks, unglue_headline
from newsdesk.extract.boilerplate import REASONS, classify, furniture_reason, paragraph_key
from newsdesk.extract.dates import date_line, find_dates, normalize_date
from newsdesk.extract.html import Page, read_html
from newsdesk.extract.lang import detect_lang, lang_scores
from newsdesk.model import Paragraph, RawReport, RemovedParagraph, Report
from newsdesk.sources.decode import repair_text

__all__ = ["REASONS", "NoText", "extract", "paragraph_key", "require_text"]

PARAGRAPH_LANG_MIN_SCORE = 0.5  # a less sure paragraph verdict defers to the report's language
# ... and so does a verdict the report's language comes close to: it takes the report's language unless the
# other is at least twice as likely (the prior that a report is written in one language; set, not fitted).
REPORT_LANG_ODDS = 0.5
LEAD_DATE_CHARS = 160  # a full date this close to the start of the text is a dateline


def _lang_code(hint: str | None) -> str | None:
    """ "en-US" → "en"; empty → None."""
    if not hint:
        return None
    return hint.replace("_", "-").split("-")[0].lower() or None


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class NoText(ValueError):
    """Nothing of the item is the report's own text: a per-item error, never an empty report."""


def require_text(report: Report, raw: RawReport) -> Report:
    """``report``, or :class:`NoText` when extraction left no paragraph (a page of navigation only)."""
    if report.paragraphs:
        return report
    what = "page" if raw.html is not None else "text"
    removed = f"; {len(report.removed)} blocks were navigation or boilerplate" if report.removed else ""
    raise NoText(f"no main text: nothing in this {what} is a report's own text{removed}")


def extract(raw: RawReport, outlet_counts: Mapping[str, int] | None = None) -> Report:
    """Clean text, removed paragraphs with reasons, language, title, outlet, author and dates."""
    report = Report(id=raw.id or "", source=raw.source, content_hash=raw.content_hash(), raw=raw.body, url=raw.url)
    report.flags = list(raw.flags)
    body, misread = repair_text(raw.html if raw.html is not None else raw.text or "")
    given_title, title_misread = repair_text(raw.title) if raw.title else (None, None)
    if misread or title_misread:
        report.flags.append(f"repaired mojibake: the text had been decoded wrongly before ({misread or title_misread})")
    blocks: list[int] | None = None  # HTML: the page's main text, no blank-line blocks
    if raw.html is not None:
        page = read_html(body, raw.url)
        texts = page.paragraphs
        if page.from_dom:
            blocks = list(range(len(texts)))
    else:
        headline, text = unglue_headline(body)
        page = Page(title=headline)
        texts, blocks = split_paragraphs_with_blocks(text)
    hint_lang = _lang_code(raw.lang) or _lang_code(page.lang)
    # A first guess for stopwords, from the longest paragraph: prose, not a menu in another language.
    guess_lang = hint_lang or detect_lang(max(texts, key=len, default=""))
    verdict = classify(texts, blocks, guess_lang, outlet_counts, title=given_title or page.title)

    _fill_paragraphs(report, texts, verdict.reasons, page.dropped)
    weights: dict[str, int] = {}
    scores = [lang_scores(paragraph.text) for paragraph in report.paragraphs]
    for paragraph, scored in zip(report.paragraphs, scores, strict=True):
        lang, score = next(iter(scored.items()), (None, 0.0))
        if lang and score >= PARAGRAPH_LANG_MIN_SCORE:
            paragraph.lang = lang
            weights[lang] = weights.get(lang, 0) + len(paragraph.text)
    # The report's language is that of most of its text; unsure paragraphs take it too, and so do paragraphs
    # where it is a close second (a short Swedish sentence scored Danish 0.52, Swedish 0.40).
    report.lang = hint_lang or max(weights, key=weights.__getitem__, default=None) or guess_lang
    for paragraph, scored in zip(report.paragraphs, scores, strict=True):
        best = paragraph.lang
        if best is None or scored.get(report.lang or "", 0.0) >= REPORT_LANG_ODDS * scored.get(best, 0.0):
            paragraph.lang = report.lang

    report.title = given_title or page.title or verdict.title
    report.author = raw.author or page.author or next(iter(verdict.bylines), None)
    report.outlet = (
        raw.outlet
        or page.sitename
        or next(iter(verdict.mastheads), None)
        or next(iter(verdict.bio_outlets), None)
        or _host(raw.url)
    )
    _date(report, raw, page, verdict.datelines)
    anchor = report.published
    found = [iso for p in report.paragraphs for _, _, iso in find_dates(p.text, p.lang or report.lang, anchor)]
    report.text_dates = sorted(set(found))
    return report


def _fill_paragraphs(
    report: Report, texts: list[str], reasons: list[str | None], dropped: list[tuple[int, str]]
) -> None:
    """Kept paragraphs and removed ones, in page order: what the HTML extractor dropped goes in its place."""
    sequence: list[tuple[str, str | None]] = []
    pending = iter(dropped)
    gap = next(pending, None)
    for index, (text, reason) in enumerate(zip(texts, reasons, strict=True)):
        while gap is not None and gap[0] <= index:
            sequence.append((gap[1], furniture_reason(gap[1]) or "not-main-text"))
            gap = next(pending, None)
        sequence.append((text, reason))
    for _, text in [gap, *pending] if gap else []:
        sequence.append((text, furniture_reason(text) or "not-main-text"))
    for position, (text, reason) in enumerate(sequence):
        if reason is None:
            report.paragraphs.append(Paragraph(index=len(report.paragraphs), text=text))
        else:
            report.removed.append(RemovedParagraph(position=position, text=text, reason=reason))


def _date(report: Report, raw: RawReport, page: Page, datelines: list[str]) -> None:
    """Publication date and its provenance; stays None when nothing establishes it."""
    candidates = [
        (normalize_date(raw.date), raw.date_source or "metadata"),
        (normalize_date(page.date), "metadata"),
        (next((d for line in datelines if (d := date_line(line, report.lang))), None), "header"),
    ]
    if report.paragraphs:
        lead = report.paragraphs[0].text[:LEAD_DATE_CHARS]
        full = [iso for _, _, iso in find_dates(lead, report.lang, None) if iso.count("-") == 2]
        candidates.append((full[0] if full else None, "text"))
    for published, source in candidates:
        if published:
            report.published, report.date_source = published, source
            return
