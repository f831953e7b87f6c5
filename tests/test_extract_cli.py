"""`python -m crawler.extract`: saved pages in, one item per line out, decoded as the crawl decodes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import serve_mirrors
from tests.crawl_helpers import ROOT, crawl, write_registry

FIXTURES = ROOT / "tests" / "fixtures"
ENCODINGS = sorted(p for p in (FIXTURES / "encodings").iterdir() if (p / "page.html").is_file())


def extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.extract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _expected(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def test_one_line_per_page_with_the_url_from_meta_json() -> None:
    pages = [FIXTURES / "sharepoint/article-1/page.html", FIXTURES / "joomla/article-1/page.html"]
    proc = extract(*map(str, pages))
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    urls = [json.loads((p.parent / "meta.json").read_text(encoding="utf-8"))["url"] for p in pages]
    assert (proc.returncode, [item["url"] for item in lines]) == (0, urls)


def test_item_matches_the_fixture_expectation() -> None:
    case = FIXTURES / "sharepoint/article-1"
    item = json.loads(extract(str(case / "page.html")).stdout)
    expected = _expected(case)
    fields = ("title", "published_at", "author", "text")
    assert {f: item[f] for f in fields} == {f: expected[f] for f in fields}


def test_item_has_every_contract_field_and_a_content_hash() -> None:
    item = json.loads(extract(str(FIXTURES / "drupal/article-1/page.html")).stdout)
    schema = json.loads((ROOT / "crawler/schema/article.schema.json").read_text(encoding="utf-8"))
    assert set(item) == set(schema["properties"])
    assert len(item["content_hash"]) == 40


def test_url_option_overrides_meta_json() -> None:
    proc = extract(str(FIXTURES / "drupal/article-1/page.html"), "--url", "https://example.gov.vn/x")
    assert json.loads(proc.stdout)["url"] == "https://example.gov.vn/x"


def test_unreadable_page_gives_an_error_line_not_a_traceback(tmp_path: Path) -> None:
    good = FIXTURES / "sharepoint/article-1/page.html"
    proc = extract(str(tmp_path / "missing.html"), str(good))
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert (proc.returncode, first["file"], "error" in first, "title" in second) == (
        1,
        str(tmp_path / "missing.html"),
        True,
        True,
    )
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", ENCODINGS, ids=[c.name for c in ENCODINGS])
def test_legacy_encodings_through_extract(case: Path) -> None:
    expected = _expected(case)
    args = [str(case / "page.html"), "--url", f"http://stttt.example.gov.vn/{case.name}.html"]
    if expected.get("header_charset"):
        args += ["--charset", expected["header_charset"]]
    item = json.loads(extract(*args).stdout)
    assert (item["title"], item["text"].split("\n\n")[0] if not item["summary"] else item["summary"]) == (
        expected["title"],
        expected["first_paragraph"],
    )


def _encodings_mirror(root: Path) -> Path:
    """A tiny site serving each legacy-encoded page with the Content-Type its README names."""
    site = root / "legacy"
    site.mkdir()
    links, routes = [], []
    for case in ENCODINGS:
        charset = _expected(case).get("header_charset")
        (site / f"{case.name}.html").write_bytes((case / "page.html").read_bytes())
        ctype = f"text/html; charset={charset}" if charset else "text/html"
        routes.append({"path": f"/tin/{case.name}.html", "file": f"{case.name}.html", "content_type": ctype})
        links.append(f'<li><a href="/tin/{case.name}.html">{_expected(case)["title"]}</a> (01/01/2005)</li>')
    listing = f"<html><body><h1>Tin hoạt động</h1><ul>{''.join(links)}</ul></body></html>"
    (site / "listing.html").write_text(listing, encoding="utf-8")
    routes.append({"path": "/tin-hoat-dong", "file": "listing.html"})
    (site / "routes.json").write_text(json.dumps({"routes": routes}), encoding="utf-8")
    return site


def test_legacy_encodings_through_the_crawl(tmp_path: Path) -> None:
    with serve_mirrors([_encodings_mirror(tmp_path)]) as served:
        entry = {
            "id": "legacy",
            "name": "Sở TT&TT",
            "province": "X",
            "start_urls": [served[0].base_url + "/tin-hoat-dong"],
        }
        run = crawl(tmp_path, f"sites={write_registry([entry], tmp_path / 'sites.yaml')}")
    got = {item["url"].rsplit("/", 1)[1].removesuffix(".html"): item["title"] for item in run.items()}
    assert got == {case.name: _expected(case)["title"] for case in ENCODINGS}, run.stderr[-2000:]
