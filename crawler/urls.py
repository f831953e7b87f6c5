"""URL rules shared by the spider and the pipelines: canonical form, article keys, id, site scoping.

One article must get one canonical URL however the site linked it, because the item id is derived from it
and the spider dedupes links with it before fetching (vntext REPORT §4). The rules, in order:

1. Generic: lower-case scheme and host, default port and fragment dropped, the path NFC then
   percent-encoded, tracking (``utm_*``, ``fbclid``, ...) and session parameters (``;jsessionid=``,
   ``ASPSESSIONID*``, ``PHPSESSID``, ``sid``, ...) and back-links (``redirect``, Liferay's
   ``_<portlet>_redirect``) removed, the query sorted (w3lib does the rest).
2. Platform article keys (`article_key`): where a CMS serves one article under two URL shapes that both
   carry its id, the canonical URL is one normal form built from the key on the same host:

   - DotNetNuke ``/<page>/tabid/T/ctl/ViewDetail/mid/M/ItemID/N/Default.aspx`` and
     ``/Default.aspx?tabid=T&ctl=ViewDetail&mid=M&ItemID=N`` (or a mix) ->
     ``/Default.aspx?ItemID=N&ctl=ViewDetail&mid=M&tabid=T`` (DNN's own query form: it resolves);
   - Liferay ``/<page>/-/asset_publisher/<inst>/content/id/N`` and ``/<page>/-/view_content/N-<slug>.html``
     -> ``/-/view_content/N`` (an identity: Liferay ids are unique per portal, the page prefix and slug are
     not needed to name the article, but this form is not promised to resolve; ``url`` keeps the fetched one);
   - SharePoint ``<web>/Lists/<List>/DispForm.aspx?ID=N`` and ``<web>/Lists/<List>/View_Detail.aspx?ItemID=N``
     (the same list item) -> ``<web>/lists/<list>/dispform.aspx?ID=N`` (lower-case: IIS paths are
     case-insensitive, and both shapes must give one string).

   SharePoint ``Pages/x.aspx?ItemID=N`` against a slug URL is *not* merged: no shape seen carries the same
   id in both, so a shared number would be a guess (rel=canonical and content_hash are the backstop).
   Unknown shapes are left as rule 1 made them.
3. Per site (`canonical_for`): with the registry's ``same_host_variants: true``, ``http``/``https`` and
   ``www.``/bare host are one site, and the canonical URL takes the scheme and host form the registry names
   (the start URL's host, or a ``domains`` entry). Without it they stay distinct: the research warns that
   the two forms must be checked to serve the same pages first.
4. rel=canonical (`choose_canonical`): the page's hint is used when it stays on the site and does not look
   like a listing or another article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from crawler.registry import Site

# Tracking and session parameters never identify an article (vntext REPORT §4).
DROPPED_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "zarsrc",
        "_ga",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "jsessionid",
        "phpsessid",
        "sid",
        "sessionid",
        "inheritredirect",
        "redirect",
    }
)
_SESSION_PATH_PARAM = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"

# Platform URL shapes (sites REPORT §2 and the demo mirrors).
_DNN_KEYS = frozenset({"tabid", "ctl", "mid", "itemid"})
_LIFERAY_ASSET = re.compile(r"/-/asset_publisher/[A-Za-z0-9_]+/content/id/([0-9]+)/?$")
_LIFERAY_VIEW = re.compile(r"/-/view_content/([0-9]+)(?:[-.][^/]*)?/?$")
_SP_LIST_FORM = re.compile(
    r"^(?P<web>(?:/[^/]+)*?)/lists/(?P<list>[^/]+)/(?P<form>dispform|view_detail)\.aspx$", re.IGNORECASE
)
_DIGITS = re.compile(r"[0-9]+")
_SP_ID_PARAM = {"dispform": "id", "view_detail": "itemid"}


def _keep_param(name: str) -> bool:
    low = name.lower()
    # `_<portlet>_redirect`: Liferay's namespaced "where to go back" link, like plain `redirect`.
    return (
        low not in DROPPED_PARAMS
        and not low.startswith(("utm_", "aspsessionid"))
        and not low.endswith("_redirect")
    )


def _generic(url: str) -> str:
    """Rule 1 only: the form every other rule starts from."""
    url = _SESSION_PATH_PARAM.sub("", url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = quote(unicodedata.normalize("NFC", unquote(parts.path)), safe=_PATH_SAFE)
    query = "&".join(p for p in parts.query.split("&") if p and _keep_param(p.split("=", 1)[0]))
    return canonicalize_url(urlunsplit((scheme, netloc, path or "/", query, "")), keep_fragments=False)


def _dnn(path: str, query: list[tuple[str, str]]) -> tuple[str, str] | None:
    """(key, normal path+query) of a DNN ViewDetail URL: path pairs after ``/tabid/`` plus the query."""
    segments = path.split("/")
    if not segments[-1].lower().endswith(".aspx"):
        return None
    lowered = [s.lower() for s in segments]
    pairs: list[tuple[str, str]] = []
    if "tabid" in lowered:
        rest = segments[lowered.index("tabid") : -1]
        if len(rest) % 2:
            return None
        pairs = list(zip(rest[::2], rest[1::2], strict=True))
    pairs += query
    found: dict[str, str] = {}
    for name, value in pairs:
        name = name.lower()
        if name in found:  # the same parameter twice (path and query): ambiguous
            return None
        found[name] = value
    if set(found) != _DNN_KEYS or found["ctl"].lower() != "viewdetail":
        return None
    if not all(_DIGITS.fullmatch(found[k]) for k in ("tabid", "mid", "itemid")):
        return None
    tab, mid, item = (str(int(found[k])) for k in ("tabid", "mid", "itemid"))
    normal = f"/Default.aspx?ItemID={item}&ctl=ViewDetail&mid={mid}&tabid={tab}"
    return f"dnn:tabid={tab}:mid={mid}:itemid={item}", normal


def _liferay(path: str) -> tuple[str, str] | None:
    match = _LIFERAY_ASSET.search(path) or _LIFERAY_VIEW.search(path)
    if match is None:
        return None
    num = str(int(match.group(1)))
    return f"liferay:{num}", f"/-/view_content/{num}"


def _sharepoint(path: str, query: list[tuple[str, str]]) -> tuple[str, str] | None:
    match = _SP_LIST_FORM.match(path)
    if match is None:
        return None
    wanted = _SP_ID_PARAM[match.group("form").lower()]
    ids = [v for k, v in query if k.lower() == wanted]
    if len(ids) != 1 or not _DIGITS.fullmatch(ids[0]):
        return None
    web = quote(unquote(match.group("web")).lower(), safe=_PATH_SAFE)
    lst = quote(unquote(match.group("list")).lower(), safe=_PATH_SAFE)
    num = str(int(ids[0]))
    return f"sharepoint:{web}/lists/{lst}:{num}", f"{web}/lists/{lst}/dispform.aspx?ID={num}"


def _article_form(generic: str) -> tuple[str, str] | None:
    """(key, normal path+query) when a generic canonical URL is a known article shape."""
    parts = urlsplit(generic)
    query = parse_qsl(parts.query, keep_blank_values=True)
    return _dnn(parts.path, query) or _liferay(parts.path) or _sharepoint(parts.path, query)


def article_key(url: str) -> str | None:
    """The article's identity on its host when the URL is a known CMS article shape, else None.

    ``dnn:tabid=55:mid=412:itemid=5204``, ``liferay:2613367``, ``sharepoint:/web/lists/tintuc:12``: two URLs
    of one host with the same key are one article (see the module docstring for the shapes).
    """
    form = _article_form(_generic(url))
    return form[0] if form else None


def canonical_url(url: str, site: Site | None = None) -> str:
    """The normalised URL of an article: one string per page however the site linked it.

    Rules 1 and 2 of the module docstring; with a site, rule 3 too (the same as ``canonical_for(site)(url)``).
    """
    if site is not None:
        return canonical_for(site)(url)
    generic = _generic(url)
    form = _article_form(generic)
    if form is None:
        return generic
    parts = urlsplit(generic)
    return f"{parts.scheme}://{parts.netloc}{form[1]}"


def _bare(netloc: str) -> str:
    return netloc.removeprefix("www.")


class HostVariants:
    """Rule 3 for one site: maps every http/https and www./bare form of its hosts onto one form."""

    def __init__(self, start_urls: tuple[str, ...], domains: tuple[str, ...]) -> None:
        first_scheme = urlsplit(start_urls[0]).scheme.lower() if start_urls else "https"
        schemes = {netloc_of(u): urlsplit(u).scheme.lower() for u in reversed(start_urls)}
        self._hosts: dict[str, tuple[str, str]] = {}
        for dom in domains:  # the first host of a bare form wins: the start URL's before a `domains` entry
            self._hosts.setdefault(_bare(dom), (schemes.get(dom, first_scheme), dom))

    def __call__(self, url: str) -> str:
        canonical = canonical_url(url)
        parts = urlsplit(canonical)
        target = self._hosts.get(_bare(parts.netloc)) if parts.scheme in _DEFAULT_PORTS else None
        if target is None:
            return canonical
        return urlunsplit((target[0], target[1], parts.path, parts.query, ""))


@lru_cache(maxsize=512)
def _host_variants(start_urls: tuple[str, ...], domains: tuple[str, ...]) -> HostVariants:
    return HostVariants(start_urls, domains)


def canonical_for(site: Site | None) -> Callable[[str], str]:
    """The canonical-URL function of a site (cached): the spider, the listing code and the item all use it,
    so a link deduped before the fetch and the item written after it agree."""
    if site is None or not getattr(site, "same_host_variants", False):
        return canonical_url
    return _host_variants(tuple(site.start_urls), tuple(site.allowed_domains))


def choose_canonical(page_url: str, hint: str | None, site: Site | None) -> str:
    """The item's canonical URL: the page's own, or its rel=canonical hint when that can be trusted.

    The hint is ignored when it leaves the site, when it is a home page, a start URL (a listing) or a parent
    directory of the page (a section page: some CMSs point every article there), and when the page URL
    carries an article key (`article_key`): the key already names the article, and a hint naming another
    one is a template bug that would merge two articles under one id.
    """
    canon = canonical_for(site)
    page = canon(page_url)
    if site is None or not hint or not on_site(hint, site.allowed_domains) or article_key(page_url):
        return page
    from crawler.pages.discovery import looks_like_home  # here: crawler.pages imports this module

    chosen = canon(hint)
    if looks_like_home(chosen) or chosen in {canon(u) for u in site.start_urls}:
        return page
    hint_parts, page_parts = urlsplit(chosen), urlsplit(page)
    parent = hint_parts.path.rstrip("/") + "/"
    if hint_parts.netloc == page_parts.netloc and not hint_parts.query and page_parts.path.startswith(parent):
        return page
    return chosen


def article_id(canonical: str) -> str:
    """A stable id for an article: derived from its canonical URL only."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:20]


def port_readable(url: str) -> bool:
    """Whether urllib can read the URL's port (none counts): ``:99999`` or ``:80:80``, a markup error on one
    link of a page, makes it raise when asked, so every rule that reads the host must ask this first."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:  # "Invalid IPv6 URL"
        return False
    return netloc_port_readable(netloc)


@lru_cache(maxsize=1024)
def netloc_port_readable(netloc: str) -> bool:
    """``port_readable`` of a URL with this netloc: the port is read from the netloc alone. Remembered, as
    the pager asks it of every link on a listing page, and a page's links share a handful of hosts (reading
    the port again was 1 % of a crawl)."""
    try:
        SplitResult("http", netloc, "", "", "").port  # noqa: B018 (read to check it)
    except ValueError:
        return False
    return True


def netloc_of(url: str) -> str:
    """host[:port], lower-case, default port dropped: the unit of 'the site's own domain'."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port is None or parts.port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{parts.port}"


def on_site(url: str, domains: tuple[str, ...] | list[str] | frozenset[str]) -> bool:
    """True when url's host is one of the site's domains (or a subdomain of one; www. optional). False for a
    URL whose port cannot be read (``port_readable``)."""
    if not port_readable(url):
        return False
    loc = netloc_of(url)
    if not loc or urlsplit(url).scheme not in ("http", "https"):
        return False
    bare = loc.removeprefix("www.")
    for dom in domains:
        dom = dom.lower().removeprefix("www.")
        if bare == dom or bare.endswith("." + dom):
            return True
    return False
