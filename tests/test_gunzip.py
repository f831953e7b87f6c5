"""crawler.middlewares.gunzip: Scrapy's gunzip, answered by zlib-ng when the body is one whole gzip member.

Most servers send pages gzipped, and Scrapy's ``gunzip`` reads them through ``gzip.GzipFile`` in 64 KB steps
(0.55-0.62 ms a 190 KB page); one zlib-ng call reads a well-formed body in half that. Every other body
(several members, trailing bytes, a bad checksum, a cut-off stream, one over the size cap) goes to Scrapy's
own function, so its answer, or its error, is Scrapy's.
"""

from __future__ import annotations

import gzip
import io
import zlib

import pytest
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip as scrapy_gunzip

from crawler import middlewares
from crawler.middlewares import BombCountingCompressionMiddleware, gunzip

PAGE = (
    "<html><body>" + "<p>Sở Thông tin và Truyền thông tỉnh Ninh Thuận tổ chức hội nghị.</p>" * 3000
).encode()


def _with_fname_and_comment(data: bytes) -> bytes:
    """A gzip member with the optional header fields set (FNAME, FCOMMENT, FEXTRA, FHCRC)."""
    body = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = body.compress(data) + body.flush()
    extra = b"ab\x02\x00xy"
    header = b"\x1f\x8b\x08" + bytes([0x02 | 0x04 | 0x08 | 0x10]) + b"\x00\x00\x00\x00\x00\xff"
    header += len(extra).to_bytes(2, "little") + extra + b"page.html\x00" + b"a comment\x00"
    header += (zlib.crc32(header) & 0xFFFF).to_bytes(2, "little")
    trailer = zlib.crc32(data).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(4, "little")
    return header + deflated + trailer


def _bad_crc(data: bytes) -> bytes:
    member = bytearray(gzip.compress(data))
    member[-8] ^= 0xFF
    return bytes(member)


BODIES = {
    "one member": gzip.compress(PAGE, 6),
    "level 1": gzip.compress(PAGE, 1),
    "stored": gzip.compress(PAGE, 0),
    "empty page": gzip.compress(b""),
    "optional header fields": _with_fname_and_comment(PAGE),
    "two members": gzip.compress(PAGE[:5000]) + gzip.compress(PAGE[5000:]),
    "zero padding after the member": gzip.compress(PAGE) + b"\x00" * 16,
    "trailing garbage": gzip.compress(PAGE) + b"<html>not gzip</html>",
    "bad checksum": _bad_crc(PAGE),
    "cut off": gzip.compress(PAGE)[:-4000],
    "cut off in the trailer": gzip.compress(PAGE)[:-3],
    "cut off in the header": gzip.compress(PAGE)[:6],
    "a zlib stream, not gzip": zlib.compress(PAGE),
    "not compressed": PAGE,
}


def _outcome(function: object, body: bytes, max_size: int) -> tuple[str, object]:
    try:
        return "data", function(body, max_size=max_size)  # type: ignore[operator]
    except _DecompressionMaxSizeExceeded as exc:
        return "too large", (exc.decompressed_size, exc.max_size)
    except Exception as exc:  # the same error, whatever it is
        return "error", (type(exc), str(exc))


@pytest.mark.parametrize("name", BODIES)
@pytest.mark.parametrize("max_size", [0, 10**7, len(PAGE), len(PAGE) - 1, 70_000])
def test_gunzip_answers_as_scrapy(name: str, max_size: int) -> None:
    """The same bytes, or the same error with the same numbers, for every body and size cap."""
    body = BODIES[name]
    assert _outcome(gunzip, body, max_size) == _outcome(scrapy_gunzip, body, max_size)


def test_the_bodies_cover_success_partial_reads_and_errors() -> None:
    """So that the comparison above is not between two answers of one kind."""
    kinds = {name: _outcome(scrapy_gunzip, body, 0)[0] for name, body in BODIES.items()}
    errors = {"cut off in the header", "a zlib stream, not gzip", "not compressed"}
    assert {name for name, kind in kinds.items() if kind == "error"} == errors
    assert {kind for name, kind in kinds.items() if name not in errors} == {"data"}  # read before a fault
    assert _outcome(scrapy_gunzip, BODIES["one member"], 70_000)[0] == "too large"
    assert scrapy_gunzip(BODIES["cut off"]) != PAGE and PAGE.startswith(scrapy_gunzip(BODIES["cut off"]))


def test_a_whole_member_is_read_by_one_isal_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is taken for a well-formed body, and only Scrapy's reading for the others."""
    fallbacks: list[bytes] = []

    def counting(body: bytes, *, max_size: int = 0) -> bytes:
        fallbacks.append(body)
        return scrapy_gunzip(body, max_size=max_size)

    monkeypatch.setattr(middlewares, "scrapy_gunzip", counting)
    for name in ("one member", "level 1", "stored", "empty page", "optional header fields"):
        assert gunzip(BODIES[name], max_size=10**7) == gzip.decompress(BODIES[name])
    assert fallbacks == []
    gunzip(BODIES["two members"], max_size=10**7)
    gunzip(BODIES["bad checksum"], max_size=10**7)
    assert len(fallbacks) == 2


def test_a_bomb_is_never_held_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first read stops one byte past the cap, then Scrapy's reading names the overflow."""
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as out:
        out.write(b"\0" * 50_000_000)
    asked: list[int] = []
    real = middlewares.isal_zlib.decompressobj

    class Watching:
        def __init__(self, wbits: int) -> None:
            self.inner = real(wbits)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            asked.append(max_length)
            return self.inner.decompress(data, max_length)

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

    monkeypatch.setattr(middlewares.isal_zlib, "decompressobj", Watching)
    with pytest.raises(_DecompressionMaxSizeExceeded):
        gunzip(bomb.getvalue(), max_size=1_000_000)
    assert asked == [1_000_001]


def test_the_compression_middleware_decodes_gzip_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    monkeypatch.setattr(middlewares, "gunzip", lambda body, max_size: calls.append(body) or b"page")
    assert BombCountingCompressionMiddleware._decode(b"gz", b"gzip", 10) == b"page"
    assert BombCountingCompressionMiddleware._decode(b"gz", b"x-gzip", 10) == b"page"
    assert calls == [b"gz", b"gz"]
    deflated = zlib.compress(b"deflated page")
    assert BombCountingCompressionMiddleware._decode(deflated, b"deflate", 0) == b"deflated page"
