"""Category discovery: from a site's home page to its "Tin hoạt động" listing, through the site's menus.

The registry often knows only a department's domain (REPORT.md: no listing URL was confirmed), so a start
URL may be a home page. The menus name the category in a few ways ("Tin hoạt động", "Hoạt động của Sở",
"Tin hoạt động của Sở", "Tin hoạt động ngành"); "Tin tức - Sự kiện" is the fallback, reported as such.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.pages.base import Document
from crawler.pages.dom import element_text
from crawler.pages.urlmemo import SamePage, on_site

# In order of preference: the exact labels first, then labels that merely start with one of them.
CATEGORY_LABELS = ("tin hoạt động", "hoạt động của sở", "tin hoạt động của sở", "tin hoạt động ngành")
FALLBACK_LABELS = ("tin tức - sự kiện", "tin tức sự kiện", "tin tức và sự kiện")
# Paths that are a site's front page on the CMSs of the research (any case).
_HOME_PATH = re.compile(
    r"^/?((index|default|home|trang-?chu)(\.(php|aspx?|html?|jsp))?|([\w-]+/)*pages/default\.aspx|web/guest/home|"
    r"vi|vn|portal|web/[\w-]+)?/?$",
    re.I,
)
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-–—:|]\s*")


@dataclass(frozen=True)
class CategoryLink:
    url: str
    label: str  # the link text as the site shows it
    fallback: bool  # True when only "Tin tức - Sự kiện" was found


def looks_like_home(url: str) -> bool:
    """True for a front page: `/`, `/index.php`, `/Default.aspx`, `/portal/Pages/default.aspx`, ..."""
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATH.match(parts.path or "/"))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().strip(" \t\n»›>•·-–")
    return _DASHES.sub(" - ", _SPACES.sub(" ", text)).strip()


def _rank(label: str, wanted: Iterable[str]) -> int | None:
    """How well a link text names the category: 0 = exact first choice ... None = not at all."""
    norm = _norm(label)
    choices = [_norm(w) for w in wanted]
    for i, choice in enumerate(choices):
        if norm == choice:
            return i
    for i, choice in enumerate(choices):
        if norm.startswith(choice + " ") or norm.startswith(choice + " - "):
            return len(choices) + i
    return None


def find_category_link(
    doc: Document, domains: Iterable[str], category: str | None = None
) -> CategoryLink | None:
    """The link to the category listing on this page, or None.

    The registry's name for the category (`category`) comes first, then the usual labels, then the
    "Tin tức - Sự kiện" fallback. A link back to this very page does not count.
    """
    here = SamePage(doc.url)
    domains = tuple(domains)
    wanted = (category, *CATEGORY_LABELS) if category else CATEGORY_LABELS
    best: tuple[int, int, CategoryLink] | None = None
    fallback: tuple[int, int, CategoryLink] | None = None
    for order, a in enumerate(doc.tree.iter("a")):
        href = (doc.absolute(a.get("href")) or "").split("#", 1)[0].strip()
        if not href or not on_site(href, domains) or here(href):
            continue
        text = element_text(a) or (a.get("title") or "").strip()
        if not text or len(text) > 80:
            continue
        rank = _rank(text, wanted)
        if rank is not None and (best is None or (rank, order) < best[:2]):
            best = (rank, order, CategoryLink(href, text, False))
        else:
            frank = _rank(text, FALLBACK_LABELS)
            if frank is not None and (fallback is None or (frank, order) < fallback[:2]):
                fallback = (frank, order, CategoryLink(href, text, True))
    if best is not None:
        return best[2]
    return fallback[2] if fallback is not None else None
