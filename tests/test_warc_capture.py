"""WARC capture (crawler.archive.capture): every response of a real crawl in gzip WARC 1.1, items pointing at
their response records, attachments hashed, rotation, revisits, recovery of a file a killed run left open."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import capture
from crawler.archive.capture import (
    COMPRESSED_GZIP_LEVEL,
    GZIP_LEVEL,
    OPEN_SUFFIX,
    PROBE_BYTES,
    WarcCaptureMiddleware,
    WarcFiles,
    compressed_gzip_level,
    compressed_payload,
    gzip_compressor,
    gzip_level,
    gzip_level_for,
    payload_digest,
    recover_open_files,
)
from crawler.archive.wacz import validate_wacz
from crawler.demo.server import serve_mirrors
from crawler.demo.sitegen import generate
from crawler.pipelines.validate import check_item
from tests.crawl_helpers import ROOT, CrawlRun, crawl, write_registry
from tests.warc_helpers import reference_lines

WARCIO = str(Path(sys.executable).with_name("warcio"))


def _records(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            body = rec.content_stream().read()
            out.append(
                {
                    "type": rec.rec_type,
                    "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                    "id": rec.rec_headers.get_header("WARC-Record-ID"),
                    "digest": rec.rec_headers.get_header("WARC-Payload-Digest"),
                    "concurrent": rec.rec_headers.get_header("WARC-Concurrent-To"),
                    "body": body,
                    "offset": it.get_record_offset(),
                }
            )
    return out


def _record_at(path: Path, offset: int) -> dict[str, Any]:
    with path.open("rb") as fh:
        fh.seek(offset)
        rec = next(iter(ArchiveIterator(fh)))
        return {
            "type": rec.rec_type,
            "uri": rec.rec_headers.get_header("WARC-Target-URI"),
            "id": rec.rec_headers.get_header("WARC-Record-ID"),
            "digest": rec.rec_headers.get_header("WARC-Payload-Digest"),
        }


# -- one real crawl ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("warc")
    generate("joomla", tmp / "site", n_articles=12, seed=3)
    with serve_mirrors([tmp / "site"]) as served:
        entry = served[0].registry_entry()
        entry["id"] = "joomla"
        registry = write_registry([entry], tmp / "sites.yaml")
        run = crawl(tmp, f"sites={registry}")
        base = served[0].base_url
        requested = list(served[0].mirror.requests)
    warc_dir = run.output_dir / "tinhoatdong" / "warc"
    return {
        "registry": registry,
        "run": run,
        "base": base,
        "mirror": tmp / "site",
        "requested": requested,
        "warcs": sorted(warc_dir.glob("*.warc.gz")),
        "records": [r for w in sorted(warc_dir.glob("*.warc.gz")) for r in _records(w)],
    }


def test_crawl_succeeds(captured: dict[str, Any]) -> None:
    run: CrawlRun = captured["run"]
    assert (run.returncode, len(run.items()) > 5) == (0, True), run.stderr[-2000:]


def test_warcio_check_passes_on_every_file(captured: dict[str, Any]) -> None:
    results = [subprocess.run([WARCIO, "check", str(w)], capture_output=True) for w in captured["warcs"]]
    assert [r.returncode for r in results] == [0] * len(captured["warcs"]) and captured["warcs"]


def test_warcio_index_reads_every_file(captured: dict[str, Any]) -> None:
    results = [subprocess.run([WARCIO, "index", str(w)], capture_output=True) for w in captured["warcs"]]
    lines = sum(len(r.stdout.splitlines()) for r in results)
    assert ([r.returncode for r in results], lines) == ([0] * len(results), len(captured["records"]))


def test_no_file_is_left_open(captured: dict[str, Any]) -> None:
    assert list((captured["run"].output_dir / "tinhoatdong" / "warc").glob(f"*{OPEN_SUFFIX}")) == []


def test_first_record_is_warcinfo_naming_the_run(captured: dict[str, Any]) -> None:
    first = captured["records"][0]
    run_id = captured["run"].manifest()["run_id"]
    assert (first["type"], f"isPartOf: {run_id}".encode() in first["body"]) == ("warcinfo", True)


def test_every_request_made_is_captured(captured: dict[str, Any]) -> None:
    captured_uris = {r["uri"] for r in captured["records"] if r["type"] in ("response", "revisit")}
    asked = {captured["base"] + path for _, path in captured["requested"]}
    assert asked - captured_uris == set()


def test_robots_txt_is_captured(captured: dict[str, Any]) -> None:
    responses = {r["uri"] for r in captured["records"] if r["type"] == "response"}
    assert captured["base"] + "/robots.txt" in responses


def test_every_response_has_its_request_record(captured: dict[str, Any]) -> None:
    responses = {r["id"] for r in captured["records"] if r["type"] in ("response", "revisit")}
    requests = {r["concurrent"] for r in captured["records"] if r["type"] == "request"}
    assert responses == requests


def test_every_item_reference_resolves_to_a_response_record_of_its_url(captured: dict[str, Any]) -> None:
    warc_dir = captured["run"].output_dir / "tinhoatdong" / "warc"
    wrong = []
    for item in captured["run"].items():
        ref = item["warc"]
        rec = _record_at(warc_dir / ref["file"], ref["offset"])
        want = {"type": "response", "uri": item["url"]}
        want |= {"id": ref["record_id"], "digest": ref["payload_digest"]}
        if rec != want:
            wrong.append((item["url"], rec))
    assert wrong == []


def test_article_records_have_metadata_for_re_extraction(captured: dict[str, Any]) -> None:
    by_response = {
        r["concurrent"]: json.loads(r["body"]) for r in captured["records"] if r["type"] == "metadata"
    }
    kinds = {by_response[i["warc"]["record_id"]]["kind"] for i in captured["run"].items()}
    assert kinds == {"article"}


def test_attachments_are_listed_with_size_and_sha256_of_the_served_file(captured: dict[str, Any]) -> None:
    routes = json.loads((captured["mirror"] / "routes.json").read_text(encoding="utf-8"))["routes"]
    files = {captured["base"] + r["path"]: r["file"] for r in routes if r.get("file")}
    listed = [a for item in captured["run"].items() for a in item["attachments"]]
    expected = []
    for a in listed:
        body = (captured["mirror"] / files[a["url"]]).read_bytes()
        expected.append({**a, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()})
    assert (listed, len(listed) > 0) == (expected, True)


def test_attachments_are_in_the_warc(captured: dict[str, Any]) -> None:
    listed = {a["url"] for item in captured["run"].items() for a in item["attachments"]}
    stored = {r["uri"] for r in captured["records"] if r["type"] in ("response", "revisit")}
    assert listed - stored == set()


def test_manifest_lists_the_warc_files(captured: dict[str, Any]) -> None:
    archive = captured["run"].manifest()["archive"]
    assert archive["files"] == [w.name for w in captured["warcs"]]


def test_re_extraction_from_the_warc_gives_the_crawl_items(captured: dict[str, Any]) -> None:
    warc_dir = captured["run"].output_dir / "tinhoatdong" / "warc"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.extract",
            "--warc",
            str(warc_dir),
            "--sites",
            str(captured["registry"]),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    again = [json.loads(line) for line in proc.stdout.splitlines()]
    kept = sorted((i for i in again if check_item(i)[0] is None), key=lambda i: i["url"])
    crawled = sorted(captured["run"].items(), key=lambda i: i["url"])
    assert (proc.returncode, kept) == (0, crawled), proc.stderr[-2000:]


def test_run_is_packaged_as_a_valid_wacz(captured: dict[str, Any]) -> None:
    archive = captured["run"].manifest()["archive"]
    wacz = captured["run"].output_dir / "tinhoatdong" / "warc" / archive["wacz"]
    assert validate_wacz(wacz)[0] is True


def test_wacz_index_is_py_wacz_index_of_the_run_files(captured: dict[str, Any]) -> None:
    """The index the capture made while writing is the one py-wacz makes by reading the files."""
    archive = captured["run"].manifest()["archive"]
    with zipfile.ZipFile(captured["run"].output_dir / "tinhoatdong" / "warc" / archive["wacz"]) as zf:
        lines = gzip.decompress(zf.read("indexes/index.cdx.gz")).decode("utf-8").splitlines(keepends=True)
    assert lines == reference_lines(captured["warcs"])


def test_wacz_pages_are_the_run_articles(captured: dict[str, Any]) -> None:
    archive = captured["run"].manifest()["archive"]
    with zipfile.ZipFile(captured["run"].output_dir / "tinhoatdong" / "warc" / archive["wacz"]) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    pages = {(p["url"], p["ts"]) for p in map(json.loads, lines[1:])}  # the first line is the list's header
    assert pages == {(i["url"], i["fetched_at"]) for i in captured["run"].items()}


def test_capture_can_be_switched_off(tmp_path: Path) -> None:
    generate("joomla", tmp_path / "site", n_articles=3, seed=5)
    with serve_mirrors([tmp_path / "site"]) as served:
        entry = served[0].registry_entry()
        registry = write_registry([entry], tmp_path / "sites.yaml")
        run = crawl(tmp_path, f"sites={registry}", settings=("WARC_ENABLED=False",))
    items = run.items()
    outcome = (run.returncode, len(items), {i["warc"] is None for i in items})
    assert (outcome, (run.output_dir / "tinhoatdong" / "warc").exists()) == ((0, 3, {True}), False)


@pytest.mark.parametrize("wacz", [True, False])
def test_index_lines_are_made_only_for_a_wacz(tmp_path: Path, wacz: bool) -> None:
    crawler = get_crawler(
        settings_dict={"OUTPUT_DIR": str(tmp_path / "out"), "RUN_ID": "run1", "WACZ_ENABLED": wacz}
    )
    mw = WarcCaptureMiddleware.from_crawler(crawler)
    mw.spider_opened()
    request = Request("http://a.vn/tin/1.html")
    mw.process_response(request, HtmlResponse(request.url, body=b"<p>1</p>", request=request))
    assert mw.files is not None
    lines = mw.files.index_lines()
    assert (lines is not None, len(list(lines or []))) == (wacz, 1 if wacz else 0)


# -- WarcFiles on its own ------------------------------------------------------------------------------
def _exchange(url: str, body: bytes) -> tuple[Request, HtmlResponse]:
    request = Request(url)
    return request, HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=request)


def test_files_rotate_at_the_size_limit_each_starting_with_warcinfo(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=2000, info={"software": "test"})
    for i in range(6):
        files.write_exchange(*_exchange(f"http://a.vn/{i}", f"<p>{i}</p>".encode() * 300), allow_revisit=True)
    files.close()
    firsts = [_records(tmp_path / name)[0]["type"] for name in files.closed_files]
    assert (len(files.closed_files) > 1, set(firsts)) == (True, {"warcinfo"})


def test_a_file_being_written_is_named_open(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})
    files.write_exchange(*_exchange("http://a.vn/1", b"<p>x</p>"), allow_revisit=True)
    assert [p.name for p in tmp_path.iterdir()] == [f"run1-00000.warc.gz{OPEN_SUFFIX}"]


def test_identical_payload_is_a_revisit_pointing_at_the_first(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})
    first = files.write_exchange(*_exchange("http://a.vn/page/9", b"<p>same</p>"), allow_revisit=True)
    files.write_exchange(*_exchange("http://a.vn/page/10", b"<p>same</p>"), allow_revisit=True)
    files.close()
    revisit = next(r for r in _records(tmp_path / files.closed_files[0]) if r["type"] == "revisit")
    assert (revisit["uri"], revisit["digest"], first.payload_digest) == (
        "http://a.vn/page/10",
        payload_digest(b"<p>same</p>"),
        payload_digest(b"<p>same</p>"),
    )


def test_article_pages_are_never_revisits(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})
    files.write_exchange(*_exchange("http://a.vn/a", b"<p>same</p>"), allow_revisit=True)
    files.write_exchange(*_exchange("http://a.vn/b", b"<p>same</p>"), allow_revisit=False)
    files.close()
    types = [r["type"] for r in _records(tmp_path / files.closed_files[0]) if r["type"] != "request"]
    assert types == ["warcinfo", "response", "response"]


def test_transfer_encoding_is_kept_under_another_name(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})
    request = Request("http://a.vn/c")
    response = HtmlResponse(
        "http://a.vn/c", body=b"<p>x</p>", headers={"Transfer-Encoding": "chunked"}, request=request
    )
    files.write_exchange(request, response, allow_revisit=True)
    files.close()
    with (tmp_path / files.closed_files[0]).open("rb") as fh:
        rec = next(r for r in ArchiveIterator(fh) if r.rec_type == "response")
        names = [k.lower() for k, _ in rec.http_headers.headers]
    assert ("transfer-encoding" in names, "x-archive-orig-transfer-encoding" in names) == (False, True)


def test_recovery_keeps_whole_records_and_drops_a_torn_one(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})
    for i in range(3):
        files.write_exchange(*_exchange(f"http://a.vn/{i}", f"<p>{i}</p>".encode()), allow_revisit=True)
    assert files._fh is not None
    files._fh.flush()
    open_path = tmp_path / f"run1-00000.warc.gz{OPEN_SUFFIX}"
    whole = open_path.stat().st_size
    torn = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 500)[:-40]
    with open_path.open("ab") as fh:  # a kill in the middle of the next record
        fh.write(torn)
    recovered = recover_open_files(tmp_path)
    final = tmp_path / "run1-00000.warc.gz"
    assert (recovered, final.stat().st_size, len(_records(final))) == ([final.name], whole, 1 + 3 * 2)


def _written(tmp_path: Path, level: int, body: bytes) -> tuple[int, list[dict[str, Any]]]:
    files = WarcFiles(tmp_path / str(level), "run1", max_bytes=10**9, info={}, gzip_level=level)
    files.write_exchange(*_exchange("http://a.vn/a", body), allow_revisit=False)
    files.close()
    path = tmp_path / str(level) / files.closed_files[0]
    return path.stat().st_size, _records(path)


def test_a_payload_read_whole_makes_the_record_warcio_makes_in_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (ROOT / "tests/fixtures/generic/nukeviet_toolbar_date/page.html").read_bytes()
    assert len(body) > 2 * 16384  # warcio's steps

    def response_record(folder: str) -> tuple[dict[str, str], bytes]:
        files = WarcFiles(tmp_path / folder, "run1", max_bytes=10**9, info={})
        files.write_exchange(*_exchange("http://a.vn/a", body), allow_revisit=False)
        files.close()
        with (tmp_path / folder / files.closed_files[0]).open("rb") as fh:
            # check_digests="raise": a block or payload digest that is not the bytes' fails the read
            for rec in ArchiveIterator(fh, check_digests="raise"):
                if rec.rec_type == "response":
                    skip = ("WARC-Record-ID", "WARC-Date")
                    headers = {k: v for k, v in rec.rec_headers.headers if k not in skip}
                    return headers, rec.raw_stream.read()
        raise AssertionError("no response record")

    whole = response_record("whole")
    monkeypatch.setattr(capture, "WholeReads", io.BytesIO)
    assert response_record("steps") == whole
    assert whole[0]["WARC-Block-Digest"].startswith("sha1:")


def test_gzip_level_changes_the_size_not_the_records(tmp_path: Path) -> None:
    body = (ROOT / "tests/fixtures/generic/nukeviet_toolbar_date/page.html").read_bytes()
    written = {level: _written(tmp_path, level, body) for level in (1, 2, 5, 9)}
    sizes = [size for size, _ in written.values()]
    strip = [
        [{k: v for k, v in r.items() if k not in ("id", "offset", "concurrent")} for r in records]
        for _, records in written.values()
    ]
    assert (sizes == sorted(sizes, reverse=True), strip[1:]) == (True, strip[:1] * 3)


@pytest.mark.parametrize("level", range(10))
def test_each_level_makes_one_gzip_member_any_reader_reads(level: int) -> None:
    body = (ROOT / "tests/fixtures/generic/nukeviet_toolbar_date/page.html").read_bytes()
    member = gzip_compressor(level)
    packed = member.compress(body) + member.flush()
    engine = type(member).__module__.split(".")[-1]
    shrunk = len(packed) < len(body) / 2
    expected = ("isal_zlib" if level in (1, 2, 3) else "zlib_ng", level > 0)
    assert (gzip.decompress(packed), engine, shrunk) == (body, *expected)


def test_the_default_gzip_level_is_one_value_in_settings_and_capture() -> None:
    from scrapy.settings import Settings

    from crawler import settings as project_settings

    assert (GZIP_LEVEL, project_settings.WARC_GZIP_LEVEL, gzip_level(Settings())) == (2, 2, 2)


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    _, records = _written(tmp_path, 6, b"<p>x</p>")
    path = next((tmp_path / "6").iterdir())
    starts = [r["offset"] for r in records]
    data = path.read_bytes()
    assert [data[o : o + 2] for o in starts] == [b"\x1f\x8b"] * 3  # warcinfo, response, request


def test_members_are_standard_gzip_that_the_standard_library_reads(tmp_path: Path) -> None:
    """zlib-ng writes them: Python's own gzip (zlib) must read every member back to the record's bytes."""
    body = "<p>Sở Thông tin và Truyền thông</p>".encode() * 500
    _, records = _written(tmp_path, 6, body)
    data = next((tmp_path / "6").iterdir()).read_bytes()
    plain = gzip.decompress(data)
    bounds = [*(r["offset"] for r in records), len(data)]
    members = [gzip.decompress(data[a:b]) for a, b in itertools.pairwise(bounds)]
    assert (b"".join(members), plain.count(b"WARC/1.1\r\n"), body in plain) == (plain, 3, True)


# -- payloads compressed already: stored members ---------------------------------------------------------
def _first_block_type(data: bytes, offset: int) -> int:
    """The type of the first deflate block of the gzip member at ``offset`` (0: stored, 1 and 2: Huffman)."""
    assert data[offset : offset + 4] == b"\x1f\x8b\x08\x00"  # gzip, deflate, no optional header fields
    return (data[offset + 10] >> 1) & 3


def _record_payload(path: Path, offset: int) -> bytes:
    """The HTTP payload of the record at ``offset`` as the server sent it (content_stream would decode it)."""
    with path.open("rb") as fh:
        fh.seek(offset)
        return next(iter(ArchiveIterator(fh))).raw_stream.read()


def _response_block_type(tmp_path: Path, body: bytes, headers: dict[str, str], **kwargs: int) -> int:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={}, **kwargs)
    request = Request("http://a.vn/a")
    response = HtmlResponse("http://a.vn/a", body=body, headers=headers, request=request)
    files.write_exchange(request, response, allow_revisit=False)
    files.close()
    path = tmp_path / files.closed_files[0]
    record = next(r for r in _records(path) if r["type"] == "response")
    payload = _record_payload(path, record["offset"])
    assert payload == body and record["digest"] == payload_digest(body)  # kept byte for byte either way
    return _first_block_type(path.read_bytes(), record["offset"])


PAGE = "<p>Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm.</p>".encode() * 400
GZIPPED_PAGE = gzip.compress(PAGE, 6)


@pytest.mark.parametrize(
    ("headers", "body", "compressed"),
    [
        ({"Content-Encoding": "gzip"}, GZIPPED_PAGE, True),  # what a server sends Scrapy (it asks for gzip)
        ({"Content-Encoding": "br"}, b"\x1b\x03\x00\xf8", True),
        ({"Content-Encoding": "identity"}, PAGE, False),
        ({}, PAGE, False),
        ({}, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", True),  # JPEG
        ({}, b"RIFF\x24\x00\x00\x00WEBPVP8 ", True),
        ({}, b"wOF2\x00\x01\x00\x00", True),
        ({}, GZIPPED_PAGE, True),  # a .gz file, sent as it is
        ({}, b"\x28\xb5\x2f\xfd\x04\x58", True),  # zstd
        ({}, b"\x89PNG\r\n\x1a\n", False),  # gzip still shrinks some PNG
        ({}, b"GIF89a\x01\x00", False),
        ({}, b"%PDF-1.4\n", False),  # and PDF with uncompressed streams
        ({}, b"PK\x03\x04\x14\x00", False),  # and a zip of stored entries (docx, xlsx are zips)
        ({}, b"", False),
    ],
)
def test_payloads_compressed_already(headers: dict[str, str], body: bytes, compressed: bool) -> None:
    request = Request("http://a.vn/a")
    response = HtmlResponse("http://a.vn/a", body=body, headers=headers, request=request)
    assert compressed_payload(response.headers, body) is compressed


def test_a_gzip_encoded_page_is_stored_and_a_plain_one_compressed(tmp_path: Path) -> None:
    encoded = _response_block_type(tmp_path / "gz", GZIPPED_PAGE, {"Content-Encoding": "gzip"})
    plain = _response_block_type(tmp_path / "plain", PAGE, {})
    assert (encoded, plain) == (0, 2)


def test_a_jpeg_is_stored_unless_told_otherwise(tmp_path: Path) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + hashlib.sha256(b"x").digest() * 2000
    stored = _response_block_type(tmp_path / "default", jpeg, {"Content-Type": "image/jpeg"})
    level5 = _response_block_type(tmp_path / "5", jpeg, {"Content-Type": "image/jpeg"}, compressed_level=5)
    assert (stored, level5 != 0) == (0, True)


def _noise(n: int) -> bytes:
    """n bytes that deflate cannot shrink (a SHA-256 chain: the same bytes on every run)."""
    out, block = bytearray(), b"seed"
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:n])


SCANNED_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Filter/DCTDecode>>stream\n" + _noise(300_000)
TEXT_PDF = b"%PDF-1.4\n1 0 obj\n<</Length 9>>stream\nBT /F1 12 Tf (Quyet dinh so 12) Tj ET\n" * 8_000


@pytest.mark.parametrize(
    ("content_type", "body", "stored"),
    [
        ("application/pdf", SCANNED_PDF, True),  # its streams compressed inside: gzip gains nothing
        ("application/pdf", TEXT_PDF, False),  # uncompressed streams: gzip pays
        ("application/octet-stream", _noise(PROBE_BYTES + 1), True),
        (None, _noise(200_000), True),  # no Content-Type: probed too
        ("image/png", b"\x89PNG\r\n\x1a\n" + _noise(PROBE_BYTES - 8), False),  # not over the probe's size
        ("text/html; charset=utf-8", _noise(200_000), False),  # text is never probed: it always compresses
        ("application/xhtml+xml", _noise(200_000), False),
        ("application/json", _noise(200_000), False),
    ],
)
def test_a_large_document_gzip_cannot_shrink_is_stored(
    content_type: str | None, body: bytes, stored: bool
) -> None:
    """A payload over PROBE_BYTES, not text and not known compressed, is stored when gzip at the record's
    level leaves its first PROBE_BYTES over PROBE_RATIO of their size."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse("http://a.vn/d", body=body, headers=headers)
    assert gzip_level_for(response.headers, body, 5, 0) == (0 if stored else 5)


def test_the_probe_reads_the_first_bytes_only() -> None:
    """A document whose start compresses is compressed whole, whatever follows (the probe is a sample)."""
    body = TEXT_PDF[:PROBE_BYTES] + _noise(2_000_000)  # as a whole, 97 % at level 5
    response = HtmlResponse("http://a.vn/d", body=body, headers={"Content-Type": "application/pdf"})
    assert gzip_level_for(response.headers, body, 5, 0) == 5
    assert gzip_level_for(response.headers, GZIPPED_PAGE, 5, 0) == 0  # known compressed: no probe needed


def test_a_scanned_pdf_is_a_stored_member_and_a_text_pdf_a_compressed_one(tmp_path: Path) -> None:
    scanned = _response_block_type(tmp_path / "scan", SCANNED_PDF, {"Content-Type": "application/pdf"})
    text = _response_block_type(tmp_path / "text", TEXT_PDF, {"Content-Type": "application/pdf"})
    level9 = _response_block_type(
        tmp_path / "9", SCANNED_PDF, {"Content-Type": "application/pdf"}, compressed_level=9
    )
    assert (scanned, text, level9 != 0) == (0, 2, True)


def test_a_crawl_stores_the_page_a_server_sent_gzipped_and_reads_it_alike(tmp_path: Path) -> None:
    """Through the real crawl: the article sent gzip-encoded is a stored member holding the bytes as sent, the
    plain one a compressed member; both are read, and the WACZ is valid."""
    from tests.faultserver import Answer, article_html, fault_servers, listing_html

    with fault_servers(1) as (site,):
        site.route("/robots.txt", Answer(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        links = [(f"/bai/{k}.html", f"Hội nghị triển khai nhiệm vụ chuyển đổi số của Sở {k}") for k in (0, 1)]
        site.route("/tin-hoat-dong", Answer(body=listing_html(links, None)))
        gzipped = gzip.compress(article_html(0))
        site.route("/bai/0.html", Answer(body=gzipped, headers={"Content-Encoding": "gzip"}))
        site.route("/bai/1.html", Answer(body=article_html(1)))
        entry = {"id": "thu", "name": "Sở Thông tin và Truyền thông Thử", "province": "Thử",
                 "start_urls": [site.base_url + "/tin-hoat-dong"]}  # fmt: skip
        run = crawl(tmp_path, f"sites={write_registry([entry], tmp_path / 'sites.yaml')}", timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    items = {item["url"].rsplit("/", 1)[1]: item for item in run.items()}
    warc_dir = run.output_dir / "tinhoatdong" / "warc"
    data = {w.name: w.read_bytes() for w in warc_dir.glob("*.warc.gz")}
    read = {name: f"bài số {name[0]}:" in item["text"] for name, item in items.items()}
    blocks = {
        name: _first_block_type(data[item["warc"]["file"]], item["warc"]["offset"])
        for name, item in items.items()
    }
    sent = _record_payload(warc_dir / items["0.html"]["warc"]["file"], items["0.html"]["warc"]["offset"])
    valid, said = validate_wacz(next(warc_dir.glob("*.wacz")))
    assert (read, blocks, sent == gzipped, valid) == (
        {"0.html": True, "1.html": True},
        {"0.html": 0, "1.html": 2},
        True,
        True,
    ), said


def test_a_crawl_stores_a_scanned_pdf_and_compresses_a_text_one(tmp_path: Path) -> None:
    """Through the real crawl: an article's two PDF attachments, one of compressed streams (stored member) and
    one of uncompressed streams (compressed member), each kept byte for byte; the WACZ is valid."""
    from tests.faultserver import Answer, article_html, fault_servers, listing_html

    links = "<a href='/files/scan.pdf'>Quyết định (bản quét)</a> <a href='/files/text.pdf'>Kế hoạch</a>"
    page = article_html(0).replace(b"<p>Qu", f"<p>{links}</p><p>Qu".encode())
    with fault_servers(1) as (site,):
        site.route("/robots.txt", Answer(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        site.route(
            "/tin-hoat-dong", Answer(body=listing_html([("/bai/0.html", "Hội nghị chuyển đổi số")], None))
        )
        site.route("/bai/0.html", Answer(body=page))
        site.route("/files/scan.pdf", Answer(body=SCANNED_PDF, content_type="application/pdf"))
        site.route("/files/text.pdf", Answer(body=TEXT_PDF, content_type="application/pdf"))
        entry = {"id": "thu", "name": "Sở Thông tin và Truyền thông Thử", "province": "Thử",
                 "start_urls": [site.base_url + "/tin-hoat-dong"]}  # fmt: skip
        run = crawl(tmp_path, f"sites={write_registry([entry], tmp_path / 'sites.yaml')}", timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    warc_dir = run.output_dir / "tinhoatdong" / "warc"
    found = {}
    for path in warc_dir.glob("*.warc.gz"):
        data = path.read_bytes()
        for record in _records(path):
            name = (record["uri"] or "").rsplit("/", 1)[-1]
            if record["type"] == "response" and name.endswith(".pdf"):
                found[name] = (_first_block_type(data, record["offset"]), record["body"])
    valid, said = validate_wacz(next(warc_dir.glob("*.wacz")))
    assert (found, valid) == ({"scan.pdf": (0, SCANNED_PDF), "text.pdf": (2, TEXT_PDF)}, True), said


def test_the_compressed_payloads_level_is_one_value_in_settings_and_capture() -> None:
    from scrapy.settings import Settings

    from crawler import settings as project_settings

    values = (COMPRESSED_GZIP_LEVEL, project_settings.WARC_GZIP_LEVEL_COMPRESSED)
    assert (*values, compressed_gzip_level(Settings())) == (0, 0, 0)


def test_bad_compressed_payloads_level_is_refused_before_the_run(tmp_path: Path) -> None:
    run = crawl(tmp_path, settings=("WARC_GZIP_LEVEL_COMPRESSED=fast",))
    refused = (run.returncode, "WARC_GZIP_LEVEL_COMPRESSED='fast'" in run.stderr, "Traceback" in run.stderr)
    assert refused == (2, True, False)


def test_bad_gzip_level_is_refused_before_the_run(tmp_path: Path) -> None:
    run = crawl(tmp_path, settings=("WARC_GZIP_LEVEL=11",))
    refused = (run.returncode, "WARC_GZIP_LEVEL='11'" in run.stderr, "Traceback" in run.stderr)
    assert refused == (2, True, False)
