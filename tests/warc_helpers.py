"""Write test WARCs in the layout the capture middleware writes (README "Archive"), from saved pages.

Layout: gzip per record, WARC/1.1; a `warcinfo` record first; per fetched URL a `request` record, then a
`response` record (status line, headers, body as received) or, when the same payload was already written
in this run, a `revisit` record (identical-payload-digest); after the response of a page the spider asked
for, a `metadata` record (JSON: site, kind, category, entry, run_id) concurrent to it. Tests build WARCs
with this instead of running a crawl, so the readers are tested fast and on exactly the records they need.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RUN_ID = "20261126T010000Z-abc123"


@dataclass
class Capture:
    """One fetched URL: what the server sent, and (for pages the spider asked for) the metadata record."""

    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(default_factory=list)  # more response headers (Location, ...)
    meta: dict[str, Any] | None = None  # the metadata record's JSON; None: no metadata record
    encoding: str | None = None  # Content-Encoding the body is sent with (gzip, deflate, br), stored encoded
    date: str | None = None  # WARC-Date; None: warcio's current time
    payload_digest: str | None = None  # a WARC-Payload-Digest to write instead of the true one (damage)


@dataclass(frozen=True)
class Written:
    """Where a capture's response (or revisit) record went: what an item's `warc` field holds."""

    file: str
    offset: int
    record_id: str
    payload_digest: str
    rec_type: str
    date: str

    def ref(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "offset": self.offset,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }


def article_meta(
    site: str, *, category: str | None = "Tin hoạt động", entry: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The metadata JSON of an article the spider asked for (entry: ListingEntry fields)."""
    return {"site": site, "kind": "article", "category": category, "entry": entry, "run_id": RUN_ID}


def fixture_capture(case: str | Path, *, site: str, meta: bool = True, **kwargs: Any) -> Capture:
    """A capture of a saved fixture page (`tests/fixtures/<platform>/<case>/page.html` + meta.json)."""
    folder = case if isinstance(case, Path) else FIXTURES / case
    info = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    ctype = (info.get("headers") or {}).get("Content-Type", "text/html")
    return Capture(
        url=info["url"],
        body=(folder / "page.html").read_bytes(),
        content_type=ctype,
        meta=article_meta(site, **kwargs) if meta else None,
    )


def encode(body: bytes, encoding: str | None) -> bytes:
    """The body as a server sends it with this Content-Encoding."""
    if encoding is None:
        return body
    coders = {"gzip": lambda b: gzip.compress(b, mtime=0), "deflate": zlib.compress, "br": brotli.compress}
    return coders[encoding](body)


class RunWriter:
    """Writes captures to `<dir>/<run-id>-<seq>.warc.gz`, revisits across the files of one run."""

    def __init__(self, folder: Path, run_id: str = RUN_ID) -> None:
        self.folder = folder
        self.run_id = run_id
        self.seq = 0
        self.first: dict[str, tuple[str, str]] = {}  # payload digest -> (url, WARC-Date) of its response

    def write_file(self, captures: list[Capture], *, revisits: bool = True) -> tuple[Path, list[Written]]:
        """One WARC file of the run holding these captures, in order; returns it and each capture's record."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.seq += 1
        path = self.folder / f"{self.run_id}-{self.seq:05d}.warc.gz"
        written: list[Written] = []
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True, warc_version="1.1")
            info = {
                "software": "tinhoatdong/0.1 (tests)",
                "run-id": self.run_id,
                "format": "WARC File Format 1.1",
            }
            writer.write_record(writer.create_warcinfo_record(path.name, info))
            for capture in captures:
                written.append(self._write_capture(writer, fh, path.name, capture, revisits))
        return path, written

    def _write_capture(self, writer: WARCWriter, fh: Any, name: str, cap: Capture, revisits: bool) -> Written:
        payload = encode(cap.body, cap.encoding)
        date = {"WARC-Date": cap.date} if cap.date else {}
        host = cap.url.split("/")[2]
        path = cap.url.split(host, 1)[1] or "/"
        req_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", host)], is_http_request=True)
        request = writer.create_warc_record(
            cap.url, "request", http_headers=req_headers, warc_headers_dict=date
        )
        headers = [*cap.headers]
        if cap.content_type:
            headers.insert(0, ("Content-Type", cap.content_type))
        if cap.encoding:
            headers.append(("Content-Encoding", cap.encoding))
        headers.append(("Content-Length", str(len(payload))))
        http = StatusAndHeaders(cap.status, headers, protocol="HTTP/1.1")
        response = writer.create_warc_record(
            cap.url,
            "response",
            payload=BytesIO(payload),
            length=len(payload),
            http_headers=http,
            warc_headers_dict={
                **date,
                **({"WARC-Payload-Digest": cap.payload_digest} if cap.payload_digest else {}),
            },
        )
        digest = response.rec_headers.get_header("WARC-Payload-Digest")
        record = response
        if revisits and digest in self.first:
            first_url, first_date = self.first[digest]
            record = writer.create_revisit_record(
                cap.url, digest, first_url, first_date, http_headers=http, warc_headers_dict=dict(date)
            )
        else:
            self.first.setdefault(digest, (cap.url, response.rec_headers.get_header("WARC-Date")))
        writer.write_record(request)
        offset = fh.tell()
        writer.write_record(record)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        if cap.meta is not None:
            body = json.dumps(cap.meta, ensure_ascii=False).encode("utf-8")
            meta = writer.create_warc_record(
                cap.url,
                "metadata",
                payload=BytesIO(body),
                length=len(body),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Concurrent-To": record_id},
            )
            writer.write_record(meta)
        return Written(
            name, offset, record_id, digest, record.rec_type, record.rec_headers.get_header("WARC-Date")
        )


def write_warc(folder: Path, captures: list[Capture], *, revisits: bool = True) -> tuple[Path, list[Written]]:
    """One-file run: the WARC path and where each capture's record is."""
    return RunWriter(folder).write_file(captures, revisits=revisits)


def append_metadata(path: Path, url: str, body: bytes, concurrent_to: str) -> int:
    """Append a metadata record with this raw body (bad JSON, a dangling link...); returns its offset."""
    with path.open("ab") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        offset = fh.tell()
        record = writer.create_warc_record(
            url,
            "metadata",
            payload=BytesIO(body),
            length=len(body),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Concurrent-To": concurrent_to},
        )
        writer.write_record(record)
    return offset


def reference_lines(warcs: list[Path]) -> list[str]:
    """py-wacz's index of these files, as `wacz create` builds it (wacz/main.py create_wacz)."""
    from wacz.waczindexer import WACZIndexer

    out = StringIO()
    indexer = WACZIndexer(
        out,
        [str(p) for p in warcs],
        sort=True,
        post_append=True,
        digest_records=True,
        fields="referrer,req.http:cookie",
        main_url="",
        detect_pages=False,
        passed_pages_dict={},
    )
    indexer.process_all()
    return out.getvalue().splitlines(keepends=True)
