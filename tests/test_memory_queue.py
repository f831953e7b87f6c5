"""Memory: the request queue stays short, because a site's articles go before its next listing page.

A listing page yields its articles and the next listing page. Taken newest-first (Scrapy's LIFO queue), the
next listing page would go first, every time: a site's whole pagination is walked before its first article,
and every article request of the crawl waits in memory at once (20,000 requests, some 80 MB, on the 40 x 500
benchmark mirror). Articles have a higher priority than listing pages instead, so within a site (Scrapy's
queue is per download slot) the next listing page is only taken once the articles found so far are on
their way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.demo.server import Served, serve_mirrors
from crawler.pages.base import PageRequest
from crawler.spiders.tinhoatdong import TinHoatDongSpider
from tests import newsmirror
from tests.crawl_helpers import crawl, write_registry

ARTICLES, PER_PAGE = 240, 12  # 20 listing pages
# Few requests at once: fetching articles is then slower than walking the listing pages, as on a large crawl
# where parsing 100-300 KB pages is the bottleneck.
CONCURRENCY = 2


def _listing_page(served: Served, path: str) -> int | None:
    if path == "/tin-hoat-dong":
        return 1
    if path.startswith("/tin-hoat-dong?page="):
        return int(path.rsplit("=", 1)[1])
    return None


def _articles_on(page: int) -> set[str]:
    newest_first = list(range(ARTICLES, 0, -1))
    return {newsmirror.article_path(k) for k in newest_first[(page - 1) * PER_PAGE : page * PER_PAGE]}


@pytest.fixture
def site(tmp_path: Path):
    root = newsmirror.build(tmp_path / "news", ARTICLES, per_page=PER_PAGE)
    with serve_mirrors([root]) as served:
        yield served[0]


def _entry(site: Served) -> dict:
    return {
        "id": "news",
        "name": "Sở TT&TT",
        "province": "Thử",
        "start_urls": [site.base_url + "/tin-hoat-dong"],
    }


def test_articles_found_are_fetched_before_the_next_listing_page(site: Served, tmp_path: Path) -> None:
    registry = write_registry([_entry(site)], tmp_path / "sites.yaml")
    run = crawl(
        tmp_path,
        f"sites={registry}",
        settings=(
            f"CONCURRENT_REQUESTS={CONCURRENCY}",
            f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
            "WACZ_ENABLED=False",
        ),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert len(run.items()) == ARTICLES

    # When the server sees listing page k, how many articles of pages 1..k-1 has it not been asked for yet?
    # Those are requests waiting in the crawler's queue (or in flight: at most CONCURRENCY of them).
    listed: set[str] = set()
    fetched: set[str] = set()
    waiting = []
    for _, path in site.mirror.requests:
        page = _listing_page(site, path)
        if page is None:
            fetched.add(path)
            continue
        if page > 1:
            waiting.append(len(listed - fetched))
        listed |= _articles_on(page)
    assert len(waiting) == ARTICLES // PER_PAGE - 1
    assert max(waiting) <= CONCURRENCY


def test_article_requests_outrank_the_next_listing_page(tmp_path: Path) -> None:
    root = newsmirror.build(tmp_path / "news", 30, per_page=10)
    registry = write_registry(
        [
            {
                "id": "news",
                "name": "Sở TT&TT",
                "province": "Thử",
                "start_urls": ["http://news.test/tin-hoat-dong"],
            }
        ],
        tmp_path / "sites.yaml",
    )
    crawler = get_crawler(TinHoatDongSpider, settings_dict={"OUTPUT_DIR": str(tmp_path / "out")})
    spider = TinHoatDongSpider.from_crawler(crawler, sites=str(registry))
    url = "http://news.test/tin-hoat-dong"
    request = Request(
        url, meta={"site_id": "news", "page_request": PageRequest(url=url, page_no=1, kind="start")}
    )
    response = HtmlResponse(url, body=(root / "pages" / "list1.html").read_bytes(), request=request)
    out = list(spider.parse_listing(response))
    articles = [r for r in out if r.callback == spider.parse_article]
    listings = [r for r in out if r.callback == spider.parse_listing]
    assert len(articles) == 10
    assert [r.url for r in listings] == ["http://news.test/tin-hoat-dong?page=2"]
    assert min(r.priority for r in articles) > listings[0].priority
