"""A real HTTP server on 127.0.0.1, port 0, serving feeds for the feed tests.

Each path maps to a Route: a status, a body, headers, an optional ETag that
turns a matching If-None-Match into a 304, and an optional delay (timeouts).
The server counts hits and keeps request headers so tests can assert what
monitor sent.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/rss+xml"})
    etag: str | None = None  # when set: sent, and If-None-Match equal to it gets a 304
    delay: float = 0.0  # seconds before answering
    content_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    trickle: float = 0.0  # seconds between two bytes of the body (a server that sends too slowly)
    trickle_head: float = 0.0  # seconds between two bytes of the status line and headers, then the body at once


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.request_headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits[self.path] += 1
                server.request_headers.append(dict(self.headers))
                route = server.routes.get(self.path, Route(b"<html>404</html>", 404, {"Content-Type": "text/html"}))
                if route.delay:
                    time.sleep(route.delay)
                if route.trickle_head:
                    self._trickle_head(route)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.content_length:
                    self.send_header("Content-Length", str(len(route.body)))
                else:
                    self.close_connection = True
                self.end_headers()
                # The client may stop reading: that is what size limits do.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if not route.trickle:
                        self.wfile.write(route.body)
                        return
                    for byte in route.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.trickle)

            def _trickle_head(self, route: Route) -> None:
                head = [f"HTTP/1.1 {route.status} OK", *(f"{k}: {v}" for k, v in route.headers.items()),
                        f"Content-Length: {len(route.body)}", "", ""]
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for byte in "\r\n".join(head).encode("ascii"):
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.trickle_head)
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve_file(self, path: str, name: str, content_type: str = "application/rss+xml", **kwargs: object) -> str:
        """Serve tests/data/feeds/<name> at `path`; return its URL."""
        self.routes[path] = Route((FEEDS / name).read_bytes(), headers={"Content-Type": content_type},
                                  **kwargs)  # type: ignore[arg-type]
        return self.url(path)


@contextlib.contextmanager
def running_server() -> Iterator[FeedServer]:
    """Start a FeedServer; each test module wraps this in its own `feed_server` fixture."""
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
