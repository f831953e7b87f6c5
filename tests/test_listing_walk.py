"""Walk every saved site's listing pages as the spider does, without a server: page by page, the entries
found must be that page's articles and the next request must reach the next page (GET links, postbacks
with the page's own view state, AJAX); past the last page nothing new may come.

The sites are the demo mirrors (one per CMS family) and the held-out sites (invented templates): each pager
form the spider must follow has a page here (rel=next, "Trang sau", numbered links, ?page=N, ?Page=N,
/page/N/, /trang-N, &limitstart=N, _cur=N, __doPostBack, UIArticleInMenu LoadArticle).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo.server import Mirror
from crawler.pages.base import Document, PageRequest
from crawler.pages.listing import ListingPage
from crawler.pages.platforms import detect_platform

ROOT = Path(__file__).resolve().parents[1]
SITES = sorted(
    p.parent
    for base in ("crawler/demo/sites", "tests/heldout/sites")
    for p in (ROOT / base).glob("*/truth.json")
)
BASE = "http://site.test"


def _pages(truth: dict) -> list[tuple[list[str], dict]]:
    """(article paths, request) per listing page, from either truth format."""
    if "listings" in truth:  # demo mirrors
        return [(p["article_paths"], p) for p in truth["listings"]]
    return [(p["articles"], p["request"]) for p in truth["listing"]]


def _fetch(mirror: Mirror, req: PageRequest) -> Document:
    parts = urlsplit(req.url)
    route = mirror.find(req.method, parts.path, parts.query, dict(req.formdata))
    assert route is not None and route.file, f"no page answers {req}"
    ctype = route.content_type
    charset = ctype.split("charset=", 1)[1] if "charset=" in ctype else None
    return Document.from_bytes((mirror.root / route.file).read_bytes(), req.url, charset)


def _listing(
    mirror: Mirror, req: PageRequest, page_no: int, list_path: tuple[str, ...] | None
) -> ListingPage:
    doc = _fetch(mirror, req)
    fragment = req.kind == "ajax"
    return ListingPage(
        doc,
        domains=("site.test",),
        platform="generic" if fragment else detect_platform(doc.html, doc.url),
        page_no=page_no,
        previous=req if fragment else None,
        fragment=fragment,
        list_path=list_path,
    )


@pytest.mark.parametrize("site", SITES, ids=[f"{s.parent.parent.name}/{s.name}" for s in SITES])
def test_walk_listing_pages(site: Path) -> None:
    mirror = Mirror(site)
    truth = json.loads((site / "truth.json").read_text(encoding="utf-8"))
    pages = _pages(truth)
    req = PageRequest(url=BASE + truth["site"]["start_paths"][0], page_no=1, kind="start")
    seen: set[str] = set()
    list_path = None  # the spider hands each page the place of the previous page's list
    for number, (articles, _) in enumerate(pages, start=1):
        result = _listing(mirror, req, number, list_path).parse()
        list_path = result.list_path
        found = [e.url.removeprefix(BASE) for e in result.entries]
        assert found == articles, f"page {number}"
        seen.update(found)
        if number == len(pages):
            break
        assert result.next_pages, f"no way from page {number} to page {number + 1}"
        req = result.next_pages[0]
        nxt = pages[number][1]
        got = urlsplit(req.url)
        assert (req.method, got.path) == (nxt["method"], nxt["path"]), f"page {number + 1}"
    # Past the last page: no next request, or one whose page brings nothing new (a repeated last page).
    for extra in result.next_pages:
        try:
            again = _listing(mirror, extra, len(pages) + 1, list_path).parse()
        except AssertionError:
            continue  # a 404 past the end
        assert {e.url.removeprefix(BASE) for e in again.entries} <= seen


def test_a_link_with_a_port_out_of_range_does_not_break_the_listing_page() -> None:
    """A site's markup error (``:99999``, ``:80:80``) in one link of a listing page left the whole page
    unread: the site check and the pager search raised on reading the port. The link is off-site and no next
    page; the page's entries stand."""
    items = "".join(
        f'<li><a href="/tin-tuc/bai-{i}.html">Bài viết số {i} về hoạt động của Sở</a></li>' for i in range(5)
    )
    bad = '<li><a href="http://h:99999/tin-tuc/x.html">Liên kết hỏng</a></li>'
    pager = '<a href="http://h:80:80/tin-tuc/?page=2">Trang sau</a>'
    html = f"<html><body><ul>{items}{bad}</ul>{pager}</body></html>"
    result = ListingPage(Document.from_text(html, "http://h/tin-tuc/"), domains=["h"]).parse()
    assert [e.url for e in result.entries] == [f"http://h/tin-tuc/bai-{i}.html" for i in range(5)]
    assert result.next_pages == []  # the pager's link is as unreadable: no next page is made of it
