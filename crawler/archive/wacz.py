"""Package a run's WARC files as one WACZ (Web Archive Collection Zipped) for ReplayWeb.page.

A WACZ (https://specs.webrecorder.net/wacz/1.1.1/) is a zip of the WARCs (``archive/``, stored as they are), a
CDXJ index of their records (``indexes/index.cdx.gz`` in compressed blocks, ``indexes/index.idx`` listing the
blocks), a pages list (``pages/pages.jsonl``) and a ``datapackage.json`` giving every file's SHA-256, itself
hashed in ``datapackage-digest.json``. Replay tools open it directly; Webrecorder's validator (py-wacz's
``wacz validate``) accepts ours, which the tests check.

The index lines come from the capture, made as it wrote each record (crawler.archive.cdxj): reading every
record back to index it, as py-wacz does, was about 8 % of a crawl's CPU. WARC files without those lines
(a package made again from old files) are indexed by cdxj-indexer, py-wacz's own indexer, with py-wacz's
options: the same lines either way. Nothing is held whole in memory: the lines are sorted in bounded runs,
and the files are copied and hashed in one pass. The package is written under a temporary name beside
``out`` and renamed, so a ``*.wacz`` file is always complete.

The pages list names the article pages a viewer opens first: ``id``, ``url``, ``title``, ``ts``. Each page's
``ts`` must be the WARC-Date of a record of its URL for a viewer to find it, so unless the caller says the
pages are already ``resolved`` it is set to the date of the successful (2xx) capture of its URL nearest to
the given time (an item's ``fetched_at`` may be a moment off; a retried or redirected URL has several
records). A page with no such capture is left out and logged.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages"}
WACZ_VERSION = "1.1.1"
_COPY_CHUNK = 1024 * 1024


class WaczError(RuntimeError):
    """A WARC file could not be indexed (damaged, not a WARC); what went wrong is in the text."""


def _page_lines(pages: Iterable[dict[str, Any]], title: str) -> Iterator[bytes]:
    """pages.jsonl: a header, then one page a line (id, url, title, ts; an id made where none is given).
    One page at a time: a run's pages come from a file and are not all held in memory here."""
    yield (json.dumps({**PAGES_HEADER, "title": title}, ensure_ascii=False) + "\n").encode("utf-8")
    for page in pages:
        if not page.get("url") or not page.get("ts"):
            raise ValueError(f"a page needs url and ts: {page!r}")
        kept = {"id": page.get("id") or uuid.uuid4().hex}
        kept.update((k, page[k]) for k in ("url", "title", "ts") if page.get(k) is not None)
        yield (json.dumps(kept, ensure_ascii=False) + "\n").encode("utf-8")


def _when(ts: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def resolve_pages(
    warcs: list[Path], pages: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """(pages with `ts` set to their capture's WARC-Date, URLs of pages with no 2xx capture)."""
    from crawler.archive.reader import WarcSet

    index = WarcSet(warcs)
    for error in index.errors:  # packaged all the same: what can be read of a damaged file is evidence
        logger.warning("WACZ input %s: %s", error.file, error.error)
    found: list[dict[str, Any]] = []
    missing: list[str] = []
    for page in pages:
        url = page.get("url")
        captures = [r for r in index.by_url.get(url or "", []) if r.status and 200 <= r.status < 300]
        if not captures:
            missing.append(str(url))
            continue
        wanted = _when(page.get("ts"))
        best = captures[-1]
        if wanted is not None:
            dated = [
                (abs((d - wanted).total_seconds()), i) for i, r in enumerate(captures) if (d := _when(r.date))
            ]
            if dated:
                best = captures[min(dated)[1]]
        found.append({**page, "ts": best.date})
    return found, missing


def _check_warcs(warcs: list[Path]) -> None:
    names: dict[str, Path] = {}
    for path in warcs:
        if not path.name.endswith((".warc.gz", ".warc")):
            raise ValueError(f"not a finished WARC file: {path}")
        if not path.is_file():
            raise ValueError(f"no such WARC file: {path}")
        if path.name in names:  # the package stores archive/<name>: two files cannot share a name
            raise ValueError(f"two WARC files named {path.name}: {names[path.name]} and {path}")
        names[path.name] = path


class _Hashed:
    """A zip member being written, hashed and counted as it goes (the datapackage lists both)."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.out.write(data)


class _Package:
    """The zip being written, and the datapackage's list of what it holds, in order."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.resources: list[dict[str, Any]] = []

    @contextlib.contextmanager
    def member(self, info: zipfile.ZipInfo) -> Iterator[_Hashed]:
        with self.zf.open(info, "w") as raw:
            hashed = _Hashed(raw)
            yield hashed
        self.resources.append(
            {
                "name": os.path.basename(info.filename).lower(),
                "path": info.filename,
                "hash": "sha256:" + hashed.sha256.hexdigest(),
                "bytes": hashed.size,
            }
        )


def _info(name: str, *, deflate: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, datetime.now(UTC).timetuple()[:6])
    # The WARCs and index.cdx.gz are stored (the spec asks for it: replay reads ranges of them); the
    # index.idx and the pages list may be compressed.
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    return info


def _read_index(warcs: list[Path]) -> Iterator[str]:
    """The index lines of WARC files the capture did not index, read by cdxj-indexer (WaczError if one
    cannot be read)."""
    from crawler.archive.cdxj import read_index_lines

    for path in warcs:
        try:
            yield from read_index_lines(path)
        except Exception as exc:  # warcio's errors for a damaged or foreign file have no common base
            raise WaczError(f"{path.name} cannot be indexed: {type(exc).__name__}: {exc}") from exc


def _write_package(
    zf: zipfile.ZipFile, warcs: list[Path], pages: Iterable[dict[str, Any]], title: str, index: Iterable[str]
) -> int:
    """Every member of the package, the datapackage last; returns the number of index lines."""
    from crawler.archive.cdxj import sorted_lines, write_zipnum

    package = _Package(zf)
    with package.member(_info("pages/pages.jsonl", deflate=True)) as out:
        for line in _page_lines(pages, title):
            out.write(line)
    with package.member(_info("indexes/index.cdx.gz", deflate=False)) as out:
        idx, lines = write_zipnum(sorted_lines(index), out, "index.cdx.gz")
    with package.member(_info("indexes/index.idx", deflate=True)) as out:
        out.write(idx.encode("utf-8"))
    for path in warcs:
        info = zipfile.ZipInfo.from_file(path, f"archive/{path.name}")
        info.compress_type = zipfile.ZIP_STORED
        with package.member(info) as out, path.open("rb") as src:
            shutil.copyfileobj(src, out, _COPY_CHUNK)
    datapackage = {
        "profile": "data-package",
        "resources": package.resources,
        "title": title,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wacz_version": WACZ_VERSION,
        "software": "tinhoatdong (crawler.archive.wacz)",
    }
    encoded = json.dumps(datapackage, indent=2, ensure_ascii=False).encode("utf-8")
    zf.writestr(_info("datapackage.json", deflate=True), encoded)
    digest = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(encoded).hexdigest()}
    zf.writestr(_info("datapackage-digest.json", deflate=True), json.dumps(digest, indent=2))
    return lines


def build_wacz(
    warcs: list[Path],
    pages: Iterable[dict[str, Any]],
    out: Path,
    title: str,
    *,
    resolved: bool = False,
    index: Iterable[str] | None = None,
) -> Path:
    """Write `out` (a .wacz) from these WARC files and pages; returns `out`. Raises WaczError, ValueError.

    `out` appears only when complete (built as a temporary file beside it, then renamed). ``resolved``: each
    page's `url` and `ts` already name a response record (the crawl's own items: `fetched_at` is their
    record's WARC-Date), so the WARCs are not read to find them, and `pages` may be any iterable (the crawl
    streams them from a file). ``index``: the CDXJ lines of every record of these files, in any order, as
    crawler.archive.cdxj makes them (the capture's); without it the files are read to index them.
    """
    warcs = [Path(p) for p in warcs]
    if not warcs:
        raise ValueError("no WARC file to package")
    _check_warcs(warcs)
    missing: list[str] = []
    if not resolved:
        pages, missing = resolve_pages(warcs, pages)
    for url in missing:
        logger.warning("WACZ %s: page %s has no successful capture in the WARCs: left out", out.name, url)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")  # same folder: the rename is atomic
    try:
        with tmp.open("xb") as fh:
            with zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
                lines = _write_package(
                    zf, warcs, pages, title, _read_index(warcs) if index is None else index
                )
            fh.flush()
            os.fsync(fh.fileno())  # on disk before it takes the name that says "complete", as the WARCs
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    logger.debug("WACZ %s: %d file(s), %d index line(s)", out.name, len(warcs), lines)
    return out


def validate_wacz(path: Path) -> tuple[bool, str]:
    """py-wacz's own validator (`wacz validate -f FILE`): (valid, what it said)."""
    from wacz.main import main as wacz_main

    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        status = wacz_main(["validate", "-f", str(path)])
    return status == 0, said.getvalue()
