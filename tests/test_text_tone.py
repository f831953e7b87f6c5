"""Tone placement (old/new style) and syllable validity, beyond the research vectors."""

from __future__ import annotations

import pytest

from crawler.text import tone
from crawler.text.tone import is_valid_syllable, normalize_tone_placement


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("Hòa", "Hoà"),
        ("khỏe", "khoẻ"),
        ("thủy", "thuỷ"),
        ("Ủy ban", "Uỷ ban"),
        ("úy", "uý"),
        ("hóa", "hoá"),
        ("xòe", "xoè"),
        ("lũy", "luỹ"),
        ("THỦY", "THUỶ"),
    ],
)
def test_old_and_new_styles_round_trip(old: str, new: str) -> None:
    assert normalize_tone_placement(old, "new") == new
    assert normalize_tone_placement(new, "old") == old


@pytest.mark.parametrize(
    "word",
    [
        "hoàng",
        "toán",
        "huỳnh",
        "người",
        "thuở",
        "quyển",
        "quá",
        "quý",
        "giữ",
        "gìn",
        "ngoại",
        "khuỷu",
        "rượu",
        "muối",
        "khuấy",
        "hoặc",
        "giường",
        "của",
        "mùa",
        "mía",
        "Việt",
        "nghĩa",
    ],
)
def test_fixed_placements_are_never_moved(word: str) -> None:
    assert normalize_tone_placement(word, "new") == word
    assert normalize_tone_placement(word, "old") == word


@pytest.mark.parametrize(
    ("typo", "fixed"), [("qúy", "quý"), ("hòang", "hoàng"), ("baì", "bài"), ("gìa", "già"), ("mưà", "mừa")]
)
def test_mistyped_placements_are_repaired(typo: str, fixed: str) -> None:
    assert normalize_tone_placement(typo, "new") == fixed


@pytest.mark.parametrize("word", ["café", "José", "résumé", "Ðà", "Internet", "hòaà"])
def test_non_syllables_are_left_alone(word: str) -> None:
    assert normalize_tone_placement(word, "new") == word


def test_keep_returns_the_text_and_bad_style_raises() -> None:
    assert normalize_tone_placement("hòa hoà", "keep") == "hòa hoà"
    with pytest.raises(ValueError, match="tone style"):
        normalize_tone_placement("hòa", "modern")


def test_text_around_words_is_kept() -> None:
    text = "Tỉnh Khánh Hòa, 2021: “thủy lợi” và hòa bình — khỏe!"
    assert normalize_tone_placement(text, "new") == "Tỉnh Khánh Hoà, 2021: “thuỷ lợi” và hoà bình — khoẻ!"


def _all_toned_syllables() -> list[str]:
    """Every cluster x tone position x tone x a few initials/finals x three casings."""
    words = []
    for clusters, finals in ((tone._OPEN, ("",)), (tone._CLOSED, ("n", "ng", "c", "ch"))):
        for cluster in clusters:
            for final in finals:
                for initial in ("", "h", "th", "qu", "q", "gi", "g", "ngh"):
                    for pos in range(len(cluster)):
                        for mark in tone._TONE_MARKS:
                            toned = tone._JOIN[(cluster[pos], mark)]
                            word = initial + cluster[:pos] + toned + cluster[pos + 1 :] + final
                            words += [word, word.upper(), word[0].upper() + word[1:]]
    return words


@pytest.mark.parametrize("style", ["new", "old"])
def test_fast_path_equals_retoning_every_word(style: str) -> None:
    """The spot pre-filter must never skip a word the per-word rule would change."""
    words = _all_toned_syllables()
    text = " ".join(words)
    expected = " ".join(tone._retone(w, style) for w in words)
    assert normalize_tone_placement(text, style) == expected


@pytest.mark.parametrize(
    "word", ["Cộng", "hoà", "xã", "nghĩa", "Việt", "người", "khuỷu", "quyển", "gìn", "mát"]
)
def test_valid_syllables(word: str) -> None:
    assert is_valid_syllable(word)


@pytest.mark.parametrize("word", ["hoµ", "héi", "chñ", "quick", "mat", "hòaà", "x·", "2021", "ViÖt"])
def test_invalid_syllables(word: str) -> None:
    assert not is_valid_syllable(word)
