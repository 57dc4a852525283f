"""A misbehaving OpenAI-compatible server on 127.0.0.1, for the remote engine's tests.

``/v1/chat/completions`` answers as :attr:`FaultServer.behaviour` says: a good
stream, an error status (with its headers, e.g. ``Retry-After``), a stream cut in
the middle (chunked or not), a stream that stops sending, malformed JSON, an error
event, an HTML page, a request refused for one of its parameters, a slow stream.
``/v1/models`` lists :attr:`FaultServer.models` (or answers :attr:`models_status`).
Every request is recorded with its headers and JSON body, and the server notes
when a client left in the middle of a stream.  Optionally it speaks TLS.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = ("Hello", " from", " the", " fault", " server", ".")


@dataclass
class Behaviour:
    """How the chat endpoint answers the first ``times`` requests (then: a good stream).

    kinds: ``ok``, ``status``, ``cut`` (chunked body cut), ``cut_clean`` (a body read
    to the connection's end, without a finish), ``stall`` (stops sending), ``silent``
    (never sends headers), ``malformed``, ``error_event``, ``html``, ``refuse_param``,
    ``slow`` (a chunk every ``interval`` seconds, up to ``count``).
    """

    kind: str = "ok"
    words: tuple[str, ...] = WORDS
    before: int = 2  # chunks of text sent before the fault
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    stall_seconds: float = 20.0
    interval: float = 0.05
    count: int = 2000
    refuse: str = "top_k"
    reasoning: tuple[str, ...] = ()  # sent as delta.reasoning_content before the words
    times: int = 10**9


@dataclass
class Request:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: Any


class FaultServer:
    """``with FaultServer() as server: server.behaviour = Behaviour("cut")``."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.behaviour = Behaviour()
        self.models: list[str] = ["fault-model", "other-model"]
        self.models_status: int | None = None
        self.requests: list[Request] = []
        self.client_left = threading.Event()  # a client went away in the middle of a stream
        self.chunks_sent = 0
        self._chat_count = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer._record(self, None)
                if self.path.rstrip("/").endswith("/v1/models"):
                    outer._models(self)
                else:
                    outer._json(self, 404, {"error": {"message": "Not Found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                outer._record(self, body)
                if self.path.rstrip("/").endswith("/v1/chat/completions"):
                    outer._chat(self, body if isinstance(body, dict) else {})
                else:
                    outer._json(self, 404, {"detail": "Not Found"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.httpd.handle_error = lambda *args: None  # type: ignore[method-assign]
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}/v1"

    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- answers ---------------------------------------------------------------------
    def _record(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        with self._lock:
            self.requests.append(Request(handler.command, handler.path, {
                k.lower(): v for k, v in handler.headers.items()}, body))

    @staticmethod
    def _json(handler: BaseHTTPRequestHandler, status: int, body: Any,
              headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _models(self, handler: BaseHTTPRequestHandler) -> None:
        if self.models_status is not None:
            self._json(handler, self.models_status, {"error": {"message": "no models here"}})
            return
        self._json(handler, 200, {"object": "list", "data": [
            {"id": m, "object": "model", "created": 0, "owned_by": "fault"}
            for m in self.models]})

    def _chat(self, handler: BaseHTTPRequestHandler, request: dict[str, Any]) -> None:
        with self._lock:
            self._chat_count += 1
            count = self._chat_count
        b = self.behaviour if count <= self.behaviour.times else Behaviour()
        model = str(request.get("model", "fault-model"))
        if b.kind == "status":
            self._json(handler, b.status, b.body if b.body is not None else
                       {"error": {"message": f"failure {b.status}"}}, b.headers)
            return
        if b.kind == "refuse_param" and b.refuse in request:
            self._json(handler, 400, {"error": {
                "message": f"Unrecognized request argument supplied: {b.refuse}",
                "type": "invalid_request_error"}})
            return
        if b.kind == "html":
            page = b"<html><body><h1>Welcome to my router</h1></body></html>"
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(len(page)))
            handler.end_headers()
            handler.wfile.write(page)
            return
        if b.kind == "silent":
            self._closing.wait(b.stall_seconds)
            self._hang_up(handler)
            return
        chunked = b.kind != "cut_clean"
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            self._stream(handler, b, model, chunked, request)
        except OSError:  # the client left
            self.client_left.set()

    def _stream(self, handler: BaseHTTPRequestHandler, b: Behaviour, model: str,
                chunked: bool, request: dict[str, Any]) -> None:
        def send(data: bytes) -> None:
            if chunked:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                handler.wfile.write(data)
            handler.wfile.flush()
            with self._lock:
                self.chunks_sent += 1

        def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
            chunk = {"id": "chatcmpl-fault", "object": "chat.completion.chunk", "created": 0,
                     "model": model, "choices": [{"index": 0, "delta": delta,
                                                  "finish_reason": finish}]}
            return b"data: " + json.dumps(chunk).encode() + b"\n\n"

        send(event({"role": "assistant"}))
        for thought in b.reasoning:
            send(event({"reasoning_content": thought}))
        if b.kind == "slow":
            for i in range(b.count):
                send(event({"content": f" w{i}"}))
                if self._closing.wait(b.interval):
                    break
            self._hang_up(handler)
            return
        words = b.words if b.kind in ("ok", "refuse_param") else b.words[:b.before]
        for word in words:
            send(event({"content": word}))
        if b.kind in ("cut", "cut_clean"):
            self._hang_up(handler)
            return
        if b.kind == "stall":
            self._closing.wait(b.stall_seconds)
            self._hang_up(handler)
            return
        if b.kind == "malformed":
            send(b'data: {"id": "chatcmpl-fault", "choices": [{"delta": {"content": "x"\n\n')
            self._end(handler, chunked, send)
            return
        if b.kind == "error_event":
            send(b'data: {"error": {"message": "the model crashed", "code": 500}}\n\n')
            self._end(handler, chunked, send)
            return
        send(event({}, "stop"))
        options = request.get("stream_options") or {}
        if options.get("include_usage"):
            usage = {"prompt_tokens": 11, "completion_tokens": len(words),
                     "total_tokens": 11 + len(words),
                     "prompt_tokens_details": {"cached_tokens": 4}}
            send(b"data: " + json.dumps({"id": "chatcmpl-fault", "object":
                                         "chat.completion.chunk", "created": 0,
                                         "model": model, "choices": [],
                                         "usage": usage}).encode() + b"\n\n")
        self._end(handler, chunked, send)

    @staticmethod
    def _end(handler: BaseHTTPRequestHandler, chunked: bool, send: Any) -> None:
        send(b"data: [DONE]\n\n")
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
            handler.wfile.flush()

    @staticmethod
    def _hang_up(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        try:
            handler.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def free_port() -> int:
    """A port nothing listens on (for "connection refused")."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(predicate: Any, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False
