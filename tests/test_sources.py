"""Ingestion sources: headers, encodings, batch files, feeds, per-item errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.model import ItemError, RawReport
from newsdesk.sources.decode import DecodeError, decode_bytes, repair_text
from newsdesk.sources.items import iter_sources, read_header


def test_header_block_with_colons_is_metadata():
    meta, body = read_header("date: 2026-03-14\noutlet: Harbour Gazette\n\nHeadline\n\nBody text.")
    assert meta == {"date": "2026-03-14", "outlet": "Harbour Gazette"}
    assert body.startswith("Headline")


def test_compact_date_prefix_on_the_first_text_line():
    meta, body = read_header(" date 2023-05 Since the war began the town was shelled.\n\nMore.")
    assert meta == {"date": "2023-05"}
    assert body.startswith("Since the war began")


def test_body_lines_that_look_like_headers_are_left_alone():
    text = "A headline\n\nDate: the meeting is on Friday."
    meta, body = read_header(text)
    assert meta == {}
    assert body == text


def test_cp1252_is_decoded():
    assert decode_bytes("Zürich café – “quoted”".encode("cp1252")) == "Zürich café – “quoted”"


def test_utf16_with_bom_is_decoded():
    assert decode_bytes("Malmö".encode("utf-16")) == "Malmö"


@pytest.mark.parametrize(
    ("meant", "misread_as"),
    [
        ("Horoz dövüşü yaptıran zanlılar yakalandı", "latin-1"),  # Turkish, as a scraped CSV carried it
        ("Der Stadtrat in München beschließt zwölf neue Radwege", "cp1252"),
        ("Les électeurs ont voté à Paris – « un nouveau maire »", "cp1252"),
    ],
)
def test_text_decoded_with_the_wrong_code_page_upstream_is_repaired(meant: str, misread_as: str):
    garbled = meant.encode("utf-8").decode(misread_as)
    assert garbled != meant
    fixed, how = repair_text(garbled)
    assert fixed == meant
    assert how is not None and how.startswith("utf-8 read as")


def test_decomposed_letters_are_composed_without_a_mojibake_flag():
    # "Peña" written as n + combining tilde: the mark is no word character, so tokenizers cut the name in two
    assert repair_text("Enrique Pen\u0303a Nieto said") == ("Enrique Peña Nieto said", None)


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII text.",
        "Zürich café – “quoted” naïve façade",
        "W Gdańsku – „cytat”, powiedział",
        "Президент заявил в Москве «о переговорах»",
        "¿Qué pasó? ¡Sí! Ça va, Øresund, Ærø",
        "上海市政府周三宣布新的规定。",
        "Flood\x1b[2J\x9b31m warning",  # a C1 control is no Windows-1252 letter misread: it stays for the output to neutralise
    ],
)
def test_correct_text_in_any_script_is_left_alone(text: str):
    assert repair_text(text) == (text, None)


@pytest.mark.parametrize("data", [b"", b"   \n\t", bytes(range(256)) * 4, b"\x00\x01\x02PK\x03\x04" * 100])
def test_empty_and_binary_are_refused(data: bytes):
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_jsonl_rows_and_bad_lines(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    rows = [
        json.dumps({"id": "a1", "title": "One", "text": "First text.", "lang": "en", "date": "2026-01-02"}),
        "{not json",
        json.dumps({"id": "a2", "title": "No text"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3", "html": "<p>Third</p>", "outlet": "Example"}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = list(iter_sources([str(path)]))
    good = [i for i in items if isinstance(i, RawReport)]
    bad = [i for i in items if isinstance(i, ItemError)]
    assert [r.id for r in good] == ["a1", "a3"]
    assert good[0].date == "2026-01-02" and good[1].html == "<p>Third</p>"
    assert [e.source.rsplit("#", 1)[1] for e in bad] == ["2", "3", "4"]
    # a record that parsed keeps its own id in the error, so output keyed by id can name it
    assert [e.id for e in bad] == [None, "a2", None]


def test_csv_rows(tmp_path: Path):
    path = tmp_path / "batch.csv"
    path.write_text('id,title,text,outlet\nx1,Title,"Body, with comma.",Paper\nx2,Empty,,Paper\n', encoding="utf-8")
    items = list(iter_sources([str(path)]))
    assert isinstance(items[0], RawReport) and items[0].text == "Body, with comma." and items[0].outlet == "Paper"
    assert isinstance(items[1], ItemError) and items[1].id == "x2"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>http://example.org/</link>
<item><title>Storm closes the port</title><link>http://example.org/storm</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>The port was closed on Tuesday.</description></item>
<item><title>Ferries resume</title><link>http://example.org/ferries</link>
<pubDate>Wed, 04 Mar 2026 08:30:00 GMT</pubDate>
<description>&lt;p&gt;Ferries sailed again on &lt;b&gt;Wednesday&lt;/b&gt;.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nordic Wire</title><id>urn:wire</id>
<updated>2026-03-05T12:00:00Z</updated>
<entry><title>Bridge reopens</title><link href="http://example.org/bridge"/><id>urn:wire:1</id>
<updated>2026-03-05T12:00:00Z</updated><author><name>Eva Lund</name></author>
<summary>The bridge reopened after repairs.</summary></entry>
</feed>"""


def test_rss_feed_items_have_titles_links_and_dates(tmp_path: Path):
    path = tmp_path / "gazette.xml"
    path.write_text(RSS, encoding="utf-8")
    items = list(iter_sources([str(path)]))
    assert all(isinstance(i, RawReport) for i in items)
    assert [(i.title, i.url, i.date) for i in items] == [
        ("Storm closes the port", "http://example.org/storm", "2026-03-03"),
        ("Ferries resume", "http://example.org/ferries", "2026-03-04"),
    ]
    assert items[0].outlet == "Harbour Gazette"
    assert items[0].text and items[1].html and "<b>" in items[1].html


def test_atom_feed(tmp_path: Path):
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    [item] = list(iter_sources([str(path)]))
    assert isinstance(item, RawReport)
    assert (item.title, item.url, item.date, item.author) == (
        "Bridge reopens",
        "http://example.org/bridge",
        "2026-03-05",
        "Eva Lund",
    )


def test_malformed_feed_is_an_item_error(tmp_path: Path):
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><item><title>cut off", encoding="utf-8")
    items = list(iter_sources([str(path)]))
    assert len(items) == 1 and isinstance(items[0], ItemError)


def test_missing_path_is_an_item_error():
    [item] = list(iter_sources(["/nonexistent/newsdesk/file.txt"]))
    assert isinstance(item, ItemError) and "no such file" in item.reason
