"""Batched analysis: spaCy's calls are pooled across reports, the result stays that of each report alone."""

from __future__ import annotations

import pytest

from newsdesk import pipeline
from newsdesk.enrich.entities.mentions import find_mentions, find_mentions_batch
from newsdesk.enrich.sentences import split_sentences
from newsdesk.model import ItemError, Paragraph, RawReport, Report

# Invented reports: English, Swedish, German, a mixed one, one without capitalised words and an empty one.
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "en",
        [
            ("Flooding closes the port of Rotterdam", "en"),
            (
                "The harbour master Ingrid Vasquez said on Tuesday that the Northern Shipping Authority (NSA) "
                "would keep the port of Rotterdam closed until Friday.",
                "en",
            ),
            ("Vasquez added that the NSA had asked the Dutch navy for help. Officials in Amsterdam agreed.", "en"),
        ],
    ),
    (
        "sv",
        [
            ("Statsministern Karin Lindqvist besökte Göteborg på onsdagen.", "sv"),
            ("Lindqvist sa att regeringen ska ge Trafikverket mer pengar.", "sv"),
        ],
    ),
    (
        "de",
        [
            ("Der Bürgermeister von Hamburg, Thomas Keller, eröffnete am Montag die neue Brücke.", "de"),
            ("Keller sagte, die Stadt habe mit der Deutschen Bahn verhandelt.", "de"),
        ],
    ),
    (
        "en",
        [
            ("Senator Paul Okafor met the mayor of Lagos on Sunday to discuss the new airport.", "en"),
            ("„Das ist ein guter Tag“, sagte Okafor später in Berlin.", "de"),
            ("Okafor will travel to Nairobi next week, his spokesman Daniel Mbeki said.", "en"),
        ],
    ),
    ("en", [("it rained all day and nobody went out.", "en")]),
    ("en", []),
]


def make_report(i: int, lang: str, paragraphs: list[tuple[str, str]]) -> Report:
    raw = "\n\n".join(text for text, _ in paragraphs)
    report = Report(id=f"r{i}", source=f"r{i}.txt", content_hash=f"h{i}", raw=raw, lang=lang)
    report.paragraphs = [Paragraph(k, text, plang) for k, (text, plang) in enumerate(paragraphs)]
    report.sentences = split_sentences(report)
    return report


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    return [make_report(i, lang, paragraphs) for i, (lang, paragraphs) in enumerate(TEXTS)]


def test_the_batch_gives_each_report_its_own_mentions(reports: list[Report]) -> None:
    alone = [find_mentions(r) for r in reports]
    assert any(m.source == "spacy" for m in alone[0])  # spaCy did take part
    assert find_mentions_batch(reports) == alone
    assert find_mentions_batch(reports[::-1]) == alone[::-1]  # neighbours do not matter
    assert find_mentions_batch([reports[3], reports[0], reports[3]]) == [alone[3], alone[0], alone[3]]
    assert find_mentions_batch([]) == []


RAWS = [
    RawReport(
        source="a", title="Storm hits Lisbon", text="Officials in Lisbon said on Monday that 20 people were hurt."
    ),
    RawReport(source="b", title="Mayor resigns", text="The mayor of Porto, Rui Almeida, resigned on Friday."),
    RawReport(source="c", title="Rail strike", text="Train drivers in Lyon went on strike, the union CGT said."),
]


def no_vectors(report: Report) -> dict[str, dict[str, object]]:
    return {}


def test_the_batched_job_equals_one_job_per_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "precompute_vectors", no_vectors)
    jobs = [(raw, None) for raw in RAWS]
    assert pipeline._analyse_jobs(jobs) == [pipeline._analyse_jobs([job])[0] for job in jobs]


def test_a_failing_report_does_not_fail_its_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "precompute_vectors", no_vectors)
    jobs = [(raw, None) for raw in RAWS]
    expected = pipeline._analyse_jobs(jobs)

    def broken_batch(reports: list[Report]) -> list[object]:
        raise RuntimeError("spaCy fell over")

    monkeypatch.setattr(pipeline, "find_mentions_batch", broken_batch)
    assert pipeline._analyse_jobs(jobs) == expected  # falls back to one report at a time

    real = pipeline.find_mentions

    def fails_on_porto(report: Report) -> list[object]:
        if "Porto" in report.raw:
            raise ValueError("bad report")
        return real(report)

    monkeypatch.setattr(pipeline, "find_mentions", fails_on_porto)
    got = pipeline._analyse_jobs(jobs)
    assert isinstance(got[1], ItemError) and got[1].source == "b" and "bad report" in got[1].reason
    assert got[0] == expected[0] and got[2] == expected[2]
