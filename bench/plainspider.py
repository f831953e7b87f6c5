"""The baseline of bench/run.py: plain Scrapy fetching the same pages as the crawl, and extracting nothing.

    scrapy runspider bench/plainspider.py -a plan=PLAN.json   (run outside the project: no project settings)

``PLAN.json`` (written by bench/run.py from each mirror's truth.json) lists, per site, its listing pages in
order (a GET URL or a form POST, as the site's pager asks for it) and the article URLs each page shows. The
spider walks each site's listing chain as the crawler does, one page after the other, and requests each
page's articles as the page arrives: the same requests in the same order of discovery, but the links come
from the plan, so nothing is parsed. What it measures is Scrapy's own cost of fetching the pages
(downloader, scheduler, middlewares, response objects) at the same concurrency.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import FormRequest, Request, Response


class PlainSpider(scrapy.Spider):
    name = "plain"

    def __init__(self, plan: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan: list[dict] = json.loads(Path(plan).read_text("utf-8"))

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
        site, page = response.meta["site"], response.meta["page"]
        for url in self.plan[site]["pages"][page]["articles"]:
            yield Request(url, callback=self.parse_article)
        if page + 1 < len(self.plan[site]["pages"]):
            yield self._listing(site, page + 1)

    def parse_article(self, response: Response) -> None:
        return None
