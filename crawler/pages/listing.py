"""Listing pages: find the article links of *the* list on the page, and the way to the next page.

The generic finder groups the page's links into repeated records (the "data regions" of a page: the
children of one element that share a tag and class, each holding a link), then scores every region on
what distinguishes a category's own list from menus, sidebars and footers: long headline-like link
texts, dates and summaries in the records, a URL shape shared by the links, a content-ish container,
and no "Tin mới nhất" / "Tin đọc nhiều" heading above it. Platform hints and per-site selectors only
narrow this down; the generic path works with none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from crawler.pages import dom
from crawler.pages.base import Document, ListingEntry, ListingResult, PageRequest
from crawler.pages.pagination import find_next_page
from crawler.pages.platforms import listing_item_selector
from crawler.pages.urlmemo import SamePage, on_site, urlsplit
from crawler.text.dates import parse_date
from crawler.text.normalize import clean_inline

# Links that are never articles: files, feeds, mail, scripts, and the usual non-news sections.
_NOT_ARTICLE_EXT = re.compile(
    r"\.(jpe?g|png|gif|bmp|webp|svg|ico|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|flv|wmv|css|js|xml|rss)$",
    re.I,
)
_NOT_ARTICLE_PATH = re.compile(
    r"(/|^)(login|dang-nhap|search|tim-kiem|rss|sitemap|so-do-site|lien-he|contact|feed|print|in-bai|"
    r"gioi-thieu|co-cau-to-chuc|van-ban|thu-tuc-hanh-chinh|hoi-dap)(/|$|\.|\?)",
    re.I,
)
# Page structure only (not "hot"/"latest" boxes): what a featured item right beside the list is never in.
_STRUCTURE_WORDS = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|menus|sidebar|aside|footer|header|banner|breadcrumbs?|pager|pagination|paging)"
    r"($|[-_\s\d])",
    re.I,
)
_CONTENT_WORDS = re.compile(
    r"(^|[-_\s])(content|main|maincontent|center|centre|middle|list|listing|news-?list|category|cat|"
    r"blog|articles?|items|results|danh-?sach|tin-?tuc|news)($|[-_\s\d])",
    re.I,
)
# Headings of boxes that are not the category's own list.
_SIDEBAR_HEADINGS = re.compile(
    r"tin\s+(mới\s+nhất|mới|đọc\s+nhiều|xem\s+nhiều|nổi\s+bật|liên\s+quan|khác|cùng\s+chuyên\s+mục|tiêu\s+điểm|"
    r"ảnh|video)|các\s+tin\s+(khác|đã\s+đưa)|xem\s+nhiều|đọc\s+nhiều|liên\s+kết|thông\s+báo|văn\s+bản|"
    r"lịch\s+công\s+tác|sự\s+kiện\s+nổi\s+bật|chuyên\s+mục|danh\s+mục|thống\s+kê|bình\s+chọn",
    re.I,
)
_CRUMB_SEPARATOR = re.compile(r"\s*(?:[»›>|/]|&gt;|-{1,2}>)\s*")

# Breadcrumb containers: elements whose class or id holds "breadcrumb" in any case. The same elements, in the
# same order, as the scan of every element ``//*[contains(translate(@class, ...), 'breadcrumb') or ...]``, but
# the test runs on class and id attributes only: half the time on a listing page (tests/test_fast_paths.py
# compares the two on every saved page).
BREADCRUMB_XPATH = etree.XPath(
    "//@class[contains(translate(., 'BREADCUM', 'breadcum'), 'breadcrumb')]/.."
    " | //@id[contains(translate(., 'BREADCUM', 'breadcum'), 'breadcrumb')]/.."
)
_DATE_HINT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|tháng\s+\d{1,2}")


@dataclass
class _Region:
    """The records of one repeated structure: container element + record signature."""

    container: etree._Element
    records: list[etree._Element] = field(default_factory=list)
    links: dict[str, list[tuple[etree._Element, etree._Element]]] = field(
        default_factory=dict
    )  # url -> (a, rec)


# Class words that vary between records of one list (zebra rows, position, state, per-record ids).
_VARYING_CLASSES = frozenset(
    {"odd", "even", "first", "last", "active", "current", "selected", "alt", "new", "hot"}
)


def _signature(el: etree._Element) -> str:
    """tag + the stable part of its class: records of one list share it even when each has its own id."""
    tag = el.tag
    if tag in ("tr", "li"):
        return tag  # rows and list items of one parent are one list, whatever their zebra classes
    return _tag_class_signature(tag, el.get("class"))


@lru_cache(maxsize=4096)
def _tag_class_signature(tag: object, cls: str | None) -> str:
    """_signature's answer for a tag and class value (a page repeats a few of them on every record)."""
    classes = sorted(
        c
        for c in (cls or "").lower().split()
        if c not in _VARYING_CLASSES and not any(ch.isdigit() for ch in c)
    )
    return f"{tag}.{'.'.join(classes)}"


def _path(el: etree._Element) -> tuple[str, ...]:
    """Where an element sits: signature and rank among same-signature siblings, from the root down.

    Pages of one listing share their template, so the list found on page 1 sits at the same path on
    page 2 and after, even on a last page that holds a single article (which no repetition reveals).
    """
    out = []
    while el is not None:
        sig = _signature(el)
        rank = sum(
            1
            for sib in el.itersiblings(preceding=True)
            if isinstance(sib.tag, str) and _signature(sib) == sig
        )
        out.append(f"{sig}[{rank}]")
        el = el.getparent()
    return tuple(reversed(out))


def _at_path(root: etree._Element, path: tuple[str, ...]) -> etree._Element | None:
    """The element whose ``_path`` is ``path`` (there is at most one), found by walking down from the root."""
    if not path or path[0] != f"{_signature(root)}[0]":
        return None
    el = root
    for step in path[1:]:
        sig, _, rank = step.rpartition("[")
        want = int(rank[:-1])
        seen = 0
        for child in el:
            if isinstance(child.tag, str) and _signature(child) == sig:
                if seen == want:
                    el = child
                    break
                seen += 1
        else:
            return None
    return el


def _is_chrome(el: etree._Element) -> bool:
    """Menus, sidebars, footers, related-news boxes: the article extractor's notion of page furniture."""
    return dom.is_junk_element(el)


def _is_structure(el: etree._Element) -> bool:
    """Page structure only (nav, header, footer, menus, pagers): not the "hot"/"latest" boxes that a
    featured item beside the list may be named after."""
    if el.tag in ("nav", "header", "footer", "aside", "menu"):
        return True
    words = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return bool(words.strip()) and bool(_STRUCTURE_WORDS.search(words))


def _text(el: etree._Element) -> str:
    return dom.element_text(el)


def _link_text(a: etree._Element) -> str:
    text = _text(a)
    if not text:
        text = (a.get("title") or "").strip()
        if not text:
            for img in a.iter("img"):
                text = (img.get("alt") or img.get("title") or "").strip()
                if text:
                    break
    return text


class ListingPage:
    """One listing page (or an AJAX fragment of one) → its article entries and next-page requests."""

    def __init__(
        self,
        doc: Document,
        *,
        domains: Iterable[str],
        platform: str = "generic",
        selectors: Mapping[str, str] | None = None,
        page_no: int = 1,
        previous: PageRequest | None = None,
        fragment: bool = False,
        list_path: tuple[str, ...] | None = None,
    ) -> None:
        self.doc = doc
        self.domains = tuple(domains)
        self.platform = platform
        self.selectors = dict(selectors or {})
        self.page_no = page_no
        self.previous = previous
        self.fragment = fragment
        self._is_listing = SamePage(doc.url)
        self.list_path = list_path  # where the previous page's list was; after entries(): where this one is
        # Memos for this page (its links are looked at many times over; answers depend on the href only)
        self._candidates: dict[str | None, str | None] = {}
        self._signatures: dict[etree._Element, str] = {}
        self._groups: dict[tuple[etree._Element, str], tuple[list[etree._Element], int]] = {}
        self._texts: dict[etree._Element, str] = {}
        self._link_texts: dict[etree._Element, str] = {}

    def _txt(self, el: etree._Element) -> str:
        """_text(el), once per element of this page."""
        text = self._texts.get(el)
        if text is None:
            text = self._texts[el] = _text(el)
        return text

    def _ltxt(self, a: etree._Element) -> str:
        """_link_text(a), once per link of this page."""
        text = self._link_texts.get(a)
        if text is None:
            text = self._link_texts[a] = _link_text(a)
        return text

    # -- links ---------------------------------------------------------------------------------------
    def _candidate(self, href: str | None) -> str | None:
        """An on-site, article-shaped absolute URL, or None."""
        try:
            return self._candidates[href]
        except KeyError:
            found = self._candidates[href] = self._check_candidate(href)
            return found

    def _check_candidate(self, href: str | None) -> str | None:
        href = self.doc.absolute(href)
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            return None
        url = href.split("#", 1)[0].strip()
        if not url or not on_site(url, self.domains):
            return None
        path = urlsplit(url).path
        if _NOT_ARTICLE_EXT.search(path) or _NOT_ARTICLE_PATH.search(path):
            return None
        if self._is_listing(url):
            return None
        return url

    def _regions(self, root: etree._Element, top: etree._Element | None = None) -> list[_Region]:
        """Group candidate links into repeated records under one container. With ``top``, only the regions
        whose container lies within ``top`` (``top`` itself included): the links are not followed above it."""
        regions: dict[tuple[int, str], _Region] = {}
        stop = top.getparent() if top is not None else None
        for a in root.iter("a"):
            url = self._candidate(a.get("href"))
            if url is None:
                continue
            child, parent = a, a.getparent()
            while parent is not None and parent is not stop:
                sig = self._signature(child)
                same, distinct = self._group(parent, sig)
                if len(same) >= 2 and distinct >= 2:
                    key = (id(parent), sig)
                    region = regions.get(key)
                    if region is None:
                        region = regions[key] = _Region(parent, same)
                    region.links.setdefault(url, []).append((a, child))
                    break
                child, parent = parent, parent.getparent()
        return list(regions.values())

    def _signature(self, el: etree._Element) -> str:
        """_signature(el), once per element of this page."""
        sig = self._signatures.get(el)
        if sig is None:
            sig = self._signatures[el] = _signature(el)
        return sig

    def _group(self, parent: etree._Element, sig: str) -> tuple[list[etree._Element], int]:
        """The children of ``parent`` with signature ``sig``, and how many distinct article URLs they hold
        (0, 1 or 2 for "two or more"): once per (parent, signature) of this page."""
        key = (parent, sig)
        found = self._groups.get(key)
        if found is None:
            same = [c for c in parent if isinstance(c.tag, str) and self._signature(c) == sig]
            found = self._groups[key] = (same, self._distinct_urls(same) if len(same) >= 2 else 0)
        return found

    def _distinct_urls(self, records: list[etree._Element]) -> int:
        seen: set[str] = set()
        for rec in records:
            for a in rec.iter("a") if rec.tag != "a" else [rec]:
                url = self._candidate(a.get("href"))
                if url:
                    seen.add(url)
                    break
            if len(seen) >= 2:
                return 2
        return len(seen)

    def _title_words(self, region: _Region) -> list[int]:
        return [
            max((len(self._ltxt(a).split()) for a, _ in pairs), default=0) for pairs in region.links.values()
        ]

    def _mean_title_words(self, region: _Region) -> float:
        words = self._title_words(region)
        return sum(words) / max(len(words), 1)

    # The largest product of the factors of _score after the link-text base (content words 1.5, dates 1.6,
    # leads 1.5, links under the listing's path 2), with room for rounding.
    _MAX_BOOST = 1.5 * 1.6 * 1.5 * 2 * (1 + 1e-9)

    def _bound(self, region: _Region) -> float:
        """An upper bound of _score(region), from the link texts alone (cheap: they are remembered)."""
        words = self._title_words(region)
        base = sum(min(w, 12) for w in words) / 12.0
        if sum(words) / len(region.links) < 4:
            base *= 0.1
        return base * self._MAX_BOOST

    def _scored(self, regions: list[_Region]) -> list[tuple[float, int, _Region]]:
        """(score, index, region), best first (ties: page order), of every region that the choice in
        entries() can take: the best one, the others in its container, and those whose score may reach 0.3
        of the best. Same answer as scoring them all; a region whose bound is below what it would need is
        never scored (most of a page's regions are menus and footers, far below the list)."""
        bounds = [(self._bound(r), i) for i, r in enumerate(regions)]
        scores: dict[int, float] = {}
        best = -1
        for bound, i in sorted(bounds, key=lambda t: (-t[0], t[1])):
            if best >= 0 and bound < scores[best]:
                break  # neither this region nor any after it can beat (or tie) the best
            scores[i] = self._score(regions[i])
            if best < 0 or scores[i] > scores[best] or (scores[i] == scores[best] and i < best):
                best = i
        need = 0.3 * scores[best]
        container = regions[best].container
        for bound, i in bounds:
            if i not in scores and (regions[i].container is container or bound >= need):
                scores[i] = self._score(regions[i])
        return sorted(((s, i, regions[i]) for i, s in scores.items()), key=lambda t: (-t[0], t[1]))

    def _score(self, region: _Region) -> float:
        # A factor above 1 added here must be counted in _MAX_BOOST too (tests/test_fast_paths.py checks).
        n = len(region.links)
        words = self._title_words(region)
        mean_words = sum(words) / n
        # Each link counts by how much its text looks like a headline (a dozen words is a full one).
        score = sum(min(w, 12) for w in words) / 12.0
        if mean_words < 4:
            score *= 0.1  # menus and tag clouds: short link texts
        # Chrome around the container: nav/header/footer/aside or sidebar-ish class names.
        el: etree._Element | None = region.container
        depth = 0
        while el is not None and depth < 12:
            if _is_chrome(el):
                score *= 0.15
                break
            el = el.getparent()
            depth += 1
        if _SIDEBAR_HEADINGS.search(self._box_heading(region.container)):
            score *= 0.15
        words = " ".join(
            f"{e.get('class') or ''} {e.get('id') or ''}" for e in self._ancestors(region.container, 4)
        )
        if _CONTENT_WORDS.search(words):
            score *= 1.5
        # Records that show a date or a summary beside the link are news entries.
        recs = {id(rec): rec for pairs in region.links.values() for _, rec in pairs}.values()
        texts = [self._txt(r) for r in recs]
        dated = sum(1 for t in texts if _DATE_HINT.search(t)) / max(len(texts), 1)
        score *= 1 + 0.6 * dated
        # ... and a category page shows a lead under each headline, which sidebars rarely do.
        title_chars = sum(max(len(self._ltxt(a)) for a, _ in pairs) for pairs in region.links.values())
        lead_chars = sum(len(t) for t in texts) - title_chars  # record text beyond the headlines
        if lead_chars > 60 * len(texts):
            score *= 1 + 0.5 * sum(1 for t in texts if len(t) > 80) / max(len(texts), 1)
        # Links that share the listing's path prefix (e.g. /tin-hoat-dong/<slug>-<id>).
        prefix = urlsplit(self.doc.url).path.rsplit(".", 1)[0].rstrip("/")
        if len(prefix) > 1:
            inside = sum(1 for u in region.links if urlsplit(u).path.startswith(prefix + "/")) / n
            score *= 1 + inside
        return score

    @staticmethod
    def _ancestors(el: etree._Element, n: int) -> list[etree._Element]:
        out = []
        while el is not None and len(out) < n:
            out.append(el)
            el = el.getparent()
        return out

    @staticmethod
    def _box_heading(container: etree._Element) -> str:
        """The title of the box a region sits in: a title row inside it before the first link, else the
        nearest short text before it, a few levels up."""
        lead = []
        for node in container.iter():
            if node.tag == "a":
                break
            if isinstance(node.tag, str) and node.text:
                lead.append(node.text)
            if node is not container and node.tail:
                lead.append(node.tail)
        inner = " ".join(" ".join(lead).split())
        if inner:
            return inner[:80] if len(inner) <= 80 else ""
        el: etree._Element | None = container
        for _ in range(3):
            if el is None:
                break
            prev = el.getprevious()
            hops = 0
            while prev is not None and hops < 2:
                if isinstance(prev.tag, str):
                    text = _text(prev)
                    if text:
                        return text[:80] if len(text) <= 80 else ""
                prev = prev.getprevious()
                hops += 1
            el = el.getparent()
        return ""

    # -- entries ---------------------------------------------------------------------------------------
    def entries(self) -> list[ListingEntry]:
        root = self.doc.tree
        selector = self.selectors.get("listing_item") or listing_item_selector(self.platform)
        if selector:
            found = self._entries_from_selector(root, selector)
            if found or self.selectors.get("listing_item"):
                return found
        if self.fragment:
            return self._entries_from_links(root.iter("a"))
        if self.list_path:
            # Only the regions of the list's own box can count there: group the links inside it alone.
            container = _at_path(root, self.list_path)
            if container is not None:
                found = self._entries_at_path(container, self._regions(container, top=container))
                if found:
                    return found
        regions = self._regions(root)
        if not regions:
            return self._entries_from_links(a for a in root.iter("a") if len(self._ltxt(a).split()) >= 5)
        scored = self._scored(regions)
        best = scored[0][2]
        chosen = [best]
        # A featured first item often has its own markup: take sibling regions inside the same main box.
        for score, _, region in scored[1:]:
            if region.container is best.container and self._mean_title_words(region) >= 4:
                chosen.append(region)  # other records of the same list (a sticky post, a first item)
            elif score >= 0.3 * scored[0][0] and self._same_box(best.container, region.container):
                chosen.append(region)
        found = [(url, a, rec) for r in chosen for url, prs in r.links.items() for a, rec in prs]
        found += self._stragglers(best.container, {id(rec) for r in chosen for rec in r.records})
        self.list_path = _path(best.container)
        return self._in_page_order(root, found)

    def _in_page_order(self, root: etree._Element, found: list) -> list[ListingEntry]:
        order = {id(a): i for i, a in enumerate(root.iter("a"))}
        found.sort(key=lambda t: order[id(t[1])])
        return self._to_entries(found)

    def _entries_at_path(self, container: etree._Element, regions: list[_Region]) -> list[ListingEntry]:
        """The list in ``container`` (at the path where the previous page had it): its regions, or on a page
        too short to repeat anything, its links that read like headlines."""
        here = [r for r in regions if r.container is container]
        found = [(url, a, rec) for r in here for url, prs in r.links.items() for a, rec in prs]
        if not here:
            headlines = {
                url
                for a in container.iter("a")
                if (url := self._candidate(a.get("href"))) and len(self._ltxt(a).split()) >= 4
            }
            for rec in container:
                if isinstance(rec.tag, str) and not _is_structure(rec):
                    found.extend(
                        (url, a, rec)
                        for a in ([rec] if rec.tag == "a" else rec.iter("a"))
                        if (url := self._candidate(a.get("href"))) in headlines
                    )
        if not found:
            return []
        found += self._stragglers(
            container, {id(rec) for r in here for rec in r.records} | {id(t[2]) for t in found}
        )
        return self._in_page_order(self.doc.tree, found)

    def _stragglers(
        self, container: etree._Element, taken: set[int]
    ) -> list[tuple[str, etree._Element, etree._Element]]:
        """Lone records beside the list: a featured item above it, a post whose markup differs."""
        out = []
        around = [el for _, el in zip(range(3), container.itersiblings(preceding=True), strict=False)]
        for el in [*container, *around]:
            if not isinstance(el.tag, str) or id(el) in taken or _is_structure(el):
                continue
            links = [(url, a) for a in el.iter("a") if (url := self._candidate(a.get("href")))]
            if len({url for url, _ in links}) == 1 and max(len(self._ltxt(a).split()) for _, a in links) >= 5:
                out.extend((url, a, el) for url, a in links)
        return out

    @staticmethod
    def _same_box(a: etree._Element, b: etree._Element) -> bool:
        """b sits in the same box as a: a's parent (or grandparent) holds b, and no chrome lies between."""
        for box in (a.getparent(), a.getparent().getparent() if a.getparent() is not None else None):
            if box is None:
                continue
            el = b
            while el is not None and el is not box:
                if _is_chrome(el):
                    return False
                el = el.getparent()
            if el is box:
                return True
        return False

    def _entries_from_selector(self, root: etree._Element, selector: str) -> list[ListingEntry]:
        out = []
        for el in root.cssselect(selector):
            links = [el] if el.tag == "a" else list(el.iter("a"))
            out.extend((url, a, el) for a in links if (url := self._candidate(a.get("href"))))
        return self._to_entries(out)

    def _entries_from_links(self, links: Iterable[etree._Element]) -> list[ListingEntry]:
        out = []
        for a in links:
            url = self._candidate(a.get("href"))
            if url:
                parent = a.getparent()
                out.append((url, a, parent if parent is not None else a))
        return self._to_entries(out)

    def _to_entries(self, found: Iterable[tuple[str, etree._Element, etree._Element]]) -> list[ListingEntry]:
        """One entry per URL in page order, with the best title and the record's date."""
        by_url: dict[str, tuple[str, etree._Element]] = {}
        order: list[str] = []
        for url, a, rec in found:
            title = self._ltxt(a)
            if url not in by_url:
                order.append(url)
                by_url[url] = (title, rec)
            elif len(title) > len(by_url[url][0]):
                by_url[url] = (title, by_url[url][1])
        entries = []
        for url in order:
            title, rec = by_url[url]
            date = parse_date(self._txt(rec).replace(title, " ")) if rec is not None else None
            entries.append(
                ListingEntry(url=url, title=clean_inline(title) or None, date_raw=date.raw if date else None)
            )
        return entries

    # -- the rest --------------------------------------------------------------------------------------
    def category(self) -> str | None:
        """The listing's category name as the site shows it: breadcrumb end, else the main heading."""
        tree = self.doc.tree
        for crumb in BREADCRUMB_XPATH(tree):
            parts = [p for t in crumb.itertext() for p in _CRUMB_SEPARATOR.split(t) if p.strip()]
            if parts:
                return clean_inline(parts[-1]) or None
        for tag in ("h1", "h2"):
            for h in tree.iter(tag):
                text = _text(h)
                if 2 <= len(text) <= 80:
                    return clean_inline(text)
        return None

    def parse(self, *, find_category: bool = True) -> ListingResult:
        """Entries, next page and category. ``find_category=False`` leaves ``category`` None: a caller that
        knows it already (the spider, past a chain's first page) spares the breadcrumb search."""
        entries = self.entries()
        next_pages = find_next_page(self.doc, self.page_no, previous=self.previous, had_entries=bool(entries))
        return ListingResult(
            entries=entries,
            next_pages=[next_pages] if next_pages else [],
            category=self.category() if find_category and not self.fragment else None,
            platform=self.platform,
            fragment=self.fragment,
            list_path=self.list_path,
        )
