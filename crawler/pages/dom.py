"""Shared lxml helpers for page parsing: visible text, block splitting, link density, junk detection.

The department sites are built on a dozen CMSs plus unknown hand-made templates, so page objects cannot
count on markup. What they can count on is the shape of a page once it is cut into *blocks*: runs of
inline text bounded by block-level elements or ``<br>`` (``Block.soft`` marks a single ``<br>``, a line
break inside a paragraph; ``<br><br>`` is a paragraph break), each knowing its owner element, how much
of it is link text, bold or italic, and whether it sits inside a menu/sidebar/footer-like container.
``scan()`` walks the tree once and returns all of that, so callers never walk the tree again; it skips
subtrees whose name says they are pure furniture (``prune``), which is most of a big page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from crawler.text.legacy import font_hint

# Elements that start a new line of text in a browser.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Elements whose text a reader never sees as content.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "select", "option",
        "button", "input", "textarea", "svg", "object", "embed", "iframe", "canvas", "map", "audio",
        "video", "source", "param", "base",
    }
)  # fmt: skip
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Containers that are page furniture by their tag or ARIA role alone.
JUNK_TAGS = frozenset({"nav", "aside", "footer"})
JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})

# Class/id words of page furniture (Readability's "unlikely candidates", plus Vietnamese CMS names:
# tinlienquan = related news, tinkhac = other news, lienket = links, thongke = statistics, quangcao = ads,
# docnhieu = most read, tinmoi = latest news, phantrang = pager, timkiem = search). Strong words make a
# container furniture whatever else its name says ("main-menu", "sidebar-content"); weak ones only when no
# content word is there too ("ArticleHeader" is the article's title, "page-header" is not).
JUNK_STRONG_RE = re.compile(
    r"menu|nav(?!as)|sidebar|side-bar|side_bar|sidebox|breadcrumb|breadcrum|footer|comment|share|sharing"
    r"|social|addthis|sociable|related|relate-|lienquan|lien-quan|lien_quan|tinkhac|tin-khac|tin_khac"
    r"|othernews|other-news|other_news|morenews|more-news|newsother|tinmoi|tin-moi|docnhieu|doc-nhieu"
    r"|cungchuyenmuc|cung-chuyen-muc|cung_chuyen_muc|tin-?cung|same-?cat|tindadua|tin-da-dua|xemthem|xem-them"
    r"|tinnoibat|tin-noi-bat|xemnhieu|xem-nhieu|most-?read|recent-?post|latest-?news"
    r"|mostview|most-view|tagcloud|tag-list|banner|advert|quangcao|quang-cao|widget|pager|paging|pagination"
    r"|phantrang|login|search|timkiem|weather|thoitiet|counter|visitor|thongke|thong-ke|truycap|lienket"
    r"|lien-ket|weblink|rating|vote|poll|sponsor|shoutbox|cookie|popup|modal|copyright|rss|subscribe"
    r"|newsletter",
    re.I,
)
JUNK_WEAK_RE = re.compile(
    r"header|masthead|top-?bar|tags|toolbar|tool-bar|tools|popular|(?:^|\s)hidden(?:\s|$)|sr-only|visually-hidden"
    r"|skip|logo|contact|hotline"
    r"|marquee|slider|carousel|calendar|clock|other|more|bottom|author-box|meta-?bar",
    re.I,
)
# Class/id words that keep a container with a weak junk word (Readability's "maybe candidates").
POSITIVE_NAME_RE = re.compile(
    r"article|content|body|entry|post|story|detail|chitiet|chi-tiet|noidung|noi-dung|baiviet|bai-viet"
    r"|news-?view|newsdetail|main|text|journal|asset|item-page|blog|column|shadow|node",
    re.I,
)
# The subset of those words that only a content container carries: a furniture name with one of them is
# still marked junk but never pruned unseen ("sidebar-content" may be badly named article content).
CONTENT_NAME_RE = re.compile(
    r"article|content|body|entry|post|story|detail|chitiet|chi-tiet|noidung|noi-dung|baiviet|bai-viet"
    r"|newsdetail|news-?view|journal|asset|item-page",
    re.I,
)

_WS_RE = re.compile(r"\s+")
_STYLE_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_STYLE_BOLD_RE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_STYLE_ITALIC_RE = re.compile(r"font-style\s*:\s*italic", re.I)
_STYLE_CENTER_RE = re.compile(r"text-align\s*:\s*center", re.I)
_STYLE_FONT_RE = re.compile(r"font-family\s*:\s*([^;]+)", re.I)


def collapse_ws(text: str) -> str:
    """One space for every whitespace run (NBSP and other Unicode spaces included), trimmed."""
    return _WS_RE.sub(" ", text).strip()


def element_text(el: etree._Element) -> str:
    """``" ".join("".join(el.itertext()).split())``, cheaper: a childless element's text is its one text
    node, and lxml's text serialiser joins the others in C (tests/test_fast_paths.py compares the
    two)."""
    if not len(el):
        return " ".join(el.text.split()) if el.text else ""
    return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())


def class_id(el: etree._Element) -> str:
    """The element's class and id as one lowercase string ("" when it has neither)."""
    cls = el.get("class")
    ident = el.get("id")
    if cls is None and ident is None:
        return ""
    return f"{cls or ''} {ident or ''}".lower()


def is_junk_name(name: str) -> bool:
    """True for class/id strings of page furniture (menus, sidebars, share bars, related news...)."""
    return name_kind(name) != NAME_PLAIN


def is_junk_element(el: etree._Element) -> bool:
    """True for navigation, sidebars, footers and the like, by tag, ARIA role or class/id."""
    tag = el.tag
    if not isinstance(tag, str):
        return False
    if tag in JUNK_TAGS:
        return True
    role = el.get("role")
    if role and role.lower() in JUNK_ROLES:
        return True
    return is_junk_name(class_id(el))


def is_hidden(el: etree._Element) -> bool:
    """True when the element is hidden by ``hidden`` or an inline display/visibility style."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and _STYLE_HIDDEN_RE.search(style) is not None


def visible_text(el: etree._Element) -> str:
    """Text a reader sees in ``el``: no scripts/styles/form controls/hidden parts; blocks become spaces."""
    parts: list[str] = []
    _visible_parts(el, parts)
    return collapse_ws("".join(parts))


def _visible_parts(el: etree._Element, out: list[str]) -> None:
    tag = el.tag
    if isinstance(tag, str) and tag not in SKIP_TAGS and not is_hidden(el):
        block = tag in BLOCK_TAGS or tag == "br"
        if block:
            out.append(" ")
        if el.text:
            out.append(el.text)
        for child in el:
            _visible_parts(child, out)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append(" ")


def link_density(el: etree._Element) -> float:
    """Share of the element's visible text that sits inside links (0.0 for an element without text)."""
    total = len(visible_text(el))
    if not total:
        return 0.0
    linked = sum(len(visible_text(a)) for a in el.iter("a") if a.get("href") is not None)
    return min(1.0, linked / total)


def font_hint_of(el: etree._Element) -> str | None:
    """The legacy-font hint ("tcvn3"/"vni"/None) of ``<font face>`` or an inline ``font-family``."""
    face = el.get("face")
    style = el.get("style")
    if face is None and (style is None or "font-family" not in style.lower()):
        return None
    if face is not None:
        return font_hint(face)
    match = _STYLE_FONT_RE.search(style or "")
    return font_hint(match.group(1)) if match else None


@dataclass(slots=True)
class Block:
    """One run of text (or one image) in document order."""

    seq: int  # position in Scan.blocks
    text: str  # whitespace-collapsed; legacy fonts already converted where the markup named the font
    owner: etree._Element  # nearest block-level ancestor (for an image: the <img> itself)
    kind: str = "text"  # "text" or "img"
    link_len: int = 0  # characters inside <a href>
    bold_len: int = 0  # characters inside <b>/<strong>/bold style
    italic_len: int = 0  # characters inside <i>/<em>/italic style
    junk: int = -1  # element index of the innermost junk-named ancestor, -1 when none
    center: bool = False  # owner centred (align=center, text-align:center, <center>)
    in_li: bool = False  # inside a list item
    in_heading: bool = False  # inside h1..h6
    soft: bool = False  # starts after a single <br>: the same paragraph as the block before it

    @property
    def link_ratio(self) -> float:
        return self.link_len / len(self.text) if self.text else 0.0

    @property
    def bold_ratio(self) -> float:
        return self.bold_len / len(self.text) if self.text else 0.0

    @property
    def italic_ratio(self) -> float:
        return self.italic_len / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class Span:
    """Where an element sits: element indices [start, end) in pre-order and the blocks [b0, b1) it touches."""

    start: int
    end: int
    b0: int
    b1: int
    text_len: int = 0  # visible characters in the subtree
    link_len: int = 0  # of which inside links
    junk: int = -1  # innermost junk-named ancestor-or-self index, -1 when none

    @property
    def link_ratio(self) -> float:
        return self.link_len / self.text_len if self.text_len else 0.0


@dataclass
class Scan:
    """Everything one walk over the tree learns; the tree is not walked again."""

    blocks: list[Block] = field(default_factory=list)
    # Spans of block-level elements, of elements with class/id/microdata, of links, images, <time> and
    # headings (other inline elements have none; their text is in their block's).
    spans: dict[etree._Element, Span] = field(default_factory=dict)
    classed: list[tuple[etree._Element, str]] = field(default_factory=list)  # (el, class+id lowercase)
    headings: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)  # <a href>
    times: list[etree._Element] = field(default_factory=list)  # <time>
    junk_spans: dict[int, Span] = field(default_factory=dict)  # junk-named elements by element index
    # Elements with microdata/RDFa (itemprop=..., property=...) or rel=author, with that value lowercased.
    props: list[tuple[etree._Element, str]] = field(default_factory=list)
    # The document's class attributes as the walk met them, for crawler.pages.links.TreeIndex: in document
    # order, (class value, element) for an element read, (element, self_too) for a subtree not walked
    # (skipped, hidden, pruned, outside <body>; never a leaf when self_too), whose values the index reads.
    class_walk: list[tuple[Any, Any]] = field(default_factory=list)

    def text_blocks(self, start: int = 0, end: int | None = None) -> Iterable[Block]:
        """Text blocks (no image markers) with seq in [start, end)."""
        for block in self.blocks[start:end]:
            if block.kind == "text":
                yield block

    def blocks_in(self, el: etree._Element) -> list[Block]:
        """Blocks touched by ``el`` (for inline elements: the block(s) containing them)."""
        span = self.spans.get(el)
        return self.blocks[span.b0 : span.b1] if span else []

    def contains(self, outer: etree._Element, inner: etree._Element) -> bool:
        """True when ``inner`` is ``outer`` or inside it (O(1) with the recorded pre-order indices)."""
        a = self.spans.get(outer)
        b = self.spans.get(inner)
        return a is not None and b is not None and a.start <= b.start < a.end


# Walk state flags (an int is cheaper to pass down than six booleans).
_LINK, _BOLD, _ITALIC, _CENTER, _LI, _HEADING = 1, 2, 4, 8, 16, 32
_INLINE_FLAGS = {"b": _BOLD, "strong": _BOLD, "i": _ITALIC, "em": _ITALIC}
# Elements worth a Span even without class/id (callers look them up).
_SPAN_TAGS = frozenset({"a", "time", "img"}) | HEADING_TAGS
# name_kind() results.
NAME_PLAIN, NAME_JUNK, NAME_PRUNE = 0, 1, 2


@lru_cache(maxsize=8192)
def name_kind(name: str) -> int:
    """NAME_PRUNE for furniture names with no content word ("main-menu", "sidebar", "tinlienquan"),
    NAME_JUNK for other furniture ("sidebar-content", "page-header"), NAME_PLAIN for the rest.
    Cached: a site repeats the same few class names on every list item."""
    if not name:
        return NAME_PLAIN
    if JUNK_STRONG_RE.search(name):
        return NAME_JUNK if CONTENT_NAME_RE.search(name) else NAME_PRUNE
    if JUNK_WEAK_RE.search(name) and not POSITIVE_NAME_RE.search(name):
        return NAME_JUNK
    return NAME_PLAIN


def _not_walked(class_walk: list[tuple[Any, Any]], el: etree._Element) -> None:
    """Put a subtree the walk skips, ``el`` included, in ``class_walk``: a leaf's own class (most are leaves:
    <script>, <input>, <meta>), else the subtree, for the index to read."""
    if len(el):
        class_walk.append((el, True))
    else:
        classes = el.get("class")
        if classes:
            class_walk.append((classes, el))


class _Walker:
    """The one recursive walk behind ``scan``. State is kept on the instance to keep calls cheap."""

    def __init__(self, legacy: Callable[[str, str | None], str] | None, prune: bool) -> None:
        self.scan = Scan()
        self.idx = 0
        self.pieces: list[str] = []
        self.buf_len = 0
        self.link_len = 0
        self.bold_len = 0
        self.italic_len = 0
        self.has_text = False  # the open block holds something besides whitespace
        self.after_br = 0  # <br>s seen since the last text (1: a line break, 2+: a paragraph break)
        self.legacy = legacy
        self.prune = prune
        self.link_total = 0  # running count of link characters, for Span.link_len

    # -- the open block ---------------------------------------------------------------------------------
    def add_text(self, text: str, flags: int, hint: str | None) -> None:
        if hint is not None and self.legacy is not None:
            text = self.legacy(text, hint)
        if not self.has_text and not text.isspace():
            self.has_text = True
        self.pieces.append(text)
        n = len(text)
        self.buf_len += n
        if flags & 7:
            if flags & _LINK:
                self.link_len += n
            if flags & _BOLD:
                self.bold_len += n
            if flags & _ITALIC:
                self.italic_len += n

    def flush(self, owner: etree._Element, junk: int, flags: int) -> None:
        soft = self.after_br == 1
        self.after_br = 0
        if not self.pieces:
            return
        raw = "".join(self.pieces)
        self.pieces = []
        self.has_text = False
        text = " ".join(raw.split())
        if text:
            # Counters were taken on raw text; scale them to the collapsed length so ratios stay right.
            scale = len(text) / self.buf_len if self.buf_len else 1.0
            blocks = self.scan.blocks
            blocks.append(
                Block(
                    len(blocks),
                    text,
                    owner,
                    "text",
                    int(self.link_len * scale + 0.5),
                    int(self.bold_len * scale + 0.5),
                    int(self.italic_len * scale + 0.5),
                    junk,
                    bool(flags & _CENTER),
                    bool(flags & _LI),
                    bool(flags & _HEADING),
                    soft,
                )
            )
        self.buf_len = self.link_len = self.bold_len = self.italic_len = 0

    # -- the walk ---------------------------------------------------------------------------------------
    def walk(self, el: etree._Element, owner: etree._Element, junk: int, hint: str | None, flags: int) -> int:
        """Walk ``el`` (not its tail); return its subtree's visible characters (links add to link_total)."""
        tag = el.tag
        index = self.idx
        self.idx += 1
        scan = self.scan
        if tag in SKIP_TAGS:
            _not_walked(scan.class_walk, el)
            return 0
        parent_flags = flags
        parent_junk = junk
        keys = el.keys()
        name = ""
        record = tag in _SPAN_TAGS
        if keys:
            get = el.get
            style = get("style") if "style" in keys else None
            if "hidden" in keys or (style and _STYLE_HIDDEN_RE.search(style)):
                _not_walked(scan.class_walk, el)
                return 0
            if "class" in keys or "id" in keys:
                classes = get("class") if "class" in keys else None
                if classes:
                    scan.class_walk.append((classes, el))
                name = f"{classes or ''} {get('id') or ''}".lower()
                scan.classed.append((el, name))
                record = True
                kind = name_kind(name)
                if kind == NAME_PRUNE and self.prune:
                    return self.pruned(el, index)
                if kind:
                    junk = index
            if "role" in keys and (get("role") or "").lower() in JUNK_ROLES:
                junk = index
            if "itemprop" in keys or "property" in keys or "rel" in keys:
                prop = f"{get('itemprop') or ''} {get('property') or ''} {get('rel') or ''}".lower()
                scan.props.append((el, prop))
                record = True
            if "face" in keys or (style and "font-family" in style.lower()):
                hint = font_hint_of(el) or hint
            if style:
                if _STYLE_BOLD_RE.search(style):
                    flags |= _BOLD
                if _STYLE_ITALIC_RE.search(style):
                    flags |= _ITALIC
            if tag == "a" and "href" in keys:
                flags |= _LINK
                scan.links.append(el)
        if tag in JUNK_TAGS:
            junk = index
        is_block = tag in BLOCK_TAGS
        if is_block:
            record = True
            flags &= ~_CENTER
            if tag == "center" or (
                keys
                and (
                    (el.get("align") or "").lower() == "center"
                    or _STYLE_CENTER_RE.search(el.get("style") or "") is not None
                )
            ):
                flags |= _CENTER
            if tag == "li":
                flags |= _LI
            elif tag in HEADING_TAGS:
                flags |= _HEADING
                scan.headings.append(el)
            self.flush(owner, parent_junk, parent_flags)
            owner = el
        elif tag == "br":
            # Every <br> ends a block; Block.soft tells a line break from a paragraph break (<br><br>).
            if len(el):  # never from lxml's HTML parser; the index must still see what is inside
                scan.class_walk.append((el, False))
            if self.has_text:
                self.flush(owner, parent_junk, parent_flags)
                self.after_br = 1
            elif self.after_br:
                self.after_br += 1
            return 0
        elif tag == "img":
            if len(el):  # as for <br>
                scan.class_walk.append((el, False))
            self.flush(owner, parent_junk, parent_flags)
            blocks = scan.blocks
            n = len(blocks)
            blocks.append(Block(n, "", el, "img", 0, 0, 0, junk, bool(flags & _CENTER)))
            scan.spans[el] = Span(index, index + 1, n, n + 1, junk=junk)
            return 0
        elif tag == "time":
            scan.times.append(el)
        else:
            extra = _INLINE_FLAGS.get(tag)
            if extra:
                flags |= extra

        b0 = len(scan.blocks)
        link_before = self.link_total
        total = 0
        text = el.text
        if text:
            self.add_text(text, flags, hint)
            n = len(text.strip())
            total += n
            if flags & _LINK:
                self.link_total += n
        for child in el:
            if isinstance(child.tag, str):
                total += self.walk(child, owner, junk, hint, flags)
            tail = child.tail
            if tail:
                self.add_text(tail, flags, hint)
                n = len(tail.strip())
                total += n
                if flags & _LINK:
                    self.link_total += n
        if is_block:
            self.flush(owner, junk, flags)
        if record or junk == index:
            b1 = len(scan.blocks) + (1 if self.pieces else 0)
            span = scan.spans[el] = Span(index, self.idx, b0, b1, total, self.link_total - link_before, junk)
            if junk == index:
                scan.junk_spans[index] = span
        return total

    def pruned(self, el: etree._Element, index: int) -> int:
        """A menu/sidebar/footer-like subtree: not walked, counted as links so ancestors look link-dense."""
        n = len(el.text_content())
        self.link_total += n
        self.scan.class_walk.append((el, False))
        b = len(self.scan.blocks)
        self.scan.spans[el] = self.scan.junk_spans[index] = Span(index, self.idx, b, b, n, n, index)
        return n


def scan(
    root: etree._Element,
    legacy: Callable[[str, str | None], str] | None = None,
    prune: bool = True,
) -> Scan:
    """Walk ``root`` once: blocks in document order, element spans, classed elements, headings, links.

    ``legacy(text, hint)`` converts text under a ``<font face=".VnTime">``/``font-family: VNI-Times``
    (pass ``crawler.text.legacy.fix_legacy``); without it, legacy text is left as is. With ``prune``,
    subtrees whose class/id is pure furniture (``main-menu``, ``sidebar``, ``footer``, ``tinlienquan``)
    are not walked: they get a Span (all link text) but no blocks — most of a big page's cost is there.
    """
    walker = _Walker(legacy, prune)
    body = root.find("body") if root.tag == "html" else None
    start = body if body is not None else root
    # What is not walked goes to class_walk as subtrees: <html>'s other children (<head>), and the elements
    # libxml2 leaves beside the document's root element (a tag after </html>).
    class_walk = walker.scan.class_walk
    beside = root.getparent() is None
    if beside:
        for el in reversed([el for el in root.itersiblings(preceding=True) if isinstance(el.tag, str)]):
            _not_walked(class_walk, el)
    if body is None:
        walker.walk(start, start, -1, None, 0)
    else:
        classes = root.get("class")
        if classes:
            class_walk.append((classes, root))
        for child in root:
            if child is body:
                walker.walk(start, start, -1, None, 0)
            elif isinstance(child.tag, str):
                _not_walked(class_walk, child)
    if beside:
        for el in root.itersiblings():
            if isinstance(el.tag, str):
                _not_walked(class_walk, el)
    walker.flush(start, -1, 0)
    return walker.scan
