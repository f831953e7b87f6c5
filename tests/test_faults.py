"""Faults and traps, through the real crawl (`scrapy crawl` subprocess) against misbehaving loopback servers.

Each scenario asserts the counts the manifest shows and which paths the servers saw: a fault ends in a
counted outcome, a trap is refused before anything is fetched, and the crawl always finishes.
"""

from __future__ import annotations

import itertools
import json
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.middlewares import calendar_key, has_session, retry_after_seconds, trap_reason, without_session
from tests.crawl_helpers import crawl, write_registry
from tests.faultserver import (
    Answer,
    FaultServer,
    Request,
    article_html,
    fault_servers,
    gzip_bomb,
    listing_html,
    zeros_stream,
)

ROOT = Path(__file__).resolve().parents[1]
QUICK = ("DOWNLOAD_TIMEOUT=2", "RETRY_TIMES=1", "RETRY_BACKOFF_BASE=0.1")
MB = 1 << 20


def _site(sid: str, start: str) -> dict:
    return {
        "id": sid,
        "name": f"Sở Thông tin và Truyền thông {sid}",
        "province": "Thử",
        "start_urls": [start],
    }


def _first_fails(status: int, headers: dict[str, str], k: int):
    def handler(req: Request) -> Answer:
        if req.n == 1:
            return Answer(status, b"busy", headers=headers, content_type="text/plain")
        return Answer(body=article_html(k))

    return handler


# -- faults ------------------------------------------------------------------------------------------------
FAULT_ARTICLES = {
    "/bai/flaky.html": "503 then 200",
    "/bai/slow-down.html": "429 with Retry-After: 1, then 200",
    "/bai/down.html": "503 every time",
    "/bai/later.html": "429 with Retry-After: 3600",
    "/bai/hang.html": "hangs longer than DOWNLOAD_TIMEOUT",
    "/bai/big.html": "20 MB, declared in Content-Length",
    "/bai/big-stream.html": "20 MB, streamed without a length",
    "/bai/bomb.html": "gzip of 100 MB of zeros",
    "/bai/moved.html": "302 to another host",
    "/private/secret.html": "disallowed by robots.txt",
    "/bai/empty.html": "200 with no body",
    "/bai/file.html": "a PDF where an article was expected",
    "/bai/ok.html": "a plain article",
    "/bai/refresh.html": "a meta refresh to the article",
}


def _fault_site(site: FaultServer, elsewhere: FaultServer) -> None:
    links = [(p, f"Bài viết thử nghiệm về {why} của Sở Thông tin") for p, why in FAULT_ARTICLES.items()]
    site.route("/robots.txt", Answer(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    site.route("/tin-hoat-dong", Answer(body=listing_html(links, None)))
    site.route("/bai/flaky.html", _first_fails(503, {}, 1))
    site.route("/bai/slow-down.html", _first_fails(429, {"Retry-After": "1"}, 2))
    site.route("/bai/down.html", Answer(503, b"down", content_type="text/plain"))
    site.route(
        "/bai/later.html", Answer(429, b"later", headers={"Retry-After": "3600"}, content_type="text/plain")
    )
    site.route("/bai/hang.html", Answer(body=article_html(3), hang=30))
    site.route("/bai/big.html", Answer(body=b"<p>" + b"x" * (20 * MB) + b"</p>"))
    site.route("/bai/big-stream.html", Answer(chunks=zeros_stream(20 * MB)))
    site.route("/bai/bomb.html", Answer(body=gzip_bomb(100), headers={"Content-Encoding": "gzip"}))
    site.route("/bai/moved.html", Answer(302, headers={"Location": elsewhere.base_url + "/elsewhere.html"}))
    site.route("/private/secret.html", Answer(body=article_html(4)))
    site.route("/bai/empty.html", Answer(body=b""))
    site.route("/bai/file.html", Answer(body=b"%PDF-1.4 " + b"0" * 5000, content_type="application/pdf"))
    site.route("/bai/ok.html", Answer(body=article_html(5)))
    refresh = b'<html><head><meta http-equiv="Refresh" content="0; url=/bai/refreshed.html"></head></html>'
    site.route("/bai/refresh.html", Answer(body=refresh))
    site.route("/bai/refreshed.html", Answer(body=article_html(7)))
    elsewhere.route("/elsewhere.html", Answer(body=article_html(6)))


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("faults")
    with fault_servers(2) as (site, elsewhere):
        _fault_site(site, elsewhere)
        registry = write_registry([_site("loi", site.base_url + "/tin-hoat-dong")], tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}", settings=QUICK, timeout=120)
        yield run, site, elsewhere


def test_fault_crawl_finishes_with_the_good_articles(fault_run) -> None:
    run, _, _ = fault_run
    assert run.returncode == 0, run.stderr[-3000:]
    manifest = run.manifest()
    assert manifest["finish_reason"] == "finished"
    urls = sorted(urlsplit(item["url"]).path for item in run.items())
    assert urls == ["/bai/flaky.html", "/bai/ok.html", "/bai/refreshed.html", "/bai/slow-down.html"]
    assert manifest["sites"]["loi"]["new"] == 4


def test_each_fault_is_counted_by_kind(fault_run) -> None:
    run, _, _ = fault_run
    errors = run.manifest()["sites"]["loi"]["errors"]
    assert errors == {
        "http_503": 1,  # /bai/down.html, after its retry
        "http_429": 1,  # /bai/later.html: asks for an hour, more than RETRY_BACKOFF_MAX
        "DownloadTimeoutError": 1,  # /bai/hang.html, after its retry
        "DownloadTooLarge": 2,  # /bai/big.html and /bai/big-stream.html
        "DecompressionBomb": 1,
        "OffsiteRedirect": 1,
        "RobotsDisallowed": 1,
        "EmptyBody": 1,
        "NotHtml": 1,
    }


def test_retries_are_counted_and_bounded(fault_run) -> None:
    run, site, _ = fault_run
    other = run.manifest()["sites"]["loi"]["other"]
    assert other["retried/http_503"] == 2  # flaky once, down once (RETRY_TIMES=1)
    assert other["retried/http_429"] == 1
    assert other["retry_after_too_long"] == 1
    assert other["retried/DownloadTimeoutError"] == 1
    paths = site.paths()
    assert paths.count("/bai/flaky.html") == 2
    assert paths.count("/bai/down.html") == 2
    assert paths.count("/bai/hang.html") == 2
    assert paths.count("/bai/slow-down.html") == 2
    assert paths.count("/bai/later.html") == 1  # not retried before the hour it asked for


def test_a_meta_refresh_is_followed_once(fault_run) -> None:
    _, site, _ = fault_run
    assert (site.paths().count("/bai/refresh.html"), site.paths().count("/bai/refreshed.html")) == (1, 1)


def test_retry_after_is_honoured(fault_run) -> None:
    _, site, _ = fault_run
    first, second = site.times("/bai/slow-down.html")
    assert second - first >= 1.0


def test_nothing_fetched_that_should_not_be(fault_run) -> None:
    _, site, elsewhere = fault_run
    assert "/private/secret.html" not in site.paths()
    assert elsewhere.paths() == []  # not the page, not even its robots.txt
    # size-capped and bomb pages are not retried
    assert site.paths().count("/bai/big.html") == 1
    assert site.paths().count("/bai/bomb.html") == 1


# -- traps -------------------------------------------------------------------------------------------------
def _links(prefix: str, page: str, n: int = 4) -> list[tuple[str, str]]:
    return [(f"/{prefix}/{page}-{i}.html", f"Tin {prefix} trang {page} bài số {i} của Sở") for i in range(n)]


def _page(req: Request, default: int = 1) -> int:
    return int(req.query.get("page", default))


def _calendar(req: Request) -> Answer:
    day = int(req.query.get("date", "2024-05-00")[-2:])
    return Answer(body=listing_html(_links("lich", f"d{day}"), f"/lich?date=2024-05-{day % 28 + 1:02d}"))


def _session(req: Request) -> Answer:
    if "page" not in req.query:
        return Answer(body=listing_html(_links("phien", "1"), "/phien?page=2&PHPSESSID=a1"))
    # page 2's "next" is page 1 again under a new session id: a new URL for a page already read
    return Answer(body=listing_html(_links("phien", "2"), f"/phien?PHPSESSID=b{req.n}"))


TRAP_SITES = {
    # a pager that repeats: every ?page=N shows the same articles and links to N+1
    "lap": lambda req: Answer(body=listing_html(_links("lap", "x"), f"/lap?page={_page(req) + 1}")),
    # a calendar: each day lists new articles and links to the next day, forever
    "lich": _calendar,
    # an endless pager with new articles on every page: only MAX_LISTING_PAGES stops it
    "vo_tan": lambda req: Answer(
        body=listing_html(_links("vo_tan", str(_page(req))), f"/vo_tan?page={_page(req) + 1}")
    ),
    # a next link that re-sorts the list
    "loc": lambda req: Answer(body=listing_html(_links("loc", "1"), "/loc?page=2&sort=title")),
    # a session id in the pager's links
    "phien": _session,
    # a next link with an absurdly long URL
    "dai": lambda req: Answer(body=listing_html(_links("dai", "1"), "/dai?page=2&x=" + "a" * 1500)),
}


@pytest.fixture(scope="module")
def trap_run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("traps")
    with fault_servers(1) as (server,):
        for sid, handler in TRAP_SITES.items():
            server.route(f"/{sid}", handler)
            server.route_prefix(
                f"/{sid}/", lambda req: Answer(body=article_html(zlib.crc32(req.path.encode())))
            )
        server.route("/robots.txt", Answer(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        entries = [_site(sid, f"{server.base_url}/{sid}") for sid in TRAP_SITES]
        registry = write_registry(entries, tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}", "full=1", settings=(*QUICK, "MAX_LISTING_PAGES=3"), timeout=120)
        yield run, server


def _listing_targets(server: FaultServer, sid: str) -> list[str]:
    return [p for p in server.paths() if urlsplit(p).path == f"/{sid}"]


def test_trap_crawl_finishes(trap_run) -> None:
    run, _ = trap_run
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.manifest()["finish_reason"] == "finished"


def test_repeating_pager_stops_when_nothing_is_new(trap_run) -> None:
    run, server = trap_run
    site = run.manifest()["sites"]["lap"]
    assert _listing_targets(server, "lap") == ["/lap", "/lap?page=2"]
    assert site["other"]["pagination_stop/no_new_links"] == 1
    assert site["new"] == 4


def test_calendar_is_not_walked(trap_run) -> None:
    run, server = trap_run
    site = run.manifest()["sites"]["lich"]
    assert _listing_targets(server, "lich") == ["/lich"]
    assert site["other"]["traps/calendar"] == 1
    assert site["new"] == 4


def test_listing_depth_is_capped(trap_run) -> None:
    run, server = trap_run
    site = run.manifest()["sites"]["vo_tan"]
    assert _listing_targets(server, "vo_tan") == ["/vo_tan", "/vo_tan?page=2", "/vo_tan?page=3"]
    assert site["other"]["traps/max_listing_pages"] == 1
    assert site["listing_pages"] == 3
    assert site["new"] == 12


def test_filter_parameters_are_not_followed(trap_run) -> None:
    run, server = trap_run
    assert _listing_targets(server, "loc") == ["/loc"]
    assert run.manifest()["sites"]["loc"]["other"]["traps/filter_params"] == 1


def test_session_ids_do_not_multiply_a_page(trap_run) -> None:
    run, server = trap_run
    assert _listing_targets(server, "phien") == ["/phien", "/phien?page=2&PHPSESSID=a1"]
    assert run.manifest()["sites"]["phien"]["other"]["traps/session_id"] == 1
    assert run.manifest()["sites"]["phien"]["new"] == 8


def test_long_urls_are_not_followed(trap_run) -> None:
    run, server = trap_run
    assert _listing_targets(server, "dai") == ["/dai"]
    assert run.manifest()["sites"]["dai"]["other"]["traps/url_too_long"] == 1


def test_trap_stops_end_the_walk(trap_run) -> None:
    """A refused listing request ends its chain: the state records each walk as finished."""
    run, _ = trap_run
    assert "walking in full" not in run.stderr
    assert all(not s["errors"] for s in run.manifest()["sites"].values())


# -- the guards' rules, without a crawl --------------------------------------------------------------------
def test_retry_after_forms() -> None:
    assert retry_after_seconds(b"1") == 1.0
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Thu, 26 Nov 2026 16:00:30 GMT", now=1795708800.0) == 30.0
    assert retry_after_seconds("Thu, 26 Nov 2026 15:00:00 GMT", now=1795708800.0) == 0.0  # already past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("url", "came_from", "reason"),
    [
        ("http://s/tin?date=2024-05-02", "http://s/tin", "calendar"),
        ("http://s/tin?date=2024-05-03", "http://s/tin?date=2024-05-02", "calendar"),
        ("http://s/tin?ngay=02/05/2024", "http://s/tin?ngay=01/05/2024", "calendar"),
        ("http://s/tin/2024/06/", "http://s/tin/2024/05/", "calendar"),
        ("http://s/tin?month=6&year=2024", "http://s/tin?month=5&year=2024", "calendar"),
        ("http://s/tin?page=2&date=2024-05-02", "http://s/tin?date=2024-05-02", None),  # paging one day
        ("http://s/tin?page=2&sort=title", "http://s/tin", "filter_params"),
        ("http://s/tin?page=3&sort=title", "http://s/tin?page=2&sort=title", None),  # paging one sort order
        ("http://s/tin?page=2", "http://s/tin", None),
        ("http://s/index.php?option=com_content&view=category&id=5&limitstart=10", "http://s/tin", None),
    ],
)
def test_trap_reason(url: str, came_from: str, reason: str | None) -> None:
    assert trap_reason(url, came_from) == reason


def test_session_ids_are_recognised() -> None:
    assert has_session("http://s/tin?page=2&PHPSESSID=abc")
    assert has_session("http://s/tin;jsessionid=ABC123?page=2")
    assert has_session("http://s/(S(x1y2z3))/tin.aspx")
    assert not has_session("http://s/tin?page=2")
    assert without_session("http://s/tin;jsessionid=ABC?page=2&ASPSESSIONIDQQ=1") == "http://s/tin?page=2"
    assert calendar_key("http://s/tin?page=2") == ()


def _truth_pager_urls() -> list[tuple[str, str]]:
    """(next page, page) for every GET step of every demo and held-out site's pager."""
    pairs = []
    for truth_file in sorted(ROOT.glob("crawler/demo/sites/*/truth.json")) + sorted(
        ROOT.glob("tests/heldout/sites/*/truth.json")
    ):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        pages = truth.get("listings") or truth.get("listing") or []
        urls = []
        for page in pages:
            req = page.get("request", page)
            if req.get("method", "GET") == "GET":
                query = req.get("query") or ""
                urls.append("http://site.test" + req["path"] + (f"?{query}" if query else ""))
        pairs += [(nxt, cur) for cur, nxt in itertools.pairwise(urls)]
    return pairs


def test_real_pagers_trip_no_trap() -> None:
    """Every pager of the demo and held-out sites (one per CMS family) passes the guards: no false stop."""
    pairs = _truth_pager_urls()
    assert len(pairs) >= 10
    for nxt, cur in pairs:
        assert trap_reason(nxt, cur) is None, (nxt, cur)
        assert not has_session(nxt), nxt
        assert len(nxt) < 1024


# -- per-site politeness overrides (registry: download_delay, concurrency) ----------------------------------
def test_registry_politeness_keys(tmp_path: Path) -> None:
    from crawler.registry import RegistryError, load_registry

    good = _site("cham", "http://slow.example.gov.vn/tin") | {"download_delay": 5, "concurrency": 1}
    (site,) = load_registry(write_registry([good], tmp_path / "good.yaml"))
    assert site.download_delay == 5.0
    assert site.concurrency == 1
    bad = _site("cham", "http://slow.example.gov.vn/tin") | {"download_delay": "slow", "concurrency": 0}
    with pytest.raises(RegistryError) as err:
        load_registry(write_registry([bad], tmp_path / "bad.yaml"))
    assert any("'download_delay'" in e for e in err.value.errors)
    assert any("'concurrency'" in e for e in err.value.errors)


def test_site_concurrency_sets_its_download_slot() -> None:
    from types import SimpleNamespace

    from crawler.middlewares import SitePaceMiddleware
    from crawler.registry import Site

    site = Site(
        id="cham", name="x", province="y", start_urls=("https://slow.example.gov.vn:8443/tin",), concurrency=1
    )
    downloader = SimpleNamespace(per_slot_settings={})
    crawler = SimpleNamespace(
        engine=SimpleNamespace(downloader=downloader), spider=SimpleNamespace(sites=[site])
    )
    SitePaceMiddleware(crawler).spider_opened()  # type: ignore[arg-type]
    assert downloader.per_slot_settings == {"slow.example.gov.vn": {"concurrency": 1}}


def test_site_download_delay_spaces_its_requests(tmp_path: Path) -> None:
    with fault_servers(1) as (server,):
        server.route("/robots.txt", Answer(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        server.route("/cham", Answer(body=listing_html(_links("cham", "1", 3), None)))
        server.route_prefix("/cham/", lambda req: Answer(body=article_html(zlib.crc32(req.path.encode()))))
        entry = _site("cham", f"{server.base_url}/cham") | {"download_delay": 1}
        registry = write_registry([entry], tmp_path / "sites.yaml")
        run = crawl(tmp_path, f"sites={registry}", settings=QUICK, timeout=120)
        assert run.returncode == 0, run.stderr[-3000:]
        pages = [r.at for r in server.log if r.path.startswith("/cham")]
    assert len(pages) == 4  # the listing and its three articles
    gaps = [b - a for a, b in itertools.pairwise(pages)]
    assert min(gaps) >= 0.9, gaps
    assert run.manifest()["sites"]["cham"]["new"] == 3
