"""The baseline of bench/run.py: plain Scrapy fetching the same pages as the crawl, and extracting nothing.

    scrapy runspider bench/plainspider.py -a plan=PLAN.json   (run outside the project: no project settings)

``PLAN.json`` (written by bench/run.py from each mirror's truth.json) lists, per site, its listing pages in
order (a GET URL or a form POST, as the site's pager asks for it) and the article URLs each page shows. The
spider walks each site's listing chain as the crawler does, one page after the other, and requests each
page's articles as the page arrives: the same requests in the same order of discovery, but the links come
from the plan, so nothing is parsed. What it measures is Scrapy's own cost of fetching the pages
(downloader, scheduler, middlewares, response objects) at the same concurrency.

``-a floor=LEVEL`` (bench/run.py ``--floor``) adds, on every page, the two costs the crawl cannot skip as it
is built (Scrapy, lxml, WARC): lxml's parse of the page (the crawl's own parser, from UTF-8 bytes, the tree
then dropped) and its gzip at the WARC capture's level, as one member. It reads nothing from the tree,
decodes nothing and fetches no attachment, so its cost is a lower bound of the crawl's.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import FormRequest, Request, Response

ROOT = Path(__file__).resolve().parents[1]


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, plan: str, *args: Any, floor: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan: list[dict] = json.loads(Path(plan).read_text("utf-8"))
        self.floor_level = int(floor) if floor else None
        if self.floor_level is not None:  # imported only then: the baseline's start-up stays Scrapy's
            import lxml.html

            sys.path.insert(0, str(ROOT))
            from crawler.archive.capture import gzip_compressor
            from crawler.pages.links import html_parser

            self._parse = functools.partial(lxml.html.document_fromstring, parser=html_parser(utf8=True))
            self._member = functools.partial(gzip_compressor, self.floor_level)

    def floor(self, response: Response) -> int:
        """With ``floor``: parse the page as the crawl does and drop the tree; gzip it as the capture does.
        The gzip member's size (0 without ``floor``)."""
        if self.floor_level is None:
            return 0
        body = response.body
        if body.strip():  # lxml refuses an empty document; the crawl parses "<html></html>" in its place
            self._parse(body)
        member = self._member()
        return len(member.compress(body)) + len(member.flush())

    def _listing(self, site: int, page: int) -> Request:
        spec = self.plan[site]["pages"][page]
        meta = {"site": site, "page": page}
        if spec["method"] == "POST":
            return FormRequest(spec["url"], formdata=spec["form"], callback=self.parse_listing, meta=meta)
        return Request(spec["url"], callback=self.parse_listing, meta=meta)

    async def start(self) -> Any:
        for site in range(len(self.plan)):
            if self.plan[site]["pages"]:
                yield self._listing(site, 0)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self.floor(response)
        site, page = response.meta["site"], response.meta["page"]
        for url in self.plan[site]["pages"][page]["articles"]:
            yield Request(url, callback=self.parse_article)
        if page + 1 < len(self.plan[site]["pages"]):
            yield self._listing(site, page + 1)

    def parse_article(self, response: Response) -> None:
        self.floor(response)
