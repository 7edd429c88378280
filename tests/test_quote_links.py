"""Linking the same statement across reports from precomputed vectors and speaker agreement."""

from __future__ import annotations

import numpy as np

from newsdesk.enrich.quotes.links import link_quotes, speaker_agreement
from newsdesk.model import Quote


def q(text: str, speaker: str | None = None, key: str | None = None) -> Quote:
    return Quote(paragraph=0, start=0, end=len(text), text=text, kind="direct", speaker=speaker, speaker_key=key)


def unit(*rows: list[float]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_speaker_agreement() -> None:
    assert speaker_agreement(q("x", "Anna Petrova"), q("x", "Ms Petrova")) == 1
    assert speaker_agreement(q("x", "Anna Petrova"), q("x", "Jonas Weber")) == -1
    assert speaker_agreement(q("x", "the ministry"), q("x", "Jonas Weber")) == 0
    assert speaker_agreement(q("x", None), q("x", "Jonas Weber")) == 0
    assert speaker_agreement(q("x", "A", key="k1"), q("x", "B", key="k1")) == 1


def test_mutual_best_links_across_reports_only() -> None:
    quotes = [
        ("r1", q("we will rebuild the bridge soon", "Anna Petrova")),
        ("r1", q("the budget is already spent today", "Jonas Weber")),
        ("r2", q("the bridge will be rebuilt soon", "Ms Petrova")),
        ("r2", q("we will rebuild the bridge soon too", "Anna Petrova")),  # same report as its twin: no self-links
    ]
    vectors = unit([1, 0, 0], [0, 1, 0], [0.99, 0.05, 0], [0.98, 0, 0.1])
    links = link_quotes(quotes, vectors, thresholds=(0.9, 0.95))
    assert [(i, j) for i, j, _ in links] == [(0, 2)] or [(i, j) for i, j, _ in links] == [(0, 3)]
    assert all(quotes[i][0] != quotes[j][0] for i, j, _ in links)


def test_different_named_speakers_are_never_linked_and_unsure_needs_more() -> None:
    quotes = [("r1", q("we will win this war", "Anna Petrova")), ("r2", q("we will win this war", "Jonas Weber"))]
    vectors = unit([1, 0], [1, 0.01])
    assert link_quotes(quotes, vectors, thresholds=(0.5, 0.5)) == []
    unsure = [("r1", q("we will win this war", "the ministry")), ("r2", q("we will win this war", None))]
    assert link_quotes(unsure, unit([1, 0], [1, 0.3]), thresholds=(0.9, 0.99)) == []
    assert len(link_quotes(unsure, unit([1, 0], [1, 0.3]), thresholds=(0.9, 0.9))) == 1


def test_short_phrases_are_not_linked() -> None:
    quotes = [("r1", q("a rout", "Anna Petrova")), ("r2", q("a rout", "Anna Petrova"))]
    assert link_quotes(quotes, unit([1, 0], [1, 0])) == []


class _FakeEncoder:
    """Vectors by first word, so that quotes sharing it are the same statement."""

    name = "fake-quotes"
    dim = 3

    def encode(self, texts: list[str]) -> np.ndarray:
        table = {"harbour": [1, 0, 0], "taxes": [0, 1, 0]}
        return unit(*[table.get(t.split()[0].lower(), [0, 0, 1]) for t in texts])


def test_link_stored_quotes_writes_links(tmp_path) -> None:
    from newsdesk.enrich.quotes.links import link_stored_quotes
    from newsdesk.model import Paragraph, Report
    from newsdesk.store import Store

    def rep(rid: str, text: str, speaker: str) -> Report:
        quote = q(text, speaker)
        return Report(id=rid, source=rid, content_hash=rid, raw=text, paragraphs=[Paragraph(0, text)], quotes=[quote])

    with Store(tmp_path / "l.db") as store:
        store.save_report(rep("a", "harbour stays open all year", "Anna Petrova"), "a")
        store.save_report(rep("b", "harbour stays open for good", "Ms Petrova"), "b")
        store.save_report(rep("c", "taxes go up next year", "Jonas Weber"), "c")
        assert link_stored_quotes(store, ["a", "b", "c"], _FakeEncoder()) == 1
        assert store.count("quote_links") == 1
        assert link_stored_quotes(store, ["a", "b", "c"], _FakeEncoder()) == 1  # idempotent
        assert store.count("quote_links") == 1


def test_names_of_a_long_statement_are_read_in_linear_time() -> None:
    import time

    from newsdesk.enrich.quotes.links import statement_names

    def seconds(n: int) -> float:
        started = time.process_time()
        names = statement_names("the Donetsk envoy met Bakhmut officials, " * n)
        assert names == {"done", "bahm"}  # folded: Bakhmut and Bachmut agree
        return time.process_time() - started

    small = min(seconds(5_000) for _ in range(2))
    assert seconds(20_000) < 8 * max(small, 0.02)  # quadratic would be sixteen times
