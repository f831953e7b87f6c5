"""A loopback HTTP server that misbehaves on purpose, by script: for the faults-and-traps tests.

The demo server (crawler/demo/server.py) serves files; this one answers each path with a function, so it can
fail first and succeed later, hang, stream 20 MB, send a gzip bomb, redirect off the site, and generate
listing pages without end. Every request is logged with its time, so tests can say what was (not) fetched.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

HTML = "text/html; charset=utf-8"


@dataclass
class Answer:
    """What to send: status, headers, a body or a generator of chunks, and an optional hang first."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = HTML
    chunks: Callable[[], Iterator[bytes]] | None = None  # streamed without Content-Length
    hang: float = 0.0


Handler = Callable[["Request"], Answer]


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, str]
    target: str  # path?query as sent
    at: float  # time.monotonic() when it arrived
    n: int  # how many times this target was asked for, this one included


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up on purpose (size caps, timeouts) are the point of these tests


class FaultServer:
    """Routes are exact paths -> handler; anything else is a 404."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.prefixes: dict[str, Handler] = {}  # path prefix -> handler, for generated pages
        self.log: list[Request] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd: _QuietServer | None = None

    @property
    def base_url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, handler: Handler | Answer) -> None:
        self.routes[path] = handler if callable(handler) else (lambda _req, a=handler: a)

    def route_prefix(self, prefix: str, handler: Handler) -> None:
        self.prefixes[prefix] = handler

    def _find(self, path: str) -> Handler | None:
        if path in self.routes:
            return self.routes[path]
        for prefix in sorted(self.prefixes, key=len, reverse=True):
            if path.startswith(prefix):
                return self.prefixes[prefix]
        return None

    def paths(self) -> list[str]:
        """Every target asked for, in order (robots.txt included)."""
        return [r.target for r in self.log]

    def times(self, target: str) -> list[float]:
        return [r.at for r in self.log if r.target == target]

    def _record(self, target: str) -> Request:
        parts = urlsplit(target)
        with self._lock:
            n = self._counts.get(target, 0) + 1
            self._counts[target] = n
            req = Request(parts.path, dict(parse_qsl(parts.query)), target, time.monotonic(), n)
            self.log.append(req)
        return req

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                req = server._record(self.path)
                handler = server._find(req.path)
                answer = handler(req) if handler else Answer(404, b"not found", content_type="text/plain")
                if answer.hang and server.stopping.wait(answer.hang):
                    return
                with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as intended
                    self._send(answer)

            def _send(self, answer: Answer) -> None:
                self.send_response(answer.status)
                if answer.content_type:
                    self.send_header("Content-Type", answer.content_type)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.chunks is not None:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in answer.chunks():
                        if server.stopping.is_set():
                            return
                        self.wfile.write(chunk)
                    self.close_connection = True
                    return
                if "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                body = answer.body
                for start in range(0, len(body), 1 << 20):
                    self.wfile.write(body[start : start + (1 << 20)])

        return _Handler

    def start(self) -> FaultServer:
        self.httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()


@contextmanager
def fault_servers(n: int = 1) -> Iterator[list[FaultServer]]:
    servers = [FaultServer().start() for _ in range(n)]
    try:
        yield servers
    finally:
        for s in servers:
            s.stop()


# -- building blocks -------------------------------------------------------------------------------------
def gzip_bomb(megabytes: int = 100) -> bytes:
    """gzip of `megabytes` MB of zeros, compressed (about 100 KB for 100 MB), built without holding it all."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    zeros = bytes(1 << 20)
    out = [comp.compress(zeros) for _ in range(megabytes)]
    out.append(comp.flush())
    return b"".join(out)


def zeros_stream(total: int, chunk: int = 1 << 16) -> Callable[[], Iterator[bytes]]:
    def gen() -> Iterator[bytes]:
        sent = 0
        block = b"<p>" + b"x" * (chunk - 7) + b"</p>\n"
        while sent < total:
            yield block
            sent += len(block)

    return gen


def article_html(k: int, title_prefix: str = "Hội nghị") -> bytes:
    body = "".join(
        f"<p>Đoạn {i} của bài số {k}: Sở Thông tin và Truyền thông tổ chức hội nghị triển khai nhiệm vụ "
        "chuyển đổi số, cán bộ công chức tham gia đầy đủ và thảo luận sôi nổi về kế hoạch năm tới.</p>"
        for i in range(1, 5)
    )
    return (
        f"<html><head><title>Bài số {k}</title></head><body>"
        "<div class='header'><a href='/'>Trang chủ</a></div>"
        f"<div class='content'><h1>{title_prefix} số {k} của Sở Thông tin và Truyền thông</h1>"
        f"<div class='date'>{1 + k % 28:02d}/05/2024</div>{body}<p>Quốc Trạng</p></div></body></html>"
    ).encode()


def listing_html(links: list[tuple[str, str]], next_href: str | None, title: str = "Tin hoạt động") -> bytes:
    """A listing page: (href, title) entries and an optional "Trang sau" link."""
    items = "".join(
        f"<div class='item'><a href='{href}'>{text}</a><span class='date'>15/05/2024</span></div>"
        for href, text in links
    )
    nxt = f"<div class='pager'><a href='{next_href}'>Trang sau</a></div>" if next_href else ""
    return (
        "<html><body><div class='menu'><a href='/'>Trang chủ</a> <a href='/lien-he'>Liên hệ</a></div>"
        f"<h1>{title}</h1><div class='list'>{items}</div>{nxt}</body></html>"
    ).encode()
