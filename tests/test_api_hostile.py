"""The API server against a battery of malformed and hostile requests (issue 13).

The real server (:class:`ServingStack`, uvicorn on its thread, a Qt-free model thread and a
tiny GGUF as the installed model) is started once for the module, plus a second one that
asks for the key.  Every case must get a 4xx with an OpenAI error object as JSON, nothing
of a traceback, and no log line; after all of them the server still answers a normal
request, word for word as it answered before the battery.  Requests go through httpx, or a
raw socket where a client library would not send them (bad ``Host``, slow or lying bodies).
Requests that uvicorn's HTTP parser refuses before the app sees them are checked apart
(the server runs uvicorn with :class:`app.server.protocol.GuardedH11Protocol`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2 as httpx
import openai
import pytest
from fireside_server import serving_in_process
from gguf_factory import write_tiny_model
from hostile_cases import ALLOWED, CASES, KEY, MB, MODEL, Case

from app.core.context import AppContext
from app.server.guard import Guard, GuardRules
from app.server.protocol import GuardedH11Protocol
from app.server.routes import BodyLimits

SERVER_LOGGERS = ("app.server", "app.core.api", "uvicorn", "starlette", "sse_starlette",
                  "asyncio")
SEEN: set[str] = set()  # the battery's cases that passed


class Recorder(logging.Handler):
    """Every record logged while the module runs (the server logs on its own threads)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def complaints(records: list[logging.LogRecord]) -> list[str]:
    """Records a bug-free server does not make for bad input: warnings and tracebacks."""
    return [f"{r.name}: {r.getMessage()}" for r in records
            if r.levelno >= logging.WARNING or r.exc_info is not None]


@dataclass
class Servers:
    """The two servers of the module (base URLs end in /v1), and what they logged."""

    open: str
    keyed: str
    open_port: int
    keyed_port: int
    tiny: Path
    log: Recorder
    first_answer: str


def ask(base: str) -> openai.types.chat.ChatCompletion:
    client = openai.OpenAI(base_url=base, api_key="not-needed", max_retries=0, timeout=60)
    return client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content":
                                          "hello world"}], temperature=0, max_tokens=8)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    contexts = [AppContext.open(tmp_path_factory.mktemp(name)) for name in ("open", "keyed")]
    for context in contexts:
        write_tiny_model(context.paths.models_dir / "tiny.gguf")
        context.rescan()
        context.settings.api_server.allowed_origins = [ALLOWED]
    contexts[1].settings.api_server.require_key = True
    head_seconds, GuardedH11Protocol.head_seconds = GuardedH11Protocol.head_seconds, 2.0
    recorder, root = Recorder(), logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)  # as the app's own logging is set up
    root.addHandler(recorder)
    try:
        with ExitStack() as stack:
            # The open server keeps the default size limit, with a short time limit.
            opened = stack.enter_context(serving_in_process(contexts[0],
                                                            limits=BodyLimits(seconds=2.0)))
            keyed = stack.enter_context(serving_in_process(contexts[1]))
            first = ask(opened.server.url).choices[0].message.content or ""
            yield Servers(opened.server.url, keyed.server.url, opened.server.port,
                          keyed.server.port, contexts[0].paths.models_dir / "tiny.gguf",
                          recorder, first)
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)
        GuardedH11Protocol.head_seconds = head_seconds
        for context in contexts:
            context.close()


@dataclass
class Reply:
    """One HTTP response, however it was read."""

    status: int
    headers: dict[str, str]
    body: bytes


def exchange(port: int, data: bytes, timeout: float = 15.0) -> Reply:
    """Send ``data`` on a socket (in a thread: the server may answer before reading it
    all) and read the first response."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)

    def send() -> None:
        try:
            sock.sendall(data)
        except OSError:  # the server answered and closed: its answer is what counts
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    received = b""
    try:
        while (reply := parse(received)) is None:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except OSError:
        pass
    finally:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
        sender.join(10)
    reply = parse(received, eof=True)
    assert reply is not None, f"no complete response, got {received[:300]!r}"
    return reply


def parse(data: bytes, eof: bool = False) -> Reply | None:
    """The response in ``data``, or None if it is not all there yet (``eof``: it ended)."""
    head, found, body = data.partition(b"\r\n\r\n")
    if not found:
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, text = line.partition(":")
        headers[name.strip().lower()] = text.strip()
    if headers.get("transfer-encoding") == "chunked":
        whole = b""
        while (end := body.find(b"\r\n")) >= 0 and (size := int(body[:end], 16)):
            whole, body = whole + body[end + 2:end + 2 + size], body[end + 4 + size:]
        if end < 0:
            return None
        body = whole
    elif "content-length" in headers:
        if len(body) < int(headers["content-length"]):
            return None
        body = body[:int(headers["content-length"])]
    elif not eof:
        return None
    return Reply(int(lines[0].split()[1]), headers, body)


def send(case: Case, servers: Servers) -> Reply:
    base = servers.keyed if case.keyed else servers.open
    port = servers.keyed_port if case.keyed else servers.open_port
    tiny = str(servers.tiny)
    if case.raw is not None:
        return exchange(port, case.raw)
    content: Any = (case.body or b"").replace(b"{tiny}", json.dumps(tiny)[1:-1].encode())
    if case.size:
        content = b'{"model": "x", "messages": [{"role": "user", "content": "' + (
            b"a" * case.size) + b'"}]}'
        if case.chunked:
            whole = content
            content = (whole[i:i + 65536] for i in range(0, len(whole), 65536))
    path = case.path.replace("{tiny}", quote(tiny, safe=""))
    with httpx.Client(base_url=base.removesuffix("/v1"), timeout=15) as client:
        answer = client.request(case.method, path, content=content if (
            case.body is not None or case.size) else None, headers=dict(case.headers))
    return Reply(answer.status_code, {k.lower(): v for k, v in answer.headers.items()},
                 answer.content)


def check_error(reply: Reply, status: int, code: str | None) -> dict[str, Any]:
    """``reply`` is an OpenAI error object with ``status``: JSON, 4xx, no traceback."""
    text = reply.body.decode("utf-8", "replace")
    assert reply.status == status, (reply.status, text[:500])
    assert 400 <= reply.status < 500
    assert "Traceback" not in text and 'File "' not in text
    assert reply.headers.get("content-type", "").startswith("application/json"), reply.headers
    error = json.loads(reply.body)["error"]
    assert set(json.loads(reply.body)) == {"error"}
    assert set(error) == {"message", "type", "param", "code"}
    assert isinstance(error["message"], str) and error["message"].isprintable()
    assert isinstance(error["type"], str) and error["type"]
    assert error["param"] is None or isinstance(error["param"], str)
    assert code is None or error["code"] == code, error
    assert len(reply.body) < 2000, "an error echoes at most a little of the request"
    return dict(error)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_request_gets_a_json_4xx(case: Case, servers: Servers,
                                         caplog: pytest.LogCaptureFixture) -> None:
    reply = send(case, servers)
    check_error(reply, case.status, case.code)
    assert "*" not in reply.headers.get("access-control-allow-origin", "")
    if case.status == 403:
        assert "access-control-allow-origin" not in reply.headers
    assert not complaints(caplog.records)
    SEEN.add(case.name)


def test_allowed_origin_preflight_is_answered_with_exactly_it(servers: Servers) -> None:
    with httpx.Client(base_url=servers.open.removesuffix("/v1"), timeout=15) as client:
        preflight = client.options("/v1/chat/completions", headers={
            "Origin": ALLOWED, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        listed = client.get("/v1/models", headers={"Origin": ALLOWED})
    assert preflight.status_code == 204, preflight.text
    assert preflight.headers["access-control-allow-origin"] == ALLOWED
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert "Origin" in preflight.headers["vary"]
    assert listed.status_code == 200 and listed.headers["access-control-allow-origin"] == ALLOWED
    assert MODEL in [m["id"] for m in listed.json()["data"]]


def test_keyed_server_takes_its_key(servers: Servers) -> None:
    """The 401s of the battery are for the key's absence or error, not for everything."""
    with httpx.Client(base_url=servers.keyed.removesuffix("/v1"), timeout=15) as client:
        listed = client.get("/v1/models", headers={"Authorization": f"Bearer {KEY}"})
        health = client.get("/health")
    assert listed.status_code == 200 and MODEL in [m["id"] for m in listed.json()["data"]]
    assert health.status_code == 200


@pytest.mark.parametrize("keep_alive", [False, True], ids=["close", "keep-alive"])
def test_slow_body_gets_408_and_loses_its_connection(servers: Servers, keep_alive: bool,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """Slowloris: a body sent a byte at a time is cut off at the body deadline (2 s here)."""
    sock = socket.create_connection(("127.0.0.1", servers.open_port), timeout=10)
    sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                 b"application/json\r\nContent-Length: 1000\r\n"
                 + (b"" if keep_alive else b"Connection: close\r\n") + b"\r\n{")
    sock.setblocking(False)
    started, received, closed = time.monotonic(), b"", False
    while time.monotonic() - started < 8 and not closed:
        try:
            sock.send(b" ")
        except OSError:
            pass
        time.sleep(0.1)
        try:
            while chunk := sock.recv(65536):
                received += chunk
            closed = True  # recv gave b"": the server closed the connection
        except BlockingIOError:
            pass
        except OSError:
            closed = True
    sock.close()
    reply = parse(received)
    assert reply is not None, received
    check_error(reply, 408, "request_timeout")
    assert 1.9 < time.monotonic() - started < 6
    assert closed, "the connection of a too slow client is closed after the 408"
    assert not complaints(caplog.records)


def test_default_size_limit_is_8_mb_exactly(servers: Servers) -> None:
    """The open server keeps BodyLimits' default size: 8 MB passes, a byte more is 413."""
    assert BodyLimits().max_bytes == 8 << 20 and BodyLimits().seconds == 10
    start, end = b'{"model": "x", "messages": [{"role": "user", "content": "', b'"}]}'
    with httpx.Client(base_url=servers.open.removesuffix("/v1"), timeout=15) as client:
        for size, status in ((8 << 20, 404), ((8 << 20) + 1, 413)):
            body = start + b"a" * (size - len(start) - len(end)) + end
            answer = client.post("/v1/chat/completions", content=body,
                                 headers={"Content-Type": "application/json"})
            check_error(Reply(answer.status_code, dict(answer.headers), answer.content),
                        status, "model_not_found" if status == 404 else "request_too_large")


async def _through_guard(scope: dict[str, Any]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def app(_scope: Any, _receive: Any, _send: Any) -> None:
        raise AssertionError("the request went past the guard")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    rules = GuardRules("127.0.0.1", key=lambda: "k", key_required=lambda: True)
    await Guard(app, rules)(scope, receive, send)
    return sent


def test_guard_refuses_what_h11_lets_through_elsewhere() -> None:
    """Checks that do not rely on uvicorn's parser: a WebSocket (uvicorn would accept one
    if the ``websockets`` package were installed) is closed before anything sees it, and
    two Host headers are refused whatever their order (h11 refuses them first today)."""
    base = {"path": "/v1/models", "raw_path": b"/v1/models", "query_string": b"",
            "root_path": "", "scheme": "http", "http_version": "1.1", "server": None,
            "client": None}
    closed = asyncio.run(_through_guard({**base, "type": "websocket", "headers": [
        (b"host", b"127.0.0.1"), (b"origin", b"https://evil.com")]}))
    assert closed == [{"type": "websocket.close", "code": 1008}]
    for hosts in ([b"127.0.0.1", b"evil.com"], [b"evil.com", b"127.0.0.1"]):
        sent = asyncio.run(_through_guard({**base, "type": "http", "method": "GET", "headers": [
            (b"host", h) for h in hosts]}))
        assert sent[0]["status"] == 400
        assert json.loads(sent[1]["body"])["error"]["code"] == "invalid_headers"


def test_zz_after_the_battery_a_normal_request_is_answered_as_before(
        servers: Servers) -> None:
    """Last in the module: every case of the battery ran, nothing was logged for them,
    and the server answers as it did before them, word for word."""
    names = {case.name for case in CASES}
    assert len(names) == len(CASES) >= 100
    assert SEEN == names, f"run the whole module; not run or failed: {sorted(names - SEEN)}"
    answer = ask(servers.open)
    choice = answer.choices[0]
    assert choice.finish_reason in ("length", "stop")
    assert choice.message.content and choice.message.content == servers.first_answer
    assert answer.usage is not None and 0 < answer.usage.completion_tokens <= 8
    with httpx.Client(timeout=15) as client:
        health = client.get(servers.open.removesuffix("/v1") + "/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert not complaints(servers.log.records)
    chatter = [r for r in servers.log.records if r.name.startswith(SERVER_LOGGERS)]
    assert len(chatter) < 5, [r.getMessage() for r in chatter]  # never one per request


HTTP_GARBAGE = {
    "garbage-line": b"GARBAGE\r\n\r\n",
    "header-without-colon": b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n",
    "header-line-2mb": b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: " + b"a" * (2 << 20)
                       + b"\r\n\r\n",
    "50k-headers": b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-A: b\r\n" * 50_000
                   + b"\r\n",
    "two-host-headers": b"GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.com\r\n\r\n",
    "no-host-http11": b"GET /v1/models HTTP/1.1\r\n\r\n",
    "non-ascii-target": b"GET /v1/models/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "length-not-a-number": b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Length: abc\r\n\r\n",
    "length-twice": b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                    b"Content-Length: 3\r\n\r\n{}",
    "bad-chunk-size": b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                      b"chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "http-0.9": b"GET /health\r\n\r\n",
}
# A whole request, then garbage: that request is answered (its JSON 4xx), then refused.
AFTER_A_REQUEST = {
    # No length: the body is no body, and its 10 MB are read as the next request.
    "body-10mb-without-length": b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                b"Content-Type: application/json\r\n\r\n{" + b" " * (10 << 20),
    "garbage-after-a-closing-request": b"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
        b"{}GARBAGE\r\n\r\n",
}


@pytest.mark.parametrize("data", AFTER_A_REQUEST.values(), ids=AFTER_A_REQUEST.keys())
def test_garbage_after_a_request_is_refused_after_its_answer(
        servers: Servers, data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    check_error(exchange(servers.open_port, data), 400, None)
    time.sleep(0.2)
    assert not complaints(caplog.records)


@pytest.mark.parametrize("data", HTTP_GARBAGE.values(), ids=HTTP_GARBAGE.keys())
def test_http_garbage_gets_a_json_400_without_a_log(servers: Servers, data: bytes,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """What h11 cannot parse never reaches the app: the protocol itself refuses it."""
    check_error(exchange(servers.open_port, data), 400, "invalid_http")
    time.sleep(0.1)  # an answer the app might still try to send
    assert not complaints(caplog.records)


def test_malformed_chunk_after_a_413_logs_nothing(servers: Servers,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A chunked body past 8 MB is refused at once; its malformed rest must not make h11
    raise inside uvicorn (asyncio logged "Fatal error: protocol.data_received()")."""
    chunk = b"%x\r\n" % MB + b"a" * MB + b"\r\n"
    reply = exchange(servers.open_port, b"POST /v1/chat/completions HTTP/1.1\r\nHost: "
                     b"127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                     b"chunked\r\n\r\n" + chunk * 9 + b"zz\r\n\r\n")
    check_error(reply, 413, "request_too_large")
    time.sleep(0.3)
    assert not complaints(caplog.records)


def trickle(port: int, head: bytes, seconds: float = 8.0) -> tuple[bytes, float]:
    """Send ``head``, then a byte every 0.2 s (none if ``head`` is empty) until the server
    closes the connection; what it said, and when it closed (``seconds`` if it did not)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head)
    sock.setblocking(False)
    started, received = time.monotonic(), b""
    try:
        while time.monotonic() - started < seconds:
            time.sleep(0.2)
            try:
                if head:
                    sock.send(b"X")
                if not (chunk := sock.recv(65536)):
                    break
                received += chunk
            except BlockingIOError:
                continue
            except OSError:
                break
    finally:
        sock.close()
    return received, time.monotonic() - started


def test_slow_or_missing_heads_lose_their_connection(servers: Servers) -> None:
    """Slowloris on the head: a header a byte at a time, nothing at all, or the rest of a
    refused body a byte at a time, is cut off at the deadline (2 s here) instead of
    holding a connection for ever (they are tried at once, as an attacker would)."""
    heads = {"header": b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "nothing": b"",
             "refused-body": b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 20000000"
                             b"\r\n\r\n{"}
    results: dict[str, tuple[bytes, float]] = {}
    threads = [threading.Thread(target=lambda n=name, h=head: results.update(
        {n: trickle(servers.open_port, h)})) for name, head in heads.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert all(1.5 < seconds < 5 for _, seconds in results.values()), results
    check_error(parse(results["header"][0], eof=True) or Reply(0, {}, b""), 408,
                "request_timeout")
    assert results["nothing"][0] == b""  # it never asked anything: nothing is said
    check_error(parse(results["refused-body"][0]) or Reply(0, {}, b""), 413,
                "request_too_large")


def test_client_leaving_mid_body_logs_nothing(servers: Servers,
                                              caplog: pytest.LogCaptureFixture) -> None:
    for tail in (b"", b"\r\n"):
        sock = socket.create_connection(("127.0.0.1", servers.open_port), timeout=10)
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     b"application/json\r\nContent-Length: 100\r\n\r\n{\"model" + tail)
        time.sleep(0.2)
        sock.close()
    time.sleep(0.5)  # the server notices on its own thread
    assert not complaints(caplog.records)


@pytest.mark.parametrize("path", ["/v1/chat/completions/", "/v1/completions/", "/health/"])
def test_trailing_slash_is_an_unknown_path_not_a_redirect(servers: Servers, path: str) -> None:
    with httpx.Client(base_url=servers.open.removesuffix("/v1"), timeout=15) as client:
        answer = client.request("POST" if "chat" in path else "GET", path,
                                content=b"{}", headers={"Content-Type": "application/json"})
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.headers)
    check_error(Reply(answer.status_code, dict(answer.headers), answer.content),
                answer.status_code, None)
