"""The clustering evaluation's analysis cache (no ../shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval import clusters
from newsdesk.model import RawReport

ITEMS = [RawReport(source="mem#1", id="one", title="Floods", text="The river Almora flooded Kestrel Bay on Monday.")]


def test_analysis_is_cached_per_source_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = clusters.analyse

    def counting(raw: RawReport):
        calls.append(raw.id)
        return real(raw)

    monkeypatch.setattr(clusters, "analyse", counting)
    first = clusters.analysed("toy", ITEMS, tmp_path)
    again = clusters.analysed("toy", ITEMS, tmp_path)
    assert calls == ["one"] and again[0].text == first[0].text  # the second run read the cache
    monkeypatch.setattr(clusters, "_source_digest", lambda: "changed-code")
    clusters.analysed("toy", ITEMS, tmp_path)
    assert calls == ["one", "one"]  # other code: analysed again
    assert [p.name for p in tmp_path.glob("toy*.pickle")] == ["toy-changed-code.pickle"]  # the stale one is gone
