"""CPU cost of article extraction: ``python bench/bench_extract.py [--min-seconds 1.0]``.

For every saved article page (``tests/fixtures/generic/*`` and the per-platform ``kind: article``
fixtures) it times, in CPU seconds of this process, the parse (``Document.from_bytes``) and the whole
``ArticlePage(doc).to_item()`` separately, repeating each until ``--min-seconds`` have passed, and prints
ms per page and ms per 100 KB of HTML. A last row times a ~100 KB page made from the first fixture by
growing its menus and sidebar (the usual reason real pages are that big). Target: to_item ≤ 3 ms per
100 KB. The timed runs share one parsed Document; each starts without the element index an earlier run
built (``fresh_index``), as the crawl builds it once per page in its extraction.

``--mirror DIR`` times pages of a bench mirror instead (bench/mirror.py: 80-300 KB pages with menus,
scripts and view state, as the real sites have them): ``--pages`` article pages of each site, one row per
site with the mean of its pages (``parse`` here is the whole Document: decoding, NFC, mojibake check,
lxml, links made absolute; ``detect`` the platform detection a site without a registry ``platform`` pays on
every page; ``total`` is parse and to_item, what a site with one pays).

    .venv/bin/python bench/bench_extract.py --mirror /tmp/tinhoatdong-bench/mirror-7x200-s0 --pages 10

``--listings`` (with ``--mirror``) times the first ``--pages`` listing pages of each site instead, read in
order as the spider reads them (each page told where the previous page's list was): the whole Document, then
``ListingPage.parse()`` (entries, pager search, category), with the links and entries per page.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.pages.article import ArticlePage  # noqa: E402
from crawler.pages.base import Document, ListingEntry, ListingResult  # noqa: E402
from crawler.pages.listing import ListingPage  # noqa: E402
from crawler.pages.platforms import detect_platform  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def cases() -> list[tuple[str, bytes, dict]]:
    """(name, raw bytes, meta) of every article fixture."""
    out = []
    for meta_path in sorted(FIXTURES.glob("*/*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        folder = meta_path.parent
        is_generic = folder.parent.name == "generic"
        if (is_generic or meta.get("kind") == "article") and (folder / "page.html").is_file():
            out.append((f"{folder.parent.name}/{folder.name}", (folder / "page.html").read_bytes(), meta))
    return out


def grown(body: bytes, target: int = 100_000) -> bytes:
    """The page with its link lists repeated until it weighs about ``target`` bytes."""
    html = body.decode("utf-8", "replace")
    items = re.findall(r"<li\b.*?</li>", html, re.S) or ['<li><a href="/x">Liên kết chuyên mục</a></li>']
    chunk = "<ul class='list'>" + "".join(items) + "</ul>"
    pad = []
    size = len(body)
    while size < target:
        pad.append(chunk)
        size += len(chunk.encode("utf-8"))
    return html.replace("</body>", "<div class='box-right'>" + "".join(pad) + "</div></body>").encode("utf-8")


def cpu_ms(fn: Callable[[], object], min_seconds: float) -> float:
    """Mean CPU milliseconds per call, repeating until ``min_seconds`` of CPU time have passed."""
    fn()  # warm caches (compiled selectors, regexes)
    runs = 0
    start = time.process_time()
    elapsed = 0.0
    while elapsed < min_seconds:
        fn()
        runs += 1
        elapsed = time.process_time() - start
    return 1000.0 * elapsed / runs


def charset(meta: dict) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", (meta.get("headers") or {}).get("Content-Type", ""), re.I)
    return match.group(1) if match else None


def mirror_cases(mirror: Path, per_site: int) -> list[tuple[str, list[tuple[bytes, dict]]]]:
    """(site folder, [(raw bytes, meta)]): the first ``per_site`` articles of each site of a bench mirror."""
    out = []
    for truth_path in sorted(mirror.glob("*/truth.json")):
        folder = truth_path.parent
        truth = json.loads(truth_path.read_text("utf-8"))
        routes = json.loads((folder / "routes.json").read_text("utf-8"))["routes"]
        files = {r["path"] + ("?" + r["query"] if r.get("query") else ""): r["file"] for r in routes}
        pages = []
        for article in truth["articles"][:per_site]:
            meta = {"url": "http://127.0.0.1:8000" + article["path"],
                    "platform": truth["site"].get("platform"),
                    "headers": {"Content-Type": "text/html; charset=utf-8"}}  # fmt: skip
            pages.append(((folder / files[article["path"]]).read_bytes(), meta))
        out.append((folder.name, pages))
    return out


MIRROR_NETLOC = "127.0.0.1:8000"  # the host the pages are read as coming from (their links are relative)


def mirror_listings(mirror: Path, per_site: int) -> list[tuple[str, str, list[tuple[str, bytes]]]]:
    """(site folder, platform, [(url, raw bytes)]): the first ``per_site`` listing pages of each site."""
    out = []
    for truth_path in sorted(mirror.glob("*/truth.json")):
        truth = json.loads(truth_path.read_text("utf-8"))
        pages = [
            (
                f"http://{MIRROR_NETLOC}{page['path']}" + (f"?{page['query']}" if page.get("query") else ""),
                (truth_path.parent / page["file"]).read_bytes(),
            )
            for page in truth["listings"][:per_site]
        ]
        out.append((truth_path.parent.name, truth["site"].get("platform") or "generic", pages))
    return out


def read_listings(docs: list[Document], platform: str) -> list[ListingResult]:
    """Each listing page parsed as the spider does: page N learns where page N-1 had its list, and only the
    first page looks for the category (the spider passes it on)."""
    results = []
    list_path = None
    for page_no, doc in enumerate(docs, 1):
        page = ListingPage(
            doc, domains=(MIRROR_NETLOC,), platform=platform, page_no=page_no, list_path=list_path
        )
        results.append(page.parse(find_category=page_no == 1))
        list_path = results[-1].list_path
    return results


def main_listings(mirror: Path, per_site: int, min_seconds: float) -> None:
    head = f"{'site':28} {'pages':>5} {'KB':>7} {'links':>6} {'entries':>7}"
    print(f"{head} {'parse ms':>9} {'listing ms':>11}")
    sums = [0.0, 0.0, 0.0, 0]
    for name, platform, pages in mirror_listings(mirror, per_site):
        docs = [Document.from_bytes(b, url) for url, b in pages]
        parse = cpu_ms(lambda p=pages: [Document.from_bytes(b, url) for url, b in p], min_seconds)
        listing = cpu_ms(lambda d=docs, pl=platform: read_listings(d, pl), min_seconds)
        n = len(pages)
        kb = sum(len(b) for _, b in pages) / n / 1000
        links = sum(sum(1 for _ in doc.tree.iter("a")) for doc in docs) / n
        entries = sum(len(r.entries) for r in read_listings(docs, platform)) / n
        sums = [sums[0] + parse, sums[1] + listing, sums[2] + kb * n, sums[3] + n]
        print(f"{name:28} {n:5d} {kb:7.1f} {links:6.0f} {entries:7.1f} {parse / n:9.2f} {listing / n:11.2f}")
    if sums[3]:
        n = sums[3]
        print(f"{'all':28} {n:5d} {sums[2] / n:7.1f} {'':6} {'':7} {sums[0] / n:9.2f} {sums[1] / n:11.2f}")


def fresh_index(doc: Document) -> Document:
    """``doc`` without the element index an earlier run left on it: the crawl builds a page's index once,
    in its extraction, and so does each timed run (else every run but the first reads a finished index)."""
    doc._index = None
    return doc


def main_mirror(mirror: Path, per_site: int, min_seconds: float) -> None:
    print(f"{'site':28} {'pages':>5} {'KB':>7} {'parse ms':>9} {'detect ms':>10} {'to_item ms':>11} "
          f"{'total ms':>9}")  # fmt: skip
    sums = [0.0, 0.0, 0.0, 0.0, 0]
    for name, pages in mirror_cases(mirror, per_site):
        docs = [Document.from_bytes(b, m["url"], charset(m)) for b, m in pages]
        parse = cpu_ms(
            lambda p=pages: [Document.from_bytes(b, m["url"], charset(m)) for b, m in p], min_seconds
        )
        # what a site without a registry `platform` pays on each page (assemble.platform_for)
        detect = cpu_ms(
            lambda d=docs: [detect_platform(doc.html, doc.url, doc.utf8) for doc in d], min_seconds
        )
        item = cpu_ms(
            lambda d=docs, p=pages: [
                ArticlePage(fresh_index(doc), platform=m.get("platform") or "generic").to_item()
                for doc, (_, m) in zip(d, p, strict=True)
            ],
            min_seconds,
        )
        n = len(pages)
        kb = sum(len(b) for b, _ in pages) / n / 1000
        sums = [sums[0] + parse, sums[1] + detect, sums[2] + item, sums[3] + kb * n, sums[4] + n]
        print(f"{name:28} {n:5d} {kb:7.1f} {parse / n:9.2f} {detect / n:10.2f} {item / n:11.2f} "
              f"{(parse + item) / n:9.2f}")  # fmt: skip
    if sums[4]:
        n = sums[4]
        print(f"{'all':28} {n:5d} {sums[3] / n:7.1f} {sums[0] / n:9.2f} {sums[1] / n:10.2f} "
              f"{sums[2] / n:11.2f} {(sums[0] + sums[2]) / n:9.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-seconds", type=float, default=1.0, help="CPU seconds per measurement")
    parser.add_argument("--mirror", type=Path, help="time article pages of this bench mirror instead")
    parser.add_argument("--pages", type=int, default=10, help="with --mirror: article pages per site")
    parser.add_argument("--listings", action="store_true", help="with --mirror: listing pages instead")
    args = parser.parse_args()
    if args.listings:
        if args.mirror is None:
            parser.error("--listings needs --mirror")
        main_listings(args.mirror, args.pages, args.min_seconds)
        return
    if args.mirror is not None:
        main_mirror(args.mirror, args.pages, args.min_seconds)
        return
    rows = cases()
    if rows:
        rows.append(("synthetic/100KB", grown(rows[0][1]), rows[0][2]))
    print(f"{'page':40} {'KB':>7} {'parse ms':>9} {'to_item ms':>11} {'to_item ms/100KB':>17}")
    total_kb = total_ms = 0.0
    for name, body, meta in rows:
        url, cs = meta["url"], charset(meta)
        entry = ListingEntry(**meta["listing_entry"]) if meta.get("listing_entry") else None
        platform = meta.get("platform") or "generic"
        parse_ms = cpu_ms(lambda b=body, u=url, c=cs: Document.from_bytes(b, u, c), args.min_seconds)
        doc = Document.from_bytes(body, url, cs)

        def extract(d: Document = doc, p: str = platform, e: ListingEntry | None = entry) -> dict:
            # Documents are read-only for ArticlePage, so one parsed tree serves every run.
            return ArticlePage(fresh_index(d), platform=p, listing_entry=e).to_item()

        item_ms = cpu_ms(extract, args.min_seconds)
        kb = len(body) / 1000
        total_kb += kb
        total_ms += item_ms
        print(f"{name:40} {kb:7.1f} {parse_ms:9.2f} {item_ms:11.2f} {item_ms * 100 / kb:17.2f}")
    if rows:
        print(f"{'all pages':40} {total_kb:7.1f} {'':9} {total_ms:11.2f} {total_ms * 100 / total_kb:17.2f}")


if __name__ == "__main__":
    main()
