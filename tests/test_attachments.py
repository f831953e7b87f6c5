"""Attachments, through the real crawl against a loopback server: a document several articles link to is
fetched once, even when the later articles arrive while it is still downloading; an article whose document
cannot be asked for is written all the same."""

from __future__ import annotations

import hashlib
from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.spiders.tinhoatdong import TinHoatDongSpider
from tests.crawl_helpers import CrawlRun, crawl, write_registry
from tests.faultserver import Answer, FaultServer, fault_servers, listing_html

PDF = b"%PDF-1.4\n" + b"%" + bytes(range(32, 127)) * 60 + b"\n%%EOF\n"
PDF_FACTS = (len(PDF), hashlib.sha256(PDF).hexdigest())
SHARED = "/files/ke-hoach-chuyen-doi-so.pdf"


def _article(k: int, documents: list[str]) -> bytes:
    body = "".join(
        f"<p>Đoạn {i} của bài số {k}: Sở Thông tin và Truyền thông tổ chức hội nghị triển khai kế hoạch "
        "chuyển đổi số năm 2024, cán bộ công chức tham gia đầy đủ và thảo luận sôi nổi về nhiệm vụ.</p>"
        for i in range(1, 5)
    )
    links = "".join(f"<p>Tài liệu đính kèm: <a href='{d}'>Kế hoạch (.pdf)</a></p>" for d in documents)
    return (
        f"<html><head><title>Bài số {k}</title></head><body>"
        "<div class='header'><a href='/'>Trang chủ</a></div>"
        f"<div class='content'><h1>Hội nghị số {k} về kế hoạch chuyển đổi số của Sở</h1>"
        f"<div class='date'>{10 + k:02d}/05/2024</div>{body}{links}<p>Quốc Trạng</p></div></body></html>"
    ).encode()


def _crawl_site(
    tmp: Path, articles: list[list[str]], documents: dict[str, Answer], settings: tuple[str, ...] = ()
) -> tuple[CrawlRun, FaultServer]:
    """One site: a listing page of ``/bai/<k>.html``, article k linking ``articles[k]``; ``documents``
    served; ``settings`` (``NAME=value``) for the crawl."""
    with fault_servers(1) as (site,):
        site.route("/robots.txt", Answer(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        links = [
            (f"/bai/{k}.html", f"Hội nghị số {k} về kế hoạch chuyển đổi số của Sở")
            for k in range(len(articles))
        ]
        site.route("/tin-hoat-dong", Answer(body=listing_html(links, None)))
        for k, linked in enumerate(articles):
            site.route(f"/bai/{k}.html", Answer(body=_article(k, linked)))
        for path, answer in documents.items():
            site.route(path, answer)
        entry = {"id": "thu", "name": "Sở Thông tin và Truyền thông Thử", "province": "Thử",
                 "start_urls": [site.base_url + "/tin-hoat-dong"]}  # fmt: skip
        registry = write_registry([entry], tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}", settings=settings, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    return run, site


def _attachments(run: CrawlRun, site: FaultServer) -> dict[str, list[tuple[str, int | None, str | None]]]:
    """Article page -> its attachments as (path, size, sha256)."""
    base = len(site.base_url)
    return {
        item["url"][base:]: [(a["url"][base:], a["size"], a["sha256"]) for a in item["attachments"]]
        for item in run.items()
    }


def test_a_shared_document_is_fetched_once_while_it_downloads(tmp_path: Path) -> None:
    """The document takes a second to come: every article that links it is parsed meanwhile, and each one
    fetched it again (a request more to the site, a revisit record more in the archive)."""
    slow = Answer(body=PDF, content_type="application/pdf", hang=1.0)
    run, site = _crawl_site(tmp_path, [[SHARED]] * 3, {SHARED: slow})
    assert sorted(p for p in site.paths() if p.startswith("/bai/")) == [
        "/bai/0.html",
        "/bai/1.html",
        "/bai/2.html",
    ]
    assert len(site.times(SHARED)) == 1
    assert _attachments(run, site) == {f"/bai/{k}.html": [(SHARED, *PDF_FACTS)] for k in range(3)}
    assert run.manifest()["sites"]["thu"]["other"]["attachments/downloaded"] == 1


def test_a_document_that_fails_is_tried_again_by_the_article_that_waited_for_it(tmp_path: Path) -> None:
    """The first fetch fails (404 then 200): the article that waited for it asks for it in its turn, as it
    would have by itself, and gets it; the first article keeps the document unfetched."""
    flaky = {"n": 0}

    def first_fails(_req: object) -> Answer:
        flaky["n"] += 1
        if flaky["n"] == 1:
            return Answer(404, b"missing", content_type="text/plain", hang=1.0)
        return Answer(body=PDF, content_type="application/pdf")

    run, site = _crawl_site(tmp_path, [[SHARED]] * 2, {SHARED: first_fails})
    assert len(site.times(SHARED)) == 2
    got = sorted(_attachments(run, site).values(), key=lambda docs: docs[0][1] is None)
    assert got == [[(SHARED, *PDF_FACTS)], [(SHARED, None, None)]]


def test_an_article_whose_document_url_is_too_long_is_still_written(tmp_path: Path) -> None:
    """A document link longer than MAX_URL_LENGTH is refused as a trap, as any such request is. The article
    that links it waits for its documents and was lost with it: it must be written, that document unfetched
    and the next one fetched."""
    long_doc = "/files/" + "quyet-dinh-so-123-ve-ke-hoach-chuyen-doi-so-" * 30 + ".pdf"  # 1,300+ characters
    pdf = Answer(body=PDF, content_type="application/pdf")
    run, site = _crawl_site(tmp_path, [[long_doc, SHARED], []], {long_doc: pdf, SHARED: pdf})
    assert long_doc not in site.paths() and SHARED in site.paths()
    assert _attachments(run, site) == {
        "/bai/0.html": [(long_doc, None, None), (SHARED, *PDF_FACTS)],
        "/bai/1.html": [],
    }
    counts = run.manifest()["sites"]["thu"]["other"]
    assert counts["attachments/url_too_long"] == 1
    assert counts["attachments/downloaded"] == 1


def test_a_depth_limit_that_reaches_the_articles_still_fetches_their_documents(tmp_path: Path) -> None:
    """DEPTH_LIMIT=1 lets the crawl reach the articles (depth 1) but not a link one more hop away: Scrapy's
    DepthMiddleware dropped the document's request without a word, and the article waiting for it was lost.
    A document belongs to its article (a web archive's "embed", not a further hop): it is fetched."""
    pdf = Answer(body=PDF, content_type="application/pdf")
    run, site = _crawl_site(tmp_path, [[SHARED], []], {SHARED: pdf}, settings=("DEPTH_LIMIT=1",))
    assert _attachments(run, site) == {"/bai/0.html": [(SHARED, *PDF_FACTS)], "/bai/1.html": []}
    assert site.paths().count(SHARED) == 1


def test_a_url_length_limit_under_max_url_length_is_the_one_the_crawl_keeps(tmp_path: Path) -> None:
    """URLLENGTH_LIMIT below MAX_URL_LENGTH: Scrapy's UrlLengthMiddleware dropped a document link between the
    two lengths without a word, and its article was lost. The lower limit is the crawl's limit: the article
    is written, that document counted as too long and not asked for."""
    doc = "/files/" + "quyet-dinh-so-123-ve-chuyen-doi-so-" * 5 + ".pdf"  # 180+ characters with the host
    pdf = Answer(body=PDF, content_type="application/pdf")
    limit = ("URLLENGTH_LIMIT=150",)
    run, site = _crawl_site(tmp_path, [[doc, SHARED]], {doc: pdf, SHARED: pdf}, settings=limit)
    assert doc not in site.paths()
    assert _attachments(run, site) == {"/bai/0.html": [(doc, None, None), (SHARED, *PDF_FACTS)]}
    assert run.manifest()["sites"]["thu"]["other"]["attachments/url_too_long"] == 1


def _spider(tmp: Path) -> TinHoatDongSpider:
    entry = {"id": "thu", "name": "Sở TT&TT Thử", "province": "Thử", "start_urls": ["http://thu.test/tin"]}
    registry = write_registry([entry], tmp / "sites.yaml")
    crawler = get_crawler(TinHoatDongSpider, settings_dict={"OUTPUT_DIR": str(tmp / "out")})
    return TinHoatDongSpider.from_crawler(crawler, sites=str(registry))


def _item(k: int) -> dict:
    return {"url": f"http://thu.test/bai/{k}.html", "attachments": [{"url": "http://thu.test" + SHARED}]}


def test_in_one_process_a_second_article_waits_for_the_document(tmp_path: Path) -> None:
    spider = _spider(tmp_path)
    site = spider.by_id["thu"]
    first = list(spider._fetch_attachments(_item(1), site))
    second = list(spider._fetch_attachments(_item(2), site))
    assert [r.url for r in first] == ["http://thu.test" + SHARED]
    assert second == []  # it waits: the first's response gives it the document's size and sha256


def test_distributed_workers_do_not_wait_for_each_others_fetches(tmp_path: Path) -> None:
    """In distributed mode another worker may take the request (and a killed worker's goes back to the
    queue): an article waiting in this process would never hear of it, so each article asks for itself."""
    spider = _spider(tmp_path)
    spider.crawler.tinhoatdong_crawl = object()  # crawler.distributed's shared crawl
    site = spider.by_id["thu"]
    first = list(spider._fetch_attachments(_item(1), site))
    second = list(spider._fetch_attachments(_item(2), site))
    assert [r.url for r in first] == [r.url for r in second] == ["http://thu.test" + SHARED]
    assert spider.attachments_in_flight == {}
