"""Memoised URL rules for the page objects: ``crawler.urls`` answers, each computed once per URL.

A listing page runs ``canonical_url`` and ``on_site`` on each of its 300-700 links, several times over
(grouping, scoring, pagination), and a site's next listing page carries the same menus and footers again:
those calls were most of a listing page's cost. The rules are pure functions of their arguments, so a
bounded cache returns exactly what they would. The bounds keep the caches to a few MB each (canonical_url's,
sized for a whole registry's menus, to some 20 MB): they must not grow with the crawl.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import SplitResult
from urllib.parse import urlsplit as _urlsplit

from crawler import urls

__all__ = ["canonical_url", "on_site", "urlsplit"]


@lru_cache(maxsize=16_384)
def urlsplit(url: str) -> SplitResult:
    """``urllib.parse.urlsplit(url)`` (an immutable named tuple: safe to share)."""
    return _urlsplit(url)


# canonical_url costs some 70 us a URL (w3lib's canonicalisation is most of it), urlsplit and on_site under
# 10 us. Forty sites' listing pages link some 18,000 distinct URLs (menus, footers: ~530 a site on the bench
# mirror), each seen again on the site's next listing page: an LRU cache smaller than that set, visited in
# turn, keeps none of them. 65,536 entries hold 63 sites' menus with room for the stream of article URLs
# between two pages of one site; each entry is some 350 bytes (20 MB when full).
@lru_cache(maxsize=65_536)
def canonical_url(url: str) -> str:
    """``crawler.urls.canonical_url(url)`` (rules 1 and 2, no site)."""
    return urls.canonical_url(url)


@lru_cache(maxsize=16_384)
def _on_site(url: str, domains: tuple[str, ...]) -> bool:
    return urls.on_site(url, domains)


def on_site(url: str, domains: tuple[str, ...] | list[str] | frozenset[str]) -> bool:
    """``crawler.urls.on_site(url, domains)``."""
    return _on_site(url, domains if isinstance(domains, tuple) else tuple(domains))
