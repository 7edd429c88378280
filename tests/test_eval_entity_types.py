"""``eval.entity_types``: ECB+ gold spans placed in the detokenised text, and the type newsdesk gives them."""

from __future__ import annotations

from pathlib import Path

from eval.entity_types import document, measure, named, token_offsets

XML = """<Document doc_name="9_1ecb.xml">
<token t_id="1" sentence="0" number="0">http</token><token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="1" number="0">Marta</token><token t_id="4" sentence="1" number="1">Veltkin</token>
<token t_id="5" sentence="1" number="2">,</token><token t_id="6" sentence="1" number="3">the</token>
<token t_id="7" sentence="1" number="4">mayor</token><token t_id="8" sentence="1" number="5">of</token>
<token t_id="9" sentence="1" number="6">Kestrel</token><token t_id="10" sentence="1" number="7">Bay</token>
<token t_id="11" sentence="1" number="8">,</token><token t_id="12" sentence="1" number="9">said</token>
<token t_id="13" sentence="1" number="10">``</token><token t_id="14" sentence="1" number="11">no</token>
<token t_id="15" sentence="1" number="12">''</token><token t_id="16" sentence="1" number="13">.</token>
<Markables>
<HUMAN_PART_PER m_id="1"><token_anchor t_id="3"/><token_anchor t_id="4"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="2"><token_anchor t_id="6"/><token_anchor t_id="7"/></HUMAN_PART_PER>
<LOC_GEO m_id="3"><token_anchor t_id="9"/><token_anchor t_id="10"/></LOC_GEO>
<ACTION_SAY m_id="4"><token_anchor t_id="12"/></ACTION_SAY>
</Markables>
</Document>
"""


def test_tokens_are_found_where_the_detokeniser_put_them() -> None:
    text, spans = token_offsets(["Veltkin", ",", "``", "no", "''", "."])
    assert text.startswith("Veltkin,")  # the detokeniser's own spacing, whatever it is
    assert [text[a:b] for a, b in spans] == ["Veltkin", ",", '"', "no", '"', "."]  # type: ignore[misc]


def test_only_spans_with_a_name_count() -> None:
    assert named(["Marta", "Veltkin"]) and named(["the", "Kestrel", "Bay"])
    assert not named(["the", "mayor"]) and not named(["The", "mayor"])


def test_a_document_gives_its_sentences_and_named_gold_spans(tmp_path: Path) -> None:
    topic = tmp_path / "9"
    topic.mkdir()
    (topic / "9_1ecb.xml").write_text(XML, encoding="utf-8")
    paragraphs, gold = document(topic / "9_1ecb.xml")
    assert len(paragraphs) == 1  # the URL sentence is dropped, as eval.datasets drops it
    found = {tag: paragraphs[p][a:b] for tag, (p, a, b) in gold}
    assert found == {"HUMAN_PART_PER": "Marta Veltkin", "LOC_GEO": "Kestrel Bay"}  # "the mayor" is no name
    result = measure(tmp_path)
    assert result["HUMAN_PART_PER"] == {"spans": 1, "found": 1.0, "types": {"person": 1}}
    assert result["LOC_GEO"]["spans"] == 1 and result["typed"]["found"] == 2
