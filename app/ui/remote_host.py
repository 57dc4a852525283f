"""Replies from remote engines, off the GUI thread, with the model thread's signals.

A remote engine (:class:`app.core.remote_engine.RemoteEngine`) waits on the network,
not on the processor, so each reply runs on a worker thread of its own; the GUI thread
never waits on it, not even for the engine to be made (importing the ``openai`` client
and reading the key from the keyring happen on the worker, once per model).
:class:`RemoteHost` hands out request ids that never meet those of
:class:`app.ui.model_host.ModelHost`, so the window tells replies apart however they
are answered, and reports through the same signals.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal

from app.core.chat_title import suggest_title
from app.core.engine import EngineError
from app.core.generation import GenerationSettings
from app.core.providers import RemoteModel, open_engine
from app.core.remote_engine import RemoteEngine
from app.core.secrets import SecretStore
from app.ui.i18n import say

log = logging.getLogger(__name__)

# The model thread numbers its requests from 1; these never meet them.
_IDS = itertools.count(1_000_000_000)


class RemoteHost(QObject):
    """Runs remote replies and title requests on worker threads.

    Signals (emitted from the worker, delivered queued on the GUI thread):
        sig_text(int, str): request id and the next piece of the reply.
        sig_finished(int, object): request id and the :class:`GenerationResult`.
        sig_failed(int, str): request id and a message for the user.
        sig_titled(str, str): conversation id and the title the model suggested.
    """

    sig_text = Signal(int, str)
    sig_finished = Signal(int, object)
    sig_failed = Signal(int, str)
    sig_titled = Signal(str, str)

    # Emitted on the workers and queued to this object's thread, where the public signals
    # go out: blocking this object's signals (closing) then stops even queued results.
    _text = Signal(int, str)
    _finished = Signal(int, object)
    _failed = Signal(int, str)
    _titled = Signal(str, str)

    def __init__(self, secrets: SecretStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self._text.connect(self.sig_text, queued)
        self._finished.connect(self.sig_finished, queued)
        self._failed.connect(self.sig_failed, queued)
        self._titled.connect(self.sig_titled, queued)
        self._secrets = secrets
        self._stops: dict[int, threading.Event] = {}
        self._threads: list[threading.Thread] = []
        self._engines: dict[RemoteModel, RemoteEngine] = {}
        self._made: list[RemoteEngine] = []  # every engine, closed at shutdown
        self._lock = threading.Lock()

    def _engine(self, model: RemoteModel) -> RemoteEngine:
        """The engine for ``model``, made on first use (on a worker thread; the keyring
        may take a while, so not under the lock)."""
        with self._lock:
            engine = self._engines.get(model)
        if engine is None:
            made = open_engine(model, self._secrets)
            with self._lock:
                engine = self._engines.setdefault(model, made)
                self._made.append(made)
        return engine

    def forget(self) -> None:
        """Make the engines again on next use (the providers or their keys changed); a
        reply under way goes on with the one it has."""
        with self._lock:
            self._engines = {}

    @property
    def busy(self) -> bool:
        return bool(self._stops)

    def generate(self, model: RemoteModel, messages: Sequence[dict[str, str]],
                 settings: GenerationSettings, chat_key: str | None = None) -> int:
        """Start a reply; its text, end or failure come back as signals."""
        request_id = next(_IDS)
        stop = threading.Event()
        self._stops[request_id] = stop

        def run() -> None:
            try:
                result = self._engine(model).generate(list(messages), settings.model_copy(),
                                         on_text=lambda text: self._text.emit(request_id,
                                                                                 text),
                                         stop_event=stop, chat_key=chat_key)
            except EngineError as exc:
                self._failed.emit(request_id, say(exc))
            except Exception as exc:  # never let a surprise end the thread unreported
                log.exception("remote reply failed")
                self._failed.emit(request_id, self.tr(
                    "The model failed while answering: {reason}").format(reason=exc))
            else:
                self._finished.emit(request_id, result)
            finally:
                self._stops.pop(request_id, None)

        self._start(run)
        return request_id

    def suggest_title(self, model: RemoteModel, conversation_id: str,
                      messages: Sequence[dict[str, str]], settings: GenerationSettings) -> None:
        """Ask for a title; it comes back as :attr:`sig_titled` (nothing if none)."""
        def run() -> None:
            try:
                engine = self._engine(model)
            except Exception as exc:  # the chat's own reply says what is wrong
                log.info("no title from %s: %s", model.ref, exc)
                return
            title = suggest_title(engine, list(messages), settings, conversation_id)
            if title:
                self._titled.emit(conversation_id, title)

        self._start(run)

    def stop(self) -> None:
        """Stop every running reply (each keeps what arrived)."""
        for stop in list(self._stops.values()):
            stop.set()

    def shutdown(self, timeout: float = 2.0) -> None:
        """Stop the replies and wait a moment for their threads (they are daemons)."""
        self.stop()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()
        with self._lock:
            made, self._made, self._engines = self._made, [], {}
        for engine in made:
            engine.close()

    def _start(self, run: Callable[[], None]) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=run, name="fireside-remote", daemon=True)
        self._threads.append(thread)
        thread.start()
