"""Platform = code, site = data: what the crawler knows of each CMS family, in one place.

A family is recognised from signatures in its URL and HTML, with no `platform:` key needed (REPORT.md §2);
its knowledge is data: the CSS of one listing entry, and article hints. Adding a family is one `Platform`
here plus saved-page fixtures; adding a site on a known family needs no Python at all.

Article hints: every list holds CSS selectors tried in order before the generic extractor; the first
one that finds something wins, and the generic extractor takes over for a field when none does. Keys
mirror the registry's per-site ``selectors`` (title, published_at, author, summary, text, images,
attachments), so a site entry can override any of them. Extra keys:

- ``title_junk``: regexes removed from the title (Liferay prints a literal ``null`` before it);
- ``junk_prefix``: regexes removed from the start of the first body paragraph (Joomla's "Email In PDF.");
- ``junk_lines``: regexes of whole body lines that are page furniture on that platform;
- ``bold_lead_summary``: whether a wholly bold first paragraph is the sapo (default True).

Selectors come from the research report (crawler code seen for UIArticleInMenu; CMS defaults for the
others). A wrong selector costs nothing as long as it matches nothing: the generic extractor still runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from re import _constants as sre_constants  # the parsed form of a pattern: Python 3.11+, as re uses it
from re import _parser as sre_parser
from typing import Any

from crawler.pages.markscan import Found, MarkScan

HEAD_CHARS = 200_000  # how much of a page's HTML the signatures are looked for in
MIN_MARK = 3  # a shorter literal is too common to be worth a scan of its own


@dataclass(frozen=True)
class Platform:
    name: str
    about: str
    url: re.Pattern[str] | None = None  # a URL shape only this family has
    html: re.Pattern[str] | None = None  # a mark in its HTML
    listing_item: str | None = None  # CSS of one entry of a category listing
    article: Mapping[str, Any] = field(default_factory=dict)  # article hints (module docstring)
    # Derived from `html` (required_marks): every match of it holds one of these, ASCII-lowercased.
    html_marks: frozenset[bytes] | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "html_marks", required_marks(self.html) if self.html else None)

    def matches(self, html_head: str, url: str, found: Found | None = None) -> bool:
        """Whether the URL has the family's shape or the HTML its mark.

        ``found``: the marks the page holds (``MARKS.scan``: those of ``html_head`` at least), found once
        per page by detect_platform: when none of this mark's required literals is there, the regex cannot
        match and is not run.
        Python's regex engine has no fast scan for a case-insensitive pattern: it tries every position of
        the 200 KB, 3-8 ms a page for each of the four."""
        if self.url is not None and self.url.search(url):
            return True
        if self.html is None:
            return False
        marks = self.html_marks
        if found is not None and marks is not None and not found.any_of(marks):
            return False
        return self.html.search(html_head) is not None


def required_marks(pattern: re.Pattern[str]) -> frozenset[bytes] | None:
    """Lowercase ASCII literals of which every match of ``pattern`` holds one, in ``fold_ascii`` form
    (crawler.pages.markscan); None when some alternative has none of MIN_MARK characters (the pattern must
    then always be run).

    Read from the pattern's parsed form (what ``re`` compiles): the longest run of plain ASCII characters
    of each alternative. The four non-ASCII letters that IGNORECASE matches with i, k and s are folded to
    them (``fold_ascii``), so a run goes on through those letters."""
    try:
        parsed = sre_parser.parse(pattern.pattern, pattern.flags)
        return _sequence_marks(list(parsed.data))
    except Exception:  # a Python whose parser differs: no prefilter, the regex always runs
        return None


def _sequence_marks(ops: Sequence[tuple[Any, Any]]) -> frozenset[bytes] | None:
    """Marks of one sequence of parsed ops: its longest literal run, else those of a group it needs."""
    best, run, groups = b"", bytearray(), []
    for op, arg in ops:
        if op is sre_constants.LITERAL and arg < 0x80:
            run.append(ord(chr(arg).lower()))
            continue
        best, run = max(best, bytes(run), key=len), bytearray()
        if op is sre_constants.BRANCH:
            groups.append(arg[1])
        elif op is sre_constants.SUBPATTERN and not arg[1] and not arg[2]:  # a group with no flags of its own
            groups.append([arg[3]])
    best = max(best, bytes(run), key=len)
    if len(best) >= MIN_MARK:
        return frozenset([best])
    for alternatives in groups:
        marks: set[bytes] = set()
        for alternative in alternatives:
            found = _sequence_marks(list(alternative))
            if found is None:
                break
            marks |= found
        else:
            return _without_supersets(marks)
    return None


def _without_supersets(marks: set[bytes]) -> frozenset[bytes]:
    """A mark that holds another one is found whenever it is: one scan fewer."""
    return frozenset(m for m in marks if not any(o != m and o in m for o in marks))


# Applied on every platform, generic included.
COMMON_ARTICLE_HINTS: dict[str, Any] = {
    "title_junk": [r"^null\s+"],
    "junk_prefix": [r"^(?:E-?mail\s+)?In\s+PDF\.?\s*", r"^E-?mail\s+In\s+(?=\S)"],
    "junk_lines": [],
}

# Detection order matters: UIArticleInMenu and the portal are ASP.NET/SharePoint-like, so they come first.
PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "uiarticle",
        "UIArticleInMenu ASP.NET CMS (Hải Phòng, Lào Cai, Ninh Bình): pages 2+ by the LoadArticle POST.",
        url=None,
        html=re.compile(r"DesktopModule/UIArticleInMenu|UIListNews_Default|ArticleInMenu"),
        listing_item=".UIListNews_Default .item",
        article={
            # Seen in the Ninh Bình / Hải Phòng crawlers' code.
            "title": [".ArticleHeader"],
            "published_at": [".PostDate"],
            "summary": [".ArticleSummary"],
            "text": [".ArticleContent"],
            "author": [".ArticleAuthor", ".Author"],
        },
    ),
    Platform(
        "portal",
        'The "portal/Pages/YYYY-M-D" portal (Ninh Thuận from 2022, probably Nam Định): SharePoint-like HTML.',
        url=re.compile(r"/portal/Pages/"),
        html=re.compile(r"/portal/Pages/\d{4}-\d"),
        listing_item=None,
        article={
            # sotttt.ninhthuan.gov.vn/portal/Pages/YYYY-M-D/…: "Đăng ngày 16 - 03 - 2022", "Lượt xem: 148".
            "title": [".news-detail-title", ".title-news", ".tieude", "h1.title"],
            "text": [".news-detail-content", ".content-news", ".noidung", ".news-content"],
            "summary": [".news-detail-summary", ".sapo", ".tomtat"],
            "published_at": [".news-detail-date", ".date-news", ".ngaydang"],
        },
    ),
    Platform(
        "liferay",
        "Liferay 6/7 (Đồng Tháp, Quảng Bình, Sóc Trăng, Hà Nội, HCM): asset publisher, `_cur=N` pagination.",
        url=re.compile(r"/-/(asset_publisher|view_content|view-article|ext/articleview)/|[?&]p_p_id="),
        html=re.compile(
            r"Liferay\.(Portlet|ThemeDisplay|Browser)|/html/portlet/|p_p_id_|/-/asset_publisher/"
        ),
        listing_item=None,
        article={
            "title": [".asset-title", ".header-title span", ".header-title", ".title-article", "h1.title"],
            "text": [".journal-content-article", ".asset-content", ".article-content", ".content-article"],
            "summary": [".asset-summary", ".article-summary", ".sapo"],
            "published_at": [".publish-date", ".date-created", ".article-date", ".cms-publish-date"],
            "author": [".asset-author", ".article-author"],
            "junk_lines": [
                r"^(?:Xuất bản thông tin|Chi tiết bài viết|Asset Publisher|Return to Full Page|Back)$"
            ],
        },
    ),
    Platform(
        "dnn",
        "DotNetNuke: `tabid` URLs, postback pagers.",
        url=re.compile(r"(?i)[/?&]tabid[/=]\d"),
        html=re.compile(r"(?i)DotNetNuke|\bdnn_ctr\d|/DesktopModules/|dnn\.js|dnncore\.js"),
        listing_item=None,
        article={
            # DNN news modules: controls <prefix>_lblTitle/_lblDate/... (never the skin's dnnCURRENTDATE).
            "title": [".edn_articleTitle", ".ArticleTitle", "[id$='_lblTitle']:not([id*='CURRENTDATE'])"],
            "text": [".edn_articleContent", ".ArticleContent", "[id$='_lblContent']"],
            "summary": [".edn_articleSummary", ".ArticleSummary", "[id$='_lblSummary']"],
            "published_at": [".edn_articleDate", ".ArticleDate", "[id$='_lblDate']:not([id*='CURRENTDATE'])"],
            "author": [".edn_articleAuthor", ".ArticleAuthor", "[id$='_lblAuthor']"],
        },
    ),
    Platform(
        "sharepoint",
        "SharePoint 2010/2013 (Ninh Thuận ≤2021, Hà Nam, Bắc Kạn, Đồng Nai): /Pages/*.aspx, postback pagers.",
        url=None,
        html=re.compile(
            r"Skip Ribbon Commands|_spPageContextInfo|__REQUESTDIGEST|/_layouts/(15/)?[a-z.]*\.js"
        ),
        listing_item=None,
        article={
            # SharePoint publishing pages: the page field controls of PlaceHolderMain.
            "title": [
                "#ctl00_PlaceHolderMain_TitleField__ControlWrapper_RichHtmlField",
                ".article-title",
                ".news-title h1",
                "h1.title",
            ],
            "text": [
                "#ctl00_PlaceHolderMain_PageContent__ControlWrapper_RichHtmlField",
                ".article-content",
                ".ms-rtestate-field.article-body",
                ".news-content",
            ],
            "summary": [".article-summary", ".news-summary", ".sapo"],
            "published_at": [".article-date", ".news-date", ".date-news"],
        },
    ),
    Platform(
        "joomla",
        'Joomla 1.5/2.5 (Đắk Lắk, Gia Lai): `limitstart` pagination, "Email In PDF." before the body.',
        url=re.compile(r"option=com_content"),
        html=re.compile(r"(?i)option=com_content|/media/system/js/|content=\"Joomla"),
        listing_item=None,
        article={
            # Joomla 1.5 tables (.contentheading/.createdate) and 2.5+ (.item-page, itemprop=articleBody).
            "title": [".contentheading", ".item-page h2", ".item-page h1", ".article-title"],
            "text": ["[itemprop='articleBody']", ".article-content", ".item-page"],
            "published_at": [".createdate", "dd.published", ".published", "dd.create"],
            "author": [".createdby", "dd.createdby"],
        },
    ),
    Platform(
        "drupal",
        'Drupal 7 (An Giang, Lạng Sơn): `?page=N` (0-based), "Submitted by ... on ...".',
        url=None,
        html=re.compile(r"(?i)Drupal\.settings|drupal\.js|/sites/default/files/|content=\"Drupal"),
        listing_item=None,
        article={
            "title": ["h1.page-title", "#page-title", "h1.title", ".node h2.title"],
            "text": [".field-name-body", ".field--name-body", ".node .content .field-item", ".node-content"],
            "summary": [".field-name-field-summary", ".field-name-field-tom-tat", ".field-name-field-sapo"],
            "published_at": [".date-display-single", ".field-name-post-date", ".submitted", ".node-date"],
        },
    ),
    Platform(
        "nukeviet",
        "NukeViet 4 (seen on a sister department): /index.php/vi/news/<cat>/<slug>-<id>/.",
        url=re.compile(r"/index\.php/vi/news/"),
        html=re.compile(r"(?i)content=\"NukeViet|nv_base_siteurl|/themes/default/js/|class=\"news_column"),
        listing_item=None,
        article={
            # NukeViet 4 (Vietnamese CMS; /index.php/vi/news/<cat>/<slug>-<id>/, seen on a sister department).
            "title": [".news_column h1.title", "h1.title"],
            "text": ["#news-bodyhtml", ".bodytext"],
            "summary": [".hometext"],
            "published_at": [".news_column .h5", ".news-date"],
            "author": [".news_column .author", ".author"],
        },
    ),
)
BY_NAME: dict[str, Platform] = {p.name: p for p in PLATFORMS}
# Every family's marks, looked for in one pass over a page (crawler.pages.markscan).
MARKS = MarkScan(mark for p in PLATFORMS for mark in p.html_marks or ())
NAMES: tuple[str, ...] = (*BY_NAME, "generic")


def detect_platform(html: str, url: str, utf8: bytes | None = None) -> str:
    """The CMS family of a page, or "generic". Looks at the URL and the first 200 KB of HTML only.

    ``utf8``: ``html`` as UTF-8 when the caller has it (``Document.utf8``). The marks are then looked for in
    the whole of it rather than in the first 200 KB encoded again (0.4 ms of a 220 KB page): a mark found
    only past the head makes its family's regex run on the head, which then decides, as it always does."""
    head = html[:HEAD_CHARS]
    found = MARKS.scan(html, utf8) if utf8 is not None else MARKS.scan(head)
    return next((p.name for p in PLATFORMS if p.matches(head, url, found)), "generic")


def listing_item_selector(platform: str | None) -> str | None:
    found = BY_NAME.get(platform or "")
    return found.listing_item if found else None


def hints_for(platform: str | None) -> dict[str, Any]:
    """The platform's article hints merged over the common ones (an unknown platform gets the common ones)."""
    merged: dict[str, Any] = {
        k: list(v) if isinstance(v, list) else v for k, v in COMMON_ARTICLE_HINTS.items()
    }
    found = BY_NAME.get(platform or "")
    for key, value in (found.article if found else {}).items():
        if key in ("title_junk", "junk_prefix", "junk_lines"):
            merged[key] = merged.get(key, []) + list(value)
        else:
            merged[key] = value
    return merged
