"""Pipeline glue: identities, attribution linking, ingest outcomes."""

from __future__ import annotations

from newsdesk.model import Figure, Mention, Quote, RawReport, Report
from newsdesk.pipeline import identity_of, link_attributions


def _report() -> Report:
    return Report(
        id="r",
        source="r.txt",
        content_hash="h",
        raw="",
        mentions=[
            Mention(0, 0, 10, "Anna Berger", "person", key="person:anna-berger"),
            Mention(1, 0, 11, "Hanna Berger", "person", key="person:hanna-berger"),
            Mention(2, 0, 6, "Kovalenko", "person", key="person:yuri-kovalenko"),
        ],
        quotes=[
            Quote(3, 0, 5, "We were told", "direct", speaker="Anna Berger"),
            Quote(3, 10, 20, "controlled", "direct", speaker="Yuri Kovalenko"),
            Quote(3, 30, 40, "unclear", "direct", speaker="Berger"),  # two Bergers: stays unlinked
            Quote(4, 0, 5, "x", "direct", speaker="she", speaker_paragraph=1, speaker_start=0, speaker_end=5),
        ],
        figures=[Figure(3, 0, 3, "40 homes", 40.0, claimant="Yuri Kovalenko")],
    )


def test_quotes_and_figures_get_the_entity_of_their_speaker():
    report = _report()
    link_attributions(report)
    assert [q.speaker_key for q in report.quotes] == [
        "person:anna-berger",
        "person:yuri-kovalenko",
        None,
        "person:hanna-berger",
    ]
    assert report.figures[0].claimant_key == "person:yuri-kovalenko"


def test_a_place_in_the_speaker_span_is_the_speaker_only_when_named_alone():
    text = "Ukraine's president Oksana Lind said the dam held. Ukraine said the dam held. Jolanta, 22, told us."
    mentions = [
        Mention(0, 0, 7, "Ukraine", "place", key="place:ukraine"),
        Mention(0, 20, 31, "Oksana Lind", "person", key="person:oksana-lind"),
        Mention(0, 51, 58, "Ukraine", "place", key="place:ukraine"),
        Mention(0, 80, 87, "Jolanta", "place", key="place:jolanta"),  # a tagger's mistake
    ]
    spans = [(0, 31, "Oksana Lind"), (51, 58, "Ukraine"), (80, 87, "Jolanta")]
    quotes = [
        Quote(0, 0, 5, "the dam held", "indirect", speaker=name, speaker_paragraph=0, speaker_start=a, speaker_end=b)
        for a, b, name in spans
    ]
    report = Report(id="r", source="r.txt", content_hash="h", raw=text, mentions=mentions, quotes=quotes)
    link_attributions(report)
    assert [q.speaker_key for q in report.quotes] == ["person:oksana-lind", "place:ukraine", None]


def test_identity_prefers_url_then_path_then_batch_row(tmp_path):
    assert identity_of(RawReport(source="a.txt", text="x", url="http://example.org/a")) == "http://example.org/a"
    assert identity_of(RawReport(source=str(tmp_path / "a.txt"), text="x")) == str(tmp_path / "a.txt")
    row = identity_of(RawReport(source=f"{tmp_path}/b.jsonl#3", text="x", id="row-7"))
    assert row == f"{tmp_path}/b.jsonl#row-7"
    stdin_a = identity_of(RawReport(source="stdin", text="one"))
    assert stdin_a != identity_of(RawReport(source="stdin", text="two"))
