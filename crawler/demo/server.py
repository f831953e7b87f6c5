"""Serve saved sites ("mirrors") on 127.0.0.1, for the offline demo, tests and benchmarks.

A mirror is a folder with a ``routes.json`` and the files it names::

    {"routes": [
      {"method": "GET", "path": "/tin-hoat-dong", "file": "listing-1.html"},
      {"method": "GET", "path": "/tin-hoat-dong", "query": "page=2", "file": "listing-2.html"},
      {"method": "GET", "path": "/x", "query": "*", "file": "x.html"},
      {"method": "POST", "path": "/Pages/tin.aspx", "form": {"__EVENTARGUMENT": "Page$2"},
       "file": "listing-2.html"},
      {"method": "GET", "path": "/old", "status": 301, "headers": {"Location": "/new"}}
    ]}

GET routes match the path exactly and the query as a multiset of parameters (order ignored);
``"query": "*"`` matches any query. POST routes match the path and every listed form field.
A route may set ``status``, ``headers`` and ``content_type`` (default ``text/html; charset=utf-8``;
give ``"content_type": "text/html"`` to send no charset, as old servers do). Anything else is a 404.
Each mirror gets its own port, so each is its own site (host:port) to the crawler.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    query: tuple[tuple[str, str], ...] | None  # None = any query
    form: tuple[tuple[str, str], ...]
    file: str | None
    status: int
    headers: tuple[tuple[str, str], ...]
    content_type: str

    @classmethod
    def from_json(cls, raw: dict) -> Route:
        query = raw.get("query", "")
        return cls(
            method=raw.get("method", "GET").upper(),
            path=raw["path"],
            query=None if query == "*" else tuple(sorted(parse_qsl(query, keep_blank_values=True))),
            form=tuple(sorted((raw.get("form") or {}).items())),
            file=raw.get("file"),
            status=int(raw.get("status", 200)),
            headers=tuple((raw.get("headers") or {}).items()),
            content_type=raw.get("content_type", "text/html; charset=utf-8"),
        )

    def matches(self, method: str, path: str, query: str, form: dict[str, str]) -> bool:
        if method != self.method or path != self.path:
            return False
        if self.query is not None and tuple(sorted(parse_qsl(query, keep_blank_values=True))) != self.query:
            return False
        return all(form.get(k) == v for k, v in self.form)


class Mirror:
    """One saved site: its routes and the folder its files live in."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.name = self.root.name
        self.requests: list[tuple[str, str]] = []  # (method, path?query) as served, for tests
        self._lock = threading.Lock()
        self.reload()

    def reload(self) -> None:
        """Read routes.json again: a test rewrote the site (it published new articles) on the same port."""
        spec = json.loads((self.root / "routes.json").read_text(encoding="utf-8"))
        self.routes = [Route.from_json(r) for r in spec["routes"]]

    def find(self, method: str, path: str, query: str, form: dict[str, str]) -> Route | None:
        with self._lock:
            self.requests.append((method, path + ("?" + query if query else "")))
        # Exact query routes win over wildcard ones.
        exact = [r for r in self.routes if r.query is not None]
        wild = [r for r in self.routes if r.query is None]
        for route in exact + wild:
            if route.matches(method, path, query, form):
                return route
        return None


def _handler_for(mirror: Mirror) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet: tests read mirror.requests
            pass

        def _serve(self, method: str, form: dict[str, str]) -> None:
            parts = urlsplit(self.path)
            route = mirror.find("GET" if method == "HEAD" else method, parts.path, parts.query, form)
            if route is None:
                body, status, headers, ctype = b"<html><body>Not found</body></html>", 404, (), "text/html"
            else:
                body = (mirror.root / route.file).read_bytes() if route.file else b""
                status, headers, ctype = route.status, route.headers, route.content_type
            body, encoding = self.encode(body, ctype)
            headers = (*headers, *encoding)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def encode(self, body: bytes, ctype: str) -> tuple[bytes, tuple[tuple[str, str], ...]]:
            """The body as sent, and the headers that say how: as it is here (bench/mirror.py may gzip)."""
            return body, ()

        def do_GET(self) -> None:
            self._serve("GET", {})

        def do_HEAD(self) -> None:
            self._serve("HEAD", {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            self._serve("POST", dict(parse_qsl(raw, keep_blank_values=True)))

    return Handler


@dataclass
class Served:
    mirror: Mirror
    base_url: str  # e.g. http://127.0.0.1:45123

    def truth(self) -> dict:
        """The mirror's truth.json: its registry entry (`site`) and the articles it holds."""
        return json.loads((self.mirror.root / "truth.json").read_text(encoding="utf-8"))

    def registry_entry(self) -> dict:
        """A CONTRACT.md registry entry for this mirror as served: truth.json's `site`, with URLs."""
        from crawler.registry import ALLOWED_KEYS

        spec = self.truth()["site"]
        entry = {k: v for k, v in spec.items() if k in ALLOWED_KEYS}
        entry["start_urls"] = [self.base_url + p for p in spec["start_paths"]]
        return entry


@contextmanager
def serve_mirrors(
    roots: list[Path], host: str = "127.0.0.1", first_port: int = 0, tls: ssl.SSLContext | None = None
) -> Iterator[list[Served]]:
    """Serve each mirror folder on its own loopback port while the block runs.

    With `tls` (a server-side SSLContext), the mirrors speak HTTPS with that context: tests use it to play an
    old server that only knows TLS 1.0.

    Ports are picked by the system, or `first_port`, `first_port + 1`, ... so that a site keeps its address
    from one run to the next (its URLs, and so the archive's canonical URLs, stay the same); a port in use
    falls back to a free one.
    """
    servers: list[ThreadingHTTPServer] = []
    served: list[Served] = []
    try:
        for i, root in enumerate(roots):
            mirror = Mirror(root)
            try:
                server = ThreadingHTTPServer(
                    (host, first_port + i if first_port else 0), _handler_for(mirror)
                )
            except OSError:
                server = ThreadingHTTPServer((host, 0), _handler_for(mirror))
            server.daemon_threads = True
            if tls is not None:
                # A failed handshake raises in accept(), which socketserver treats as a dropped connection.
                server.socket = tls.wrap_socket(server.socket, server_side=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            scheme = "https" if tls is not None else "http"
            served.append(Served(mirror, f"{scheme}://{host}:{server.server_address[1]}"))
        yield served
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
