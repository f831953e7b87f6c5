"""WARC capture: every response the crawl fetched, with its request, in gzip WARC 1.1 files (warcio).

A JSON record is not evidence; the bytes the server sent are. The downloader middleware here sits next to the
wire (priority 860: after the retry, redirect and decompression middlewares have not yet touched the
response), so a record holds the status line, the headers and the body as received (``Content-Encoding`` not
undone), for listing pages, articles, attachments, redirects, error pages and robots.txt alike.

Files are ``OUTPUT_DIR/warc/<run-id>-<seq>.warc.gz``, rotated at ``WARC_MAX_SIZE``; a file being written is
named ``.warc.gz.open`` and renamed when closed, so a name without ``.open`` is always a complete file. A file
left open by a killed run is truncated to its last whole record and renamed at the next start
(`recover_open_files`): its records are as good as any, and the killed run's items point into it.

Each file starts with a ``warcinfo`` record. A payload already written in this run is stored as a ``revisit``
record (profile identical-payload-digest) pointing at the first one, except for article pages: every item must
point at a ``response`` record of its own URL. After the response of a page the spider asked for comes a
``metadata`` record (JSON: site, kind, category, listing entry) so that ``python -m crawler.extract --warc``
can rebuild items exactly as the crawl did. Where a page went is put in ``request.meta["warc"]`` for the item.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from isal import isal_zlib
from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from zlib_ng import zlib_ng

from crawler.archive.cdxj import index_line

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

WARC_DIR = "warc"
OPEN_SUFFIX = ".open"
# Levels 1-3 are deflated by ISA-L's igzip (Intel's deflate, python-isal), 0 (stored) and 4-9 by zlib-ng. On
# 200 pages of the bench mirror (168 KB mean), ISA-L's levels 1-3 took 0.25-0.83 ms a page for members of
# 36.0-37.0 % of the page, where zlib-ng's took 0.71-1.45 ms for 34.3-44.1 % and its level 5 1.64 ms for
# 32.9 % (bench/bench_document.py --gzip-levels). Both write the same gzip format, which any reader reads.
ISAL_LEVELS = range(1, 4)
# The default gzip level: ISA-L's 2, six times faster than zlib-ng's 5 for members 12 % larger on the
# mirror's pages (7 % on the saved pages of tests/; a crawl's WARC file, 9 %). Servers send most pages
# gzipped, stored as sent (COMPRESSED_GZIP_LEVEL): the level is paid on the rest. 5 or more is for a run that
# wants the smaller file.
GZIP_LEVEL = 2
# The gzip level of a record whose payload is compressed already (WARC_GZIP_LEVEL_COMPRESSED): 0 writes it as
# stored deflate blocks, still one gzip member that every reader reads. Deflate cannot shrink such bytes: on
# mirror pages sent gzip- or brotli-encoded, as real servers send them to Scrapy (it asks for gzip, deflate
# and br), level 5 spent 0.8-1.0 ms a page for members 99.8-100.1 % of the body, stored 0.03 ms for 100.05 %
# (bench/bench_document.py, row "gzip, page sent gzipped"); on a JPEG, 19 ms a MB for 100.0 %.
COMPRESSED_GZIP_LEVEL = 0
# Formats compressed inside, by their first bytes, that gzip does not shrink: JPEG, WebP, WOFF2 fonts, and
# compressed files (gzip, bzip2, xz, zstd, 7z, RAR). Left out on purpose, as gzip still shrinks some of them,
# and probed instead (PROBE_BYTES below): PNG (89 % at level 5 on a sample of fifteen), GIF, PDF (98.5 % on
# one with compressed streams, far less on an uncompressed one), ZIP and the office files made of it (a zip
# of stored entries: 90 %).
_COMPRESSED_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"wOF2",  # WOFF2
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"\x28\xb5\x2f\xfd",  # zstd
    b"7z\xbc\xaf\x27\x1c",  # 7z
    b"Rar!\x1a\x07",  # RAR
)
# A payload over PROBE_BYTES that is neither text nor known compressed (a PDF, an office file, a picture, an
# unknown type) is probed: when gzip at the record's level leaves its first PROBE_BYTES above PROBE_RATIO of
# their size, the record is written at WARC_GZIP_LEVEL_COMPRESSED too. Departments attach scanned decisions
# as PDFs of 0.1-5 MB whose streams are compressed inside: two PDFs here came to 97.5 and 98.5 % at level 5,
# for 18 ms a MB, against 0.4-1.8 ms a MB stored; the probe costs about 1 ms. A PDF of uncompressed streams,
# a PNG that gzip shrinks (89 % on a sample of fifteen) or an old .doc still goes through gzip.
PROBE_BYTES = 64 * 1024
PROBE_RATIO = 0.95
# Text always compresses (HTML pages to a third): never probed.
_TEXT_TYPE_MARKS = ("xml", "json", "javascript", "ecmascript")
# Hop-by-hop framing Scrapy has already undone: kept under another name so replay does not de-chunk twice.
_FRAMING_HEADERS = {b"transfer-encoding"}


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest in warcio's form (``sha1:`` + base32), computed once to find revisits."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def compressed_payload(headers: Any, body: bytes) -> bool:
    """Whether the HTTP payload is compressed already: sent with a Content-Encoding other than identity
    (the capture keeps the bytes as the server sent them), or in a format compressed inside
    (``_COMPRESSED_MAGIC``, and WebP)."""
    encoding = headers.get(b"Content-Encoding") if headers is not None else None
    if encoding and encoding.strip().lower() not in (b"identity", b""):
        return True
    return body.startswith(_COMPRESSED_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP")


def media_type(headers: Any) -> bytes:
    """The Content-Type's media type, lowercased, without parameters (b"" when there is none)."""
    raw = headers.get(b"Content-Type") if headers is not None else None
    return (raw or b"").split(b";", 1)[0].strip().lower()


def gzip_level_for(headers: Any, body: bytes, level: int, compressed_level: int) -> int:
    """The gzip level of a response record with this payload: ``compressed_level`` when the payload is
    compressed already (``compressed_payload``) or a probe of its start says gzip cannot shrink it (above),
    else ``level``."""
    if compressed_payload(headers, body):
        return compressed_level
    if len(body) <= PROBE_BYTES or compressed_level == level:
        return level
    mime = media_type(headers).decode("latin-1")
    if mime.startswith("text/") or any(mark in mime for mark in _TEXT_TYPE_MARKS):
        return level
    sample = body[:PROBE_BYTES]
    probe = gzip_compressor(level)
    packed = len(probe.compress(sample)) + len(probe.flush())
    return compressed_level if packed >= PROBE_RATIO * len(sample) else level


def gzip_compressor(level: int) -> Any:
    """A compressor making one gzip member at ``level`` (0-9): ISA-L for ``ISAL_LEVELS``, else zlib-ng."""
    deflate = isal_zlib if level in ISAL_LEVELS else zlib_ng
    return deflate.compressobj(level, deflate.DEFLATED, deflate.MAX_WBITS + 16)


def warc_date(when: datetime | None = None) -> str:
    return (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class WarcRef:
    """Where a response record is: what an item carries as ``warc``."""

    file: str
    offset: int
    record_id: str
    payload_digest: str | None
    date: str = ""  # the record's WARC-Date: the item's fetched_at, so re-extraction gives the same item

    def as_item(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "offset": self.offset,
            "record_id": self.record_id,
            "payload_digest": self.payload_digest,
        }


@dataclass(frozen=True)
class _Original:
    uri: str
    date: str
    record_id: str


class _PayloadIndex:
    """Payload digest -> the first response record with that payload in this run (what a revisit refers to).

    It gets an entry per response, so it is kept in a private temporary SQLite file (deleted when closed, or
    by the system if the process dies) behind a page cache of ``CACHE_KB``: in a dict it held some 600 bytes
    per response for the whole run, a memory that grew with the run (100 MB for a 200,000-page backfill).
    """

    CACHE_KB = 2048

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "": a temporary file, not memory
        self._db.execute(f"PRAGMA cache_size=-{self.CACHE_KB}")
        self._db.execute("PRAGMA journal_mode=OFF")  # nothing to roll back: the file dies with the run
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE first (digest TEXT PRIMARY KEY, uri TEXT NOT NULL, date TEXT NOT NULL, "
            "record_id TEXT NOT NULL) WITHOUT ROWID"
        )
        self._db.execute("BEGIN")  # one transaction for the run: no write to the file per response

    def get(self, digest: str) -> _Original | None:
        row = self._db.execute(
            "SELECT uri, date, record_id FROM first WHERE digest = ?", (digest,)
        ).fetchone()
        return _Original(*row) if row is not None else None

    def add(self, digest: str, original: _Original) -> None:
        """Remember ``original`` unless a record with this payload came first."""
        self._db.execute(
            "INSERT OR IGNORE INTO first VALUES (?, ?, ?, ?)",
            (digest, original.uri, original.date, original.record_id),
        )

    def close(self) -> None:
        self._db.close()


class WarcFiles:
    """Rotating gzip WARC 1.1 files of one run."""

    def __init__(
        self,
        directory: Path,
        run_id: str,
        max_bytes: int,
        info: dict[str, str],
        gzip_level: int = GZIP_LEVEL,
        *,
        index: bool = True,
        compressed_level: int = COMPRESSED_GZIP_LEVEL,
    ) -> None:
        """``index``: make the WACZ's index lines as the records are written (off when no WACZ is made).
        ``compressed_level``: the gzip level of a response record whose payload is compressed already."""
        self.directory = directory
        self.run_id = run_id
        self.max_bytes = max_bytes
        self.info = info
        self.gzip_level = gzip_level
        self.compressed_level = compressed_level
        self.closed_files: list[str] = []
        self.records = 0
        self.revisits = 0
        self._seq = 0
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self._originals = _PayloadIndex()  # payload digest -> first response record, on disk
        # The WACZ's index lines of the records written (crawler.archive.cdxj), one a line in an unnamed
        # temporary file; None once a line could not be written (the packager then reads the WARCs).
        self._index: IO[str] | None = (
            tempfile.TemporaryFile("w+", encoding="utf-8", prefix="tinhoatdong-cdxj-")  # noqa: SIM115 (run-long)
            if index
            else None
        )

    # -- files -------------------------------------------------------------------------------------
    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            self._name = f"{self.run_id}-{self._seq:05d}.warc.gz"
            self._seq += 1
            path = self.directory / self._name
            if not path.exists() and not path.with_name(path.name + OPEN_SUFFIX).exists():
                break
        self._fh = (self.directory / (self._name + OPEN_SUFFIX)).open("xb")
        self._writer = LeveledWARCWriter(self._fh, self.gzip_level, digest=self._index is not None)
        self._writer.write_record(self._writer.create_warcinfo_record(self._name, self.info))

    def close(self) -> None:
        """Close the current file and give it its final name (fsynced first: that name means whole)."""
        if self._fh is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        (self.directory / (self._name + OPEN_SUFFIX)).rename(self.directory / self._name)
        self.closed_files.append(self._name)
        self._fh = self._writer = None

    def close_run(self) -> None:
        """Close the current file and forget the run's payloads: no record is written after this."""
        self.close()
        self._originals.close()

    def index_lines(self) -> Iterator[str] | None:
        """The CDXJ lines of every record written (unsorted), read back one at a time; None if some line
        could not be written."""
        if self._index is None:
            return None
        self._index.flush()
        self._index.seek(0)
        return iter(self._index)

    def discard_index(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def _add_to_index(
        self, record: Any, offset: int, member: _GzipMember, request: Any = None, body: bytes = b""
    ) -> None:
        if self._index is None or member.sha256 is None:
            return
        try:
            line = index_line(
                record, self._name, offset, member.length, member.sha256.hexdigest(), request, body
            )
            if line is not None:
                self._index.write(line)
        except Exception as exc:  # the WACZ is then indexed from the files: nothing is lost
            logger.warning(
                "WACZ index line of a record in %s not made (%s: %s): the WARCs will be read instead",
                self._name, type(exc).__name__, exc,
            )  # fmt: skip
            self.discard_index()

    def _current(self) -> tuple[IO[bytes], WARCWriter]:
        if self._fh is None or self._fh.tell() >= self.max_bytes:
            self.close()
            self._open()
        assert self._fh is not None and self._writer is not None
        return self._fh, self._writer

    # -- records -----------------------------------------------------------------------------------
    def write_exchange(
        self,
        request: Request,
        response: Response,
        *,
        allow_revisit: bool,
        metadata: dict[str, Any] | None = None,
    ) -> WarcRef:
        """Write request, response (or revisit) and metadata records; returns the response record's place.

        A failed write (OSError: a full disk) may leave a record without its index line: the index lines are
        then given up, and the packager reads the files instead."""
        try:
            return self._write_exchange(request, response, allow_revisit, metadata)
        except OSError:
            self.discard_index()
            raise

    def _write_exchange(
        self, request: Request, response: Response, allow_revisit: bool, metadata: dict[str, Any] | None
    ) -> WarcRef:
        fh, writer = self._current()
        url = response.url
        body = response.body
        digest = payload_digest(body)
        date = warc_date()
        http_headers = _response_headers(response)
        original = self._originals.get(digest) if allow_revisit else None
        if original is not None:
            record = writer.create_revisit_record(
                url, digest, original.uri, original.date, http_headers=http_headers
            )
            record.rec_headers.add_header("WARC-Refers-To", original.record_id)
            self.revisits += 1
        else:
            record = writer.create_warc_record(
                url,
                "response",
                payload=WholeReads(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Payload-Digest": digest},
            )
        record.rec_headers.replace_header("WARC-Date", date)
        if response.ip_address is not None:
            record.rec_headers.add_header("WARC-IP-Address", str(response.ip_address))
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        offset = fh.tell()
        level = (
            gzip_level_for(response.headers, body, self.gzip_level, self.compressed_level)
            if original is None
            else self.gzip_level
        )
        member = writer.write_record(record, level=level)
        if original is None:
            self._originals.add(digest, _Original(url, date, record_id))
        request_record = _request_record(writer, request, url, date, record_id)
        writer.write_record(request_record)
        self._add_to_index(record, offset, member, request_record, request.body)
        if metadata is not None:
            meta = writer.create_warc_record(
                url,
                "metadata",
                payload=io.BytesIO(json.dumps(metadata, ensure_ascii=False).encode("utf-8")),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Concurrent-To": record_id, "WARC-Date": date},
            )
            meta_offset = fh.tell()
            self._add_to_index(meta, meta_offset, writer.write_record(meta))
        self.records += 1
        return WarcRef(self._name, offset, record_id, digest, date)


class WholeReads(io.BytesIO):
    """A payload warcio reads in one piece. It reads a record's payload in 16 KB steps, twice (its block
    digest, then the write), each step a SHA-1 update, a deflate call and a SHA-256 update of the member:
    on the bench mirror's pages (170 KB) a whole exchange took 1.27 ms so and 1.14 in one step
    (bench/bench_document.py, row "WARC exchange"). tests/test_warc_capture.py checks the record is the
    same."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read()


class _GzipMember:
    """One gzip member around one record, at a chosen level (warcio's own wrapper is fixed at level 9).

    Compressed by ``gzip_compressor``: ISA-L at the low levels, else zlib-ng, zlib's maintained successor
    with the same format and levels (at level 6 some 40 % less CPU than zlib for files within 0.1 % of the
    same size). Any gzip reader reads the members."""

    def __init__(self, out: IO[bytes], level: int, *, digest: bool = True) -> None:
        self.out = out
        self.compressor = gzip_compressor(level)
        # Of the member's bytes: the WACZ index's recordDigest (none when no index is made).
        self.sha256 = hashlib.sha256() if digest else None
        self.length = 0

    def _out(self, packed: bytes) -> None:
        if self.sha256 is not None:
            self.sha256.update(packed)
        self.length += len(packed)
        self.out.write(packed)

    def write(self, data: bytes) -> None:
        self._out(self.compressor.compress(data))

    def flush(self) -> None:
        self._out(self.compressor.flush())
        self.out.flush()


class LeveledWARCWriter(WARCWriter):
    """warcio's WARCWriter writing each record as its own gzip member at ``level`` (WARC_GZIP_LEVEL).

    warcio compresses at level 9, the slowest: on 100-300 KB pages that was most of the capture's cost, for
    files 1-2 % smaller than level 6 makes them. The records and members are the same otherwise.
    """

    def __init__(self, out: IO[bytes], level: int, *, digest: bool = True) -> None:
        super().__init__(out, gzip=False, warc_version="1.1")  # gzip=False: the members are made here
        self.level = level
        self.digest = digest  # hash each member (for the WACZ index)

    def write_record(self, record: Any, params: Any = None, *, level: int | None = None) -> _GzipMember:
        """Write ``record`` as one member (at ``level``, else the writer's); returns the member (its length
        and SHA-256)."""
        member = _GzipMember(self.out, self.level if level is None else level, digest=self.digest)
        self._write_warc_record(member, record)
        return member


def gzip_level(settings: Any) -> int:
    """WARC_GZIP_LEVEL as an int 1-9; ValueError names the setting (checked before the run)."""
    return _level_setting(settings, "WARC_GZIP_LEVEL", GZIP_LEVEL, 1)


def compressed_gzip_level(settings: Any) -> int:
    """WARC_GZIP_LEVEL_COMPRESSED as an int 0-9 (0: stored); ValueError names the setting."""
    return _level_setting(settings, "WARC_GZIP_LEVEL_COMPRESSED", COMPRESSED_GZIP_LEVEL, 0)


def _level_setting(settings: Any, name: str, default: int, lowest: int) -> int:
    raw = settings.get(name, default)
    try:
        level = int(raw)
    except (TypeError, ValueError):
        level = -1
    if not lowest <= level <= 9:
        fastest = "0 (stored)" if lowest == 0 else "1 (fastest)"
        raise ValueError(f"{name}={raw!r}: expected a gzip level from {fastest} to 9 (smallest)")
    return level


def _response_headers(response: Response) -> StatusAndHeaders:
    protocol = response.protocol or "HTTP/1.1"
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    headers: list[tuple[str, str]] = []
    for name, values in response.headers.items():
        key = name.decode("latin-1")
        if name.lower() in _FRAMING_HEADERS:
            key = "X-Archive-Orig-" + key
        headers.extend((key, v.decode("latin-1")) for v in values)
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)


def _request_record(writer: WARCWriter, request: Request, url: str, date: str, response_id: str) -> Any:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)]
    for name, values in request.headers.items():
        headers.extend((name.decode("latin-1"), v.decode("latin-1")) for v in values)
    http_headers = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)
    return writer.create_warc_record(
        url,
        "request",
        payload=io.BytesIO(request.body or b""),
        length=len(request.body or b""),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Concurrent-To": response_id, "WARC-Date": date},
    )


def recover_open_files(directory: Path) -> list[str]:
    """Close the WARC files a killed run left open: keep every whole record, drop a torn last one, rename."""
    recovered: list[str] = []
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        end = 0
        try:
            with path.open("rb") as fh:
                records = ArchiveIterator(fh)
                for record in records:
                    records.read_to_end(record)  # a record is whole once its member was read to the end
                    end = records.get_record_offset() + records.get_record_length()
        except Exception:  # a torn gzip member or record: everything before it is whole
            logger.warning("%s: torn record after byte %d dropped", path.name, end)
        with path.open("r+b") as fh:
            fh.truncate(end)
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        if end == 0:
            path.unlink()
            continue
        path.rename(final)
        recovered.append(final.name)
    return recovered


class WarcCaptureMiddleware:
    """Downloader middleware writing every response to this run's WARC files (``WARC_ENABLED``)."""

    def __init__(self, crawler: Crawler) -> None:
        from crawler.pipelines.writer import resolve_run_id
        from crawler.runstate import output_dir

        self.crawler = crawler
        settings = crawler.settings
        self.directory = output_dir(settings) / WARC_DIR
        self.run_id = resolve_run_id(crawler)
        self.files: WarcFiles | None = None
        # The WACZ's pages list (the articles this run emitted), a JSON line each in an unnamed temporary
        # file: held in memory it grew by some 600 bytes an article for the whole run.
        self._pages: IO[bytes] | None = None
        self.page_count = 0
        self.summary: dict[str, Any] | None = None
        self._info = {
            "software": f"tinhoatdong (Scrapy {_version('scrapy')}, warcio {_version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": self.run_id,
            "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "description": "Tin hoạt động of Vietnam's provincial Departments of Information and "
            "Communications",
        }
        self.max_bytes = settings.getint("WARC_MAX_SIZE", 1_000_000_000)
        self.gzip_level = gzip_level(settings)
        self.compressed_level = compressed_gzip_level(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        crawler.warc_capture = mw  # the writer lists the files in the manifest
        return mw

    def spider_opened(self) -> None:
        recovered = recover_open_files(self.directory) if self.directory.is_dir() else []
        if recovered:
            logger.warning("closed WARC files left open by a killed run: %s", ", ".join(recovered))
        self.files = WarcFiles(
            self.directory,
            self.run_id,
            self.max_bytes,
            self._info,
            self.gzip_level,
            index=self.crawler.settings.getbool("WACZ_ENABLED", True),
            compressed_level=self.compressed_level,
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if self.files is None:
            return response
        kind = request.meta.get("capture_kind")
        metadata = None
        if kind is not None:
            entry = request.meta.get("entry")
            metadata = {
                "site": request.meta.get("site_id"),
                "kind": kind,
                "category": request.meta.get("category"),
                "entry": dataclasses.asdict(entry) if dataclasses.is_dataclass(entry) else None,
                "run_id": self.run_id,
            }
        try:
            ref = self.files.write_exchange(
                request, response, allow_revisit=kind != "article", metadata=metadata
            )
        except OSError as exc:  # a full disk must not lose the crawl's items: count it, go on
            self.crawler.stats.inc_value("tinhoatdong/warc/write_errors")
            logger.error("WARC write failed for %s: %s", response.url, exc)
            return response
        self.crawler.stats.inc_value("tinhoatdong/warc/records")
        request.meta["warc"] = ref.as_item()
        request.meta["fetched_at"] = ref.date
        return response

    def item_scraped(self, item: Any) -> None:
        """The item's page for the WACZ: its record's URL (the capture's, for an archive item) and date."""
        if item.get("warc") and item.get("fetched_at"):
            url = item.get("capture_url") or item.get("url")
            page = {"url": url, "title": item.get("title") or "", "ts": item["fetched_at"]}
            if self._pages is None:
                self._pages = tempfile.TemporaryFile(prefix="tinhoatdong-pages-")  # noqa: SIM115 (run-long)
            self._pages.write(json.dumps(page, ensure_ascii=False).encode("utf-8") + b"\n")
            self.page_count += 1

    def pages(self) -> Iterator[dict[str, str]]:
        """The pages list so far, read back from its file (one page at a time)."""
        if self._pages is None:
            return
        self._pages.flush()
        self._pages.seek(0)
        for line in self._pages:
            yield json.loads(line)
        self._pages.seek(0, os.SEEK_END)  # item_scraped appends again

    def finish(self) -> dict[str, Any]:
        """Close the WARC files and package the run as a WACZ; what the manifest says of the archive.

        Called by the writer once the items file is final; idempotent (spider_closed calls it too, for a run
        that wrote no items). A failed WACZ is logged and counted: the WARCs and the items are kept."""
        if self.summary is not None or self.files is None:
            return self.summary or {}
        self.files.close_run()
        files = list(self.files.closed_files)
        stats = self.crawler.stats
        stats.set_value("tinhoatdong/warc/files", len(files))
        stats.set_value("tinhoatdong/warc/revisits", self.files.revisits)
        wacz_name = None
        if files and self.crawler.settings.getbool("WACZ_ENABLED", True):
            wacz_name = self._package(files)
        if self._pages is not None:
            self._pages.close()
            self._pages = None
        self.files.discard_index()
        self.summary = {
            "dir": WARC_DIR,
            "files": files,
            "responses": self.files.records,
            "revisits": self.files.revisits,
            "wacz": wacz_name,
        }
        return self.summary

    def _package(self, files: list[str]) -> str | None:
        from crawler.archive.wacz import build_wacz

        out = self.directory / f"{self.run_id}.wacz"
        try:
            build_wacz(
                [self.directory / f for f in files],
                self.pages(),
                out,
                title=f"tinhoatdong run {self.run_id}",
                resolved=True,
                index=self.files.index_lines() if self.files is not None else None,
            )
        except Exception as exc:  # the WARCs stand on their own; a package can be made again from them
            self.crawler.stats.inc_value("tinhoatdong/warc/wacz_errors")
            logger.error("WACZ packaging failed (%s: %s); the WARCs are complete", type(exc).__name__, exc)
            return None
        logger.info("Packaged %d WARC file(s) and %d page(s) as %s", len(files), self.page_count, out)
        return out.name

    def spider_closed(self) -> None:
        self.finish()


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"
