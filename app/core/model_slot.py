"""The model a model thread holds (:class:`ModelSlot`) and a plain model thread.

One thread owns the engine for its whole life.  In the window that is the
``fireside-model`` QThread (:mod:`app.ui.model_host`); in ``fireside serve`` it is a
:class:`ModelThread`.  Both offer :class:`ModelRunner`: work is handed over as a *job*
(a function of the slot), run there in the order it arrived — a fair, first come first
served queue shared by the window's replies and the API's requests — and its outcome
comes back as a :class:`concurrent.futures.Future`.

:meth:`ModelSlot.load` is the one way a model is loaded, for every front end: the file
is checked against its catalog sha256, tried in a child process the first time
(:mod:`app.core.model_probe`), then loaded; a file that fails leaves the model loaded
before it in place.  :meth:`ModelSlot.ensure` loads a model only if it is not the one
already loaded (an API request naming another model).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.core.checksums import ChecksumCache
from app.core.engine import Engine, EngineError
from app.core.engine_types import ModelInfo
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel, verify_model
from app.core.model_probe import ProbeCache
from app.core.model_settings import load_settings, model_gpu_layers
from app.core.settings import Settings
from app.core.texts import Text, tr

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class LoadRequest:
    """A model and what it is loaded with.

    Attributes:
        model: the installed model.
        settings: context length, threads, batch size (and the sampling defaults).
        system_prompt: what new chats start with (evaluated ahead right after loading).
        chat_memory_bytes: the budget for kept chat KV states (None: leave it).
        chat_template: instead of the file's (see ``model_settings.load_settings``).
        gpu_layers: the model's GPU setting (None "auto"; a CPU build ignores it).
    """

    model: InstalledModel
    settings: GenerationSettings
    system_prompt: str = ""
    chat_memory_bytes: int | None = None
    chat_template: str | None = None
    gpu_layers: int | None = None

    @classmethod
    def for_model(cls, settings: Settings, model: InstalledModel) -> LoadRequest:
        """``model`` as the user's settings load it (the window's way, and the API's)."""
        generation, system_prompt, template = load_settings(settings, model)
        return cls(model, generation, system_prompt, settings.chat_memory_mb << 20, template,
                   model_gpu_layers(settings, model.id))


class ModelSlot:
    """An engine and which installed model it holds; used only on the model thread.

    Attributes:
        engine: the llama.cpp engine.
        loaded_id: the id of the model loaded now (None: none).
        loaded_request: what it was loaded with.
    """

    def __init__(self, engine: Engine, checksums: ChecksumCache) -> None:
        self.engine = engine
        self.checksums = checksums
        self.loaded_id: str | None = None
        self.loaded_request: LoadRequest | None = None

    def load(self, request: LoadRequest, on_status: Callable[[Text], None] | None = None,
             cancel: threading.Event | None = None) -> ModelInfo | None:
        """Verify, check and load ``request.model``; None if ``cancel`` was set meanwhile.

        Raises :class:`EngineError` with a message for the user.  A file whose checksum
        is wrong unloads the model (the user asked for this one, and it cannot be used);
        a file llama.cpp or the child-process check refuses leaves the previous model
        loaded (:attr:`loaded_id` says which).
        """
        say = on_status or (lambda _text: None)
        model = request.model
        if model.expected_sha256:
            say(tr("Verifying {model}…", model=model.name))
            result = verify_model(model, self.checksums)
            if not result.ok:
                self.unload()
                raise EngineError(tr("{model} cannot be used: {reason}.", model=model.name,
                                     reason=result.message))
        if self.engine.probes.cache_file is None:  # remember verdicts beside the checksums
            self.engine.probes = ProbeCache.in_folder(self.checksums.cache_file.parent)
        if model.path.is_file() and self.engine.probes.cached(model.path) is None:
            # A first load: tried in a child process (Engine.load then finds the verdict).
            say(tr("Checking {model} in a separate process…", model=model.name))
            verdict = self.engine.probes.check(model.path, request.settings.threads,
                                               cancel=cancel)
            if verdict.kind == "cancelled":
                return None
        say(tr("Loading {model}…", model=model.name))
        try:
            info = self.engine.load(model.path, request.settings, request.chat_template,
                                    request.gpu_layers)
        except EngineError:
            if not self.engine.loaded:
                self.loaded_id = self.loaded_request = None
            raise
        self.loaded_id, self.loaded_request = model.id, request
        if request.chat_memory_bytes is not None:
            self.engine.kv_states.budget = request.chat_memory_bytes
        return info

    def ensure(self, request: LoadRequest, on_status: Callable[[Text], None] | None = None,
               cancel: threading.Event | None = None) -> float:
        """Load ``request.model`` unless it is loaded already; the seconds that took."""
        if self.loaded_id == request.model.id and self.engine.loaded:
            return 0.0
        info = self.load(request, on_status, cancel)
        if info is None:
            raise EngineError(tr("Loading {model} was cancelled.", model=request.model.name))
        return info.load_seconds

    def unload(self) -> None:
        self.engine.unload()
        self.loaded_id = self.loaded_request = None


class ModelRunner(Protocol):
    """Runs jobs on the thread that owns a :class:`ModelSlot`, first come first served."""

    def submit(self, job: Callable[[ModelSlot], T]) -> Future[T]: ...


def run_job(slot: ModelSlot, job: Callable[[ModelSlot], T], future: Future[T]) -> None:
    """Run ``job`` into ``future`` (on the model thread); a cancelled future is skipped."""
    if not future.set_running_or_notify_cancel():
        return
    try:
        result = job(slot)
    except BaseException as exc:  # the caller sees it; the thread goes on
        future.set_exception(exc)
    else:
        future.set_result(result)


class ModelThread:
    """A model thread without Qt (``fireside serve``): jobs run in the order submitted."""

    def __init__(self, slot: ModelSlot) -> None:
        self.slot = slot
        self._jobs: queue.SimpleQueue[tuple[Callable[[ModelSlot], object],
                                            Future[object]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="fireside-model", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[ModelSlot], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((job, future))  # type: ignore[arg-type]
        return future

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                break
            run_job(self.slot, *item)
        self.slot.unload()  # freed on the thread that owns it

    def close(self, timeout: float | None = None) -> None:
        """Finish the job under way, cancel the ones waiting, free the model."""
        pending: list[Future[object]] = []
        try:
            while True:
                item = self._jobs.get_nowait()
                if item is not None:
                    pending.append(item[1])
        except queue.Empty:
            pass
        for future in pending:
            future.cancel()
        self._jobs.put(None)
        self._thread.join(timeout)
