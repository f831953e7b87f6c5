"""One article page in, one raw item out.

Order of trust for every field: the site's own selectors (registry), then the platform's hints
(``platforms.py``), then the generic extractor, which needs no selectors at all. The generic
extractor works on the blocks of ``dom.scan`` (one walk over the tree):

- body: a Readability-like scorer (sentences, commas, Vietnamese letters; link-dense blocks and
  menu/sidebar/footer names penalised) picks a container, keeps good siblings, then drops furniture
  inside it: related-news lists and everything after their heading, share/print/back links, view
  counters, breadcrumbs, the repeated title, the date line, captions, the sapo and the byline;
- title: headings and title-ish classes scored against ``og:title``, ``<title>`` and the listing's
  link text, and against their position before the body; never the site or category name;
- date: meta tags, ``<time>``, date-ish classes and the lines next to the title; never the page clock or
  a print header; the listing's date before any date found inside the body text.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping
from functools import cached_property, lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from crawler.pages import dom
from crawler.pages.base import Document, ListingEntry
from crawler.pages.platforms import hints_for
from crawler.pages.select import PageSelector
from crawler.text.byline import split_byline
from crawler.text.dates import ParsedDate, is_not_publication_date, parse_date
from crawler.text.legacy import fix_legacy
from crawler.text.normalize import clean_inline

Element = etree._Element

# --- vocabulary -------------------------------------------------------------------------------------------
_VN_LETTERS_RE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_TITLE_CLASS_RE = re.compile(
    r"title|tieude|tieu-de|tieu_de|heading|headline|header|subject|contentheading|tenbai|ten-bai|tentin|ten-tin"
    r"|tin-ten|newsname|news-name|news_name|caption-news|(?:^|[\s_-])name(?:$|[\s_-])",
    re.I,
)
_TITLE_CLASS_BAD_RE = re.compile(
    r"portlet|module|widget|block-title|box-title|site|logo|sub-?title|cate", re.I
)
_DATE_CLASS_RE = re.compile(
    r"date|time|ngay|thoigian|thoi-gian|publish|created|posted|submitted|ngaydang|ngay-dang|datetime", re.I
)
_SUMMARY_CLASS_RE = re.compile(
    r"summary|sapo|tomtat|tom-tat|tom_tat|description|chapeau|trichyeu|trich-yeu|excerpt|teaser|abstract|hometext"
    r"|intro|(?:^|[\s_-])(?:lead|desc|mota|mo-ta|short|head-?line-?text|news-lead)(?:$|[\s_-])",
    re.I,
)
_AUTHOR_CLASS_RE = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet|butdanh|but-danh", re.I)
_CAPTION_CLASS_RE = re.compile(
    r"caption|chuthich|chu-thich|chu_thich|img-desc|image-desc|photo-desc|imgdesc|mota-anh|figcaption", re.I
)
# Words of a site name glued to a <title> ("... - Sở TT&TT Bình Phước", "Cổng thông tin ... :: ...").
_SITEISH_RE = re.compile(
    r"\bsở\b|cổng|trang thông tin|portal|website|thông tin (?:và|&) truyền thông|\btt\s*&\s*tt\b|\bst+t+\b"
    r"|\bsott+t+\b|\bubnd\b|trang chủ|\bhome\b|\.gov\.vn",
    re.I,
)
# A heading or <title> that is nothing but the site's name ("Sở TT&TT Bình Phước").
_SITE_NAME_RE = re.compile(
    r"^(?:trang thông tin điện tử|cổng thông tin điện tử|cổng thông tin|trang thông tin|website)?\s*"
    r"(?:của\s+)?(?:sở\s+)?(?:thông tin (?:và|&) truyền thông|tt\s*&\s*tt|tttt|bưu chính,? viễn thông)"
    r"(?:\s+(?:tỉnh|thành phố|tp\.?))?(?:\s+\S+){0,3}$"
    r"|^(?:trang thông tin điện tử|cổng thông tin điện tử|cổng thông tin)(?:\s+\S+){0,5}$",
    re.I,
)
_GENERIC_LINK_RE = re.compile(
    r"^(?:tại đây|ở đây|xem|xem tại đây|tải về|tải xuống|download|click|click here|bấm vào đây|nhấn vào đây"
    r"|chi tiết|xem chi tiết|file|tệp|tập tin|đính kèm|here)\W*$",
    re.I,
)
_TITLE_SEP_RE = re.compile(r"\s+(?:[-|–—:»›]|::)\s+")
_CATEGORYISH = frozenset(
    {
        "tin hoạt động", "tin tức", "tin tức - sự kiện", "tin tức sự kiện", "chi tiết bài viết",
        "chi tiết tin", "xuất bản thông tin", "tin hoạt động của sở", "hoạt động của sở", "trang chủ",
        "tin nổi bật", "thông báo", "tin trong tỉnh", "tin trong nước", "tin tổng hợp", "bài viết",
        "nội dung", "chi tiết",
    }
)  # fmt: skip

_SHARE_TOKENS = (
    r"in bài|in trang|bản in|in|print|chia sẻ|share|gửi email|gửi e-mail|gửi bài|gửi cho bạn bè|email|e-mail"
    r"|quay lại|trở về|trở lại|về đầu trang|đầu trang|lên đầu trang|về trang trước|back|top|tweet|like|thích"
    r"|zalo|facebook|twitter|google\+?|linkedin|pdf|lưu|lưu bài|bình luận|ý kiến|phản hồi|cỡ chữ|font size"
    r"|a\+|a-|a|đánh giá|xem bản in|gửi|đóng|đóng cửa sổ|close|lượt thích|chia sẻ bài viết|copy link"
)
_SHARE_LINE_RE = re.compile(rf"^(?:(?:{_SHARE_TOKENS})[\s|/:,.·•\-–>»«<()\[\]]*)+$", re.I)
_COUNTER_RE = re.compile(
    r"(?:số\s+)?(?:lượt\s+xem|lượt\s+đọc|lần\s+đọc|lần\s+xem|lượt\s+truy\s+cập|view\s*count|views?|hits?"
    r"|đã\s+xem|cms-view-count)\s*:?\s*[\d.,]+|[\d.,]+\s*(?:lượt\s+xem|lượt\s+đọc|lần\s+xem|lần\s+đọc|views?)\b",
    re.I,
)
_META_WORDS_RE = re.compile(
    r"ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|ngày\s+cập\s+nhật|cập\s+nhật(?:\s+lúc)?|ngày\s+xuất\s+bản|xuất\s+bản"
    r"|ngày\s+tạo|ngày|lúc|giờ|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|posted|published|updated|created"
    r"|on|at|cms-publish-date|date|time|đăng|sáng|chiều|gmt\+?7?|\(|\)|submitted\s+by|đăng\s+bởi|người\s+đăng"
    r"|bởi|by",
    re.I,
)
_LABEL_LINE_RE = re.compile(
    r"^(?:từ khóa|từ khoá|tags?|keywords?|chuyên mục|danh mục|category|nhãn)\s*:", re.I
)
# A heading that opens a related-news list (the whole line: "Tin liên quan:", "CÁC TIN KHÁC »").
_RELATED_HEAD_RE = re.compile(
    r"^(?:(?:các|những)\s+)?(?:tin|bài|bài viết|tin bài|tin tức|thông tin)\s+"
    r"(?:liên quan|khác|cùng chuyên mục|cùng loại|cùng danh mục|đã đưa|đã đăng|mới hơn|cũ hơn|mới|mới nhất"
    r"|xem nhiều|đọc nhiều|nổi bật|tiếp theo|trước|cùng lĩnh vực)\s*[:：»>›.]*$"
    r"|^(?:xem thêm|đọc thêm|có thể bạn quan tâm|bạn có thể quan tâm|related(?: news| articles| posts)?"
    r"|other news|more news)\s*[:：»>›.]*$",
    re.I,
)
_ATTACH_HEAD_RE = re.compile(
    r"^(?:các\s+)?(?:tệp|tập tin|file|tài liệu|văn bản)\s+(?:đính kèm|kèm theo)|^(?:đính kèm|tải về|tải xuống"
    r"|download|attachments?)\b",
    re.I,
)
_BREADCRUMB_RE = re.compile(r"^(?:trang chủ|home)\s*(?:[»>›/|\\]|\s-\s)", re.I)
_CAPTION_TEXT_RE = re.compile(
    r"^[(\[]?\s*(?:ảnh|hình ảnh|hình\s*\d+|photo|nguồn ảnh)\s*(?:[:.\-–]|minh\s+họa|\d)"
    r"|\(\s*(?:ảnh|nguồn ảnh|photo)\s*:[^)]*\)\s*$",
    re.I,
)
_DOC_EXT_RE = re.compile(r"\.(pdf|docx?|xlsx?|zip|rar|pptx?|odt|ods|7z)$", re.I)
_IMG_JUNK_RE = re.compile(
    r"icon|print|email|mail|share|facebook|twitter|zalo|google|logo|spacer|blank|pixel|arrow|bullet|btn"
    r"|button|loading|rss|smiley|emoticon|avatar|captcha|counter|sprite|star|rating|/images/(?:ui|nav)/",
    re.I,
)
_FILENAME_RE = re.compile(
    r"^[\w\-.()\s]+\.(?:jpe?g|png|gif|bmp|webp|tiff?)$|^(?:img|image|dsc|p|anh)[_\-\s]?\d+$", re.I
)
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:(?:tác\s+giả|người\s+viết|bút\s+danh|viết\s+bởi|đăng\s+bởi|người\s+đăng|posted\s+by|written\s+by"
    r"|bài\s+và\s+ảnh|bài,?\s+ảnh|tin,?\s+ảnh|tin\s+và\s+ảnh|tin\s+bài|by)\s*[:\-–]?|(?:bài|tin|ảnh)\s*:)\s*",
    re.I,
)
_NULL_TITLE_RE = re.compile(r"^null\s+")
_PUNCT_EDGE = " \t\n.,;:!?-–—…\"'“”‘’()[]{}<>«»|/\\*•·_#"

_META_DATE_KEYS = (
    "article:published_time", "datepublished", "og:published_time", "published_time", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "pubdate", "publishdate",
    "publish-date", "publish_date", "article.published", "sailthru.date", "date", "created",
)  # fmt: skip
_META_XPATH = etree.XPath("//meta[@content]")
_TITLE_XPATH = etree.XPath("/html/head/title | //title[1]")
_DATE_ATTR_XPATH = etree.XPath("descendant-or-self::*[@datetime or @content][position() <= 3]")
# Microdata/RDFa names of a publication date (itemprop=datePublished, property="dc:date dc:created") and
# of an author (itemprop=author, rel=author).
_PROP_DATE_RE = re.compile(
    r"datepublished|datecreated|dc:date|dc:created|dcterms:(?:created|issued)|published"
)
_PROP_AUTHOR_RE = re.compile(r"(?:^|\s)(?:author|schema:author|dc:creator)(?:\s|$)")
_DOC_HINT_RE = re.compile(r"\.(?:pdf|docx?|xlsx?|zip|rar|pptx?|odt|ods|7z)\b", re.I)
_CLOCK_NAME_RE = re.compile(
    r"currentdate|current-date|today|homnay|hom-nay|clock|date-?now|curdate|ngayhientai", re.I
)
# A date labelled as the last change, not the publication ("Lần cập nhật cuối", Joomla's ``modifydate``); a
# plain "Cập nhật" is left alone: many sites label their publication date so.
_MODIFIED_LABEL_RE = re.compile(
    r"cập\s+nhật\s+lần\s+cuối|lần\s+cập\s+nhật\s+cuối|(?:chỉnh\s+)?sửa(?:\s+đổi)?\s+lần\s+cuối"
    r"|last\s+(?:updated|modified)|\bmodified\b",
    re.I,
)
_MODIFIED_NAME_RE = re.compile(r"modif|last-?updated?|updated?-?date|date-?updated?", re.I)
_LINK_TEXT_XPATH = etree.XPath("boolean(//a[@href][normalize-space(.) = $t])")
_CANONICAL_XPATH = etree.XPath(
    "//link[@href][contains(concat(' ', translate(@rel, 'CANOICL', 'canoicl'), ' '), ' canonical ')]"
)


_CANONICAL_REL = str.maketrans("CANOIL", "canoil")  # the XPath's translate(@rel, 'CANOICL', 'canoicl')


def _document_root(el: Element) -> Element:
    return el.getroottree().getroot()


def _canonical_links(root: Element) -> list[Element]:
    """``_CANONICAL_XPATH(root)`` by lxml's tag iterator (the XPath tests every element of the page)."""
    out = []
    for link in _document_root(root).iter("link"):
        rel = link.get("rel")
        if (
            rel is not None
            and link.get("href") is not None
            and " canonical " in f" {rel.translate(_CANONICAL_REL)} "
        ):
            out.append(link)
    return out


def _first_title(root: Element) -> Element | None:
    """``_TITLE_XPATH(root)[0]``: the union's first element in document order is the page's first <title>
    (it is the first title child of its parent), found by lxml's tag iterator instead of two XPath scans."""
    return next(_document_root(root).iter("title"), None)


def _metas_with_content(root: Element) -> list[Element]:
    """``_META_XPATH(root)`` (``//meta[@content]``) by lxml's tag iterator."""
    return [m for m in _document_root(root).iter("meta") if m.get("content") is not None]


# What a class/id string announces (bit flags; cached per string: sites repeat their class names).
_N_TITLE, _N_DATE, _N_SUMMARY, _N_AUTHOR = 1, 2, 4, 8


@lru_cache(maxsize=8192)
def _name_flags(name: str) -> int:
    flags = 0
    if _TITLE_CLASS_RE.search(name) and not _TITLE_CLASS_BAD_RE.search(name):
        flags |= _N_TITLE
    if _DATE_CLASS_RE.search(name):
        flags |= _N_DATE
    if _SUMMARY_CLASS_RE.search(name):
        flags |= _N_SUMMARY
    if _AUTHOR_CLASS_RE.search(name):
        flags |= _N_AUTHOR
    return flags


@lru_cache(maxsize=64)
def _regexes(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def _norm(text: str | None) -> str:
    """Comparison form: casefolded, single spaces, no punctuation at the edges."""
    if not text:
        return ""
    return " ".join(text.split()).casefold().strip(_PUNCT_EDGE)


def _finish(text: str | None) -> str | None:
    """Final inline form of a field (None for empty text)."""
    if not text:
        return None
    out = clean_inline(text)
    return out or None


def _is_share_line(text: str) -> bool:
    return len(text) <= 80 and _SHARE_LINE_RE.match(text) is not None


def _is_counter_line(text: str) -> bool:
    if len(text) > 120:
        return False
    match = _COUNTER_RE.search(text)
    if not match:
        return False
    rest = _COUNTER_RE.sub("", text)
    rest = _META_WORDS_RE.sub("", rest)
    return len(re.sub(r"[\W\d_]+", "", rest)) <= 12


class ArticlePage:
    """One article page → one raw item. Parsing only: no requests, no settings, no files."""

    def __init__(
        self,
        doc: Document,
        *,
        platform: str = "generic",
        selectors: Mapping[str, str] | None = None,
        date_order: str = "dmy",
        listing_entry: ListingEntry | None = None,
    ) -> None:
        self.doc = doc
        self.root: Element = doc.tree
        self.platform = platform or "generic"
        self.hints = hints_for(self.platform)
        self.selectors = {k: v for k, v in (selectors or {}).items() if v}
        self.date_order = date_order
        self.entry = listing_entry
        self.scan = dom.scan(self.root, legacy=fix_legacy)
        if self.root is doc.tree:
            doc.index.adopt_scan(self.scan.class_walk)  # type: ignore[attr-defined]
        self._roots = self._find_roots()

    # ======================================================================================== public API
    def title(self) -> str | None:
        return self._title[0]

    def published(self) -> ParsedDate | None:
        return self._date[0]

    def author(self) -> str | None:
        return self._content["author"]

    def summary(self) -> str | None:
        return self._summary[0]

    def text(self) -> str:
        return self._content["text"]

    def images(self) -> list[dict]:
        return [dict(i) for i in self._images[0]]

    def attachments(self) -> list[dict]:
        return [dict(a) for a in self._attachments]

    def canonical_url(self) -> str | None:
        """``<link rel=canonical>`` or ``og:url`` when it points to the page's own host."""
        candidates = [h for el in _canonical_links(self.root) if (h := self.doc.absolute(el.get("href")))]
        og = self._metas.get("og:url")
        if og:
            candidates.append(urljoin(self.doc.url, og))
        own = _host(self.doc.url)
        for url in candidates:
            if url and url.startswith(("http://", "https://")) and _host(url) == own:
                return url.strip()
        return None

    def to_item(self) -> dict:
        date = self.published()
        return {
            "title": self.title(),
            "published_at": date.iso if date else None,
            "published_at_raw": date.raw if date else None,
            "author": self.author(),
            "summary": self.summary(),
            "text": self.text(),
            "images": self.images(),
            "attachments": self.attachments(),
            "canonical_hint": self.canonical_url(),
        }

    # ======================================================================================== shared bits
    def _select(self, field: str) -> list[Element]:
        """Elements of the site selector for ``field``, else of the first platform hint that matches.

        The site's selector is trusted as is. A hint is a guess about a CMS, so what it matches must
        also look right here: walked (not in a pruned menu/sidebar), not in furniture, and for dates
        not a page clock nor a date in a list of links.
        """
        if field in self.selectors:
            found = self._css_select(self.selectors[field])
            if found:
                return found
        for selector in self.hints.get(field, ()):
            found = [el for el in self._css_select(selector) if self._hint_ok(el, field)]
            if found:
                return found
        return []

    def _css_select(self, selector: str) -> list[Element]:
        try:
            return self._selector.select(selector)
        except Exception:
            return []

    @cached_property
    def _selector(self) -> PageSelector:
        """CSS selection on this page (crawler.pages.select: CSSSelector's answers, without its cost)."""
        index = self.doc.index if self.root is self.doc.tree else None
        return PageSelector(self.root, index)

    def _hint_ok(self, el: Element, field: str) -> bool:
        span = self.scan.spans.get(el)
        if span is None:
            return False
        if span.junk >= 0 and (field == "text" or not self._junk_contains_body(span.junk)):
            return False
        if field == "published_at":
            if _is_clock_element(el):
                return False
            blocks = self.scan.blocks[span.b0 : span.b1]
            if any(b.in_li and b.link_ratio > 0.3 for b in blocks):
                return False
        return True

    def _el_text(self, el: Element) -> str:
        """Visible text of one element, legacy fonts converted."""
        span = self.scan.spans.get(el)
        if span is not None and el.tag in dom.BLOCK_TAGS:
            return " ".join(b.text for b in self.scan.blocks[span.b0 : span.b1] if b.kind == "text")
        text = dom.visible_text(el)
        for node in (el, *el.iterancestors()):
            hint = dom.font_hint_of(node)
            if hint:
                return fix_legacy(text, hint)
        return text

    @cached_property
    def _metas(self) -> dict[str, str]:
        metas: dict[str, str] = {}
        for meta in _metas_with_content(self.root):  # the body's too: <meta itemprop="datePublished" ...>
            key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
            if key and key not in metas:
                metas[key] = meta.get("content", "").strip()
        return metas

    # ======================================================================================== body
    def _find_roots(self) -> list[Element]:
        """The body container(s), in document order. Runs first, in __init__: if the body is not found in
        the pruned scan (a content container with a furniture name), the page is scanned again in full
        before anything else reads the scan."""
        found = [el for el in self._select("text") if el in self.scan.spans]
        if found:
            tops = [el for el in found if not any(o is not el and self.scan.contains(o, el) for o in found)]
            if sum(self.scan.spans[el].text_len for el in tops) > 0:
                return tops
        roots = self._generic_roots()
        if self._root_text(roots) < 200:
            full = dom.scan(self.root, legacy=fix_legacy, prune=False)
            if len(full.blocks) > len(self.scan.blocks):
                self.scan = full
                roots = self._generic_roots()
        return roots

    def _root_text(self, roots: list[Element]) -> int:
        total = 0
        for root in roots:
            span = self.scan.spans.get(root)
            if span is not None:
                total += sum(len(b.text) for b in self.scan.blocks[span.b0 : span.b1] if b.junk < 0)
        return total

    def _generic_roots(self) -> list[Element]:
        scan = self.scan
        spans = scan.spans
        scores: dict[Element, float] = {}
        item_counts: dict[Element, dict[tuple[str, str], int]] = {}  # c2 -> (tag, class) of linked c1s
        seen_items: set[Element] = set()
        for block in scan.blocks:
            if block.kind != "text" or block.link_ratio > 0.5:  # link lists never hold the body
                continue
            s = _block_score(block)
            if s <= 0:
                continue
            owner = block.owner
            span = spans.get(owner)
            paragraph = owner.tag in _PARAGRAPH_TAGS or (
                owner.tag not in _CONTAINER_TAGS and span is not None and span.b1 - span.b0 <= 1
            )
            c1 = owner.getparent() if paragraph else owner
            if c1 is None:
                c1 = owner
            scores[c1] = scores.get(c1, 0.0) + s
            c2 = c1.getparent()
            if c2 is not None:
                scores[c2] = scores.get(c2, 0.0) + s / 2
                name = c1.get("class")
                if name and c1 not in seen_items:
                    seen_items.add(c1)
                    c1_span = spans.get(c1)
                    if c1_span is not None and c1_span.link_len > 0:
                        key = (c1.tag, name)
                        items = item_counts.setdefault(c2, {})
                        items[key] = items.get(key, 0) + 1
        if not scores:
            body = self.root.find("body")
            return [body if body is not None else self.root]

        def final(el: Element, raw: float) -> float:
            span = spans.get(el)
            if span is None:
                return 0.0
            value = raw * (1.0 - span.link_ratio)
            # A list of teasers ("Tin mới nhất" cards: same class, each with a link) is not an article.
            if max(item_counts.get(el, {0: 0}).values()) >= 3:
                value *= 0.3
            first = next(scan.text_blocks(span.b0, span.b1), None)
            if first is not None and len(first.text) <= 60 and _RELATED_HEAD_RE.match(first.text):
                value *= 0.2
            name = dom.class_id(el)
            if name and dom.POSITIVE_NAME_RE.search(name) and not dom.is_junk_name(name):
                value *= 1.25
            if span.junk >= 0:
                value *= 0.2
            return value

        ranked = sorted(((final(el, raw), el) for el, raw in scores.items()), key=lambda p: -p[0])
        best_score, best = ranked[0]
        parent = best.getparent()
        if parent is None or best.tag in ("body", "html"):
            return [best]
        threshold = max(10.0, best_score * 0.2)
        roots: list[Element] = []
        for sibling in parent:
            if sibling is best:
                roots.append(sibling)
                continue
            if not isinstance(sibling.tag, str) or sibling.tag not in dom.BLOCK_TAGS:
                continue
            span = spans.get(sibling)
            if span is None or span.text_len == 0 or span.junk >= 0:
                continue
            if sibling in scores and final(sibling, scores[sibling]) >= threshold:
                roots.append(sibling)
                continue
            if sibling.tag == "p" and span.link_ratio < 0.25:
                text = self._el_text(sibling)
                if len(text) >= 80 or (
                    text.endswith((".", "!", "?")) and span.link_len == 0 and len(text) > 20
                ):
                    roots.append(sibling)
        return roots

    @cached_property
    def _body_range(self) -> tuple[int, int]:
        spans = [self.scan.spans[r] for r in self._roots if r in self.scan.spans]
        if not spans:
            return 0, 0
        return min(s.b0 for s in spans), max(s.b1 for s in spans)

    @cached_property
    def _body_blocks(self) -> list[dom.Block]:
        """Blocks (text and images) inside the body roots, minus furniture nested inside them."""
        out: list[dom.Block] = []
        for root in self._roots:
            span = self.scan.spans.get(root)
            if span is None:
                continue
            blocks = self.scan.blocks[span.b0 : span.b1]
            kept = [b for b in blocks if not (b.junk >= 0 and b.junk > span.start)]
            # A badly named wrapper ("left-menu-box") around the text itself is not furniture.
            if 3 * sum(len(b.text) for b in kept) < sum(len(b.text) for b in blocks):
                kept = blocks
            out.extend(kept)
        return out

    # ======================================================================================== title
    @cached_property
    def _title(self) -> tuple[str | None, int | None]:
        """(title, seq of its first block or None)."""
        for el in self._select("title"):
            text = self._clean_title(self._el_text(el))
            if text:
                span = self.scan.spans.get(el)
                return text, span.b0 if span else None
        evidence = [
            e for e in (self._og_title, self._doc_title, self.entry.title if self.entry else None) if e
        ]
        evidence_norm = [_norm(e) for e in evidence]
        site = _norm(self._metas.get("og:site_name"))
        body_b0, body_b1 = self._body_range
        # (score, clean text, seq, whether a link reading the same text would take 6 off): the category-name
        # check is left to _best_title, which makes it only for candidates that could still be best
        candidates: list[tuple[float, str, int, bool]] = []
        for text, seq, base, el in self._title_candidates(body_b0, body_b1):
            clean = self._clean_title(text)
            if not clean:
                continue
            n = _norm(clean)
            words = len(clean.split())
            score = base
            if any(n == e for e in evidence_norm):
                score += 6
            elif any(e and (n in e or e in n) and min(len(n), len(e)) >= 0.6 * max(len(n), len(e))
                     for e in evidence_norm):  # fmt: skip
                score += 4
            if words < 3:
                score -= 8
            elif words < 5:
                score -= 3
            if len(clean) > 400:
                score -= 6
            named = bool(n in _CATEGORYISH or (site and n == site) or _SITE_NAME_RE.match(clean))
            if named:
                score -= 10
            # Position: just before the body, or at its very top.
            if seq < body_b0:
                gap = sum(1 for b in self.scan.blocks[seq + 1 : body_b0] if b.kind == "text")
                score += 3 if gap <= 6 else (1 if gap <= 15 else -1)
            elif seq < body_b1:
                top = sum(1 for b in self.scan.blocks[body_b0:seq] if b.kind == "text")
                score += 2 if top <= 2 else -2
            else:
                score -= 3
            if el is not None:
                span = self.scan.spans.get(el)
                if span is not None and span.junk >= 0 and not self._junk_contains_body(span.junk):
                    score -= 8
            candidates.append((score, clean, seq, words <= 6 and not named))
        best = self._best_title(candidates)
        if best is not None and best[0] >= 3:
            return best[1], best[2]
        for fallback in (self._og_title, self._doc_title, self.entry.title if self.entry else None):
            clean = self._clean_title(fallback or "")
            if clean:
                return clean, None
        return None, None

    def _title_candidates(self, body_b0: int, body_b1: int):
        """(text, block seq, base score, element) for headings, title-ish classes and bold lines."""
        scan = self.scan
        seen: set[int] = set()
        for el in scan.headings:
            span = scan.spans.get(el)
            if span is None or span.text_len == 0 or span.b0 in seen:
                continue
            level = int(el.tag[1])
            base = {1: 4.0, 2: 3.0, 3: 2.0}.get(level, 1.0)
            name = dom.class_id(el)
            if name and _name_flags(name) & _N_TITLE:
                base += 2
            if span.link_ratio > 0.8 and not self._self_link(el):
                base -= 4
            seen.add(span.b0)
            yield self._el_text(el), span.b0, base, el
        counts = self._name_counts
        for el, name in self._classed[_N_TITLE]:
            span = scan.spans.get(el)
            if span is None or span.text_len == 0 or span.b0 in seen or el.tag in dom.HEADING_TAGS:
                continue
            if (
                el.tag in ("html", "body", "form", "table", "tbody", "tr", "ul", "ol")
                or span.b1 - span.b0 > 3
            ):
                continue
            base = 2.0 - (3.0 if counts[name] > 2 else 0.0)
            if span.link_ratio > 0.8 and not self._self_link(el):
                base -= 4
            seen.add(span.b0)
            yield self._el_text(el), span.b0, base, el
        # Bold lines, or lines equal to the <title>/og:title, just before the body or at its top (table
        # layouts without headings or classes).
        evidence = {_norm(e) for e in (self._og_title, self._doc_title) if e}
        lo = max(0, body_b0 - 8)
        for block in scan.blocks[lo : min(body_b1, body_b0 + 3)]:
            if (
                block.kind == "text"
                and block.seq not in seen
                and block.link_ratio < 0.5
                and 15 <= len(block.text) <= 300
                and (block.bold_ratio >= 0.9 or _norm(block.text) in evidence)
            ):
                yield block.text, block.seq, 0.5, None

    def _best_title(self, candidates: list[tuple[float, str, int, bool]]) -> tuple[float, str, int] | None:
        """(score, text, seq) of the first candidate with the highest score, once the category-name penalty
        is taken from those it applies to (a short text that some link reads exactly: 6 off).

        That check is an XPath over every link of the page, 0.4 ms on a 150 KB one, and the candidates it
        applies to are mostly sidebar headings ("Tin mới nhất") far below the real title. So candidates are
        taken best first, by their score without it (ties: the first candidate first), and a candidate the
        check applies to is checked when it comes up, then goes back with its true score. The first one to
        come up with its true score is the answer the loop over every checked score would give, as no other
        candidate's score can beat its score or tie it from an earlier place."""
        queue = [(-score, i, check) for i, (score, _, _, check) in enumerate(candidates)]
        heapq.heapify(queue)
        while queue:
            negative, i, check = heapq.heappop(queue)
            if not check:
                _, text, seq, _ = candidates[i]
                return -negative, text, seq
            penalty = 6 if self._is_link_text(candidates[i][1]) else 0
            heapq.heappush(queue, (negative + penalty, i, False))
        return None

    def _is_link_text(self, text: str) -> bool:
        """True when some link (menu, breadcrumb, category list) reads exactly ``text``: a category name.
        One XPath pass in C, menus included (the scan does not walk pruned menus)."""
        return bool(_LINK_TEXT_XPATH(self.root, t=" ".join(text.split())))

    @cached_property
    def _classed(self) -> dict[int, list[tuple[Element, str]]]:
        """Classed elements by what their name announces (title/date/summary/author), in page order."""
        out: dict[int, list[tuple[Element, str]]] = {_N_TITLE: [], _N_DATE: [], _N_SUMMARY: [], _N_AUTHOR: []}
        for el, name in self.scan.classed:
            flags = _name_flags(name)
            if flags:
                for bit, items in out.items():
                    if flags & bit:
                        items.append((el, name))
        return out

    @cached_property
    def _name_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, name in self.scan.classed:
            counts[name] = counts.get(name, 0) + 1
        return counts

    def _href(self, a: Element) -> str:
        """The element's href made absolute (crawler.pages.links.PageLinks), or "" when it has none."""
        return self.doc.absolute(a.get("href")) or ""

    def _self_link(self, el: Element) -> bool:
        """True when the element's links all point to this page (titles linked to themselves)."""
        own = self.doc.url.split("#")[0]
        hrefs = [self._href(a).split("#")[0] for a in el.iter("a")]
        for anc in el.iterancestors("a"):
            hrefs.append(self._href(anc).split("#")[0])
        return bool(hrefs) and all(h == own for h in hrefs)

    def _clean_title(self, text: str) -> str | None:
        text = dom.collapse_ws(text)
        for pattern in _regexes(tuple(self.hints.get("title_junk", ()))):
            text = pattern.sub("", text).strip()
        return _finish(text)

    @cached_property
    def _og_title(self) -> str | None:
        value = self._metas.get("og:title") or self._metas.get("twitter:title")
        return self._strip_site(value) if value else None

    @cached_property
    def _doc_title(self) -> str | None:
        title = _first_title(self.root)
        return None if title is None else self._strip_site(title.text_content())

    def _strip_site(self, text: str) -> str | None:
        """A <title>/og:title without the site or category name glued to either end."""
        text = _NULL_TITLE_RE.sub("", dom.collapse_ws(text))
        parts = _TITLE_SEP_RE.split(text)
        site = _norm(self._metas.get("og:site_name"))
        while len(parts) > 1:
            last, first = parts[-1], parts[0]
            if (
                _SITE_NAME_RE.match(last)
                or _norm(last) == site
                or _norm(last) in _CATEGORYISH
                or (_SITEISH_RE.search(last) and len(last.split()) <= 12)
            ):
                parts.pop()
            elif (
                _SITE_NAME_RE.match(first)
                or _norm(first) == site
                or _norm(first) in _CATEGORYISH
                or (_SITEISH_RE.search(first) and len(first.split()) <= 6)
            ):
                parts.pop(0)
            else:
                break
        out = " - ".join(parts).strip()
        if not out or _norm(out) == site or _norm(out) in _CATEGORYISH or _SITE_NAME_RE.match(out):
            return None
        return out

    # ======================================================================================== date
    @cached_property
    def _zone(self) -> tuple[int, int]:
        """Block range of the article: from just before the title to the end of the body."""
        b0, b1 = self._body_range
        seq = self._title[1]
        start = b0 if seq is None or seq >= b1 else min(seq, b0)
        return max(0, start - 3), b1

    @cached_property
    def _date(self) -> tuple[ParsedDate | None, frozenset[int]]:
        """(date, seqs of the blocks that only carry it)."""
        order = self.date_order
        for el in self._select("published_at"):
            found = self._date_of_element(el, order)
            if found:
                return found[0], frozenset(found[1])
        meta = self._meta_date()
        visible = self._visible_date()
        if meta is not None:
            if visible is not None and visible[0].iso[:10] == meta.iso[:10]:
                iso = visible[0].iso if "T" in visible[0].iso or "T" not in meta.iso else meta.iso
                return ParsedDate(iso=iso, raw=visible[0].raw), frozenset(visible[1])
            return meta, frozenset(visible[1]) if visible else frozenset()
        if visible is not None:
            # a last-change date is the publication date only when nothing better is known (its line is still
            # taken out of the body)
            listed = self._entry_date() if self._is_modification_date(visible[1]) else None
            return listed or visible[0], frozenset(visible[1])
        listed = self._entry_date()
        if listed is not None:
            return listed, frozenset()
        for block in list(self.scan.text_blocks(*self._body_range))[:3]:
            parsed = parse_date(block.text, order)
            if parsed is not None and not is_not_publication_date(block.text):
                return parsed, frozenset()
        return None, frozenset()

    def _entry_date(self) -> ParsedDate | None:
        """The date the listing page showed beside this article's link."""
        if self.entry is None or not self.entry.date_raw:
            return None
        return parse_date(self.entry.date_raw, self.date_order)

    def _is_modification_date(self, seqs: list[int]) -> bool:
        """The visible date's blocks say it is the last change: by their words or their elements' names."""
        for seq in seqs:
            block = self.scan.blocks[seq]
            if _MODIFIED_LABEL_RE.search(block.text):
                return True
            el = block.owner
            while el is not None and (span := self.scan.spans.get(el)) is not None:
                if span.b1 - span.b0 > 1:  # up to the element that holds more than this block
                    break
                if _MODIFIED_NAME_RE.search(dom.class_id(el)):
                    return True
                el = el.getparent()
        return False

    def _meta_date(self) -> ParsedDate | None:
        metas = self._metas
        for key in _META_DATE_KEYS:
            value = metas.get(key)
            if value:
                parsed = parse_date(value, self.date_order)
                if parsed is not None:
                    return parsed
        return None

    def _date_of_element(self, el: Element, order: str) -> tuple[ParsedDate, list[int]] | None:
        # Machine-readable dates on the element or inside it (<time datetime>, RDFa content="...").
        attrs = [(node, attr) for node in _DATE_ATTR_XPATH(el) for attr in ("datetime", "content")]
        attrs.append((el, "title"))
        for node, attr in attrs:
            value = node.get(attr)
            if value:
                parsed = parse_date(value, order)
                if parsed is not None:
                    text = dom.collapse_ws(self._el_text(el))
                    shown = parse_date(text, order) if text else None
                    if shown is not None and shown.iso[:10] == parsed.iso[:10]:
                        return ParsedDate(parsed.iso if "T" in parsed.iso else shown.iso, shown.raw), \
                            self._date_seqs(el, text)  # fmt: skip
                    return parsed, self._date_seqs(el, text)
        text = dom.collapse_ws(self._el_text(el))
        if not text or is_not_publication_date(text):
            return None
        parsed = parse_date(text, order)
        return (parsed, self._date_seqs(el, text)) if parsed else None

    def _date_seqs(self, el: Element, text: str) -> list[int]:
        """Blocks that carry nothing but this date element (to drop from the body)."""
        out = []
        for block in self.scan.blocks_in(el):
            if block.kind == "text" and (len(block.text) <= len(text) + 30 or self._is_meta_line(block.text)):
                out.append(block.seq)
        return out

    def _visible_date(self) -> tuple[ParsedDate, list[int]] | None:
        """The publication date shown next to the title: <time>, date-ish classes, then lines."""
        order = self.date_order
        z0, z1 = self._zone
        spans = self.scan.spans

        def usable(el: Element) -> bool:
            span = spans.get(el)
            if span is None or not (z0 <= span.b0 < z1 + 3):
                return False
            if span.junk >= 0 and not self._junk_contains_body(span.junk):
                return False
            return not any(b.in_li and b.link_ratio > 0.3 for b in self.scan.blocks[span.b0 : span.b1])

        elements = list(self.scan.times) + [el for el, prop in self.scan.props if _PROP_DATE_RE.search(prop)]
        for el in elements:
            if usable(el) and not _is_clock_element(el):
                found = self._date_of_element(el, order)
                if found:
                    return found
        anchor = self._title[1]
        anchor = anchor if anchor is not None else self._body_range[0]
        best: tuple[int, tuple[ParsedDate, list[int]]] | None = None
        for el, _name in self._classed[_N_DATE]:
            if not usable(el) or _is_clock_element(el):
                continue
            span = spans[el]
            if span.b1 - span.b0 > 3:
                continue
            found = self._date_of_element(el, order)
            if found:
                distance = abs(span.b0 - anchor) + (0 if span.b0 >= anchor else 2)
                if best is None or distance < best[0]:
                    best = (distance, found)
        if best is not None:
            return best[1]
        # Lines near the title: a few blocks before it and those up to the body's first paragraphs; then
        # the body's last lines and the lines right after it ("Cập nhật: 17/03/2021 08:30" under the text).
        body_b0, body_b1 = self._body_range
        title_seq = self._title[1]
        near_end = min(max(anchor + 8, body_b0 + 4), body_b1)
        near = self.scan.blocks[max(0, anchor - 2) : near_end]
        tail = self.scan.blocks[max(near_end, body_b1 - 3) : body_b1 + 4]
        for block in (*near, *tail):
            if block.kind != "text" or len(block.text) > 160 or block.link_ratio > 0.5:
                continue
            if block.seq == title_seq or block.in_heading or block.in_li:
                continue
            # A date line may sit in a toolbar with print/share links (junk) right under the title; above
            # the title, junk holds page clocks ("Thứ Bảy, 10 tháng 10, 2015" in the header).
            by_title = anchor < block.seq <= anchor + 2
            if block.junk >= 0 and not by_title and not self._junk_contains_body(block.junk):
                continue
            # Letters allowed besides the date and its labels: a poster's name before the body, a few
            # words at its top, none at its end (there "Quốc Trạng 17/03/2021" is a byline for split_byline).
            slack = 30 if block.seq < body_b0 else (12 if block.seq < near_end else 3)
            if not self._is_meta_line(block.text, slack):
                continue
            if is_not_publication_date(block.text):
                continue
            parsed = parse_date(block.text, order)
            if parsed is not None:
                return parsed, [block.seq]
        return None

    def _holds_body(self, span: dom.Span) -> bool:
        """True when the element holds most of the body's text (a wrapper such as Drupal's
        ``text-with-summary`` field, not a sapo)."""
        total = inside = 0
        for block in self._body_blocks:
            if block.kind == "text":
                total += len(block.text)
                if span.b0 <= block.seq < span.b1:
                    inside += len(block.text)
        return total > 0 and inside * 2 > total

    @cached_property
    def _doc_link_seqs(self) -> frozenset[int]:
        """Blocks holding a link to a document (their text stays: "Tài liệu kèm theo: <links>")."""
        seqs = set()
        for a in self.scan.links:
            span = self.scan.spans.get(a)
            href = self._href(a)
            if span is not None and _DOC_HINT_RE.search(href) and _doc_filename(urljoin(self.doc.url, href)):
                seqs.update(range(span.b0, max(span.b1, span.b0 + 1)))
        return frozenset(seqs)

    def _junk_contains_body(self, junk: int) -> bool:
        """True when the junk-named element (by index) also holds the body (a badly named wrapper)."""
        root = self._roots[0] if self._roots else None
        span = self.scan.spans.get(root) if root is not None else None
        outer = self.scan.junk_spans.get(junk)
        return span is not None and outer is not None and outer.start <= span.start < outer.end

    def _is_meta_line(self, text: str, slack: int = 12) -> bool:
        """A short line made of a date, its labels, a view counter or share links (``slack``: how many
        other letters may remain, e.g. a poster's name in "Đăng bởi Admin lúc ...")."""
        if len(text) > 160:
            return False
        parsed = parse_date(text, self.date_order)
        if parsed is None:
            return _is_counter_line(text) or _is_share_line(text)
        rest = text.replace(parsed.raw, " ")
        rest = _COUNTER_RE.sub(" ", rest)
        rest = _META_WORDS_RE.sub(" ", rest)
        rest = re.sub(r"[\W\d_]+", "", rest)
        return len(rest) <= slack

    # ======================================================================================== summary
    @cached_property
    def _summary(self) -> tuple[str | None, frozenset[int]]:
        for el in self._select("summary"):
            text = _finish(self._el_text(el))
            if text:
                return text, frozenset(b.seq for b in self.scan.blocks_in(el))
        z0, z1 = self._zone
        counts = self._name_counts
        for el, name in self._classed[_N_SUMMARY]:
            if counts[name] > 2:
                continue
            span = self.scan.spans.get(el)
            if span is None or not (z0 <= span.b0 < z1) or span.link_ratio > 0.5 or span.text_len < 20:
                continue
            if span.junk >= 0 and not self._junk_contains_body(span.junk):
                continue
            if el.tag in ("meta", "body", "html") or span.b1 - span.b0 > 6 or self._holds_body(span):
                continue
            if _CAPTION_CLASS_RE.search(name) or any(s in self._images[1] for s in range(span.b0, span.b1)):
                continue  # an image caption ("img-desc"), not the sapo
            text = _finish(self._el_text(el))
            if text and _norm(text) != _norm(self._title[0]):
                return text, frozenset(b.seq for b in self.scan.blocks_in(el))
        if self.hints.get("bold_lead_summary", True):
            paragraphs = self._candidate_paragraphs
            if len(paragraphs) >= 3:
                first = paragraphs[0]
                if first.bold_ratio >= 0.9 and len(first.text) >= 60 and first.link_ratio < 0.2:
                    return _finish(first.text), frozenset({first.seq})
        return None, frozenset()

    # ======================================================================================== paragraphs
    @cached_property
    def _candidate_paragraphs(self) -> list[dom.Block]:
        """Body text blocks without furniture, title, date, captions (summary and byline still in)."""
        title = _norm(self._title[0])
        date_seqs = self._date[1]
        caption_seqs = self._images[1]
        junk_lines = _regexes(tuple(self.hints.get("junk_lines", ())))
        out: list[dom.Block] = []
        texts = [b for b in self._body_blocks if b.kind == "text"]
        for position, block in enumerate(texts):
            text = block.text
            if block.seq in date_seqs or block.seq in caption_seqs:
                continue
            if len(text) <= 60 and _RELATED_HEAD_RE.match(text):
                break  # related news: the heading and everything after it
            if block.link_ratio >= 0.6 and block.seq not in self._doc_link_seqs:
                continue
            if block.in_li and block.link_ratio >= 0.3:
                continue
            if _is_share_line(text) or _is_counter_line(text) or _BREADCRUMB_RE.match(text):
                continue
            if len(text) <= 60 and _LABEL_LINE_RE.match(text):
                continue
            if any(p.search(text) for p in junk_lines):
                continue
            if title and position < 4 and _norm(_NULL_TITLE_RE.sub("", text)) == title:
                continue
            if position < 4 and len(text) <= 160 and self._is_meta_line(text):
                continue
            out.append(block)
        return out

    @cached_property
    def _content(self) -> dict:
        """Final text paragraphs and author."""
        summary_seqs = self._summary[1]
        author_text, author_seqs = self._author_element
        lines: list[list[str]] = []  # paragraphs as lines (a single <br> is a line break)
        prefixes = _regexes(tuple(self.hints.get("junk_prefix", ())))
        previous = None
        for block in self._candidate_paragraphs:
            if block.seq in summary_seqs or block.seq in author_seqs:
                continue
            text = block.text
            if not lines:
                for pattern in prefixes:
                    text = pattern.sub("", text)
            text = clean_inline(text)
            if not text:
                continue
            if block.soft and lines and previous is not None and previous.seq == block.seq - 1:
                lines[-1].append(text)
            else:
                lines.append([text])
            previous = block
        # split_byline works line by line: bylines often follow the last sentence after a <br>.
        paragraphs, byline = split_byline(["\n".join(p) for p in lines])
        paragraphs = [" ".join(p.split()) for p in paragraphs]
        author = author_text or (_finish(byline) if byline else None)
        return {"text": "\n\n".join(paragraphs), "author": author}

    # ======================================================================================== author
    @cached_property
    def _author_element(self) -> tuple[str | None, frozenset[int]]:
        for el in self._select("author"):
            text = self._clean_author(self._el_text(el))
            if text:
                return text, frozenset(b.seq for b in self.scan.blocks_in(el))
        z0, z1 = self._zone
        candidates = [el for el, _name in self._classed[_N_AUTHOR]]
        candidates += [el for el, prop in self.scan.props if _PROP_AUTHOR_RE.search(prop)]
        for el in candidates:
            span = self.scan.spans.get(el)
            if span is None or not (z0 <= span.b0 < z1 + 4) or span.text_len == 0 or span.text_len > 120:
                continue
            if span.junk >= 0 and not self._junk_contains_body(span.junk):
                continue
            text = self._clean_author(self._el_text(el))
            if text:
                seqs = [b.seq for b in self.scan.blocks_in(el) if len(b.text) <= span.text_len + 20]
                return text, frozenset(seqs)
        # Drupal's "Submitted by <account> on <date>" names the account that posted, not the author.
        return None, frozenset()

    @staticmethod
    def _clean_author(text: str) -> str | None:
        text = dom.collapse_ws(text)
        if not text:
            return None
        # split_byline only takes a byline that follows a body; give it a placeholder one.
        _, byline = split_byline(["…", text])
        if byline:
            return _finish(byline)
        return _finish(_AUTHOR_PREFIX_RE.sub("", text))

    # ======================================================================================== images
    @cached_property
    def _images(self) -> tuple[list[dict], frozenset[int]]:
        """([{url, caption}], seqs of caption blocks)."""
        selected = self._select("images")
        if selected:
            imgs = []
            for el in selected:
                imgs.extend([el] if el.tag == "img" else el.iter("img"))
            blocks = [self.scan.blocks[self.scan.spans[i].b0] for i in imgs if i in self.scan.spans]
        else:
            blocks = [b for b in self._body_blocks if b.kind == "img"]
        body = self._body_blocks
        position = {b.seq: i for i, b in enumerate(body)}
        images: list[dict] = []
        used: set[int] = set()
        seen_urls: set[str] = set()
        for block in blocks:
            img = block.owner
            url = self._image_url(img)
            if url is None or url in seen_urls:
                continue
            seen_urls.add(url)
            caption, seqs = self._caption(img, block, body, position)
            used.update(seqs)
            images.append({"url": url, "caption": caption})
        return images, frozenset(used)

    def _image_url(self, img: Element) -> str | None:
        src = None
        for attr in ("data-src", "data-original", "data-lazy-src", "src"):
            raw = img.get(attr)
            value = ((self.doc.absolute(raw) if attr == "src" else raw) or "").strip()
            if value and not value.startswith("data:"):
                src = value
                break
        if not src:
            return None
        url = urljoin(self.doc.url, src)
        if not url.startswith(("http://", "https://")):
            return None
        for attr in ("width", "height"):
            size = _px(img.get(attr))
            if size is not None and size <= 32:
                return None
        style = img.get("style") or ""
        for match in re.finditer(r"(?:^|;)\s*(?:width|height)\s*:\s*(\d+)px", style, re.I):
            if int(match.group(1)) <= 32:
                return None
        path = urlsplit(url).path
        if _IMG_JUNK_RE.search(path.rsplit("/", 1)[-1]) or _IMG_JUNK_RE.search(dom.class_id(img)):
            return None
        return url

    def _caption(
        self, img: Element, block: dom.Block, body: list[dom.Block], position: dict[int, int]
    ) -> tuple[str | None, list[int]]:
        # 1. <figure><figcaption>, and its older form <dl><dt><img></dt><dd>caption</dd></dl>
        for anc in img.iterancestors():
            if anc.tag in ("figure", "dl"):
                caps = anc.iter("figcaption") if anc.tag == "figure" else anc.iterchildren("dd")
                for cap in caps:
                    text = _finish(self._el_text(cap))
                    if text and not cap.xpath(".//img"):
                        return text, [b.seq for b in self.scan.blocks_in(cap)]
                break
            if anc.tag in ("div", "td", "body"):
                break  # a figure must be close: <figure><p><img>, not a far ancestor
        # 2. The next text line when it reads like a caption.
        index = position.get(block.seq)
        if index is not None:
            for nxt in body[index + 1 : index + 3]:
                if nxt.kind == "img":
                    break
                if nxt.kind != "text":
                    continue
                if self._looks_like_caption(img, nxt):
                    return _finish(nxt.text), [nxt.seq]
                break
        # 3. alt / title when they say something.
        for attr in ("alt", "title"):
            value = dom.collapse_ws(img.get(attr) or "")
            if (
                len(value) >= 5
                and " " in value
                and not _FILENAME_RE.match(value)
                and _norm(value) != _norm(self._title[0])
            ):
                return _finish(value), []
        return None, []

    def _looks_like_caption(self, img: Element, block: dom.Block) -> bool:
        text = block.text
        if len(text) > 250 or block.link_ratio > 0.5:
            return False
        if block.seq in self._doc_link_seqs:
            return False  # "Tài liệu kèm theo: <a>….pdf</a>" under the last picture is body text
        if _CAPTION_TEXT_RE.search(text) or block.italic_ratio >= 0.6:
            return True
        owner = block.owner
        for node in (owner, *list(owner.iterancestors())[:2]):
            name = dom.class_id(node)
            if name and _CAPTION_CLASS_RE.search(name):
                return True
        # Same paragraph as the image (<p><img><br>caption</p>) or the next row of an image table.
        img_owner = img.getparent()
        while img_owner is not None and img_owner.tag not in dom.BLOCK_TAGS:
            img_owner = img_owner.getparent()
        if img_owner is owner and len(text) <= 200:
            return True
        if owner.tag in ("td", "th") and img_owner is not None and img_owner.tag in ("td", "th"):
            t1 = next(owner.iterancestors("table"), None)
            t2 = next(img_owner.iterancestors("table"), None)
            if t1 is not None and t1 is t2:
                return True
        if img_owner is not None and len(text) <= 200:
            # A small wrapper holding just the picture and this line (<div class="photo"><img><p>...).
            wrap = self.scan.spans.get(img_owner)
            if (
                wrap is not None
                and img_owner.tag not in ("body", "td", "th")
                and wrap.b0 <= block.seq < wrap.b1
                and sum(1 for b in self.scan.blocks[wrap.b0 : wrap.b1] if b.kind == "text") == 1
            ):
                return True
        if block.center and len(text) <= 200 and not text.endswith((".", ":")):
            return True
        # A short line right under a picture that stands alone, not a sentence and not a bold subheading.
        alone = img_owner is None or not any(
            b.kind == "text" for b in self.scan.blocks_in(img_owner) if b.owner is img_owner
        )
        return (
            alone
            and len(text) <= 150
            and len(text.split()) <= 25
            and not text.endswith((".", "!", "?", ":", ";", "…"))
            and block.bold_ratio < 0.5
        )

    # ======================================================================================== attachments
    @cached_property
    def _attachments(self) -> list[dict]:
        selected = self._select("attachments")
        if selected:
            anchors: list[Element] = []
            for el in selected:
                anchors.extend([el] if el.tag == "a" else el.iter("a"))
            return self._docs(anchors, require_ext=not all(el.tag == "a" for el in selected))
        b1 = self._body_range[1]
        inside: list[Element] = []
        spans = self.scan.spans
        roots = [spans[r] for r in self._roots if r in spans]
        # An attachments block right after the body ("Tệp đính kèm", "File đính kèm").
        after_start = None
        for block in self.scan.blocks[b1 : b1 + 12]:
            if block.kind == "text" and len(block.text) <= 60 and _ATTACH_HEAD_RE.match(block.text):
                after_start = block.seq
                break
        for a in self.scan.links:
            span = spans.get(a)
            if span is None:
                continue
            if any(r.start <= span.start < r.end for r in roots):
                if span.junk >= 0 and not any(span.junk <= r.start for r in roots):
                    continue
                inside.append(a)
            elif after_start is not None and after_start <= span.b0 < after_start + 12:
                inside.append(a)
        return self._docs(inside, require_ext=True)

    def _docs(self, anchors: list[Element], require_ext: bool) -> list[dict]:
        out: list[dict] = []
        seen: set[str] = set()
        for a in anchors:
            href = self._href(a).strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            if require_ext and not _DOC_HINT_RE.search(href):
                continue
            url = urljoin(self.doc.url, href)
            name_from_url = _doc_filename(url)
            if require_ext and name_from_url is None:
                continue
            if url in seen:
                continue
            seen.add(url)
            name = _finish(self._el_text(a))
            if not name or _GENERIC_LINK_RE.match(name):
                name = _finish(a.get("title")) or name_from_url or name or url
            out.append({"url": url, "name": name})
        return out


# --- module helpers ---------------------------------------------------------------------------------------
_PARAGRAPH_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd", "dt", "figcaption", "caption",
     "address", "center"}
)  # fmt: skip
_CONTAINER_TAGS = frozenset({"td", "th", "body", "html", "article", "main", "section", "form"})


def _block_score(block: dom.Block) -> float:
    """Readability-style paragraph score: long text, commas, sentences, Vietnamese letters, few links."""
    text = block.text
    n = len(text)
    if n < 25:
        return 0.0
    score = 1.0 + text.count(",") + 0.5 * text.count(". ") + min(n / 100.0, 3.0)
    if len(_VN_LETTERS_RE.findall(text[:400])) >= 0.08 * min(n, 400):
        score += 1.0
    score *= (1.0 - block.link_ratio) ** 2
    if block.in_li:
        score *= 0.5
    if block.in_heading:
        score *= 0.3
    return score


def _is_clock_element(el: Element) -> bool:
    """True for the page clock / today's date of headers (DNN's dnnCURRENTDATE, "homnay", "clock")."""
    for node in (el, *list(el.iterancestors())[:3]):
        name = dom.class_id(node)
        if name and _CLOCK_NAME_RE.search(name):
            return True
    return False


def _px(value: str | None) -> int | None:
    if not value:
        return None
    match = re.match(r"\s*(\d+)", value)
    return int(match.group(1)) if match and not value.strip().endswith("%") else None


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _doc_filename(url: str) -> str | None:
    """The document's file name when the URL points to a pdf/doc/xls/zip/rar/ppt/odt file."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if _DOC_EXT_RE.search(path):
        return path.rsplit("/", 1)[-1] or None
    for value in re.split(r"[&=]", unquote(parts.query)):
        if _DOC_EXT_RE.search(value):
            return value.rsplit("/", 1)[-1] or None
    return None
