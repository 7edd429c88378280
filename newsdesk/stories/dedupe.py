"""Exact and near-duplicate reports: wire copies and republications.

Two reports are *duplicates* when their normalised texts are identical (case,
punctuation and spacing aside) and *near-duplicates* when their word-shingle
sets overlap strongly (estimated Jaccard via MinHash).  Candidates come from
locality-sensitive hashing bands stored in SQLite, so finding the copies of a
new report costs a few indexed look-ups however large the store is.

The *origin* is the earlier report: by publication date when both are dated
and differ, otherwise the one stored first (the incoming report is newer).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np

from newsdesk.model import Link, Report
from newsdesk.scripts import word_tokens
from newsdesk.store import Store
from newsdesk.stories.features import parse_date

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: pairs with Jaccard >= ~0.45 share a band with high probability
SHINGLE = 5  # words per shingle
NEAR = 0.5  # estimated Jaccard at or above which a report is a near-duplicate (wire copy, light edit)
MIN_WORDS = 20  # shorter texts are too generic to call copies from shingles alone

# Names that mark a news agency in several languages ("Press Agency", "Agence", "Nachrichtenagentur", "byrå").
_AGENCY = re.compile(
    r"\b(agency|agence|agencia|agenzia|agentur\w*|\w*agentur|\w*byr[aå]n?|wire|news service|"
    r"reuters|associated press|afp|dpa|ansa|efe|kyodo|xinhua|ritzau|ntb|tt)\b",
    re.IGNORECASE,
)


def words(report: Report) -> list[str]:
    """Lower-cased word tokens of title and text (a token per character in Chinese and Japanese): what copies
    share regardless of layout."""
    return word_tokens(f"{report.title or ''} {report.text}".lower())


def exact_key(tokens: list[str]) -> str:
    return hashlib.sha1(" ".join(tokens).encode("utf-8")).hexdigest()


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM odd multipliers and offsets of the affine permutations ``a * h + b mod 2**32``.

    The same seed and draws as datasketch's default ("affine32") MinHash, so
    signatures stored by earlier versions (which used that library) still
    compare; an odd ``a`` makes each permutation a bijection.
    """
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser: spreads the shingle hashes before the affine permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(tokens: list[str]) -> np.ndarray:
    """MinHash signature of the report's word shingles: per permutation, the least permuted hash."""
    shingles = {" ".join(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    digests = b"".join(hashlib.sha1(s.encode("utf-8")).digest()[:4] for s in shingles)
    hashes = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32))[:, None]
    a, b = _permutations()
    with np.errstate(over="ignore"):  # uint32 wrap-around is the modulo
        return (hashes * a + b).min(axis=0).astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[str]:
    rows = len(sig) // BANDS
    return [hashlib.sha1(bytes([b]) + sig[b * rows : (b + 1) * rows].tobytes()).hexdigest()[:16] for b in range(BANDS)]


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def is_earlier(a: Report | str | None, b: str | None) -> bool:
    """Whether publication date ``a`` is strictly before ``b`` (unknown: False)."""
    da = parse_date(a.published if isinstance(a, Report) else a)
    db = parse_date(b)
    return da is not None and db is not None and da < db


def looks_like_agency(outlet: str | None) -> bool:
    return bool(outlet and _AGENCY.search(outlet))


def newcomer_is_origin(report: Report, published: str | None, outlet: str | None) -> bool:
    """Whether the incoming ``report`` is the origin of a stored copy (published, outlet).

    Earlier publication decides.  On the same (or unknown) date, a copy from a
    wire agency is the origin of a newspaper's copy: republishing agency copy
    is what newspapers do.  Otherwise the stored report came first.
    """
    if is_earlier(report, published):
        return True
    if is_earlier(published, report.published):
        return False
    return looks_like_agency(report.outlet) and not looks_like_agency(outlet)


def find_copies(store: Store, report: Report) -> list[Link]:
    """Links between ``report`` and the stored reports it duplicates (or that duplicate it).

    Also indexes the report's signature so later reports find it.  Call after
    the report is saved and before it is placed in a story.
    """
    tokens = words(report)
    key = exact_key(tokens)
    sig = signature(tokens)
    db = store.db
    db.execute("DELETE FROM minhash WHERE report_id=?", (report.id,))
    db.execute("DELETE FROM minhash_bands WHERE report_id=?", (report.id,))
    links: list[Link] = []
    if len(tokens) >= MIN_WORDS:
        bands = band_keys(sig)
        marks = ",".join("?" * len(bands))
        found = {r[0] for r in db.execute(f"SELECT report_id FROM minhash_bands WHERE band IN ({marks})", bands)}
        found |= {r[0] for r in db.execute("SELECT report_id FROM minhash WHERE exact=?", (key,))}
        found.discard(report.id)
        ids = sorted(found)
        id_marks = ",".join("?" * len(ids))
        rows = db.execute(
            f"""SELECT m.report_id, m.exact, m.signature, r.published, r.outlet
                FROM minhash m JOIN reports r ON r.id=m.report_id
                WHERE m.report_id IN ({id_marks})""",
            ids,
        ).fetchall()
        for row in rows:
            if row["exact"] == key:
                kind, score = "duplicate", 1.0
            else:
                score = estimated_jaccard(sig, np.frombuffer(row["signature"], dtype=np.uint64))
                if score < NEAR:
                    continue
                kind = "near-duplicate"
            # the incoming report is the copy unless it is earlier, or equally dated and from a wire agency
            if newcomer_is_origin(report, row["published"], row["outlet"]):
                links.append(Link(row["report_id"], report.id, kind, score))
            else:
                links.append(Link(report.id, row["report_id"], kind, score))
        db.executemany("INSERT INTO minhash_bands (band, report_id) VALUES (?,?)", [(b, report.id) for b in bands])
    db.execute("INSERT INTO minhash (report_id, exact, signature) VALUES (?,?,?)", (report.id, key, sig.tobytes()))
    return sorted(links, key=lambda link: -link.score)
