"""crawler.archive.reader: article captures and attachment downloads read back from a run's WARC files."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from crawler.archive.reader import (
    NOT_DOWNLOADED,
    ArticleCapture,
    CaptureError,
    ContentError,
    Download,
    WarcSet,
    decode_content,
    run_set,
    warc_paths,
)
from tests.warc_helpers import RUN_ID, Capture, RunWriter, append_metadata, article_meta, encode, write_warc

PAGE = "<html><head><title>Tin 1</title></head><body><p>Nội dung bài viết.</p></body></html>".encode()
URL = "http://stttt.example.gov.vn/tin/1.html"
PDF_URL = "http://stttt.example.gov.vn/files/ke-hoach.pdf"
PDF = b"%PDF-1.4 " + bytes(range(256)) * 40


def _article(url: str = URL, body: bytes = PAGE, **kwargs: object) -> Capture:
    return Capture(url=url, body=body, meta=article_meta("demo"), **kwargs)  # type: ignore[arg-type]


def _captures(warcs: WarcSet) -> list[ArticleCapture]:
    found = list(warcs.articles())
    assert all(isinstance(c, ArticleCapture) for c in found), found
    return found  # type: ignore[return-value]


# -- article captures --------------------------------------------------------------------------------------
def test_capture_points_at_its_response_record(tmp_path: Path) -> None:
    path, written = write_warc(tmp_path, [_article()])
    (capture,) = _captures(WarcSet([path]))
    assert capture.ref.as_item() == written[0].ref()


def test_capture_fetched_at_is_the_records_warc_date(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [_article(date="2026-11-26T01:02:03Z")])
    (capture,) = _captures(WarcSet([path]))
    assert capture.fetched_at == "2026-11-26T01:02:03Z"


def test_capture_body_is_the_body_as_sent(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [_article()])
    (capture,) = _captures(WarcSet([path]))
    assert capture.body == PAGE


@pytest.mark.parametrize("field", ["site", "category", "entry", "run_id"])
def test_capture_carries_the_metadata_record(tmp_path: Path, field: str) -> None:
    entry = {"url": URL, "title": "Tin 1", "date_raw": "05/06/2023"}
    meta = article_meta("demo", category="Hoạt động của Sở", entry=entry)
    path, _ = write_warc(tmp_path, [Capture(url=URL, body=PAGE, meta=meta)])
    (capture,) = _captures(WarcSet([path]))
    assert getattr(capture, field) == meta[field]


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_content_encoding_is_undone(tmp_path: Path, encoding: str) -> None:
    path, _ = write_warc(tmp_path, [_article(encoding=encoding)])
    (capture,) = _captures(WarcSet([path]))
    assert capture.body == PAGE


def test_the_record_keeps_the_body_as_received(tmp_path: Path) -> None:
    """The WARC holds the gzip bytes (what the server sent), the reader the page: both are needed."""
    _, written = write_warc(tmp_path, [_article(encoding="gzip")])
    digest = hashlib.sha1(encode(PAGE, "gzip")).digest()
    assert written[0].payload_digest == "sha1:" + base64.b32encode(digest).decode()


def test_charset_comes_from_the_content_type_header(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [_article(content_type="text/html; charset=windows-1258")])
    (capture,) = _captures(WarcSet([path]))
    assert capture.charset == "windows-1258"


def test_no_charset_without_one_in_the_header(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [_article(content_type="text/html")])
    (capture,) = _captures(WarcSet([path]))
    assert capture.charset is None


def test_revisit_gives_the_original_payload(tmp_path: Path) -> None:
    second = "http://stttt.example.gov.vn/tin/1-copy.html"
    path, written = write_warc(tmp_path, [_article(), _article(url=second)])
    captures = _captures(WarcSet([path]))
    assert (written[1].rec_type, captures[1].url, captures[1].body) == ("revisit", second, PAGE)


def test_revisit_capture_points_at_the_revisit_record(tmp_path: Path) -> None:
    path, written = write_warc(tmp_path, [_article(), _article(url=URL + "?print=0")])
    captures = _captures(WarcSet([path]))
    assert captures[1].ref.as_item() == written[1].ref()


def test_revisit_of_a_payload_in_another_file_of_the_run(tmp_path: Path) -> None:
    run = RunWriter(tmp_path)
    run.write_file([_article()])
    second, written = run.write_file([_article(url=URL + "?p=2")])
    found = list(WarcSet(run_set([second])).articles([second]))
    assert (written[0].rec_type, [c.body for c in found if isinstance(c, ArticleCapture)]) == (
        "revisit",
        [PAGE],
    )


def test_revisit_without_its_original_is_an_error(tmp_path: Path) -> None:
    run = RunWriter(tmp_path)
    first, _ = run.write_file([_article()])
    second, _ = run.write_file([_article(url=URL + "?p=2")])
    first.unlink()
    (found,) = WarcSet([second]).articles()
    assert isinstance(found, CaptureError) and "revisit" in found.error


def test_listing_and_attachment_metadata_are_not_articles(tmp_path: Path) -> None:
    listing = Capture(
        url="http://stttt.example.gov.vn/tin", body=PAGE, meta={**article_meta("demo"), "kind": "listing"}
    )
    pdf = Capture(
        url=PDF_URL,
        body=PDF,
        content_type="application/pdf",
        meta={**article_meta("demo"), "kind": "attachment"},
    )
    path, _ = write_warc(tmp_path, [listing, pdf, _article()])
    assert [c.url for c in _captures(WarcSet([path]))] == [URL]


def test_metadata_that_is_not_json_is_an_error(tmp_path: Path) -> None:
    path, written = write_warc(tmp_path, [Capture(url=URL, body=PAGE, meta=None)])
    offset = append_metadata(path, URL, b"not json", written[0].record_id)
    (found,) = WarcSet([path]).articles()
    assert (type(found), found.offset, "not JSON" in getattr(found, "error", "")) == (
        CaptureError,
        offset,
        True,
    )


def test_metadata_without_its_response_is_an_error(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [Capture(url=URL, body=PAGE, meta=None)])
    body = json.dumps(article_meta("demo")).encode()
    append_metadata(path, "http://stttt.example.gov.vn/other.html", body, "<urn:uuid:nowhere>")
    (found,) = WarcSet([path]).articles()
    assert isinstance(found, CaptureError) and "no response record" in found.error


def test_metadata_without_a_link_falls_back_to_the_response_before_it(tmp_path: Path) -> None:
    path, written = write_warc(tmp_path, [Capture(url=URL, body=PAGE, meta=None)])
    append_metadata(path, URL, json.dumps(article_meta("demo")).encode(), "")
    (found,) = WarcSet([path]).articles()
    assert isinstance(found, ArticleCapture) and found.ref.as_item() == written[0].ref()


def test_corrupt_encoded_body_is_an_error_not_an_exception(tmp_path: Path) -> None:
    bad = Capture(
        url=URL, body=b"not gzip at all", headers=[("Content-Encoding", "gzip")], meta=article_meta("demo")
    )
    path, written = write_warc(tmp_path, [bad, _article(url=URL + "?ok=1")])
    found = list(WarcSet([path]).articles())
    assert [(type(f).__name__, getattr(f, "offset", None)) for f in found][:1] == [
        ("CaptureError", written[0].offset)
    ]
    assert isinstance(found[1], ArticleCapture)


def test_error_page_is_passed_on_unread(tmp_path: Path) -> None:
    """The spider never sees a 503 page: a body that is not what its headers say is no error of the WARC."""
    busy = Capture(
        url=URL,
        body=b"not gzip",
        status="503 Service Unavailable",
        headers=[("Content-Encoding", "gzip")],
        meta=article_meta("demo"),
    )
    path, _ = write_warc(tmp_path, [busy])
    (found,) = WarcSet([path]).articles()
    assert (type(found), getattr(found, "status", None)) == (ArticleCapture, 503)


def test_damaged_file_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path, written = write_warc(tmp_path, [_article(), _article(url=URL + "?n=2", body=PAGE + b"<!-- 2 -->")])
    data = path.read_bytes()
    path.write_bytes(data[: written[1].offset + 40])  # the second response is cut inside its gzip member
    found = list(WarcSet([path]).articles())
    kinds = sorted(type(f).__name__ for f in found)
    assert kinds == ["ArticleCapture", "CaptureError"]


def test_payload_that_does_not_match_its_digest_is_an_error(tmp_path: Path) -> None:
    damaged = _article(payload_digest="sha1:" + "A" * 32)
    path, written = write_warc(tmp_path, [damaged])
    (found,) = WarcSet([path]).articles()
    assert (type(found), found.offset, "WARC-Payload-Digest" in getattr(found, "error", "")) == (
        CaptureError,
        written[0].offset,
        True,
    )


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    (found,) = WarcSet([tmp_path / "nope.warc.gz"]).articles()
    assert isinstance(found, CaptureError) and found.file == str(tmp_path / "nope.warc.gz")


# -- attachments -------------------------------------------------------------------------------------------
def test_download_size_and_sha256_are_of_the_decoded_body(tmp_path: Path) -> None:
    pdf = Capture(url=PDF_URL, body=PDF, content_type="application/pdf", encoding="gzip")
    path, _ = write_warc(tmp_path, [_article(), pdf])
    assert WarcSet([path]).download(PDF_URL) == Download(len(PDF), hashlib.sha256(PDF).hexdigest())


def test_download_in_another_file_of_the_run(tmp_path: Path) -> None:
    run = RunWriter(tmp_path)
    first, _ = run.write_file([_article()])
    run.write_file([Capture(url=PDF_URL, body=PDF, content_type="application/pdf")])
    assert WarcSet(run_set([first])).download(PDF_URL).size == len(PDF)


def test_download_follows_a_recorded_redirect(tmp_path: Path) -> None:
    moved = Capture(
        url=PDF_URL, body=b"", status="301 Moved Permanently", headers=[("Location", "/new/kh.pdf")]
    )
    final = Capture(url="http://stttt.example.gov.vn/new/kh.pdf", body=PDF, content_type="application/pdf")
    path, _ = write_warc(tmp_path, [moved, final])
    assert WarcSet([path]).download(PDF_URL).sha256 == hashlib.sha256(PDF).hexdigest()


def test_download_of_a_non_ascii_link_finds_the_escaped_request_url(tmp_path: Path) -> None:
    escaped = "http://stttt.example.gov.vn/files/k%E1%BA%BF%20ho%E1%BA%A1ch.pdf"
    path, _ = write_warc(tmp_path, [Capture(url=escaped, body=PDF, content_type="application/pdf")])
    assert WarcSet([path]).download("http://stttt.example.gov.vn/files/kế hoạch.pdf").size == len(PDF)


def test_http_error_is_not_a_download(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [Capture(url=PDF_URL, body=b"gone", status="404 Not Found")])
    assert WarcSet([path]).download(PDF_URL) == NOT_DOWNLOADED


def test_url_never_fetched_is_not_a_download(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [_article()])
    assert WarcSet([path]).download(PDF_URL) == NOT_DOWNLOADED


def test_revisited_attachment_has_the_originals_size(tmp_path: Path) -> None:
    pdf = Capture(url=PDF_URL, body=PDF, content_type="application/pdf")
    copy = Capture(url=PDF_URL + "?copy=1", body=PDF, content_type="application/pdf")
    path, written = write_warc(tmp_path, [pdf, copy])
    assert (written[1].rec_type, WarcSet([path]).download(PDF_URL + "?copy=1").size) == ("revisit", len(PDF))


# -- files and bodies --------------------------------------------------------------------------------------
def test_run_set_adds_the_runs_other_finished_files(tmp_path: Path) -> None:
    names = [f"{RUN_ID}-00001.warc.gz", f"{RUN_ID}-00002.warc.gz", f"{RUN_ID}-00003.warc.gz.open"]
    names += ["20991231T000000Z-ffffff-00001.warc.gz"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    got = [p.name for p in run_set([tmp_path / names[0]])]
    assert got == names[:2]


def test_a_folder_stands_for_its_finished_warc_files(tmp_path: Path) -> None:
    for name in ("b-00001.warc.gz", "a-00001.warc.gz", "a-00002.warc.gz.open", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in warc_paths([tmp_path])] == ["a-00001.warc.gz", "b-00001.warc.gz"]


def test_unknown_content_encoding_is_kept_as_is() -> None:
    assert decode_content(b"raw", ["x-custom"]) == b"raw"


def test_body_over_the_size_cap_is_refused() -> None:
    with pytest.raises(ContentError):
        decode_content(encode(b"a" * 5000, "gzip"), ["gzip"], max_size=1000)
