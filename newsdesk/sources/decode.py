"""Bytes to text: encoding detection and refusal of what is not text.

News files arrive in every encoding (cp1252 from old CMSs, UTF-16 from
Windows tools, Latin-1 feeds).  UTF-8 is tried first because it is by far
the most common and a successful strict decode is near-certain; otherwise
charset-normalizer guesses.  Binary content is refused with a reason rather
than stored as mojibake.
"""

from __future__ import annotations

from charset_normalizer import from_bytes


class DecodeError(Exception):
    """The bytes are not a text we can read; the message says why."""


_BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to str, raising DecodeError for empty or binary input."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if not data.strip():
        raise DecodeError("empty: no text in this item")
    if _looks_binary(data):
        raise DecodeError("binary content, not text (wrong file type?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding")
    return str(best)
