"""CPU cost of turning a response into a parsed page, stage by stage, each beside the slower way it replaced.

    .venv/bin/python bench/bench_document.py [--mirror /tmp/tinhoatdong-bench/mirror-40x500-s0] [--every 100]

On the article pages of a bench mirror (bench/mirror.py; without ``--mirror``, the saved pages of tests/) it
times, in CPU milliseconds a page, the way the crawl takes ("now") and the other way ("other"), alternated
round by round so that the machine's drift hits both alike:

- NFC of the decoded page: ``crawler.text.nfc.nfc`` (pieces) against one ``unicodedata.normalize`` of the
  whole page, on the pages holding a combining mark (the others pass one quick check either way);
- the mojibake check given the page's UTF-8 form against the check encoding the text itself;
- lxml's parse of the UTF-8 bytes against its parse of the str;
- the WARC capture's gzip of the page at the default level (``crawler.archive.capture.GZIP_LEVEL``) against
  level 6, with the compressed sizes;
- the decompression of the page as a server sends it gzip-encoded (at level 6): ``crawler.middlewares.gunzip``
  (one ISA-L call) against Scrapy's ``gunzip``, both under the crawl's DOWNLOAD_MAXSIZE;
- the capture's gzip of the page as a server sends it gzip-encoded (which the capture keeps as sent):
  ``COMPRESSED_GZIP_LEVEL`` (stored) against the default level, with the members' size as a share of it;
- the capture of each page as one WARC exchange (request, response and metadata records, index lines:
  ``WarcFiles.write_exchange``) with warcio reading the payload in one step (``WholeReads``) against its
  16 KB steps (``io.BytesIO``);
- a 1 MB PDF of compressed streams (a scanned document; the mirror's documents are a few hundred bytes):
  the capture's way (``gzip_level_for``: a probe of its first 64 KB, then a stored member) against level 5,
  in ms for the document;
- on the mirror's listing pages (the same saved pages without ``--mirror``), the search for the breadcrumb
  (``crawler.pages.listing.BREADCRUMB_XPATH``, class and id attributes) against the scan of every element;
- the whole ``Document.from_bytes``;
- with ``--gzip-levels``, the gzip of the pages at every level from 1 to 9 (CPU ms a page, and the members'
  size as a share of the pages' bytes): what ``WARC_GZIP_LEVEL`` trades.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
from lxml import etree  # noqa: E402
from scrapy.http import Headers, HtmlResponse, Request  # noqa: E402
from scrapy.utils.gz import gunzip as scrapy_gunzip  # noqa: E402

from crawler.archive import capture  # noqa: E402
from crawler.archive.capture import (  # noqa: E402
    COMPRESSED_GZIP_LEVEL,
    GZIP_LEVEL,
    gzip_compressor,
    gzip_level_for,
)
from crawler.middlewares import gunzip  # noqa: E402
from crawler.pages.base import Document  # noqa: E402
from crawler.pages.links import html_parser  # noqa: E402
from crawler.pages.listing import BREADCRUMB_XPATH  # noqa: E402
from crawler.settings import DOWNLOAD_MAXSIZE  # noqa: E402
from crawler.text.decode import decode_html_source  # noqa: E402
from crawler.text.nfc import nfc  # noqa: E402
from crawler.text.normalize import repair_mojibake  # noqa: E402

# The breadcrumb search BREADCRUMB_XPATH replaced: a translate() on every element of the page.
ELEMENT_SCAN = etree.XPath(
    "//*[contains(translate(@class,'BREADCUM','breadcum'),'breadcrumb') or "
    "contains(translate(@id,'BREADCUM','breadcum'),'breadcrumb')]"
)


def pages(mirror: Path | None, every: int, kind: str = "article") -> list[bytes]:
    if mirror is not None:
        paths = sorted(mirror.glob(f"*/pages/{kind}-*.html"))
    else:
        paths = sorted(ROOT.glob("tests/fixtures/**/*.html"))
    return [p.read_bytes() for p in paths[::every]]


def parse_each(sources: list, parser: object) -> None:
    """Parse each source and drop its tree before the next, as the crawl does (a list of 200 live trees
    would time the allocator's growth instead)."""
    for source in sources:
        lxml.html.document_fromstring(source, parser=parser)


def gzip_each(bodies: list[bytes], level: int) -> int:
    """Compress each body as one gzip member, as the WARC capture does; the total compressed size."""
    size = 0
    for body in bodies:
        member = gzip_compressor(level)
        size += len(member.compress(body)) + len(member.flush())
    return size


def capture_each(bodies: list[bytes], payload: type) -> None:
    """Write each body as one WARC exchange, as the capture does, warcio reading payloads through
    ``payload`` (the capture's ``WholeReads`` or ``io.BytesIO``)."""
    saved = capture.WholeReads
    capture.WholeReads = payload
    try:
        with tempfile.TemporaryDirectory() as folder:
            files = capture.WarcFiles(Path(folder), "bench", max_bytes=10**10, info={})
            for i, body in enumerate(bodies):
                url = f"http://127.0.0.1:8000/tin/{i}.html"
                request = Request(url, headers={"Referer": "http://127.0.0.1:8000/"})
                headers = {"Content-Type": "text/html; charset=utf-8"}
                response = HtmlResponse(url, body=body, headers=headers, request=request)
                files.write_exchange(request, response, allow_revisit=True, metadata={"kind": "article"})
            files.close()
    finally:
        capture.WholeReads = saved


def compressed_document(size: int = 1_000_000) -> bytes:
    """A PDF whose streams are compressed inside, as scanned documents are (bytes deflate cannot shrink)."""
    out, block = bytearray(b"%PDF-1.4\n1 0 obj\n<</Filter/DCTDecode>>stream\n"), b"seed"
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


def gzip_probed(bodies: list[bytes], headers: Headers) -> int:
    """The capture's way: each body at the level ``gzip_level_for`` gives it (probe included)."""
    return sum(gzip_each([b], gzip_level_for(headers, b, GZIP_LEVEL, COMPRESSED_GZIP_LEVEL)) for b in bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mirror", type=Path, default=None)
    parser.add_argument("--every", type=int, default=1, help="one page in N")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--gzip-levels", action="store_true", help="also time gzip at every level, 1 to 9")
    args = parser.parse_args()
    bodies = pages(args.mirror, args.every)
    if not bodies:
        sys.exit("no pages found")
    decoded = [decode_html_source(b) for b in bodies]
    # the pages with a combining mark, decoded but not yet NFC
    raw = [b.decode("utf-8", "replace") for b in bodies if b"\xcc" in b or b"\xcd" in b]
    utf8 = [text.encode("utf-8", "surrogatepass") for text, _, _ in decoded]
    texts = [text for text, _, _ in decoded]
    sent = [gzip.compress(b, 6) for b in bodies]  # as a server sends them to Scrapy, which asks for gzip
    n, m = len(bodies), max(1, len(raw))
    print(f"{n} pages ({sum(map(len, bodies)) / n / 1024:.0f} KB mean), {len(raw)} with a combining mark")
    print(f"{'CPU ms per page':44} {'now':>8} {'other':>8}")
    per = 1000 / n
    stages = {
        "NFC, pages with a mark (pieces / whole page)": (
            (lambda: [nfc(t) for t in raw], lambda: [unicodedata.normalize("NFC", t) for t in raw]),
            1000 / m,
        ),
        "mojibake check (given bytes / encoding)": (
            (
                lambda: [repair_mojibake(t, u) for t, u in zip(texts, utf8, strict=True)],
                lambda: [repair_mojibake(t) for t in texts],
            ),
            per,
        ),
        "lxml parse (UTF-8 bytes / str)": (
            (
                lambda: parse_each(utf8, html_parser(utf8=True)),
                lambda: parse_each(texts, html_parser()),
            ),
            per,
        ),
        f"gzip (level {GZIP_LEVEL} / level 6)": (
            (lambda: gzip_each(bodies, GZIP_LEVEL), lambda: gzip_each(bodies, 6)),
            per,
        ),
        "gunzip, page sent gzipped (ISA-L / Scrapy)": (
            (
                lambda: [gunzip(b, DOWNLOAD_MAXSIZE) for b in sent],
                lambda: [scrapy_gunzip(b, max_size=DOWNLOAD_MAXSIZE) for b in sent],
            ),
            per,
        ),
        f"gzip, page sent gzipped (level {COMPRESSED_GZIP_LEVEL} / {GZIP_LEVEL})": (
            (lambda: gzip_each(sent, COMPRESSED_GZIP_LEVEL), lambda: gzip_each(sent, GZIP_LEVEL)),
            per,
        ),
    }
    stages["WARC exchange (one step / 16 KB steps)"] = (
        (lambda: capture_each(bodies, capture.WholeReads), lambda: capture_each(bodies, io.BytesIO)),
        per,
    )
    documents, pdf = [compressed_document()], Headers({"Content-Type": "application/pdf"})
    stages[f"1 MB PDF, compressed streams (probe / {GZIP_LEVEL})"] = (
        (lambda: gzip_probed(documents, pdf), lambda: gzip_each(documents, GZIP_LEVEL)),
        1000,
    )
    listing_pages = pages(args.mirror, args.every, "listing")
    listings = [Document.from_bytes(b, "http://127.0.0.1/l.html").tree for b in listing_pages]
    if listings:
        stages["breadcrumb search (class+id / every element)"] = (
            (lambda: [BREADCRUMB_XPATH(t) for t in listings], lambda: [ELEMENT_SCAN(t) for t in listings]),
            1000 / len(listings),
        )
    for name, ((new, old), scale) in stages.items():
        spent = [0.0, 0.0]
        for r in range(args.rounds):
            for i in (0, 1) if r % 2 else (1, 0):
                start = time.process_time()
                (new, old)[i]()
                spent[i] += time.process_time() - start
        now, other = (s / args.rounds * scale for s in spent)
        print(f"{name:44} {now:8.3f} {other:8.3f}")
    print(f"{'gzip size, % of level 6':44} {gzip_each(bodies, GZIP_LEVEL) / gzip_each(bodies, 6) * 100:8.2f}")
    sent_size = sum(map(len, sent))
    for level in (COMPRESSED_GZIP_LEVEL, GZIP_LEVEL):
        share = gzip_each(sent, level) / sent_size * 100
        print(f"{f'gzipped page, level {level}: % of its bytes':44} {share:8.2f}")
    whole = 0.0
    for _ in range(args.rounds):
        start = time.process_time()
        for b in bodies:
            Document.from_bytes(b, "http://127.0.0.1/a.html")
        whole += time.process_time() - start
    print(f"{'Document.from_bytes, whole':44} {whole / args.rounds * per:8.3f}")
    if args.gzip_levels:
        print_gzip_levels(bodies, args.rounds)


def print_gzip_levels(bodies: list[bytes], rounds: int) -> None:
    """CPU ms a page and size (% of the pages' bytes) of gzip at each level; the levels' order turns round
    by round, so that the machine's drift is shared."""
    levels = list(range(1, 10))
    spent = dict.fromkeys(levels, 0.0)
    sizes: dict[int, int] = {}
    for r in range(rounds):
        for level in levels[r % 9 :] + levels[: r % 9]:
            start = time.process_time()
            sizes[level] = gzip_each(bodies, level)
            spent[level] += time.process_time() - start
    total = sum(map(len, bodies))
    print(f"{'gzip level':12} {'CPU ms/page':>12} {'% of bytes':>11}")
    for level in levels:
        mark = " (default)" if level == GZIP_LEVEL else ""
        ms = spent[level] / rounds * 1000 / len(bodies)
        print(f"{level:<12} {ms:12.3f} {sizes[level] / total * 100:11.1f}{mark}")


if __name__ == "__main__":
    main()
