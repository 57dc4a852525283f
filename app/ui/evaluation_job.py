"""One evaluation run for the Evaluate dialog, on the window's model thread.

The job is handed to :meth:`app.ui.model_host.ModelHost.submit` and runs there in its
turn (after a reply under way): it frees the chat's model first (one model in memory at
a time; the chat loads it again for its next reply), tries the file in a child process
unless that was done before, measures (:func:`app.core.evaluation.runs.measure`) and
keeps the record.  The GUI thread never touches llama.cpp.

What happens there reaches the GUI thread as queued signals: the start, each
``progress(done, total)`` (kept as the latest value and handed on by a timer every
:data:`FLUSH_INTERVAL_MS`, never one repaint per call), the saving, and the end.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.checksums import ChecksumCache
from app.core.evaluation.results import EvalRecord, ResultsStore
from app.core.evaluation.runs import EvalSource, Measurement, check_model, keep, measure
from app.core.evaluation.scoring_model import EvaluationError, EvaluationStopped, check_stop
from app.core.installed import InstalledModel
from app.core.model_probe import ProbeCache
from app.core.model_slot import ModelRunner, ModelSlot
from app.core.texts import Text

log = logging.getLogger(__name__)
FLUSH_INTERVAL_MS = 100


@dataclass(frozen=True)
class EvalOutcome:
    """A finished measurement: its record, or why it could not be kept.

    Attributes:
        measurement: what was measured.
        record: the record kept in ``evaluations.json`` (None if saving failed).
        save_error: why it could not be kept (a full disk), or None.
    """

    measurement: Measurement
    record: EvalRecord | None
    save_error: Text | None = None


class _StopEvent(threading.Event):
    """Set by Stop, or as good as set once the window is closing (so the child process's
    check and the evaluation end at once, and the model thread can be joined)."""

    def __init__(self, closing: threading.Event | None) -> None:
        super().__init__()
        self._closing = closing

    def is_set(self) -> bool:
        return super().is_set() or (self._closing is not None and self._closing.is_set())


class EvaluationJob(QObject):
    """One evaluation: started once, stopped on request, reported on the GUI thread.

    Signals:
        sig_started(): the model thread took the job (a reply before it has ended).
        sig_progress(int, int): tokens scored or questions done, and the total.
        sig_saving(): measured; the model file's sha256 and the record are being written.
        sig_finished(object): an :class:`EvalOutcome`, or the exception that ended the run
            (:class:`~app.core.evaluation.scoring_model.EvaluationStopped` after Stop,
            :class:`~app.core.evaluation.scoring_model.EvaluationError` with the user's
            sentence, anything else for a failure nobody foresaw, logged).

    Attributes:
        thread_ident: ``threading.get_ident()`` of the thread that ran the job.
        running: between :meth:`start` and ``sig_finished``.
    """

    sig_started = Signal()
    sig_progress = Signal(int, int)
    sig_saving = Signal()
    sig_finished = Signal(object)
    _began = Signal()
    _progressed = Signal(int, int)
    _saved = Signal()
    _done = Signal(object)

    def __init__(self, runner: ModelRunner, model: InstalledModel, source: EvalSource, *,
                 checksums: ChecksumCache, store: ResultsStore, threads: int,
                 closing: threading.Event | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.source = source
        self.thread_ident: int | None = None
        self.running = False
        self._runner = runner
        self._checksums = checksums
        self._store = store
        self._threads = threads
        self._stop = _StopEvent(closing)
        self._latest: tuple[int, int] | None = None
        self._shown: tuple[int, int] | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._began.connect(self.sig_started, queued)
        self._progressed.connect(self._on_progress, queued)
        self._saved.connect(self._on_saving, queued)
        self._done.connect(self._on_done, queued)
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        """Queue the job on the model thread (once)."""
        if self.running:
            return
        self.running = True
        self._timer.start()
        future = self._runner.submit(self._work)
        future.add_done_callback(self._deliver)

    def stop(self) -> None:
        """End the run at the next window or question; nothing is kept."""
        self._stop.set()

    # -- on the model thread ------------------------------------------------------------
    def _work(self, slot: ModelSlot) -> EvalOutcome:
        self.thread_ident = threading.get_ident()
        check_stop(self._stop)
        self._began.emit()
        slot.unload()  # one model in memory at a time; the chat loads its own again
        probes = slot.engine.probes
        if probes.cache_file is None:  # remember verdicts beside the checksums, as loads do
            probes = ProbeCache.in_folder(slot.checksums.cache_file.parent)
        check_model(self.model.path, probes, self._threads, self._stop)
        measurement = measure(self.source, self.model.path, threads=self._threads,
                              progress=self._progress, stop=self._stop)
        check_stop(self._stop)  # stopped at the very end: still nothing kept
        self._saved.emit()
        try:
            record = keep(measurement, self.model, self._checksums, self._store)
        except EvaluationError as exc:
            return EvalOutcome(measurement, None, exc.text)
        return EvalOutcome(measurement, record)

    def _progress(self, done: int, total: int) -> None:
        self._progressed.emit(done, total)

    def _deliver(self, future: Future[EvalOutcome]) -> None:
        if future.cancelled():  # the window closed before the job's turn came
            outcome: object = EvaluationStopped()
        else:
            error = future.exception()
            outcome = error if error is not None else future.result()
        try:
            self._done.emit(outcome)
        except RuntimeError:  # the dialog that asked is gone: nobody waits for it
            log.debug("evaluation result dropped: its dialog is gone")

    # -- on the GUI thread ----------------------------------------------------------------
    def _on_progress(self, done: int, total: int) -> None:
        self._latest = (done, total)

    def flush(self) -> None:
        """Hand the latest progress to the dialog if it changed since the last flush."""
        if self._latest is not None and self._latest != self._shown:
            self._shown = self._latest
            self.sig_progress.emit(*self._latest)

    def _on_saving(self) -> None:
        self.flush()
        self.sig_saving.emit()

    def _on_done(self, outcome: object) -> None:
        self.flush()
        self._timer.stop()
        self.running = False
        if isinstance(outcome, Exception) and not isinstance(
                outcome, (EvaluationError, EvaluationStopped)):
            log.error("the evaluation failed", exc_info=outcome)
        self.sig_finished.emit(outcome)
