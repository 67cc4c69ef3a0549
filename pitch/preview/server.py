"""The live preview's HTTP server: the standard library's, in a thread.

Routes: / (the pitch), /summary, /events (server-sent events that tell a
page a new render is there, and the PDFs' status), /fonts/<file> (the bundled fonts), /build/<file> (the PDFs
and DOCX of the background build), /inputs/<file> (images), and assets of
templates/ (the stylesheet, images). Nothing else on disk is served.
"""

from __future__ import annotations

import mimetypes
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pitch.preview.page import browser_css, preview_page, preview_words, status_html
from pitch.preview.state import PreviewState

KEEPALIVE_SECONDS = 10.0
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
FONTS = frozenset({".ttf", ".otf", ".woff", ".woff2"})
TEMPLATE_ASSETS = IMAGES | FONTS | {".css"}
OUTPUTS = frozenset({".pdf", ".docx"})
PAGES = {"/": "pitch", "/index.html": "pitch", "/summary": "summary"}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class Site:
    """The folders the preview may serve from, and the state it shows."""

    state: PreviewState
    templates: Path
    inputs: Path
    outputs: Path
    fonts: tuple[Path, ...]


def find_file(folder: Path, relative: str, suffixes: frozenset[str]) -> Path | None:
    """The file `relative` names inside `folder`, or None if it is elsewhere or not allowed."""
    parts = relative.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    base = folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or path.suffix.lower() not in suffixes:
        return None
    return path if path.is_file() else None


class PreviewServer:
    """A ThreadingHTTPServer serving `site` on `host`:`port` (0: any free port)."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0) -> None:
        server_class = _IPv6Server if ":" in host else _IPv4Server
        self.httpd = server_class((host, port), _Handler)
        self.httpd.site = site
        self.httpd.allowed_hosts = _allowed_hosts(host)
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.1,),
                                        name="pitch-preview-server", daemon=True)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host, port = self.httpd.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def close(self) -> None:
        """Wake the event streams, stop serving, and close every socket."""
        self.httpd.site.state.stop()
        if self._thread.is_alive():
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()


def _allowed_hosts(host: str) -> frozenset[str] | None:
    """Host names a request may name; None (any) when serving on every interface.

    Refusing other names keeps a web page elsewhere from reading the preview
    through a DNS name that points at this machine (DNS rebinding).
    """
    return None if host in ("", "0.0.0.0", "::") else LOOPBACK_NAMES | {host}


class _IPv4Server(ThreadingHTTPServer):
    site: Site
    allowed_hosts: frozenset[str] | None

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up mid-answer is normal; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _IPv6Server(_IPv4Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _IPv4Server
    timeout = 30

    def do_GET(self) -> None:
        """Answer one request from the routes in the module docstring."""
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not self._host_allowed():
            self._send(403, "text/plain; charset=utf-8", b"unknown host name\n")
        elif path == "/events":
            self._events(parse_qs(parts.query))
        elif path in PAGES:
            site = self.server.site
            snapshot = site.state.snapshot
            page = preview_page(snapshot, PAGES[path], preview_words(site.templates, snapshot),
                                site.templates)
            self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
        else:
            self._file(path)

    def _host_allowed(self) -> bool:
        allowed = self.server.allowed_hosts
        name = urlsplit(f"//{self.headers.get('Host', '')}").hostname or ""
        return allowed is None or name in allowed

    def _file(self, path: str) -> None:
        site = self.server.site
        found = _lookup(site, path)
        if found is None:
            self._send(404, "text/plain; charset=utf-8", b"not found\n")
            return
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if found.suffix == ".css":
            body = browser_css(found.read_text(encoding="utf-8")).encode("utf-8")
            self._send(200, "text/css; charset=utf-8", body)
        else:
            self._send(200, kind, found.read_bytes())

    def _events(self, query: dict[str, list[str]]) -> None:
        """A server-sent event stream: `status` when the PDFs change, `reload` on each new render
        (its generation as data; the stream goes on, the page fetches the new render)."""
        shown = query.get("generation", ["-1"])[0]
        generation = int(shown) if shown.isdigit() else -1
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command == "HEAD":
            return
        state = self.server.site.state
        snapshot = state.snapshot
        try:
            words = preview_words(self.server.site.templates, snapshot)
            self._event("status", status_html(snapshot.pdf, words), retry=1000)
            status_version = snapshot.status_version
            while not snapshot.stopped:
                if snapshot.generation != generation:
                    generation = snapshot.generation
                    self._event("reload", str(generation))
                elif snapshot.status_version != status_version:
                    self._event("status", status_html(snapshot.pdf, words))
                    status_version = snapshot.status_version
                else:
                    self._write(": keepalive\n\n")
                snapshot = state.wait_for_change(generation, status_version, KEEPALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def _event(self, name: str, data: str, retry: int | None = None) -> None:
        prefix = f"retry: {retry}\n" if retry is not None else ""
        self._write(f"{prefix}event: {name}\ndata: {data}\n\n")

    def _write(self, text: str) -> None:
        self.wfile.write(text.encode("utf-8"))
        self.wfile.flush()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent: the terminal shows rebuilds and problems, not requests."""


def _lookup(site: Site, path: str) -> Path | None:
    """The file a URL path names, from the one folder its prefix allows."""
    if path.startswith("/fonts/"):
        found = (find_file(folder, path.removeprefix("/fonts/"), FONTS) for folder in site.fonts)
        return next((font for font in found if font is not None), None)
    for prefix, folder, suffixes in (("/build/", site.outputs, OUTPUTS),
                                     ("/inputs/", site.inputs, IMAGES)):
        if path.startswith(prefix):
            return find_file(folder, path.removeprefix(prefix), suffixes)
    return find_file(site.templates, path.removeprefix("/"), TEMPLATE_ASSETS)
