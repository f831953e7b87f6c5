"""Recognise a page's CMS family from signatures in its HTML and URL, with no `platform:` key needed.

The families and their signatures come from the site research (REPORT.md §2). Order matters: the
UIArticleInMenu CMS and the new Ninh Thuận portal are ASP.NET/SharePoint-like, so they are tried first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLATFORMS = ("uiarticle", "portal", "liferay", "dnn", "sharepoint", "joomla", "drupal", "generic")


@dataclass(frozen=True)
class Signature:
    platform: str
    html: re.Pattern[str] | None = None
    url: re.Pattern[str] | None = None


SIGNATURES: tuple[Signature, ...] = (
    Signature(
        "uiarticle", html=re.compile(r"DesktopModule/UIArticleInMenu|UIListNews_Default|ArticleInMenu")
    ),
    Signature("portal", url=re.compile(r"/portal/Pages/", re.I), html=re.compile(r"/portal/Pages/\d{4}-\d")),
    Signature(
        "liferay",
        url=re.compile(r"/-/(asset_publisher|view_content|view-article|ext/articleview)/|[?&]p_p_id="),
        html=re.compile(
            r"Liferay\.(Portlet|ThemeDisplay|Browser)|/html/portlet/|p_p_id_|/-/asset_publisher/"
        ),
    ),
    Signature(
        "dnn",
        url=re.compile(r"[/?&]tabid[/=]\d", re.I),
        html=re.compile(r"DotNetNuke|\bdnn_ctr\d|/DesktopModules/|dnn\.js|dnncore\.js", re.I),
    ),
    Signature(
        "sharepoint",
        html=re.compile(
            r"Skip Ribbon Commands|_spPageContextInfo|__REQUESTDIGEST|/_layouts/(15/)?[a-z.]*\.js"
        ),
    ),
    Signature(
        "joomla",
        url=re.compile(r"option=com_content"),
        html=re.compile(r"option=com_content|/media/system/js/|content=\"Joomla", re.I),
    ),
    Signature(
        "drupal",
        html=re.compile(r"Drupal\.settings|drupal\.js|/sites/default/files/|content=\"Drupal", re.I),
    ),
)


def detect_platform(html: str, url: str) -> str:
    """The CMS family of a page, or "generic". Looks at the URL and the first 200 KB of HTML only."""
    head = html[:200_000]
    for sig in SIGNATURES:
        # The portal family is told by its URL shape or links; the HTML alone is SharePoint-like.
        if sig.url is not None and sig.url.search(url):
            return sig.platform
        if sig.html is not None and sig.html.search(head):
            return sig.platform
    return "generic"
