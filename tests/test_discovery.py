"""Category discovery: from a saved home page of each platform family to its "Tin hoạt động" listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.pages.base import Document
from crawler.pages.discovery import find_category_link, looks_like_home
from crawler.urls import netloc_of

FIXTURES = Path(__file__).parent / "fixtures"
HOMES = sorted(p.parent for p in FIXTURES.glob("*/home/meta.json"))
IDS = [p.parent.name for p in HOMES]


def _found(case: Path, category: str | None = None):
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    doc = Document.from_bytes((case / "page.html").read_bytes(), meta["url"])
    return find_category_link(doc, (netloc_of(meta["url"]),), category)


def _expected(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def test_every_family_has_a_home_page_fixture() -> None:
    assert set(IDS) >= {"sharepoint", "portal", "uiarticle", "liferay", "dnn", "joomla", "drupal"}


@pytest.mark.parametrize("case", HOMES, ids=IDS)
def test_listing_url(case: Path) -> None:
    assert _found(case).url == _expected(case)["listing_url"]


@pytest.mark.parametrize("case", HOMES, ids=IDS)
def test_label(case: Path) -> None:
    assert _found(case).label == _expected(case)["category"]


@pytest.mark.parametrize("case", HOMES, ids=IDS)
def test_fallback_is_reported(case: Path) -> None:
    assert _found(case).fallback is _expected(case)["fallback"]


def test_registry_category_name_comes_first() -> None:
    html = (
        '<ul><li><a href="/tin-hoat-dong">Tin hoạt động</a></li>'
        '<li><a href="/hoat-dong-cntt">Tin hoạt động Công nghệ thông tin</a></li></ul>'
    )
    doc = Document.from_text(html, "https://ict-hcm.gov.vn/")
    found = find_category_link(doc, ("ict-hcm.gov.vn",), "Tin hoạt động Công nghệ thông tin")
    assert (found.url, found.fallback) == ("https://ict-hcm.gov.vn/hoat-dong-cntt", False)


def test_exact_label_beats_a_longer_one_and_off_site_links_do_not_count() -> None:
    html = (
        '<a href="https://other.gov.vn/tin-hoat-dong">Tin hoạt động</a>'
        '<a href="/tin-hoat-dong-nganh">Tin hoạt động ngành</a><a href="/thd">TIN HOẠT ĐỘNG</a>'
    )
    found = find_category_link(Document.from_text(html, "https://a.gov.vn/"), ("a.gov.vn",))
    assert found.url == "https://a.gov.vn/thd"


def test_no_category_link() -> None:
    doc = Document.from_text('<a href="/lien-he">Liên hệ</a>', "https://a.gov.vn/")
    assert find_category_link(doc, ("a.gov.vn",)) is None


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://stttt.bacgiang.gov.vn/", True),
        ("https://stttt.bacgiang.gov.vn", True),
        ("http://tttt.gialai.gov.vn/index.php", True),
        ("https://stttt.thuathienhue.gov.vn/Default.aspx", True),
        ("https://sotttt.ninhthuan.gov.vn/portal/Pages/default.aspx", True),
        ("https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/default.aspx", True),
        ("https://stttt.dongthap.gov.vn/web/stttt", True),
        ("https://sotttt.haiphong.gov.vn/tin-hoat-dong-cua-so", False),
        ("http://tttt.gialai.gov.vn/index.php?option=com_content&view=category&id=55", False),
        ("https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/tin-hoat-dong.aspx", False),
    ],
)
def test_looks_like_home(url: str, home: bool) -> None:
    assert looks_like_home(url) is home
