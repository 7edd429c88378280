"""The HTML extraction evaluation reads pages as ``newsdesk ingest`` does and decodes its answers right."""

from __future__ import annotations

from pathlib import Path

from eval import readability

TEXT = "Größe des Hafens: 北京港 är större än Göteborgs hamn."


def _page(root: Path) -> Path:
    page = root / "page"
    page.mkdir()
    # The reviewed answer is UTF-8 and declares no charset, as in mozilla/readability's test pages.
    (page / "expected.html").write_text(f'<div id="readability-page-1"><p>{TEXT}</p></div>', encoding="utf-8")
    body = "<p>Größe: 12 Kräne, Överste Åsa Ström sade.</p>" * 3
    source = f'<html><head><meta charset="windows-1252"><title>Hamnen</title></head><body>{body}</body></html>'
    (page / "source.html").write_bytes(source.encode("cp1252"))
    return page


def test_expected_text_is_read_as_utf8(tmp_path: Path) -> None:
    assert readability._expected_text(_page(tmp_path)).strip() == TEXT


def test_source_is_decoded_by_its_declared_charset(tmp_path: Path) -> None:
    raw = readability._read_page(_page(tmp_path))
    text, title = readability._newsdesk(raw)
    assert title == "Hamnen"
    assert "Överste Åsa Ström" in text and "\ufffd" not in text


def test_token_f1_counts_cjk_characters_one_by_one() -> None:
    assert readability.token_f1("北京港", "北京") == 0.8
