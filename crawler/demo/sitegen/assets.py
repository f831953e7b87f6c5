"""Tiny but well-formed binary files for the mirrors: images and attached documents.

A mirror only needs them to answer 200 with the right type; each is built here (no binary blobs in
the repository) and is deterministic, so regenerating a mirror gives identical bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def png_1x1(rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid 1×1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00" + bytes(rgb)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def gif_1x1() -> bytes:
    """The classic 1×1 transparent GIF (43 bytes)."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
        b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def jpeg_8x8() -> bytes:
    """A valid baseline 8×8 grey JPEG: one block, DC difference 0, end-of-block; one-code Huffman tables."""
    soi, eoi = b"\xff\xd8", b"\xff\xd9"
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8, 1) + b"\x01\x11\x00"
    # DC table 0 and AC table 0: a single code of length 1 for symbol 0x00 (DC diff 0 / AC end-of-block).
    counts = bytes([1] + [0] * 15)
    dht = (
        b"\xff\xc4" + struct.pack(">H", 2 + 2 * 18) + b"\x00" + counts + b"\x00" + b"\x10" + counts + b"\x00"
    )
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00"
    data = b"\x3f"  # bits 0 (DC) 0 (EOB) then 1-padding
    return soi + app0 + dqt + sof0 + dht + sos + data + eoi


def pdf_minimal(title: str = "Tai lieu") -> bytes:
    """A one-page PDF with a correct xref table."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << >> >>",
    ]
    stream = f"BT /F1 12 Tf 20 50 Td ({title}) Tj ET".encode("ascii", "replace")
    objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def doc_stub() -> bytes:
    """An OLE2 compound-file header (what a .doc starts with), padded to one sector."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header + b"\x00" * (512 - len(header))


def docx_minimal(text: str = "Tai lieu") -> bytes:
    """A minimal Office Open XML document (zip with fixed timestamps, so bytes are reproducible)."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml"'
            ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content)
    return out.getvalue()


#: extension -> (content type, bytes) for every kind of file the mirrors link to.
def files_by_ext() -> dict[str, tuple[str, bytes]]:
    return {
        "png": ("image/png", png_1x1()),
        "gif": ("image/gif", gif_1x1()),
        "ico": ("image/x-icon", gif_1x1()),
        "jpg": ("image/jpeg", jpeg_8x8()),
        "pdf": ("application/pdf", pdf_minimal()),
        "doc": ("application/msword", doc_stub()),
        "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_minimal()),
        "css": ("text/css", b"body{font-family:Arial,sans-serif;font-size:13px}\n"),
        "js": ("application/javascript", b"/* site script */\n"),
    }
