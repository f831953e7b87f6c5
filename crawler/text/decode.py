"""Response bytes to text, choosing the encoding the way these sites need.

Order: byte-order mark; the HTTP header charset, except that a "weak" declaration (iso-8859-1, latin-1,
ascii, windows-1252: server defaults) loses to bytes that are valid UTF-8 and to a specific ``<meta>``;
the ``<meta>`` charset in the first 4 KB (same exception); UTF-8 when the bytes are valid UTF-8;
windows-1258 when the bytes look like it (tone bytes after vowels); windows-1252 as the last resort.
windows-1258 keeps tones as combining characters, so everything is NFC-normalised afterwards.
Never raises: undecodable bytes become U+FFFD.
TCVN3/VNI pages come out as latin-1 letters here; ``crawler.text.legacy`` converts them per text block.
"""

from __future__ import annotations

import codecs
import re

from crawler.text.nfc import nfc, nfc_of_utf8

__all__ = ["decode_html", "decode_html_source", "normalize_charset"]

_WEAK = frozenset({"latin_1", "iso8859-1", "ascii", "cp1252"})
_META_RE = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# cp1258 tone bytes (grave, hook, tilde, acute, dot below), alone and after the vowels that carry them.
_CP1258_TONE_RE = re.compile(rb"[\xcc\xd2\xde\xec\xf2]")
_CP1258_TONED_VOWEL_RE = re.compile(
    rb"[aeiouyAEIOUY\xc2\xc3\xca\xd4\xd5\xdd\xe2\xe3\xea\xf4\xf5\xfd][\xcc\xd2\xde\xec\xf2]"
)
_HIGH_RE = re.compile(rb"[\x80-\xff]")


def normalize_charset(label: str | None) -> str | None:
    """Python codec name for a charset label (``windows-1258`` -> ``cp1258``), None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "unicode-1-1-utf-7", "utf-7", "replacement"):
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a byte-oriented page cannot really be UTF-16 when the label is read as ASCII
    return name


def _meta_charset(body: bytes) -> str | None:
    for match in _META_RE.finditer(body[:4096]):
        name = normalize_charset(match.group(1).decode("ascii", "replace"))
        if name:
            return name
    return None


def _looks_cp1258(body: bytes) -> bool:
    """True when the high bytes are mostly cp1258 tone marks following vowels (an undeclared cp1258 page)."""
    after_vowel = len(_CP1258_TONED_VOWEL_RE.findall(body))
    other = len(_CP1258_TONE_RE.findall(body)) - after_vowel
    return after_vowel >= 3 and after_vowel >= 4 * other


def _decode_bytes(body: bytes, encoding: str) -> str:
    text = body.decode(encoding, errors="replace")
    # NFC, normalising only what can change
    return nfc_of_utf8(text, body) if encoding == "utf-8" else nfc(text)


def _mostly_utf8(body: bytes) -> bool:
    """Valid UTF-8 but for a few bad bytes (a truncated or patched page): at most 2% of the high bytes."""
    high = len(_HIGH_RE.findall(body))
    bad = body.decode("utf-8", errors="replace").count("\ufffd") - body.count(b"\xef\xbf\xbd")
    return bad * 50 <= high


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text NFC, encoding used): ``decode_html_source`` without its third answer."""
    text, encoding, _ = decode_html_source(body, header_charset)
    return text, encoding


def decode_html_source(body: bytes, header_charset: str | None = None) -> tuple[str, str, bool]:
    """(text NFC, encoding used, whether the text is exactly ``body`` read as UTF-8).

    The third answer is True on the usual page, valid UTF-8 without a byte-order mark and NFC already: then
    ``body`` is the text's UTF-8 form and may stand for it, at no cost (``crawler.pages.base.Document``
    parses it and scans it for mojibake instead of the text).

    Order: BOM; header charset unless it is iso-8859-1/latin-1/ascii/cp1252 and the bytes are valid UTF-8
    (then utf-8); <meta charset>/<meta http-equiv> in the first 4 KB; valid UTF-8; cp1258 when the bytes
    look like it; cp1252 as last resort. cp1258 → decode then NFC.
    Never raises on garbage (errors="replace"). The encoding is a Python codec name (utf-8, cp1258...).

    Two refinements of that order: a weak header (a server default) also yields to a specific ``<meta>``
    (windows-1258, utf-8...) that the bytes do not contradict; and a utf-8 declaration contradicted by the
    bytes yields to the next source, with "mostly UTF-8" bytes (≤ 2% bad) still decoded as UTF-8.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _decode_bytes(body[len(bom) :], encoding), encoding, False
    utf8: bool | None = None  # computed once, lazily
    strict_text: str | None = None  # the strict UTF-8 decoding that proved the bytes valid
    exact = False  # the text returned is strict_text itself (or the ASCII body's), untouched by NFC

    def valid_utf8() -> bool:
        nonlocal utf8, strict_text
        if utf8 is None:
            try:
                strict_text = body.decode("utf-8")
                utf8 = True
            except UnicodeDecodeError:
                utf8 = False
        return utf8

    def decode(data: bytes, encoding: str) -> str:
        nonlocal exact
        # valid UTF-8 decodes the same with errors="replace": reuse the text valid_utf8() made
        if encoding == "utf-8" and data is body and (strict_text is not None or body.isascii()):
            plain = strict_text if strict_text is not None else body.decode("ascii")
            text = nfc_of_utf8(plain, body)
            exact = text is plain
            return text
        return _decode_bytes(data, encoding)

    weak_declared = False
    for declared in (normalize_charset(header_charset), _meta_charset(body)):
        if declared is None:
            continue
        if declared in _WEAK:
            weak_declared = True
            if not body.isascii() and valid_utf8():
                return decode(body, "utf-8"), "utf-8", exact
            continue  # a specific <meta> may still follow; else cp1252 below
        if declared == "utf-8" and not valid_utf8():
            continue  # contradicted by the bytes: let <meta> or the content decide
        return decode(body, declared), declared, exact
    if weak_declared:
        # what browsers do with iso-8859-1 and ascii labels
        return decode(body, "cp1252"), "cp1252", exact
    if body.isascii() or valid_utf8() or _mostly_utf8(body):
        return decode(body, "utf-8"), "utf-8", exact
    if _looks_cp1258(body):
        return decode(body, "cp1258"), "cp1258", exact
    return decode(body, "cp1252"), "cp1252", exact
