"""A real HTTP server on 127.0.0.1 for download tests and the download benchmark.

Each file is a :class:`Route` with switches for the ways servers misbehave:
no Range support, a connection cut at a chosen byte, a stall, error statuses
(for the first N requests or always), wrong bytes, more bytes than announced,
a 206 for the wrong range.  Every request's headers are recorded.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Route:
    """How one URL path behaves."""

    data: bytes = b""
    path: Path | None = None  # serve a file from disk instead (with sendfile)
    ranges: bool = True  # honour Range with 206
    cut_at: int | None = None  # close the connection once this absolute byte is reached
    cut_times: int = 1  # ... for this many requests
    stall_at: int | None = None  # stop sending at this byte ...
    stall_seconds: float = 0.0  # ... for this long (then close)
    stall_times: int = 1
    status: int | None = None  # answer this status ...
    status_times: int = 10**9  # ... for the first N requests, then serve normally
    extra: bytes = b""  # sent after the data (and counted in Content-Length)
    wrong_range_offset: int = 0  # a 206 that starts this many bytes off
    bytes_per_second: float | None = None  # pace the body like a link of this speed
    headers: dict[str, str] = field(default_factory=dict)

    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.data)


class LocalServer:
    """``with LocalServer() as server: server.add("/m.gguf", Route(data=...))``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- serving ------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        with self._lock:
            self.requests.append((path, dict(handler.headers.items())))
            count = self.counts[path] = self.counts.get(path, 0) + 1
        route = self.routes.get(path)
        if route is None:
            self._empty(handler, 404)
            return
        if route.status is not None and count <= route.status_times:
            self._empty(handler, route.status)
            return
        size = route.size() + len(route.extra)
        start = 0
        wanted = handler.headers.get("Range")
        if wanted and route.ranges and wanted.startswith("bytes="):
            start = int(wanted[6:].split("-")[0])
            if start >= size:
                handler.send_response(416)
                handler.send_header("Content-Range", f"bytes */{size}")
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            shown = start + route.wrong_range_offset
            handler.send_response(206)
            handler.send_header("Content-Range", f"bytes {shown}-{size - 1}/{size}")
        else:
            handler.send_response(200)
        handler.send_header("Content-Length", str(size - start))
        handler.send_header("Accept-Ranges", "bytes" if route.ranges else "none")
        for key, value in route.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        stop = size
        abort = False
        if route.cut_at is not None and count <= route.cut_times and route.cut_at > start:
            stop, abort = min(stop, route.cut_at), True
        stall = (route.stall_at is not None and count <= route.stall_times
                 and route.stall_at >= start)
        if stall:
            stop, abort = min(stop, route.stall_at or 0), True
        self._send_body(handler, route, start, stop)
        if stall:
            time.sleep(route.stall_seconds)
        if abort:
            handler.close_connection = True
            try:
                handler.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @staticmethod
    def _send_body(handler: BaseHTTPRequestHandler, route: Route, start: int, stop: int) -> None:
        data_size = route.size()
        began = time.monotonic()

        def pace(sent: int) -> None:
            if route.bytes_per_second:
                due = began + (sent - start) / route.bytes_per_second
                time.sleep(max(0.0, due - time.monotonic()))

        step_max = 1 << 20 if route.bytes_per_second is None else \
            max(4096, int(route.bytes_per_second / 20))
        try:
            sent = start
            end = min(stop, data_size)
            if route.path is not None and sent < end:
                handler.wfile.flush()
                with open(route.path, "rb") as fh:
                    while sent < end:
                        pace(sent)
                        sent += os.sendfile(handler.connection.fileno(), fh.fileno(), sent,
                                            min(end - sent, step_max))
            while sent < end:
                pace(sent)
                step = min(end - sent, step_max)
                handler.wfile.write(route.data[sent:sent + step])
                handler.wfile.flush()
                sent += step
            if stop > data_size:
                handler.wfile.write(route.extra[max(start - data_size, 0):stop - data_size])
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    @staticmethod
    def _empty(handler: BaseHTTPRequestHandler, status: int) -> None:
        handler.send_response(status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


def _serve_file_forever(path: str, rate: float | None) -> None:
    """``python tests/local_server.py FILE [MB/s]``: serve FILE at /NAME (and, paced at
    MB/s, at /paced/NAME); print the base URL."""
    server = LocalServer()
    name = Path(path).name
    server.add("/" + name, Route(path=Path(path)))
    server.add("/paced/" + name, Route(path=Path(path),
                                       bytes_per_second=rate * 1e6 if rate else None))
    with server:
        print(server.base, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    import sys

    _serve_file_forever(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
