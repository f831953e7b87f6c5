"""Memoised URL rules for the page objects: ``crawler.urls`` answers, each computed once per URL.

A listing page runs ``canonical_url`` and ``on_site`` on each of its 300-700 links, several times over
(grouping, scoring, pagination), and a site's next listing page carries the same menus and footers again:
those calls were most of a listing page's cost. The rules are pure functions of their arguments, so a
bounded cache returns exactly what they would. The bounds keep the caches to a few MB each: they must not
grow with the crawl (each entry is a URL or two, some 300 bytes).
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


@lru_cache(maxsize=16_384)
def canonical_url(url: str) -> str:
    """``crawler.urls.canonical_url(url)`` (rules 1 and 2, no site)."""
    return urls.canonical_url(url)


@lru_cache(maxsize=16_384)
def _on_site(url: str, domains: tuple[str, ...]) -> bool:
    return urls.on_site(url, domains)


def on_site(url: str, domains: tuple[str, ...] | list[str] | frozenset[str]) -> bool:
    """``crawler.urls.on_site(url, domains)``."""
    return _on_site(url, domains if isinstance(domains, tuple) else tuple(domains))
