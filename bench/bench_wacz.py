"""What packaging a run as a WACZ costs: the index made by the capture against py-wacz reading the WARCs.

    .venv/bin/python bench/bench_wacz.py [--mirror DIR] [--every N] [--rounds R]

Writes the pages of a bench mirror (bench/mirror.py; without ``--mirror``, the saved pages of tests/) to WARC
files as the capture does (``WarcFiles.write_exchange``: response, request and metadata records), then times,
in CPU milliseconds per exchange and alternated round by round so that the machine's drift hits both alike:

- the capture's index lines: ``crawler.archive.cdxj.index_line`` for each record, which the capture now does
  while writing (timed apart from the rest of the writing);
- packaging: ``build_wacz`` given those lines (the crawl's way) against ``wacz create`` of py-wacz 0.6 on the
  same files (the way before, in its own process: its CPU time is the child's, from ``wait4``), with the
  ``--copy-pages`` list the crawl gave it.

It checks that both packages index the same lines before printing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import run_child  # noqa: E402
from scrapy.http import HtmlResponse, Request  # noqa: E402

import crawler.archive.capture as capture  # noqa: E402
from crawler.archive.wacz import build_wacz  # noqa: E402

PY_WACZ = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"


def bodies(mirror: Path | None, every: int) -> list[bytes]:
    if mirror is not None:
        paths = sorted(mirror.glob("*/pages/*.html"))
    else:
        paths = sorted(ROOT.glob("tests/fixtures/**/*.html"))
    return [p.read_bytes() for p in paths[::every]]


def write_run(folder: Path, pages: list[bytes]) -> tuple[capture.WarcFiles, list[dict], float]:
    """The pages written as a run's WARC files; the pages list; CPU seconds spent in index_line."""
    spent = 0.0
    real = capture.index_line

    def timed(*args: object, **kwargs: object) -> str | None:
        nonlocal spent
        start = time.process_time()
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent += time.process_time() - start

    warm = capture.WarcFiles(folder.with_name("warm"), "warm", 200_000_000, {})
    warm.write_exchange(
        Request("http://a.vn/"), HtmlResponse("http://a.vn/", body=b"<html></html>"), allow_revisit=False
    )
    warm.close_run()  # the imports the first line makes are the run's, not each exchange's
    capture.index_line = timed
    try:
        files = capture.WarcFiles(folder, "bench", 200_000_000, {"software": "bench"})
        listed = []
        for n, body in enumerate(pages):
            url = f"http://stttt.example.gov.vn/tin-hoat-dong/bai-{n}.html"
            request = Request(url, headers={"Referer": "http://stttt.example.gov.vn/tin-hoat-dong"})
            response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
            ref = files.write_exchange(request, response, allow_revisit=False, metadata={"kind": "article"})
            listed.append({"url": url, "title": f"Bài {n}", "ts": ref.date})
        files.close_run()
    finally:
        capture.index_line = real
    return files, listed, spent


def package_ours(files: capture.WarcFiles, pages: list[dict], out: Path) -> float:
    warcs = [files.directory / name for name in files.closed_files]
    start = time.process_time()
    build_wacz(warcs, pages, out, "bench", resolved=True, index=files.index_lines())
    return time.process_time() - start


def package_py_wacz(files: capture.WarcFiles, pages: list[dict], out: Path) -> float:
    warcs = [str(files.directory / name) for name in files.closed_files]
    pages_file = out.with_suffix(".pages.jsonl")
    with pages_file.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "bench"}) + "\n")
        for n, page in enumerate(pages):
            fh.write(json.dumps({"id": str(n), **page}, ensure_ascii=False) + "\n")
    args = ["create", "-o", str(out), "--title", "bench", "--pages", str(pages_file), "--copy-pages", *warcs]
    log = out.with_suffix(".log")
    got = run_child(
        "py-wacz", [sys.executable, "-c", PY_WACZ, *args], ROOT, log, dict(os.environ), timeout=600
    )
    if got.exit_status:
        raise SystemExit(f"wacz create failed ({got.exit_status}): {log.read_text()[-2000:]}")
    return got.cpu_s


def index_of(wacz: Path) -> list[str]:
    with zipfile.ZipFile(wacz) as zf:
        return gzip.decompress(zf.read("indexes/index.cdx.gz")).decode("utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mirror", type=Path, help="a bench mirror folder (default: the saved pages of tests/)"
    )
    parser.add_argument("--every", type=int, default=1, help="take every Nth page")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = bodies(args.mirror, args.every)
    with tempfile.TemporaryDirectory(prefix="bench-wacz-") as work:
        folder = Path(work)
        files, listed, index_s = write_run(folder / "warc", pages)
        size = sum((files.directory / name).stat().st_size for name in files.closed_files)
        ours = theirs = 0.0
        for n in range(args.rounds):
            ours += package_ours(files, listed, folder / f"ours{n}.wacz")
            theirs += package_py_wacz(files, listed, folder / f"py{n}.wacz")
        if index_of(folder / "ours0.wacz") != index_of(folder / "py0.wacz"):
            raise SystemExit("the two packages index different lines")
        n = len(pages)
        print(
            f"{n} exchanges ({sum(map(len, pages)) // n // 1000} KB mean page), {size / 1e6:.1f} MB of WARC"
        )
        print(f"{'CPU ms per exchange':44} {'ours':>8} {'py-wacz':>8}")
        print(f"{'index lines, made while writing':44} {1000 * index_s / n:8.3f} {'':>8}")
        per = 1000 / (n * args.rounds)
        label = f"packaging ({args.rounds} rounds, alternated)"
        print(f"{label:44} {ours * per:8.3f} {theirs * per:8.3f}")
        print(f"{'total':44} {1000 * index_s / n + ours * per:8.3f} {theirs * per:8.3f}")


if __name__ == "__main__":
    main()
