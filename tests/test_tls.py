"""Per-site TLS (crawler.tls): a site marked `tls: legacy` is reached on a server that only speaks TLS 1.0;
the same server without the mark fails the handshake (and the site is BROKEN), and other hosts keep Scrapy's
defaults."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from crawler.demo.server import serve_mirrors
from crawler.demo.sitegen import generate
from crawler.registry import RegistryError, Site, load_registry
from crawler.tls import is_legacy, legacy_hosts
from tests.crawl_helpers import crawl, write_registry


def _site(tls: str, *urls: str, domains: tuple[str, ...] = ()) -> Site:
    return Site(id="x", name="x", province="x", start_urls=urls, allowed_domains=domains, tls=tls)


# -- which hosts are legacy ------------------------------------------------------------------------------
def test_legacy_hosts_are_the_domains_of_legacy_sites_only() -> None:
    sites = [
        _site("legacy", "https://stttt.example.gov.vn/tin", domains=("cdn.example.gov.vn",)),
        _site("default", "https://modern.gov.vn/tin"),
    ]
    assert legacy_hosts(sites) == {"stttt.example.gov.vn", "cdn.example.gov.vn"}


def test_bare_host_matches_itself_and_its_subdomains() -> None:
    hosts = frozenset({"example.gov.vn"})
    assert [
        is_legacy(hosts, h, 443) for h in ("example.gov.vn", "www.example.gov.vn", "badexample.gov.vn")
    ] == [
        True,
        True,
        False,
    ]


def test_host_with_port_matches_that_port_only() -> None:
    hosts = frozenset({"127.0.0.1:8443"})
    assert (is_legacy(hosts, "127.0.0.1", 8443), is_legacy(hosts, "127.0.0.1", 9443)) == (True, False)


# -- the registry key ----------------------------------------------------------------------------------
def _registry(tmp_path: Path, **extra: object) -> Path:
    entry = {"id": "a", "name": "A", "province": "P", "start_urls": ["https://a.gov.vn/tin"], **extra}
    return write_registry([entry], tmp_path / "sites.yaml")


def test_registry_accepts_tls_legacy(tmp_path: Path) -> None:
    assert load_registry(_registry(tmp_path, tls="legacy"))[0].tls == "legacy"


def test_registry_defaults_to_default_tls(tmp_path: Path) -> None:
    assert load_registry(_registry(tmp_path))[0].tls == "default"


def test_registry_refuses_an_unknown_tls_profile_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(RegistryError) as err:
        load_registry(_registry(tmp_path, tls="ancient"))
    assert "key 'tls'" in str(err.value) and "'ancient' is not one of default, legacy" in str(err.value)


# -- end to end against real TLS servers -----------------------------------------------------------------
def _self_signed(tmp: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _server_context(cert: Path, key: Path, tls10_only: bool) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if tls10_only:  # an old government server: TLS 1.0 and nothing newer
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():  # ssl.TLSVersion.TLSv1 is deprecated: that is the point here
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
    return ctx


@pytest.fixture(scope="module")
def tls_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One crawl of three sites: TLS 1.0-only with `tls: legacy`, TLS 1.0-only without, a modern server."""
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = _self_signed(tmp)
    mirrors = {}
    for name in ("oldlegacy", "oldplain", "modern"):
        generate("joomla", tmp / name, n_articles=4, seed=3)
        mirrors[name] = tmp / name
    old_ctx = _server_context(cert, key, tls10_only=True)
    new_ctx = _server_context(cert, key, tls10_only=False)
    with (
        serve_mirrors([mirrors["oldlegacy"], mirrors["oldplain"]], tls=old_ctx) as old,
        serve_mirrors([mirrors["modern"]], tls=new_ctx) as new,
    ):
        entries = []
        for served, site_id, extra in (
            (old[0], "oldlegacy", {"tls": "legacy"}),
            (old[1], "oldplain", {}),
            (new[0], "modern", {}),
        ):
            entry = served.registry_entry()
            entry.update(id=site_id, **extra)
            entries.append(entry)
        registry = write_registry(entries, tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}", settings=("RETRY_TIMES=0",))
        requests = {
            name: len(served.mirror.requests) for name, served in zip(mirrors, [*old, *new], strict=True)
        }
    return {"run": run, "manifest": run.manifest(), "requests": requests}


def test_legacy_site_is_crawled_over_tls10(tls_run: dict) -> None:
    assert tls_run["manifest"]["sites"]["oldlegacy"]["new"] == 4


def test_same_server_without_the_mark_fails_the_handshake(tls_run: dict) -> None:
    assert tls_run["requests"]["oldplain"] == 0


def test_site_without_the_mark_is_broken(tls_run: dict) -> None:
    assert tls_run["manifest"]["sites"]["oldplain"]["health"]["status"] == "BROKEN"


def test_handshake_failure_is_counted_as_a_tls_error(tls_run: dict) -> None:
    assert tls_run["manifest"]["sites"]["oldplain"]["health"]["errors"] == {"TLSError": 1}


def test_modern_https_site_keeps_the_default_context(tls_run: dict) -> None:
    assert tls_run["manifest"]["sites"]["modern"]["new"] == 4


def test_run_with_a_broken_site_exits_4(tls_run: dict) -> None:
    assert tls_run["run"].returncode == 4


def test_bad_legacy_floor_is_refused_before_the_run(tmp_path: Path) -> None:
    run = crawl(tmp_path, settings=("TLS_LEGACY_MIN_VERSION=SSLv3",))
    refused = (run.returncode, "TLS_LEGACY_MIN_VERSION='SSLv3'" in run.stderr, "Traceback" in run.stderr)
    assert refused == (2, True, False)
