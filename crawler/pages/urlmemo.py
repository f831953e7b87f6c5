"""Memoised URL rules for the page objects: ``crawler.urls`` answers, each computed once per URL.

A listing page runs ``canonical_url`` and ``on_site`` on each of its 300-700 links, several times over
(grouping, scoring, pagination), and a site's next listing page carries the same menus and footers again:
those calls were most of a listing page's cost. The rules are pure functions of their arguments, so a
bounded cache returns exactly what they would. The bounds keep the caches to a few MB each (canonical_url's,
sized for a whole registry's menus, to some 20 MB): they must not grow with the crawl.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult
from urllib.parse import urlsplit as _urlsplit

from crawler import urls

__all__ = ["SamePage", "canonical_url", "on_site", "urlsplit"]


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


# A URL whose parts every parser reads alike (no backslash or white space anywhere; a plain host and port) and
# whose path has nothing for the canonical form to change: no percent-encoding, no character to encode or
# normalise, no ``;`` (session ids, parameters), no dot segment (any segment starting with "." is left to
# the full check). Its canonical form keeps that path as it is, unless it is a CMS article shape.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(/[A-Za-z0-9/_.~-]*)(?:[?#][^\\\s]*)?", re.ASCII
)


def _plain_path(url: str) -> str | None:
    match = _PLAIN_URL.fullmatch(url)
    if match is None or "/." in match.group(1):
        return None
    return match.group(1)


class SamePage:
    """``canonical_url(url) == canonical_url(page)`` for the links of one page, without the canonical form of
    the links that cannot have the page's.

    Listing pages, pagination and category discovery skip the links back to the page itself, which took the
    canonical form of every link: on a run's first listing page of a site, before the memo holds its menus,
    that was a fifth of the nightly run that finds nothing new. When the page's URL and a link's are both
    plain (``_PLAIN_URL``) their canonical paths are their paths, so two different paths cannot give one
    canonical URL. That holds when the page is no CMS article shape: an article shape's canonical form is
    rebuilt from its id (``crawler.urls``), and each such form is itself an article shape, never a plain
    page's form. Anything else takes the full comparison. tests/test_fast_paths.py compares both ways on
    every link of every saved page.
    """

    def __init__(self, page_url: str) -> None:
        self.key = canonical_url(page_url)
        self._path = _plain_path(page_url) if urls.article_key(page_url) is None else None

    def __call__(self, url: str) -> bool:
        if self._path is not None:
            path = _plain_path(url)
            if path is not None and path != self._path:
                return False
        return canonical_url(url) == self.key
