"""`python -m crawler.extract PAGE.html [...] [--url URL] [--site ID] [--sites FILE]`

Prints, one JSON line per saved article page, the item the crawler would produce from it: the raw bytes are
decoded, parsed and normalised by the same code as the crawl. A page that cannot be read gives one error line
`{"file": ..., "error": ...}` on stdout (and the exit status is 1), never a traceback. Archivists use it to
re-extract saved pages when the parsers improve.

Without --url, a `meta.json` beside the page (the test fixtures' layout) gives the URL; otherwise the file's
own `file://` URL is used.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.assemble import build_item
from crawler.pages.base import Document
from crawler.pipelines.text import TextPipeline
from crawler.registry import RegistryError, Site, load_registry, select_sites


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__.split("\n\n")[1])
    parser.add_argument("pages", nargs="+", type=Path, help="saved article pages (raw bytes as fetched)")
    parser.add_argument("--url", help="the URL the page was fetched from (default: meta.json beside it)")
    parser.add_argument("--charset", help="the charset of the HTTP Content-Type header the page came with")
    parser.add_argument("--site", help="registry id of the page's site (selectors, platform, date order)")
    parser.add_argument("--sites", help="registry file (default: the built-in crawler/sites.yaml)")
    parser.add_argument("--tone-style", default="keep", choices=("keep", "new", "old"))
    opts = parser.parse_args(argv)
    if opts.url and len(opts.pages) > 1:
        parser.error("--url applies to one page; give one page or use meta.json files")
    site = None
    if opts.site:
        try:
            site = select_sites(load_registry(opts.sites), opts.site)[0]
        except RegistryError as exc:
            print(f"crawler.extract: {exc}", file=sys.stderr)
            return 2
    text_stage = TextPipeline(tone_style=opts.tone_style)
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
