"""Bytes to text: encoding detection and refusal of what is not text.

News files arrive in every encoding (cp1252 from old CMSs, UTF-16 and UTF-32
from Windows tools, Latin-1 feeds).  The order of evidence, strongest first:

1. a byte-order mark (UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one);
2. UTF-8, when the bytes decode strictly (a successful strict decode is near-certain);
3. UTF-8 with a few broken sequences (a download cut off mid-character, one bad byte): decoded with
   replacement characters and flagged, instead of refusing the whole file or guessing a legacy code page
   that would garble every other non-ASCII letter;
4. otherwise a detector (chardet) over the whole byte string.  charset-normalizer, used before, read
   short Swedish and French cp1252 texts as Icelandic or Czech code pages.

Binary content is refused with a reason rather than stored as mojibake.

Text can also arrive already garbled: decoded upstream with the wrong code page
before it reached us ("MÃ¼nchen" for "München" in a JSON feed or a scraped
CSV).  :func:`repair_text` undoes that (``ftfy``), and the extraction
flags the report.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

import chardet
import ftfy


class DecodeError(Exception):
    """The bytes are not a text we can read; the message says why."""


# Longest first: b"\xff\xfe\x00\x00" (UTF-32 LE) begins with b"\xff\xfe" (UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# UTF-8 with at most this share of its non-ASCII sequences broken is UTF-8 with damage, not another encoding.
BROKEN_UTF8_SHARE = 0.05
TIE = 0.98  # detector confidences this close to the best are a tie


@dataclass
class Decoded:
    """Decoded text, the encoding it was read in, and what a reader should know about the decoding."""

    text: str
    encoding: str
    flags: list[str] = field(default_factory=list)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(sample) * 0.05


def _damaged_utf8(data: bytes) -> Decoded | None:
    """``data`` as UTF-8 with replacement characters, if it is UTF-8 with a few broken sequences."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    sound = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    # Without a single sound multi-byte sequence, nothing says UTF-8: a legacy code page is likelier.
    cut_off = broken == 1 and text.rstrip().endswith("\ufffd")  # a download broken off mid-character
    if broken == 0 or sound == 0 or (broken > BROKEN_UTF8_SHARE * (sound + broken) and not cut_off):
        return None
    plural = "s" if broken != 1 else ""
    return Decoded(text, "utf-8", [f"decoded with replacement: {broken} invalid UTF-8 byte{plural}"])


def decode_text(data: bytes) -> Decoded:
    """Decode ``data`` to text with its encoding and flags; DecodeError for empty or binary input."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            if not text.strip():
                raise DecodeError("empty: no text in this item")
            broken = text.count("\ufffd")
            flags = [f"decoded with replacement: {broken} invalid {encoding} sequences"] if broken else []
            return Decoded(text, encoding, flags)
    if not data.strip():
        raise DecodeError("empty: no text in this item")
    if _looks_binary(data):
        raise DecodeError("binary content, not text (wrong file type?)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    encoding = _detect(data)
    if not encoding:
        raise DecodeError("cannot detect the text encoding")
    try:
        return Decoded(data.decode(encoding), encoding.lower())
    except (UnicodeDecodeError, LookupError):
        text = data.decode(encoding if _known(encoding) else "cp1252", errors="replace")
        return Decoded(text, encoding.lower(), ["decoded with replacement: the encoding guess did not fit every byte"])


def _detect(data: bytes) -> str | None:
    """The likeliest encoding of the whole of ``data`` among those news sites use.

    Short texts can tie (a few accented letters read as well in Greek as in
    Western European code pages); a tie goes to Windows-1252, by far the most
    common legacy encoding of news pages.
    """
    guesses = chardet.detect_all(
        data, max_bytes=len(data), prefer_superset=True, encoding_era=chardet.EncodingEra.MODERN_WEB
    ) or chardet.detect_all(data, max_bytes=len(data), prefer_superset=True)
    guesses = [g for g in guesses if g.get("encoding")]
    if not guesses:
        return None
    top = guesses[0]["confidence"] or 0.0
    tied = [str(g["encoding"]) for g in guesses if (g["confidence"] or 0.0) >= top * TIE]
    return next((e for e in tied if e.lower() in ("windows-1252", "cp1252")), tied[0])


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to str, raising DecodeError for empty or binary input (see :func:`decode_text`)."""
    return decode_text(data).text


def repair_text(text: str) -> tuple[str, str | None]:
    """``text`` composed (NFC) and with mojibake undone ("MÃ¼nchen" -> "München"), and how it had been misread
    (None: no mojibake; the text may still have been composed).

    Composing comes first: a letter written decomposed ("n" + U+0303 for "ñ") is two characters, and the mark
    is no ``\\w`` character, so every tokenizer cut names in two there ("Pen", "a" for "Peña"); and ftfy
    cannot re-decode a garbled letter whose pieces were decomposed.  ``ftfy.fix_encoding`` then changes only
    sequences that read far better re-decoded, so correct text in any language stays as it is.  It is given
    one line at a time: over a whole article, one line it cannot decode consistently left the others half
    repaired.  A line is changed only by re-decoding it as UTF-8, the encoding every such misreading came from:
    not by ftfy's swap of stray C1 controls for Windows-1252 letters (a terminal's "\\x9b" is no "›", and a
    half-repaired "FranÃƒÂ§ois" is no better).  Linear in the text (~0.3 µs a character); pure ASCII is
    neither decomposed nor mojibake.
    """
    if text.isascii():
        return text, None
    lines, how = [], None
    for line in text.splitlines(keepends=True):
        if not line.isascii():
            line = unicodedata.normalize("NFC", line)
            fixed, steps = ftfy.fix_encoding_and_explain(line)
            if fixed != line and any(
                name.startswith("utf-8") or name == "decode_inconsistent_utf8" for _, name in steps
            ):
                read_as = next((name for step, name in steps if step == "encode"), "a single-byte code page")
                misread = read_as.removeprefix("sloppy-")
                how = how or f"utf-8 read as {misread}"
                line = fixed
        lines.append(line)
    return "".join(lines), how
