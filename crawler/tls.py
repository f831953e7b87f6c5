"""Per-site TLS for old government servers: ``tls: legacy`` in the registry.

Some department servers still speak only TLS 1.0/1.1 or offer ciphers that OpenSSL 3 refuses at its default
security level, so the handshake fails before a byte of HTML is sent. Lowering the floor for the whole run
(``DOWNLOAD_TLS_MIN_VERSION``) would weaken every connection; instead the HTTPS download handler here asks,
per connection, whether the host belongs to a site marked ``tls: legacy`` and only then uses a context that
accepts ``TLS_LEGACY_MIN_VERSION`` and ``TLS_LEGACY_CIPHERS``. Every other host keeps Scrapy's defaults.

Scrapy builds TLS connections through an ``IPolicyForHTTPS`` ("context factory") whose
``creatorForNetloc(hostname, port)`` is called once per new connection; the policy below wraps Scrapy's own
and picks one of two by host. Connections are pooled per (scheme, host, port), so the choice sticks to the
host, which is what we want.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from OpenSSL import SSL

# Private in Scrapy 2.19 (DOWNLOADER_CLIENTCONTEXTFACTORY is deprecated with no public successor); the pinned
# version is exercised end to end by tests/test_tls.py against a TLS 1.0-only server.
from scrapy.core.downloader.contextfactory import _ScrapyCertificateOptions, _ScrapyClientContextFactory
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from twisted.internet.ssl import CertificateOptions, TLSVersion
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_VERSIONS = {
    "TLSv1.0": TLSVersion.TLSv1_0,
    "TLSv1.1": TLSVersion.TLSv1_1,
    "TLSv1.2": TLSVersion.TLSv1_2,
}


def legacy_hosts(sites: Any) -> frozenset[str]:
    """The ``host`` and ``host:port`` entries of every site marked ``tls: legacy``."""
    return frozenset(
        d for site in sites if getattr(site, "tls", "default") == "legacy" for d in site.allowed_domains
    )


def is_legacy(hosts: frozenset[str], hostname: str, port: int) -> bool:
    """A domain entry with a port matches that port only; a bare host matches its subdomains too."""
    host = hostname.lower().rstrip(".")
    if f"{host}:{port}" in hosts:
        return True
    return any(host == d or host.endswith("." + d) for d in hosts if ":" not in d)


class _LegacyCertificateOptions(_ScrapyCertificateOptions):
    """Scrapy's certificate options with a raw OpenSSL cipher string set on the context.

    Twisted expands a cipher string into a list of cipher names, which drops directives such as
    ``@SECLEVEL=0``; without that directive OpenSSL 3 refuses TLS 1.0/1.1 whatever the version floor, so the
    string is set on the finished context as written.
    """

    def __init__(self, cipher_string: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cipher_string = cipher_string.encode("ascii")

    def _makeContext(self, *args: Any, **kwargs: Any) -> SSL.Context:  # noqa: N802 (Twisted's name)
        ctx = super()._makeContext(*args, **kwargs)
        ctx.set_cipher_list(self._cipher_string)
        return ctx


class LegacyContextFactory(_ScrapyClientContextFactory):
    """Scrapy's context factory (certificate handling, OP_LEGACY_SERVER_CONNECT) with a lower version floor
    and a raw cipher string."""

    def __init__(self, cipher_string: str, tls_min_version: TLSVersion, verify_certificates: bool) -> None:
        super().__init__(
            method=None, tls_min_version=tls_min_version, verify_certificates=verify_certificates
        )
        self.cipher_string = cipher_string

    def _get_cert_options(self) -> CertificateOptions:
        return _LegacyCertificateOptions(self.cipher_string, **self._get_cert_options_kwargs())


def legacy_min_version(settings: Any) -> TLSVersion:
    """TLS_LEGACY_MIN_VERSION as Twisted's constant; ValueError names the setting (checked before the run)."""
    minimum = settings.get("TLS_LEGACY_MIN_VERSION", "TLSv1.0")
    if minimum not in _VERSIONS:
        raise ValueError(f"TLS_LEGACY_MIN_VERSION={minimum!r}: expected one of {', '.join(_VERSIONS)}")
    return _VERSIONS[minimum]


def is_tls_failure(exc: BaseException) -> bool:
    """True when a download failed in the TLS handshake: an OpenSSL error anywhere in the exception's causes,
    including Twisted's ``ResponseNeverReceived.reasons``."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        item = getattr(item, "value", item)  # a twisted Failure wraps its exception
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, SSL.Error):
            return True
        todo.extend((item.__cause__, item.__context__, *getattr(item, "reasons", ())))
    return False


@implementer(IPolicyForHTTPS)
class SiteTLSPolicy:
    """Scrapy's context factory for most hosts, a permissive one for the hosts of ``tls: legacy`` sites."""

    def __init__(self, crawler: Crawler, default: Any) -> None:
        self.crawler = crawler
        self.default = default
        settings = crawler.settings
        self.legacy = LegacyContextFactory(
            settings.get("TLS_LEGACY_CIPHERS", "DEFAULT:@SECLEVEL=0"),
            legacy_min_version(settings),
            settings.getbool("DOWNLOAD_VERIFY_CERTIFICATES"),
        )
        self._hosts: frozenset[str] | None = None

    def _legacy_hosts(self) -> frozenset[str]:
        # The registry is the spider's; it exists by the time the first HTTPS connection is made.
        if self._hosts is None:
            self._hosts = legacy_hosts(getattr(self.crawler.spider, "sites", ()))
        return self._hosts

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:  # noqa: N802 (Twisted's interface)
        if is_legacy(self._legacy_hosts(), hostname.decode("ascii"), port):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("tinhoatdong/tls/legacy_connections")
            return self.legacy.creatorForNetloc(hostname, port)
        return self.default.creatorForNetloc(hostname, port)


class SiteTLSDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the per-site policy in place of its context factory."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._contextFactory = SiteTLSPolicy(crawler, self._contextFactory)
