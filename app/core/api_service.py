"""What the local API serves, without HTTP: :class:`ApiService`.

The HTTP adapter (:mod:`app.server`) validates a request, asks :meth:`ApiService.model`
for the model it names, :meth:`ApiService.admit` for a place in the queue, and
:meth:`ApiService.run` for the answer.  A local model's request is a job on the one
model thread (:class:`app.core.model_slot.ModelRunner`): it waits its turn behind the
window's replies and other requests, first come first served, loads the model it names
if another is loaded (the time that took is reported, not an error), and streams text
back through ``on_text`` from that thread.  A remote provider's model (only if the user
shares them) runs on a worker thread of its own, as in the window.

The service knows the OpenAI API's words (``finish_reason`` "stop" or "length", ``usage``)
but not its wire format.  Errors a client made are :class:`ApiError` with the HTTP status
and an English message for a program, as the OpenAI API's are.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from app.core.api_chats import ApiChats, ApiTurn
from app.core.engine_types import EngineError, GenerationResult
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel
from app.core.model_settings import reply_settings
from app.core.model_slot import LoadRequest, ModelRunner, ModelSlot
from app.core.providers import ProviderStore, RemoteModel, open_engine, remote_models
from app.core.remote_engine import RemoteEngine
from app.core.settings import Settings
from app.core.stop_strings import StopStrings

log = logging.getLogger(__name__)


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


_FINISH = {"stop": "stop", "length": "length", "context": "length", "stopped": "stop"}


class ApiService:
    """The models, the queue and the answers of the local API (Qt-free, thread-safe).

    Attributes:
        on_activity: told how many requests are in flight whenever that changes
            (from the thread where it changed).
    """

    def __init__(self, runner: ModelRunner, *, installed: Callable[[], list[InstalledModel]],
                 settings: Callable[[], Settings], providers: ProviderStore | None = None,
                 chats: ApiChats | None = None) -> None:
        self._runner = runner
        self._installed = installed
        self._settings = settings
        self._providers = providers
        self.chats = chats
        self._lock = threading.Lock()
        self._in_flight = 0
        self._recent_seconds = 5.0  # a running average of how long a request takes
        self._engines: dict[RemoteModel, RemoteEngine] = {}
        self.on_activity: Callable[[int], None] | None = None

    # -- models -------------------------------------------------------------
    def models(self) -> list[ServedModel]:
        """Installed models (and shared providers' models), in the picker's order."""
        served = [ServedModel(m.id, "fireside", self._created(m), local=m)
                  for m in self._installed()]
        if self._providers is not None and self._settings().api_server.share_remote:
            try:
                providers = self._providers.load()
            except Exception as exc:  # a damaged providers file: serve the local models
                log.warning("providers not offered: %s", exc)
                providers = []
            served += [ServedModel(r.ref, r.provider, 0, remote=r)
                       for r in remote_models(providers)]
        return served

    @staticmethod
    def _created(model: InstalledModel) -> int:
        try:
            return int(model.path.stat().st_mtime)
        except OSError:
            return 0

    def model(self, model_id: str) -> ServedModel:
        """The model ``model_id`` names; ApiError 404 (naming the ones there are) if none."""
        served = self.models()
        for model in served:
            if model.id == model_id:
                return model
        names = ", ".join(m.id for m in served) or "none (install one in Fireside)"
        raise ApiError(404, f"The model '{shown(model_id)}' does not exist here. Models: "
                            f"{names}.", code="model_not_found", param="model")

    # -- the queue ----------------------------------------------------------
    def admit(self) -> None:
        """Take a place in the queue, or ApiError 429 (with ``Retry-After``) if it is full.
        Every admitted request must be :meth:`run` (which gives the place back) or
        :meth:`release`-d."""
        depth = self._settings().api_server.queue_depth
        with self._lock:
            if self._in_flight > depth:  # one answering, ``depth`` waiting
                wait = max(1, min(600, math.ceil(self._recent_seconds * self._in_flight)))
                raise ApiError(429, f"{self._in_flight} requests are already waiting for the "
                                    "model; try again later.", kind="rate_limit_error",
                               code="queue_full", headers={"Retry-After": str(wait)})
            self._in_flight += 1
            count = self._in_flight
        self._tell(count)

    def release(self, seconds: float | None = None) -> None:
        with self._lock:
            self._in_flight -= 1
            count = self._in_flight
            if seconds is not None:
                self._recent_seconds = 0.8 * self._recent_seconds + 0.2 * seconds
        self._tell(count)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _tell(self, count: int) -> None:
        if self.on_activity is not None:
            self.on_activity(count)

    # -- answers --------------------------------------------------------------
    def run(self, call: ApiCall) -> Future[ApiAnswer]:
        """Answer an admitted ``call``; the future fails with ApiError (or EngineError)."""
        started = time.monotonic()
        if call.model.local is not None:
            local = call.model.local
            future = self._runner.submit(lambda slot: self._answer_local(slot, local, call))
        else:
            future = Future()
            threading.Thread(target=self._answer_remote, args=(call, future),
                             name="fireside-api-remote", daemon=True).start()
        future.add_done_callback(lambda _f: self.release(time.monotonic() - started))
        return future

    def _generation(self, model_id: str, call: ApiCall) -> GenerationSettings:
        base, _ = reply_settings(self._settings(), model_id, None)
        return base.model_copy(update=call.overrides)

    def _answer_local(self, slot: ModelSlot, model: InstalledModel,
                      call: ApiCall) -> ApiAnswer:
        if call.stop_event.is_set():  # the client left while it waited
            return ApiAnswer("", "stop", 0, 0, cancelled=True)
        settings = self._settings()
        load_seconds = slot.ensure(LoadRequest.for_model(settings, model),
                                   cancel=call.stop_event)
        generation = self._generation(model.id, call)
        engine = slot.engine

        def generate(on_text: Callable[[str], None], key: str) -> GenerationResult:
            if call.prompt is not None:
                return engine.complete(call.prompt, generation, on_text, call.stop_event, key)
            assert call.messages is not None
            return engine.generate(call.messages, generation, on_text, call.stop_event, key)

        return self._answer(call, model.id, generate, load_seconds)

    def _answer_remote(self, call: ApiCall, future: Future[ApiAnswer]) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            remote = call.model.remote
            assert remote is not None and self._providers is not None
            if call.prompt is not None:
                raise ApiError(400, "Completions are served for local models only; use "
                                    "/v1/chat/completions for a provider's model.", param="model")
            engine = self._engines.get(remote)
            if engine is None:
                engine = self._engines.setdefault(
                    remote, open_engine(remote, self._providers.secrets))
            generation = self._generation(remote.id, call)
            messages = call.messages or []
            answer = self._answer(call, remote.id, lambda on_text, key: engine.generate(
                messages, generation, on_text, call.stop_event, key), 0.0)
        except BaseException as exc:
            future.set_exception(exc)
        else:
            future.set_result(answer)

    def _answer(self, call: ApiCall, model_id: str,
                generate: Callable[[Callable[[str], None], str], GenerationResult],
                load_seconds: float) -> ApiAnswer:
        """Run ``generate`` with the stop sequences applied and the chat saved."""
        record = self._record(model_id, call)
        stops = StopStrings(call.stop, call.on_text, call.stop_event)

        def on_text(piece: str) -> None:
            stops.add(piece)
            if record is not None:
                record.add_text(piece)

        key = f"api:{record.conversation_id}" if record is not None else "api"
        try:
            result = generate(on_text, key)
        except BaseException:
            if record is not None:
                record.fail()
            raise
        stops.flush()
        text = stops.text if call.stop else result.text
        if record is not None:
            record.finish(result, text, "stop" if stops.matched else result.finish_reason)
        finish = "stop" if stops.matched else _FINISH.get(result.finish_reason, "stop")
        left = result.finish_reason == "stopped" and not stops.matched
        return ApiAnswer(text, finish, result.prompt_tokens, result.completion_tokens,
                         load_seconds, cancelled=left)

    def _record(self, model_id: str, call: ApiCall) -> ApiTurn | None:
        if self.chats is None or not self._settings().api_server.save_chats:
            return None
        messages = call.messages if call.messages is not None else [
            {"role": "user", "content": call.prompt or ""}]
        return self.chats.begin(model_id, messages)

    def close(self) -> None:
        """Close the remote engines' connections."""
        engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            engine.close()


def shown(text: str, limit: int = 80) -> str:
    """A client's value as it may appear in a message: printable, and not too long."""
    clean = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return clean[:limit] + ("…" if len(clean) > limit else "")


__all__ = ["ApiAnswer", "ApiCall", "ApiError", "ApiService", "EngineError", "ServedModel", "shown"]
