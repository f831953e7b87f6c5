"""crawler.archive.cdxj: the WACZ index the capture makes as it writes is the index py-wacz makes by reading.

The reference is py-wacz's own indexer (``WACZIndexer``) configured as ``wacz create`` configures it
(``reference_lines`` in tests/warc_helpers.py), run on the files the capture wrote; every test here
compares with it, line for line.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import FormRequest, HtmlResponse, Request, Response

from crawler.archive.capture import WarcFiles
from crawler.archive.cdxj import BLOCK_LINES, read_index_lines, sorted_lines, write_zipnum
from crawler.archive.wacz import build_wacz
from tests.warc_helpers import Capture, reference_lines, write_warc

VIEWSTATE = "/wEPDwUKMTY1NDU2MTA1MmRk" * 600  # a real-sized ASP.NET view state: the body is over 8 KB


def _exchange(request: Request, body: bytes = b"<html>x</html>", **kwargs: Any) -> tuple[Request, Response]:
    kwargs.setdefault("headers", {"Content-Type": "text/html; charset=utf-8"})
    cls = HtmlResponse if b"<html" in body else Response
    return request, cls(request.url, body=body, request=request, **kwargs)


def _exchanges() -> list[tuple[Request, Response, dict[str, Any]]]:
    """Every kind of exchange the crawl writes, and the odd headers a government server sends."""
    home = "http://stttt.example.gov.vn/"
    return [
        (*_exchange(Request(home + "tin", headers={"Referer": home, "Cookie": "ASP.NET_SessionId=abc"})), {}),
        (
            *_exchange(
                FormRequest(
                    home + "Pages/tin.aspx",
                    formdata={"__VIEWSTATE": VIEWSTATE, "__EVENTARGUMENT": "Page$2", "q": "Tin hoạt động"},
                ),
                b"<html>page 2</html>",
            ),
            {"metadata": {"kind": "listing"}},
        ),
        (
            *_exchange(FormRequest(home + "Pages/tin.aspx?x=1", formdata={"a": "1"}), b"<html>p3</html>"),
            {},
        ),
        (*_exchange(Request(home + "tin/1.html"), b"<html>1</html>"), {"metadata": {"kind": "article"}}),
        (
            *_exchange(Request(home + "tin/2.html", headers={"Referer": home}), b"<html>x</html>"),
            {},
        ),  # a revisit
        (*_exchange(Request(home + "cu"), b"", status=302, headers={"Location": "/moi"}), {}),
        (
            *_exchange(
                Request(home + "het"), b"gone", status=404, headers={"Content-Type": " TEXT/Plain ;q"}
            ),
            {},
        ),
        (*_exchange(Request(home + "f.pdf"), b"%PDF-1.4", headers={}), {}),  # no Content-Type
        (
            *_exchange(
                Request(home + "tài-liệu/ư.html?b=2&a=1", headers={"Referer": home + "trang chủ"}),
                b"<html>u</html>",
                headers={"Content-Type": "text/html", "Content-Disposition": 'inline; filename="tệp.html"'},
            ),
            {},
        ),
        (*_exchange(Request("http://STTTT.Example.gov.vn:80/tin/3.html"), b"<html>3</html>"), {}),
    ]


def _capture(folder: Path, max_bytes: int = 10**9) -> WarcFiles:
    files = WarcFiles(folder, "20261127T010000Z-abc123", max_bytes, {"software": "tests"})
    for request, response, extra in _exchanges():
        allow = extra.get("metadata", {}).get("kind") != "article"
        files.write_exchange(request, response, allow_revisit=allow, metadata=extra.get("metadata"))
    files.close_run()
    return files


def test_capture_lines_are_py_wacz_lines(tmp_path: Path) -> None:
    files = _capture(tmp_path)
    warcs = [tmp_path / name for name in files.closed_files]
    lines = files.index_lines()
    assert lines is not None
    assert list(sorted_lines(lines)) == reference_lines(warcs)


def test_capture_lines_are_py_wacz_lines_across_rotated_files(tmp_path: Path) -> None:
    files = _capture(tmp_path, max_bytes=2000)
    warcs = [tmp_path / name for name in files.closed_files]
    lines = files.index_lines()
    assert (len(warcs) > 3, list(sorted_lines(lines or []))) == (True, reference_lines(warcs))


def test_the_cases_cover_post_revisit_metadata_and_odd_headers(tmp_path: Path) -> None:
    """What the comparison above is worth: every field cdxj-indexer can write appears in it."""
    files = _capture(tmp_path)
    fields = [json.loads(line.split(" ", 2)[2]) for line in files.index_lines() or []]
    seen = {key for line in fields for key in line} | {line.get("mime") for line in fields}
    # "TEXT/Plain": sent as " TEXT/Plain ;q"; None: a response without Content-Type has no mime
    wanted = {"referrer", "req.http:cookie", "requestBody", "method", "warc/revisit", "application/json"}
    assert wanted | {"TEXT/Plain", None} <= seen


def test_files_the_capture_did_not_write_are_read_to_the_same_lines(tmp_path: Path) -> None:
    """warcio's own writer, request before response, gzip level 9: read_index_lines is py-wacz's index."""
    captures = [
        Capture(url="http://a.vn/tin", body=b"<html>list</html>", meta={"kind": "listing"}),
        Capture(url="http://a.vn/tin/1", body=b"<html>1</html>", date="2026-11-26T01:00:00Z"),
        Capture(url="http://a.vn/tin/2", body=b"<html>1</html>"),  # a revisit
        Capture(url="http://a.vn/x", body=b"busy", status="503 Service Unavailable"),
    ]
    path, _ = write_warc(tmp_path, captures)
    assert list(sorted_lines(read_index_lines(path))) == reference_lines([path])


def test_a_line_that_cannot_be_written_makes_the_package_read_the_files(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path / "w", "run1", 10**9, {})

    class Full(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError(28, "No space left on device")

    files._index = Full()
    for request, response, extra in _exchanges()[:3]:
        files.write_exchange(request, response, allow_revisit=True, metadata=extra.get("metadata"))
    files.close_run()
    warcs = [files.directory / name for name in files.closed_files]
    out = build_wacz(warcs, [], tmp_path / "r.wacz", "t", resolved=True, index=files.index_lines())
    assert (files.index_lines(), _package_lines(out)) == (None, reference_lines(warcs))


def test_a_failed_write_gives_up_the_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A response written but its request not (a full disk): its line is missing, so none is trusted."""
    import crawler.archive.capture as capture

    files = WarcFiles(tmp_path / "w", "run1", 10**9, {})
    request, response, _ = _exchanges()[0]
    files.write_exchange(request, response, allow_revisit=True)

    def full(*args: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(capture, "_request_record", full)
    with pytest.raises(OSError):
        files.write_exchange(*_exchanges()[3][:2], allow_revisit=True)
    assert files.index_lines() is None


def _package_lines(wacz: Path) -> list[str]:
    with zipfile.ZipFile(wacz) as zf:
        return gzip.decompress(zf.read("indexes/index.cdx.gz")).decode("utf-8").splitlines(keepends=True)


def test_package_from_the_capture_lines_holds_py_wacz_index(tmp_path: Path) -> None:
    files = _capture(tmp_path / "w")
    warcs = [files.directory / name for name in files.closed_files]
    out = build_wacz(warcs, [], tmp_path / "r.wacz", "t", resolved=True, index=files.index_lines())
    assert _package_lines(out) == reference_lines(warcs)


def test_package_of_files_read_again_holds_py_wacz_index(tmp_path: Path) -> None:
    files = _capture(tmp_path / "w")
    warcs = [files.directory / name for name in files.closed_files]
    out = build_wacz(warcs, [], tmp_path / "r.wacz", "t", resolved=True)
    assert _package_lines(out) == reference_lines(warcs)


# -- sorting ----------------------------------------------------------------------------------------------
def _random_lines(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    keys = [f"vn,gov,a)/tin/{rng.randrange(n // 2)} 2026112701{rng.randrange(60):02d}00" for _ in range(n)]
    return [f'{k} {{"offset": "{rng.randrange(3)}"}}\n' for k in keys]


@pytest.mark.parametrize("buffer_chars", [1, 100, 5000, 10**9])
def test_sorted_lines_sorts_and_keeps_each_distinct_line_once(buffer_chars: int) -> None:
    lines = _random_lines(3000)
    assert list(sorted_lines(iter(lines), buffer_chars=buffer_chars)) == sorted(set(lines))


def test_sorting_many_lines_holds_only_the_buffer_in_memory() -> None:
    lines = (line for line in _random_lines(60_000))  # about 3 MB of lines
    tracemalloc.start()
    try:
        count = sum(1 for _ in sorted_lines(lines, buffer_chars=200_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (count > 10_000, peak < 1_500_000) == (True, True), peak


# -- the compressed blocks ----------------------------------------------------------------------------------
def test_zipnum_blocks_hold_the_lines_and_the_idx_points_at_each_block() -> None:
    lines = sorted(set(_random_lines(1000)))
    data = io.BytesIO()
    idx, count = write_zipnum(lines, data, "index.cdx.gz")
    header, *blocks = idx.splitlines()
    raw = data.getvalue()
    got: list[str] = []
    for n, row in enumerate(blocks):
        key, where = row.split(" {", 1)
        spec = json.loads("{" + where)
        packed = raw[spec["offset"] : spec["offset"] + spec["length"]]
        block = gzip.decompress(packed).decode("utf-8").splitlines(keepends=True)
        assert (key, spec["digest"]) == (
            block[0].split("{", 1)[0].strip(),
            "sha256:" + hashlib.sha256(packed).hexdigest(),
        )
        assert len(block) == (BLOCK_LINES if n < len(blocks) - 1 else len(lines) % BLOCK_LINES or BLOCK_LINES)
        got += block
    assert (header, count, got) == (
        '!meta 0 {"format": "cdxj-gzip-1.0", "filename": "index.cdx.gz"}',
        len(lines),
        lines,
    )


def test_zipnum_of_no_line_is_empty() -> None:
    data = io.BytesIO()
    assert (write_zipnum([], data, "index.cdx.gz"), data.getvalue()) == (("", 0), b"")


@pytest.mark.parametrize(
    "date",
    [
        "2026-11-27T10:28:53Z",
        "2026-11-27T10:28:53.123456Z",
        "2026-11-27T10:28:53",
        "2026-11-27T10:28Z",
    ],
)
def test_timestamp_is_warcios(date: str) -> None:
    from warcio.timeutils import iso_date_to_timestamp

    from crawler.archive.cdxj import _timestamp

    assert _timestamp(date) == iso_date_to_timestamp(date)
