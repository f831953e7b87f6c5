"""`python -m crawler.extract --warc`: a run's article records re-extracted into items, offline."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.extract import extract_file, main
from crawler.pipelines.text import TextPipeline
from crawler.pipelines.validate import check_item
from crawler.registry import load_registry
from tests.crawl_helpers import write_registry
from tests.warc_helpers import FIXTURES, ROOT, Capture, RunWriter, article_meta, fixture_capture, write_warc

PLATFORMS = ["sharepoint", "portal", "uiarticle", "liferay", "dnn", "joomla", "drupal"]
ENCODINGS = sorted(p for p in (FIXTURES / "encodings").iterdir() if (p / "page.html").is_file())
JOOMLA = FIXTURES / "joomla" / "article-1"
PDF = b"%PDF-1.4 " + bytes(range(256)) * 20
NO_DATE_PAGE = """<html><head><title>Hội nghị tổng kết</title></head><body><div class="content">
<h1>Hội nghị tổng kết công tác năm</h1>
<p>Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm mới.</p>
<p>Các đại biểu đã thảo luận về chuyển đổi số và an toàn thông tin mạng trong các cơ quan nhà nước.</p>
</div></body></html>""".encode()


def _meta(case: Path) -> dict[str, Any]:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))


def _expected(case: Path) -> dict[str, Any]:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def _site_id(platform: str) -> str:
    return f"fx_{platform}"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site per fixture platform, on the host of its saved article (as the crawl's registry has)."""
    entries = []
    for platform in PLATFORMS:
        url = _meta(FIXTURES / platform / "article-1")["url"]
        parts = urlsplit(url)
        entries.append(
            {
                "id": _site_id(platform),
                "name": f"Sở TT&TT {platform}",
                "province": "Thử nghiệm",
                "start_urls": [f"{parts.scheme}://{parts.netloc}/"],
                "platform": platform,
            }
        )
    entries.append(
        {"id": "plain", "name": "Sở TT&TT", "province": "X", "start_urls": ["http://stttt.example.gov.vn/"]}
    )
    return write_registry(entries, tmp_path_factory.mktemp("registry") / "sites.yaml")


def run_extract(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    status = main(["--warc", *args])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def _one_item(capsys: pytest.CaptureFixture[str], registry: Path, captures: list[Capture], tmp: Path) -> dict:
    path, _ = write_warc(tmp, captures)
    status, lines, err = run_extract(capsys, str(path), "--sites", str(registry))
    assert (status, len(lines)) == (0, 1), err
    return lines[0]


# -- the same item as the crawl's code makes of the same bytes -------------------------------------------
@pytest.mark.parametrize("platform", PLATFORMS)
def test_item_is_the_one_the_page_gives(
    platform: str, registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same bytes, URL, header charset and site: the item `crawler.extract PAGE` gives (fetch facts aside)."""
    case = FIXTURES / platform / "article-1"
    item = _one_item(
        capsys, registry, [fixture_capture(case, site=_site_id(platform), category=None)], tmp_path
    )
    site = next(s for s in load_registry(registry) if s.id == _site_id(platform))
    page = extract_file(case / "page.html", url=None, site=site, text_stage=TextPipeline())
    ignore = ("fetched_at", "warc", "attachments")
    assert {k: v for k, v in item.items() if k not in ignore} == {
        k: v for k, v in page.items() if k not in ignore
    }


@pytest.mark.parametrize(
    "field", ["title", "published_at", "published_at_raw", "author", "summary", "text", "images"]
)
def test_field_matches_the_fixture_expectation(
    field: str, registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = _one_item(capsys, registry, [fixture_capture(JOOMLA, site="fx_joomla")], tmp_path)
    assert item[field] == _expected(JOOMLA)[field]


def test_attachment_links_match_the_fixture_expectation(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = _one_item(capsys, registry, [fixture_capture(JOOMLA, site="fx_joomla")], tmp_path)
    assert [(a["url"], a["name"]) for a in item["attachments"]] == [
        (a["url"], a["name"]) for a in _expected(JOOMLA)["attachments"]
    ]


def test_item_passes_the_crawls_schema_check(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = _one_item(capsys, registry, [fixture_capture(JOOMLA, site="fx_joomla")], tmp_path)
    assert check_item(item) == (None, [])


@pytest.mark.parametrize("case", ENCODINGS, ids=[c.name for c in ENCODINGS])
def test_legacy_encodings_decode_as_in_the_crawl(
    case: Path, registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected(case)
    charset = expected.get("header_charset")
    capture = Capture(
        url=f"http://stttt.example.gov.vn/{case.name}.html",
        body=(case / "page.html").read_bytes(),
        content_type=f"text/html; charset={charset}" if charset else "text/html",
        meta=article_meta("plain"),
    )
    item = _one_item(capsys, registry, [capture], tmp_path)
    assert item["title"] == expected["title"]


def test_gzip_encoded_page_gives_the_same_item(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = _one_item(capsys, registry, [fixture_capture(JOOMLA, site="fx_joomla")], tmp_path / "a")
    packed = fixture_capture(JOOMLA, site="fx_joomla")
    packed.encoding = "gzip"
    item = _one_item(capsys, registry, [packed], tmp_path / "b")
    assert (item["title"], item["text"], item["content_hash"]) == (
        plain["title"],
        plain["text"],
        plain["content_hash"],
    )


# -- what the crawl knew around the page -------------------------------------------------------------------
def test_warc_reference_is_the_response_record(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, written = write_warc(tmp_path, [fixture_capture(JOOMLA, site="fx_joomla")])
    _, (item,), _ = run_extract(capsys, str(path), "--sites", str(registry))
    assert item["warc"] == written[0].ref()


def test_fetched_at_is_the_warc_date(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capture = fixture_capture(JOOMLA, site="fx_joomla")
    capture.date = "2026-11-26T01:02:03Z"
    assert _one_item(capsys, registry, [capture], tmp_path)["fetched_at"] == "2026-11-26T01:02:03Z"


def test_category_comes_from_the_metadata(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capture = fixture_capture(JOOMLA, site="fx_joomla", category="Hoạt động của Sở")
    assert _one_item(capsys, registry, [capture], tmp_path)["category"] == "Hoạt động của Sở"


def test_listing_entry_date_is_used_when_the_page_has_none(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://stttt.example.gov.vn/tin/hoi-nghi.html"
    entry = {"url": url, "title": "Hội nghị tổng kết công tác năm", "date_raw": "05/06/2023"}
    capture = Capture(url=url, body=NO_DATE_PAGE, meta=article_meta("plain", entry=entry))
    assert _one_item(capsys, registry, [capture], tmp_path)["published_at"] == "2023-06-05"


def test_without_the_entry_that_page_has_no_date(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control for the test above: the date does come from the entry."""
    capture = Capture(
        url="http://stttt.example.gov.vn/tin/hoi-nghi.html", body=NO_DATE_PAGE, meta=article_meta("plain")
    )
    assert _one_item(capsys, registry, [capture], tmp_path)["published_at"] is None


def _pdf_capture(url: str, **kwargs: Any) -> Capture:
    return Capture(
        url=url,
        body=PDF,
        content_type="application/pdf",
        meta={**article_meta("fx_joomla"), "kind": "attachment"},
        **kwargs,
    )


def test_downloaded_attachment_has_size_and_sha256(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_url = _expected(JOOMLA)["attachments"][0]["url"]
    captures = [fixture_capture(JOOMLA, site="fx_joomla"), _pdf_capture(pdf_url, encoding="gzip")]
    (attachment,) = _one_item(capsys, registry, captures, tmp_path)["attachments"]
    assert (attachment["size"], attachment["sha256"]) == (len(PDF), hashlib.sha256(PDF).hexdigest())


def test_attachment_not_downloaded_has_null_size_and_sha256(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (attachment,) = _one_item(capsys, registry, [fixture_capture(JOOMLA, site="fx_joomla")], tmp_path)[
        "attachments"
    ]
    assert (attachment["size"], attachment["sha256"]) == (None, None)


def test_failed_attachment_download_has_null_size(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_url = _expected(JOOMLA)["attachments"][0]["url"]
    captures = [fixture_capture(JOOMLA, site="fx_joomla"), _pdf_capture(pdf_url, status="404 Not Found")]
    (attachment,) = _one_item(capsys, registry, captures, tmp_path)["attachments"]
    assert attachment["size"] is None


def test_retried_attachment_download_counts_the_attempt_that_came_whole(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_url = _expected(JOOMLA)["attachments"][0]["url"]
    captures = [
        fixture_capture(JOOMLA, site="fx_joomla"),
        _pdf_capture(pdf_url, status="503 Service Unavailable"),
        _pdf_capture(pdf_url),
    ]
    (attachment,) = _one_item(capsys, registry, captures, tmp_path)["attachments"]
    assert attachment["sha256"] == hashlib.sha256(PDF).hexdigest()


def test_attachment_fetched_before_the_article_is_reused(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The crawl lists a document it already holds: the fetch before the article, not a later one."""
    pdf_url = _expected(JOOMLA)["attachments"][0]["url"]
    later = Capture(url=pdf_url, body=PDF + b"changed", content_type="application/pdf")
    captures = [_pdf_capture(pdf_url), fixture_capture(JOOMLA, site="fx_joomla"), later]
    (attachment,) = _one_item(capsys, registry, captures, tmp_path)["attachments"]
    assert attachment["size"] == len(PDF)


def test_attachment_in_the_next_file_of_the_run_is_found(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf_url = _expected(JOOMLA)["attachments"][0]["url"]
    run = RunWriter(tmp_path)
    first, _ = run.write_file([fixture_capture(JOOMLA, site="fx_joomla")])
    run.write_file([_pdf_capture(pdf_url)])
    _, (item,), _ = run_extract(capsys, str(first), "--sites", str(registry))
    assert item["attachments"][0]["size"] == len(PDF)


# -- files, errors, exit status ----------------------------------------------------------------------------
def test_every_article_record_of_every_file_in_order(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = RunWriter(tmp_path)
    cases = [FIXTURES / p / "article-1" for p in ("sharepoint", "joomla", "drupal")]
    one, _ = run.write_file(
        [fixture_capture(cases[0], site="fx_sharepoint"), fixture_capture(cases[1], site="fx_joomla")]
    )
    two, _ = run.write_file([fixture_capture(cases[2], site="fx_drupal")])
    status, lines, _ = run_extract(capsys, str(one), str(two), "--sites", str(registry))
    assert (status, [line["url"] for line in lines]) == (0, [_meta(c)["url"] for c in cases])


def test_a_folder_means_its_warc_files(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = RunWriter(tmp_path)
    run.write_file([fixture_capture(JOOMLA, site="fx_joomla")])
    run.write_file([fixture_capture(FIXTURES / "drupal/article-1", site="fx_drupal")])
    status, lines, _ = run_extract(capsys, str(tmp_path), "--sites", str(registry))
    assert (status, len(lines)) == (0, 2)


def test_listing_pages_and_attachments_give_no_item(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = fixture_capture(FIXTURES / "joomla/listing-1", site="fx_joomla")
    listing.meta = {**article_meta("fx_joomla"), "kind": "listing"}
    captures = [
        listing,
        fixture_capture(JOOMLA, site="fx_joomla"),
        _pdf_capture("http://tttt.gialai.gov.vn/x.pdf"),
    ]
    path, _ = write_warc(tmp_path, captures)
    _, lines, _ = run_extract(capsys, str(path), "--sites", str(registry))
    assert [line["url"] for line in lines] == [_meta(JOOMLA)["url"]]


@pytest.mark.parametrize("status", ["404 Not Found", "301 Moved Permanently", "503 Service Unavailable"])
def test_http_error_or_redirect_record_is_skipped_as_the_crawl_skips_it(
    status: str, registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failed = fixture_capture(JOOMLA, site="fx_joomla")
    failed.status = status
    path, _ = write_warc(tmp_path, [failed])
    code, lines, err = run_extract(capsys, str(path), "--sites", str(registry))
    assert (code, lines, "skipped" in err) == (0, [], True)


def test_site_missing_from_the_registry_is_an_error_line(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, written = write_warc(tmp_path, [fixture_capture(JOOMLA, site="gone_site")])
    status, (line,), _ = run_extract(capsys, str(path), "--sites", str(registry))
    assert (status, line["offset"], "gone_site" in line["error"]) == (1, written[0].offset, True)


def test_missing_file_is_an_error_line(
    registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, (line,), _ = run_extract(capsys, str(tmp_path / "none.warc.gz"), "--sites", str(registry))
    assert (status, line["file"]) == (1, str(tmp_path / "none.warc.gz"))


def test_bad_registry_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = write_warc(tmp_path, [fixture_capture(JOOMLA, site="fx_joomla")])
    (tmp_path / "bad.yaml").write_text("sites: 3\n", encoding="utf-8")
    assert main(["--warc", str(path), "--sites", str(tmp_path / "bad.yaml")]) == 2


def test_pages_and_warc_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(JOOMLA / "page.html"), "--warc", str(tmp_path / "x.warc.gz")])
    assert exc.value.code == 2


def test_bad_record_gives_an_error_line_not_a_traceback(registry: Path, tmp_path: Path) -> None:
    """Through the command line: the damaged record is named, the good one still extracted, exit status 1."""
    damaged = fixture_capture(JOOMLA, site="fx_joomla")
    damaged.headers = [("Content-Encoding", "gzip")]  # says gzip, is not
    good = fixture_capture(FIXTURES / "drupal/article-1", site="fx_drupal")
    path, written = write_warc(tmp_path, [damaged, good])
    proc = subprocess.run(
        [sys.executable, "-m", "crawler.extract", "--warc", str(path), "--sites", str(registry)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert (
        proc.returncode,
        first["offset"],
        "error" in first,
        second["url"],
        "Traceback" in proc.stderr,
    ) == (
        1,
        written[0].offset,
        True,
        _meta(FIXTURES / "drupal/article-1")["url"],
        False,
    )
