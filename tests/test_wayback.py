"""The web-archive pieces on their own: CDX queries and answers, captures, link mapping, registry keys."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.registry import RegistryError, load_registry
from crawler.runargs import CrawlArgs
from crawler.wayback import (
    Capture,
    CaptureIndex,
    category_path,
    cdx_query_url,
    looks_like_article,
    original_url,
    parse_cdx,
    unrewrite_links,
    url_key,
)
from tests.crawl_helpers import write_registry

HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]


def _row(ts: str, url: str, status: str = "200") -> list[str]:
    return ["k", ts, url, "text/html", status, "D"]


# -- CDX queries ------------------------------------------------------------------------------------------
def _params(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def test_query_is_a_prefix_query_on_the_host() -> None:
    params = _params(cdx_query_url("https://web.archive.org/cdx/search/cdx", "stttt.ninhthuan.gov.vn"))
    assert ("url", "stttt.ninhthuan.gov.vn/") in params
    assert ("matchType", "prefix") in params


def test_query_filters_html_200_as_json_with_resume_key() -> None:
    params = _params(cdx_query_url("https://a/cdx", "x.vn"))
    assert ("filter", "statuscode:200") in params
    assert ("filter", "mimetype:text/html") in params
    assert ("output", "json") in params
    assert ("showResumeKey", "true") in params


def test_query_collapse_follows_the_pick() -> None:
    assert ("collapse", "urlkey") in _params(cdx_query_url("https://a/cdx", "x.vn", pick="oldest"))
    assert ("collapse", "digest") in _params(cdx_query_url("https://a/cdx", "x.vn", pick="newest"))


def test_query_window_limit_and_resume_key() -> None:
    params = _params(
        cdx_query_url(
            "https://a/cdx", "x.vn", window=("2019", "20250701"), limit=50, resume_key="x.vn/a 2020"
        )
    )
    assert ("from", "2019") in params
    assert ("to", "20250701") in params
    assert ("limit", "50") in params
    assert ("resumeKey", "x.vn/a 2020") in params


def test_query_endpoint_is_the_setting() -> None:
    assert cdx_query_url("http://127.0.0.1:8080/pywb/cdx", "x.vn").startswith(
        "http://127.0.0.1:8080/pywb/cdx?"
    )


# -- CDX answers ----------------------------------------------------------------------------------------
def test_parse_rows_and_resume_key() -> None:
    body = json.dumps([HEADER, _row("20230101000000", "http://x.vn/a"), [], ["x.vn/b 20230102"]])
    captures, resume = parse_cdx(body.encode())
    assert captures == [Capture("20230101000000", "http://x.vn/a", "200", "text/html", "D")]
    assert resume == "x.vn/b 20230102"


def test_parse_last_page_has_no_resume_key() -> None:
    captures, resume = parse_cdx(json.dumps([HEADER, _row("20230101000000", "http://x.vn/a")]))
    assert len(captures) == 1
    assert resume is None


@pytest.mark.parametrize("body", [b"", b"[]", b"  \n"])
def test_parse_empty_answer(body: bytes) -> None:
    assert parse_cdx(body) == ([], None)


def test_parse_skips_malformed_rows() -> None:
    body = json.dumps([HEADER, ["k", "not-a-time", "http://x.vn/a", "text/html", "200", "D"], ["short"]])
    assert parse_cdx(body) == ([], None)


# -- captures -----------------------------------------------------------------------------------------------
def test_captured_at_is_utc_iso_z() -> None:
    assert Capture("20190305120102", "http://x.vn/").captured_at == "2019-03-05T12:01:02Z"


def test_replay_url_is_the_raw_id_form() -> None:
    cap = Capture("20190305120102", "http://x.vn/a?b=1")
    assert (
        cap.replay_url("https://web.archive.org/web/")
        == "https://web.archive.org/web/20190305120102id_/http://x.vn/a?b=1"
    )


def test_url_key_folds_scheme_www_port_and_query_order() -> None:
    assert url_key("http://www.X.vn:80/a?b=1&a=2") == url_key("https://x.vn/a?a=2&b=1")


def test_url_key_keeps_a_non_default_port() -> None:
    assert url_key("http://127.0.0.1:8080/a") != url_key("http://127.0.0.1:8081/a")


def test_index_keeps_the_newest_capture_by_default() -> None:
    index = CaptureIndex()
    index.add([Capture("20200101000000", "http://x.vn/a"), Capture("20230101000000", "https://www.x.vn/a")])
    assert index.get("http://x.vn/a").timestamp == "20230101000000"  # type: ignore[union-attr]


def test_index_can_keep_the_oldest() -> None:
    index = CaptureIndex("oldest")
    index.add([Capture("20230101000000", "http://x.vn/a"), Capture("20200101000000", "http://x.vn/a")])
    assert index.get("http://x.vn/a").timestamp == "20200101000000"  # type: ignore[union-attr]


def test_index_ignores_non_200_rows() -> None:
    index = CaptureIndex()
    index.add([Capture("20230101000000", "http://x.vn/a", status="302")])
    assert index.get("http://x.vn/a") is None


def test_index_refuses_an_unknown_pick() -> None:
    with pytest.raises(ValueError, match="WAYBACK_PICK"):
        CaptureIndex("random")


# -- links in captures ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/20190101000000/http://x.vn/a", "http://x.vn/a"),
        ("/web/20190101000000id_/https://x.vn/a?b=1", "https://x.vn/a?b=1"),
        ("/web/2019im_/http:/x.vn/logo.png", "http://x.vn/logo.png"),
        ("/web/20190101000000/x.vn/a", "http://x.vn/a"),
        ("http://x.vn/web/page", "http://x.vn/web/page"),
        ("http://x.vn/a", "http://x.vn/a"),
    ],
)
def test_original_url(url: str, expected: str) -> None:
    assert original_url(url) == expected


def test_unrewrite_links_takes_the_archive_prefix_off() -> None:
    body = (
        b'<a href="/web/20190101000000/http://x.vn/a">a</a>'
        b'<a href="https://web.archive.org/web/20190101000000id_/https://x.vn/b">b</a>'
        b'<img src="//web.archive.org/web/20190101000000im_/http://x.vn/c.png">'
        b'<a href="http://x.vn/web/d">d</a>'
    )
    out, n = unrewrite_links(body, "https://web.archive.org/web")
    assert out == (
        b'<a href="http://x.vn/a">a</a><a href="https://x.vn/b">b</a>'
        b'<img src="http://x.vn/c.png"><a href="http://x.vn/web/d">d</a>'
    )
    assert n == 3


# -- which captured URLs are articles ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "http://x.vn/tin-hoat-dong-cua-so/dien-tap-thuc-chien-bao-dam-255060",
        "http://x.vn/Default.aspx?tabid=55&mid=412&ctl=ViewDetail&ItemID=5204",
        "http://x.vn/index.php?option=com_content&view=article&id=871:giao-ban&catid=55",
        "http://x.vn/node/1956",
        "http://x.vn/hoi-nghi-tong-ket-cong-tac-nam-2023",
    ],
)
def test_article_shaped_urls(url: str) -> None:
    assert looks_like_article(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://x.vn/",
        "http://x.vn/tin-hoat-dong",
        "http://x.vn/tin-hoat-dong?page=2",
        "http://x.vn/style/site.css",
        "http://x.vn/files/bao-cao-tong-ket-2023.pdf",
        "http://x.vn/tim-kiem?keyword=chuyen-doi-so-nam-2023",
    ],
)
def test_not_article_shaped_urls(url: str) -> None:
    assert not looks_like_article(url)


def test_article_must_be_under_the_given_path() -> None:
    assert not looks_like_article("http://x.vn/thong-bao/hoi-nghi-tong-ket-255039", "/tin-hoat-dong-cua-so/")


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("http://x.vn/tin-hoat-dong-cua-so", "/tin-hoat-dong-cua-so/"),
        ("http://x.vn/tin-tuc/tin-hoat-dong/", "/tin-tuc/tin-hoat-dong/"),
        ("http://x.vn/portal/Pages/Tin-hoat-dong.aspx", None),
        ("http://x.vn/index.php?option=com_content&view=category&id=55", None),
        ("http://x.vn/", None),
    ],
)
def test_category_path(start: str, expected: str | None) -> None:
    assert category_path(start) == expected


# -- spider argument and registry keys ---------------------------------------------------------------------
@pytest.mark.parametrize("source", ["live", "wayback", "auto"])
def test_source_argument_is_accepted(source: str) -> None:
    assert CrawlArgs.parse({"source": source}).source == source


def _entry(**extra: object) -> dict:
    return {"id": "x", "name": "Sở X", "province": "X", "start_urls": ["http://x.vn/tin"], **extra}


def test_registry_source_and_window(tmp_path: Path) -> None:
    path = write_registry(
        [_entry(source="wayback", wayback_from="2019-01-01", wayback_to=2025)], tmp_path / "s.yaml"
    )
    (site,) = load_registry(path)
    assert (site.source, site.wayback_from, site.wayback_to) == ("wayback", "20190101", "2025")


def test_registry_window_unquoted_yaml_date(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "sites:\n  - id: x\n    name: X\n    province: X\n    start_urls: [http://x.vn/]\n"
        "    wayback_from: 2019-03-01\n    wayback_to: 20250630120000\n",
        encoding="utf-8",
    )
    (site,) = load_registry(path)
    assert (site.wayback_from, site.wayback_to) == ("20190301", "20250630120000")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"source": "ftp"}, "key 'source': 'ftp' is not one of live, wayback, auto"),
        ({"wayback_from": "01/03/2019"}, "key 'wayback_from': expected a date"),
        ({"wayback_to": "2019-13-01"}, "key 'wayback_to': expected a date"),
        ({"wayback_from": True}, "key 'wayback_from': expected a date"),
        ({"wayback_from": "2024", "wayback_to": "2019"}, "key 'wayback_to': '2019' is before wayback_from"),
    ],
)
def test_registry_bad_wayback_keys_are_named(tmp_path: Path, extra: dict, message: str) -> None:
    path = write_registry([_entry(**extra)], tmp_path / "s.yaml")
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_registry_same_year_window_is_fine(tmp_path: Path) -> None:
    (site,) = load_registry(
        write_registry([_entry(wayback_from="2024", wayback_to="2024")], tmp_path / "s.yaml")
    )
    assert (site.wayback_from, site.wayback_to) == ("2024", "2024")


# -- which source each site gets --------------------------------------------------------------------------
def _spider(tmp_path: Path, entries: list[dict], **args: str) -> object:
    from crawler.spiders.tinhoatdong import TinHoatDongSpider

    return TinHoatDongSpider(sites=str(write_registry(entries, tmp_path / "s.yaml")), **args)


def test_run_source_applies_to_unpinned_sites(tmp_path: Path) -> None:
    spider = _spider(tmp_path, [_entry()], source="wayback")
    assert spider.source_of == {"x": "wayback"}  # type: ignore[attr-defined]


def test_registry_pin_wins_over_the_run_argument(tmp_path: Path) -> None:
    spider = _spider(tmp_path, [_entry(source="wayback"), _entry(id="y", source="live")], source="auto")
    assert spider.source_of == {"x": "wayback", "y": "live"}  # type: ignore[attr-defined]


def test_auto_starts_live_except_for_a_site_marked_gone(tmp_path: Path) -> None:
    spider = _spider(tmp_path, [_entry(), _entry(id="y", status="gone")], source="auto")
    assert spider.source_of == {"x": "live", "y": "wayback"}  # type: ignore[attr-defined]
    assert spider.auto_sites == {"x", "y"}  # type: ignore[attr-defined]


def test_default_run_is_live(tmp_path: Path) -> None:
    spider = _spider(tmp_path, [_entry(status="gone")])
    assert spider.source_of == {"x": "live"}  # type: ignore[attr-defined]


# -- items from captures ------------------------------------------------------------------------------------
def test_build_item_from_a_capture_keeps_the_original_url() -> None:
    from crawler.assemble import build_item
    from crawler.pages.base import Document

    html = "<html><body><h1>Tiêu đề</h1><p>Ngày 05/03/2019</p><p>Nội dung bài viết.</p></body></html>"
    doc = Document.from_bytes(html.encode(), "http://x.vn/tin/a-123", "utf-8")
    capture = "https://web.archive.org/web/20190305120102id_/http://x.vn/tin/a-123"
    item = build_item(
        doc, None, fetched_at="2026-01-01T00:00:00Z", captured_at="2019-03-05T12:01:02Z", capture_url=capture
    )
    assert item["url"] == "http://x.vn/tin/a-123"
    assert item["source"] == "wayback"
    assert item["captured_at"] == "2019-03-05T12:01:02Z"
    assert item["capture_url"] == capture


def test_build_item_live_has_no_capture() -> None:
    from crawler.assemble import build_item
    from crawler.pages.base import Document

    doc = Document.from_bytes(b"<html><body><h1>T</h1></body></html>", "http://x.vn/a", "utf-8")
    item = build_item(doc, None, fetched_at="2026-01-01T00:00:00Z")
    assert (item["source"], item["captured_at"], item["capture_url"]) == ("live", None, None)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("sotttt.ninhthuan.gov.vn", "sotttt.ninhthuan.gov.vn/"),
        ("127.0.0.1:8080", "127.0.0.1:8080/"),
        ("https://www.ninhthuan.gov.vn/chinhquyen/sotttt/", "www.ninhthuan.gov.vn/chinhquyen/sotttt/"),
    ],
)
def test_query_prefix_drops_the_scheme(prefix: str, expected: str) -> None:
    assert ("url", expected) in _params(cdx_query_url("https://a/cdx", prefix))


def test_registry_wayback_prefixes(tmp_path: Path) -> None:
    prefixes = ["https://www.ninhthuan.gov.vn/chinhquyen/sotttt/"]
    (site,) = load_registry(write_registry([_entry(wayback_prefixes=prefixes)], tmp_path / "s.yaml"))
    assert site.wayback_prefixes == tuple(prefixes)


def test_registry_bad_wayback_prefix_is_named(tmp_path: Path) -> None:
    path = write_registry([_entry(wayback_prefixes=["www.x.vn/a"])], tmp_path / "s.yaml")
    with pytest.raises(RegistryError, match="key 'wayback_prefixes'"):
        load_registry(path)
