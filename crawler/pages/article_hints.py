"""What we know about each CMS family's article pages, as data.

Every list holds CSS selectors tried in order before the generic extractor; the first one that finds
something wins, and the generic extractor takes over for a field when none does. Keys mirror the
registry's per-site ``selectors`` (title, published_at, author, summary, text, images, attachments), so
a site entry can override any of them. Extra keys:

- ``title_junk``: regexes removed from the title (Liferay prints a literal ``null`` before it);
- ``junk_prefix``: regexes removed from the start of the first body paragraph (Joomla's "Email In PDF.");
- ``junk_lines``: regexes of whole body lines that are page furniture on that platform;
- ``bold_lead_summary``: whether a wholly bold first paragraph is the sapo (default True).

Selectors come from the research report (crawler code seen for UIArticleInMenu; CMS defaults for the
others). A wrong selector costs nothing as long as it matches nothing: the generic extractor still runs.
"""

from __future__ import annotations

from typing import Any

# Applied on every platform, generic included.
COMMON: dict[str, Any] = {
    "title_junk": [r"^null\s+"],
    "junk_prefix": [r"^(?:E-?mail\s+)?In\s+PDF\.?\s*", r"^E-?mail\s+In\s+(?=\S)"],
    "junk_lines": [],
}

HINTS: dict[str, dict[str, Any]] = {
    "generic": {},
    "sharepoint": {
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
    "portal": {
        # sotttt.ninhthuan.gov.vn/portal/Pages/YYYY-M-D/…: "Đăng ngày 16 - 03 - 2022", "Lượt xem: 148".
        "title": [".news-detail-title", ".title-news", ".tieude", "h1.title"],
        "text": [".news-detail-content", ".content-news", ".noidung", ".news-content"],
        "summary": [".news-detail-summary", ".sapo", ".tomtat"],
        "published_at": [".news-detail-date", ".date-news", ".ngaydang"],
    },
    "uiarticle": {
        # Seen in the Ninh Bình / Hải Phòng crawlers' code.
        "title": [".ArticleHeader"],
        "published_at": [".PostDate"],
        "summary": [".ArticleSummary"],
        "text": [".ArticleContent"],
        "author": [".ArticleAuthor", ".Author"],
    },
    "liferay": {
        "title": [".asset-title", ".header-title span", ".header-title", ".title-article", "h1.title"],
        "text": [".journal-content-article", ".asset-content", ".article-content", ".content-article"],
        "summary": [".asset-summary", ".article-summary", ".sapo"],
        "published_at": [".publish-date", ".date-created", ".article-date", ".cms-publish-date"],
        "author": [".asset-author", ".article-author"],
        "junk_lines": [
            r"^(?:Xuất bản thông tin|Chi tiết bài viết|Asset Publisher|Return to Full Page|Back)$"
        ],
    },
    "dnn": {
        # DNN news modules: controls named <prefix>_lblTitle/_lblDate/... (never the skin's dnnCURRENTDATE).
        "title": [".edn_articleTitle", ".ArticleTitle", "[id$='_lblTitle']:not([id*='CURRENTDATE'])"],
        "text": [".edn_articleContent", ".ArticleContent", "[id$='_lblContent']"],
        "summary": [".edn_articleSummary", ".ArticleSummary", "[id$='_lblSummary']"],
        "published_at": [".edn_articleDate", ".ArticleDate", "[id$='_lblDate']:not([id*='CURRENTDATE'])"],
        "author": [".edn_articleAuthor", ".ArticleAuthor", "[id$='_lblAuthor']"],
    },
    "joomla": {
        # Joomla 1.5 tables (.contentheading/.createdate) and 2.5+ (.item-page, itemprop=articleBody).
        "title": [".contentheading", ".item-page h2", ".item-page h1", ".article-title"],
        "text": ["[itemprop='articleBody']", ".article-content", ".item-page"],
        "published_at": [".createdate", "dd.published", ".published", "dd.create"],
        "author": [".createdby", "dd.createdby"],
    },
    "drupal": {
        "title": ["h1.page-title", "#page-title", "h1.title", ".node h2.title"],
        "text": [".field-name-body", ".field--name-body", ".node .content .field-item", ".node-content"],
        "summary": [".field-name-field-summary", ".field-name-field-tom-tat", ".field-name-field-sapo"],
        "published_at": [".date-display-single", ".field-name-post-date", ".submitted", ".node-date"],
    },
    "nukeviet": {
        # NukeViet 4 (Vietnamese CMS; /index.php/vi/news/<cat>/<slug>-<id>/, seen on a sister department).
        "title": [".news_column h1.title", "h1.title"],
        "text": ["#news-bodyhtml", ".bodytext"],
        "summary": [".hometext"],
        "published_at": [".news_column .h5", ".news-date"],
        "author": [".news_column .author", ".author"],
    },
}


def hints_for(platform: str | None) -> dict[str, Any]:
    """The platform's hints merged over the common ones (an unknown platform gets the common ones)."""
    merged: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in COMMON.items()}
    for key, value in HINTS.get(platform or "generic", {}).items():
        if key in ("title_junk", "junk_prefix", "junk_lines"):
            merged[key] = merged.get(key, []) + list(value)
        else:
            merged[key] = value
    return merged
