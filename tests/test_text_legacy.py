"""TCVN3 / VNI: font hints, tables (cross-checked with glibc iconv where present), autodetection."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from crawler.text import clean_display
from crawler.text.legacy import (
    _TCVN3,
    fix_legacy,
    font_hint,
    might_be_legacy,
    tcvn3_to_unicode,
    vni_to_unicode,
)


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (".VnTime", "tcvn3"),
        (".VnArial", "tcvn3"),
        (".VnTimeH", "tcvn3"),
        ("'.VnTime', Times New Roman", "tcvn3"),
        ("font-family: .VnArial; font-size: 12pt", "tcvn3"),
        ("VNI-Times", "vni"),
        ("VNI-Helve", "vni"),
        ("FONT-FAMILY: 'VNI-Times'", "vni"),
        ("Times New Roman", None),
        ("Arial, sans-serif", None),
        ("", None),
        (None, None),
    ],
)
def test_font_hint(value: str | None, hint: str | None) -> None:
    assert font_hint(value) == hint


def test_tcvn3_table_has_74_entries_and_matches_iconv() -> None:
    assert len(_TCVN3) == 74
    if shutil.which("iconv") is None:
        pytest.skip("iconv not installed")
    raw = bytes(ord(c) for c in _TCVN3)
    out = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True, check=True
    )
    assert out.stdout.decode("utf-8") == "".join(_TCVN3.values())


def test_tcvn3_uppercase_bytes_for_non_toned_capitals() -> None:
    assert tcvn3_to_unicode("\xa7\xa1\xa2\xa3\xa4\xa5\xa6") == "ĐĂÂÊÔƠƯ"


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [
        ("Vieät Nam", "Việt Nam"),
        ("Thuaän", "Thuận"),
        ("Ñoàng Thaùp", "Đồng Tháp"),
        ("ÑAÏI HOÄI", "ĐẠI HỘI"),
        ("ngöôøi", "người"),
        ("UÛy ban", "Ủy ban"),
        ("Saén saøng", "Sắn sàng"),
        ("tænh", "tỉnh"),
        ("kyø hoïp", "kỳ họp"),
        ("Quî", "Quỵ"),
    ],
)
def test_vni_pairs(vni: str, unicode: str) -> None:
    assert vni_to_unicode(vni) == unicode


@pytest.mark.parametrize(
    "text",
    [
        "Café Ðà Lạt – résumé",
        "The quick brown fox jumps over the lazy dog",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Cà Mau có nhiều tôm",  # Unicode Vietnamese with latin-1 letters only
        "Hội nghị © 2021 – «Chuyển đổi số»",
        "",
    ],
)
def test_autodetect_leaves_non_legacy_text_alone(text: str) -> None:
    assert fix_legacy(text) == text


def test_hint_on_unicode_text_changes_nothing() -> None:
    """A stale .VnTime style around Unicode text: more than 2% Unicode-only letters, so untouched."""
    text = "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"
    assert fix_legacy(text, "tcvn3") == text
    assert fix_legacy(text, "vni") == text


def test_clean_display_repairs_a_legacy_paragraph_among_unicode_ones() -> None:
    text = "Hội nghị tổng kết năm 2004.\nCéng hoµ x· héi chñ nghÜa ViÖt Nam\nQuốc Trạng"
    assert (
        clean_display(text) == "Hội nghị tổng kết năm 2004.\nCộng hoà xã hội chủ nghĩa Việt Nam\nQuốc Trạng"
    )


def test_tcvn3_soft_hyphen_and_eth_survive_until_conversion() -> None:
    """TCVN3 ư is U+00AD and é is U+00D0: legacy repair must run before invisible/Ð handling."""
    given = "ng\xadêi d©n ®\xadîc h\xadëng lîi, mua c¸c lo¹i vÐ"
    assert clean_display(given) == "người dân được hưởng lợi, mua các loại vé"


def test_might_be_legacy() -> None:
    assert might_be_legacy("Céng hoµ")
    assert might_be_legacy("Coäng hoøa")
    assert not might_be_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam «Độc lập»")
