"""Local API requests answered together: :class:`BatchSessions`.

A *session* is one job on the model thread (:class:`app.core.model_slot.ModelRunner`):
it loads the model its requests name (if another is loaded), then runs a
:class:`app.core.parallel.ParallelDecoder` until no request of it is left.  Requests for
the same model that arrive while a session is open join it — they are decoded in the
same batch as the ones already answering — up to :data:`SESSION_REQUESTS`; after that,
or for another model, a new session queues behind whatever else waits for the model
thread (the window's own replies among them), first come first served.  So API requests
share the model with each other at once, and with the window in turn.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

from app.core.api_answer import Answering, ApiAnswer, ApiCall
from app.core.engine_types import GenerationResult
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel
from app.core.model_slot import LoadRequest, ModelRunner, ModelSlot
from app.core.parallel import ParallelDecoder, Reply
from app.core.parallel_context import API_SLOTS

log = logging.getLogger(__name__)

SESSION_REQUESTS = 4 * API_SLOTS  # joined to one session before others get their turn


@dataclass(eq=False)
class _Session:
    model: InstalledModel
    pending: deque[tuple[ApiCall, Future[ApiAnswer]]] = field(default_factory=deque)
    taken: int = 0
    closed: bool = False


class BatchSessions:
    """Hands local requests to sessions on the model thread.

    ``begin(call, model_id)`` starts a request's :class:`Answering` (on the model
    thread), ``generation(model_id, call)`` gives its settings, ``load(model)`` what a
    model is loaded with, ``capacity()`` how many are decoded at once.
    """

    def __init__(self, runner: ModelRunner, *, begin: Callable[[ApiCall, str], Answering],
                 generation: Callable[[str, ApiCall], GenerationSettings],
                 load: Callable[[InstalledModel], LoadRequest],
                 capacity: Callable[[], int] = lambda: API_SLOTS) -> None:
        self._runner = runner
        self._capacity = capacity
        self._begin = begin
        self._generation = generation
        self._load = load
        self._lock = threading.Lock()
        self._open: _Session | None = None

    def submit(self, call: ApiCall, model: InstalledModel) -> Future[ApiAnswer]:
        future: Future[ApiAnswer] = Future()
        with self._lock:
            session = self._open
            if (session is None or session.closed or session.model.id != model.id
                    or session.taken >= SESSION_REQUESTS):
                session = self._open = _Session(model)
                start = True
            else:
                start = False
            session.pending.append((call, future))
            session.taken += 1
        if start:
            self._runner.submit(lambda slot: self._run(slot, session))
        return future

    def _take(self, session: _Session, room: int, idle: bool
              ) -> list[tuple[ApiCall, Future[ApiAnswer]]]:
        """Up to ``room`` waiting requests; an idle session with none left closes."""
        with self._lock:
            taken = [session.pending.popleft() for _ in range(min(room, len(session.pending)))]
            if not taken and idle:
                session.closed = True
                if self._open is session:
                    self._open = None
            return taken

    def _run(self, slot: ModelSlot, session: _Session) -> None:
        """The session's job, on the model thread."""
        try:
            load_seconds = slot.ensure(self._load(session.model))
            decoder = ParallelDecoder(slot.engine, self._capacity())
        except BaseException as exc:  # every request of the session gets the reason
            self._fail_waiting(session, exc)
            return
        try:
            while True:
                for call, future in self._take(session, decoder.free, not decoder.active):
                    self._start(decoder, call, future, session.model, load_seconds)
                if not decoder.active:
                    with self._lock:
                        if session.closed:
                            break
                    continue
                decoder.step()
        except BaseException as exc:
            log.exception("answering API requests together failed")
            decoder.close(exc)
            self._fail_waiting(session, exc)
            return
        decoder.trim()
        decoder.close()

    def _fail_waiting(self, session: _Session, error: BaseException) -> None:
        with self._lock:
            session.closed = True
            if self._open is session:
                self._open = None
            waiting = list(session.pending)
            session.pending.clear()
        for _call, future in waiting:
            if future.set_running_or_notify_cancel():
                future.set_exception(error)

    def _start(self, decoder: ParallelDecoder, call: ApiCall, future: Future[ApiAnswer],
               model: InstalledModel, load_seconds: float) -> None:
        if not future.set_running_or_notify_cancel():
            return  # the client left while it waited
        if call.stop_event.is_set():
            future.set_result(ApiAnswer("", "stop", 0, 0, cancelled=True))
            return
        answering: Answering | None = None
        try:
            answering = self._begin(call, model.id)
            settings = self._generation(model.id, call)
            engine = decoder.engine
            if call.prompt is not None:
                tokens, opened, dropped = engine.text_prompt(call.prompt), False, 0
            else:
                tokens, opened, dropped = engine.chat_prompt(call.messages or [],
                                                             settings.max_tokens)
        except BaseException as exc:
            if answering is not None:
                answering.fail()
            future.set_exception(exc)
            return
        done_answering = answering

        def done(result: GenerationResult | None, error: BaseException | None) -> None:
            if result is None:
                done_answering.fail()
                future.set_exception(error or RuntimeError("no result"))
            else:
                future.set_result(done_answering.finish(result, load_seconds))

        decoder.add(Reply(tokens, settings, answering.on_text, call.stop_event, done,
                          opened, dropped))
