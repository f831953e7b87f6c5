"""URL rules: canonical form, ids, site scoping."""

import pytest

from crawler.urls import article_id, canonical_url, netloc_of, on_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Stttt.HaNam.gov.vn/Pages/a.aspx", "http://stttt.hanam.gov.vn/Pages/a.aspx"),
        ("https://x.gov.vn:443/a", "https://x.gov.vn/a"),
        ("http://x.gov.vn:8080/a", "http://x.gov.vn:8080/a"),
        ("http://x.gov.vn/a#comments", "http://x.gov.vn/a"),
        ("http://x.gov.vn/a?b=2&a=1", "http://x.gov.vn/a?a=1&b=2"),
        ("http://x.gov.vn/a?utm_source=fb&fbclid=1&id=5", "http://x.gov.vn/a?id=5"),
        ("http://x.gov.vn/a;jsessionid=AB12?id=5", "http://x.gov.vn/a?id=5"),
        ("http://x.gov.vn/a?ASPSESSIONIDQQ=X&PHPSESSID=1&sid=2&id=5", "http://x.gov.vn/a?id=5"),
        ("http://x.gov.vn/tin-tức", "http://x.gov.vn/tin-t%E1%BB%A9c"),
        ("http://x.gov.vn/Ho\u0300a", "http://x.gov.vn/H%C3%B2a"),  # NFD path = NFC path
        ("http://x.gov.vn/H%C3%B2a", "http://x.gov.vn/H%C3%B2a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_article_id_is_stable_and_depends_on_canonical_url_only() -> None:
    assert article_id(canonical_url("http://X.gov.vn/a?utm_source=z")) == article_id(
        canonical_url("http://x.gov.vn/a")
    )
    assert article_id("http://x.gov.vn/a") != article_id("http://x.gov.vn/b")


def test_netloc_drops_default_port_only() -> None:
    assert netloc_of("https://A.gov.vn:443/x") == "a.gov.vn"
    assert netloc_of("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


@pytest.mark.parametrize(
    ("url", "domains", "inside"),
    [
        ("http://www.x.gov.vn/a", ("x.gov.vn",), True),
        ("http://x.gov.vn/a", ("www.x.gov.vn",), True),
        ("http://sub.x.gov.vn/a", ("x.gov.vn",), True),
        ("http://evilx.gov.vn/a", ("x.gov.vn",), False),
        ("http://127.0.0.1:8081/a", ("127.0.0.1:8080",), False),
        ("http://127.0.0.1:8080/a", ("127.0.0.1:8080",), True),
        ("ftp://x.gov.vn/a", ("x.gov.vn",), False),
    ],
)
def test_on_site(url: str, domains: tuple[str, ...], inside: bool) -> None:
    assert on_site(url, domains) is inside
