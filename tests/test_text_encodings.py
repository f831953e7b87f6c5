"""Saved pages in legacy encodings (tests/fixtures/encodings) come out as correct Unicode.

The way the extractor does it: decode the bytes with the header charset, take the element's text, convert
it with the font hint of its nearest <font face>/font-family ancestor, then clean it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from crawler.text import clean_display, clean_inline, decode_html, fix_legacy, font_hint

FIXTURES = Path(__file__).parent / "fixtures" / "encodings"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())
_STYLE_FONT = re.compile(r"font-family\s*:\s*([^;]+)", re.IGNORECASE)


def _load(case: str) -> tuple[bytes, dict]:
    folder = FIXTURES / case
    return (folder / "page.html").read_bytes(), json.loads((folder / "expected.json").read_text("utf-8"))


def _hint(el: lxml.html.HtmlElement) -> str | None:
    """Font hint of the nearest ancestor-or-self naming a font."""
    for node in (el, *el.iterancestors()):
        face = node.get("face")
        style = _STYLE_FONT.search(node.get("style") or "")
        if face or style:
            return font_hint(face or style.group(1))
    return None


def _texts(case: str, hinted: bool) -> tuple[str, str]:
    body, expected = _load(case)
    html, _ = decode_html(body, expected["header_charset"])
    tree = lxml.html.document_fromstring(html)
    title_el = tree.find_class("title")[0]
    para_el = tree.xpath("//p")[0]
    title = fix_legacy(title_el.text_content(), _hint(title_el) if hinted else None)
    para = fix_legacy(para_el.text_content(), _hint(para_el) if hinted else None)
    return clean_inline(title), clean_display(para)


def test_every_case_is_listed_in_the_readme() -> None:
    readme = (FIXTURES / "README.md").read_text("utf-8")
    assert CASES
    for case in CASES:
        assert f"`{case}/page.html`" in readme


@pytest.mark.parametrize("case", CASES)
def test_encoding_chosen(case: str) -> None:
    body, expected = _load(case)
    assert decode_html(body, expected["header_charset"])[1] == expected["encoding"]


@pytest.mark.parametrize("case", CASES)
def test_font_hint_found(case: str) -> None:
    body, expected = _load(case)
    tree = lxml.html.document_fromstring(decode_html(body, expected["header_charset"])[0])
    assert _hint(tree.find_class("title")[0]) == expected["font_hint"]


@pytest.mark.parametrize("case", CASES)
def test_title_with_font_hint(case: str) -> None:
    assert _texts(case, hinted=True)[0] == _load(case)[1]["title"]


@pytest.mark.parametrize("case", CASES)
def test_first_paragraph_with_font_hint(case: str) -> None:
    assert _texts(case, hinted=True)[1] == _load(case)[1]["first_paragraph"]


@pytest.mark.parametrize("case", CASES)
def test_title_autodetected(case: str) -> None:
    """Without the font name, detection by syllable validity gets the same text."""
    assert _texts(case, hinted=False)[0] == _load(case)[1]["title"]


@pytest.mark.parametrize("case", CASES)
def test_first_paragraph_autodetected(case: str) -> None:
    assert _texts(case, hinted=False)[1] == _load(case)[1]["first_paragraph"]


def test_clean_display_on_the_whole_tcvn3_page_text() -> None:
    """clean_display alone (per-line detection) repairs the decoded page and keeps the ASCII menu."""
    body, expected = _load("tcvn3")
    tree = lxml.html.document_fromstring(decode_html(body, expected["header_charset"])[0])
    text = clean_display(tree.body.text_content())
    assert expected["title"] in text
    assert expected["first_paragraph"] in text
    assert "Quốc Trạng" in text
    assert "Trang chu | Tin tuc | Lien he" in text
