"""Listing pages of every platform family, saved with their real URL: entries, next page, category, platform.

Each fixture is `tests/fixtures/<platform>/<case>/` with `page.html`, `meta.json` (`kind: listing`) and
`expected.json` (`article_urls`, `next_page`, `category`, `fragment`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.pages.base import Document
from crawler.pages.listing import ListingPage
from crawler.pages.platforms import detect_platform
from crawler.urls import netloc_of

FIXTURES = Path(__file__).parent / "fixtures"


def _cases() -> list[Path]:
    out = []
    for meta in sorted(FIXTURES.glob("*/*/meta.json")):
        if json.loads(meta.read_text(encoding="utf-8")).get("kind") == "listing":
            out.append(meta.parent)
    return out


CASES = _cases()
IDS = [f"{c.parent.name}/{c.name}" for c in CASES]


def _load(case: Path) -> tuple[Document, dict, dict]:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    ctype = meta.get("headers", {}).get("Content-Type", "")
    charset = ctype.split("charset=", 1)[1] if "charset=" in ctype else None
    return Document.from_bytes((case / "page.html").read_bytes(), meta["url"], charset), meta, expected


def _page_no(meta: dict) -> int:
    """The listing page number the spider would be on: meta's `page_no`, else the mirror file's number."""
    if "page_no" in meta:
        return int(meta["page_no"])
    match = re.search(r"listing-(\d+)\.html$", meta.get("source", {}).get("file", ""))
    return int(match.group(1)) if match else 1


def _page(case: Path, platform: str | None = None) -> tuple[ListingPage, dict]:
    doc, meta, expected = _load(case)
    page = ListingPage(
        doc,
        domains=(netloc_of(meta["url"]),),
        platform=platform or detect_platform(doc.html, doc.url),
        fragment=expected.get("fragment", False),
        page_no=_page_no(meta),
    )
    return page, expected


def test_there_are_listing_fixtures_for_every_family() -> None:
    families = {c.parent.name for c in CASES}
    assert {"sharepoint", "portal", "uiarticle", "liferay", "dnn", "joomla", "drupal"} <= families


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_platform_is_recognised(case: Path) -> None:
    doc, meta, expected = _load(case)
    if expected.get("fragment"):
        pytest.skip("an AJAX fragment carries no page signature; the spider keeps the listing's platform")
    assert detect_platform(doc.html, doc.url) == meta["platform"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_article_urls(case: Path) -> None:
    page, expected = _page(case)
    assert [e.url for e in page.entries()] == expected["article_urls"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_article_urls_without_platform_hints(case: Path) -> None:
    """The generic finder alone finds the same list: platform hints only narrow it down."""
    page, expected = _page(case, platform="generic")
    assert [e.url for e in page.entries()] == expected["article_urls"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_next_page(case: Path) -> None:
    page, expected = _page(case)
    result = page.parse()
    want = expected["next_page"]
    if want is None:
        assert result.next_pages == []
        return
    assert len(result.next_pages) == 1
    got = result.next_pages[0]
    form = got.form()
    assert (got.method, got.url) == (want["method"], want["url"])
    assert {k: form.get(k) for k in want["form"]} == want["form"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_category(case: Path) -> None:
    page, expected = _page(case)
    assert page.parse().category == expected["category"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_caller_that_knows_the_category_gets_the_rest_alike(case: Path) -> None:
    """The spider knows the category past a chain's first page and asks for none: entries and next page
    must not change with it."""
    with_category, without = _page(case)[0].parse(), _page(case)[0].parse(find_category=False)
    assert without.category is None
    assert (without.entries, without.next_pages) == (with_category.entries, with_category.next_pages)
