"""The bundled demo mirrors (crawler/demo/sites): served, complete, consistent with their truth.json.

Each mirror is served on loopback with ``serve_mirrors``: every route must answer as declared, every
article in truth.json must be linked from the listing pages (followed the way the site paginates, GET or
POST), and what truth.json says an article holds must really be on its page. Each home page's menus
lead to the listing under the label truth.json records. The committed output must also be exactly what
the seeded generator produces, and the saved-page fixtures copies of it.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import lxml.html
import pytest

from crawler.demo.server import serve_mirrors
from crawler.demo.sitegen import PLATFORMS, generate

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "crawler" / "demo" / "sites"
FIXTURES = ROOT / "tests" / "fixtures"


@cache
def truth(platform: str) -> dict:
    return json.loads((SITES / platform / "truth.json").read_text(encoding="utf-8"))


@cache
def routes(platform: str) -> list[dict]:
    return json.loads((SITES / platform / "routes.json").read_text(encoding="utf-8"))["routes"]


def fetch(base: str, method: str, path: str, query: str = "", form: dict | None = None) -> tuple[int, bytes]:
    url = base + path + ("?" + query if query else "")
    data = urlencode(form or {}).encode() if method == "POST" else None
    req = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def links(body: bytes) -> list[str]:
    """Every <a href> of a page or fragment as path?query (entities decoded by the parser)."""
    doc = lxml.html.fromstring(body.decode("utf-8") or "<div></div>")
    out = []
    for href in doc.xpath("//a/@href"):
        parts = urlsplit(href)
        if not parts.scheme and href.startswith("/"):
            out.append(parts.path + ("?" + parts.query if parts.query else ""))
    return out


@pytest.fixture(scope="module")
def served() -> dict[str, str]:
    with serve_mirrors([SITES / p for p in PLATFORMS]) as mirrors:
        yield {s.mirror.name: s.base_url for s in mirrors}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_route_answers_with_its_file(served: dict[str, str], platform: str) -> None:
    base = served[platform]

    def ask(route: dict) -> tuple[dict, int, bytes]:
        query = route.get("query", "")
        form = dict(route.get("form") or {})
        if query == "*":
            query = "zz_unmatched=1"  # only the wildcard route can take this
        if route["method"] == "POST" and not form:
            form = {"zz_unmatched": "1"}
        return (route, *fetch(base, route["method"], route["path"], query, form))

    with ThreadPoolExecutor(max_workers=6) as pool:
        for route, status, body in pool.map(ask, routes(platform)):
            assert status == route.get("status", 200), route
            assert body == (SITES / platform / route["file"]).read_bytes(), route


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_article_is_linked_from_the_listing_pages(served: dict[str, str], platform: str) -> None:
    base = served[platform]
    t = truth(platform)
    assert len(t["listings"]) == t["listing_pages"] >= 3
    seen: set[str] = set()
    for n, listing in enumerate(t["listings"], 1):
        status, body = fetch(base, listing["method"], listing["path"], listing["query"], listing["form"])
        assert status == 200, listing
        hrefs = set(links(body))
        assert set(listing["article_paths"]) <= hrefs, f"page {n}"
        assert 8 <= len(listing["article_paths"]) <= 15 or n == len(t["listings"])
        seen |= hrefs
        if n < len(t["listings"]):
            assert listing["next"]["method"] in ("GET", "POST")
    assert {a["path"] for a in t["articles"]} <= seen
    assert 25 <= len(t["articles"]) <= 50


@pytest.mark.parametrize("platform", PLATFORMS)
def test_pagination_past_the_end_and_postbacks(served: dict[str, str], platform: str) -> None:
    base = served[platform]
    t = truth(platform)
    last = t["listings"][-1]
    second = t["listings"][1]
    if second["method"] == "POST":  # postback / AJAX pages answer only to the right form
        status, body = fetch(base, "POST", second["path"], "", second["form"])
        assert status == 200 and set(second["article_paths"]) <= set(links(body))
        status, body = fetch(base, "GET", second["path"])
        assert body != (SITES / platform / second["file"]).read_bytes()
    else:  # a GET pager asked for a page far beyond the end shows the last page again
        beyond = (
            re.sub(r"(\d+)$", "99", second["query"])
            if platform != "joomla"
            else second["query"].replace("limitstart=10", f"limitstart={t['listing_pages'] * 10}")
        )
        status, body = fetch(base, "GET", second["path"], beyond)
        assert status == 200
        assert set(last["article_paths"]) <= set(links(body))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_truth_is_what_the_pages_show(platform: str) -> None:
    t = truth(platform)
    files = {
        r["path"] + ("?" + r["query"] if r.get("query") not in (None, "", "*") else ""): r["file"]
        for r in routes(platform)
        if r["method"] == "GET"
    }
    for art in t["articles"]:
        html = (SITES / platform / files[art["path"]]).read_text(encoding="utf-8")
        doc = lxml.html.fromstring(html)
        for bad in doc.xpath("//script|//style"):
            bad.drop_tree()
        page = norm(doc.text_content())
        where = art["path"]
        assert art["title"] in page, where
        assert art["text"], where
        for para in art["text"].split("\n\n"):
            assert para == norm(para) and para in page, (where, para)
        if art["date_on_page"]:
            assert art["published_at_raw"] in page, where
        if art["author"]:
            assert art["author"] in page, where
        if art["summary"]:
            assert art["summary"] in page, where
        srcs = set(doc.xpath("//img/@src"))
        for img in art["images"]:
            assert img["path"] in srcs, where
            if img["caption"]:
                assert img["caption"] in page or img["caption"] in html, where
        hrefs = set(doc.xpath("//a/@href"))
        for att in art["attachments"]:
            assert att["path"] in hrefs and att["name"] in page, where
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:00\+07:00)?", art["published_at"]), where


@pytest.mark.parametrize("platform", PLATFORMS)
def test_committed_mirror_is_the_generator_output(tmp_path: Path, platform: str) -> None:
    generate(platform, tmp_path)
    made = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    committed = {p.relative_to(SITES / platform) for p in (SITES / platform).rglob("*") if p.is_file()}
    assert made == committed
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (SITES / platform / rel).read_bytes(), rel
    assert sum((SITES / platform / rel).stat().st_size for rel in committed) < 1_500_000


def test_generator_scales_for_benchmarks(tmp_path: Path) -> None:
    generate("drupal", tmp_path, n_articles=125, seed=3, pad_bytes=20_000)
    t = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert len(t["articles"]) == 125 and t["listing_pages"] == 13
    assert len({a["path"] for a in t["articles"]}) == 125
    assert min(p.stat().st_size for p in (tmp_path / "pages").glob("article-*.html")) > 20_000


@pytest.mark.parametrize("platform", PLATFORMS)
def test_fixtures_are_copies_of_the_mirror(platform: str) -> None:
    cases = sorted((FIXTURES / platform).iterdir())
    kinds = [json.loads((c / "meta.json").read_text(encoding="utf-8"))["kind"] for c in cases]
    assert kinds.count("article") == 2 and kinds.count("listing") >= 2 and kinds.count("home") == 1
    articles = {a["path"]: a for a in truth(platform)["articles"]}
    site = truth(platform)["site"]
    base = site["real_base"]
    for case in cases:
        meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        assert (case / "page.html").read_bytes() == (SITES / platform / meta["source"]["file"]).read_bytes()
        assert meta["url"].startswith(base + "/") and meta["platform"] == platform
        if meta["kind"] == "article":
            art = articles[meta["url"][len(base) :]]
            assert expected["text"] == art["text"] and expected["title"] == art["title"]
            assert [i["url"] for i in expected["images"]] == [base + i["path"] for i in art["images"]]
        elif meta["kind"] == "home":
            assert meta["url"] == base + site["home_path"]
            assert expected["listing_url"] == base + site["start_paths"][0]
            assert expected["category"] == site["home_category"]
            assert expected["fallback"] is (site["home_category"] == NEWS)
        else:
            assert expected["article_urls"] and all(
                u.startswith(base + "/") for u in expected["article_urls"]
            )


# ---- home pages ---------------------------------------------------------------------------------------
NEWS = "Tin tức - Sự kiện"
#: Link texts a crawler takes for the target category (exactly, or followed by more words).
CATEGORY_LABELS = ("tin hoạt động", "hoạt động của sở", "tin hoạt động của sở", "tin hoạt động ngành")


def fold(text: str) -> str:
    return norm(text).casefold()


def named_links(body: bytes) -> list[tuple[str, str]]:
    """(text, path?query) of every on-site link of a page, the text whitespace-collapsed."""
    doc = lxml.html.fromstring(body.decode("utf-8"))
    out = []
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if href.startswith("/"):
            parts = urlsplit(href)
            out.append((norm(a.text_content()), parts.path + ("?" + parts.query if parts.query else "")))
    return out


def names_category(text: str) -> bool:
    label = fold(text)
    return any(label == c or label.startswith(c + " ") for c in CATEGORY_LABELS)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_home_page_menus_lead_to_the_listing(served: dict[str, str], platform: str) -> None:
    site = truth(platform)["site"]
    listing = site["start_paths"][0]
    status, body = fetch(served[platform], "GET", site["home_path"])
    assert status == 200
    assert body == (SITES / platform / "pages" / "home.html").read_bytes()
    pairs = named_links(body)
    label = site["home_category"]
    to_listing = [text for text, href in pairs if href == listing]
    assert to_listing.count(label) >= 2  # the menu entry and the box title
    assert "Xem thêm" in {fold(t).rstrip(" ».").capitalize() for t in to_listing}
    named = [(text, href) for text, href in pairs if names_category(text)]
    news = [href for text, href in pairs if fold(text) == fold(NEWS)]
    if label == NEWS:  # the fallback family: nothing names the category, "Tin tức - Sự kiện" leads there
        assert named == []
        assert news and set(news) == {listing}
    else:
        assert named and set(named) == {(label, listing)}
        assert news and listing not in news  # "Tin tức - Sự kiện" is another page there
    target = {a["path"] for a in truth(platform)["articles"]}
    assert 4 <= len(target & {href for _, href in pairs}) <= 12
    assert b"Tin n\xe1\xbb\x95i b\xe1\xba\xadt" in body  # "Tin nổi bật"


def test_home_menu_labels_cover_every_variant() -> None:
    labels = [truth(p)["site"]["home_category"] for p in PLATFORMS]
    assert labels.count("Tin hoạt động") == 2 and labels.count(NEWS) == 1
    assert {"Hoạt động của Sở", "Tin hoạt động của Sở", "Tin hoạt động ngành"} <= set(labels)
    assert {fold(x) for x in labels} <= {*CATEGORY_LABELS, fold(NEWS)}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_link_and_picture_of_the_home_page_answers(served: dict[str, str], platform: str) -> None:
    base = served[platform]
    body = (SITES / platform / "pages" / "home.html").read_bytes()
    doc = lxml.html.fromstring(body.decode("utf-8"))
    targets = {href for _, href in named_links(body)} | {
        src for src in doc.xpath("//img/@src") if src.startswith("/")
    }
    assert len(targets) >= 30

    def ask(target: str) -> tuple[str, int]:
        path, _, query = target.partition("?")
        return target, fetch(base, "GET", path, query)[0]

    with ThreadPoolExecutor(max_workers=6) as pool:
        for target, status in pool.map(ask, sorted(targets)):
            assert status == 200, target
