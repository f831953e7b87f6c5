"""The built-in registry `crawler/sites.yaml`: all 63 pre-2025 provinces, and nothing guessed shown as seen.

The rules checked here are the ones README.md states for the registry: `seen` means the department's web host
was seen (each start URL's host is in `evidence`); a start URL is a seen listing, a home page (category
discovery) or a guess the notes admit; an `unverified` entry is disabled unless its notes say why not.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.pages.discovery import looks_like_home
from crawler.registry import BUILTIN_REGISTRY, Site, load_registry

ROOT = Path(__file__).resolve().parent.parent

# The 63 provinces and centrally-run cities before the 2025 mergers, as the registry spells them.
PROVINCES_63 = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa",
    "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
    "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
}  # fmt: skip
# The 34 provinces and cities from 1 July 2025.
PROVINCES_34 = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
    "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa",
    "Lâm Đồng", "Đắk Lắk", "TP Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long",
    "Đồng Tháp", "Cà Mau", "An Giang",
}  # fmt: skip
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP Hồ Chí Minh"}
# What an enabled `unverified` entry's notes must say (README: "The registry").
ENABLED_UNVERIFIED_MARK = "Enabled because"


@pytest.fixture(scope="module")
def sites() -> list[Site]:
    return load_registry()


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _by_id(sites: list[Site]) -> dict[str, Site]:
    return {s.id: s for s in sites}


def test_the_reference_lists_are_complete() -> None:
    assert len(PROVINCES_63) == 63
    assert len(PROVINCES_34) == 34


def test_one_entry_per_pre_2025_province(sites: list[Site]) -> None:
    provinces = [s.province for s in sites]
    assert len(provinces) == 63
    assert set(provinces) == PROVINCES_63


def test_every_entry_validates_and_ids_are_unique(sites: list[Site]) -> None:
    assert load_registry(BUILTIN_REGISTRY) == sites  # load_registry raises on any invalid entry
    ids = [s.id for s in sites]
    assert len(set(ids)) == len(ids) == 63
    assert all(s.status in ("seen", "unverified") for s in sites)


def test_file_text_is_nfc() -> None:
    assert unicodedata.is_normalized("NFC", BUILTIN_REGISTRY.read_text(encoding="utf-8"))


def test_province_2025_is_one_of_the_34(sites: list[Site]) -> None:
    assert {s.province_2025 for s in sites} == PROVINCES_34
    for site in sites:
        if site.province in PROVINCES_34:  # a province that kept its name absorbed the others
            assert site.province_2025 == site.province, site.id
    assert _by_id(sites)["thua_thien_hue"].province_2025 == "Huế"


def test_names_are_the_departments_full_names(sites: list[Site]) -> None:
    for site in sites:
        if site.id == "bac_lieu":
            continue
        kind = "thành phố" if site.province in CITIES else "tỉnh"
        place = site.province.removeprefix("TP ")
        assert site.name == f"Sở Thông tin và Truyền thông {kind} {place}", site.id


def test_ninh_thuan_has_both_of_its_sites(sites: list[Site]) -> None:
    nt = _by_id(sites)["ninh_thuan"]
    assert [_host(u) for u in nt.start_urls] == ["www.ninhthuan.gov.vn", "sotttt.ninhthuan.gov.vn"]
    assert urlsplit(nt.start_urls[0]).path.startswith("/chinhquyen/sotttt/")
    assert urlsplit(nt.start_urls[1]).path.startswith("/portal/")
    assert nt.status == "seen" and nt.enabled
    assert nt.category == "Tin hoạt động"


def test_seen_means_every_start_host_is_in_the_evidence(sites: list[Site]) -> None:
    seen = [s for s in sites if s.status == "seen"]
    assert seen
    for site in seen:
        assert site.evidence, site.id
        evidence_hosts = {_host(u) for u in site.evidence}
        for url in site.start_urls:
            assert _host(url) in evidence_hosts, (site.id, url)


def test_every_start_url_is_seen_a_home_page_or_an_admitted_guess(sites: list[Site]) -> None:
    for site in sites:
        for url in site.start_urls:
            if url in site.evidence or looks_like_home(url):
                continue
            assert site.notes and "guess" in site.notes.lower(), (site.id, url)


def test_unverified_entries_are_disabled_unless_notes_justify_it(sites: list[Site]) -> None:
    for site in sites:
        if site.status == "unverified" and site.enabled:
            assert site.notes and ENABLED_UNVERIFIED_MARK in site.notes, site.id
        if site.status == "seen":
            assert site.enabled, site.id


def test_unverified_entries_say_what_was_not_seen(sites: list[Site]) -> None:
    for site in sites:
        if site.status == "unverified":
            notes = (site.notes or "").lower()
            assert "not seen" in notes or "not found" in notes, site.id


def test_urls_are_whole_and_listed_once(sites: list[Site]) -> None:
    for site in sites:
        for url in (*site.start_urls, *site.evidence):
            assert "..." not in url and "…" not in url, (site.id, url)  # no truncated URL passed off as seen
            assert "&amp;" not in url, (site.id, url)
        assert len(set(site.start_urls)) == len(site.start_urls), site.id
        assert len(set(site.evidence)) == len(site.evidence), site.id


def test_successor_is_a_science_department_site_backed_by_evidence(sites: list[Site]) -> None:
    with_successor = [s for s in sites if s.successor]
    assert with_successor
    for site in with_successor:
        host = _host(site.successor or "")
        assert urlsplit(site.successor or "").scheme in ("http", "https"), site.id
        assert host.split(".", 1)[0] in ("sokhcn", "skhcn"), site.id
        assert host in {_host(u) for u in site.evidence} or host in (site.notes or ""), site.id


def test_a_category_is_set_only_where_its_label_was_seen(sites: list[Site]) -> None:
    for site in sites:
        if site.category:
            assert f"'{site.category}'" in (site.notes or ""), site.id


def test_bac_lieu_is_present_but_disabled(sites: list[Site]) -> None:
    bl = _by_id(sites)["bac_lieu"]
    assert bl.name == "Sở Văn hóa, Thông tin, Thể thao và Du lịch tỉnh Bạc Liêu"
    assert bl.start_urls
    assert bl.enabled is False
    assert bl.status == "unverified"
    assert "no separate Sở Thông tin và Truyền thông" in (bl.notes or "")


def test_scrapy_sites_check_exits_0(sites: list[Site]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "sites", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    enabled = sum(s.enabled for s in sites)
    assert done.stdout.strip() == f"crawler/sites.yaml: OK, {len(sites)} sites ({enabled} enabled)"
