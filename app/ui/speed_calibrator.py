"""Calibrates this machine's model speed once, on the model thread, after a model loads.

The measurement itself is :func:`app.core.speed.calibrate`; this adapter runs it
as a job of the model thread (the GUI thread never touches llama.cpp) and brings
the result back to the GUI thread, where the welcome and the Models window show
"about N tokens/s" from then on.  It waits for a quiet processor (other work
would slow the measurement down): a busy processor puts the timing off, and it is
tried again after a while (and after each reply) while that model stays loaded.  A
reply faster than expected corrects it.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.context import AppContext
from app.core.engine_types import GenerationResult, ModelInfo
from app.core.installed import InstalledModel
from app.core.model_slot import ModelRunner, ModelSlot
from app.core.speed import Calibration, busy_percent, calibrate

log = logging.getLogger(__name__)
BUSY_PERCENT = 40.0  # processor use (by anything) above which the timing waits
MIN_REPLY_TOKENS = 24  # a shorter reply's speed says too little
RETRY_MS = (15_000, 30_000, 60_000, 120_000)  # after a busy processor put it off; then
# every 120 s


class _PutOff:
    """What the model thread's job returns when the processor was too busy to time."""


PUT_OFF = _PutOff()


class SpeedCalibrator(QObject):
    """Starts a calibration when none is kept for this machine and its threads.

    Signals:
        sig_calibrated(object): the new :class:`~app.core.speed.Calibration`.
    """

    sig_calibrated = Signal(object)
    _finished = Signal(object)  # the job's future, from the model thread

    def __init__(self, context: AppContext, runner: ModelRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.runner = runner
        self.running = False
        self.put_off = 0  # times in a row a busy processor put the timing off
        self._waiting: InstalledModel | None = None  # the model to time when it is quiet
        self._again = False  # (and whether that timing replaces a kept one)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._try_again)
        self._finished.connect(self._on_finished)

    def model_loaded(self, model: InstalledModel | None, again: bool = False) -> bool:
        """Calibrate on ``model`` (just loaded) unless a calibration is kept (or ``again``);
        True if a calibration was started."""
        if model is None or self.running:
            return False
        if not again and self.ctx.speed_calibration() is not None:
            return False
        store, size, name = self.ctx.speed_store, model.size, model.name
        default_threads = self.ctx.settings.generation.threads

        self._retry.stop()
        self._waiting, self._again = model, again

        def job(slot: ModelSlot) -> Calibration | _PutOff | None:
            request = slot.loaded_request
            if slot.loaded_id != model.id or request is None:
                return None  # another model was loaded meanwhile: the next load calibrates
            if request.settings.threads != default_threads:
                return None  # this model runs on its own thread count: not the machine's
            if slot.engine.info is None or slot.engine.info.gpu_layers != 0:
                return None  # on a GPU: the calibration is the CPU's
            if busy_percent() > BUSY_PERCENT:
                log.info("speed calibration put off: the processor is busy")
                return PUT_OFF  # tried again a little later
            return calibrate(slot.engine, size, name, request.settings.threads, store)

        self.running = True
        future = self.runner.submit(job)
        future.add_done_callback(self._finished.emit)
        return True

    def reply_finished(self, model: InstalledModel | None, info: ModelInfo | None,
                       result: GenerationResult) -> None:
        """A local reply of ``model`` (loaded as ``info`` says) ran at
        ``result.tokens_per_second``: a calibration made while the machine was busy is
        corrected by it (kept if faster than expected)."""
        if model is None or info is None or result.llama_decode_tokens_per_second <= 0:
            return  # a remote model, or the API's parallel decoding
        if self.put_off and self.model_loaded(model, again=self._again):  # quiet now?
            return
        if result.completion_tokens < MIN_REPLY_TOKENS or info.gpu_layers != 0:
            return  # too short to say, or (partly) on a GPU: not the CPU's speed
        if info.threads != self.ctx.settings.generation.threads:
            return  # loaded with its own thread count: not what the calibration is for
        before = self.ctx.speed_store.load(info.threads)
        try:
            better = self.ctx.speed_store.improve(model.size, result.tokens_per_second,
                                                  info.threads, model.name)
        except OSError:  # a full or read-only cache folder: the estimate stays as it was
            log.warning("the speed calibration could not be saved", exc_info=True)
            return
        if better is None:
            return
        self.sig_calibrated.emit(better)
        if before is not None and better.bandwidth != before.bandwidth:
            # Faster than the measured memory allowed: that measurement was wrong (a busy
            # machine, a copied file); time this computer again while the model is here.
            self.model_loaded(model, again=True)

    def shutdown(self) -> None:
        """The window closes: a timing put off is not tried again."""
        self._retry.stop()
        self._waiting = None

    def _try_again(self) -> None:
        if self._waiting is not None:
            self.model_loaded(self._waiting, again=self._again)

    def _on_finished(self, future: Future[Calibration | _PutOff | None]) -> None:
        self.running = False
        try:
            calibration = future.result()
        except OSError as exc:  # measured, but the cache folder is full or read-only
            log.warning("the speed calibration could not be saved: %s", exc)
            return
        except Exception:  # a failed measurement leaves the estimates without a speed
            log.exception("speed calibration failed")
            return
        if isinstance(calibration, _PutOff):
            self._retry.start(RETRY_MS[min(self.put_off, len(RETRY_MS) - 1)])
            self.put_off += 1
            return
        self.put_off = 0
        if calibration is not None:
            log.info("speed calibrated: %.1f tokens/s on %s, %.1f GB/s",
                     calibration.tokens_per_second, calibration.source,
                     calibration.bandwidth / 1e9)
            self.sig_calibrated.emit(calibration)
