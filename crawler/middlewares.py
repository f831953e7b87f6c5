"""Faults and traps: the crawl's guards between the spider and the network.

Old provincial servers answer 503 under load, ask for patience with 429 + ``Retry-After``, hang, serve a
20 MB scan where an article was expected, redirect to a portal on another domain, and grow listing URLs
without bound (calendars, filters, session ids). Each of these ends in a counted outcome, never in a stalled
or endless crawl. Counts go to the stats under ``tinhoatdong/site/<id>/...`` (the manifest shows them):

- ``errors/<kind>``: the spider's errback counts a failed request by its exception's class name, so the
  exceptions raised here are named for what happened (`OffsiteRedirect`, `DownloadTooLarge`,
  `DecompressionBomb`, `EmptyBody`, `NotHtml`, `RobotsDisallowed`); a callback that fails on a broken
  page counts ``errors/parse_<Type>``;
- ``traps/<reason>``: a request the spider asked for and a guard refused before anything was fetched
  (``url_too_long``, ``max_listing_pages``, ``calendar``, ``filter_params``, ``session_id``);
- ``retried/<reason>``: retries (5xx, 429, timeouts, refused connections), each delayed by ``Retry-After``
  or an exponential backoff, both capped; ``retry_after_too_long``: an answer asking for a longer wait than
  the cap, which stands (not retried early).

Components (wired in ``crawler/settings.py``):

- `BackoffRetryMiddleware` replaces Scrapy's RetryMiddleware: same retry rules, plus the delay;
- `SiteGuardMiddleware` (downloader, before robots.txt and the offsite filter): redirects stay on the site,
  empty bodies and size cancellations get their own names;
- `BombCountingCompressionMiddleware`: Scrapy's decompression with the size cap, the refusal named;
- `LazyMetaRefreshMiddleware`: Scrapy's ``<meta http-equiv="refresh">`` redirects, without decoding every
  page to look for one;
- `TrapGuardMiddleware` (spider): URL length, listing depth, calendar/filter/session parameters.
"""

from __future__ import annotations

import logging
import re
import time
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlsplit

from isal import isal_zlib
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.gz import gunzip as scrapy_gunzip
from twisted.internet.defer import CancelledError

from crawler.archive.capture import media_type
from crawler.urls import netloc_of, on_site

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


# -- named failures (the spider's errback counts errors/<class name>) -----------------------------------
class OffsiteRedirect(IgnoreRequest):
    """A redirect that leaves the site's domains: not followed, nothing fetched there."""


class DownloadTooLarge(IgnoreRequest):
    """The body passed DOWNLOAD_MAXSIZE (declared or while streaming): the download was cancelled."""


class DecompressionBomb(IgnoreRequest):
    """A compressed body that would pass DOWNLOAD_MAXSIZE once decompressed: stopped at the cap."""


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids the URL: nothing was fetched."""


class NotHtml(IgnoreRequest):
    """A document (PDF, Office file, image, archive) where a page was expected."""


class EmptyBody(IgnoreRequest):
    """A 200 answer with no body where a page was expected."""


def _site_id(request: Request) -> str:
    return request.meta.get("site_id") or "unknown"


def _count(crawler: Crawler, request: Request, key: str) -> None:
    crawler.stats.inc_value(f"tinhoatdong/site/{_site_id(request)}/{key}")


# -- retries with Retry-After and backoff ----------------------------------------------------------------
def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), None when absent or bad."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES incl. 429, RETRY_EXCEPTIONS), each one delayed.

    The delay is the server's ``Retry-After`` when it sends one, else ``RETRY_BACKOFF_BASE * 2**(n-1)`` for
    the n-th retry; either is capped at ``RETRY_BACKOFF_MAX``. A ``Retry-After`` longer than the cap is
    not retried early (that would be impolite): the answer stands and is counted. A ``Retry-After`` also
    holds back every other request to the same host until it has passed. The wait is an async sleep in
    ``process_request``, before the request takes a download slot: the reactor keeps running.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.host_not_before: dict[str, float] = {}

    async def process_request(self, request: Request) -> None:
        until = max(
            request.meta.get("retry_not_before", 0.0), self.host_not_before.get(netloc_of(request.url), 0.0)
        )
        wait = until - time.time()
        if wait > 0:
            await sleep(min(wait, self.backoff_max))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.backoff_max:
            logger.warning(
                "%s asks to retry after %.0f s (over RETRY_BACKOFF_MAX %.0f s): not retried",
                request.url,
                asked,
                self.backoff_max,
            )
            _count(self.crawler, request, "retry_after_too_long")
            return response
        if asked is not None:
            self.host_not_before[netloc_of(request.url)] = time.time() + asked
        return self._delayed(request, f"http_{response.status}", asked) or response

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            return self._delayed(request, type(exception).__name__, None)
        return None

    def _delayed(self, request: Request, reason: str, asked: float | None) -> Request | None:
        retry = self._retry(request, reason)
        if retry is None:
            return None
        n = retry.meta.get("retry_times", 1)
        delay = asked if asked is not None else self.backoff_base * 2 ** (n - 1)
        retry.meta["retry_not_before"] = time.time() + min(delay, self.backoff_max)
        _count(self.crawler, request, f"retried/{reason}")
        return retry


# -- per-site politeness ------------------------------------------------------------------------------
class SitePaceMiddleware:
    """Per-site politeness overrides from the registry: ``download_delay`` and ``concurrency``.

    The delay is a gate per host, on top of DOWNLOAD_DELAY and AutoThrottle (which never lower it): each
    request to one of the site's hosts waits for its turn, ``download_delay`` seconds after the previous
    one. ``concurrency`` sets the download slot of each of the site's hosts.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.next_turn: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from scrapy import signals

        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def _site(self, request: Request) -> Any:
        return getattr(self.crawler.spider, "by_id", {}).get(request.meta.get("site_id"))

    def spider_opened(self) -> None:
        downloader = getattr(self.crawler.engine, "downloader", None)
        slots = getattr(downloader, "per_slot_settings", None)
        if slots is None:
            return
        for site in getattr(self.crawler.spider, "sites", []):
            if site.concurrency:
                for domain in site.allowed_domains:
                    host = domain.split(":", 1)[0]
                    slots.setdefault(host, {})["concurrency"] = site.concurrency

    async def process_request(self, request: Request) -> None:
        site = self._site(request)
        if site is None or not site.download_delay:
            return
        host = netloc_of(request.url)
        # The next turn is set when a request actually passes, not reserved ahead: a waiter that wakes late
        # (a busy event loop) must not let the one after it through early.
        while (wait := self.next_turn.get(host, 0.0) - time.time()) > 0:
            await sleep(wait)
        self.next_turn[host] = time.time() + site.download_delay


# -- site guard: redirects, empty bodies, size caps -------------------------------------------------------
# Content types that are documents, never pages (JSON and XML stay: AJAX pagers answer in them).
_BINARY_TYPE = re.compile(
    rb"^(application/(pdf|msword|octet-stream|zip|x-zip-compressed|x-rar-compressed|vnd\.[\w.+-]+|x-7z-compressed)"
    rb"|image/|audio/|video/|font/)"
)


class SiteGuardMiddleware:
    """Keeps redirects on the site and names the ways a download can be refused.

    Sits before the robots.txt middleware, so that a redirect leaving the site does not even fetch the other
    host's robots.txt. The site's domains are the registry's (`Site.allowed_domains`, via the spider's
    ``by_id``); a request without a known site is left alone.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _domains(self, request: Request) -> tuple[str, ...] | None:
        site = getattr(self.crawler.spider, "by_id", {}).get(request.meta.get("site_id"))
        return site.allowed_domains if site is not None else None

    def process_request(self, request: Request) -> None:
        if not request.meta.get("redirect_urls"):
            return
        domains = self._domains(request)
        if domains is not None and not on_site(request.url, domains):
            logger.warning(
                "%s: redirect from %s to %s leaves the site: not followed",
                _site_id(request),
                request.meta["redirect_urls"][0],
                request.url,
            )
            raise OffsiteRedirect(f"redirect to {request.url} leaves the site")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("site_id") is None:
            return response
        ctype = media_type(response.headers)
        expects_page = request.meta.get("capture_kind") != "attachment"  # a document is what was asked for
        if response.status == 200 and _BINARY_TYPE.match(ctype) and expects_page:
            raise NotHtml(f"{response.url}: {ctype.decode('latin-1')} where a page was expected")
        if response.status == 200 and not response.body and request.method != "HEAD":
            raise EmptyBody(f"{response.url}: empty body")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        # Called after every other middleware gave up on the exception (retries are done by then).
        if type(exception) is IgnoreRequest and "robots.txt" in str(exception):
            raise RobotsDisallowed(str(exception)) from exception
        if isinstance(exception, (DownloadCancelledError, CancelledError)):
            maxsize = request.meta.get("download_maxsize", self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            raise DownloadTooLarge(f"{request.url}: body over DOWNLOAD_MAXSIZE ({maxsize} B)") from exception


def gunzip(body: bytes, max_size: int = 0) -> bytes:
    """Scrapy's ``gunzip``, in one ISA-L call when the body is one whole, sound gzip member.

    Servers send most pages gzipped, and Scrapy reads them through ``gzip.GzipFile`` in 64 KB steps
    (0.49 ms a 170 KB page of the bench mirror, where zlib-ng in one call took 0.27 and ISA-L 0.24:
    bench/bench_document.py, row "gunzip"). ISA-L checks the member's CRC and length itself. The
    read stops one byte past ``max_size`` (DOWNLOAD_MAXSIZE, 0: no cap), so a bomb is never held whole. Any
    other body (several members, bytes after the member, a bad checksum, a cut-off stream, more than
    ``max_size``) is read by Scrapy's function, whose answer or error is then the answer: it keeps what it
    read before a fault. tests/test_gunzip.py compares the two."""
    reader = isal_zlib.decompressobj(16 + isal_zlib.MAX_WBITS)  # gzip wrapper only, as GzipFile
    try:
        data = reader.decompress(body, max_size + 1 if max_size else 0)
    except isal_zlib.error:
        return scrapy_gunzip(body, max_size=max_size)
    if not reader.eof or reader.unused_data or (max_size and len(data) > max_size):
        return scrapy_gunzip(body, max_size=max_size)
    return data


class BombCountingCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, whose size cap (DOWNLOAD_MAXSIZE) stops a gzip bomb; the refusal is named.

    Decompression is incremental and stops at the cap, so a bomb is never held in memory whole. A gzip body
    is read by ``gunzip`` above.
    """

    @staticmethod
    def _decode(body: bytes, encoding: bytes, max_size: int) -> bytes:
        # Scrapy 2.19's hook for one encoding of the Content-Encoding list (private; the pinned version is
        # exercised by tests/test_gunzip.py and by tests/test_faults.py's bomb)
        if encoding in (b"gzip", b"x-gzip"):
            return gunzip(body, max_size)
        return HttpCompressionMiddleware._decode(body, encoding, max_size)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if isinstance(exc, DecompressionBomb):
                raise
            raise DecompressionBomb(str(exc)) from exc


# Scrapy looks for the tag in the first 4,096 characters of the decoded page: at most 4 bytes a character.
_REFRESH_SCAN_BYTES = 4 * 4096


def may_meta_refresh(body: bytes) -> bool:
    """False when the page cannot hold a ``<meta http-equiv="refresh">`` where Scrapy looks for one.

    In an ASCII-compatible encoding (every encoding these sites use) the word is its ASCII bytes, in any
    case; a page with NUL bytes near its start (UTF-16 or UTF-32) is left to Scrapy to decode and read."""
    head = body[:_REFRESH_SCAN_BYTES]
    return b"\x00" in head or b"refresh" in head.lower()


class LazyMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, the same ones, without decoding each page to look for them.

    Scrapy's middleware decodes the whole body (``response.text``) of every HTML response to search its
    start for the tag: 0.3-0.5 ms a page, for a text the crawl never reads (the page objects decode the
    bytes with their own rules, crawler.text.decode). Here a page whose first bytes do not hold the word
    `refresh` is passed on undecoded; any other page goes through Scrapy's middleware unchanged.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if isinstance(response, HtmlResponse) and not may_meta_refresh(response.body):
            return response
        return super().process_response(request, response)


# -- traps: bounded frontiers for listing chains ---------------------------------------------------------
# Session ids in URLs: the same page under endless names.
_SESSION_PATH = re.compile(r";jsessionid=[^/?#]*|/\(S\([^)]*\)\)", re.I)
_SESSION_PARAM = re.compile(r"^(jsessionid|phpsessid|sessionid|session_id|sid|aspsessionid\w*)$", re.I)
# Calendar parameters: names, and values shaped like dates (YYYY-MM-DD, DD/MM/YYYY, YYYY-MM).
_CALENDAR_NAME = re.compile(
    r"^(date|day|month|year|ngay|thang|nam|tungay|denngay|fromdate|todate|from_date|to_date|calendar|lich"
    r")$",
    re.I,
)
_DATE_VALUE = re.compile(r"^(\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})$")
_DATE_PATH = re.compile(r"/(19|20)\d{2}/\d{1,2}(/\d{1,2})?(?=/|$)")
# Filter, sort and view parameters: each value multiplies the same listing.
_FILTER_NAME = re.compile(
    r"^(sort|sortby|sort_by|sortorder|order|orderby|order_by|dir|direction|filter|filter_\w+|print|tmpl"
    r"|viewmode|view_mode|display|keyword|keywords|search|tukhoa|q)$",
    re.I,
)


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def calendar_key(url: str) -> tuple[Any, ...]:
    """The calendar part of a URL: date-like parameters and path segments (empty when there is none)."""
    params = tuple(
        sorted((n.lower(), v) for n, v in _query(url) if _CALENDAR_NAME.match(n) or _DATE_VALUE.match(v))
    )
    path = tuple(m.group(0) for m in _DATE_PATH.finditer(urlsplit(url).path))
    return params + path


def filter_key(url: str) -> tuple[tuple[str, str], ...]:
    """The filter/sort/view parameters of a URL."""
    return tuple(sorted((n.lower(), v) for n, v in _query(url) if _FILTER_NAME.match(n)))


def without_session(url: str) -> str:
    """url with session ids taken out of its path and query (for comparing, never for fetching)."""
    parts = urlsplit(url)
    path = _SESSION_PATH.sub("", parts.path)
    query = "&".join(p for p in parts.query.split("&") if p and not _SESSION_PARAM.match(p.split("=", 1)[0]))
    return parts._replace(path=path, query=query, fragment="").geturl()


def has_session(url: str) -> bool:
    return without_session(url) != urlsplit(url)._replace(fragment="").geturl()


def trap_reason(url: str, came_from: str | None) -> str | None:
    """Why following listing link url from page came_from would walk into a trap, or None.

    Only a change counts: a listing that is itself a calendar day or a sorted view may be paged through,
    but a next page that moves the date or changes the filter is another list of the same articles.
    """
    if came_from is not None:
        if calendar_key(url) and calendar_key(url) != calendar_key(came_from):
            return "calendar"
        if filter_key(url) and filter_key(url) != filter_key(came_from):
            return "filter_params"
    return None


def max_url_length(settings: Any) -> int:
    """The longest URL the crawl asks for: ``MAX_URL_LENGTH``, or Scrapy's ``URLLENGTH_LIMIT`` if lower
    (its middleware would drop a longer request without a callback). TrapGuardMiddleware refuses longer
    requests and counts them; the spider does not ask for a longer document link at all, as its article,
    which waits for its documents, would be lost with it."""
    longest = settings.getint("MAX_URL_LENGTH", 1024)
    scrapy_limit = settings.getint("URLLENGTH_LIMIT", 0)  # 0 (or less): no limit
    return min(longest, scrapy_limit) if scrapy_limit > 0 else longest


class TrapGuardMiddleware(BaseSpiderMiddleware):
    """Refuses requests the spider yields that lead into a trap, before they are scheduled; counts each.

    - any request whose URL is longer than ``MAX_URL_LENGTH`` (or a lower ``URLLENGTH_LIMIT``):
      ``traps/url_too_long``;
    - a listing page past ``MAX_LISTING_PAGES`` in its chain: ``traps/max_listing_pages``;
    - a next listing page that moves a calendar (``?date=``, ``/2024/05/``) or changes a filter, sort or view
      parameter: ``traps/calendar``, ``traps/filter_params``;
    - a listing URL that differs from one already requested only by a session id: ``traps/session_id``.

    A refused listing request ends its chain, as a pagination stop does (the spider's ``end_chain``).
    A callback that raises on a broken page is counted (``errors/parse_<Type>``) and the crawl goes on.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.max_url_length = max_url_length(settings)
        self.max_listing_pages = settings.getint("MAX_LISTING_PAGES", 2000)
        self.listing_keys: dict[str, set[str]] = {}

    def _refuse(self, request: Request, reason: str, listing: bool) -> None:
        site_id = _site_id(request)
        self.crawler.stats.inc_value(f"tinhoatdong/site/{site_id}/traps/{reason}")
        logger.info("%s: not following %s (%s)", site_id, request.url[:200], reason)
        end_chain = getattr(self.crawler.spider, "end_chain", None)
        if listing and end_chain is not None:
            end_chain(site_id)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        page_request = request.meta.get("page_request")
        listing = page_request is not None
        if len(request.url) > self.max_url_length:
            self._refuse(request, "url_too_long", listing)
            return None
        if not listing or response is None:
            return request
        if self.max_listing_pages and (page_request.page_no or 1) > self.max_listing_pages:
            self._refuse(request, "max_listing_pages", listing)
            return None
        if request.method == "GET" and page_request.kind not in ("start", "discovered"):
            reason = trap_reason(request.url, response.url)
            if reason is not None:
                self._refuse(request, reason, listing)
                return None
            keys = self.listing_keys.setdefault(_site_id(request), set())
            keys.add(without_session(response.url))
            key = without_session(request.url)
            if has_session(request.url) and key in keys:
                self._refuse(request, "session_id", listing)
                return None
            keys.add(key)
        return request

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any]:
        """A page the callback could not read (broken HTML, an empty document): counted, not fatal."""
        request = response.request
        if request is None:
            return None
        site_id = _site_id(request)
        self.crawler.stats.inc_value(f"tinhoatdong/site/{site_id}/errors/parse_{type(exception).__name__}")
        logger.warning("%s: could not read %s: %r", site_id, response.url, exception)
        if request.meta.get("page_request") is not None:
            walk_broken = getattr(self.crawler.spider, "walk_broken", None)
            if walk_broken is not None:
                walk_broken(site_id)
        return []
