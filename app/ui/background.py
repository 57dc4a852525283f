"""Run slow, non-llama.cpp work (hashing, network lookups) off the GUI thread.

:meth:`Background.run` starts ``work`` on a plain daemon thread and calls
``callback(result)`` on the GUI thread through a queued signal.  An exception
of one of the ``expected`` types is passed to the callback as the result, so
a view can show its message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal


class Background(QObject):
    """Delivers background results on the thread this object lives on (the GUI's).

    Signals:
        done(object, object): callback and result (internal, queued).
    """

    done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.done.connect(lambda callback, result: callback(result),
                          Qt.ConnectionType.QueuedConnection)

    def run(self, work: Callable[[], object], callback: Callable[[object], None],
            expected: tuple[type[Exception], ...] = ()) -> None:
        def body() -> None:
            try:
                result = work()
            except expected as exc:
                result = exc
            self.done.emit(callback, result)

        threading.Thread(target=body, daemon=True).start()
