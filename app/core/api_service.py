"""What the local API serves, without HTTP: :class:`ApiService`.

The HTTP adapter (:mod:`app.server`) validates a request, asks :meth:`ApiService.model`
for the model it names, :meth:`ApiService.admit` for a place in the queue, and
:meth:`ApiService.run` for the answer.  Local models' requests run on the one model
thread (:class:`app.core.model_slot.ModelRunner`), several at once in one batch
(:mod:`app.core.api_batches`): they wait their turn behind the window's replies, first
come first served, load the model they name if another is loaded (the time that took is
reported, not an error), and stream text back through ``on_text`` from that thread.  A
remote provider's model (only if the user shares them) runs on a worker thread of its
own, as in the window.

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

from app.core.api_answer import Answering, ApiAnswer, ApiCall, ApiError, ServedModel
from app.core.api_batches import BatchSessions
from app.core.api_chats import ApiChats
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel
from app.core.model_settings import reply_settings
from app.core.model_slot import LoadRequest, ModelRunner
from app.core.parallel_context import API_SLOTS
from app.core.providers import ProviderStore, RemoteModel, open_engine, remote_models
from app.core.remote_engine import RemoteEngine
from app.core.settings import Settings

log = logging.getLogger(__name__)


class ApiService:
    """The models, the queue and the answers of the local API (Qt-free, thread-safe).

    Attributes:
        on_activity: told how many requests are in flight whenever that changes
            (from the thread where it changed).
    """

    def __init__(self, runner: ModelRunner, *, installed: Callable[[], list[InstalledModel]],
                 settings: Callable[[], Settings], providers: ProviderStore | None = None,
                 chats: ApiChats | None = None) -> None:
        self._installed = installed
        self._settings = settings
        self._providers = providers
        self.chats = chats
        self._lock = threading.Lock()
        self._in_flight = 0
        self._stops: set[threading.Event] = set()  # of the requests being answered
        self._recent_seconds = 5.0  # a running average of how long a request takes
        self._engines: dict[RemoteModel, RemoteEngine] = {}
        self._batches = BatchSessions(
            runner, begin=self._begin, generation=self._generation, load=self._load_request,
            capacity=lambda: API_SLOTS if self._settings().api_server.parallel else 1)
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
        """Take a place, or ApiError 429 (with ``Retry-After``) when :data:`API_SLOTS`
        requests are answering and ``queue_depth`` more are waiting.  Every admitted
        request must be :meth:`run` (which gives the place back) or :meth:`release`-d."""
        depth = self._settings().api_server.queue_depth
        with self._lock:
            if self._in_flight >= API_SLOTS + depth:
                wait = max(1, min(600, math.ceil(self._recent_seconds * self._in_flight
                                                 / API_SLOTS)))
                raise ApiError(429, f"{self._in_flight} requests are already being answered "
                                    "or waiting for the model; try again later.",
                               kind="rate_limit_error", code="queue_full",
                               headers={"Retry-After": str(wait)})
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
        with self._lock:
            self._stops.add(call.stop_event)
        if call.model.local is not None:
            future = self._batches.submit(call, call.model.local)
        else:
            future = Future()
            threading.Thread(target=self._answer_remote, args=(call, future),
                             name="fireside-api-remote", daemon=True).start()
        def done(_future: Future[ApiAnswer]) -> None:
            with self._lock:
                self._stops.discard(call.stop_event)
            self.release(time.monotonic() - started)

        future.add_done_callback(done)
        return future

    def stop_all(self, timeout: float = 5.0) -> bool:
        """Stop every answer under way and wait up to ``timeout`` for them to end."""
        with self._lock:
            stops = list(self._stops)
        for stop in stops:
            stop.set()
        deadline = time.monotonic() + timeout
        while self._in_flight > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        return self._in_flight == 0

    def _generation(self, model_id: str, call: ApiCall) -> GenerationSettings:
        base, _ = reply_settings(self._settings(), model_id, None)
        return base.model_copy(update=call.overrides)

    def _load_request(self, model: InstalledModel) -> LoadRequest:
        return LoadRequest.for_model(self._settings(), model)

    def _begin(self, call: ApiCall, model_id: str) -> Answering:
        """Start answering ``call``: its chat is saved now (if the user keeps them)."""
        record = None
        if self.chats is not None and self._settings().api_server.save_chats:
            messages = call.messages if call.messages is not None else [
                {"role": "user", "content": call.prompt or ""}]
            record = self.chats.begin(model_id, messages)
        return Answering(call, record)

    def _answer_remote(self, call: ApiCall, future: Future[ApiAnswer]) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            remote = call.model.remote
            assert remote is not None and self._providers is not None
            if call.prompt is not None:
                raise ApiError(400, "Completions are served for local models only; use "
                                    "/v1/chat/completions for a provider's model.", param="model")
            with self._lock:
                engine = self._engines.get(remote)
            if engine is None:
                made = open_engine(remote, self._providers.secrets)
                with self._lock:
                    engine = self._engines.setdefault(remote, made)
            answering = self._begin(call, remote.id)
            try:
                result = engine.generate(call.messages or [], self._generation(remote.id, call),
                                         answering.on_text, call.stop_event, answering.chat_key)
            except BaseException:
                answering.fail()
                raise
            answer = answering.finish(result)
        except BaseException as exc:
            future.set_exception(exc)
        else:
            future.set_result(answer)

    def close(self) -> None:
        """Close the remote engines' connections."""
        engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            engine.close()


def shown(text: str, limit: int = 80) -> str:
    """A client's value as it may appear in a message: printable, and not too long."""
    clean = "".join(c if c.isprintable() else "\ufffd" for c in text)
    return clean[:limit] + ("…" if len(clean) > limit else "")


__all__ = ["ApiAnswer", "ApiCall", "ApiError", "ApiService", "ServedModel", "shown"]
