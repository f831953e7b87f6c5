"""Memory: what the archival capture remembers during a run lives on disk, not in the crawl's memory.

Two lists grew by one entry per response or article for the whole run: the payload digests the WARC writer
looks up to write revisit records, and the WACZ's pages list. Both are now kept in temporary files, so the
memory they take does not grow with the run (a backfill of hundreds of thousands of articles included); what
they do is unchanged: a repeated payload is still a revisit of its first record, wherever that is, and every
article of the run is still a page of the WACZ.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.capture import WarcCaptureMiddleware, WarcFiles, payload_digest


def _exchange(url: str, body: bytes) -> tuple[Request, HtmlResponse]:
    request = Request(url)
    return request, HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=request)


def _growth(step: Callable[[int], None], warm: int, more: int) -> int:
    """Bytes of Python memory still held after `more` further steps (after `warm` steps to settle caches)."""
    tracemalloc.start()
    try:
        for i in range(warm):
            step(i)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(warm, warm + more):
            step(i)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def _records(path: Path) -> list[dict[str, str | None]]:
    with path.open("rb") as fh:
        return [
            {
                "type": r.rec_headers.get_header("WARC-Type"),
                "uri": r.rec_headers.get_header("WARC-Target-URI"),
                "id": r.rec_headers.get_header("WARC-Record-ID"),
                "refers_to": r.rec_headers.get_header("WARC-Refers-To"),
            }
            for r in ArchiveIterator(fh)
        ]


def test_the_payload_index_does_not_grow_in_memory(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=10**9, info={})

    def step(i: int) -> None:
        files.write_exchange(*_exchange(f"http://a.vn/tin/{i}.html", b"<p>%d</p>" % i), allow_revisit=True)

    grown = _growth(step, warm=300, more=3000)
    files.close()
    assert grown < 3000 * 30  # was some 600 bytes per response


def test_a_payload_met_thousands_of_responses_and_a_file_earlier_is_still_a_revisit(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, "run1", max_bytes=200_000, info={})
    first = files.write_exchange(
        *_exchange("http://a.vn/list?page=9", b"<p>last page</p>"), allow_revisit=True
    )
    for i in range(3000):
        files.write_exchange(*_exchange(f"http://a.vn/tin/{i}.html", b"<p>%d</p>" % i), allow_revisit=True)
    files.write_exchange(*_exchange("http://a.vn/list?page=10", b"<p>last page</p>"), allow_revisit=True)
    files.close()
    assert len(files.closed_files) > 1  # the first record is in another file
    last = _records(tmp_path / files.closed_files[-1])
    revisits = [r for r in last if r["type"] == "revisit"]
    assert [(r["uri"], r["refers_to"]) for r in revisits] == [("http://a.vn/list?page=10", first.record_id)]
    assert files.revisits == 1
    assert first.payload_digest == payload_digest(b"<p>last page</p>")


def _middleware(tmp_path: Path) -> WarcCaptureMiddleware:
    crawler = get_crawler(settings_dict={"OUTPUT_DIR": str(tmp_path / "out"), "RUN_ID": "run1"})
    mw = WarcCaptureMiddleware.from_crawler(crawler)
    mw.spider_opened()
    return mw


def test_the_pages_list_does_not_grow_in_memory(tmp_path: Path) -> None:
    mw = _middleware(tmp_path)

    def step(i: int) -> None:
        url = f"http://a.vn/tin-hoat-dong/hoi-nghi-tong-ket-cong-tac-nam-{i}.html"
        item = {
            "url": url,
            "title": f"Hội nghị tổng kết công tác năm {i}",
            "fetched_at": "2026-11-26T01:00:00Z",
        }
        mw.item_scraped({**item, "warc": {"file": "x"}})

    grown = _growth(step, warm=300, more=3000)
    assert grown < 3000 * 30  # was some 600 bytes per article


def test_every_article_of_the_run_is_a_page_of_the_wacz(tmp_path: Path) -> None:
    mw = _middleware(tmp_path)
    urls = [f"http://a.vn/tin/{i}.html" for i in range(40)]
    pages = []
    for i, url in enumerate(urls):
        request, response = _exchange(url, b"<p>%d</p>" % i)
        request.meta["capture_kind"] = "article"
        mw.process_response(request, response)
        item = {"url": url, "title": f"Tin số {i}", "warc": request.meta["warc"]}
        item["fetched_at"] = request.meta["fetched_at"]
        mw.item_scraped(item)
        pages.append((url, f"Tin số {i}", item["fetched_at"]))
    summary = mw.finish()
    with zipfile.ZipFile(tmp_path / "out" / "tinhoatdong" / "warc" / summary["wacz"]) as zf:
        lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    written = [json.loads(line) for line in lines[1:]]
    assert sorted((p["url"], p["title"], p["ts"]) for p in written) == sorted(pages)


def _wacz_peak(tmp_path: Path, n_pages: int) -> int:
    """Peak Python memory of packaging a one-record WARC with n resolved pages (the crawl's own build)."""
    from crawler.archive.wacz import build_wacz

    files = WarcFiles(tmp_path / f"w{n_pages}", "run1", max_bytes=10**9, info={})
    request, response = _exchange("http://a.vn/tin/0.html", b"<p>0</p>")
    ts = files.write_exchange(request, response, allow_revisit=False).date
    files.close_run()
    pages = (
        {"url": f"http://a.vn/tin/{i}.html", "title": f"Hội nghị tổng kết công tác năm {i}", "ts": ts}
        for i in range(n_pages)
    )
    warcs = [files.directory / name for name in files.closed_files]
    tracemalloc.start()
    try:
        build_wacz(warcs, pages, tmp_path / f"p{n_pages}.wacz", "t", resolved=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_packaging_does_not_hold_the_run_pages_in_memory(tmp_path: Path) -> None:
    from crawler.archive.wacz import build_wacz  # noqa: F401 (imported before measuring)

    _wacz_peak(tmp_path, 1)  # py-wacz's own imports and caches, once
    assert _wacz_peak(tmp_path, 4000) - _wacz_peak(tmp_path, 1) < 4000 * 100  # was some 1.5 KB per page


def test_resolved_pages_reach_the_wacz_each_with_its_own_id(tmp_path: Path) -> None:
    from crawler.archive.wacz import build_wacz

    files = WarcFiles(tmp_path / "w", "run1", max_bytes=10**9, info={})
    refs = [
        files.write_exchange(*_exchange(f"http://a.vn/tin/{i}.html", b"<p>%d</p>" % i), allow_revisit=False)
        for i in range(5)
    ]
    files.close_run()
    pages = [
        {"url": f"http://a.vn/tin/{i}.html", "title": f"Tin {i}", "ts": ref.date}
        for i, ref in enumerate(refs)
    ]
    out = build_wacz(
        [files.directory / files.closed_files[0]], pages, tmp_path / "r.wacz", "t", resolved=True
    )
    with zipfile.ZipFile(out) as zf:
        lines = [json.loads(line) for line in zf.read("pages/pages.jsonl").decode("utf-8").splitlines()]
    assert lines[0]["format"] == "json-pages-1.0"
    assert [(p["url"], p["title"], p["ts"]) for p in lines[1:]] == [
        (p["url"], p["title"], p["ts"]) for p in pages
    ]
    assert len({p["id"] for p in lines[1:]}) == 5


def test_packaging_never_imports_py_wacz(tmp_path: Path) -> None:
    """py-wacz (with frictionless, some 20 MB of imports) validates a package; making one does without it."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_memory_capture import _wacz_peak\n"
        f"_wacz_peak(Path({str(tmp_path)!r}), 3)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('wacz', 'frictionless')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    with zipfile.ZipFile(tmp_path / "p3.wacz") as zf:
        assert len(zf.read("pages/pages.jsonl").decode("utf-8").splitlines()) == 4
