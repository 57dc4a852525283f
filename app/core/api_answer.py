"""One API request and its answer, in the API's words: :class:`ApiCall`, :class:`ApiAnswer`,
and :class:`Answering` — the part of answering that is the same for every engine.

:class:`Answering` applies the request's stop sequences to the text as it streams
(:class:`app.core.stop_strings.StopStrings`), saves the conversation as an "API" chat
(:mod:`app.core.api_chats`) if the user keeps them, and turns the engine's result into an
:class:`ApiAnswer` (``finish_reason`` "stop" or "length", token counts from llama.cpp).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from app.core.api_chats import ApiTurn
from app.core.engine_types import GenerationResult
from app.core.installed import InstalledModel
from app.core.providers import RemoteModel
from app.core.stop_strings import StopStrings

_FINISH = {"stop": "stop", "length": "length", "context": "length", "stopped": "stop"}


class ApiError(Exception):
    """A request the API refuses: an HTTP status and an OpenAI-style error.

    Attributes:
        status: the HTTP status.
        message: for the program (and its user), in English as the OpenAI API's are.
        kind: the error's ``type`` ("invalid_request_error", "authentication_error", …).
        code: the error's ``code`` ("model_not_found", …) or None.
        param: the request field at fault, or None.
        headers: extra response headers (``Retry-After``).
    """

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error",
                 code: str | None = None, param: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.code = code
        self.param = param
        self.headers = headers or {}


@dataclass(frozen=True)
class ServedModel:
    """A model the API offers: an installed file, or a shared provider's model."""

    id: str
    owned_by: str
    created: int
    local: InstalledModel | None = None
    remote: RemoteModel | None = None


@dataclass
class ApiCall:
    """One request to answer: chat ``messages``, or a plain ``prompt`` to continue.

    ``overrides`` are the request's sampling values (temperature, top_p, max_tokens,
    seed); everything else comes from the user's settings for that model.
    """

    model: ServedModel
    messages: list[dict[str, str]] | None = None
    prompt: str | None = None
    overrides: dict[str, float | int] = field(default_factory=dict)
    stop: list[str] = field(default_factory=list)
    on_text: Callable[[str], None] = lambda _text: None
    stop_event: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class ApiAnswer:
    """How a request was answered, in the API's words."""

    text: str
    finish_reason: str  # "stop" or "length"
    prompt_tokens: int
    completion_tokens: int
    load_seconds: float = 0.0
    cancelled: bool = False  # the client left before or while it was answered


class Answering:
    """One request being answered: its text passes through here on the engine's thread."""

    def __init__(self, call: ApiCall, record: ApiTurn | None) -> None:
        self.call = call
        self.record = record
        self._stops = StopStrings(call.stop, call.on_text, call.stop_event)

    @property
    def chat_key(self) -> str:
        """The KV state's key for a chat engine (the saved chat, or one for all API use)."""
        return f"api:{self.record.conversation_id}" if self.record is not None else "api"

    def on_text(self, piece: str) -> None:
        self._stops.add(piece)
        if self.record is not None:
            self.record.add_text(piece)

    def finish(self, result: GenerationResult, load_seconds: float = 0.0) -> ApiAnswer:
        self._stops.flush()
        matched = self._stops.matched
        text = self._stops.text if self.call.stop else result.text
        if self.record is not None:
            self.record.finish(result, text, "stop" if matched else result.finish_reason)
        finish = "stop" if matched else _FINISH.get(result.finish_reason, "stop")
        left = result.finish_reason == "stopped" and not matched
        return ApiAnswer(text, finish, result.prompt_tokens, result.completion_tokens,
                         load_seconds, cancelled=left)

    def fail(self) -> None:
        if self.record is not None:
            self.record.fail()
