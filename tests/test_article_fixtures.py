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


MODIFIED_ONLY = FIXTURES / "generic" / "joomla_modified_only"


def test_a_last_change_date_alone_is_taken_when_no_listing_gave_one() -> None:
    """The saved page shows only Joomla's "Lần cập nhật cuối ( ... )": without the listing's date it is the
    best date there is, and its line stays out of the body either way."""
    meta = json.loads((MODIFIED_ONLY / "meta.json").read_text(encoding="utf-8"))
    doc = Document.from_bytes((MODIFIED_ONLY / "page.html").read_bytes(), meta["url"])
    item = ArticlePage(doc).to_item()
    assert item["published_at"] == "2018-03-03T16:27:00+07:00"
    assert item["published_at_raw"] == "3 Tháng 3 2018 16:27"
    assert "cập nhật" not in item["text"]


def _dated(date_html: str, entry_date: str | None) -> str | None:
    body = "".join(
        f"<p>Đoạn {i}: Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác chuyển đổi số "
        "năm 2021, triển khai nhiệm vụ năm 2022 với sự tham dự của lãnh đạo các phòng, đơn vị trực thuộc.</p>"
        for i in range(4)
    )
    html = (
        "<html><head><title>Hội nghị tổng kết</title></head><body><div class='menu'><a href='/'>Trang chủ</a>"
        f"</div><div class='content'><h1>Hội nghị tổng kết công tác năm 2021</h1>{body}{date_html}</div>"
        "</body></html>"
    )
    url = "https://stttt.example.gov.vn/tin-tuc/hoi-nghi-tong-ket.html"
    entry = ListingEntry(url=url, title="Hội nghị tổng kết công tác năm 2021", date_raw=entry_date)
    return ArticlePage(Document.from_bytes(html.encode(), url), listing_entry=entry).to_item()["published_at"]


@pytest.mark.parametrize(
    ("date_html", "expected"),
    [
        # named as the last change by its element alone: the listing's date wins
        ("<div class='date-modified'>14/01/2022 09:30</div>", "2022-01-12"),
        ("<p class='lastupdated'>14/01/2022</p>", "2022-01-12"),
        # by its words
        ("<p>Cập nhật lần cuối: 14/01/2022</p>", "2022-01-12"),
        ("<p>Last modified 14/01/2022</p>", "2022-01-12"),
        # a plain "Cập nhật" or a date class is how many sites show the publication date: kept
        ("<p>Cập nhật: 14/01/2022</p>", "2022-01-14"),
        ("<div class='date'>14/01/2022</div>", "2022-01-14"),
    ],
)
def test_a_last_change_date_yields_to_the_listings(date_html: str, expected: str) -> None:
    assert _dated(date_html, "12/01/2022") == expected


def test_a_last_change_date_is_kept_when_the_listing_showed_none() -> None:
    assert _dated("<div class='date-modified'>14/01/2022</div>", None) == "2022-01-14"
