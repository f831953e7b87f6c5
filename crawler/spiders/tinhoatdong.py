"""The `tinhoatdong` spider: crawling only. It schedules listing pages, their pagination and the articles.

Parsing lives in `crawler.pages` (page objects), item assembly in `crawler.assemble`, and all run-level work
(text normalisation, validation, writing) in the pipelines. Outcomes are counted in stats under
`tinhoatdong/site/<id>/...` so that the manifest and tests read numbers, not logs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler.assemble import build_item, platform_for
from crawler.health import format_table
from crawler.middlewares import max_url_length
from crawler.pages.base import Document, ListingEntry, PageRequest
from crawler.pages.discovery import CategoryLink, find_category_link, looks_like_home
from crawler.pages.listing import ListingPage
from crawler.pipelines.writer import resolve_run_id
from crawler.registry import Site, load_registry, select_sites
from crawler.runargs import CrawlArgs
from crawler.state.base import State
from crawler.text.dates import parse_date
from crawler.tls import is_tls_failure
from crawler.urls import canonical_for, on_site
from crawler.wayback import (
    DEFAULT_CDX,
    SLOT,
    Capture,
    CaptureIndex,
    WaybackSkip,
    category_path,
    cdx_query_url,
    looks_like_article,
    parse_cdx,
)

_CHARSET = re.compile(rb"charset=([\w.:-]+)", re.I)

# Request priorities (higher first; Scrapy's queue keeps one per download slot, i.e. per site). A site's
# articles go before its next listing page: taken newest-first, the next listing page would always be taken
# first, the whole pagination walked before any article, and every article request of the crawl held in memory
# at once (about 4 KB each: 80 MB on a 20,000-article crawl). An article's attachments go before other
# articles (its item waits for them); the web archive's index before everything (the walk waits for it).
LISTING_PRIORITY = 0
ARTICLE_PRIORITY = 5
ATTACHMENT_PRIORITY = 10
CDX_PRIORITY = 20


class TinHoatDongSpider(scrapy.Spider):
    name = "tinhoatdong"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raw = {k: v for k, v in kwargs.items() if k not in ("_job",)}
        self.args = CrawlArgs.parse(raw)
        super().__init__(*args)
        self.sites: list[Site] = select_sites(load_registry(self.args.sites), self.args.site)
        self.by_id = {site.id: site for site in self.sites}
        self.seen_articles: dict[str, set[str]] = {site.id: set() for site in self.sites}
        self.open_chains: dict[str, int] = {}  # listing chains still walking, per site
        self.broken_walks: set[str] = set()  # sites where a listing page failed
        self.resume: set[str] = set()  # sites walked in full because their last walk did not finish
        self.attachment_digests: dict[str, dict[str, Any]] = {}  # url -> size, sha256 of a fetched document
        # A document being fetched -> the items (with their attachments still to fetch) that link it too and
        # wait for it, rather than fetch it again at the same time
        self.attachments_in_flight: dict[str, list[tuple[dict[str, Any], list[int], Site]]] = {}
        # Where each site's pages come from (crawler.wayback): "live" or "wayback". A site of an `auto` run
        # (or pinned `source: auto`) starts live and moves to the archive when its live walk fails.
        self.source_of: dict[str, str] = {site.id: self._initial_source(site) for site in self.sites}
        self.auto_sites: set[str] = {s.id for s in self.sites if (s.source or self.args.source) == "auto"}
        self.captures: dict[str, CaptureIndex] = {}  # site id -> its chosen captures
        self.cdx_open: dict[str, int] = {}  # CDX queries (and their next pages) still running, per site
        self.orphans_pending: set[str] = set()  # archived sites whose CDX-only articles are not yet scheduled

    def _initial_source(self, site: Site) -> str:
        """The registry's pin, else the run's argument; `auto` starts live, except for a site marked gone."""
        wanted = site.source or self.args.source
        if wanted == "auto":
            return "wayback" if site.status == "gone" else "live"
        return wanted

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> TinHoatDongSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    @property
    def state(self) -> State | None:
        """The persistent state (crawler.runstate), when the extension is enabled."""
        return getattr(self.crawler, "tinhoatdong_state", None)

    @property
    def shared_crawl(self) -> Any | None:
        """The shared crawl of distributed mode (crawler.distributed: a Redis STATE_URI), else None."""
        return getattr(self.crawler, "tinhoatdong_crawl", None)

    @property
    def known_pages_to_stop(self) -> int:
        """How many listing pages in a row with only archived articles end a site's walk (not with full=1)."""
        return max(1, self.crawler.settings.getint("INCREMENTAL_KNOWN_PAGES", 1))

    # -- helpers ---------------------------------------------------------------------------------
    def _count(self, site_id: str, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"tinhoatdong/site/{site_id}/{key}", n)

    def end_chain(self, site_id: str) -> None:
        """A listing chain ended as it should (a stop, or a trap refused by crawler.middlewares)."""
        if site_id in self.open_chains:
            self.open_chains[site_id] -= 1
        if self.shared_crawl is not None:  # distributed: a site's chain goes on on any worker
            self.shared_crawl.end_chain(site_id)

    def walk_broken(self, site_id: str) -> None:
        """A listing page failed or could not be read: the walk cannot be trusted to have seen everything."""
        self.broken_walks.add(site_id)
        if self.shared_crawl is not None:
            self.shared_crawl.walk_broken(site_id)

    def _stop(self, site_id: str, reason: str, url: str) -> None:
        """A chain of listing pages ended as it should; the walk is done when all the site's chains are."""
        self._count(site_id, f"pagination_stop/{reason}")
        self.logger.debug("%s: pagination stops at %s (%s)", site_id, url, reason)
        self.end_chain(site_id)

    @staticmethod
    def _document(response: Response) -> Document:
        ctype = response.headers.get(b"Content-Type") or b""
        m = _CHARSET.search(ctype)
        return Document.from_bytes(response.body, response.url, m.group(1).decode("ascii") if m else None)

    def _request(self, req: PageRequest, site: Site, meta: dict[str, Any]) -> Request:
        meta = {**meta, "site_id": site.id, "page_request": req, "capture_kind": "listing"}
        if req.method == "POST":
            return FormRequest(
                req.url,
                formdata=list(req.formdata),
                headers=dict(req.headers) or None,
                callback=self.parse_listing,
                errback=self.on_error,
                meta=meta,
                dont_filter=False,
                priority=LISTING_PRIORITY,
            )
        return Request(
            req.url,
            headers=dict(req.headers) or None,
            callback=self.parse_listing,
            errback=self.on_error,
            meta=meta,
            priority=LISTING_PRIORITY,
        )

    # -- crawl -------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.logger.info(
            "crawling %d site(s): %s", len(self.sites), ", ".join(s.id for s in self.sites) or "(none)"
        )
        shared = self.shared_crawl
        if shared is not None:  # distributed (crawler.distributed): one worker seeds; links met are shared
            self.seen_articles = shared.seen_sets(self.by_id)  # type: ignore[assignment]
            self.resume = shared.resume & set(self.by_id)  # read by the seeder before its walks started
            if not shared.seeds:
                return
            shared.open_chains({site.id: len(site.start_urls) for site in self.sites})
        if self.state is not None:
            # A site whose last walk did not end cleanly (a kill, a failed listing page) may have articles
            # below its first archived page that were never emitted: walk it whole once (listing pages only).
            if shared is None:
                self.resume = self.state.unfinished_walks() & set(self.by_id)
            if self.resume:
                self.logger.warning(
                    "walking in full, as the last walk did not finish: %s", ", ".join(sorted(self.resume))
                )
            run_id = resolve_run_id(self.crawler)
            for site in self.sites:
                self.state.walk_started(site.id, run_id)
        for site in self.sites:
            if self.source_of[site.id] == "wayback" and shared is not None:
                # The capture index lives in one process; distributed workers could not share it.
                self.logger.warning("%s: source=wayback is not available in distributed mode: live", site.id)
                self.source_of[site.id] = "live"
            if self.source_of[site.id] == "wayback":
                for request in self._cdx_requests(site):
                    yield request
                continue
            for request in self._walk(site):
                yield request
        if shared is not None:
            shared.seeded()

    def _walk(self, site: Site) -> Iterator[Request]:
        """The site's listing walk from its start URLs (live, or through its captures)."""
        self.open_chains[site.id] = len(site.start_urls)
        again = self.source_of[site.id] == "wayback"  # after a live failure the same URLs are asked again
        for url in site.start_urls:
            request = self._request(PageRequest(url=url, page_no=1, kind="start"), site, {"chain": url})
            yield request.replace(dont_filter=True) if again else request

    # -- the web archive (crawler.wayback) ---------------------------------------------------------
    def capture_for(self, site_id: str, url: str) -> Capture | None:
        """The capture an archived site's URL is fetched from (the middleware asks); None: not archived."""
        index = self.captures.get(site_id)
        return index.get(url) if index is not None else None

    def _cdx_request(self, site: Site, prefix: str, resume_key: str | None = None) -> Request:
        settings = self.crawler.settings
        url = cdx_query_url(
            settings.get("WAYBACK_CDX") or DEFAULT_CDX,
            prefix,
            pick=settings.get("WAYBACK_PICK") or "newest",
            window=(site.wayback_from, site.wayback_to),
            limit=settings.getint("WAYBACK_CDX_PAGE_SIZE", 5000),
            resume_key=resume_key,
        )
        return Request(
            url,
            callback=self.parse_cdx,
            errback=self.cdx_failed,
            dont_filter=True,
            priority=CDX_PRIORITY,  # the index first: the walk waits for it
            meta={"site_id": site.id, "wayback_cdx": True, "cdx_prefix": prefix, "download_slot": SLOT},
        )

    def _cdx_requests(self, site: Site) -> Iterator[Request]:
        """Start discovery from the archive: one CDX prefix query per host of the site (or per prefix the
        registry's `wayback_prefixes` gives)."""
        self.source_of[site.id] = "wayback"
        self.captures[site.id] = CaptureIndex(self.crawler.settings.get("WAYBACK_PICK") or "newest")
        prefixes = site.wayback_prefixes or site.allowed_domains
        self.cdx_open[site.id] = len(prefixes)
        self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/source", "wayback")
        self.logger.info("%s: crawling from web-archive captures", site.id)
        for prefix in prefixes:
            yield self._cdx_request(site, prefix)

    def parse_cdx(self, response: Response) -> Iterator[Request]:
        site = self.by_id[response.meta["site_id"]]
        try:
            captures, resume = parse_cdx(response.body)
        except (ValueError, KeyError, UnicodeDecodeError) as exc:
            self._count(site.id, "wayback/cdx_unreadable")
            self.logger.warning("%s: unreadable CDX answer from %s: %s", site.id, response.url, exc)
            captures, resume = [], None
        self._count(site.id, "wayback/cdx_pages")
        self._count(site.id, "wayback/cdx_rows", len(captures))
        self.captures[site.id].add(captures)
        if resume:
            yield self._cdx_request(site, response.meta["cdx_prefix"], resume)
            return
        yield from self._cdx_done(site)

    def cdx_failed(self, failure: Failure) -> Iterator[Request]:
        site = self.by_id[failure.request.meta["site_id"]]
        kind = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        self._count(site.id, f"errors/cdx_{kind}")
        self.logger.warning("%s: CDX query %s failed: %s", site.id, failure.request.url, kind)
        yield from self._cdx_done(site)

    def _cdx_done(self, site: Site) -> Iterator[Request]:
        """One host's captures are listed; once all are, walk the site through them."""
        self.cdx_open[site.id] -= 1
        if self.cdx_open[site.id] > 0:
            return
        index = self.captures[site.id]
        self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/wayback/urls", len(index))
        self.logger.info("%s: %d archived URL(s) in the capture window", site.id, len(index))
        self.orphans_pending.add(site.id)
        yield from self._walk(site)

    def _orphans(self, site: Site) -> list[Request]:
        """Articles the archive holds that the walk of the captured listing pages did not reach (a listing
        page not archived, a postback pager): article-shaped URLs under the listing's path."""
        scope = self.crawler.settings.get("WAYBACK_ORPHANS") or "category"
        if scope == "none":
            return []
        found = [category_path(u) for u in site.start_urls]
        prefixes = ["/"] if scope == "all" else [p for p in found if p is not None]
        if not prefixes:
            return []
        listing_keys = {canonical_for(site)(u) for u in site.start_urls}
        seen = self.seen_articles[site.id]
        fresh: dict[str, str] = {}
        for capture in self.captures.get(site.id, ()):
            url = capture.original
            if not on_site(url, site.allowed_domains) or not any(
                looks_like_article(url, p) for p in prefixes
            ):
                continue
            key = canonical_for(site)(url)
            if key not in seen and key not in listing_keys:
                fresh.setdefault(key, url)
        known = self.state.known_urls(list(fresh)) if self.state is not None and fresh else set()
        if known:
            self._count(site.id, "known_links", len(known))
        requests = []
        for key, url in sorted(fresh.items()):
            seen.add(key)
            if key in known:
                continue
            self._count(site.id, "articles_requested")
            self._count(site.id, "wayback/orphan_articles")
            requests.append(
                Request(
                    url,
                    callback=self.parse_article,
                    errback=self.on_error,
                    priority=ARTICLE_PRIORITY,
                    meta={"site_id": site.id, "category": site.category, "capture_kind": "article"},
                )
            )
        return requests

    def _live_failed(self, site_id: str) -> bool:
        """The live walk gave nothing to trust: a listing page failed, none was read, or no article link."""
        stats = self.crawler.stats
        pages = stats.get_value(f"tinhoatdong/site/{site_id}/listing_pages", 0)
        links = sum(
            stats.get_value(f"tinhoatdong/site/{site_id}/{k}", 0)
            for k in ("articles_requested", "known_links")
        )
        return site_id in self.broken_walks or pages == 0 or links == 0

    def on_idle(self) -> None:
        """When the queue runs dry: schedule the CDX-only articles of archived sites whose walk is done, and
        move `auto` sites whose live walk failed to the archive. Keeps the spider open while it adds work."""
        if self.shared_crawl is not None:
            return
        engine = self.crawler.engine
        added = 0
        for site_id in sorted(self.orphans_pending):
            if self.open_chains.get(site_id, 0) > 0:
                continue
            self.orphans_pending.discard(site_id)
            for request in self._orphans(self.by_id[site_id]):
                engine.crawl(request)
                added += 1
        for site_id in sorted(self.auto_sites):
            if self.source_of[site_id] != "live" or not self._live_failed(site_id):
                continue
            site = self.by_id[site_id]
            self.logger.warning("%s: the live site failed; falling back to web-archive captures", site_id)
            self._count(site_id, "wayback/fallback")
            self.broken_walks.discard(site_id)  # the walk is judged by the archive's walk from here on
            for request in self._cdx_requests(site):
                engine.crawl(request)
                added += 1
        if added:
            raise DontCloseSpider

    def parse_listing(self, response: Response) -> Iterator[Request]:
        site = self.by_id[response.meta["site_id"]]
        page_req: PageRequest = response.meta["page_request"]
        page_no = page_req.page_no or 1
        if not isinstance(response, TextResponse):
            self._count(site.id, "errors/NotHtml")
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
        known_category = response.meta.get("category") or site.category
        result = page.parse(find_category=not known_category)
        category = known_category or result.category
        if page_no == 1:
            self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/platform", platform)
            self.crawler.stats.set_value(f"tinhoatdong/site/{site.id}/category", category)
        seen = self.seen_articles[site.id]
        fresh: list[tuple[str, ListingEntry]] = []  # not yet met in this run
        all_too_old = bool(result.entries)
        for entry in result.entries:
            if not on_site(entry.url, site.allowed_domains):
                continue
            entry_date = self._entry_date(entry, site)
            if self.args.since and entry_date and entry_date < self.args.since:
                self._count(site.id, "skipped/before_since")
                continue
            all_too_old = False
            key = canonical_for(site)(entry.url)
            if key not in seen:
                seen.add(key)
                fresh.append((key, entry))
        # Articles an earlier run emitted are never fetched again (the state remembers them).
        known = (
            self.state.known_urls([key for key, _ in fresh]) if self.state is not None and fresh else set()
        )
        if known:
            self._count(site.id, "known_links", len(known))
        for key, entry in fresh:
            if key in known:
                continue
            self._count(site.id, "articles_requested")
            yield Request(
                entry.url,
                callback=self.parse_article,
                errback=self.on_error,
                priority=ARTICLE_PRIORITY,  # before the next listing page: keeps the queue short
                meta={"site_id": site.id, "entry": entry, "category": category, "capture_kind": "article"},
            )
        unknown = len(fresh) - len(known)
        self.logger.info(
            "%s: listing page %d (%s): %d entries, %d new, %d already archived [%s]",
            site.id,
            page_no,
            page_req.kind,
            len(result.entries),
            unknown,
            len(known),
            platform,
        )
        if not fresh:
            self._stop(site.id, "no_new_links", response.url)  # a repeated page: the site's pager is done
            return
        known_pages = response.meta.get("known_pages", 0) + 1 if unknown == 0 else 0
        if known_pages >= self.known_pages_to_stop and not self.args.full and site.id not in self.resume:
            self._stop(site.id, "all_known", response.url)  # incremental: the rest was archived before
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
            "known_pages": known_pages,
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
            self._count(site.id, "errors/NotHtml")
            return
        doc = self._document(response)
        item = build_item(
            doc,
            site,
            # the WARC record's date when captured, so that re-extraction from the WARC gives the same item
            fetched_at=response.meta.get("fetched_at") or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            listing_entry=response.meta.get("entry"),
            category=response.meta.get("category"),
            warc=response.meta.get("warc"),
            captured_at=response.meta.get("captured_at"),
            capture_url=response.meta.get("capture_url"),
        )
        published = item.get("published_at")
        if self.args.since and published and date.fromisoformat(published[:10]) < self.args.since:
            self._count(site.id, "skipped/before_since")
            return
        yield from self._fetch_attachments(item, site)

    # -- attachments: fetched one after another, then the item goes on with their size and sha256 ---------
    def _fetch_attachments(self, item: dict[str, Any], site: Site) -> Iterator[Any]:
        todo: list[int] = []
        enabled = self.crawler.settings.getbool("ATTACHMENTS_ENABLED", True)
        for i, attachment in enumerate(item["attachments"]):
            known = self.attachment_digests.get(attachment["url"])
            attachment.update(known or {"size": None, "sha256": None})
            if known is not None or not enabled:
                continue
            if on_site(attachment["url"], site.allowed_domains):
                todo.append(i)
            else:  # never fetched: another host's documents are not this site's to archive
                self._count(site.id, "attachments/offsite")
        yield from self._next_attachment(item, todo, site)

    def _next_attachment(self, item: dict[str, Any], todo: list[int], site: Site) -> Iterator[Any]:
        """The request for the item's next document, or the item once none is left.

        A document fetched meanwhile (by another item) is taken as it is. A document another item is fetching
        is waited for (``_resume_waiting``) rather than fetched a second time, except in distributed mode,
        where another worker may take the request. A document whose URL is too long is not asked for:
        crawler.middlewares.TrapGuardMiddleware would refuse the request, and the item, which waits for its
        documents, would be lost with it.
        """
        longest = max_url_length(self.crawler.settings)
        while todo:
            attachment = item["attachments"][todo[0]]
            known = self.attachment_digests.get(attachment["url"])
            if known is not None:
                attachment.update(known)
                todo = todo[1:]
                continue
            request = Request(
                attachment["url"],
                callback=self.parse_attachment,
                errback=self.attachment_failed,
                dont_filter=True,  # articles may share a document: the others wait for it or find it known
                priority=ATTACHMENT_PRIORITY,  # finish an article before starting others: its item waits
                meta={
                    "site_id": site.id,
                    "capture_kind": "attachment",
                    # a document is part of its article (a web archive's embed), not one more hop: a
                    # DEPTH_LIMIT that lets the crawl reach the article would drop it, and the item with it
                    "depth_reset": True,
                    "item": item,
                    "todo": todo,
                    "download_maxsize": self.crawler.settings.getint("ATTACHMENT_MAXSIZE"),
                },
            )
            if len(request.url) > longest:  # the trap guard's rule, on the URL as it would be sent
                self._count(site.id, "attachments/url_too_long")
                todo = todo[1:]
                continue
            if self.shared_crawl is None:
                waiting = self.attachments_in_flight.get(attachment["url"])
                if waiting is not None:
                    waiting.append((item, todo, site))
                    return
                self.attachments_in_flight[attachment["url"]] = []
            yield request
            return
        yield item

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        site = self.by_id[response.meta["site_id"]]
        item, todo = response.meta["item"], response.meta["todo"]
        attachment = item["attachments"][todo[0]]
        facts = {"size": len(response.body), "sha256": hashlib.sha256(response.body).hexdigest()}
        attachment.update(facts)
        self.attachment_digests[attachment["url"]] = facts
        self._count(site.id, "attachments/downloaded")
        yield from self._resume_waiting(attachment["url"])
        yield from self._next_attachment(item, todo[1:], site)

    def attachment_failed(self, failure: Failure) -> Iterator[Any]:
        meta = failure.request.meta
        site = self.by_id[meta["site_id"]]
        kind = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        self._count(site.id, f"attachments/failed/{kind}")
        self.logger.warning("%s: attachment %s not archived: %s", site.id, failure.request.url, kind)
        url = meta["item"]["attachments"][meta["todo"][0]]["url"]
        yield from self._resume_waiting(url)
        yield from self._next_attachment(meta["item"], meta["todo"][1:], site)

    def _resume_waiting(self, url: str) -> Iterator[Any]:
        """The items that waited for the document at ``url`` go on: with its size and sha256 once it came, or,
        when it failed, the first of them tries it again (as each would have) and the others wait for that."""
        for item, todo, site in self.attachments_in_flight.pop(url, []):
            yield from self._next_attachment(item, todo, site)

    def on_error(self, failure: Failure) -> None:
        request = failure.request
        site_id = request.meta.get("site_id", "unknown")
        if isinstance(failure.value, WaybackSkip):  # counted as wayback/<reason> by the middleware
            self.logger.info("%s: %s skipped: %s", site_id, request.url, failure.value)
            if request.callback == self.parse_listing:
                self._stop(site_id, f"wayback_{failure.value.reason}", request.url)
            return
        kind = type(failure.value).__name__
        response = getattr(failure.value, "response", None)
        if response is not None:
            kind = f"http_{response.status}"
        elif is_tls_failure(failure.value):
            kind = "TLSError"
        self._count(site_id, f"errors/{kind}")
        hint = " (an old server? see README: tls: legacy)" if kind == "TLSError" else ""
        self.logger.warning("%s: %s failed: %s%s", site_id, request.url, kind, hint)
        if request.callback == self.parse_listing:
            self.walk_broken(site_id)

    def closed(self, reason: str) -> None:
        # Called after the writer finalized this run's file: a site walked to its end is done with.
        # (Distributed: the worker that ends the shared crawl does it, crawler.runstate.)
        if self.state is not None and reason == "finished" and self.shared_crawl is None:
            for site in self.sites:
                if self.open_chains.get(site.id, 1) <= 0 and site.id not in self.broken_walks:
                    self.state.walk_finished(site.id, resolve_run_id(self.crawler))
        # The writer computed each site's health (crawler.health) when it wrote the manifest.
        health = getattr(self.crawler, "tinhoatdong_health", None) or {}
        self.logger.info("run finished (%s). Health per site:", reason)
        for line in format_table({s.id: health[s.id] for s in self.sites if s.id in health}):
            self.logger.info("  %s", line)
