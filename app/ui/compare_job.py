"""A comparison running for the Compare window, off the GUI thread.

:class:`~app.core.compare.runner.CompareRunner` waits for each model in turn, so it runs
on a plain worker thread of its own; it hands local models to the window's model thread
(:class:`app.ui.model_host.ModelHost` is its ``ModelRunner``) and asks remote ones
through their provider.  Everything it reports arrives here on that thread or the model
thread: pieces of text are collected under a lock and handed to the GUI by a timer
every :data:`FLUSH_INTERVAL_MS` (never one repaint per token); a model starting, its
answer and the whole comparison come as queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.compare.records import Answer, Comparison
from app.core.compare.runner import CompareRequest, CompareRunner, Contender, Listener

log = logging.getLogger(__name__)
FLUSH_INTERVAL_MS = 50


class CompareJob(QObject):
    """One comparison: started once, stopped on request, reported on the GUI thread.

    Signals:
        sig_started(int): answer ``index``'s model began (loading, then answering).
        sig_text(int, str): more of answer ``index``'s text (a batch of pieces).
        sig_answered(int, object): answer ``index`` is done (an
            :class:`~app.core.compare.records.Answer`, perhaps with its error).
        sig_finished(object): the whole :class:`~app.core.compare.records.Comparison`;
            None if the comparison itself failed (logged), which never happens for one
            model's failure.
    """

    sig_started = Signal(int)
    sig_text = Signal(int, str)
    sig_answered = Signal(int, object)
    sig_finished = Signal(object)
    _started = Signal(int)
    _answered = Signal(int, object)
    _finished = Signal(object)

    def __init__(self, runner: CompareRunner, contenders: Sequence[Contender],
                 request: CompareRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._contenders = list(contenders)
        self._request = request
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: list[tuple[int, str]] = []
        self._thread: threading.Thread | None = None
        self.running = False
        queued = Qt.ConnectionType.QueuedConnection
        self._started.connect(self._on_started, queued)
        self._answered.connect(self._on_answered, queued)
        self._finished.connect(self._on_finished, queued)
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        """Begin on a worker thread (once)."""
        if self._thread is not None:
            return
        self.running = True
        self._timer.start()
        listener = Listener(self._started.emit, self._text, self._answered.emit)
        self._thread = threading.Thread(target=self._run, args=(listener,), daemon=True,
                                        name="fireside-compare")
        self._thread.start()

    def stop(self) -> None:
        """End the answer under way after its current token; the rest are not asked."""
        self._stop.set()

    def _run(self, listener: Listener) -> None:
        try:
            comparison: Comparison | None = self._runner.run(
                self._contenders, self._request, listener, self._stop)
        except Exception:  # a bug, not one model's failure: the window says it failed
            log.exception("the comparison failed")
            comparison = None
        try:
            self._finished.emit(comparison)
        except RuntimeError:  # the window that asked is gone (the app closed meanwhile)
            log.debug("comparison result dropped: its window is gone")

    def _text(self, index: int, piece: str) -> None:
        with self._lock:
            self._pending.append((index, piece))

    def flush(self) -> None:
        """Hand the text collected since the last flush to the window, per answer."""
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        joined: dict[int, list[str]] = {}
        for index, piece in pending:
            joined.setdefault(index, []).append(piece)
        for index, pieces in joined.items():
            self.sig_text.emit(index, "".join(pieces))

    def _on_started(self, index: int) -> None:
        self.flush()
        self.sig_started.emit(index)

    def _on_answered(self, index: int, answer: Answer) -> None:
        self.flush()  # the answer's last words before its "done"
        self.sig_answered.emit(index, answer)

    def _on_finished(self, comparison: Comparison | None) -> None:
        self.flush()
        self._timer.stop()
        self.running = False
        self.sig_finished.emit(comparison)
