"""``python -m eval.polnear --data DIR`` scores any folder of brat attributions, here one written for the test."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from eval.polnear import documents, main, parse_ann, place
from newsdesk.model import Paragraph, Quote, Report

TEXT = "Ines Kowalski said the ferry would run every hour.\n\n“We are ready,” the captain said.\n"


def brat(text: str) -> str:
    """Two attributions: indirect (Kowalski) and direct (the captain), with Source, Cue and Content spans."""

    def span(label: str, piece: str, n: int) -> str:
        start = text.index(piece)
        return f"T{n}\t{label} {start} {start + len(piece)}\t{piece}"

    return "\n".join(
        [
            span("Source", "Ines Kowalski", 1),
            span("Cue", "said", 2),
            span("Content", "the ferry would run every hour", 3),
            "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
            span("Source", "the captain", 4),
            span("Content", "“We are ready,”", 5),
            f"T6\tCue {text.rindex('said')} {text.rindex('said') + 4}\tsaid",
            "E2\tAttribution:T6 Source:T4 Cue:T6 Content:T5",
        ]
    )


def folder(root: Path, annotator_suffix: bool) -> Path:
    (root / "attributions").mkdir(parents=True)
    (root / "text").mkdir()
    (root / "text" / "ferry.txt").write_text(TEXT, encoding="utf-8")
    name = "ferry_a1.ann" if annotator_suffix else "ferry.ann"
    (root / "attributions" / name).write_text(brat(TEXT), encoding="utf-8")
    return root


def test_any_folder_is_scored_as_json(tmp_path: Path, capsys) -> None:
    for suffix in (True, False):
        data = folder(tmp_path / str(suffix), suffix)
        [(name, text, ann)] = list(documents(data))
        assert name == "ferry" and text == TEXT
        gold = parse_ann(ann, text)
        assert len(gold) == 2 and gold[1].direct and not gold[0].direct
        assert text[gold[1].cue[0][0] : gold[1].cue[0][1]] == "said"
        assert main(["--data", str(data), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["data"] == str(data)
        scores = out["scores"]
        assert scores["all content"]["gold"] == 2 and scores["direct content"]["gold"] == 1
        assert scores["all content"]["recall"] == 1.0 and scores["all speaker"]["recall"] == 1.0


def test_a_folder_without_annotations_is_an_error(tmp_path: Path, capsys) -> None:
    assert main(["--data", str(tmp_path), "--json"]) == 2
    assert "no attributions/" in capsys.readouterr().err


def test_spans_of_the_cli_report_go_back_to_the_text_through_collapsed_spaces() -> None:
    # what eval.fit_quotes scores: the reader turns runs of spaces into one, the gold offsets are the file's
    text = "The  mayor said   the bridge would reopen in May.\n"
    para = "The mayor said the bridge would reopen in May."
    report = Report(id="t", source="t", content_hash="", raw=text, lang="en", paragraphs=[Paragraph(0, para, "en")])
    start = para.index("the bridge")
    quote = Quote(
        0, start, len(para) - 1, para[start:-1], "indirect", speaker_paragraph=0, speaker_start=0, speaker_end=9
    )
    (placed,), offsets = place(report, [quote], text)
    assert text[offsets[0] + placed.start : offsets[0] + placed.end] == "the bridge would reopen in May"
    assert text[offsets[0] + placed.speaker_start : offsets[0] + placed.speaker_end] == "The  mayor"


@pytest.mark.parametrize(
    "garble",
    [lambda s: s.encode("utf-8").decode("latin-1"), lambda s: unicodedata.normalize("NFD", s)],
    ids=["mojibake", "decomposed"],
)
def test_spans_of_a_repaired_paragraph_go_back_to_the_garbled_text(garble) -> None:
    # the reader composes letters and repairs mojibake; the gold offsets are those of the file as it is
    para = "Mayor Zoë Lindqvist said the bridge would reopen in May."
    text = "Intro line.\n" + garble(para) + "\n"
    report = Report(id="t", source="t", content_hash="", raw=text, lang="en", paragraphs=[Paragraph(0, para, "en")])
    start = para.index("the bridge")
    quote = Quote(
        0, start, len(para) - 1, para[start:-1], "indirect", speaker_paragraph=0, speaker_start=0, speaker_end=19
    )
    (placed,), offsets = place(report, [quote], text)
    assert offsets[0] == len("Intro line.\n")
    assert text[offsets[0] + placed.start : offsets[0] + placed.end] == "the bridge would reopen in May"
    assert text[offsets[0] + placed.speaker_start : offsets[0] + placed.speaker_end] == garble("Mayor Zoë Lindqvist")
