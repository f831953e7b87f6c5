"""A loopback web archive for tests: a CDX server and an `id_` replay server, like web.archive.org's.

Captures are added by hand or from a mirror folder (`crawler/demo/server.py` format) taken as the site at an
original base URL that itself need not answer (a site that is gone). Serves:

- ``GET /cdx?url=HOST/&matchType=prefix&output=json&filter=...&collapse=...&limit=N&showResumeKey=true
  [&from=&to=&resumeKey=]``: the CDX API with ``output=json`` (header row, rows, then ``[]`` and
  ``[resumeKey]`` when more rows remain);
- ``GET /web/<timestamp>id_/<original>``: the capture's bytes, with its own replay status and headers (a
  capture can be made to answer a redirect or an error, as the archive does for some);
- ``/robots.txt`` is a 404 (everything allowed). ``throttle`` answers that many requests with 429 and
  ``Retry-After: 1`` first (robots.txt aside).
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from crawler.wayback import url_key


@dataclass
class MockCapture:
    original: str
    timestamp: str
    body: bytes
    status: int = 200  # what the CDX says the site answered
    mimetype: str = "text/html"
    replay_status: int | None = None  # what the replay answers, when it differs (a redirect, an error)
    replay_headers: dict[str, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.body).hexdigest().upper()


class MockArchive:
    """The archive's captures, and the requests it received (for assertions)."""

    def __init__(self) -> None:
        self.captures: list[MockCapture] = []
        self.requests: list[str] = []
        self.throttle = 0
        self.base_url = ""
        self._lock = threading.Lock()

    @property
    def cdx(self) -> str:
        return self.base_url + "/cdx"

    @property
    def replay(self) -> str:
        return self.base_url + "/web"

    def add(self, original: str, timestamp: str, body: bytes | str, **kw: object) -> MockCapture:
        cap = MockCapture(original, timestamp, body.encode() if isinstance(body, str) else body, **kw)  # type: ignore[arg-type]
        self.captures.append(cap)
        return cap

    def add_mirror(self, root: Path, original_base: str, timestamp: str) -> int:
        """Capture every GET page of a mirror at `timestamp`, as if crawled at `original_base`."""
        spec = json.loads((root / "routes.json").read_text(encoding="utf-8"))
        n = 0
        for route in spec["routes"]:
            if (
                route.get("method", "GET").upper() != "GET"
                or not route.get("file")
                or route.get("query") == "*"
            ):
                continue
            query = route.get("query", "")
            original = original_base + route["path"] + (f"?{query}" if query else "")
            ctype = route.get("content_type", "text/html").split(";", 1)[0].strip()
            body = (root / route["file"]).read_bytes()
            self.add(original, timestamp, body, status=int(route.get("status", 200)), mimetype=ctype)
            n += 1
        return n

    # -- CDX ------------------------------------------------------------------------------------------
    def cdx_answer(self, query: str) -> list[list[str]]:
        params = parse_qsl(query, keep_blank_values=True)
        one = dict(params)
        prefix = url_key(one["url"] if "://" in one["url"] else "http://" + one["url"])
        filters = [v for k, v in params if k == "filter"]
        rows = []
        for cap in self.captures:
            key = url_key(cap.original)
            if not key.startswith(prefix) if one.get("matchType") == "prefix" else key != prefix:
                continue
            fields = {"statuscode": str(cap.status), "mimetype": cap.mimetype}
            if any(fields.get(f.split(":", 1)[0]) != f.split(":", 1)[1] for f in filters):
                continue
            if one.get("from") and cap.timestamp[: len(one["from"])] < one["from"]:
                continue
            if one.get("to") and cap.timestamp[: len(one["to"])] > one["to"]:
                continue
            rows.append((key, cap))
        rows.sort(key=lambda r: (r[0], r[1].timestamp))
        collapse = one.get("collapse")
        kept: list[tuple[str, MockCapture]] = []
        for key, cap in rows:
            same_url = bool(kept) and kept[-1][0] == key
            if same_url and (
                collapse == "urlkey" or (collapse == "digest" and kept[-1][1].digest == cap.digest)
            ):
                continue
            kept.append((key, cap))
        start = int(one.get("resumeKey", "0") or 0)
        limit = int(one.get("limit", "0") or 0) or len(kept)
        page = kept[start : start + limit]
        out: list[list[str]] = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest"]]
        out += [[k, c.timestamp, c.original, c.mimetype, str(c.status), c.digest] for k, c in page]
        if one.get("showResumeKey") == "true" and start + limit < len(kept):
            out += [[], [str(start + limit)]]
        return out

    def find(self, timestamp: str, original: str) -> MockCapture | None:
        for cap in self.captures:
            if cap.timestamp == timestamp and url_key(cap.original) == url_key(original):
                return cap
        return None


def _handler(archive: MockArchive) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            with archive._lock:
                archive.requests.append(self.path)
                throttled = archive.throttle > 0 and self.path != "/robots.txt"
                if throttled:
                    archive.throttle -= 1
            if throttled:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
                return
            parts = urlsplit(self.path)
            if parts.path == "/cdx":
                body = json.dumps(archive.cdx_answer(parts.query)).encode()
                self._send(200, body, "application/json")
                return
            if parts.path.startswith("/web/"):
                rest = self.path[len("/web/") :]
                stamp, _, original = rest.partition("/")
                cap = (
                    archive.find(stamp.removesuffix("id_"), unquote(original))
                    if stamp.endswith("id_")
                    else None
                )
                if cap is not None:
                    status = cap.replay_status or cap.status
                    self._send(status, cap.body, "text/html; charset=utf-8", cap.replay_headers)
                    return
            self._send(
                404, b"<html><body>Wayback Machine has not archived that URL.</body></html>", "text/html"
            )

    return Handler


def dead_base_url() -> str:
    """An http://127.0.0.1:PORT base where nothing listens: a site that is gone (connections refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextmanager
def serve_archive(archive: MockArchive) -> Iterator[MockArchive]:
    """Serve the archive on a loopback port while the block runs (sets `archive.base_url`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(archive))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    archive.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield archive
    finally:
        server.shutdown()
        server.server_close()
