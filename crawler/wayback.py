"""Crawling a site from web-archive captures (Internet Archive Wayback Machine, or any CDX + replay archive).

After the 2025 merger many department sites are gone; the archive's captures may be the only copy left. The
spider walks such a site exactly as it walks a live one (listing pages, pagination, articles, the same page
objects, dedupe and output); only where the bytes come from changes:

- **Discovery** (`cdx_query_url`, `parse_cdx`): a CDX prefix query per host of the site lists its captures
  (`filter=statuscode:200`, `filter=mimetype:text/html`, `output=json`, `showResumeKey=true` + `resumeKey`
  paging). One capture per URL is kept (`CaptureIndex`): the newest in the window by default.
- **Fetching** (`WaybackMiddleware`): a request the spider makes for an original URL of an archived site is
  rewritten to the raw replay URL ``{WAYBACK_REPLAY}/{timestamp}id_/{original}`` (``id_``: the bytes as
  captured, no toolbar, no rewritten links) and its response rewritten back to the original URL, so the
  spider, the page objects and canonical URLs see the site's own URLs. The WARC capture (860, nearer the wire)
  records the exchange with the archive as it happened: the capture URL. A replay that answers a redirect or
  an error is skipped and counted (``tinhoatdong/site/<id>/wayback/<reason>``).
- **Politeness**: archive requests share one download slot (``wayback``) with its own concurrency and delay,
  the retry middleware backs off on 429/503 (``Retry-After``), and a run makes at most
  ``WAYBACK_MAX_REQUESTS`` requests to the archive.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.urls import article_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_CDX = "https://web.archive.org/cdx/search/cdx"
DEFAULT_REPLAY = "https://web.archive.org/web"
SLOT = "wayback"  # the download slot every archive request shares
PICKS = ("newest", "oldest")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TIMESTAMP = re.compile(r"\d{4,14}")


class WaybackSkip(IgnoreRequest):
    """A request of an archived site not fetched, or whose capture cannot be used (`reason` says why)."""

    def __init__(self, reason: str, message: str = "") -> None:
        self.reason = reason
        super().__init__(message or reason)


# -- captures ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Capture:
    """One CDX row: a capture of `original` at `timestamp` (14 digits, UTC)."""

    timestamp: str
    original: str
    status: str = "200"
    mimetype: str = "text/html"
    digest: str = ""

    @property
    def captured_at(self) -> str:
        """The capture time as UTC ISO 8601 with `Z` (CDX timestamps are UTC; missing digits are zeros)."""
        t = self.timestamp.ljust(14, "0")
        return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"

    def replay_url(self, replay: str) -> str:
        """The raw (``id_``) replay URL: the bytes as captured, without the archive's toolbar or rewriting."""
        return f"{replay.rstrip('/')}/{self.timestamp}id_/{self.original}"


def url_key(url: str) -> str:
    """A scheme-free key for matching a URL with its captures (SURT-like: host case, `www.`, default port,
    query order folded), so that `http://www.x.vn/a?b=1&a=2` finds a capture of `https://x.vn/a?a=2&b=1`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{netloc}{parts.path or '/'}" + (f"?{query}" if query else "")


class CaptureIndex:
    """The captures chosen for one site: one per URL key, the newest (or oldest) in the window."""

    def __init__(self, pick: str = "newest") -> None:
        if pick not in PICKS:
            raise ValueError(f"WAYBACK_PICK={pick!r}: expected one of {', '.join(PICKS)}")
        self.pick = pick
        self.by_key: dict[str, Capture] = {}

    def add(self, captures: Iterable[Capture]) -> int:
        """Keep the better capture of each URL; returns how many rows were usable (status 200 HTML)."""
        used = 0
        for cap in captures:
            if cap.status != "200":
                continue
            used += 1
            key = url_key(cap.original)
            have = self.by_key.get(key)
            if have is None or (
                cap.timestamp > have.timestamp if self.pick == "newest" else cap.timestamp < have.timestamp
            ):
                self.by_key[key] = cap
        return used

    def get(self, url: str) -> Capture | None:
        return self.by_key.get(url_key(url))

    def __len__(self) -> int:
        return len(self.by_key)

    def __iter__(self) -> Any:
        return iter(self.by_key.values())


# -- the CDX API -----------------------------------------------------------------------------------------
def cdx_query_url(
    endpoint: str,
    prefix: str,
    *,
    pick: str = "newest",
    window: tuple[str | None, str | None] = (None, None),
    limit: int = 5000,
    resume_key: str | None = None,
) -> str:
    """The CDX query listing the HTML captures (status 200) of every URL under `prefix`: a host (host:port),
    whose every page is listed, or a URL prefix (scheme optional: captures of both schemes are listed).

    `collapse=urlkey` keeps one row per URL (the oldest in the window: CDX rows run oldest first), the
    cheapest query, used for ``pick=oldest``; for ``newest`` rows are collapsed by content digest instead
    (consecutive identical captures are one row) and the newest per URL is chosen here."""
    params: list[tuple[str, str]] = [
        ("url", cdx_prefix(prefix)),
        ("matchType", "prefix"),
        ("output", "json"),
        ("fl", "urlkey,timestamp,original,mimetype,statuscode,digest"),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("collapse", "urlkey" if pick == "oldest" else "digest"),
        ("showResumeKey", "true"),
        ("limit", str(limit)),
    ]
    if window[0]:
        params.append(("from", window[0]))
    if window[1]:
        params.append(("to", window[1]))
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{endpoint}?{urlencode(params)}"


def cdx_prefix(prefix: str) -> str:
    """The `url=` of a prefix query: no scheme (the archive keys URLs without it); a bare host gets `/`."""
    bare = re.sub(r"^https?://", "", prefix.strip(), flags=re.I)
    return bare if "/" in bare else bare + "/"


def parse_cdx(body: bytes | str) -> tuple[list[Capture], str | None]:
    """Rows and resume key of a CDX answer with ``output=json``.

    The answer is a list: a header row naming the fields, the rows, then (with ``showResumeKey``, when more
    rows remain) an empty row and ``[resumeKey]``. An empty answer is ``[]``."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    data = json.loads(text) if text.strip() else []
    if not isinstance(data, list) or not data:
        return [], None
    header, rows = data[0], data[1:]
    resume = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume, rows = str(rows[-1][0]), rows[:-2]
    col = {name: i for i, name in enumerate(header)}
    captures = []
    for row in rows:
        if len(row) != len(header):
            continue
        ts = str(row[col["timestamp"]])
        if not _TIMESTAMP.fullmatch(ts):
            continue
        captures.append(
            Capture(
                timestamp=ts,
                original=str(row[col["original"]]),
                status=str(row[col["statuscode"]]) if "statuscode" in col else "200",
                mimetype=str(row[col["mimetype"]]) if "mimetype" in col else "text/html",
                digest=str(row[col["digest"]]) if "digest" in col else "",
            )
        )
    return captures, resume


# -- links in captures -------------------------------------------------------------------------------------
_ARCHIVED_LINK = re.compile(r"^(?:https?://[^/]+)?/web/\d{1,14}[a-z_]*/(.+)$", re.I)


def original_url(url: str) -> str:
    """The original URL behind an archive link (``/web/20190101000000id_/http://x.vn/a`` -> ``http://x.vn/a``);
    other URLs are returned as they are."""
    m = _ARCHIVED_LINK.match(url)
    if m is None:
        return url
    inner = m.group(1)
    if not re.match(r"^https?:/", inner, re.I):
        inner = "http://" + inner
    return re.sub(r"^(https?):/(?!/)", r"\1://", inner, flags=re.I)  # `http:/x` (a collapsed //) too


def unrewrite_links(body: bytes, replay: str) -> tuple[bytes, int]:
    """Take the archive's prefix off links in a capture (`id_` captures normally have none; some archives or
    re-archived pages do), so the page objects see the site's own URLs. Returns the body and how many links
    were mapped back."""
    parts = urlsplit(replay)
    path = re.escape(parts.path.rstrip("/") or "/web")
    host = re.escape(parts.netloc)
    pattern = re.compile(
        rb"(?:(?:https?:)?//"
        + host.encode()
        + rb")?"
        + path.encode()
        + rb"/\d{1,14}[a-z]{0,2}_?/(?=https?:)",
        re.I,
    )
    return pattern.subn(b"", body)


# -- which captured URLs are articles ----------------------------------------------------------------------
_STATIC = re.compile(r"\.(css|js|json|xml|rss|txt|jpe?g|png|gif|svg|ico|pdf|docx?|xlsx?|zip|rar)$", re.I)
_ID_PARAM = re.compile(r"^(id|itemid|newsid|articleid|news_id|article_id|nid|p|tinid)$", re.I)
_ID_END = re.compile(r"(?:^|[-_/])\d{3,}(?:\.[a-z]+)?$", re.I)


def looks_like_article(url: str, under: str = "/") -> bool:
    """Whether a captured URL under the path `under` is shaped like an article page (not a listing, a home
    page, a search or a static file): a known CMS article shape, a numeric id at the end of the path or in an
    id parameter, or a long slug (4+ words)."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.lower().startswith(under.lower()) or _STATIC.search(path) or path.rstrip("/") == "":
        return False
    if article_key(url) is not None:
        return True
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(
        k.lower() in ("page", "p_p_id", "limitstart", "start", "keyword", "search", "q") for k, _ in query
    ):
        return False
    if any(_ID_PARAM.match(k) and v.split(":", 1)[0].isdigit() for k, v in query):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"\.[a-z]+$", "", last, flags=re.I)
    return bool(_ID_END.search(last)) or len(re.split(r"[-_]", stem)) >= 4


def category_path(start_url: str) -> str | None:
    """The path prefix a listing's own articles live under, when its URL shows one: the listing path as a
    folder (`/tin-hoat-dong-cua-so` -> `/tin-hoat-dong-cua-so/`). None for a page-like listing
    (`/Pages/Tin-hoat-dong.aspx`, `/index.php?...`) or the home page: its folder holds every category."""
    parts = urlsplit(start_url)
    path = (parts.path or "/").rstrip("/")
    if not path or "." in path.rsplit("/", 1)[-1] or parts.query:
        return None
    return path + "/"


# -- the downloader middleware -----------------------------------------------------------------------------
class WaybackMiddleware:
    """Fetches the pages of archived sites from their captures, and keeps the archive's requests polite.

    Sits first (30): a rewritten request is scheduled again (`dont_filter`, the original was deduplicated
    already) and then passes every other middleware as a request to the archive: robots.txt is the archive's,
    retries and `Retry-After` back off on the archive's host, and the WARC records the capture URL. On the way
    back it runs last, so the spider gets the response under its original URL. The spider says which sites are
    archived (`source_of`) and holds their capture indexes (`capture_for`).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.replay = settings.get("WAYBACK_REPLAY") or DEFAULT_REPLAY
        self.max_requests = settings.getint("WAYBACK_MAX_REQUESTS", 0)
        self.concurrency = settings.getint("WAYBACK_CONCURRENCY", 1)
        self.delay = settings.getfloat("WAYBACK_DOWNLOAD_DELAY", 2.0)
        self.requests = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        from scrapy import signals

        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self) -> None:
        downloader = getattr(self.crawler.engine, "downloader", None)
        slots = getattr(downloader, "per_slot_settings", None)
        if slots is not None:
            slots.setdefault(SLOT, {}).update({"concurrency": self.concurrency, "delay": self.delay})

    def _count(self, request: Request, key: str) -> None:
        site = request.meta.get("site_id") or "unknown"
        self.crawler.stats.inc_value(f"tinhoatdong/site/{site}/wayback/{key}")

    def _spend(self, request: Request) -> None:
        """One more request to the archive, within the run's budget (WAYBACK_MAX_REQUESTS; 0: no limit)."""
        if self.max_requests and self.requests >= self.max_requests:
            self._count(request, "budget_exhausted")
            raise WaybackSkip("budget_exhausted", f"WAYBACK_MAX_REQUESTS ({self.max_requests}) reached")
        self.requests += 1
        self.crawler.stats.inc_value("tinhoatdong/wayback/requests")

    def process_request(self, request: Request) -> Request | None:
        meta = request.meta
        if meta.get("wayback_cdx"):
            if "retry_times" not in meta:
                self._spend(request)
            return None
        if "wayback_capture" in meta:  # already rewritten (or a retry of it)
            return None
        spider = self.crawler.spider
        site_id = meta.get("site_id")
        if site_id is None or getattr(spider, "source_of", {}).get(site_id) != "wayback":
            return None
        if request.method != "GET":  # a postback pager: the archive only replays GETs
            self._count(request, "not_replayable")
            raise WaybackSkip("not_replayable", f"{request.method} {request.url} cannot be replayed")
        capture: Capture | None = spider.capture_for(site_id, request.url)
        if capture is None:
            self._count(request, "not_archived")
            raise WaybackSkip("not_archived", f"no capture of {request.url}")
        self._spend(request)
        replay_url = capture.replay_url(self.replay)
        return request.replace(
            url=replay_url,
            dont_filter=True,
            meta={
                **meta,
                "wayback_capture": capture,
                "wayback_original": request.url,
                "dont_redirect": True,  # a capture that redirects is skipped, not followed
                "download_slot": SLOT,
                "captured_at": capture.captured_at,
                "capture_url": replay_url,
            },
        )

    def process_response(self, request: Request, response: Response) -> Response:
        capture = request.meta.get("wayback_capture")
        if capture is None:
            return response
        if 300 <= response.status < 400:
            self._count(request, "redirect")
            raise WaybackSkip("redirect", f"capture {request.url} redirects ({response.status})")
        if response.status != 200:
            self._count(request, f"http_{response.status}")
            raise WaybackSkip(f"http_{response.status}", f"capture {request.url} answered {response.status}")
        body, mapped = unrewrite_links(response.body, self.replay)
        if mapped:
            self._count(request, "links_mapped_back")
        self._count(request, "captures")
        return response.replace(url=request.meta["wayback_original"], body=body)
