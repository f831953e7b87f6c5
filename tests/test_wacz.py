"""crawler.archive.wacz: a run's WARCs packaged as a WACZ that py-wacz's own validator accepts, offline."""

from __future__ import annotations

import gzip
import json
import logging
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.archive.wacz import WaczError, build_wacz, validate_wacz
from tests.warc_helpers import ROOT, Capture, RunWriter, article_meta, write_warc

URL = "http://stttt.example.gov.vn/tin/1.html"
URL2 = "http://stttt.example.gov.vn/tin/2.html"
PAGE = "<html><head><title>Tin 1</title></head><body><p>Nội dung.</p></body></html>".encode()
_LOCAL = {"127.0.0.1", "::1", "localhost", None}

# Loaded into a child Python through PYTHONPATH: any connection or name lookup off this machine fails loudly.
SITECUSTOMIZE = """
import socket, sys
_LOCAL = {"127.0.0.1", "::1", "localhost", None}
_connect, _gai = socket.socket.connect, socket.getaddrinfo
def connect(self, address):
    if isinstance(address, tuple) and address[0] not in _LOCAL:
        sys.stderr.write(f"NETWORK ATTEMPT {address}\\n")
        raise OSError("network is off in this test")
    return _connect(self, address)
def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        sys.stderr.write(f"NETWORK ATTEMPT {host}\\n")
        raise socket.gaierror("network is off in this test")
    return _gai(host, *args, **kwargs)
socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
"""


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse any connection or lookup off this machine; the list collects the attempts."""
    attempts: list[Any] = []
    real_connect, real_gai = socket.socket.connect, socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in _LOCAL:
            attempts.append(address)
            raise OSError("network is off in this test")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in _LOCAL:
            attempts.append(host)
            raise socket.gaierror("network is off in this test")
        return real_gai(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts


@pytest.fixture
def run(tmp_path: Path) -> dict[str, Any]:
    """A one-file run: two articles, a PDF, a listing page."""
    captures = [
        Capture(url="http://stttt.example.gov.vn/tin", body=b"<html>list</html>", meta={"kind": "listing"}),
        Capture(url=URL, body=PAGE, meta=article_meta("demo"), date="2026-11-26T01:00:00Z"),
        Capture(url=URL2, body=PAGE + b"<!-- 2 -->", meta=article_meta("demo"), date="2026-11-26T01:00:05Z"),
        Capture(url="http://stttt.example.gov.vn/f.pdf", body=b"%PDF-1.4", content_type="application/pdf"),
    ]
    path, _ = write_warc(tmp_path / "warc", captures)
    pages = [
        {"url": URL, "title": "Tin một", "ts": "2026-11-26T01:00:00Z"},
        {"url": URL2, "title": "Tin hai", "ts": "2026-11-26T01:00:05Z"},
    ]
    return {"warc": path, "pages": pages, "out": tmp_path / "out" / "run.wacz"}


def _pages(wacz: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(wacz) as z:
        lines = z.read("pages/pages.jsonl").decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_package_passes_py_wacz_validation_offline(run: dict[str, Any], offline: list[Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "tinhoatdong run")
    valid, said = validate_wacz(out)
    assert (valid, offline) == (True, []), said


def test_wacz_validate_command_accepts_it_without_network(run: dict[str, Any], tmp_path: Path) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "tinhoatdong run")
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(guard), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert (proc.returncode, "NETWORK ATTEMPT" in proc.stderr) == (0, False), proc.stdout + proc.stderr


def test_pages_list_has_url_title_and_capture_time(run: dict[str, Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "tinhoatdong run")
    got = [(p["url"], p["title"], p["ts"]) for p in _pages(out)[1:]]
    assert got == [(URL, "Tin một", "2026-11-26T01:00:00Z"), (URL2, "Tin hai", "2026-11-26T01:00:05Z")]


def test_pages_list_header_carries_the_title(run: dict[str, Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "tinhoatdong run X")
    assert _pages(out)[0] == {"format": "json-pages-1.0", "id": "pages", "title": "tinhoatdong run X"}


def test_datapackage_carries_the_title(run: dict[str, Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "tinhoatdong run X")
    with zipfile.ZipFile(out) as z:
        assert json.loads(z.read("datapackage.json"))["title"] == "tinhoatdong run X"


def test_page_time_a_moment_off_is_set_to_its_records_date(run: dict[str, Any]) -> None:
    """An item's fetched_at taken a second after the record was written still finds its capture."""
    pages = [{"url": URL, "title": "Tin một", "ts": "2026-11-26T01:00:02.5Z"}]
    out = build_wacz([run["warc"]], pages, run["out"], "t")
    assert [p["ts"] for p in _pages(out)[1:]] == ["2026-11-26T01:00:00Z"]


def test_page_of_a_retried_url_points_at_the_successful_capture(tmp_path: Path) -> None:
    captures = [
        Capture(url=URL, body=b"busy", status="503 Service Unavailable", date="2026-11-26T01:00:00Z"),
        Capture(url=URL, body=PAGE, date="2026-11-26T01:00:04Z"),
    ]
    path, _ = write_warc(tmp_path, captures)
    out = build_wacz(
        [path], [{"url": URL, "title": "x", "ts": "2026-11-26T01:00:00Z"}], tmp_path / "r.wacz", "t"
    )
    assert [p["ts"] for p in _pages(out)[1:]] == ["2026-11-26T01:00:04Z"]


def test_page_without_a_capture_is_left_out_and_logged(
    run: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    pages = [
        *run["pages"],
        {"url": "http://stttt.example.gov.vn/never.html", "title": "x", "ts": "2026-11-26T01:00:00Z"},
    ]
    with caplog.at_level(logging.WARNING, logger="crawler.archive.wacz"):
        out = build_wacz([run["warc"]], pages, run["out"], "t")
    assert ([p["url"] for p in _pages(out)[1:]], "never.html" in caplog.text) == ([URL, URL2], True)


def test_warc_files_are_stored_byte_for_byte(run: dict[str, Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "t")
    with zipfile.ZipFile(out) as z:
        assert z.read(f"archive/{run['warc'].name}") == run["warc"].read_bytes()


def test_index_lists_every_response(run: dict[str, Any]) -> None:
    out = build_wacz([run["warc"]], run["pages"], run["out"], "t")
    with zipfile.ZipFile(out) as z:
        index = gzip.decompress(z.read("indexes/index.cdx.gz")).decode("utf-8")
    urls = {json.loads(line.split(" ", 2)[2])["url"] for line in index.splitlines()}
    assert {URL, URL2, "http://stttt.example.gov.vn/f.pdf"} <= urls


def test_several_files_of_a_run_go_into_one_package(tmp_path: Path) -> None:
    run = RunWriter(tmp_path)
    one, _ = run.write_file([Capture(url=URL, body=PAGE)])
    two, _ = run.write_file([Capture(url=URL2, body=PAGE + b"2")])
    out = build_wacz([one, two], [], tmp_path / "r.wacz", "t")
    with zipfile.ZipFile(out) as z:
        names = sorted(n for n in z.namelist() if n.startswith("archive/"))
    assert names == [f"archive/{one.name}", f"archive/{two.name}"]


def test_failed_build_keeps_the_old_package_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    bad = tmp_path / "x-00001.warc.gz"
    bad.write_bytes(bytes(range(256)) * 2)
    out = tmp_path / "run.wacz"
    out.write_bytes(b"the previous package")
    with pytest.raises(WaczError):
        build_wacz([bad], [], out, "t")
    assert (out.read_bytes(), sorted(p.name for p in tmp_path.iterdir())) == (
        b"the previous package",
        ["run.wacz", "x-00001.warc.gz"],
    )


def test_two_files_with_one_name_are_refused(tmp_path: Path) -> None:
    a, _ = write_warc(tmp_path / "a", [Capture(url=URL, body=PAGE)])
    b, _ = write_warc(tmp_path / "b", [Capture(url=URL2, body=PAGE)])
    with pytest.raises(ValueError, match="two WARC files named"):
        build_wacz([a, b], [], tmp_path / "r.wacz", "t")


def test_a_file_still_being_written_is_refused(tmp_path: Path) -> None:
    path, _ = write_warc(tmp_path, [Capture(url=URL, body=PAGE)])
    still_open = path.rename(path.with_name(path.name + ".open"))
    with pytest.raises(ValueError, match="not a finished WARC"):
        build_wacz([still_open], [], tmp_path / "r.wacz", "t")


def test_package_is_on_disk_before_it_takes_its_name(
    run: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(
        os, "replace", lambda a, b: calls.append(f"replace {Path(b).name}") or real_replace(a, b)
    )
    build_wacz([run["warc"]], run["pages"], run["out"], "t")
    assert calls == ["fsync", "replace run.wacz"]
