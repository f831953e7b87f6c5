"""Every [input, expected] pair of the research vectors (tests/fixtures/vntext/vectors.json, a copy of
shared/research/vntext/vectors.json), each through the function that implements its rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.text import (
    clean_display,
    decode_html,
    fix_legacy,
    fold_punct,
    normalize_tone_placement,
    parse_date,
    text_key,
    unescape_entities,
)

VECTORS_PATH = Path(__file__).parent / "fixtures" / "vntext" / "vectors.json"
VECTORS: dict[str, list[list[str | None]]] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


def _date_iso(text: str) -> str | None:
    parsed = parse_date(text)
    return parsed.iso if parsed else None


# rule name -> the function under test
RULES: dict[str, Callable[[str], str | None]] = {
    "nfc": clean_display,
    "tone_placement_new_style": lambda s: normalize_tone_placement(s, "new"),
    "tone_placement_old_style": lambda s: normalize_tone_placement(s, "old"),
    "d_stroke_eth": clean_display,
    "invisible_chars": clean_display,
    "whitespace": clean_display,
    "control_chars": clean_display,
    "html_entities": unescape_entities,  # the entity step alone: its vector keeps &ETH; as Ð
    "punct_fold_key_only": fold_punct,
    "mojibake_ftfy": clean_display,
    "cp1258_decode_hex": lambda s: decode_html(bytes.fromhex(s), "windows-1258")[0],
    "tcvn3_to_unicode": lambda s: fix_legacy(s, "tcvn3"),
    "vni_to_unicode": lambda s: fix_legacy(s, "vni"),
    "legacy_autodetect_no_font_hint": lambda s: fix_legacy(s),
    "date_iso_vn": _date_iso,
    "dedup_key_full_pipeline": text_key,
}

CASES = [
    pytest.param(rule, pair[0], pair[1], id=f"{rule}-{k}")
    for rule, pairs in VECTORS.items()
    for k, pair in enumerate(pairs)
]


def test_every_rule_has_a_function() -> None:
    assert set(VECTORS) == set(RULES)


def test_vectors_file_is_the_research_copy() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "research" / "vntext" / "vectors.json"
    if not shared.exists():
        pytest.skip("shared/ is not beside the clone")
    assert json.loads(shared.read_text(encoding="utf-8")) == VECTORS


@pytest.mark.parametrize(("rule", "given", "expected"), CASES)
def test_vector(rule: str, given: str, expected: str | None) -> None:
    assert RULES[rule](given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [pytest.param(p[0], p[1], id=f"html_entities-{k}") for k, p in enumerate(VECTORS["html_entities"])],
)
def test_entity_vectors_through_clean_display(given: str, expected: str) -> None:
    """Through the whole display pipeline the entity comes out decoded and Ð becomes Đ (rule 3 after 7)."""
    assert clean_display(given) == expected.replace("Ð", "Đ")
