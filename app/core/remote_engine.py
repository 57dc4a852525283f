"""The remote engine: a chat reply from any OpenAI-compatible ``/v1/chat/completions``.

vLLM, llama.cpp's ``llama-server``, Ollama, LM Studio, llama-cpp-python's server and
OpenAI itself speak the same protocol; :class:`RemoteEngine` talks to them with
the official ``openai`` client (its streaming, timeouts and retries), and has the
same :meth:`~RemoteEngine.generate` as the local :class:`app.core.engine.Engine`.

How a reply is read.  The request and the stream are read on a daemon thread that
hands what arrives to :meth:`generate` through a queue; :meth:`generate` waits on
that queue in steps of :data:`POLL` seconds, so it notices Stop (and a server that
stopped sending) at once even while no byte arrives.  Stop shuts the connection's
socket down, which wakes the reading thread and tells the server to stop; the
reply so far is kept.

Settings sent.  ``temperature``, ``top_p``, ``max_tokens`` and ``seed`` (when >= 0)
are standard.  ``top_k``, ``min_p`` and ``repeat_penalty`` are not, but
llama.cpp's server, llama-cpp-python's, LM Studio and vLLM read them (vLLM reads
the first two) and Ollama ignores what it does not know, so they are sent in the
request body — except to OpenAI's own API (``api.openai.com``), which refuses
unknown parameters.  Any other server that refuses one of them (HTTP 400/422
naming it) gets the request again without it, and this engine remembers that.
A server that wants ``max_completion_tokens`` instead of ``max_tokens`` (OpenAI's
newer models) is handled the same way.  ``stream_options.include_usage`` asks for
the server's own token counts; without them the pieces of text are counted.

Every failure raises :class:`~app.core.remote_client.RemoteError` (an
:class:`~app.core.engine.EngineError`) whose text names what happened and the host;
what reached ``on_text`` before it is the partial reply (also in
:attr:`RemoteError.partial`).  The client and the wording of failures are in
:mod:`app.core.remote_client`.
"""

from __future__ import annotations

import json
import logging
import queue
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.core.engine import GenerationResult
from app.core.generation import GenerationSettings
from app.core.reasoning import CLOSE as THINK_CLOSE
from app.core.reasoning import OPEN as THINK_OPEN
from app.core.remote_client import (
    RemoteError,
    make_client,
    remote_error,
    request_headers,
    require_remote,
)
from app.core.texts import tr

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

POLL = 0.05  # seconds between looks at Stop while waiting for the server
STRICT_HOSTS = ("api.openai.com",)  # refuse parameters they do not know
EXTRA_SAMPLING = ("top_k", "min_p", "repeat_penalty")
# Sent when the server may take them; dropped one by one if a server refuses them.
OPTIONAL = (*EXTRA_SAMPLING, "seed", "stream_options", "top_p", "temperature")

__all__ = ["RemoteEngine", "RemoteError"]


# -- reading a stream ----------------------------------------------------------------------
@dataclass(frozen=True)
class _Piece:
    """What one chunk of the stream carried."""

    text: str
    reasoning: str
    finish: str | None
    usage: tuple[int, int, int] | None  # prompt, completion, cached prompt tokens
    is_chat: bool  # it had a choice (or usage): a chat chunk, not something else


def _piece(chunk: Any) -> _Piece:
    choices = getattr(chunk, "choices", None) or []
    text = reasoning = ""
    finish = None
    if choices:
        choice = choices[0]
        delta = getattr(choice, "delta", None)
        content = getattr(delta, "content", None)
        text = content if isinstance(content, str) else ""
        thought = getattr(delta, "reasoning_content", None) or getattr(delta, "reasoning", None)
        reasoning = thought if isinstance(thought, str) else ""
        reason = getattr(choice, "finish_reason", None)
        finish = reason if isinstance(reason, str) else None
    usage = None
    raw = getattr(chunk, "usage", None)
    if raw is not None and isinstance(getattr(raw, "completion_tokens", None), int):
        details = getattr(raw, "prompt_tokens_details", None)
        cached = getattr(details, "cached_tokens", None)
        usage = (int(getattr(raw, "prompt_tokens", 0) or 0), int(raw.completion_tokens),
                 cached if isinstance(cached, int) else 0)
    return _Piece(text, reasoning, finish, usage, bool(choices) or usage is not None)


_END = object()


class _StreamCall:
    """One request, made and read on a daemon thread; what arrives goes to :attr:`events`.

    Events: a :class:`_Piece`, an exception, or ``_END``.  :meth:`cancel` may be
    called from any thread and returns at once.
    """

    def __init__(self, open_stream: Callable[[], Any]) -> None:
        self.events: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._open = open_stream
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._stream: Any = None
        self.over = False  # the thread handed over its end or its error: nothing to cancel

    def start(self) -> None:
        threading.Thread(target=self._run, name="fireside-remote", daemon=True).start()

    def _run(self) -> None:
        stream: Any = None
        try:
            stream = self._open()
            with self._lock:
                self._stream = stream
            if self._cancelled.is_set():
                return
            for chunk in stream:
                if self._cancelled.is_set():
                    return
                self.events.put(_piece(chunk))
            self.events.put(_END)
        except BaseException as exc:  # handed over: the caller decides what it means
            if not self._cancelled.is_set():
                self.events.put(exc)
        finally:
            if stream is not None:
                try:
                    stream.close()
                except Exception:  # the socket is already shut down
                    pass

    def cancel(self) -> None:
        """Stop reading: shut the connection down (the server sees the client leave)."""
        self._cancelled.set()
        with self._lock:
            stream = self._stream
        if stream is None:
            return  # still connecting: the thread closes it when it gets it
        sock = None
        try:
            network = stream.response.extensions.get("network_stream")
            sock = network.get_extra_info("socket") if network is not None else None
        except Exception:
            sock = None
        if isinstance(sock, socket.socket):
            try:  # the plain socket's shutdown: leaves a TLS object to its own thread
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
                return
            except OSError:
                return  # already closed
        # No socket to shut down: close on another thread, never blocking the caller.
        threading.Thread(target=stream.close, daemon=True).start()


# -- the engine ------------------------------------------------------------------------------
class RemoteEngine:
    """Chats with one model on one OpenAI-compatible server.

    Unlike :class:`app.core.engine.Engine`, :meth:`generate` may run on several threads
    at once (a reply and a title request): each call has its own stream, and the
    ``openai`` client's connection pool is shared safely.

    Args:
        base_url: the API's base, e.g. ``http://127.0.0.1:8080/v1``.
        model: the model's id on that server.
        api_key: the key to send (None: no Authorization header).
        label: how messages name it (``NAME/MODEL``); the host by default.
        connect_timeout: seconds to connect.
        first_chunk_timeout: seconds to wait for the reply to start (a long prompt on
            a slow server takes a while).
        idle_timeout: seconds without a byte, once the reply has started, before it
            counts as a server that stopped sending.
        max_retries: how often the ``openai`` client retries a failed request.
    """

    def __init__(self, base_url: str, model: str, api_key: str | None = None, *,
                 label: str | None = None, connect_timeout: float = 10.0,
                 first_chunk_timeout: float = 300.0, idle_timeout: float = 60.0,
                 max_retries: int = 1) -> None:
        self.base_url = base_url
        self.model = model
        self.host = urlsplit(base_url).netloc.rpartition("@")[2] or base_url
        self.label = label or f"{self.host}/{model}"
        self.first_chunk_timeout = first_chunk_timeout
        self.idle_timeout = idle_timeout
        self._key = api_key
        strict = (urlsplit(base_url).hostname or "") in STRICT_HOSTS
        self._refused: set[str] = set(EXTRA_SAMPLING) if strict else set()
        self._client = make_client(base_url, api_key, connect_timeout=connect_timeout,
                                   read_timeout=max(first_chunk_timeout, idle_timeout) + 30,
                                   max_retries=max_retries)

    # The local engine's other methods, so a caller may hold either kind.
    loaded = True
    info = None
    cached_tokens = 0

    def prefill(self, messages: Sequence[dict[str, str]], chat_key: str | None = None) -> int:
        """Nothing to evaluate ahead: the server keeps its own cache."""
        return 0

    def unload(self) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections (a stream in progress is cut)."""
        self._client.close()

    def __repr__(self) -> str:  # never the key
        return f"RemoteEngine({self.base_url!r}, {self.model!r})"

    # -- the request ----------------------------------------------------------------------
    def request_params(self, messages: Sequence[dict[str, str]],
                       settings: GenerationSettings) -> dict[str, Any]:
        """The body of the chat request (without what this server refused)."""
        params: dict[str, Any] = {
            "temperature": settings.temperature, "top_p": settings.top_p,
            "stream_options": {"include_usage": True}}
        if settings.seed >= 0:
            params["seed"] = settings.seed
        params.update(top_k=settings.top_k, min_p=settings.min_p,
                      repeat_penalty=settings.repeat_penalty)
        limit = "max_completion_tokens" if "max_tokens" in self._refused else "max_tokens"
        params[limit] = settings.max_tokens
        params = {k: v for k, v in params.items() if k not in self._refused}
        return {"model": self.model, "messages": [dict(m) for m in messages], "stream": True,
                **params}

    def _open_stream(self, messages: Sequence[dict[str, str]],
                     settings: GenerationSettings) -> Any:
        """Send the request; a server that refuses an optional parameter gets it again
        without that parameter (at most three times)."""
        import openai

        for _ in range(4):
            body = self.request_params(messages, settings)
            standard = {k: body.pop(k) for k in ("model", "messages", "stream")}
            extra = {k: body.pop(k) for k in EXTRA_SAMPLING if k in body}
            try:
                return self._client.chat.completions.create(
                    **standard, **body, extra_body=extra or None,
                    extra_headers=request_headers(self._key))
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                refused = self._refused_parameters(exc, {*body, *extra})
                if not refused:
                    raise
                log.info("%s refused %s; asking again without", self.host, sorted(refused))
                self._refused |= refused
        raise RemoteError(tr("{host} refused every form of the request.", host=self.host),
                          "rejected", self.host)

    @staticmethod
    def _refused_parameters(exc: openai.APIStatusError, sent: set[str]) -> set[str]:
        words = f"{exc.message} {json.dumps(exc.body, default=str)}".casefold()
        names = {n for n in (*OPTIONAL, "max_tokens") if n in sent and n in words}
        if "max_completion_tokens" in sent:
            names.discard("max_tokens")
        return names

    # -- generate -----------------------------------------------------------------------
    def generate(self, messages: Sequence[dict[str, str]], settings: GenerationSettings,
                 on_text: Callable[[str], None] | None = None,
                 stop_event: threading.Event | None = None,
                 chat_key: str | None = None) -> GenerationResult:
        """Generate a reply to ``messages``, streaming text pieces to ``on_text``.

        Returns when the server ends the reply, at ``max_tokens``, or within
        :data:`POLL` seconds of ``stop_event`` being set.  ``chat_key`` is unused
        (the server keeps its own cache).  Raises :class:`RemoteError` (kind
        ``"offline"`` in offline mode, before any connection).
        """
        require_remote(tr("the remote model {model} at {host}", model=self.label,
                          host=self.host), self.host)
        started = time.perf_counter()
        reading = _Reading(on_text, [])
        if stop_event is not None and stop_event.is_set():
            return reading.result("stopped", started)
        call = _StreamCall(lambda: self._open_stream(messages, settings))
        call.start()
        try:
            return self._read(call, reading, stop_event, started)
        except BaseException:
            if not call.over:  # stalled, or on_text failed: the stream goes too
                call.cancel()
            raise

    def _read(self, call: _StreamCall, reading: _Reading, stop_event: threading.Event | None,
              started: float) -> GenerationResult:
        """Take what ``call`` hands over until the reply ends, fails, stalls or is stopped."""
        last = started
        while True:
            if stop_event is not None and stop_event.is_set():
                call.cancel()
                return reading.result("stopped", started)
            limit = self.idle_timeout if reading.counted else self.first_chunk_timeout
            wait = last + limit - time.perf_counter()
            if wait <= 0:
                raise self._failed(reading, RemoteError(
                    tr("{host} stopped sending: nothing arrived for {seconds:g} s.",
                       host=self.host, seconds=limit) if reading.counted else
                    tr("{host} did not start answering within {seconds:g} s.",
                       host=self.host, seconds=limit), "idle", self.host))
            try:
                event = call.events.get(timeout=min(POLL, wait))
            except queue.Empty:
                continue
            last = time.perf_counter()
            if isinstance(event, _Piece):
                reading.take(event, last)
                continue
            call.over = True  # the reading thread is done (its connection may be reused)
            if event is _END:
                return self._ended(reading, started)
            if isinstance(event, BaseException):
                raise self._failed(reading, remote_error(
                    event, self.host, self._key, base_url=self.base_url, model=self.model,
                    started=reading.any_chunk))

    def _ended(self, reading: _Reading, started: float) -> GenerationResult:
        if reading.finish is None:
            if not reading.any_chunk:
                raise self._failed(reading, RemoteError(tr(
                    "{host} answered, but not with a chat reply. Check the base URL: it "
                    "should point at an OpenAI-compatible API (it usually ends in /v1).",
                    host=self.host), "not_api", self.host))
            raise self._failed(reading, RemoteError(tr(
                "The connection to {host} was cut in the middle of the reply.",
                host=self.host), "cut", self.host))
        finish = "length" if reading.finish == "length" else "stop"
        return reading.result(finish, started)

    @staticmethod
    def _failed(reading: _Reading, error: RemoteError) -> RemoteError:
        error.partial = "".join(reading.pieces)
        return error


class _Reading:
    """The reply as it arrives: text for ``on_text``, counts and times."""

    def __init__(self, on_text: Callable[[str], None] | None, pieces: list[str]) -> None:
        self.on_text = on_text
        self.pieces = pieces
        self.any_chunk = False
        self.finish: str | None = None
        self.usage: tuple[int, int, int] | None = None
        self.counted = 0
        self.first_at = 0.0
        self.last_at = 0.0
        self.thinking = False

    def _emit(self, text: str) -> None:
        self.pieces.append(text)
        if self.on_text is not None:
            self.on_text(text)

    def take(self, piece: _Piece, now: float) -> None:
        self.any_chunk = self.any_chunk or piece.is_chat
        if piece.reasoning:
            self._count(now)
            if not self.thinking:  # thinking shows as the <think> block local models write
                self.thinking = True
                self._emit(THINK_OPEN + "\n")
            self._emit(piece.reasoning)
        if piece.text:
            self._count(now)
            self.close_thinking()
            self._emit(piece.text)
        if piece.finish is not None:
            self.finish = piece.finish
        if piece.usage is not None:
            self.usage = piece.usage

    def _count(self, now: float) -> None:
        if not self.counted:
            self.first_at = now
        self.counted += 1
        self.last_at = now

    def close_thinking(self) -> None:
        if self.thinking:
            self.thinking = False
            self._emit("\n" + THINK_CLOSE + "\n\n")

    def result(self, finish: str, started: float) -> GenerationResult:
        if finish != "stopped":  # a stopped reply may end inside its thinking
            self.close_thinking()
        prompt, completion, cached = self.usage or (0, self.counted, 0)
        completion = completion or self.counted
        span = self.last_at - self.first_at
        return GenerationResult(
            text="".join(self.pieces), finish_reason=finish, prompt_tokens=prompt,
            prompt_tokens_evaluated=max(0, prompt - cached), completion_tokens=completion,
            time_to_first_token=(self.first_at or time.perf_counter()) - started,
            tokens_per_second=(completion - 1) / span if completion > 1 and span > 0 else 0.0,
            llama_decode_tokens_per_second=0.0, n_ctx=0, dropped_messages=0)
