"""The gazetteer's on-disk index cache: same index back, rebuilt when missing or damaged, never trusted blindly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.enrich.entities import gazetteer
from newsdesk.enrich.entities.gazetteer import Place

SMALL = {
    "lisbon": Place("Lisbon", "city", "PT", 38.72, -9.13, 517802),
    "lisboa": Place("Lisbon", "city", "PT", 38.72, -9.13, 517802),
    "portugal": Place("Portugal", "country", "PT"),
    "rio de janeiro": Place("Rio de Janeiro", "city", "BR", -22.91, -43.18, 6747815),
}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path))
    _clear()
    yield tmp_path
    _clear()  # later tests load the real index again


def _clear() -> None:
    for cached in (gazetteer._index, gazetteer._multiword_heads, gazetteer.max_alias_tokens):
        cached.cache_clear()


def test_index_is_built_once_then_read_from_disk(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "_build", lambda: dict(SMALL))
    assert gazetteer.lookup("Lisboa") == SMALL["lisbon"]
    assert gazetteer.cache_file().parent == cache_dir and gazetteer.cache_file().exists()

    def fail() -> dict[str, Place]:
        raise AssertionError("rebuilt although the cache was there")

    gazetteer._index.cache_clear()
    monkeypatch.setattr(gazetteer, "_build", fail)
    assert gazetteer._index() == SMALL
    assert gazetteer.lookup("PORTUGAL") == Place("Portugal", "country", "PT")


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"places": [["x"]], "index": {"a": 5}}'])
def test_a_damaged_cache_is_rebuilt_and_replaced(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    path = gazetteer.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(gazetteer, "_build", lambda: dict(SMALL))
    assert gazetteer._index() == SMALL
    assert gazetteer._read(path) == SMALL


def test_stale_versions_are_removed_and_no_temporary_file_is_left(cache_dir: Path) -> None:
    stale = cache_dir / "gazetteer-0000000000000000.json"
    stale.write_text("{}", encoding="utf-8")
    gazetteer._write(gazetteer.cache_file(), SMALL)
    assert [p.name for p in cache_dir.iterdir()] == [gazetteer.cache_file().name]


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(blocker / "sub"))  # a directory cannot be made inside a file
    gazetteer._write(gazetteer.cache_file(), SMALL)
    assert gazetteer._read(gazetteer.cache_file()) is None


def test_only_first_words_of_longer_names_ask_for_longer_lookups(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gazetteer, "_build", lambda: dict(SMALL))
    assert gazetteer.may_start_longer_name("Rio") and gazetteer.may_start_longer_name("RIO")
    assert not gazetteer.may_start_longer_name("Lisbon") and not gazetteer.may_start_longer_name("Janeiro")
    assert gazetteer.max_alias_tokens() == 3
