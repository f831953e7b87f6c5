"""bench/mirror.py: the mirror weighs what real pages weigh, and serves what the demo server serves."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import mirror as bench_mirror  # noqa: E402

from crawler.demo.server import Mirror  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench-mirror")
    bench_mirror.build(out, sites=2, articles=6, seed=3, jobs=1)  # SharePoint, then the portal family
    return out


def test_full_pages_weigh_80_to_300_kb(built: Path) -> None:
    sizes = [len(p.read_bytes()) for p in built.glob("*/pages/*.html") if b"<body" in p.read_bytes()]
    assert sizes
    assert min(sizes) >= 0.9 * bench_mirror.MIN_KB * 1000
    assert max(sizes) <= 1.1 * bench_mirror.MAX_KB * 1000


def test_asp_net_pages_carry_a_grown_view_state(built: Path) -> None:
    page = next((built / "s00_sharepoint" / "pages").glob("article-*.html")).read_text("utf-8")
    value = bench_mirror._VIEWSTATE_RE.search(page).group(2)
    assert len(value) > 20_000


def test_article_text_is_untouched(built: Path) -> None:
    """The padding goes around the page: every truth paragraph is still on its article page."""
    folder = built / "s01_portal"
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    routes = json.loads((folder / "routes.json").read_text("utf-8"))["routes"]
    files = {r["path"] + ("?" + r["query"] if r.get("query") else ""): r["file"] for r in routes}
    article = truth["articles"][0]
    html = (folder / files[article["path"]]).read_text("utf-8")
    assert truth["site"]["id"] == "bench_01_portal"
    assert article["title"].split()[0] in html
    assert 'class="footer-sitemap"' in html and 'id="mobile-nav"' in html


def test_indexed_mirror_finds_what_the_demo_server_finds(built: Path) -> None:
    for folder in sorted(p for p in built.iterdir() if p.is_dir()):
        plain, indexed = Mirror(folder), bench_mirror.IndexedMirror(folder)
        for route in plain.routes:
            query = "&".join(f"{k}={v}" for k, v in (route.query or ()))
            form = dict(route.form)
            assert indexed.find(route.method, route.path, query, form) == plain.find(
                route.method, route.path, query, form
            )
        assert indexed.find("GET", "/nowhere", "", {}) is None
        assert indexed.counts["GET"] >= 1


def test_build_is_reused_when_asked_again(built: Path) -> None:
    meta = json.loads((built / "bench.json").read_text("utf-8"))
    assert bench_mirror.build(built, sites=2, articles=6, seed=3, jobs=1) == meta


def test_bench_extract_times_the_listing_pages_of_each_site(built: Path) -> None:
    """``bench_extract.py --mirror DIR --listings``: a row per site with its listing pages' links, entries
    and the two costs, then the mean of all."""
    import re

    from tests.bench_helpers import run_bench

    stdout = run_bench("bench_extract.py", "--mirror", str(built), "--listings", "--pages", "2",
                       "--min-seconds", "0.01")  # fmt: skip
    rows = re.findall(r"^(\S+)\s+(\d+)\s+[\d.]+\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", stdout, re.M)
    truths = {p.name: json.loads((p / "truth.json").read_text("utf-8")) for p in sorted(built.glob("*/"))
              if (p / "truth.json").is_file()}  # fmt: skip
    assert [site for site, *_ in rows] == list(truths)
    for site, pages, links, entries, parse_ms, listing_ms in rows:
        assert int(pages) == len(truths[site]["listings"][:2])
        assert int(links) > 50  # menus and all: the mirror's pages are full pages
        assert float(entries) > 0 and float(parse_ms) > 0 and float(listing_ms) > 0
    total = sum(int(pages) for _, pages, *_ in rows)
    assert re.search(rf"^all\s+{total}\s+[\d.]+\s+[\d.]+\s+[\d.]+$", stdout, re.M)


def test_bench_extract_times_the_article_pages_of_each_site(built: Path) -> None:
    """``bench_extract.py --mirror DIR``: a row per site with its pages' parse, platform detection and
    extraction, then the mean of all; the total is parse and extraction."""
    import re

    from tests.bench_helpers import run_bench

    stdout = run_bench("bench_extract.py", "--mirror", str(built), "--pages", "2", "--min-seconds", "0.01")
    number = r"\s+([\d.]+)"
    rows = re.findall(rf"^(\S+)\s+(\d+){number * 5}$", stdout, re.M)
    sites = [p.name for p in sorted(built.glob("*/")) if (p / "truth.json").is_file()]
    assert [site for site, *_ in rows] == [*sites, "all"]
    for site, pages, kb, parse_ms, detect_ms, item_ms, total_ms in rows:
        assert int(pages) == (2 * len(sites) if site == "all" else 2)
        assert float(kb) > 50 and float(parse_ms) > 0 and float(detect_ms) > 0 and float(item_ms) > 0
        assert float(total_ms) == pytest.approx(float(parse_ms) + float(item_ms), abs=0.011)


def test_served_with_gzip_html_goes_encoded_to_a_client_that_asks(built: Path) -> None:
    """``bench/run.py --gzip-transfer LEVEL``: as real servers do, HTML is sent gzipped to a client that
    accepts it (Scrapy does), plain to one that does not; other files always plain."""
    import gzip
    import urllib.request

    folder = built / "s00_sharepoint"
    routes = json.loads((folder / "routes.json").read_text("utf-8"))["routes"]
    page = next(r for r in routes if r.get("file", "").endswith(".html") and not r.get("query"))
    other = next(r for r in routes if r.get("file") and not r["file"].endswith(".html"))

    def fetch(url: str, accept: str | None) -> tuple[str | None, bytes]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.headers.get("Content-Encoding"), resp.read()

    with bench_mirror.serve(built, procs=1, gzip_level=6) as servers:
        base = servers.sites[0].base_url
        encoded, sent = fetch(base + page["path"], "gzip, deflate, br")
        plain = fetch(base + page["path"], None)
        asset = fetch(base + other["path"], "gzip, deflate, br")
    html = (folder / page["file"]).read_bytes()
    assert (encoded, gzip.decompress(sent) == html, len(sent) < len(html) / 2) == ("gzip", True, True)
    assert plain == (None, html)
    assert asset == (None, (folder / other["file"]).read_bytes())


@pytest.mark.parametrize("platform", bench_mirror.PLATFORMS)
def test_padding_names_no_other_family(platform: str) -> None:
    """The chrome and blob are the page's own family's: a page detected without a registry ``platform``
    gets the family its unpadded demo page gets (the UIArticleInMenu articles once carried SharePoint's
    ``_spPageContextInfo`` and so were read as SharePoint pages)."""
    import random

    from crawler.pages.platforms import detect_platform

    folder = ROOT / "crawler" / "demo" / "sites" / platform
    pages = sorted((folder / "pages").glob("*.html"))
    chrome = bench_mirror.site_chrome(platform, 7)
    url = "http://127.0.0.1:8000/"
    checked = 0
    for path in pages:
        html = path.read_text("utf-8")
        padded = bench_mirror.pad_page(html, chrome, platform, random.Random(path.name))
        if padded == html:
            continue  # a fragment: not padded
        assert detect_platform(padded, url) == detect_platform(html, url), path.name
        checked += 1
    assert checked >= 10
