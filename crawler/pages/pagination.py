"""The way from one listing page to the next, whatever form the site's pager takes.

Tried in order of reliability: ``rel=next``; a link or button whose text says "next" (Trang sau,
Tiếp, Sau, Next); the link numbered ``page_no + 1``; a link to this same URL with its pager parameter
or path segment one step on (``?page=N``, ``?Page=N``, ``/page/N/``, ``&limitstart=N``, Liferay
``_cur=N``); a "›"/"»" arrow; the UIArticleInMenu AJAX ``LoadArticle`` POST. A pager link may be an
ASP.NET ``__doPostBack`` call: that becomes a POST of the page's form with ``__EVENTTARGET`` and
``__EVENTARGUMENT`` set. Whether the next page brings anything new is the spider's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlunsplit

from lxml import etree

from crawler.pages.base import Document, PageRequest
from crawler.pages.dom import element_text
from crawler.pages.urlmemo import SamePage, urlsplit
from crawler.urls import netloc_port_readable

_NEXT_WORDS = re.compile(
    r"^\s*(trang\s+(sau|tiếp|kế)|tiếp(\s+theo)?|sau|kế\s+tiếp|next(\s+page)?)\s*[›»>]*\s*$", re.I
)
_NEXT_ATTR = re.compile(r"trang\s+(sau|tiếp|kế)|\bnext\b|tiếp\s+theo|kế\s+tiếp", re.I)
_NEXT_SYMBOL = re.compile(r"^\s*(›|>|→|»|>>|»»)\s*$")
_NOT_NEXT = re.compile(r"cuối|đầu|trước|first|last|prev|«|‹|<<", re.I)
_POSTBACK = re.compile(r"__doPostBack\(\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]\s*\)")
# Pager parameters: page-numbered ones and offset ones (Joomla limitstart, start, offset).
_PAGE_PARAM = re.compile(
    r"^(?:.*_)?(page|pageindex|pagenum|pagenumber|pageno|paged|pg|trang|cur|curpage)$", re.I
)
_OFFSET_PARAM = re.compile(r"^(limitstart|start|offset|from|begin)$", re.I)
_PAGE_SEGMENT = re.compile(r"/(page|trang|p)[/-](\d+)(?=/|$|\.)", re.I)
_PAGE_ARGUMENT = re.compile(r"^(?:Page\$)?(\d+)$", re.I)
_FIELD_TYPES_SKIPPED = frozenset({"submit", "image", "button", "reset", "file"})


@dataclass(frozen=True)
class _Candidate:
    request: PageRequest
    text: str
    variant: int | None  # the pager value when the link is this URL one pager step on


def find_next_page(
    doc: Document, page_no: int, *, previous: PageRequest | None = None, had_entries: bool = True
) -> PageRequest | None:
    """The request for listing page ``page_no + 1``, or None when the page shows no way on."""
    if previous is not None and previous.kind == "ajax":
        return _next_ajax(previous) if had_entries else None
    nxt = page_no + 1
    tree = doc.tree
    # //link[@rel='next'][@href] | //a[@rel='next'][@href], by lxml's tag iterator (same elements, same order)
    for link in tree.getroottree().getroot().iter("link", "a"):
        if link.get("rel") != "next" or doc.absolute(link.get("href")) is None:
            continue
        req = _request_for(doc, link, nxt, "rel-next")
        if req is not None:
            return req
    # The first "next"-worded candidate wins: stop reading the page there (a pager sits above the footer's
    # hundreds of links); the other rules need them all.
    candidates: list[_Candidate] = []
    for cand in _candidates(doc, nxt):
        if _NEXT_WORDS.match(cand.text):
            return cand.request
        candidates.append(cand)
    for cand in candidates:
        if cand.text.strip() == str(nxt) or (cand.request.method == "POST" and cand.variant == nxt):
            return cand.request
    # This URL one pager step on; a link numbered as the current page is the current page (1-based pagers).
    _, current = _variant_key(doc.url)
    steps = [
        c
        for c in candidates
        if c.request.method == "GET"
        and c.variant is not None
        and c.variant > (current or 0)
        and c.text.strip() != str(page_no)
    ]
    if steps:
        return min(steps, key=lambda c: c.variant).request
    arrows = [c for c in candidates if _NEXT_SYMBOL.match(c.text)]
    if arrows:
        single = [c for c in arrows if c.text.strip() in ("›", ">", "→")]
        return (single or arrows)[0].request
    return _first_ajax(doc, nxt)


def _candidates(doc: Document, nxt: int) -> Iterator[_Candidate]:
    """Every link or submit button on the page that could lead to another listing page."""
    base_key, _ = _variant_key(doc.url)
    here = SamePage(doc.url)
    for el in doc.tree.iter("a", "input", "button"):
        text = (el.get("value") or "") if el.tag == "input" else element_text(el)
        attr = None
        if not text.strip():
            attr = _naming_attributes(el)
            if _NEXT_ATTR.search(attr):
                text = "Trang sau"  # an icon-only "next" button, named by its title/aria-label/class
        if _leads_back(text):
            continue
        if el.tag in ("input", "button"):
            if (el.get("type") or "submit").lower() != "submit" or not el.get("name"):
                continue
            if not (_NEXT_WORDS.match(text) or _NEXT_ATTR.search(attr or _naming_attributes(el))):
                continue
            req = _form_request(doc, el, {el.get("name"): el.get("value") or ""}, nxt, "submit")
            if req is not None:
                yield _Candidate(req, "Trang sau", None)
            continue
        if not _may_lead_on(doc, el, text, nxt, base_key):
            continue  # no rule of find_next_page could take it: a menu link, most of a page's links
        req = _request_for(doc, el, nxt, "link")
        if req is None:
            continue
        variant = None
        if req.method == "POST":
            # A GridView/DataPager argument names the page it leads to: "Page$4", even behind a "..." link.
            arg = _PAGE_ARGUMENT.match(dict(req.formdata).get("__EVENTARGUMENT", ""))
            variant = int(arg.group(1)) if arg else None
        elif req.method == "GET":
            if here(req.url):
                continue
            key, value = _variant_key(req.url)
            if key == base_key and value is not None:
                variant = value
        yield _Candidate(req, text, variant)


def _may_lead_on(doc: Document, el: etree._Element, text: str, nxt: int, base_key: str) -> bool:
    """False when no rule of ``find_next_page`` could take this link, whatever request it makes: its text is
    neither "next", an arrow nor the next page's number, it posts no ``__doPostBack``, and its URL is not this
    page's with a pager value. Cheaper than the request, which most of a page's links (menus) never need."""
    if _NEXT_WORDS.match(text) or _NEXT_SYMBOL.match(text) or text.strip() == str(nxt):
        return True
    href = el.get("href")
    if "__doPostBack" in (href or "") or "__doPostBack" in (el.get("onclick") or ""):
        return True
    # the URL _request_for would ask for, and the test _candidates gives it
    key, value = _variant_key((doc.absolute(href) or "").strip().split("#", 1)[0])
    return key == base_key and value is not None


def _naming_attributes(el: etree._Element) -> str:
    return f"{el.get('title') or ''} {el.get('aria-label') or ''} {el.get('class') or ''}"


@lru_cache(maxsize=8192)
def _leads_back(text: str) -> bool:
    """A link worded as first/last/previous page, not as next: a site's menus repeat the same texts on every
    listing page, so the answer is remembered by text."""
    return bool(_NOT_NEXT.search(text)) and not _NEXT_WORDS.match(text)


def _request_for(doc: Document, el: etree._Element, nxt: int, kind: str) -> PageRequest | None:
    href = (doc.absolute(el.get("href")) or "").strip()
    postback = _POSTBACK.search(href) or _POSTBACK.search(el.get("onclick") or "")
    if postback:
        fields = {"__EVENTTARGET": postback.group(1), "__EVENTARGUMENT": postback.group(2)}
        return _form_request(doc, el, fields, nxt, "postback")
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    url = href.split("#", 1)[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not netloc_port_readable(parts.netloc):
        return None
    return PageRequest(url=url, page_no=nxt, kind=kind)


def _form_request(
    doc: Document, el: etree._Element, extra: dict[str, str], nxt: int, kind: str
) -> PageRequest | None:
    """POST the form that holds el (or the page's ASP.NET form) with its current field values."""
    form = next((a for a in el.iterancestors("form")), None)
    if form is None:
        forms = doc.tree.xpath("//form[.//input[@name='__VIEWSTATE']]") or doc.tree.xpath("//form")
        form = forms[0] if forms else None
    fields: list[tuple[str, str]] = []
    if form is not None:
        for field in form.iter("input", "select", "textarea"):
            name = field.get("name")
            if not name or name in extra:
                continue
            if field.tag == "input":
                ftype = (field.get("type") or "text").lower()
                if ftype in _FIELD_TYPES_SKIPPED or (
                    ftype in ("checkbox", "radio") and field.get("checked") is None
                ):
                    continue
                fields.append((name, field.get("value") or ""))
            elif field.tag == "select":
                options = field.xpath(".//option[@selected]") or field.xpath(".//option")
                if options:
                    fields.append((name, options[0].get("value", options[0].text or "")))
            else:
                fields.append((name, field.text or ""))
    fields.extend(extra.items())
    action = (doc.absolute(form.get("action")) if form is not None else None) or doc.url
    if urlsplit(action).scheme not in ("http", "https"):
        action = doc.url
    return PageRequest(url=action, method="POST", formdata=tuple(fields), page_no=nxt, kind=kind)


@lru_cache(maxsize=8_192)
def _variant_key(url: str) -> tuple[str, int | None]:
    """The URL without its pager parameter/segment, and the pager's value (None when absent)."""
    parts = urlsplit(url)
    value: int | None = None
    query = []
    for name, val in parse_qsl(parts.query, keep_blank_values=True):
        if (_PAGE_PARAM.match(name) or _OFFSET_PARAM.match(name)) and val.isdigit():
            value = int(val)
        else:
            query.append((name, val))
    path = parts.path
    seg = _PAGE_SEGMENT.search(path)
    if seg:
        value = int(seg.group(2))
        path = path[: seg.start()] + path[seg.end() :]
    path = path.rstrip("/") or "/"
    key = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), ""))
    return key, value


# -- UIArticleInMenu: page 1 is HTML; pages 2..maxPage come from an AJAX POST (REPORT.md §2.3) --------
_UI_CONFIG = {
    "article_category_id": re.compile(r"article_category_id\s*:\s*['\"]?(\d+)"),
    "categoryIds": re.compile(r"categoryIds\s*:\s*['\"]([^'\"]*)['\"]"),
    "site_id": re.compile(r"site_id\s*:\s*['\"]?(\d+)"),
    "page_size": re.compile(r"page_size\s*:\s*['\"]?(\d+)"),
}
_UI_MAX_PAGE = re.compile(r"maxPage\s*=\s*parseInt\(\s*['\"]?(\d+)")
UI_ENDPOINT = "/DesktopModule/UIArticleInMenu/ArticleInMenuPagination.aspx/LoadArticle"


def _first_ajax(doc: Document, nxt: int) -> PageRequest | None:
    if "ArticleInMenu" not in doc.html and "article_category_id" not in doc.html:
        return None
    config = {}
    for name, pattern in _UI_CONFIG.items():
        m = pattern.search(doc.html)
        if m is None and name != "categoryIds":
            return None
        config[name] = m.group(1) if m else ""
    m = _UI_MAX_PAGE.search(doc.html)
    last = int(m.group(1)) if m else None
    if last is not None and nxt > last:
        return None
    parts = urlsplit(doc.url)
    size = config["page_size"]
    form = {
        "article_category_id": config["article_category_id"],
        "categoryIds": config["categoryIds"] or config["article_category_id"],
        "site_id": config["site_id"],
        "page": str(nxt),
        "page_size": size,
        "keyword": "",
        "date_begin": "",
        "date_end": "",
        "show_no": "False",
        "show_post_date": "True",
        "num_of_text": "0",
        "show_view_count": "False",
        "filter_order_in_list": "False",
        "is_default": "False",
        "new": "False",
        "number_of_day": "3",
        "no": f"-{size}",
        "articlelang": "vi-VN",
        "is_authenticated": "False",
    }
    return PageRequest(
        url=f"{parts.scheme}://{parts.netloc}{UI_ENDPOINT}",
        method="POST",
        formdata=tuple(form.items()),
        headers=(("Referer", doc.url), ("X-Requested-With", "XMLHttpRequest")),
        page_no=nxt,
        kind="ajax",
        last_page=last,
    )


def _next_ajax(previous: PageRequest) -> PageRequest | None:
    nxt = (previous.page_no or 1) + 1
    if previous.last_page is not None and nxt > previous.last_page:
        return None
    form = dict(previous.formdata)
    form["page"] = str(nxt)
    return PageRequest(
        url=previous.url,
        method="POST",
        formdata=tuple(form.items()),
        headers=previous.headers,
        page_no=nxt,
        kind="ajax",
        last_page=previous.last_page,
    )
