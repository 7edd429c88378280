"""Quotes and speakers on the bundled sample corpus (examples/sample), one check per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.enrich.quotes.finder import find_quotes
from newsdesk.extract import extract
from newsdesk.model import Quote, RawReport

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample"


def quotes_of(name: str) -> list[Quote]:
    path = SAMPLE / name
    text = path.read_text(encoding="utf-8")
    raw = RawReport(source=name, html=text) if path.suffix == ".html" else RawReport(source=name, text=text)
    return find_quotes(extract(raw))


@pytest.mark.parametrize(
    ("name", "fragment", "speaker"),
    [
        ("a1-sv-local.txt", "ingen chans", "Per Nyström"),  # dash speech
        ("a1-sv-local.txt", "vattnet skulle stiga", "Anna Berger"),  # ”…”, säger hon
        ("a2-de.txt", "Hauptdamm ist stabil", "Juri Kowalenko"),  # „…“, sagte X
        ("a2-de.txt", "Versagen eines Nebendamms", "Juri Kowalenko"),  # »…« after "Er sprach von": mixed
        ("b-fr.html", "vingt mètres", "Pierre Dufour"),  # « … », rappelle-t-il
        ("b-es.txt", "peligro", "Claire Morel"),  # «…», dijo la prefecta X
        ("a2-ru.txt", "строго по инструкции", "Коваленко"),  # «…», — сказал X
        ("a1-en-wire.txt", "controlled release", "Yuri Kovalenko"),
        ("a1-en-wire.txt", "water would rise slowly", "Anna Berger"),
    ],
)
def test_sample_quotes_have_their_speakers(name: str, fragment: str, speaker: str) -> None:
    # a quoted fragment shorter than a clause is part of its sentence's (mixed) attribution
    matches = [q for q in quotes_of(name) if fragment in q.text and q.kind in ("direct", "mixed")]
    assert matches, f"no quote with {fragment!r}"
    assert matches[0].speaker and speaker in matches[0].speaker


def test_two_people_sharing_a_surname_are_kept_apart() -> None:
    quotes = quotes_of("a1-en-herald.txt")
    inquiry = [q for q in quotes if "inquiry would look" in q.text]
    assert inquiry and inquiry[0].speaker == "Hanna Berger"
    warned = [q for q in quotes if "the water would rise slowly" in q.text]
    assert warned and warned[0].speaker != "Hanna Berger"
