"""URL rules shared by the spider and the pipelines: canonical form, article id, site scoping."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

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


def _keep_param(name: str) -> bool:
    low = name.lower()
    return low not in DROPPED_PARAMS and not low.startswith(("utm_", "aspsessionid"))


def canonical_url(url: str) -> str:
    """The normalised URL of an article: one string per page however the site linked it.

    Lower-case scheme and host, default port and fragment dropped, the path NFC then percent-encoded,
    tracking and session parameters removed, the query sorted.
    """
    url = _SESSION_PATH_PARAM.sub("", url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = quote(unicodedata.normalize("NFC", unquote(parts.path)), safe="/:@!$&'()*+,;=-._~%")
    query = "&".join(p for p in parts.query.split("&") if p and _keep_param(p.split("=", 1)[0]))
    return canonicalize_url(urlunsplit((scheme, netloc, path or "/", query, "")), keep_fragments=False)


def article_id(canonical: str) -> str:
    """A stable id for an article: derived from its canonical URL only."""
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:20]


def netloc_of(url: str) -> str:
    """host[:port], lower-case, default port dropped: the unit of 'the site's own domain'."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port is None or parts.port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{parts.port}"


def on_site(url: str, domains: tuple[str, ...] | list[str] | frozenset[str]) -> bool:
    """True when url's host is one of the site's domains (or a subdomain of one; www. optional)."""
    loc = netloc_of(url)
    if not loc or urlsplit(url).scheme not in ("http", "https"):
        return False
    bare = loc.removeprefix("www.")
    for dom in domains:
        dom = dom.lower().removeprefix("www.")
        if bare == dom or bare.endswith("." + dom):
            return True
    return False
