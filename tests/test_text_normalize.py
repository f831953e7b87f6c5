"""Display form, inline form, key form and content hash, beyond the research vectors."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.text import clean_display, clean_inline, content_hash, content_hash_display, key_form, text_key
from crawler.text.normalize import clean_display_ex, unescape_entities

ARTICLE = "UBND tỉnh Khánh Hòa: “Thủy lợi” là ưu tiên…\n\nNăm 2021–2025, tỉnh đầu tư 1.000 tỷ đồng."


def test_display_keeps_what_the_site_published() -> None:
    """Tone placement, curly quotes, dashes and ellipsis are the author's: only the key folds them."""
    assert clean_display(ARTICLE) == ARTICLE


def test_display_keeps_paragraphs_and_collapses_spaces() -> None:
    given = "  Đoạn   một.\u00a0\u00a0Câu hai. \r\n\r\n\r\n\tĐoạn hai.\u2029Đoạn ba.  "
    assert clean_display(given) == "Đoạn một. Câu hai.\n\nĐoạn hai.\n\nĐoạn ba."


def test_inline_collapses_newlines() -> None:
    assert (
        clean_inline("Hội nghị\n\n tổng kết\r\ncông tác  năm 2021 ") == "Hội nghị tổng kết công tác năm 2021"
    )


def test_double_escaped_entities() -> None:
    assert clean_display("UBND&amp;nbsp;tỉnh Vi&amp;#7879;t Nam") == "UBND tỉnh Việt Nam"
    assert unescape_entities("A &amp;amp; B") == "A & B"
    assert unescape_entities("Q&amp;A") == "Q&A"  # one pass when nothing entity-like remains


def test_mixed_nfc_nfd_and_mark_order() -> None:
    nfd = unicodedata.normalize("NFD", "Nghiêm túc thực hiện")
    assert clean_display(nfd) == "Nghiêm túc thực hiện"
    assert clean_display("Vie\u0302\u0323t") == clean_display("Vie\u0323\u0302t") == "Việt"


def test_ftfy_is_skipped_on_clean_text_and_used_on_mojibake() -> None:
    assert clean_display("Sá»Ÿ ThÃ´ng tin vÃ  Truyá»\x81n thÃ´ng") == "Sở Thông tin và Truyền thông"
    assert clean_display("Giá 100 ¥ – “ổn định”") == "Giá 100 ¥ – “ổn định”"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("keep", "Khánh Hòa và Khánh Hoà, thủy lợi và thuỷ sản"),
        ("new", "Khánh Hoà và Khánh Hoà, thuỷ lợi và thuỷ sản"),
        ("old", "Khánh Hòa và Khánh Hòa, thủy lợi và thủy sản"),
    ],
)
def test_tone_style(style: str, expected: str) -> None:
    assert clean_display("Khánh Hòa và Khánh Hoà, thủy lợi và thuỷ sản", style) == expected


def test_bad_tone_style_raises() -> None:
    with pytest.raises(ValueError, match="tone style"):
        clean_display("hòa", "modern")


def test_clean_display_is_idempotent() -> None:
    messy = "Ðồng Nai\u200b –  “Hòa”&nbsp;hợp\r\n\r\n\r\nCéng hoµ x· héi\x07"
    once = clean_display(messy)
    assert clean_display(once) == once


def test_legacy_flag() -> None:
    assert clean_display_ex("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == (
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        True,
    )
    assert clean_display_ex("Cộng hoà xã hội chủ nghĩa Việt Nam") == (
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        False,
    )


def test_empty_inputs() -> None:
    assert clean_display("") == ""
    assert clean_inline("") == ""
    assert text_key("") == ""
    assert key_form("") == ""


def test_key_folds_tone_quotes_dashes_case_and_spacing() -> None:
    other = 'UBND  tỉnh KHÁNH HOÀ: "Thuỷ lợi" là ưu tiên...\nNăm 2021-2025, tỉnh đầu tư 1.000 tỷ đồng.'
    assert text_key(ARTICLE) == text_key(other)
    assert (
        text_key(ARTICLE)
        == 'ubnd tỉnh khánh hoà: "thuỷ lợi" là ưu tiên... năm 2021-2025, tỉnh đầu tư 1.000 tỷ đồng.'
    )


def test_key_keeps_diacritics() -> None:
    """ma/má/mà are different words: the key never strips tones."""
    assert len({text_key(w) for w in ("ma", "má", "mà", "mả", "mã", "mạ")}) == 6


def test_content_hash_same_article_other_typing() -> None:
    title_a, text_a = "Khánh Hòa tổng kết “năm 2021”", ARTICLE
    title_b = 'KHÁNH HOÀ  tổng kết "năm 2021"'
    text_b = unicodedata.normalize(
        "NFD", ARTICLE.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ").replace("\n\n", "\n")
    )
    assert content_hash(title_a, text_a) == content_hash(title_b, text_b)


def test_content_hash_differs_for_other_text() -> None:
    assert content_hash("Tiêu đề", "Nội dung một.") != content_hash("Tiêu đề", "Nội dung hai.")
    assert content_hash("Tiêu đề", "ma") != content_hash("Tiêu đề", "má")


def test_content_hash_is_sha1_of_the_key() -> None:
    import hashlib

    expected = hashlib.sha1(text_key("Tiêu đề\nNội dung").encode()).hexdigest()
    assert content_hash("Tiêu đề", "Nội dung") == expected
    assert len(expected) == 40


def test_content_hash_display_matches_on_display_forms() -> None:
    title, text = "  Khánh Hòa:\n“Thủy lợi”", "UBND&nbsp;tỉnh   Khánh Hoà\r\n\r\nĐoạn hai…"
    assert content_hash_display(clean_inline(title), clean_display(text)) == content_hash(title, text)
