"""The `tinhoatdong` spider: crawling only. It schedules listing pages, their pagination and the articles.

Parsing lives in `crawler.pages` (page objects), item assembly in `crawler.assemble`, and all run-level work
(text normalisation, validation, writing) in the pipelines. Outcomes are counted in stats under
`tinhoatdong/site/<id>/...` so that the manifest and tests read numbers, not logs.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.assemble import build_item, platform_for
from crawler.pages.base import Document, ListingEntry, PageRequest
from crawler.pages.discovery import CategoryLink, find_category_link, looks_like_home
from crawler.pages.listing import ListingPage
from crawler.registry import Site, load_registry, select_sites
from crawler.runargs import CrawlArgs
from crawler.text.dates import parse_date
from crawler.urls import canonical_url, on_site

_CHARSET = re.compile(rb"charset=([\w.:-]+)", re.I)


class TinHoatDongSpider(scrapy.Spider):
    name = "tinhoatdong"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raw = {k: v for k, v in kwargs.items() if k not in ("_job",)}
        self.args = CrawlArgs.parse(raw)
        super().__init__(*args)
        self.sites: list[Site] = select_sites(load_registry(self.args.sites), self.args.site)
        self.by_id = {site.id: site for site in self.sites}
        self.seen_articles: dict[str, set[str]] = {site.id: set() for site in self.sites}

    # -- helpers ---------------------------------------------------------------------------------
    def _count(self, site_id: str, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"tinhoatdong/site/{site_id}/{key}", n)

    def _stop(self, site_id: str, reason: str, url: str) -> None:
        self._count(site_id, f"pagination_stop/{reason}")
        self.logger.debug("%s: pagination stops at %s (%s)", site_id, url, reason)

    @staticmethod
    def _document(response: Response) -> Document:
        ctype = response.headers.get(b"Content-Type") or b""
        m = _CHARSET.search(ctype)
        return Document.from_bytes(response.body, response.url, m.group(1).decode("ascii") if m else None)

    def _request(self, req: PageRequest, site: Site, meta: dict[str, Any]) -> Request:
        meta = {**meta, "site_id": site.id, "page_request": req}
        if req.method == "POST":
            return FormRequest(
                req.url,
                formdata=list(req.formdata),
                headers=dict(req.headers) or None,
                callback=self.parse_listing,
                errback=self.on_error,
                meta=meta,
                dont_filter=False,
            )
        return Request(
            req.url,
            headers=dict(req.headers) or None,
            callback=self.parse_listing,
            errback=self.on_error,
            meta=meta,
        )

    # -- crawl -------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.logger.info(
            "crawling %d site(s): %s", len(self.sites), ", ".join(s.id for s in self.sites) or "(none)"
        )
        for site in self.sites:
            for url in site.start_urls:
                yield self._request(PageRequest(url=url, page_no=1, kind="start"), site, {"chain": url})

    def parse_listing(self, response: Response) -> Iterator[Request]:
        site = self.by_id[response.meta["site_id"]]
        page_req: PageRequest = response.meta["page_request"]
        page_no = page_req.page_no or 1
        if not isinstance(response, TextResponse):
            self._count(site.id, "errors/not_html")
            return
        doc = self._document(response)
        if page_req.kind == "start" and looks_like_home(page_req.url):
            found = find_category_link(doc, site.allowed_domains, site.category)
            if found is not None:
                yield self._discovered(site, response.url, found)
                return
            self.logger.warning(
                "%s: no category link on home page %s; reading it as the listing", site.id, doc.url
            )
        self._count(site.id, "listing_pages")
        fragment = page_req.kind == "ajax"
        platform = site.platform or response.meta.get("platform") or platform_for(doc, site)
        page = ListingPage(
            doc,
            domains=site.allowed_domains,
            platform=platform,
            selectors=site.selectors,
            page_no=page_no,
            previous=page_req if fragment else None,
            fragment=fragment,
            list_path=response.meta.get("list_path"),
        )
        result = page.parse()
        category = response.meta.get("category") or site.category or result.category
        if page_no == 1:
            self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/platform", platform)
            self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/category", category)
        seen = self.seen_articles[site.id]
        new = 0
        all_too_old = bool(result.entries)
        for entry in result.entries:
            if not on_site(entry.url, site.allowed_domains):
                continue
            key = canonical_url(entry.url)
            entry_date = self._entry_date(entry, site)
            if self.args.since and entry_date and entry_date < self.args.since:
                self._count(site.id, "skipped/before_since")
                continue
            all_too_old = False
            if key in seen:
                continue
            seen.add(key)
            new += 1
            self._count(site.id, "articles_requested")
            yield Request(
                entry.url,
                callback=self.parse_article,
                errback=self.on_error,
                meta={"site_id": site.id, "entry": entry, "category": category},
            )
        self.logger.info(
            "%s: listing page %d (%s): %d entries, %d new [%s]",
            site.id,
            page_no,
            page_req.kind,
            len(result.entries),
            new,
            platform,
        )
        if new == 0:
            self._stop(site.id, "no_new_links", response.url)
            return
        if self.args.since and all_too_old:
            self._stop(site.id, "since", response.url)
            return
        if self.args.max_pages and page_no >= self.args.max_pages:
            self._stop(site.id, "max_pages", response.url)
            return
        if not result.next_pages:
            self._stop(site.id, "no_next_page", response.url)
            return
        meta = {
            "chain": response.meta.get("chain"),
            "category": category,
            "platform": platform,
            "list_path": result.list_path,
        }
        for nxt in result.next_pages:
            if nxt.method == "GET" and not on_site(nxt.url, site.allowed_domains):
                self._stop(site.id, "offsite_next", nxt.url)
                continue
            yield self._request(nxt, site, meta)

    def _discovered(self, site: Site, home: str, found: CategoryLink) -> Request:
        """Go from a home page to the category listing its menu names; say so in the log and the manifest."""
        record = {"home": home, "listing": found.url, "label": found.label, "fallback": found.fallback}
        key = f"tinhoatdong/site/{site.id}/discovery"
        self.crawler.stats.set_value(key, [*(self.crawler.stats.get_value(key) or []), record])
        how = "fallback category" if found.fallback else "category"
        self.logger.info("%s: home page %s -> %s %r at %s", site.id, home, how, found.label, found.url)
        if found.fallback:
            self._count(site.id, "discovery_fallback")
        category = site.category or found.label
        return self._request(
            PageRequest(url=found.url, page_no=1, kind="discovered"), site, {"category": category}
        )

    def _entry_date(self, entry: ListingEntry, site: Site) -> date | None:
        if not entry.date_raw:
            return None
        parsed = parse_date(entry.date_raw, site.date_order)
        return date.fromisoformat(parsed.iso[:10]) if parsed else None

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        site = self.by_id[response.meta["site_id"]]
        if not isinstance(response, TextResponse):
            self._count(site.id, "errors/not_html")
            return
        doc = self._document(response)
        item = build_item(
            doc,
            site,
            fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            listing_entry=response.meta.get("entry"),
            category=response.meta.get("category"),
        )
        published = item.get("published_at")
        if self.args.since and published and date.fromisoformat(published[:10]) < self.args.since:
            self._count(site.id, "skipped/before_since")
            return
        yield item

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        site_id = request.meta.get("site_id", "unknown")
        kind = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        self._count(site_id, f"errors/{kind}")
        self.logger.warning("%s: %s failed: %s", site_id, request.url, kind)

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        self.logger.info("run finished (%s). Per site:", reason)
        for site in self.sites:
            prefix = f"tinhoatdong/site/{site.id}/"
            errors = sum(v for k, v in stats.get_stats().items() if k.startswith(prefix + "errors/"))
            self.logger.info(
                "  %-24s listing pages %4d  articles requested %5d  items %5d  errors %3d",
                site.id,
                stats.get_value(prefix + "listing_pages", 0),
                stats.get_value(prefix + "articles_requested", 0),
                stats.get_value(prefix + "new", 0),
                errors,
            )
