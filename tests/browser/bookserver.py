"""Serve a built book on localhost the way a static host does, and count what each page costs.

Used by the browser tests (see tests/browser/conftest.py). The server:

* serves files from one folder on 127.0.0.1 and a free port, in a background thread;
* compresses text files (HTML, JS, CSS, SVG, JSON) with gzip when the browser accepts it, as GitHub
  Pages and every common static host do, so the page weight measured here is what a reader downloads;
* lets the browser cache what it serves (as a static host does), so that the theme's, MathJax's and the
  widget manager's scripts are fetched and compiled once per run, not once per page;
* records the size of every file it served (bytes sent and bytes before compression) by path, so that a
  page's weight can be added up from the list of resources the page used, cached or not
  (:meth:`BookServer.weight`).
"""
from __future__ import annotations

import gzip
import http.server
import os
import posixpath
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".xml", ".ipynb", ".md"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".ipynb": "application/x-ipynb+json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".eot": "application/vnd.ms-fontobject",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".inv": "application/octet-stream",
}


@dataclass
class Served:
    path: str
    status: int
    sent: int  # bytes of body on the wire
    raw: int  # bytes of the file before compression


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet: the tests report what matters
        pass

    def _resolve(self) -> Path | None:
        path = urllib.parse.urlsplit(self.path).path
        path = posixpath.normpath(urllib.parse.unquote(path))
        parts = [p for p in path.split("/") if p and p not in (".", "..")]
        target = self.server.root.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _respond(self, with_body: bool):
        target = self._resolve()
        if target is None:
            body = b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if with_body:
                self.wfile.write(body)
            self.server.record(Served(self.path, 404, len(body), len(body)))
            return
        data = target.read_bytes()
        raw = len(data)
        suffix = target.suffix.lower()
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(suffix, "application/octet-stream"))
        if suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        if with_body:
            self.wfile.write(data)
        self.server.record(Served(self.path, 200, len(data), raw))

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._respond(True)

    def do_HEAD(self):  # noqa: N802
        self._respond(False)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path):
        self.root = Path(root)
        self.sizes: dict[str, Served] = {}  # by URL path (no query)
        self._lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def record(self, item: Served):
        with self._lock:
            self.sizes[urllib.parse.urlsplit(item.path).path] = item


class BookServer:
    """A static server for ``root`` on localhost; use as a context manager.

    >>> with BookServer(site) as server:
    ...     server.url("intro.html")
    """

    def __init__(self, root: os.PathLike | str, prefix: str = ""):
        self.root = Path(root)
        self.prefix = prefix            # where the pages are under root: "en/" when root holds both editions
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "BookServer":
        self._server = _Server(self.root)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        assert self._server is not None, "use BookServer as a context manager"
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def url(self, relpath: str) -> str:
        return self.base + self.prefix + relpath.lstrip("/")

    def weight(self, urls) -> tuple[int, int, list[str]]:
        """Bytes sent and bytes before compression for a set of URLs of this server (a page and the
        resources it used), each counted once; also the URLs this server never served."""
        assert self._server is not None
        sent = raw = 0
        unknown = []
        for path in {urllib.parse.urlsplit(u).path for u in urls}:
            item = self._server.sizes.get(path)
            if item is None:
                unknown.append(path)
            else:
                sent += item.sent
                raw += item.raw
        return sent, raw, sorted(unknown)
