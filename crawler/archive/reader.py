"""Read back a run's WARC files: the article captures, and the attachments downloaded for them.

The capture middleware writes every response as received (HTTP status line, headers, the body with its
Content-Encoding), a `revisit` record instead when the same payload was already written in the run, and
after each page the spider asked for a `metadata` record (JSON: site, kind, category, listing entry, run
id) concurrent to the response. This module turns that back into what the spider saw, without the
network, so `crawler.extract --warc` can re-extract articles the way the crawl did:

- :class:`WarcSet` indexes the files once (record headers only; bodies are read back by offset when
  needed, so a large run is never held in memory);
- :meth:`WarcSet.articles` yields one :class:`ArticleCapture` per `metadata` record of kind "article"
  (its response, the body with Content-Encoding undone exactly as the crawl's decompression does, the
  charset of the Content-Type header, where the record is), or a :class:`CaptureError` for a record that
  cannot be read: one bad record never stops the others;
- :meth:`WarcSet.download` gives an attachment's size and sha256 (of the decoded body) from the response
  recorded for its URL anywhere in the run's files, following recorded redirects.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders

from crawler.archive.capture import WarcRef

# A finished file of a run: `<run-id>-<seq 5 digits>.warc.gz` (a file being written ends in `.open`).
RUN_FILE = re.compile(r"^(?P<run>.+)-(?P<seq>\d{5})\.warc\.gz$")
# The spider's own charset rule for the Content-Type header (crawler/spiders/tinhoatdong.py).
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)
_MAX_REDIRECTS = 10


class ContentError(ValueError):
    """A body whose Content-Encoding cannot be undone (corrupt, or over the size cap)."""


@dataclass(frozen=True)
class RecordInfo:
    """The headers of one `response` or `revisit` record; the body stays in the file."""

    path: Path
    offset: int
    rec_type: str  # response | revisit
    record_id: str
    url: str
    date: str  # WARC-Date, UTC
    payload_digest: str | None
    refers_to: str | None  # a revisit's WARC-Refers-To, when written
    status: int | None  # HTTP status, None when the status line is unreadable
    location: str | None  # the Location header of a redirect
    truncated: bool  # WARC-Truncated: the body is not whole

    @property
    def ref(self) -> WarcRef:
        return WarcRef(self.path.name, self.offset, self.record_id, self.payload_digest)


@dataclass(frozen=True)
class MetaInfo:
    """One `metadata` record of kind "article" (or one that could not be read)."""

    path: Path
    offset: int
    url: str
    concurrent_to: str | None
    data: dict[str, Any] | None
    error: str | None = None


@dataclass(frozen=True)
class ArticleCapture:
    """An article page as the spider received it, and what the spider knew about it."""

    url: str
    path: Path  # the file of the record below
    ref: WarcRef  # the response (or revisit) record the metadata points to
    fetched_at: str  # that record's WARC-Date
    status: int
    headers: list[tuple[str, str]]  # the HTTP response headers as recorded
    body: bytes  # Content-Encoding undone
    site: str | None
    category: str | None
    entry: dict[str, Any] | None  # ListingEntry fields, as dataclasses.asdict wrote them
    run_id: str | None

    def header(self, name: str) -> str | None:
        """The first value of an HTTP header (case-insensitive), as Scrapy's Headers.get gives it."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    @property
    def charset(self) -> str | None:
        """The charset of the Content-Type header, by the spider's own rule."""
        m = _CHARSET.search(self.header("Content-Type") or "")
        return m.group(1) if m else None


@dataclass(frozen=True)
class CaptureError:
    """A record (or a file) that could not be read; printed as an error line, never a traceback."""

    file: str
    offset: int | None
    url: str | None
    error: str

    def as_line(self) -> dict[str, Any]:
        return {"file": self.file, "offset": self.offset, "url": self.url, "error": self.error}


@dataclass(frozen=True)
class Download:
    """An attachment as the item lists it: size and sha256 of the decoded body, None when not downloaded."""

    size: int | None
    sha256: str | None

    def as_item(self) -> dict[str, Any]:
        return {"size": self.size, "sha256": self.sha256}


NOT_DOWNLOADED = Download(None, None)


# -- files -------------------------------------------------------------------------------------------------
def warc_paths(args: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its finished `*.warc.gz` files. Files still open are skipped."""
    out: list[Path] = []
    for path in args:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.name.endswith(".warc.gz") and p.is_file()))
        elif not path.name.endswith(".open"):
            out.append(path)
    return list(dict.fromkeys(out))


def run_set(paths: Iterable[Path]) -> list[Path]:
    """The given files plus the finished files of the same runs beside them.

    An article's attachments may have been written to the next file of its run (files rotate by size),
    so the lookups see the whole run even when one file is given.
    """
    out = list(dict.fromkeys(paths))
    for path in list(out):
        m = RUN_FILE.match(path.name)
        if m is None or not path.parent.is_dir():
            continue
        prefix = m.group("run") + "-"
        for sibling in sorted(path.parent.iterdir()):
            sm = RUN_FILE.match(sibling.name)
            if (
                sm
                and sibling.name.startswith(prefix)
                and sm.group("run") == m.group("run")
                and sibling not in out
            ):
                out.append(sibling)
    return out


# -- bodies ------------------------------------------------------------------------------------------------
@cache
def _default_max_size() -> int:
    """DOWNLOAD_MAXSIZE of the crawl's settings: the decompression cap of pages."""
    from crawler import settings

    return int(getattr(settings, "DOWNLOAD_MAXSIZE", 0) or 0)


@cache
def _attachment_max_size() -> int:
    """ATTACHMENT_MAXSIZE: the crawl's cap for documents (their requests carry it as download_maxsize)."""
    from crawler import settings

    return int(getattr(settings, "ATTACHMENT_MAXSIZE", 0) or 0) or _default_max_size()


def decode_content(body: bytes, content_encoding: list[str], max_size: int | None = None) -> bytes:
    """Undo Content-Encoding as the crawl's decompression middleware does (Scrapy's own decoders).

    Codings are undone last first; an unknown one stops there and the body is kept as it is from that
    point (so does the crawl). Raises ContentError on a corrupt body or one over the size cap
    (DOWNLOAD_MAXSIZE, as in the crawl, where such a response never reaches the spider).
    """
    from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware as Hcm
    from scrapy.utils._compression import _DecompressionMaxSizeExceeded

    cap = _default_max_size() if max_size is None else max_size
    to_decode, _ = Hcm._split_encodings([v.encode("latin-1") for v in content_encoding])
    try:
        for coding in to_decode:
            body = Hcm._decode(body, coding, cap)
    except _DecompressionMaxSizeExceeded as exc:
        raise ContentError(f"decompressed body over the size cap: {exc}") from exc
    except Exception as exc:  # zlib.error, OSError, brotli.error, EOFError: all mean a corrupt body
        raise ContentError(f"cannot undo Content-Encoding {', '.join(content_encoding)}: {exc}") from exc
    return body


def digest_matches(digest: str, data: bytes) -> bool | None:
    """Whether a WARC digest (`sha1:BASE32`, or hex; sha1/sha256/md5) is that of data; None: unknown form."""
    algo, _, value = digest.partition(":")
    try:
        hashed = hashlib.new(algo.lower().replace("-", ""), data).digest()
    except ValueError:
        return None
    if value.lower() == hashed.hex():
        return True
    return value.upper().rstrip("=") == base64.b32encode(hashed).decode("ascii").rstrip("=")


def _read_record_at(path: Path, offset: int) -> tuple[StatusAndHeaders | None, bytes]:
    """(HTTP headers, payload with any chunked framing removed) of the record at offset.

    A `response` payload is checked against its WARC-Payload-Digest: a damaged or cut record is an error
    here, never a silently shorter article.
    """
    with path.open("rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            raw = record.raw_stream.read()
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if record.rec_type == "response" and digest and digest_matches(digest, raw) is False:
                raise ContentError(
                    f"payload does not match its WARC-Payload-Digest {digest}: the record is damaged"
                )
            http = record.http_headers
            if http is not None and (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
                raw = ChunkedDataReader(BytesIO(raw)).read()
            return http, raw
    raise ContentError(f"no record at offset {offset}")


def _status(http: StatusAndHeaders | None) -> int | None:
    try:
        return int(http.get_statuscode()) if http is not None else None
    except (TypeError, ValueError):
        return None


def _encodings(http: StatusAndHeaders | None) -> list[str]:
    if http is None:
        return []
    return [v for k, v in http.headers if k.lower() == "content-encoding"]


# -- the index ---------------------------------------------------------------------------------------------
class WarcSet:
    """An index of the response, revisit and article-metadata records of some WARC files."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(dict.fromkeys(paths))
        self.errors: list[CaptureError] = []  # files (or parts of files) that could not be read
        self.responses: dict[str, RecordInfo] = {}  # by WARC-Record-ID
        self.by_url: dict[str, list[RecordInfo]] = {}  # in file order
        self.by_digest: dict[str, RecordInfo] = {}  # the first `response` of each payload
        self.metadata: dict[Path, list[MetaInfo]] = {}
        self._downloads: dict[str, Download] = {}  # by record id
        for path in self.paths:
            self._index(path)

    def _index(self, path: Path) -> None:
        self.metadata[path] = []
        offset: int | None = None
        end = 0  # where the last whole record ends
        try:
            with path.open("rb") as fh:
                it = ArchiveIterator(fh)
                for record in it:
                    # get_record_offset() reads the record to its end: a metadata body is read before it.
                    body = record.content_stream().read() if record.rec_type == "metadata" else b""
                    offset = it.get_record_offset()
                    end = offset + it.get_record_length()
                    if record.rec_type in ("response", "revisit"):
                        self._add_response(path, offset, record)
                    elif record.rec_type == "metadata":
                        meta = self._meta(path, offset, record, body)
                        if meta is not None:
                            self.metadata[path].append(meta)
        except Exception as exc:  # OSError, ArchiveLoadFailed, zlib/EOF errors of a damaged file
            where = "" if offset is None else f" after the record at offset {offset}"
            self.errors.append(
                CaptureError(
                    str(path), offset, None, f"cannot read the WARC{where}: {type(exc).__name__}: {exc}"
                )
            )
            return
        size = path.stat().st_size
        if end < size:  # warcio stops quietly at a cut gzip member: the rest of the file is lost
            self.errors.append(
                CaptureError(
                    str(path), end, None, f"{size - end} bytes after offset {end} are not a whole record"
                )
            )

    def _add_response(self, path: Path, offset: int, record: Any) -> None:
        h = record.rec_headers
        http = record.http_headers
        location = http.get_header("Location") if http is not None else None
        info = RecordInfo(
            path=path,
            offset=offset,
            rec_type=record.rec_type,
            record_id=h.get_header("WARC-Record-ID") or "",
            url=h.get_header("WARC-Target-URI") or "",
            date=h.get_header("WARC-Date") or "",
            payload_digest=h.get_header("WARC-Payload-Digest"),
            refers_to=h.get_header("WARC-Refers-To"),
            status=_status(http),
            location=location,
            truncated=bool(h.get_header("WARC-Truncated")),
        )
        self.responses[info.record_id] = info
        self.by_url.setdefault(info.url, []).append(info)
        if info.rec_type == "response" and info.payload_digest:
            self.by_digest.setdefault(info.payload_digest, info)

    @staticmethod
    def _meta(path: Path, offset: int, record: Any, body: bytes) -> MetaInfo | None:
        h = record.rec_headers
        url = h.get_header("WARC-Target-URI") or ""
        concurrent = h.get_header("WARC-Concurrent-To")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return MetaInfo(path, offset, url, concurrent, None, f"metadata record is not JSON: {exc}")
        if not isinstance(data, dict):
            return MetaInfo(path, offset, url, concurrent, None, "metadata record is not a JSON object")
        if data.get("kind") != "article":
            return None
        return MetaInfo(path, offset, url, concurrent, data)

    # -- articles ----------------------------------------------------------------------------------------
    def articles(self, files: Iterable[Path] | None = None) -> Iterator[ArticleCapture | CaptureError]:
        """Every article capture of these files (default: all), in file and record order."""
        for path in self.paths if files is None else files:
            yield from (e for e in self.errors if e.file == str(path))
            done: set[str] = set()
            for meta in self.metadata.get(path, []):
                captured = self._article(meta)
                if isinstance(captured, ArticleCapture):
                    if captured.ref.record_id in done:  # a second metadata record of the same response
                        continue
                    done.add(captured.ref.record_id)
                yield captured

    def _article(self, meta: MetaInfo) -> ArticleCapture | CaptureError:
        def fail(error: str) -> CaptureError:
            return CaptureError(str(meta.path), meta.offset, meta.url or None, error)

        if meta.data is None:
            return fail(meta.error or "unreadable metadata record")
        record = self._response_for(meta)
        if record is None:
            return fail(
                f"no response record for this metadata record (WARC-Concurrent-To {meta.concurrent_to})"
            )
        entry = meta.data.get("entry")
        if entry is not None and not isinstance(entry, dict):
            return fail("metadata 'entry' is not an object")
        data = meta.data

        def capture(status: int, headers: list[tuple[str, str]], body: bytes) -> ArticleCapture:
            return ArticleCapture(
                url=record.url,
                path=record.path,
                ref=record.ref,
                fetched_at=record.date,
                status=status,
                headers=headers,
                body=body,
                site=data.get("site"),
                category=data.get("category"),
                entry=entry,
                run_id=data.get("run_id"),
            )

        if record.status is None or not 200 <= record.status < 300:
            # an error page or a redirect: the spider never saw it, so its body is not read (nor judged)
            return capture(record.status or 0, [], b"")
        try:
            http, body = self._payload(record)
        except ContentError as exc:
            return CaptureError(str(record.path), record.offset, record.url, str(exc))
        except Exception as exc:  # a damaged record at a known offset
            return CaptureError(str(record.path), record.offset, record.url, f"{type(exc).__name__}: {exc}")
        return capture(record.status, list(http.headers) if http is not None else [], body)

    def _response_for(self, meta: MetaInfo) -> RecordInfo | None:
        """The record the metadata is concurrent to; else the last one for its URL before it in its file."""
        if meta.concurrent_to and meta.concurrent_to in self.responses:
            return self.responses[meta.concurrent_to]
        earlier = [r for r in self.by_url.get(meta.url, []) if r.path == meta.path and r.offset < meta.offset]
        return earlier[-1] if earlier else None

    def _original(self, record: RecordInfo) -> RecordInfo | None:
        """The response record holding a revisit's payload (by WARC-Refers-To, else by payload digest)."""
        if record.rec_type != "revisit":
            return record
        found = self.responses.get(record.refers_to or "")
        if found is not None and found.rec_type == "response":
            return found
        return self.by_digest.get(record.payload_digest or "")

    def _payload(
        self, record: RecordInfo, max_size: int | None = None
    ) -> tuple[StatusAndHeaders | None, bytes]:
        """HTTP headers of the record itself and its body (a revisit's from the original), decoded."""
        original = self._original(record)
        if original is None:
            raise ContentError(f"revisit of a payload not in these WARC files ({record.payload_digest})")
        http, raw = _read_record_at(record.path, record.offset)
        if original is not record:
            original_http, raw = _read_record_at(original.path, original.offset)
            http = http or original_http
        return http, decode_content(raw, _encodings(http), max_size)

    # -- attachments -------------------------------------------------------------------------------------
    def download(self, url: str, after: WarcRef | None = None) -> Download:
        """Size and sha256 of the document downloaded for url, as the crawl listed it for an article.

        `after` is the article's record. The crawl reuses a document it already fetched whole, and fetches
        it (with retries) once the article is in: so the last whole fetch before the article counts, else
        the first whole fetch after it. Without `after`, the last whole fetch. NOT_DOWNLOADED when nothing
        whole came back. (One case differs from the crawl: a document that failed for this article and
        came whole for a later one is listed here with the later fetch, in the crawl with null.)
        """
        whole = [r for r in self._records_for(url) if self._facts(r) != NOT_DOWNLOADED]
        if after is None:
            chosen = whole[-1] if whole else None
        else:
            here = (after.file, after.offset)
            before = [r for r in whole if _position(r) < here]
            later = [r for r in whole if _position(r) > here]
            chosen = before[-1] if before else (later[0] if later else None)
        return NOT_DOWNLOADED if chosen is None else self._facts(chosen)

    def _records_for(self, url: str) -> list[RecordInfo]:
        """The records fetched for url (as given, percent-escaped as Scrapy requests it, no fragment)."""
        from w3lib.url import safe_url_string

        bare = url.split("#", 1)[0]
        found: dict[str, RecordInfo] = {}
        for candidate in (url, safe_url_string(url), bare, safe_url_string(bare)):
            found.update((r.record_id, r) for r in self.by_url.get(candidate, []))
        return sorted(found.values(), key=_position)

    def _final(self, record: RecordInfo) -> RecordInfo | None:
        """Where a recorded redirect chain ends: the first fetch of each Location after its redirect."""
        for _ in range(_MAX_REDIRECTS):
            if record.status is None or not 300 <= record.status < 400 or not record.location:
                return record
            here = _position(record)
            targets = self._records_for(urljoin(record.url, record.location))
            nxt = next((r for r in targets if _position(r) > here), targets[-1] if targets else None)
            if nxt is None:
                return None
            record = nxt
        return None

    def _facts(self, record: RecordInfo) -> Download:
        if record.record_id not in self._downloads:
            self._downloads[record.record_id] = self._fetch_facts(record)
        return self._downloads[record.record_id]

    def _fetch_facts(self, record: RecordInfo) -> Download:
        final = self._final(record)
        if final is None or final.status is None or not 200 <= final.status < 300 or final.truncated:
            return NOT_DOWNLOADED
        try:
            _, body = self._payload(final, max_size=_attachment_max_size())
        except Exception:  # a damaged or undecodable body is a failed download, as in the crawl
            return NOT_DOWNLOADED
        return Download(len(body), hashlib.sha256(body).hexdigest())


def _position(record: RecordInfo) -> tuple[str, int]:
    """Run order: files of a run sort by name (`<run-id>-<seq>`), records by offset."""
    return (record.path.name, record.offset)
