"""One fetched article page → one Article item, the same way for the crawl and for `crawler.extract`.

The page object gives the fields found on the page; this adds what the crawl knows around it: the site,
the URLs and id, the category, the fetch time and the schema version. Text normalisation, validation and
writing are the pipelines' work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.items import SCHEMA_VERSION
from crawler.pages.article import ArticlePage
from crawler.pages.base import Document, ListingEntry
from crawler.pages.platforms import detect_platform
from crawler.urls import article_id, choose_canonical

if TYPE_CHECKING:
    from crawler.registry import Site


def platform_for(doc: Document, site: Site | None) -> str:
    """The registry's word when it has one, else what the page's signatures say."""
    if site is not None and site.platform:
        return site.platform
    return detect_platform(doc.html, doc.url, doc.utf8)


def build_item(
    doc: Document,
    site: Site | None,
    *,
    fetched_at: str,
    listing_entry: ListingEntry | None = None,
    category: str | None = None,
    warc: dict[str, Any] | None = None,
    captured_at: str | None = None,
    capture_url: str | None = None,
) -> dict[str, Any]:
    """The raw item of one article page, with every CONTRACT.md field present.

    `warc` is where the page's response record is in this run's WARC files (crawler.archive.capture).
    `captured_at`/`capture_url`: the page is a web-archive capture (crawler.wayback), so `source` is
    `wayback`; `doc.url` is still the original URL, so the item dedupes against the live one."""
    page = ArticlePage(
        doc,
        platform=platform_for(doc, site),
        selectors=site.selectors if site is not None else None,
        date_order=site.date_order if site is not None else "dmy",
        listing_entry=listing_entry,
    )
    fields = page.to_item()
    # rel=canonical counts only when it stays on the site and names no listing or other article; the site's
    # URL rules (host variants, article keys) apply to it as to every link the spider dedupes.
    canonical = choose_canonical(doc.url, fields.pop("canonical_hint", None), site)
    return {
        "id": article_id(canonical),
        "url": doc.url,
        "canonical_url": canonical,
        "site": site.id if site is not None else "unknown",
        "site_name": site.name if site is not None else "",
        "province": site.province if site is not None else "",
        "category": (site.category if site is not None and site.category else None) or category or "",
        "title": fields.get("title"),
        "published_at": fields.get("published_at"),
        "published_at_raw": fields.get("published_at_raw"),
        "author": fields.get("author"),
        "summary": fields.get("summary"),
        "text": fields.get("text"),
        "images": fields.get("images") or [],
        "attachments": fields.get("attachments") or [],
        "content_hash": None,
        "duplicate_of": None,
        "fetched_at": fetched_at,
        "source": "wayback" if capture_url else "live",
        "captured_at": captured_at if capture_url else None,
        "capture_url": capture_url,
        "warc": warc,
        "schema_version": SCHEMA_VERSION,
    }
