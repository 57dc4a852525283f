"""uvicorn's HTTP/1.1 protocol made safe for hostile clients: :class:`GuardedH11Protocol`.

uvicorn's own h11 protocol (``uvicorn.Config(http=GuardedH11Protocol)``), changed where a
client could make it log tracebacks, answer in plain text, or hold a connection forever:

1. A request h11 cannot parse gets an OpenAI error object as JSON (uvicorn sends plain
   text), and only if a response can still be sent.  uvicorn sent its 400 regardless:
   a malformed chunk arriving after the app had answered (a too big body) made h11 raise
   inside ``data_received``, and asyncio logged a traceback.
2. The app's answer to a request whose connection was refused that way is dropped (the
   app sees a disconnect) instead of failing in h11 ("Exception in ASGI application").
3. The head of a request (its line and headers) must arrive within :attr:`head_seconds`,
   on a new connection and between requests on a kept one, and so must the rest of a
   body the app answered without reading (a 413).  uvicorn waits forever: a client
   sending a header a byte at a time, or nothing, kept its connection, and
   ``limit_concurrency`` (256) of them made the server refuse everyone.
"""

from __future__ import annotations

import asyncio
import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.server.errors import error_body

HEAD_SECONDS = 10.0


def _error(message: str, code: str) -> bytes:
    return json.dumps(error_body(message, code=code)).encode()


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with JSON refusals, no tracebacks, and a deadline for heads.

    Attributes:
        head_seconds: how long a client may take to send a request's line and headers
            (or the rest of a body that was already answered, which uvicorn reads on).
    """

    head_seconds = HEAD_SECONDS
    _timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # its answer can no longer be sent: it is dropped
            cycle.message_event.set()
        body = _error("The request is not valid HTTP/1.1.", "invalid_http")
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"content-length", str(len(body)).encode())]
        try:
            output = self.conn.send(h11.Response(status_code=400, headers=headers,
                                                 reason=b"Bad Request"))
            output = (output or b"") + (self.conn.send(h11.Data(data=body)) or b"") + (
                self.conn.send(h11.EndOfMessage()) or b"")
        except h11.LocalProtocolError:  # a response was already sent, or is under way
            output = b""
        if output:
            self.transport.write(output)
        self.transport.close()

    def _waiting_on_client(self) -> bool:
        """Nothing is being answered: the client owes the head of a request, or the rest
        of a body that was answered already (refused as too big)."""
        if self.conn.their_state is h11.IDLE:
            return True
        return (self.cycle is not None and self.cycle.response_complete
                and self.conn.their_state is h11.SEND_BODY)

    def _watch(self) -> None:
        """Start the deadline when the client starts to owe something (not again for
        each byte it trickles), stop it when a request is being answered."""
        if self.transport.is_closing() or not self._waiting_on_client():
            self._stop_timer()
        elif self._timer is None:
            self._timer = self.loop.call_later(self.head_seconds, self._timed_out)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing() or not self._waiting_on_client():
            return
        started, _closed = self.conn.trailing_data
        if self.conn.their_state is h11.IDLE and started:  # part of a head: say why
            body = _error("The request's headers did not arrive in time.",
                          "request_timeout")
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: "
                                 b"application/json\r\nconnection: close\r\ncontent-length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
        self.transport.close()
