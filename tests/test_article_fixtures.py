"""ArticlePage on every saved per-platform article page: one test per fixture × field.

Fixtures live in ``tests/fixtures/<platform>/<case>/`` (page.html, meta.json with url/kind/platform/headers,
expected.json). Only ``kind == "article"`` cases are used, with the platform their meta names; each field
present in expected.json is compared exactly (image/attachment lists in page order).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from crawler.pages.article import ArticlePage
from crawler.pages.base import Document, ListingEntry

FIXTURES = Path(__file__).parent / "fixtures"
FIELDS = (
    "title",
    "published_at",
    "published_at_raw",
    "author",
    "summary",
    "text",
    "images",
    "attachments",
    "canonical_hint",
)


def _article_cases() -> list[Path]:
    cases = []
    for meta_path in sorted(FIXTURES.glob("*/*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("kind") == "article" and (meta_path.parent / "expected.json").is_file():
            cases.append(meta_path.parent)
    return cases


CASES = _article_cases()
PARAMS = [
    pytest.param(case, field, id=f"{case.parent.name}/{case.name}:{field}")
    for case in CASES
    for field in FIELDS
    if field in json.loads((case / "expected.json").read_text(encoding="utf-8"))
]


def _header_charset(meta: dict) -> str | None:
    headers = {k.lower(): v for k, v in (meta.get("headers") or {}).items()}
    match = re.search(r"charset=([\w.:-]+)", headers.get("content-type", ""), re.I)
    return match.group(1) if match else None


@cache
def _extract(case: Path) -> dict:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    doc = Document.from_bytes((case / "page.html").read_bytes(), meta["url"], _header_charset(meta))
    entry = ListingEntry(**meta["listing_entry"]) if meta.get("listing_entry") else None
    page = ArticlePage(
        doc,
        platform=meta.get("platform") or "generic",
        selectors=meta.get("selectors"),
        date_order=meta.get("date_order", "dmy"),
        listing_entry=entry,
    )
    return page.to_item()


@pytest.mark.parametrize(("case", "field"), PARAMS)
def test_field(case: Path, field: str) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert _extract(case)[field] == expected[field]
