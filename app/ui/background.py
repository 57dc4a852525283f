"""Run slow, non-llama.cpp work (hashing, network lookups) off the GUI thread.

:meth:`Background.run` starts ``work`` on a plain daemon thread and calls
``callback(result)`` on the GUI thread through a queued signal.  The callback
always gets called, so a view that shows "working…" always leaves that state:

* with what ``work`` returned;
* with the exception, if it is of one of the ``expected`` types, so the view can
  show its message (``say(exc)``);
* with a :class:`BackgroundFailure` for any other exception (a bug, or a failure
  nobody foresaw).  That one is logged with its traceback first, and its message
  is the sentence for the user, in the interface's language: the view shows it
  where it shows its expected errors, as it would any other exception.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from app.ui.i18n import say

log = logging.getLogger(__name__)
T = TypeVar("T")


class BackgroundFailure(Exception):
    """Background work raised an exception that was not expected; it has been logged.

    ``str()`` is the user's message.

    Attributes:
        error: the exception the work raised.
    """

    def __init__(self, message: str, error: Exception) -> None:
        super().__init__(message)
        self.error = error


class Background(QObject):
    """Delivers background results on the thread this object lives on (the GUI's).

    Signals (internal, queued from the worker thread to this object's thread):
        done(object, object): the callback and the result (or an expected exception).
        failed(object, object): the callback and an unexpected exception, which the
            callback gets as a :class:`BackgroundFailure` with the user's message.
    """

    done = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_failure, Qt.ConnectionType.QueuedConnection)

    def run(self, work: Callable[[], T], callback: Callable[[T | Exception], None],
            expected: tuple[type[Exception], ...] = ()) -> None:
        """Run ``work`` on a new thread; ``callback`` gets its outcome on this object's."""
        def body() -> None:
            try:
                result: T | Exception = work()
                signal = self.done
            except expected as exc:
                result, signal = exc, self.done
            except Exception as exc:
                log.exception("background work failed unexpectedly: %r", work)
                result, signal = exc, self.failed
            try:
                signal.emit(callback, result)
            except RuntimeError:  # the view that asked was closed meanwhile: nobody waits
                log.debug("background result dropped: its view is gone")

        threading.Thread(target=body, daemon=True).start()

    def _deliver(self, callback: Callable[[object], None], result: object) -> None:
        callback(result)

    def _deliver_failure(self, callback: Callable[[Exception], None], error: Exception) -> None:
        message = self.tr("Something went wrong ({error}). The details are in Fireside's "
                          "log.").format(error=say(error))
        callback(BackgroundFailure(message, error))
