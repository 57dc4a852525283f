"""The model thread: one QThread owns the engine for its whole life.

:class:`ModelWorker` lives on that thread; every call that touches llama.cpp
(verify, load, generate, unload) runs there, requested through queued
signals.  :class:`ModelHost` lives on the GUI thread, owns the thread, hands
out request ids and forwards the worker's results as its own signals, so the
GUI never calls llama.cpp and never waits on it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from app.core.chat_title import suggest_title
from app.core.checksums import ChecksumCache
from app.core.engine import Engine, EngineError
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel
from app.core.model_slot import LoadRequest, ModelSlot, run_job
from app.core.text_batcher import TextBatcher
from app.core.texts import Text
from app.ui.i18n import say

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class TitleRequest:
    conversation_id: str
    messages: Sequence[dict[str, str]]
    settings: GenerationSettings


@dataclass(frozen=True)
class GenerateRequest:
    request_id: int
    messages: Sequence[dict[str, str]]
    settings: GenerationSettings
    stop: threading.Event = field(default_factory=threading.Event)
    chat_key: str | None = None  # the chat, so its KV state can be kept and restored


class ModelWorker(QObject):
    """Owns an :class:`Engine`; lives on the model thread.

    Signals:
        sig_status(str): a short progress message ("Verifying…", "Loading…").
        sig_loaded(str, object): model id and its :class:`ModelInfo`.
        sig_load_failed(str, str): model id and a message for the user.
        sig_kept(str, object): after a failed load, the model that is still loaded (id and
            :class:`ModelInfo`): a file the check refused never unloads the previous one.
        sig_text(int, str): request id and the next piece of reply text (a few tokens).
        sig_finished(int, object): request id and the :class:`GenerationResult`.
        sig_failed(int, str): request id and a message for the user.
        sig_unloaded(): the model was unloaded on request (its file may be deleted now).
        sig_titled(str, str): conversation id and the title the model suggested.
    """

    sig_status = Signal(str)
    sig_loaded = Signal(str, object)
    sig_load_failed = Signal(str, str)
    sig_kept = Signal(str, object)
    sig_text = Signal(int, str)
    sig_finished = Signal(int, object)
    sig_failed = Signal(int, str)
    sig_unloaded = Signal()
    sig_titled = Signal(str, str)

    def __init__(self, checksums: ChecksumCache) -> None:
        super().__init__()
        self.slot = ModelSlot(Engine(), checksums)
        self._window: LoadRequest | None = None  # the model the window chats with
        self.closing = threading.Event()

    @property
    def engine(self) -> Engine:
        return self.slot.engine

    def _status(self, text: Text) -> None:
        self.sig_status.emit(say(text))

    @Slot(object)
    def load(self, request: LoadRequest) -> None:
        if self.closing.is_set():
            return
        model = request.model
        try:
            info = self.slot.load(request, self._status, self.closing)
        except EngineError as exc:
            self._window = self.slot.loaded_request
            self.sig_load_failed.emit(model.id, say(exc))
            if self.slot.loaded_id is not None and self.engine.info is not None:
                self.sig_kept.emit(self.slot.loaded_id, self.engine.info)
            return
        if info is None:  # the window is closing
            return
        self._window = request
        self.sig_loaded.emit(model.id, info)
        if request.system_prompt:  # every new chat starts with it: evaluate it now
            self._prefill([{"role": "system", "content": request.system_prompt}])

    def _window_model(self, request_id: int | None = None) -> bool:
        """Load the window's model again if an API request loaded another meanwhile."""
        wanted = self._window
        if wanted is None or self.slot.loaded_id == wanted.model.id:
            return self.engine.loaded
        try:
            info = self.slot.load(wanted, self._status, self.closing)
        except EngineError as exc:
            if request_id is not None:
                self.sig_failed.emit(request_id, say(exc))
            return False
        if info is not None and request_id is not None:
            self.sig_status.emit(self.tr("Generating…"))
        return info is not None

    @Slot(object)
    def run_job(self, item: tuple[Callable[[ModelSlot], object], Future[object]]) -> None:
        """A job from elsewhere (the API server), in its turn among the window's work."""
        job, future = item
        if self.closing.is_set():
            future.cancel()
            return
        run_job(self.slot, job, future)

    @Slot(object)
    def generate(self, request: GenerateRequest) -> None:
        if self.closing.is_set():
            return
        if not self._window_model(request.request_id):
            if not self.engine.loaded:
                self.sig_failed.emit(request.request_id, self.tr(
                    "No model is loaded. Choose a model in the picker above."))
            return
        rid = request.request_id
        batch = TextBatcher(lambda text: self.sig_text.emit(rid, text))
        try:
            result = self.engine.generate(request.messages, request.settings,
                                          on_text=batch.add, stop_event=request.stop,
                                          chat_key=request.chat_key)
            batch.flush()
        except EngineError as exc:
            self.sig_failed.emit(rid, say(exc))
            return
        except Exception as exc:  # never let a llama.cpp surprise kill the thread
            log.exception("generation failed")
            self.sig_failed.emit(rid, self.tr("The model failed while answering: {reason}")
                                 .format(reason=exc))
            return
        self.sig_finished.emit(rid, result)
        # While the user reads and types, evaluate the opening of the next turn.
        self._prefill([*request.messages, {"role": "assistant", "content": result.text}],
                      request.chat_key)

    @Slot(object)
    def title(self, request: TitleRequest) -> None:
        """Ask the model for a short title (greedy, a few tokens, nothing streamed)."""
        if self.closing.is_set() or not self._window_model():
            return
        title = suggest_title(self.engine, request.messages, request.settings,
                              request.conversation_id)
        if title:
            self.sig_titled.emit(request.conversation_id, title)

    def _prefill(self, messages: Sequence[dict[str, str]], chat_key: str | None = None) -> None:
        if self.closing.is_set():
            return
        try:
            self.engine.prefill(messages, chat_key)
        except EngineError as exc:  # only an optimisation: log it and carry on
            log.warning("prefill failed: %s", exc)

    @Slot()
    def unload(self) -> None:
        self.slot.unload()
        self._window = None

    @Slot()
    def unload_on_request(self) -> None:
        self.unload()
        self.sig_unloaded.emit()


class ModelHost(QObject):
    """GUI-side handle on the model thread.

    Signals:
        sig_status(str), sig_loaded(str, object), sig_load_failed(str, str),
        sig_kept(str, object),
        sig_text(int, str), sig_finished(int, object), sig_failed(int, str),
        sig_unloaded(), sig_titled(str, str): forwarded from :class:`ModelWorker`,
        delivered on the GUI thread.
    """

    sig_status = Signal(str)
    sig_loaded = Signal(str, object)
    sig_load_failed = Signal(str, str)
    sig_kept = Signal(str, object)
    sig_text = Signal(int, str)
    sig_finished = Signal(int, object)
    sig_failed = Signal(int, str)
    sig_unloaded = Signal()
    sig_titled = Signal(str, str)

    _request_load = Signal(object)
    _request_title = Signal(object)
    _request_generate = Signal(object)
    _request_unload = Signal()
    _request_job = Signal(object)

    def __init__(self, checksums: ChecksumCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._active: GenerateRequest | None = None
        self._thread = QThread()
        self._thread.setObjectName("fireside-model")
        self.worker = ModelWorker(checksums)
        self.worker.moveToThread(self._thread)
        queued = Qt.ConnectionType.QueuedConnection
        self._request_load.connect(self.worker.load, queued)
        self._request_generate.connect(self.worker.generate, queued)
        self._request_unload.connect(self.worker.unload_on_request, queued)
        self._request_title.connect(self.worker.title, queued)
        self._request_job.connect(self.worker.run_job, queued)
        # Runs on the model thread as its event loop ends: the model is freed there.
        self._thread.finished.connect(self.worker.unload, Qt.ConnectionType.DirectConnection)
        for name in ("sig_status", "sig_loaded", "sig_load_failed", "sig_kept", "sig_text",
                     "sig_finished", "sig_failed", "sig_unloaded", "sig_titled"):
            getattr(self.worker, name).connect(getattr(self, name))
        self.sig_finished.connect(self._on_request_done)
        self.sig_failed.connect(self._on_request_done)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._active is not None

    def load(self, model: InstalledModel, settings: GenerationSettings,
             system_prompt: str = "", chat_memory_bytes: int | None = None,
             chat_template: str | None = None, gpu_layers: int | None = None) -> None:
        self._request_load.emit(LoadRequest(model, settings.model_copy(), system_prompt,
                                            chat_memory_bytes, chat_template, gpu_layers))

    def unload(self) -> None:
        self._request_unload.emit()

    def generate(self, messages: Sequence[dict[str, str]],
                 settings: GenerationSettings, chat_key: str | None = None) -> int:
        request = GenerateRequest(next(self._ids), list(messages), settings.model_copy(),
                                  chat_key=chat_key)
        self._active = request
        self._request_generate.emit(request)
        return request.request_id

    def submit(self, job: Callable[[ModelSlot], T]) -> Future[T]:
        """Run ``job`` on the model thread after the work queued before it (any thread may
        call this; :class:`app.core.model_slot.ModelRunner`)."""
        future: Future[T] = Future()
        self._request_job.emit((job, future))
        return future

    def suggest_title(self, conversation_id: str, messages: Sequence[dict[str, str]],
                      settings: GenerationSettings) -> None:
        """Queue a title request; the answer comes back as :attr:`sig_titled`."""
        self._request_title.emit(TitleRequest(conversation_id, list(messages),
                                              settings.model_copy()))

    def stop(self) -> None:
        """Ask the running reply to stop after its current token (no waiting)."""
        if self._active is not None:
            self._active.stop.set()

    def _on_request_done(self, request_id: int, _payload: object) -> None:
        if self._active is not None and self._active.request_id == request_id:
            self._active = None

    def shutdown(self) -> None:
        """Stop generation, free the model on its own thread, join the thread."""
        self.worker.closing.set()
        self.stop()
        self._thread.quit()
        self._thread.wait()
