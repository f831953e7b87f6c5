"""The CDXJ index of a WACZ, made while the records are written instead of by reading the WARCs again.

A WACZ's `indexes/index.cdx.gz` has one line per response, revisit and metadata record, sorted:
``<SURT urlkey> <timestamp> <JSON>``. Webrecorder's py-wacz builds it with cdxj-indexer, which decompresses
and parses every record of every WARC and hashes each record's bytes: on a 20,000-article crawl that re-read
was about 8 % of the crawl's CPU. The capture already holds each record, its place in the file and its gzip
member as it writes them, so it makes the same line then (`index_line`), with the same options py-wacz gives
cdxj-indexer: the POST body appended to the key (``post_append``), the record's SHA-256 (``recordDigest``),
the request's ``Referer`` and ``Cookie``. tests/test_cdxj.py compares the lines with py-wacz's indexer on
the same files.

WARC files the capture did not write (a package made again from old files) are read by cdxj-indexer itself
(`read_index_lines`). `sorted_lines` sorts a run's lines in bounded memory; `write_zipnum` writes them as
the compressed blocks and the block index (`index.idx`) replay tools read.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import io
import json
import re
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

# The records cdxj-indexer indexes for py-wacz (its default set: warcinfo and request records are not).
INDEXED_TYPES = frozenset({"response", "revisit", "resource", "metadata"})
# Lines per compressed block of index.cdx.gz (cdxj-indexer's default, which py-wacz uses).
BLOCK_LINES = 300
# The lines sorted in memory at a time; more are sorted in runs on disk and merged.
SORT_BUFFER_CHARS = 4 * 1024 * 1024

_MIME_END = re.compile(r"[;\s]")  # cdxj-indexer's: the media type without its parameters
_WHOLE_SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)
_NOT_DIGITS = str.maketrans("", "", "-T:Z")


def is_indexed(rec_type: str, warc_content_type: str | None) -> bool:
    """Whether cdxj-indexer (as py-wacz runs it) has a line for a record of this type and Content-Type."""
    if rec_type not in INDEXED_TYPES:
        return False
    return not (rec_type in ("resource", "metadata") and warc_content_type == "application/warc-fields")


@functools.lru_cache(maxsize=256)  # a page's metadata record has its response's URL
def url_key(url: str) -> str:
    """The SURT form of ``url`` (cdxj-indexer's sort key); the URL itself if it has none."""
    import surt

    try:
        return surt.surt(url)
    except Exception:  # as cdxj-indexer: a URL surt cannot read is its own key
        return url


def _as_read(http: Any) -> Any:
    """HTTP headers as a reader of the file sees them: parsed from the bytes written (warcio %-encodes
    values that are not ASCII, a reader strips the space around values), so a line made from a record in
    memory is the line cdxj-indexer makes from the file."""
    if http is None or http.headers_buff is None:
        return http
    from warcio.statusandheaders import StatusAndHeadersParser

    return StatusAndHeadersParser([], verify=False).parse(io.BytesIO(http.headers_buff))


def _timestamp(warc_date: str) -> str:
    """The 14-digit timestamp of a WARC-Date, as warcio's ``iso_date_to_timestamp`` (which parses the date:
    the capture's dates, whole seconds in UTC, only need their digits)."""
    if _WHOLE_SECOND.fullmatch(warc_date):
        return warc_date.translate(_NOT_DIGITS)
    from warcio.timeutils import iso_date_to_timestamp

    return iso_date_to_timestamp(warc_date)


def index_line(
    record: Any,
    filename: str,
    offset: int,
    length: int,
    record_sha256: str,
    request: Any = None,
    request_body: bytes = b"",
) -> str | None:
    """The CDXJ line of a warcio record just written, or None for a record the index leaves out.

    ``offset`` and ``length``: its gzip member's place in ``filename``; ``record_sha256``: the member's
    SHA-256 in hex. ``request`` (a response's request record, written with it) and ``request_body`` give the
    ``referrer``, ``req.http:cookie`` and, for a POST or PUT, the body appended to the key.
    """
    headers = record.rec_headers
    rec_type = record.rec_type
    if not is_indexed(rec_type, headers.get_header("Content-Type")):
        return None
    url = headers.get_header("WARC-Target-URI")
    http = _as_read(record.http_headers)
    index: dict[str, str] = {"url": url}
    mime: str | None
    if rec_type == "revisit":
        mime = "warc/revisit"
    elif rec_type == "response":  # its HTTP Content-Type; a metadata or resource record's WARC one
        mime = http.get_header("Content-Type") if http else None
    else:
        mime = headers.get_header("Content-Type")
    if mime:
        mime = _MIME_END.split(mime, 1)[0].strip()
    if mime is not None:
        index["mime"] = mime
    if rec_type in ("response", "revisit") and http:
        index["status"] = http.get_statuscode()
    digest = headers.get_header("WARC-Payload-Digest")
    if digest is not None:
        index["digest"] = digest
    index["length"] = str(length)
    index["offset"] = str(offset)
    index["filename"] = filename
    index["recordDigest"] = "sha256:" + record_sha256
    key_url = url
    # cdxj-indexer pairs a response with its request record; a revisit has none.
    asked = _as_read(request.http_headers) if rec_type == "response" and request is not None else None
    if asked is not None:
        for name, field in (("Referer", "referrer"), ("Cookie", "req.http:cookie")):
            value = asked.get_header(name)
            if value:
                index[field] = value
        method = asked.protocol.upper()
        if method in ("POST", "PUT"):
            from cdxj_indexer.postquery import append_method_query

            query, append = append_method_query(
                asked.protocol,  # as cdxj-indexer: the key has the method as sent, the field in capitals
                asked.get_header("Content-Type"),
                asked.get_header("Content-Length"),
                io.BytesIO(request_body),
                url,
            )
            index["requestBody"] = query
            index["method"] = method
            key_url = url + append
    return f"{url_key(key_url)} {_timestamp(headers.get_header('WARC-Date'))} {json.dumps(index)}\n"


def read_index_lines(warc: Path) -> Iterator[str]:
    """The CDXJ lines of one WARC file read by cdxj-indexer, as py-wacz indexes it (for files the capture
    did not index itself), spooled through a temporary file rather than memory. Raises what warcio raises
    on a damaged file."""
    from cdxj_indexer.main import CDXJIndexer

    class Indexer(CDXJIndexer):  # the record filter given explicitly: py-wacz's import changes the default
        def filter_record(self, record: Any) -> bool:
            return is_indexed(record.rec_type, record.rec_headers.get_header("Content-Type"))

    with tempfile.TemporaryFile("w+", encoding="utf-8", prefix="tinhoatdong-cdxj-") as spool:
        fields = "referrer,req.http:cookie"
        Indexer(spool, [str(warc)], post_append=True, digest_records=True, fields=fields).process_all()
        spool.seek(0)
        yield from spool


def sorted_lines(lines: Iterable[str], buffer_chars: int = SORT_BUFFER_CHARS) -> Iterator[str]:
    """``lines`` sorted, each distinct line once (as cdxj-indexer's sort), holding at most about
    ``buffer_chars`` characters in memory: longer inputs are sorted in runs written to temporary files and
    merged."""
    runs: list[IO[str]] = []
    chunk: list[str] = []
    size = 0
    try:
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size >= buffer_chars:
                chunk.sort()
                run = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="tinhoatdong-cdxj-")  # noqa: SIM115
                run.writelines(chunk)
                run.seek(0)
                runs.append(run)
                chunk, size = [], 0
        chunk.sort()
        last = None
        for line in heapq.merge(chunk, *runs) if runs else chunk:
            if line != last:
                yield line
            last = line
    finally:
        for run in runs:
            run.close()


def write_zipnum(lines: Iterable[str], data: IO[bytes], data_name: str) -> tuple[str, int]:
    """Write sorted ``lines`` to ``data`` as gzip blocks of BLOCK_LINES lines; returns the block index
    (``index.idx``'s text: a ``!meta`` header, then each block's first key, offset, length and SHA-256) and
    the number of lines."""
    idx: list[str] = []
    block: list[str] = []
    offset = count = 0

    def flush() -> None:
        nonlocal offset
        packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
        packed = packer.compress("".join(block).encode("utf-8")) + packer.flush()
        prefix = block[0].split("{", 1)[0].strip()
        where = {
            "offset": offset,
            "length": len(packed),
            "digest": "sha256:" + hashlib.sha256(packed).hexdigest(),
        }
        idx.append(f"{prefix} {json.dumps(where)}\n")
        data.write(packed)
        offset += len(packed)
        block.clear()

    for line in lines:
        block.append(line)
        count += 1
        if len(block) == BLOCK_LINES:
            flush()
    if block:
        flush()
    header = "!meta 0 " + json.dumps({"format": "cdxj-gzip-1.0", "filename": data_name}) + "\n" if idx else ""
    return header + "".join(idx), count
