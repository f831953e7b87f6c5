"""decode_html: BOM, header vs <meta> vs content, cp1258 + NFC, never raising."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from crawler.text.decode import decode_html, normalize_charset
from crawler.text.tone import _SPLIT

VIET = "Sở Thông tin và Truyền thông tỉnh Khánh Hòa"


def _cp1258(text: str) -> bytes:
    """windows-1258 bytes (decomposed tones, as real cp1258 pages store them)."""
    if shutil.which("iconv"):
        return subprocess.run(
            ["iconv", "-f", "utf-8", "-t", "WINDOWS-1258"],
            input=text.encode(),
            capture_output=True,
            check=True,
        ).stdout
    # without iconv: tone marks as combining characters after the base letter (ê, ơ, ư... are in cp1258)
    return "".join("".join(_SPLIT.get(char, (char, ""))) for char in text).encode("cp1258")


def test_utf8_bom_wins_over_everything() -> None:
    body = b"\xef\xbb\xbf<meta charset='windows-1258'>" + VIET.encode()
    text, enc = decode_html(body, "iso-8859-1")
    assert enc == "utf-8"
    assert text.endswith(VIET)


def test_utf16_bom() -> None:
    text, enc = decode_html(b"\xff\xfe" + VIET.encode("utf-16-le"))
    assert (text, enc) == (VIET, "utf-16-le")


@pytest.mark.parametrize("header", ["iso-8859-1", "ISO-8859-1", "latin-1", "us-ascii", "windows-1252"])
def test_weak_header_loses_to_valid_utf8(header: str) -> None:
    text, enc = decode_html(f"<p>{VIET}</p>".encode(), header)
    assert enc == "utf-8"
    assert text == f"<p>{VIET}</p>"


def test_weak_header_yields_to_a_specific_meta() -> None:
    body = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' + _cp1258(VIET)
    text, enc = decode_html(body, "iso-8859-1")
    assert enc == "cp1258"
    assert text.endswith(VIET)


def test_weak_header_with_non_utf8_bytes_is_cp1252() -> None:
    text, enc = decode_html("Céng hoµ – ViÖt".encode("cp1252"), "iso-8859-1")
    assert enc == "cp1252"
    assert text == "Céng hoµ – ViÖt"


def test_strong_header_wins_over_meta() -> None:
    body = b"<meta charset='utf-8'>" + _cp1258(VIET)
    text, enc = decode_html(body, "windows-1258")
    assert enc == "cp1258"
    assert text.endswith(VIET)


def test_cp1258_is_decoded_then_nfc() -> None:
    text, _ = decode_html(_cp1258("Hòa Thủy Đồng"), "windows-1258")
    assert text == "Hòa Thủy Đồng"
    assert unicodedata.is_normalized("NFC", text)


def test_meta_charset_forms() -> None:
    for meta in (
        b"<meta charset=windows-1258>",
        b"<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=windows-1258'>",
    ):
        text, enc = decode_html(meta + _cp1258(VIET))
        assert enc == "cp1258"
        assert text.endswith(VIET)


def test_meta_beyond_4kb_is_ignored() -> None:
    body = b" " * 5000 + b"<meta charset='windows-1258'>" + VIET.encode()
    assert decode_html(body)[1] == "utf-8"


def test_utf8_header_contradicted_by_bytes_yields_to_meta() -> None:
    body = b"<meta charset='windows-1258'>" + _cp1258(VIET)
    text, enc = decode_html(body, "utf-8")
    assert enc == "cp1258"
    assert text.endswith(VIET)


def test_mostly_utf8_stays_utf8() -> None:
    body = (VIET * 20).encode() + b"\xff" + VIET.encode()
    text, enc = decode_html(body, "utf-8")
    assert enc == "utf-8"
    assert text.count("\ufffd") == 1


def test_undeclared_cp1258_is_recognised() -> None:
    text, enc = decode_html(_cp1258(VIET + ". Tổ chức hội nghị tổng kết công tác năm 2021."))
    assert enc == "cp1258"
    assert text.startswith(VIET)


def test_undeclared_non_utf8_falls_back_to_cp1252() -> None:
    assert decode_html("Céng hoµ x· héi “chñ nghÜa”".encode("cp1252")) == (
        "Céng hoµ x· héi “chñ nghÜa”",
        "cp1252",
    )


def test_undeclared_utf8() -> None:
    assert decode_html(VIET.encode()) == (VIET, "utf-8")


@pytest.mark.parametrize("header", [None, "utf-8", "windows-1258", "bogus-charset", "x-user-defined", ""])
def test_garbage_never_raises(header: str | None) -> None:
    body = bytes(range(256)) * 4
    text, enc = decode_html(body, header)
    assert isinstance(text, str)
    assert enc


def test_normalize_charset() -> None:
    assert normalize_charset("Windows-1258") == "cp1258"
    assert normalize_charset('"utf-8"') == "utf-8"
    assert normalize_charset("latin1") == "iso8859-1"
    assert normalize_charset("utf-16") == "utf-8"
    assert normalize_charset("no-such-charset") is None
