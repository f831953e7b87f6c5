"""URL rules: canonical form (one test per rule), platform article keys, host variants, rel=canonical,
ids, site scoping. URL shapes are the real ones of the research (sites REPORT §2, registry evidence)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.registry import Site
from crawler.urls import (
    article_id,
    article_key,
    canonical_for,
    canonical_url,
    choose_canonical,
    netloc_of,
    on_site,
    port_readable,
)

DNN_MIRROR = Path(__file__).parents[1] / "crawler" / "demo" / "sites" / "dnn"
HUE = "https://stttt.thuathienhue.gov.vn"
DNN_PATH = f"{HUE}/tin-hoat-dong/tabid/55/ctl/ViewDetail/mid/412/ItemID/5497/Default.aspx"
DNN_QUERY = f"{HUE}/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=5497"
DONG_THAP = (
    "https://stttt.dongthap.gov.vn/web/stttt/chi-tiet-bai-viet/-/asset_publisher/1mOzUrGkrdAE/content/id/"
    "10244805?plidlayout=198"
)
HA_NOI = (
    "http://ict-hanoi.gov.vn/tin-tuc-su-kien/-/view_content/"
    "2654676-so-ket-cong-tac-thong-tin-va-truyen-thong-6-thang-dau-nam-2018.html"
)
SOC_TRANG = (
    "http://www.sotttt.soctrang.gov.vn/-/so-thong-tin-va-truyen-thong-ai-hoi-cong-oan-co-so-lan-thu-iii"
    "-nhiem-ky-2017-2022?inheritRedirect=true&redirect=%2F"
)
SOC_TRANG_CANONICAL = (
    "http://www.sotttt.soctrang.gov.vn/-/so-thong-tin-va-truyen-thong-ai-hoi-cong-oan-co-so-lan-thu-iii"
    "-nhiem-ky-2017-2022"
)


# ---------------------------------------------------------------------------------- rule 1, one per rule


def test_scheme_and_host_are_lower_cased_path_case_is_kept() -> None:
    assert (
        canonical_url("HTTP://Stttt.HaNam.gov.vn/Pages/Hoi-nghi.aspx")
        == "http://stttt.hanam.gov.vn/Pages/Hoi-nghi.aspx"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://stttt.hanam.gov.vn:443/Pages/a.aspx", "https://stttt.hanam.gov.vn/Pages/a.aspx"),
        ("http://stttt.hanam.gov.vn:80/Pages/a.aspx", "http://stttt.hanam.gov.vn/Pages/a.aspx"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),  # not a default port: kept
        ("http://stttt.hanam.gov.vn:443/a", "http://stttt.hanam.gov.vn:443/a"),  # 443 is not http's default
    ],
)
def test_default_port_is_dropped(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_fragment_is_dropped() -> None:
    assert canonical_url("http://stttt.langson.gov.vn/tin-tuc/bai-1#comments") == (
        "http://stttt.langson.gov.vn/tin-tuc/bai-1"
    )


def test_path_is_nfc_then_percent_encoded() -> None:
    nfc = "http://sotttt.angiang.gov.vn/tin-t\u1ee9c-ho\u00e0"
    nfd = "http://sotttt.angiang.gov.vn/tin-tu\u031b\u0301c-hoa\u0300"
    encoded = "http://sotttt.angiang.gov.vn/tin-t%E1%BB%A9c-ho%C3%A0"
    assert canonical_url(nfc) == encoded
    assert canonical_url(nfd) == encoded
    assert canonical_url(encoded) == encoded
    assert canonical_url(encoded.lower().replace("http://", "HTTP://")) == encoded  # %e1 -> %E1


def test_session_parameters_are_removed() -> None:
    # The HCM Liferay URL as seen: a ;jsessionid= path parameter and a namespaced back-link.
    seen = (
        "http://shtpvn.org/web/sotttt/552/-/ext/articleview/article/2525943/14;"
        "jsessionid=E9DFA66E6AA73BA7AF16EC208AB7714E?_EXT_ARTICLEVIEW_version=1.0"
        "&_EXT_ARTICLEVIEW_redirect=%2Fweb%2Fsotttt%2Fhome"
    )
    assert canonical_url(seen) == (
        "http://shtpvn.org/web/sotttt/552/-/ext/articleview/article/2525943/14?_EXT_ARTICLEVIEW_version=1.0"
    )
    assert (
        canonical_url(
            "http://stttt.dongnai.gov.vn/Pages/newsdetail.aspx?ASPSESSIONIDQQSCTBTD=KLM&PHPSESSID=a1"
            "&sid=2&sessionid=3&NewsId=5&CatId=4"
        )
        == "http://stttt.dongnai.gov.vn/Pages/newsdetail.aspx?CatId=4&NewsId=5"
    )


def test_tracking_and_back_link_parameters_are_removed() -> None:
    assert canonical_url(SOC_TRANG) == SOC_TRANG_CANONICAL  # inheritRedirect, redirect
    tracked = (
        "https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/newsdetail.aspx?NewsId=11222&CatId=43"
        "&utm_source=facebook&utm_medium=social&utm_campaign=x&fbclid=IwAR0&gclid=1&zarsrc=30&_ga=2.1"
    )
    assert canonical_url(tracked) == (
        "https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/newsdetail.aspx?CatId=43&NewsId=11222"
    )


def test_query_is_sorted() -> None:
    gia_lai = (
        "http://tttt.gialai.gov.vn/index.php?option=com_content&view=category&id=55%3Abu-chinh-vin-thong"
        "&layout=blog&Itemid=115&limitstart=30"
    )
    assert canonical_url(gia_lai) == (
        "http://tttt.gialai.gov.vn/index.php?Itemid=115&id=55%3Abu-chinh-vin-thong&layout=blog"
        "&limitstart=30&option=com_content&view=category"
    )


# ------------------------------------------------------------------------------- rule 2, article keys


def test_dnn_path_and_query_shapes_are_one_article() -> None:
    assert article_key(DNN_PATH) == "dnn:tabid=55:mid=412:itemid=5497"
    assert article_key(DNN_QUERY) == "dnn:tabid=55:mid=412:itemid=5497"
    normal = "https://stttt.thuathienhue.gov.vn/Default.aspx?ItemID=5497&ctl=ViewDetail&mid=412&tabid=55"
    assert canonical_url(DNN_PATH) == normal
    assert canonical_url(DNN_QUERY) == normal
    mixed = f"{HUE}/tin-hoat-dong/tabid/55/Default.aspx?ctl=ViewDetail&mid=412&ItemID=5497"
    assert canonical_url(mixed) == normal
    assert canonical_url(DNN_PATH.replace("5497", "5495")) != normal


def test_dnn_demo_sidebar_links_name_the_articles_of_the_list() -> None:
    """The demo mirror's sidebar links the query shape of articles served under the path shape."""
    page = (DNN_MIRROR / "pages" / "article-target-5497.html").read_text(encoding="utf-8")
    base = "https://stttt.thuathienhue.gov.vn"
    query_links = {
        base + html.unescape(h) for h in re.findall(r'href="(/Default\.aspx\?tabid=[^"]*ItemID=[^"]*)"', page)
    }
    routes = json.loads((DNN_MIRROR / "routes.json").read_text(encoding="utf-8"))["routes"]
    served = {base + r["path"] for r in routes if "/ItemID/" in r["path"]}
    assert len(query_links) >= 5
    served_by_canonical = {canonical_url(u): u for u in served}
    for link in query_links:
        assert canonical_url(link) in served_by_canonical, link


@pytest.mark.parametrize(
    "url",
    [
        "https://stttt.thuathienhue.gov.vn/tin-hoat-dong/tabid/55/Default.aspx",  # the listing
        f"{HUE}/tin-hoat-dong/tabid/55/ctl/Login/mid/412/ItemID/5497/Default.aspx",
        f"{HUE}/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=5497&language=en-US",
        "https://stttt.thuathienhue.gov.vn/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=x",
        f"{HUE}/x/tabid/55/ctl/ViewDetail/mid/412/ItemID/5497/Default.aspx?tabid=56",
    ],
)
def test_dnn_other_shapes_have_no_key_and_stay_as_they_are(url: str) -> None:
    assert article_key(url) is None
    assert urlsplit(canonical_url(url)).path == urlsplit(url).path


def test_liferay_asset_publisher_and_view_content_are_one_article() -> None:
    same_id_view = "https://stttt.dongthap.gov.vn/tin-tuc/-/view_content/10244805-hoi-nghi-giao-ban.html"
    assert article_key(DONG_THAP) == "liferay:10244805"
    assert article_key(same_id_view) == "liferay:10244805"
    assert canonical_url(DONG_THAP) == "https://stttt.dongthap.gov.vn/-/view_content/10244805"
    assert canonical_url(same_id_view) == canonical_url(DONG_THAP)
    assert article_key(HA_NOI) == "liferay:2654676"
    assert canonical_url(HA_NOI) == "http://ict-hanoi.gov.vn/-/view_content/2654676"
    dak_nong = (
        "https://daknong.gov.vn/thong-tin-tuyen-truyen1/-/view_content/84366897-dinh-huong-cong-tac.html"
        "?_101_idStr=61368162%2C82492136%2C"
    )
    assert canonical_url(dak_nong) == "https://daknong.gov.vn/-/view_content/84366897"


@pytest.mark.parametrize(
    "url",
    [
        "https://stttt.quangbinh.gov.vn/chi-tiet-tin/-/view-article/1/2671/2671",
        "https://skhcn.haugiang.gov.vn/chi-tiet/-/tin-tuc/Hoi-nghi-so-ket-123",
        "https://stttt.dongthap.gov.vn/web/stttt/tin-hoat-dong",
    ],
)
def test_other_liferay_shapes_have_no_key(url: str) -> None:
    assert article_key(url) is None
    assert canonical_url(url) == url


def test_sharepoint_list_forms_of_one_item_are_one_article() -> None:
    disp = "https://duchue.longan.gov.vn/Lists/TinTucSuKien/DispForm.aspx?PageIndex=0&ID=3267"
    view = "https://duchue.longan.gov.vn/Lists/TinTucSuKien/View_Detail.aspx?ItemID=3267"
    assert article_key(disp) == article_key(view) == "sharepoint:/lists/tintucsukien:3267"
    assert canonical_url(disp) == canonical_url(view)
    assert canonical_url(disp) == "https://duchue.longan.gov.vn/lists/tintucsukien/dispform.aspx?ID=3267"
    subsite = "http://tamduong.vinhphuc.gov.vn/noidung/tintuc/Lists/VanHoaXaHoi/View_Detail.aspx?ItemID=410"
    assert article_key(subsite) == "sharepoint:/noidung/tintuc/lists/vanhoaxahoi:410"
    other_list = "https://duchue.longan.gov.vn/Lists/ThongBao/DispForm.aspx?ID=3267"
    assert canonical_url(other_list) != canonical_url(disp)


@pytest.mark.parametrize(
    "url",
    [
        # An id is in these shapes, but nothing seen ties it to a list item or a slug: no merge.
        "https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/newsdetail.aspx?NewsId=11222&CatId=43",
        "https://stttt.hanam.gov.vn/Pages/tin-tuc.aspx?ItemID=123",
        "https://stttt.hanam.gov.vn/tin-tuc/hoi-nghi-123.html",
        "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139",
        "https://duchue.longan.gov.vn/Lists/TinTucSuKien/AllItems.aspx?ID=3267",
    ],
)
def test_sharepoint_pages_and_slugs_have_no_key(url: str) -> None:
    assert article_key(url) is None


@pytest.mark.parametrize(
    "url",
    [
        DNN_PATH,
        DNN_QUERY,
        DONG_THAP,
        HA_NOI,
        SOC_TRANG,
        "https://duchue.longan.gov.vn/Lists/A/DispForm.aspx?ID=1",
    ],
)
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert article_key(once) == article_key(url)


# ------------------------------------------------------------------------------- rule 3, host variants


def _site(start_urls: list[str], *, variants: bool, domains: tuple[str, ...] = ()) -> Site:
    return Site(
        id="x",
        name="n",
        province="p",
        start_urls=start_urls,
        allowed_domains=domains,
        same_host_variants=variants,
    )


def test_host_variants_off_keeps_scheme_and_www_apart() -> None:
    site = _site(["http://www.sotttt.soctrang.gov.vn/"], variants=False)
    bare_https = SOC_TRANG.replace("http://www.", "https://")
    assert canonical_url(bare_https, site) == SOC_TRANG_CANONICAL.replace("http://www.", "https://")
    assert canonical_url(bare_https, site) != canonical_url(SOC_TRANG, site)
    assert canonical_for(site) is canonical_url


def test_host_variants_on_gives_one_scheme_and_host_form() -> None:
    site = _site(["http://www.sotttt.soctrang.gov.vn/"], variants=True)
    for scheme, www in [("http", "www."), ("https", "www."), ("http", ""), ("HTTPS", "WWW.")]:
        url = SOC_TRANG.replace("http://www.", f"{scheme}://{www}")
        assert canonical_url(url, site) == SOC_TRANG_CANONICAL, url
        assert canonical_for(site)(url) == SOC_TRANG_CANONICAL, url


def test_host_variants_take_the_start_url_form_per_host() -> None:
    # Ninh Thuận: two hosts. Each keeps its own form; they are never merged with each other.
    site = _site(
        [
            "https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/Tin-hoat-dong.aspx",
            "https://sotttt.ninhthuan.gov.vn/portal/Pages/Tin-hoat-dong.aspx",
        ],
        variants=True,
    )
    canon = canonical_for(site)
    assert canon("http://ninhthuan.gov.vn/chinhquyen/sotttt/Pages/a.aspx") == (
        "https://www.ninhthuan.gov.vn/chinhquyen/sotttt/Pages/a.aspx"
    )
    assert canon("http://www.sotttt.ninhthuan.gov.vn/portal/Pages/2022-3-16/a.aspx") == (
        "https://sotttt.ninhthuan.gov.vn/portal/Pages/2022-3-16/a.aspx"
    )
    # hosts that are not the site's own (a subdomain, another site) are left alone
    assert canon("http://files.ninhthuan.gov.vn/a.pdf") == "http://files.ninhthuan.gov.vn/a.pdf"
    assert canon("http://www.haiphong.gov.vn/a") == "http://www.haiphong.gov.vn/a"


def test_host_variants_apply_to_a_domains_entry_and_after_article_keys() -> None:
    site = _site(["https://stttt.thuathienhue.gov.vn/"], variants=True, domains=("www.hue.gov.vn",))
    canon = canonical_for(site)
    assert canon("http://hue.gov.vn/a") == "https://www.hue.gov.vn/a"  # the first start URL's scheme
    assert canon(DNN_QUERY.replace("https://", "http://www.")) == canonical_url(DNN_PATH)


def test_canonical_for_is_cached_per_site() -> None:
    site = _site(["http://www.sotttt.soctrang.gov.vn/"], variants=True)
    assert canonical_for(site) is canonical_for(site)
    assert canonical_for(None) is canonical_url


# ------------------------------------------------------------------------------- rule 4, rel=canonical

SLUG_PAGE = "https://stttt.langson.gov.vn/node/512"
SLUG_SITE = _site(["https://stttt.langson.gov.vn/tin-hoat-dong"], variants=False)


def test_on_site_canonical_hint_is_used_through_the_same_rules() -> None:
    hint = "https://stttt.langson.gov.vn/hoi-nghi-giao-ban-thang-5?utm_source=fb#top"
    assert (
        choose_canonical(SLUG_PAGE, hint, SLUG_SITE)
        == "https://stttt.langson.gov.vn/hoi-nghi-giao-ban-thang-5"
    )


def test_canonical_hint_goes_through_host_variants() -> None:
    site = _site(["http://www.sotttt.soctrang.gov.vn/"], variants=True)
    page = "http://www.sotttt.soctrang.gov.vn/-/bai-1?redirect=%2F"
    hint = "https://sotttt.soctrang.gov.vn/-/bai-1"
    assert choose_canonical(page, hint, site) == "http://www.sotttt.soctrang.gov.vn/-/bai-1"


@pytest.mark.parametrize(
    "hint",
    [
        None,
        "https://other.gov.vn/hoi-nghi",  # another site
        "https://stttt.langson.gov.vn/",  # the home page
        "https://stttt.langson.gov.vn/index.php",  # the home page under another name
        "https://stttt.langson.gov.vn/tin-hoat-dong",  # the start URL: a listing
        "https://stttt.langson.gov.vn/node",  # a parent directory: a section page
    ],
)
def test_untrusted_canonical_hint_falls_back_to_the_page(hint: str | None) -> None:
    assert choose_canonical(SLUG_PAGE, hint, SLUG_SITE) == SLUG_PAGE


def test_section_hint_of_a_deeper_page_is_ignored() -> None:
    page = "https://sotttt.thaibinh.gov.vn/tin-tuc/hoat-dong/bai-1.html"
    site = _site(["https://sotttt.thaibinh.gov.vn/"], variants=False)
    assert choose_canonical(page, "https://sotttt.thaibinh.gov.vn/tin-tuc/", site) == page
    assert choose_canonical(page, "https://sotttt.thaibinh.gov.vn/tin-tuc/hoat-dong", site) == page


def test_article_key_of_the_page_beats_its_hint() -> None:
    site = _site(["https://stttt.thuathienhue.gov.vn/"], variants=False)
    other_article = DNN_PATH.replace("5497", "5495")
    assert choose_canonical(DNN_PATH, other_article, site) == canonical_url(DNN_PATH)
    assert choose_canonical(DNN_QUERY, DNN_PATH, site) == canonical_url(DNN_PATH)
    assert choose_canonical(DNN_PATH, "https://stttt.thuathienhue.gov.vn/hoi-nghi", site) == canonical_url(
        DNN_PATH
    )


def test_no_site_means_no_hint() -> None:
    assert choose_canonical(SLUG_PAGE, "https://stttt.langson.gov.vn/bai", None) == SLUG_PAGE


# --------------------------------------------------------------------------------------- ids and scoping


def test_article_id_is_stable_and_depends_on_canonical_url_only() -> None:
    assert article_id(canonical_url("http://X.gov.vn/a?utm_source=z")) == article_id(
        canonical_url("http://x.gov.vn/a")
    )
    assert article_id(canonical_url(DNN_PATH)) == article_id(canonical_url(DNN_QUERY))
    assert article_id("http://x.gov.vn/a") != article_id("http://x.gov.vn/b")


def test_netloc_drops_default_port_only() -> None:
    assert netloc_of("https://A.gov.vn:443/x") == "a.gov.vn"
    assert netloc_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


@pytest.mark.parametrize(
    ("url", "domains", "inside"),
    [
        ("http://www.x.gov.vn/a", ("x.gov.vn",), True),
        ("http://x.gov.vn/a", ("www.x.gov.vn",), True),
        ("http://sub.x.gov.vn/a", ("x.gov.vn",), True),
        ("http://evilx.gov.vn/a", ("x.gov.vn",), False),
        ("http://127.0.0.1:8081/a", ("127.0.0.1:8080",), False),
        ("http://127.0.0.1:8080/a", ("127.0.0.1:8080",), True),
        ("ftp://x.gov.vn/a", ("x.gov.vn",), False),
        # a link whose port cannot be read is no link of the site (urllib raises on reading it)
        ("http://x.gov.vn:99999/a", ("x.gov.vn",), False),
        ("http://x.gov.vn:80:80/a", ("x.gov.vn",), False),
        ("http://x.gov.vn:8o/a", ("x.gov.vn",), False),
    ],
)
def test_on_site(url: str, domains: tuple[str, ...], inside: bool) -> None:
    assert on_site(url, domains) is inside


def _urllib_reads_port(url: str) -> bool:
    try:
        urlsplit(url).port  # noqa: B018 (read to check it)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    "url",
    [
        "http://x.gov.vn/a",
        "http://x.gov.vn:8080/a",
        "http://x.gov.vn:/a",  # an empty port: none
        "http://x.gov.vn:0/a",
        "http://x.gov.vn:65535/a",
        "http://x.gov.vn:65536/a",
        "http://x.gov.vn:99999/a",
        "http://x.gov.vn:80:80/a",
        "http://x.gov.vn:8o/a",
        "http://x.gov.vn:+80/a",
        "http://x.gov.vn:\uff18\uff10/a",  # full-width digits: not ASCII
        "http://user:pass@x.gov.vn/a",  # a colon in the user info is no port
        "http://user:pass@x.gov.vn:99999/a",
        "http://[::1]:8080/a",
        "http://[::1]:99999/a",
        "http://[::1/a",  # urlsplit itself refuses it
        "/relative/path",
    ],
)
def test_port_readable_is_urllibs_answer(url: str) -> None:
    """The remembered answer by netloc is what reading the port of the whole URL says."""
    assert port_readable(url) is _urllib_reads_port(url)
