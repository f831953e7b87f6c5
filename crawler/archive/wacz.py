"""Package a run's WARC files as one WACZ (Web Archive Collection Zipped) for ReplayWeb.page.

A WACZ is a zip of the WARCs, a CDXJ index, a pages list and a `datapackage.json` with every file's hash;
replay tools open it directly. Webrecorder's own py-wacz (`wacz`) builds it, so the package is what their
tools expect; this module only prepares its inputs (the pages list) and makes the write atomic: the package
is built under a temporary name beside `out` and renamed, so a `*.wacz` file is always complete.

py-wacz runs in a child process: it sorts the whole CDXJ index in memory and its imports weigh some 20 MB,
which the crawl process would otherwise keep to its end (60 MB on a 20,000-article run, the crawl's peak).

The pages list names the article pages a viewer opens first: `url`, `title`, `ts`. py-wacz keeps a page
only when a record of that URL and second is in the WARCs, so each page's `ts` is first set to the WARC-Date
of the successful (2xx) capture of its URL nearest to the given time (an item's `fetched_at` may be a moment
off the record's date; a retried or redirected URL has several records). A page with no such capture is
left out and logged.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages"}

# `python -m wacz` drops main()'s status (exits 0 on a failed build): this child exits with it.
_PY_WACZ = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"


class WaczError(RuntimeError):
    """py-wacz refused the input or failed; its own messages are in the text."""


def _write_pages(pages: Iterable[dict[str, Any]], title: str, path: Path, *, with_ids: bool = False) -> int:
    """Write the pages.jsonl py-wacz reads: a header, then one page a line (url, title, ts, and an id if
    given; ``with_ids``: a new one where none is, as py-wacz gives when it writes the list itself). One page
    at a time: a run's pages come from a file and are not all held in memory here. Returns the page count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({**PAGES_HEADER, "title": title}, ensure_ascii=False) + "\n")
        for page in pages:
            if not page.get("url") or not page.get("ts"):
                raise ValueError(f"a page needs url and ts: {page!r}")
            kept = {k: page[k] for k in ("url", "title", "ts") if page.get(k) is not None}
            if page.get("id") is not None or with_ids:
                kept = {"id": page.get("id") or uuid.uuid4().hex, **kept}
            out.write(json.dumps(kept, ensure_ascii=False) + "\n")
            count += 1
    return count


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


def build_wacz(
    warcs: list[Path], pages: Iterable[dict[str, Any]], out: Path, title: str, *, resolved: bool = False
) -> Path:
    """Write `out` (a .wacz) from these WARC files and pages; returns `out`. Raises WaczError, ValueError.

    `out` appears only when complete (built as a temporary file beside it, then renamed). ``resolved``: each
    page's `url` and `ts` already name a response record (the crawl's own items: `fetched_at` is their
    record's WARC-Date), so the WARCs are not read to find them (on a large run that read was a third of the
    packaging time), `pages` may be any iterable (the crawl streams them from a file), and py-wacz copies the
    list into the package as written (``--copy-pages``) instead of loading it all to match each page with
    its record again (30 MB at the end of a 20,000-article run).
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
        with tempfile.TemporaryDirectory(prefix="wacz-pages-") as work:
            pages_file = Path(work) / "pages.jsonl"
            args = ["create", "-o", str(tmp), "--title", title]
            if _write_pages(pages, title, pages_file, with_ids=resolved):
                args += ["--pages", str(pages_file)] + (["--copy-pages"] if resolved else [])
            # Its report (stdout) and a traceback (stderr) are kept for our log and errors, off our stdout.
            done = subprocess.run(
                [sys.executable, "-c", _PY_WACZ, *args, *map(str, warcs)],
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        if done.returncode:
            said = "\n".join(part.strip() for part in (done.stdout, done.stderr) if part.strip())
            raise WaczError(f"py-wacz create failed ({done.returncode}): {said[-2000:]}")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for line in done.stdout.splitlines():
        if line.startswith("Invalid passed page"):
            logger.warning("WACZ %s: a page without its capture was left out: %s", out.name, line)
    return out


def validate_wacz(path: Path) -> tuple[bool, str]:
    """py-wacz's own validator (`wacz validate -f FILE`): (valid, what it said)."""
    from wacz.main import main as wacz_main

    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        status = wacz_main(["validate", "-f", str(path)])
    return status == 0, said.getvalue()
