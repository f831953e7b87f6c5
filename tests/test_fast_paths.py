"""The fast paths of issue 10 give exactly what the slow functions they replace give.

Each one is checked against the library call it stands for, on every saved page of the repository and on
crafted edge cases: links made absolute (lxml's make_links_absolute), the parser's element classes
(lxml.html's lookup), CSS selection (lxml's CSSSelector), NFC (unicodedata), the mojibake hint (its regex),
the memoised URL rules (crawler.urls), the meta-refresh check (Scrapy's get_meta_refresh).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from lxml.cssselect import CSSSelector
from scrapy.http import HtmlResponse, Request
from scrapy.utils.response import get_meta_refresh
from scrapy.utils.test import get_crawler

from crawler import urls
from crawler.middlewares import LazyMetaRefreshMiddleware, may_meta_refresh
from crawler.pages import dom, urlmemo
from crawler.pages.article import ArticlePage
from crawler.pages.base import Document
from crawler.pages.dom import element_text
from crawler.pages.links import PageLinks, base_tags, build_index, html_parser
from crawler.pages.listing import BREADCRUMB_XPATH, _at_path, _path
from crawler.pages.markscan import MarkScan, fold_ascii
from crawler.pages.platforms import HEAD_CHARS, MARKS, PLATFORMS, detect_platform, required_marks
from crawler.pages.select import PageSelector, _plan
from crawler.text.decode import decode_html, decode_html_source
from crawler.text.nfc import CUT, nfc, nfc_of_utf8
from crawler.text.normalize import _MOJIBAKE_HINT_RE, _mojibake_hint, repair_mojibake

ROOT = Path(__file__).resolve().parents[1]
# Every saved page of the fixtures, and a sample of the demo and held-out sites' pages.
PAGES = [
    *sorted(ROOT.glob("tests/fixtures/**/*.html")),
    *sorted(ROOT.glob("crawler/demo/sites/*/pages/*.html"))[::9],
    *sorted(ROOT.glob("tests/heldout/sites/*/pages/*.html"))[::15],
]
EDGE = [
    # <base href>, <object codebase>, <param valuetype=ref>, <meta refresh>, <style> url()/@import,
    # style="" url(), a padded href, a link urljoin refuses, mailto, empty, fragment, xlink:href, formaction,
    # upper-case names, a character reference hiding "url(".
    '<html><head><base href="http://other.example/dir/"></head><body><a href="x">x</a>'
    '<a href="/y">y</a></body></html>',
    '<html><body><object codebase="/cb/" data="d.swf" archive="a.jar b.jar"><param valuetype="ref" '
    'value="v"></object><meta http-equiv="refresh" content="0; url=/next"><style>@import "s.css"; '
    'a{background:url(\'i.png\')}</style><div style="background:url(x.png)">s</div><a href=" /sp ">sp</a>'
    '<a href="http://[bad">bad</a><a href="mailto:x@y">m</a><a href="">e</a><a href="#f">f</a>'
    '<svg><a xlink:href="/xl">x</a></svg><button formaction="/fa">b</button>'
    '<TD BACKGROUND="bg.gif">t</TD><IMG SRC="up.png" LONGDESC="d.html">'
    '<blockquote cite="c.html">q</blockquote>'
    '<div style="background:url&#40;ref.png)">r</div><a href="//cdn.example/x">cdn</a>'
    '<a href="http://\nhost/x">nl</a><a href="https://h.example">abs</a><a href="?q=1">q</a></body></html>',
]
BASES = ["http://127.0.0.1:8000/a/b/c.aspx?x=1", "https://Stttt.Tinh.gov.vn/tin-tuc/", "http://h/"]


def _sources() -> list[str]:
    out = []
    for path in PAGES:
        html = decode_html(path.read_bytes(), None)[0].strip() or "<html></html>"
        out.append(html.split("?>", 1)[1] if html.startswith("<?xml") else html)
    return out + EDGE


SOURCES = _sources()


def test_there_are_pages_to_compare() -> None:
    assert len(SOURCES) > 100


# The link attributes lxml rewrites one by one (<object>'s codebase/classid/data/archive, style="" and <meta
# refresh> have rules of their own, and the page objects read none of them).
SPECIAL_LINK_ATTRS = {"codebase", "classid", "data", "archive", "xlink:href"}
PLAIN_LINK_ATTRS = sorted(lxml.html.defs.link_attrs - SPECIAL_LINK_ATTRS)


def test_links_read_absolute_as_lxml_makes_them() -> None:
    """Every plain link attribute of every element of every page, against three base URLs."""
    checked = 0
    for html in SOURCES:
        for base in BASES:
            want = lxml.html.document_fromstring(html)
            want.make_links_absolute(base, resolve_base_href=True, handle_failures="discard")
            got = lxml.html.document_fromstring(html, parser=html_parser())
            links = PageLinks(got, base)  # takes the <base> tags out, as resolve_base_href does
            pairs = list(zip(got.iter(), want.iter(), strict=True))
            assert [a.tag for a, _ in pairs] == [b.tag for _, b in pairs]
            for raw, rewritten in pairs:
                if raw.tag == "object":
                    continue
                for name in PLAIN_LINK_ATTRS:
                    value = raw.get(name)
                    if value is not None:
                        assert links.absolute(value) == rewritten.get(name), (base, name, value)
                        checked += 1
    assert checked > 10_000


def test_base_tags_are_those_lxml_resolves() -> None:
    """The tag iterator finds what lxml.html's resolve_base_href XPath finds, on every page and odd cases."""
    xpath = etree.XPath("//base[@href]|//x:base[@href]", namespaces={"x": "http://www.w3.org/1999/xhtml"})
    xhtml = "http://www.w3.org/1999/xhtml"
    odd = ['<head><BASE href="/x/"></head>', "<base/>", "<basefont size=3><p>base</p>",
           '<p><base href="a"><base href="b"></p>', f'<html xmlns="{xhtml}"><base href="/n/">']  # fmt: skip
    found = 0
    for html in [*SOURCES, *odd]:
        tree = lxml.html.document_fromstring(html, parser=html_parser())
        assert base_tags(tree) == xpath(tree)
        found += len(base_tags(tree))
    xml = etree.fromstring(
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><base href="/x/"/></head></html>'
    )
    assert base_tags(xml) == xpath(xml) != []
    assert found >= 4


def test_parser_gives_lxml_html_element_classes() -> None:
    for html in SOURCES:
        want = lxml.html.document_fromstring(html)
        got = lxml.html.document_fromstring(html, parser=html_parser())
        assert etree.tostring(got) == etree.tostring(want)
        assert [type(el) for el in got.iter()] == [type(el) for el in want.iter()]


def test_index_lists_elements_by_class_token_and_id_in_document_order() -> None:
    html = '<html><body><p class="a b a" id="x">1</p><p class=" b\tc ">2</p><i class="a\fb" id="x">3</i>'
    tree = lxml.html.document_fromstring(html, parser=html_parser())
    index = build_index(tree)
    texts = {k: [el.text for el in index.by_class(k)] for k in ("a", "b", "c", "a\fb", "d")}
    assert texts == {"a": ["1"], "b": ["1", "2"], "c": ["2"], "a\fb": ["3"], "d": []}
    assert [el.text for el in index.by_id("x")] == ["1", "3"]
    assert [el.text for el in index.with_attr("id")] == ["1", "3"]


_BY_CLASS_TOKEN = etree.XPath(
    "//*[contains(concat(' ', normalize-space(@class), ' '), concat(' ', $t, ' '))]"
)
_BY_ID = etree.XPath("//*[@id = $v]")


# Classes where a scan does not walk: <html>'s, <head>'s, skipped elements (with and without children),
# hidden subtrees, pruned menus (and inside them), images, text outside elements, elements after <body>.
UNWALKED_CLASSES = (
    '<html class="h a"><head class="hd"><meta class="m a"><link class="l"><style class="s">p{}</style></head>'
    '<body class="b"><div class="main-menu a"><ul class="u"><li class="a li">x</li></ul></div>'
    '<select class="sel"><option class="o a">1</option></select><button class="btn"><span class="a i">'
    '</span></button><noscript><img class="ni a"></noscript><div hidden class="hid"><p class="a hp">h</p>'
    '</div><div style="display:none" class="a dn"><p class="in">i</p></div><p class="x a">t<img class="im"'
    '> tail<br class="br a"></p><div class="footer"><div class="sidebar a"><p class="deep a">d</p></div>'
    '</div><p class="a last">e</p></body></html><p class="after a">z</p>'
)


@pytest.mark.parametrize("learned", ["asked", "pruned scan", "whole scan"])
def test_index_answers_every_class_and_id_of_every_saved_page(learned: str) -> None:
    """Every class token and id of every page: the elements found by XPath, the same objects in the same
    order, for tokens held by many elements (list items, menus) as for the rare ones, and for parts of
    tokens. The index reads the classes itself, or takes those an article's scan met (pruned or not) and
    reads the rest."""
    many = few = 0
    for html in [*SOURCES, UNWALKED_CLASSES]:
        tree = lxml.html.document_fromstring(html, parser=html_parser())
        index = build_index(tree)
        if learned != "asked":
            index.adopt_scan(dom.scan(tree, prune=learned == "pruned scan").class_walk)
        tokens = {t for value in tree.xpath("//@class") for t in value.split()}
        parts = ({t[1:] for t in tokens} | {t[:-1] for t in tokens} | {"absent-token"}) - {""}
        for token in sorted(tokens | parts):
            want = _BY_CLASS_TOKEN(tree, t=token)
            got = index.by_class(token)
            assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True)), token
            if token in tokens:
                many += len(want) > 16
                few += len(want) <= 16
        for value in sorted(set(tree.xpath("//@id"))):
            want = _BY_ID(tree, v=value)
            got = index.by_id(value)
            assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True)), value
    assert many >= 20 and few >= 1000


SELECTORS = sorted(
    {s for p in PLATFORMS for k, v in p.article.items() if k not in ("title_junk", "junk_prefix",
     "junk_lines") for s in v}
    | {p.listing_item for p in PLATFORMS if p.listing_item}
    | {"div", "*", "p.a", ".content > p", "div > *", "#main", "div#main .x", "[href]", "[href^='http']",
       "[class*='news']", "[class$='title']", "body h1", "html > body", "ul li a", "a, p", "p + p",
       "li:first-child", ".a.b", "[id='x'][class]", "h1:not([class])", "*:not(.x)", "div:not(#a)"}
)  # fmt: skip


def test_most_selectors_take_the_fast_path() -> None:
    fast = [s for s in SELECTORS if _plan(s) is not None]
    assert len(fast) >= len(SELECTORS) - 5
    assert _plan("a, p") is None and _plan("p + p") is None and _plan("li:first-child") is None


@pytest.mark.parametrize("whole", [True, False])
def test_selection_matches_cssselector(whole: bool) -> None:
    """From the document (with its index) and from a subtree (without it)."""
    for html in [*SOURCES[::4], *EDGE] if whole else SOURCES[1::12]:
        doc = Document.from_text(html, "http://h/a/b")
        root = doc.tree if whole else doc.tree.find("body")
        if root is not None:
            selector = PageSelector(root, doc.index if whole else None)
            for css in SELECTORS:
                want = [el for el in CSSSelector(css)(root) if isinstance(el.tag, str)]
                got = selector.select(css)
                assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True)), css


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 2048])
def test_nfc_equals_unicodedata(piece: int) -> None:
    """Small pieces put a cut before nearly every ``<``: marks, Hangul and compositions on both sides."""
    rng = random.Random(5)
    pool = [*"aăâeêioôơuưyAĐđ <>/\n\t.,;“”…\xa0ờợạ", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323",
            "\u0302", "\u0306", "\u031b", "\u0338", "\u1100", "\u1161", "\u11a8", "\uac00", "\u0915",
            "\u093c", "\u09c7", "\u09be", "\u212b", "\u2126", "\uf900", "\u0344", "\u0f73", "A\u030a",
            "\u03b1\u0301", "\U0001d15e", "\u0b47\u0b3e", "\u0e33", "<\u0338", "\u0338<"]  # fmt: skip
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert nfc(text, piece) == unicodedata.normalize("NFC", text), repr(text)
    for html in SOURCES[::3]:
        for form in ("NFC", "NFD"):
            text = unicodedata.normalize(form, html)
            assert nfc(text, piece) == unicodedata.normalize("NFC", text)


def test_nfc_gives_back_the_text_itself_when_nothing_changes() -> None:
    """So that a caller can tell an unchanged page by identity (crawler.text.decode)."""
    text = "<p>x\u0301y</p>" * 600  # a mark with no precomposed form: already NFC, and many pieces
    assert unicodedata.is_normalized("NFC", text)
    assert nfc(text) is text
    decomposed = "<p>e\u0302\u0301</p>" * 600
    assert nfc(decomposed) == "<p>ế</p>" * 600


def test_nfc_of_utf8_equals_unicodedata() -> None:
    """Both ways (a combining mark in the bytes or not) give the NFC form, whatever else the page holds."""
    rng = random.Random(7)
    pool = [*"aăâeêioôơuưyAĐđ <>/\n.,“”…\xa0ờợạ", "\u0300", "\u0301", "\u0323", "\u0344", "\u0653",
            "\u093c", "\u09be", "\u1161", "\u3099", "\u212b", "\uf900", "\U0001d15e"]  # fmt: skip
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert nfc_of_utf8(text, text.encode("utf-8")) == unicodedata.normalize("NFC", text), repr(text)
    for html in SOURCES[::3]:
        for form in ("NFC", "NFD"):
            text = unicodedata.normalize(form, html)
            assert nfc_of_utf8(text, text.encode("utf-8")) == unicodedata.normalize("NFC", text)


def test_nfc_cut_character_is_a_boundary() -> None:
    """What makes the cuts safe, against the whole Unicode table of this Python: the cut character has
    combining class 0, is NFC, and is the second half of no canonical composition (Hangul jamo included),
    so it never moves nor composes with what precedes it."""
    seconds = set()
    for cp in range(0x110000):
        dec = unicodedata.decomposition(chr(cp))
        if dec and not dec.startswith("<") and len(dec.split()) == 2:
            seconds.add(int(dec.split()[1], 16))
    seconds |= set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V and T jamo
    assert len(CUT) == 1 and ord(CUT) not in seconds
    assert unicodedata.combining(CUT) == 0 and unicodedata.normalize("NFC", CUT) == CUT


def test_mojibake_hint_equals_its_regex() -> None:
    rng = random.Random(1)
    # ₫ Ł ǅ: their first byte starts a continuation character's too (E2, C5) or not (C7); the hint's
    # first scan takes the first two, the full check turns them down.
    pool = list("aáâ\xc1\xc2\xc3\xef\xf0\x80\x9f\xa0\xbf\xc0€“”…–‘ŸšžˆŒ™•x \ud800ệ₫Łǅƒ")
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert _mojibake_hint(text) == bool(_MOJIBAKE_HINT_RE.search(text)), repr(text)


def test_mojibake_hint_on_the_pages_own_bytes_equals_on_its_text() -> None:
    for path in PAGES:
        body = path.read_bytes()
        text, _, exact = decode_html_source(body)
        if exact:
            assert _mojibake_hint(text, body) == _mojibake_hint(text)
            assert repair_mojibake(text, body) == repair_mojibake(text)


def _text_document(body: bytes, url: str) -> Document:
    """The Document as made before the bytes path: parse of the decoded, repaired text."""
    html, encoding = decode_html(body)
    return Document.from_text(repair_mojibake(html), url, encoding)


def _same_tree(a: Document, b: Document) -> bool:
    classes = [type(el) for el in a.tree.iter()] == [type(el) for el in b.tree.iter()]
    return classes and etree.tostring(a.tree, encoding=str) == etree.tostring(b.tree, encoding=str)


# Pages whose bytes are parsed by Document.from_bytes, each beside the case it must give up on or not.
BYTES_EDGE = [
    "<html><head><meta charset='iso-8859-1'></head><body><p>Việt Nam – “ngày” 1/1</p></body></html>",
    "\n \t<!DOCTYPE html>\r\n<html><body><p>Sở Thông tin</p></body></html>\r\n\n",
    "<html><body><p>tail NBSP</p></body></html>\xa0",
    "\xa0<html><body><p>head NBSP</p></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>Đà Nẵng</p></body></html>",
    "<html><body><p>NUL\x00byte ệ</p></body></html>",
    "<p>a fragment ờ</p><p>two</p>",
    "plain text, no tag ạ",
    "<html><body><p>tail text</p></body></html> trailing words",
    "<html><body><p>\ufeffmid-BOM ư</p></body></html>",
    "<html><body><p>Viá»‡t Nam mojibake</p></body></html>",
    "<html><body><p>NFD: Vie\u0323\u0302t</p></body></html>",
]


def test_document_from_bytes_parses_the_same_tree_as_from_its_text() -> None:
    """Every saved page, the edge cases above, and a UTF-8 BOM: the same elements, classes and serialisation
    as the parse of the decoded text. Most saved pages are their text's UTF-8 form as they are; the others
    (a BOM, NFD, cp1258, UTF-16...) are parsed from their text encoded."""
    took_bytes = 0
    bodies = [p.read_bytes() for p in PAGES] + [e.encode("utf-8") for e in BYTES_EDGE]
    bodies.append(b"\xef\xbb\xbf" + BYTES_EDGE[0].encode("utf-8"))
    bodies.append(BYTES_EDGE[0].encode("utf-16"))
    cp1258 = "<html><head><meta charset='windows-1258'></head><body><p>Vie\u0323\u0302t</p></body></html>"
    bodies.append(cp1258.encode("cp1258", "replace"))
    for body in bodies:
        url = "http://h/a/b.html"
        got = Document.from_bytes(body, url)
        want = _text_document(body, url)
        assert got.html == want.html and got.encoding == want.encoding
        assert _same_tree(got, want), body[:80]
        took_bytes += decode_html_source(body)[2]
    assert took_bytes >= len(PAGES) // 2


def test_document_keeps_the_utf8_form_of_its_text() -> None:
    """Document.utf8, which platform detection folds in place of encoding the page again, is exactly the
    page's text as UTF-8, or None (the mojibake repair changed the text)."""
    bodies = [p.read_bytes() for p in PAGES] + [e.encode("utf-8") for e in BYTES_EDGE]
    bodies += [b"\xef\xbb\xbf" + BYTES_EDGE[0].encode("utf-8"), BYTES_EDGE[0].encode("utf-16")]
    kept = []
    for body in bodies:
        doc = Document.from_bytes(body, "http://h/a/b.html")
        if doc.utf8 is not None:
            assert doc.utf8 == doc.html.encode("utf-8", "surrogatepass"), body[:80]
            assert detect_platform(doc.html, doc.url, doc.utf8) == detect_platform(doc.html, doc.url)
        kept.append(doc.utf8 is not None)
    assert sum(kept) >= len(bodies) - 3 and not all(kept)  # the mojibake edge case repaired: None


def test_decode_html_source_says_when_the_text_is_the_bytes() -> None:
    page = "<html><body><p>Sở Thông tin và Truyền thông</p></body></html>"
    assert decode_html_source(page.encode("utf-8"))[2] is True
    assert decode_html_source(b"<html><body>ascii</body></html>", "utf-8")[2] is True
    assert decode_html_source(b"\xef\xbb\xbf" + page.encode("utf-8"))[2] is False  # BOM
    assert decode_html_source(unicodedata.normalize("NFD", page).encode("utf-8"))[2] is False
    assert decode_html_source(page.encode("utf-8") + b"\xff")[2] is False  # not valid UTF-8
    assert decode_html_source(page.encode("utf-16"))[2] is False
    cp1258 = "<meta charset='windows-1258'><p>Vi\u1ec7t</p>"
    assert decode_html_source(cp1258.encode("cp1258", "ignore"))[2] is False
    utf8 = page.encode("utf-8")
    for body in (utf8, b"\xef\xbb\xbf" + utf8, page.encode("cp1252", "replace")):
        assert decode_html_source(body)[:2] == decode_html(body)


def test_breadcrumb_xpath_finds_what_the_element_scan_found() -> None:
    """Same elements, same document order, on every saved page and on mixed-case and double matches."""
    scan = etree.XPath(
        "//*[contains(translate(@class,'BREADCUM','breadcum'),'breadcrumb') or "
        "contains(translate(@id,'BREADCUM','breadcum'),'breadcrumb')]"
    )
    found = 0
    edge = (
        '<div id="BreadCrumb"><ul class="x breadcrumbs"><li class="BREADCRUMB" id="breadcrumb">a</li>'
        '</ul></div><p class="bread crumb">no</p><span id="nav-breadcrumb-1" class="Breadcrumb">b</span>'
    )
    trees = [Document.from_bytes(p.read_bytes(), "http://h/").tree for p in PAGES]
    for tree in [*trees, lxml.html.fromstring(edge)]:
        want = scan(tree)
        got = BREADCRUMB_XPATH(tree)
        assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True))
        found += len(want)
    assert found > 10


def test_memoised_url_rules_equal_crawler_urls() -> None:
    for url in ["http://H.example:80/a/../b?utm_source=x&b=2&a=1#f", "https://h/x;jsessionid=1?PHPSESSID=2",
                "http://h/Default.aspx?tabid=5&ctl=ViewDetail&mid=7&ItemID=9", "mailto:x@y",
                "/rel"]:  # fmt: skip
        assert urlmemo.canonical_url(url) == urls.canonical_url(url)
        assert urlmemo.on_site(url, ["h", "h.example"]) == urls.on_site(url, ["h", "h.example"])
        assert urlmemo.on_site(url, ("h",)) == urls.on_site(url, ("h",))


# Pages whose links are compared with the page itself: plain listings, listings the fast path leaves to the
# full comparison (encoded, dot segment, session id, upper-case scheme, no path), and CMS article shapes.
SAME_PAGE_URLS = [
    "http://127.0.0.1:8000/tin-tuc/hoat-dong.html",
    "https://stttt.tinh.gov.vn/tin-tuc/",
    "http://h/",
    "http://h",
    "http://h/Default.aspx?tabid=55",
    "http://h/tin-t%E1%BB%A9c/a.aspx",
    "http://h/a/./b/../tin-tuc",
    "http://h/tin-tuc;jsessionid=AB12",
    "HTTP://H/tin-tuc",
    "http://h/Tin-Tuc/Trang-1/tabid/55/ctl/ViewDetail/mid/412/ItemID/5204/Default.aspx",
    "http://h/web/guest/-/asset_publisher/AbC_1/content/id/2613367",
    "http://h/sites/so/Lists/TinTuc/DispForm.aspx?ID=12",
]


# The other URL shape of each CMS article page above: the same canonical URL from another path.
OTHER_SHAPES = [
    "http://h/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=5204",
    "http://h/trang/-/view_content/2613367-tieu-de.html",
    "http://h/sites/so/Lists/TinTuc/View_Detail.aspx?ItemID=12",
]


def _same_page_variants(page: str) -> list[str]:
    """Links that name ``page`` itself, or nearly, in the forms the canonical rules fold together."""
    scheme, rest = page.split("://", 1)
    host, _, path = rest.partition("/")
    path = "/" + path
    return [
        page, page + "#top", page + "?utm_source=x", page.upper(), page.replace("://", "://WWW.", 1),
        f"{scheme}://{host.split(':')[0]}:80{path}", f"{scheme}://{host}/./{path.lstrip('/')}",
        f"{scheme}://{host}/x/..{path}", f"{scheme}://{host}/%2e{path}", f"{scheme}://{host}\\{path.lstrip('/')}",
        f"{scheme}://{host}{path};jsessionid=1", f"{scheme}://{host}{path.replace('-', '%2D')}",
        f"{scheme}://{host}{path}/", f"{scheme}://{host}{path.rstrip('/')}", f" {page} ",
    ]  # fmt: skip


def _answer(call: Callable[[], bool]) -> bool | str:
    try:
        return call()
    except ValueError:
        return "ValueError"


def test_same_page_answers_as_the_canonical_comparison() -> None:
    """``SamePage(page)(link)`` against ``canonical_url(link) == canonical_url(page)``: every link of every
    saved page made absolute against each page URL above, and each page's near-variants."""
    checked = fast = 0
    hrefs = {a.get("href") for html in SOURCES for a in lxml.html.document_fromstring(html).iter("a")}
    for page in SAME_PAGE_URLS:
        same = urlmemo.SamePage(page)
        key = urls.canonical_url(page)
        joined = PageLinks(lxml.html.document_fromstring("<p>"), page)  # the crawl's join against the page
        links = {*_same_page_variants(page), *OTHER_SHAPES} | {joined.absolute(href) or "" for href in hrefs}
        for link in sorted(links - {""}):
            want = _answer(lambda u=link: urls.canonical_url(u) == key)  # noqa: B023 (called at once)
            got = _answer(lambda u=link: same(u))  # noqa: B023
            # where the canonical form raises (a port urllib cannot read), a plain path may answer first
            assert got == want or (want == "ValueError" and got is False), (page, link)
            checked += 1
            fast += same._path is not None and urlmemo._plain_path(link) not in (None, same._path)
    assert checked > 5_000
    # the four plain pages tell most of their links apart without a canonical form
    assert fast > 4 * checked // len(SAME_PAGE_URLS) // 2


def test_canonical_form_of_an_article_shape_is_an_article_shape() -> None:
    """What lets SamePage skip the canonical form: a CMS article shape's canonical URL is itself one (so it
    never equals a plain page's), whichever of the shape's URLs it came from."""
    shapes = [
        "http://h/Tin-Tuc/tabid/55/ctl/ViewDetail/mid/412/ItemID/5204/Default.aspx",
        "http://h/Default.aspx?tabid=55&ctl=ViewDetail&mid=412&ItemID=5204",
        "http://h/web/guest/-/asset_publisher/AbC_1/content/id/2613367",
        "http://h/trang/-/view_content/2613367-tieu-de.html",
        "http://h/sites/so/Lists/TinTuc/DispForm.aspx?ID=12",
        "http://h/sites/so/Lists/TinTuc/View_Detail.aspx?ItemID=12",
    ]
    for url in shapes:
        key = urls.article_key(url)
        assert key is not None
        assert urls.article_key(urls.canonical_url(url)) == key, url


def test_canonical_links_and_metas_match_their_xpaths() -> None:
    from crawler.pages.article import (
        _CANONICAL_XPATH,
        _META_XPATH,
        _TITLE_XPATH,
        _canonical_links,
        _first_title,
        _metas_with_content,
    )

    extra = (
        '<html><head><link REL="Canonical" href="/a"><link rel="canonical">'
        '<link rel="x CANONICAL y" href="/b"><link rel="canonicalx" href="/c"><meta name="a" content="">'
        '<meta name="b"></head><body>'
        '<meta itemprop="datePublished" content="2024-01-02"><link rel="canonical" href="/d"></body></html>'
    )
    titles = [
        "<html><body><div><title>a</title><title>b</title></div></body><title>c</title></html>",
        "<html><body><p>no title</p></body></html>",
        "<title>x</title><p><title>y</title></p>",
    ]
    for html in [*SOURCES, extra, *titles]:
        doc = Document.from_text(html, "http://h/a/b")
        assert _canonical_links(doc.tree) == _CANONICAL_XPATH(doc.tree)
        assert _metas_with_content(doc.tree) == _META_XPATH(doc.tree)
        inner = doc.tree.find(".//p") if doc.tree.find(".//p") is not None else doc.tree
        for root in (doc.tree, inner):
            assert _first_title(root) is next(iter(_TITLE_XPATH(root)), None)


def test_listing_scores_only_what_it_may_choose() -> None:
    """ListingPage._scored holds the best region and every region the choice can add, with exact scores,
    and no region's score exceeds its bound."""
    from crawler.pages.listing import ListingPage

    pages = [
        *sorted(ROOT.glob("crawler/demo/sites/*/pages/listing-*.html")),
        *sorted(ROOT.glob("tests/heldout/sites/*/pages/*.html"))[::10],
    ]
    checked = 0
    for path in pages:
        doc = Document.from_bytes(path.read_bytes(), "http://127.0.0.1:1/tin-hoat-dong", "utf-8")
        page = ListingPage(doc, domains=["127.0.0.1:1"])
        regions = page._regions(doc.tree)
        if not regions:
            continue
        full = sorted(((page._score(r), i, r) for i, r in enumerate(regions)), key=lambda t: (-t[0], t[1]))
        for score, i, region in full:
            assert score <= page._bound(region), (path, i)
        kept = page._scored(regions)
        assert kept[0][:2] == full[0][:2]
        best = full[0][2]
        may = [t[:2] for t in full if t[2].container is best.container or t[0] >= 0.3 * full[0][0]]
        assert [t[:2] for t in kept if t[:2] in may] == may
        checked += 1
    assert checked > 20


def test_element_at_path_is_the_one_with_that_path() -> None:
    """The walk down a list path (listing pages 2+) finds what comparing every element's path found."""
    for html in SOURCES[::2]:
        root = Document.from_text(html, "http://h/a/b").tree
        for el in root.iter():
            if isinstance(el.tag, str):
                assert _at_path(root, _path(el)) is el
    root = Document.from_text(SOURCES[0], "http://h/a/b").tree
    assert _at_path(root, ("html[0]", "body[0]", "div.nowhere[0]")) is None
    assert _at_path(root, ("body[0]",)) is None


def test_element_text_equals_its_itertext_form() -> None:
    checked = 0
    for html in SOURCES:
        for el in Document.from_text(html, "http://h/a/b").tree.iter("a", "button", "li", "td", "h1", "span"):
            assert element_text(el) == " ".join("".join(el.itertext()).split())
            checked += 1
    assert checked > 10_000


REFRESH_PAGES = [
    '<html><head><meta http-equiv="refresh" content="0; url=/next"></head><body>x</body></html>',
    "<html><head><META HTTP-EQUIV='REFRESH' CONTENT='5;URL=http://h/x'></head></html>",
    '<html><head><meta http-equiv="Refresh" content="0; url=/tin-hoat-dong"></head></html>',
]


def _responses() -> list[HtmlResponse]:
    bodies = [path.read_bytes() for path in PAGES] + [page.encode() for page in EDGE + REFRESH_PAGES]
    bodies += [page.encode("utf-16") for page in REFRESH_PAGES]  # a BOM and NUL bytes: Scrapy decodes
    return [HtmlResponse("http://h/a/b.html", body=body) for body in bodies]


def test_a_page_scrapy_finds_a_meta_refresh_in_is_never_skipped() -> None:
    found = [(bool(get_meta_refresh(r)[1]), may_meta_refresh(r.body)) for r in _responses()]
    assert sum(scrapy for scrapy, _ in found) >= 2 * len(REFRESH_PAGES)
    assert [pair for pair in found if pair[0] and not pair[1]] == []


def test_meta_refresh_middleware_redirects_as_scrapy_does_and_decodes_only_candidates() -> None:
    middleware = LazyMetaRefreshMiddleware.from_crawler(get_crawler())
    for response in _responses():
        request = Request(response.url)
        got = middleware.process_response(request, response)
        url = get_meta_refresh(response)[1]
        assert (got.url if isinstance(got, Request) else None) == url
    plain = HtmlResponse("http://h/x.html", body="<html><body>Tin hoạt động</body></html>".encode())
    assert middleware.process_response(Request(plain.url), plain) is plain
    assert plain._cached_ubody is None  # the page was not decoded


def _pages_with_urls() -> list[tuple[str, bytes]]:
    """(URL, bytes) of the saved listing fixtures and of the demo and held-out sites' routed pages (GET
    routes; the first 12 of each held-out site, where its listing pages are)."""
    import json

    out = []
    for meta_path in sorted(ROOT.glob("tests/fixtures/*/*/meta.json")):
        meta = json.loads(meta_path.read_text("utf-8"))
        if meta.get("kind") == "listing":
            out.append((meta["url"], (meta_path.parent / "page.html").read_bytes()))
    for routes_path in [*sorted(ROOT.glob("crawler/demo/sites/*/routes.json")),
                        *sorted(ROOT.glob("tests/heldout/sites/*/routes.json"))]:  # fmt: skip
        routes = json.loads(routes_path.read_text("utf-8"))["routes"]
        pages = [r for r in routes if r.get("file", "").endswith(".html") and r.get("method", "GET") == "GET"]
        for route in pages[:12]:
            query = f"?{route['query']}" if route.get("query") else ""
            body = (routes_path.parent / route["file"]).read_bytes()
            out.append((f"http://127.0.0.1:1{route['path']}{query}", body))
    return out


def test_pager_search_skips_only_links_no_rule_could_take(monkeypatch: pytest.MonkeyPatch) -> None:
    """find_next_page builds a request only for the links _may_lead_on lets through: the next page it finds
    is the one it finds building one for every link (the prefilter let through)."""
    from crawler.pages import pagination

    # and a pager whose "next" leads to a URL no pager value reads (only its word says where it goes)
    worded = (
        "<html><body><ul><li><a href='/gioi-thieu'>Giới thiệu</a></li></ul>"
        "<div class='pager'><a href='/tin-hoat-dong/phan-hai.html'>Trang sau</a></div></body></html>"
    )
    docs = [Document.from_bytes(body, url) for url, body in _pages_with_urls()]
    docs.append(Document.from_bytes(worded.encode(), "http://127.0.0.1:1/tin-hoat-dong/phan-mot.html"))
    asked = [(doc, page_no) for doc in docs for page_no in (1, 2, 3)]
    may_lead_on = pagination._may_lead_on
    skipped = []

    def counting(*args: object) -> bool:
        answer = may_lead_on(*args)
        skipped.append(not answer)
        return answer

    monkeypatch.setattr(pagination, "_may_lead_on", counting)
    fast = [pagination.find_next_page(doc, page_no) for doc, page_no in asked]
    monkeypatch.setattr(pagination, "_may_lead_on", lambda *args: True)
    every = [pagination.find_next_page(doc, page_no) for doc, page_no in asked]
    assert fast == every
    assert sum(r is not None for r in every) > 150  # pagers of every kind were found, not just none
    assert sum(skipped) > 0.5 * len(skipped)  # and most links were skipped: the fast path ran


# Each branch of every family's HTML mark, as pages write it and in other cases: upper case, and the
# non-ASCII letters Python's IGNORECASE matches to i, k and s (İ and ı, the Kelvin sign K, the long ſ).
SIGNATURES = [
    "DesktopModule/UIArticleInMenu", "UIListNews_Default", "ArticleInMenu", "articleinmenu",
    "/portal/Pages/2022-3-16/x.aspx", "/portal/Pages/abc", "/PORTAL/Pages/2022-3",
    "Liferay.Portlet", "Liferay.ThemeDisplay", "Liferay.Browser", "LIFERAY.Portlet", "/html/portlet/",
    "p_p_id_56_", "/-/asset_publisher/",
    "DotNetNuke", "DOTNETNUKE", "DotNetNu\u212ae", "dnn_ctr412", "xdnn_ctr412", "DNN_CTR9",
    "/DesktopModules/", "/De\u017fktopModules/", "dnn.js", "DNN.JS", "dnn.j\u017f",
    "dnncore.js", "DnnCore.Js",
    "Skip Ribbon Commands", "skip ribbon commands", "_spPageContextInfo", "__REQUESTDIGEST",
    "/_layouts/15/init.js", "/_layouts/sp.core.js", "/_layouts/x.css", "/_LAYOUTS/sp.js",
    "option=com_content", "OPTION=COM_CONTENT", "opt\u0131on=com_content", "/media/system/js/",
    "/media/\u017fy\u017ftem/js/", 'content="Joomla! 1.5', 'CONTENT="JOOMLA',
    "Drupal.settings", "DRUPAL.SETTINGS", "Drupal.\u017fettings", "drupal.js", "/sites/default/files/",
    "/s\u0130tes/default/f\u0131les/", 'content="Drupal 7', 'content="NukeViet v4', "nv_base_siteurl",
    "nv_base_s\u0131teurl", "/themes/default/js/", "/THEME\u017f/default/j\u017f/",
    "/portals/3/skins/default/js/", 'class="news_column"', "CLASS=\"NEWS_COLUMN",
    'cla\u017f\u017f="news_column"',
]  # fmt: skip


def _signature_pages() -> list[str]:
    """Each signature alone in a page, at its start, and just inside and just past the 200 KB looked at."""
    filler = "<p>Sở Thông tin và Truyền thông tổ chức hội nghị.</p>"
    pages = []
    for mark in SIGNATURES:
        pages.append(f"<html><head><script src='{mark}'></script></head><body>x</body></html>")
        for room in (len(mark), 0):  # the mark's last character is the last looked at, then the first not
            pad = filler * (HEAD_CHARS // len(filler))
            pad += "x" * (HEAD_CHARS - len(pad) - room)
            pages.append(pad + mark)
    return pages


FIXTURE_METAS = sorted(ROOT.glob("tests/fixtures/*/*/meta.json"))  # every saved page with its real URL


def _detect_by_every_pattern(html: str, url: str) -> str:
    """detect_platform as it was: every family's regexes, run on the page."""
    head = html[:HEAD_CHARS]
    return next((p.name for p in PLATFORMS if p.matches(head, url)), "generic")


def test_every_family_has_marks_to_scan_for() -> None:
    """Every HTML signature yields literals: no family's regex is run on every page."""
    assert {p.name: p.html_marks is not None for p in PLATFORMS if p.html} == {
        p.name: True for p in PLATFORMS if p.html
    }


def test_platform_detection_answers_as_running_every_pattern() -> None:
    """Scanning for the marks first changes no family's answer, on any saved page or signature."""
    saved = [(json.loads(m.read_text("utf-8"))["url"], m.parent / "page.html") for m in FIXTURE_METAS]
    pages = [(url, decode_html(path.read_bytes(), None)[0]) for url, path in saved if path.is_file()]
    pages += [(url, decode_html(body, None)[0]) for url, body in _pages_with_urls()]
    pages += [(url, html) for html in _signature_pages() + SOURCES for url in ("http://h/x.aspx", BASES[1])]
    one_by_one = MarkScan(MARKS.literals, use_hyperscan=False)  # where Hyperscan cannot run
    for url, html in pages:
        head = html[:HEAD_CHARS]
        by_regex = [p.matches(head, url) for p in PLATFORMS]
        assert [p.matches(head, url, MARKS.scan(head)) for p in PLATFORMS] == by_regex
        assert [p.matches(head, url, one_by_one.scan(head)) for p in PLATFORMS] == by_regex
        assert detect_platform(html, url) == _detect_by_every_pattern(html, url)
        assert detect_platform(html, url, html.encode("utf-8", "surrogatepass")) == detect_platform(html, url)


def test_every_signature_is_recognised() -> None:
    """The signature pages are recognised, the near misses not (so the comparison above is not between two
    answers of 'generic'): the case-sensitive marks in another case are misses too."""
    pages = _signature_pages()[::3]
    found = {mark: detect_platform(page, "http://h/x") for mark, page in zip(SIGNATURES, pages, strict=True)}
    misses = {"/portal/Pages/abc", "xdnn_ctr412", "/_layouts/x.css", "/portals/3/skins/default/js/"}
    misses |= {
        "articleinmenu",
        "/PORTAL/Pages/2022-3",
        "LIFERAY.Portlet",
        "skip ribbon commands",
        "/_LAYOUTS/sp.js",
    }
    assert {mark for mark, name in found.items() if name == "generic"} == misses


@pytest.mark.parametrize(
    ("pattern", "marks"),
    [
        (r"Skip Ribbon", {b"skip ribbon"}),  # case-sensitive: every letter counts, lowered
        (r"(?i)Desktop", {b"desktop"}),  # case-insensitive: lowered too (İ ı K ſ folded: fold_ascii)
        (r"(?i)/themes/default/js/", {b"/themes/default/js/"}),  # not "/skins/default/js/"
        (r"(?i)ab|cd", None),  # a branch under three characters: no scan can rule it out
        (r"Liferay\.(Portlet|Browser)", {b"liferay."}),
        (r"x(Portlet|Browser)", {b"portlet", b"browser"}),  # the group's branches when the run is short
        (r"ab(?i:Portlet)", None),  # a group with flags of its own is not read
        (r"/_layouts/(15/)?[a-z.]*\.js", {b"/_layouts/"}),
        (r"dnn\.js|dnncore\.js|\bdnn_ctr\d", {b"dnn.js", b"dnncore.js", b"dnn_ctr"}),
        (r"core\.js|dnncore\.js", {b"core.js"}),  # a mark holding another is not scanned for
        (r"phát", None),  # only ASCII runs: "á" is two bytes in the page
    ],
)
def test_required_marks_of_a_pattern(pattern: str, marks: set[bytes] | None) -> None:
    assert required_marks(re.compile(pattern)) == (None if marks is None else frozenset(marks))


def test_folding_writes_every_letter_ignorecase_matches_to_an_ascii_one_as_that_one() -> None:
    """Every code point that ``re`` under IGNORECASE matches to an ASCII letter folds to that letter, so a
    mark holding any letter is in the folded bytes of every match (the four non-ASCII ones: İ ı K ſ)."""
    import sys

    letter = re.compile("[a-z]", re.IGNORECASE)
    matched = {chr(c) for c in range(sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    for ch in matched:
        ascii_forms = {a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){a}", ch)}
        assert {fold_ascii(ch).decode()} == ascii_forms, ch
    assert len(matched - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) == 4
    page = "Vi\u1ec7t \u0130 \u0131 \u212a \u017f Đà"
    assert fold_ascii(page) == "vi\u1ec7t i i k s Đà".encode()  # only ASCII is lowered


class _LinkTexts:
    """Stands for an ArticlePage in ``_best_title``: which texts a link reads, and which were asked."""

    def __init__(self, links: set[str]) -> None:
        self.links = links
        self.asked: list[str] = []

    def _is_link_text(self, text: str) -> bool:
        self.asked.append(text)
        return text in self.links


def test_best_title_asks_only_candidates_that_could_win_and_answers_as_asking_all() -> None:
    """The title's category-name check (an XPath over every link) is made best first: the answer is the
    first candidate of the highest score once every check is applied, and no candidate whose score
    without the check is below the answer's score is asked about."""
    rng = random.Random(23)
    scores = [-11.0, -8.0, -3.0, 0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 9.0, 10.0]
    asked_some = skipped_some = 0
    for _ in range(3_000):
        n = rng.randint(0, 9)
        candidates = [(rng.choice(scores), f"t{i}", 100 + i, rng.random() < 0.6) for i in range(n)]
        links = {text for _, text, _, _ in candidates if rng.random() < 0.5}
        eager = None
        for score, text, seq, check in candidates:  # the loop as it was: every check made
            if check and text in links:
                score -= 6
            if eager is None or score > eager[0]:
                eager = (score, text, seq)
        page = _LinkTexts(links)
        assert ArticlePage._best_title(page, candidates) == eager  # type: ignore[arg-type]
        assert all(score >= eager[0] for score, text, _, _ in candidates if text in page.asked)
        asked_some += bool(page.asked)
        skipped_some += sum(check for *_, check in candidates) > len(page.asked)
    assert asked_some > 500 and skipped_some > 500  # both paths taken often
