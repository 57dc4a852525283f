"""The API's endpoints on Starlette: models, chat completions, completions, health.

Each handler reads its body itself — JSON only, at most :attr:`BodyLimits.max_bytes`,
within :attr:`BodyLimits.seconds` (a body sent a byte at a time is cut off with 408) —
validates it (:mod:`app.server.schemas`), and hands the work to
:class:`app.core.api_service.ApiService`.  Text comes back from the model thread through
an asyncio queue; a stream is sent as server-sent events in the OpenAI API's chunks, and
a client that goes away stops its answer (the engine stops after the token under way).
Every failure is an OpenAI error object; an unforeseen one is logged once, with its
traceback, and the client gets a plain 500 without it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sse_starlette import EventSourceResponse
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from app.core.api_service import ApiAnswer, ApiCall, ApiError, ApiService, ServedModel
from app.core.engine_types import ContextOverflowError, EngineError
from app.core.text_batcher import TextBatcher
from app.server.errors import api_error_response, error_body, error_response, validation_error
from app.server.guard import Guard, GuardRules
from app.server.schemas import ChatCompletionRequest, CompletionRequest

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
_DONE = object()


@dataclass(frozen=True)
class BodyLimits:
    """How big a request body may be, and how long it may take to arrive."""

    max_bytes: int = 8 << 20
    seconds: float = 10.0


def _engine_error(error: Exception) -> ApiError:
    if isinstance(error, ApiError):
        return error
    if isinstance(error, ContextOverflowError):
        return ApiError(400, f"The prompt needs {error.prompt_tokens:,} tokens but the "
                             f"model's context holds {error.n_ctx:,}. Send less, or raise the "
                             "model's context length in Fireside's settings.",
                        code="context_length_exceeded", param=None)
    if isinstance(error, EngineError):
        return ApiError(500, str(error.text), kind="server_error", code="model_error")
    log.error("an API request failed", exc_info=error)
    return ApiError(500, "The server failed while answering; the details are in Fireside's "
                         "log.", kind="server_error")


async def _read_body(request: Request, limits: BodyLimits) -> bytes:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "The body must be JSON, sent with 'Content-Type: application/json'.",
                       code="unsupported_media_type")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limits.max_bytes):
        raise ApiError(413, f"The body is larger than {limits.max_bytes >> 20} MB.",
                       code="request_too_large")

    async def read() -> bytes:
        parts, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limits.max_bytes:
                    raise ApiError(413, f"The body is larger than {limits.max_bytes >> 20} "
                                        "MB.", code="request_too_large")
                parts.append(chunk)
        except ClientDisconnect:
            raise ApiError(400, "The client closed the connection before its body arrived.",
                           code="client_disconnected") from None
        return b"".join(parts)

    try:
        return await asyncio.wait_for(read(), limits.seconds)
    except TimeoutError:
        raise ApiError(408, "The body did not arrive in time.", code="request_timeout") from None


async def _parse(request: Request, limits: BodyLimits, schema: type[M]) -> M:
    body = await _read_body(request, limits)
    try:
        return schema.model_validate_json(body)
    except ValidationError as exc:
        raise validation_error(exc) from None


def _handled(handler: Callable[[Request], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
    """Turn every failure of ``handler`` into an OpenAI error response."""
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as exc:
            return api_error_response(_engine_error(exc))
    return run


def _model_object(model: ServedModel) -> dict[str, Any]:
    return {"id": model.id, "object": "model", "created": model.created,
            "owned_by": model.owned_by}


def _usage(answer: ApiAnswer) -> dict[str, int]:
    return {"prompt_tokens": answer.prompt_tokens, "completion_tokens": answer.completion_tokens,
            "total_tokens": answer.prompt_tokens + answer.completion_tokens}


class _Exchange:
    """One request's answer in the OpenAI API's words (chat or plain completion)."""

    def __init__(self, model: ServedModel, chat: bool) -> None:
        self.model = model
        self.chat = chat
        self.id = ("chatcmpl-" if chat else "cmpl-") + uuid.uuid4().hex
        self.created = int(time.time())

    def _frame(self, choices: list[dict[str, Any]], chunk: bool) -> dict[str, Any]:
        kind = ("chat.completion" if self.chat else "text_completion") + (
            ".chunk" if chunk and self.chat else "")
        return {"id": self.id, "object": kind, "created": self.created, "model": self.model.id,
                "system_fingerprint": None, "choices": choices}

    def whole(self, answer: ApiAnswer) -> dict[str, Any]:
        if self.chat:
            choice: dict[str, Any] = {"index": 0, "message": {
                "role": "assistant", "content": answer.text, "refusal": None},
                "logprobs": None, "finish_reason": answer.finish_reason}
        else:
            choice = {"index": 0, "text": answer.text, "logprobs": None,
                      "finish_reason": answer.finish_reason}
        return {**self._frame([choice], False), "usage": _usage(answer)}

    def piece(self, text: str | None, finish: str | None = None,
              role: bool = False) -> dict[str, Any]:
        if self.chat:
            delta: dict[str, Any] = {}
            if role:
                delta["role"] = "assistant"
            if text is not None:
                delta["content"] = text
            choice: dict[str, Any] = {"index": 0, "delta": delta, "logprobs": None,
                                      "finish_reason": finish}
        else:
            choice = {"index": 0, "text": text or "", "logprobs": None, "finish_reason": finish}
        return self._frame([choice], True)

    def usage(self, answer: ApiAnswer) -> dict[str, Any]:
        return {**self._frame([], True), "usage": _usage(answer)}


async def _wait_disconnect(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass


class Handlers:
    """The endpoints, over one :class:`ApiService`."""

    def __init__(self, service: ApiService, limits: BodyLimits) -> None:
        self.service = service
        self.limits = limits

    async def health(self, _request: Request) -> Response:
        return JSONResponse({"status": "ok", "requests": self.service.in_flight})

    async def list_models(self, _request: Request) -> Response:
        models = await asyncio.to_thread(self.service.models)
        return JSONResponse({"object": "list", "data": [_model_object(m) for m in models]})

    async def get_model(self, request: Request) -> Response:
        model_id = request.path_params["model_id"]
        model = await asyncio.to_thread(self.service.model, model_id)
        return JSONResponse(_model_object(model))

    async def chat(self, request: Request) -> Response:
        body = await _parse(request, self.limits, ChatCompletionRequest)
        return await self._answer(request, body, body.chat_messages(), None)

    async def complete(self, request: Request) -> Response:
        body = await _parse(request, self.limits, CompletionRequest)
        return await self._answer(request, body, None, body.text())

    async def _answer(self, request: Request, body: ChatCompletionRequest | CompletionRequest,
                      messages: list[dict[str, str]] | None, prompt: str | None) -> Response:
        refusal = body.refusal()
        if refusal is not None:
            raise ApiError(400, refusal[1], param=refusal[0], code="unsupported_parameter")
        model = await asyncio.to_thread(self.service.model, body.model)
        overrides = body.overrides()
        if isinstance(body, CompletionRequest):
            overrides["max_tokens"] = min(body.limit(), int(overrides.get("max_tokens", 1 << 30)))
        call = ApiCall(model, messages=messages, prompt=prompt, overrides=overrides,
                       stop=body.stops())
        exchange = _Exchange(model, chat=messages is not None)
        self.service.admit()
        if not body.stream:
            return await self._whole(request, call, exchange)
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[object] = asyncio.Queue()

        def hand_over(item: object) -> None:
            try:
                loop.call_soon_threadsafe(pieces.put_nowait, item)
            except RuntimeError:  # the server stopped meanwhile: nobody reads it any more
                call.stop_event.set()

        batch = TextBatcher(hand_over, 0.05)  # a chunk per ~50 ms, the first one at once
        call.on_text = batch.add

        def done(_future: Future[ApiAnswer]) -> None:
            batch.flush()
            hand_over(_DONE)

        future = self.service.run(call)
        future.add_done_callback(done)
        return EventSourceResponse(self._stream(call, future, pieces, exchange,
                                                body.include_usage),
                                   ping=15, send_timeout=30)

    async def _whole(self, request: Request, call: ApiCall, exchange: _Exchange) -> Response:
        future = self.service.run(call)
        waiter: asyncio.Future[Any] = asyncio.wrap_future(future)
        watcher: asyncio.Future[Any] = asyncio.ensure_future(_wait_disconnect(request))
        done, _ = await asyncio.wait([waiter, watcher], return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:  # the client left: stop its answer, send nothing
            call.stop_event.set()
            future.cancel()
            return Response(status_code=499)
        watcher.cancel()
        answer = waiter.result()
        headers = {"X-Fireside-Load-Seconds": f"{answer.load_seconds:.2f}"} if (
            answer.load_seconds) else None
        return JSONResponse(exchange.whole(answer), headers=headers)

    async def _stream(self, call: ApiCall, future: Future[ApiAnswer],
                      pieces: asyncio.Queue[object], exchange: _Exchange,
                      include_usage: bool) -> AsyncIterator[str]:
        try:
            if exchange.chat:
                yield json.dumps(exchange.piece("", role=True))
            finished = False
            while not finished:
                parts = [await pieces.get()]
                while not pieces.empty():  # the client is slower than the model: send more
                    parts.append(pieces.get_nowait())
                finished = parts[-1] is _DONE
                text = "".join(p for p in parts if isinstance(p, str))
                if text:
                    yield json.dumps(exchange.piece(text))
            try:
                answer = future.result()
            except Exception as exc:
                error = _engine_error(exc)
                yield json.dumps(error_body(error.message, error.kind, error.code, error.param))
                return
            yield json.dumps(exchange.piece(None, answer.finish_reason))
            if include_usage:
                yield json.dumps(exchange.usage(answer))
            yield "[DONE]"
        finally:
            if not future.done():  # the client left: stop the answer
                call.stop_event.set()
                future.cancel()


async def _not_found(_request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return error_response(404, "Unknown path. This server offers /v1/models, "
                                   "/v1/chat/completions, /v1/completions and /health.",
                              code="unknown_url")
    if status == 405:
        return error_response(405, "This method is not allowed on this path.",
                              code="method_not_allowed")
    return error_response(status, "The request could not be handled.")


def create_app(service: ApiService, rules: GuardRules,
               limits: BodyLimits | None = None) -> ASGIApp:
    """The whole API: the guard in front of the endpoints."""
    handlers = Handlers(service, limits or BodyLimits())
    routes = [
        Route("/health", _handled(handlers.health), methods=["GET"]),
        Route("/v1/models", _handled(handlers.list_models), methods=["GET"]),
        Route("/v1/models/{model_id:path}", _handled(handlers.get_model), methods=["GET"]),
        Route("/v1/chat/completions", _handled(handlers.chat), methods=["POST"]),
        Route("/v1/completions", _handled(handlers.complete), methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _not_found})
    app.router.redirect_slashes = False  # "/health/" is an unknown path, not a redirect
    return Guard(app, rules)
