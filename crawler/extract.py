"""`python -m crawler.extract PAGE.html [...] [--url URL] [--site ID] [--sites FILE]`
`python -m crawler.extract --warc FILE.warc.gz [...] [--sites FILE]`

Prints, one JSON line per saved article page, the item the crawler would produce from it: the raw bytes are
decoded, parsed and normalised by the same code as the crawl. A page that cannot be read gives one error line
`{"file": ..., "error": ...}` on stdout (and the exit status is 1), never a traceback. Archivists use it to
re-extract saved pages when the parsers improve.

Without --url, a `meta.json` beside the page (the test fixtures' layout) gives the URL; otherwise the file's
own `file://` URL is used.

`--warc FILE.warc.gz [...]` re-extracts every article record of a run's WARC files instead: the response the
spider received (Content-Encoding undone as the crawl does, the header charset), the site, category and
listing entry from the metadata record beside it, the same `build_item` call and text stage as the crawl,
the item's `warc` reference, its attachments' size and sha256 from the run's files, and `fetched_at` from
the record's WARC-Date. A record that cannot be read gives `{"file", "offset", "url", "error"}`; a record
the crawl made no item of (an HTTP error or redirect, a body that is not text) is only noted on stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.archive.reader import ArticleCapture, CaptureError, WarcSet, run_set, warc_paths
from crawler.assemble import build_item
from crawler.pages.base import Document, ListingEntry
from crawler.pipelines.text import TextPipeline
from crawler.registry import RegistryError, Site, load_registry, select_sites

_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(ListingEntry))


def _url_for(path: Path, given: str | None, charset: str | None = None) -> tuple[str, str | None]:
    """(url, header charset) for a saved page: the options first, else meta.json beside the page."""
    meta_file = path.with_name("meta.json")
    meta: dict[str, Any] = {}
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    headers = {k.lower(): v for k, v in (meta.get("headers") or {}).items()}
    ctype = headers.get("content-type", "")
    if charset is None and "charset=" in ctype.lower():
        charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip()
    return given or meta.get("url") or path.resolve().as_uri(), charset


def extract_file(
    path: Path, *, url: str | None, site: Site | None, text_stage: TextPipeline, charset: str | None = None
) -> dict[str, Any]:
    page_url, charset = _url_for(path, url, charset)
    doc = Document.from_bytes(path.read_bytes(), page_url, charset)
    fetched = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    item = build_item(doc, site, fetched_at=fetched)
    return dict(text_stage.process_item(item))


class NoItemError(Exception):
    """An article record the crawl would have given no item for (an HTTP error, a body that is not text)."""


def _is_text(capture: ArticleCapture) -> bool:
    """Whether Scrapy would have made a TextResponse of it (the spider counts anything else as NotHtml)."""
    from scrapy.http import Headers, TextResponse
    from scrapy.responsetypes import responsetypes

    headers = Headers([(k, v) for k, v in capture.headers if k.lower() != "content-encoding"])
    return issubclass(
        responsetypes.from_args(headers=headers, url=capture.url, body=capture.body), TextResponse
    )


def item_from_capture(
    capture: ArticleCapture, warcs: WarcSet, sites: dict[str, Site], text_stage: TextPipeline
) -> dict[str, Any]:
    """The item the crawl made of this capture. Raises NoItemError, or ValueError for a bad record."""
    if not 200 <= capture.status < 300:
        raise NoItemError(f"HTTP {capture.status}")
    if not _is_text(capture):
        raise NoItemError("not a text response")
    site = sites.get(capture.site or "")
    if site is None:
        raise ValueError(
            f"site {capture.site!r} is not in the registry (give the run's registry with --sites)"
        )
    entry = None
    if capture.entry is not None:
        # Only the fields ListingEntry has: a WARC written by another version stays readable.
        entry = ListingEntry(**{k: capture.entry.get(k) for k in _ENTRY_FIELDS})
    doc = Document.from_bytes(capture.body, capture.url, capture.charset)
    item = build_item(
        doc,
        site,
        fetched_at=capture.fetched_at,
        listing_entry=entry,
        category=capture.category,
        warc=capture.ref.as_item(),
    )
    for attachment in item["attachments"]:  # in place, as the spider fills them in
        attachment.update(warcs.download(attachment["url"], after=capture.ref).as_item())
    return dict(text_stage.process_item(item))


def extract_warcs(
    paths: list[Path], sites: dict[str, Site], text_stage: TextPipeline, counts: dict[str, int] | None = None
) -> Iterator[dict[str, Any]]:
    """One line per article record of these WARC files: its item, or an error line.

    The lookups (revisits, attachments) see every finished file of the same runs, not only those given.
    """
    counts = counts if counts is not None else {}
    files = warc_paths(paths)
    warcs = WarcSet(run_set(files))
    for captured in warcs.articles(files):
        if isinstance(captured, CaptureError):
            counts["errors"] = counts.get("errors", 0) + 1
            yield captured.as_line()
            continue
        try:
            line = item_from_capture(captured, warcs, sites, text_stage)
        except NoItemError as exc:
            counts["skipped"] = counts.get("skipped", 0) + 1
            print(
                f"crawler.extract: skipped {captured.url}: {exc} (no item in the crawl either)",
                file=sys.stderr,
            )
            continue
        except Exception as exc:  # one bad record must not hide the others' items
            counts["errors"] = counts.get("errors", 0) + 1
            yield {
                "file": str(captured.path),
                "offset": captured.ref.offset,
                "url": captured.url,
                "error": f"{type(exc).__name__}: {exc}",
            }
            continue
        counts["items"] = counts.get("items", 0) + 1
        yield line


def _main_warc(opts: argparse.Namespace, text_stage: TextPipeline) -> int:
    try:
        sites = {site.id: site for site in load_registry(opts.sites)}
    except RegistryError as exc:
        print(f"crawler.extract: {exc}", file=sys.stderr)
        return 2
    for path in opts.warc:
        if path.name.endswith(".open"):
            print(f"crawler.extract: skipped {path}: still being written", file=sys.stderr)
    counts: dict[str, int] = {}
    for line in extract_warcs(opts.warc, sites, text_stage, counts):
        print(json.dumps(line, ensure_ascii=False))
    print(
        f"crawler.extract: {counts.get('items', 0)} items, {counts.get('errors', 0)} errors, "
        f"{counts.get('skipped', 0)} skipped",
        file=sys.stderr,
    )
    return 1 if counts.get("errors") else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__.split("\n\n")[1])
    parser.add_argument("pages", nargs="*", type=Path, help="saved article pages (raw bytes as fetched)")
    parser.add_argument(
        "--warc",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="re-extract the article records of these WARC files",
    )
    parser.add_argument("--url", help="the URL the page was fetched from (default: meta.json beside it)")
    parser.add_argument("--charset", help="the charset of the HTTP Content-Type header the page came with")
    parser.add_argument("--site", help="registry id of the page's site (selectors, platform, date order)")
    parser.add_argument("--sites", help="registry file (default: the built-in crawler/sites.yaml)")
    parser.add_argument("--tone-style", default="keep", choices=("keep", "new", "old"))
    opts = parser.parse_args(argv)
    text_stage = TextPipeline(tone_style=opts.tone_style)
    if opts.warc:
        if opts.pages or opts.url or opts.charset or opts.site:
            parser.error(
                "--warc reads the site, URL and charset from the WARC: no pages, --url, --charset or --site"
            )
        return _main_warc(opts, text_stage)
    if not opts.pages:
        parser.error("give saved pages, or --warc FILE.warc.gz")
    if opts.url and len(opts.pages) > 1:
        parser.error("--url applies to one page; give one page or use meta.json files")
    site = None
    if opts.site:
        try:
            site = select_sites(load_registry(opts.sites), opts.site)[0]
        except RegistryError as exc:
            print(f"crawler.extract: {exc}", file=sys.stderr)
            return 2
    status = 0
    for path in opts.pages:
        try:
            line = extract_file(path, url=opts.url, site=site, text_stage=text_stage, charset=opts.charset)
        except OSError as exc:
            line, status = {"file": str(path), "error": f"cannot read: {exc.strerror or exc}"}, 1
        except Exception as exc:  # one bad page must not hide the others' results
            line, status = {"file": str(path), "error": f"cannot extract: {type(exc).__name__}: {exc}"}, 1
        print(json.dumps(line, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
