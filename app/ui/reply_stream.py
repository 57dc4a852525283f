"""A reply being streamed into the window: the view's adapter over the core's :class:`Turn`.

Tokens arrive as many small signals; appending them to a list is all the GUI
thread does per token.  A fixed-rate timer (like a terminal console) hands the
collected text to the turn (which saves the growing reply at least once a second:
:mod:`app.core.chat_session`) and shows it in the message widget.  If a save fails
(a full disk), the reply goes on in memory and on screen, and
:attr:`ReplyStream.sig_not_saved` tells the window, which saves it once it can.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.core.chat_session import Turn
from app.core.conversation import Message, MessageStatus
from app.core.engine import GenerationResult
from app.core.texts import UserError
from app.ui.i18n import say
from app.ui.message_widget import MessageWidget

FLUSH_INTERVAL_MS = 50


class ReplyStream(QObject):
    """Moves one streaming reply from the engine's signals to its turn and its widget.

    Signals:
        sig_not_saved(object, str): the reply (a :class:`Message`, kept up to date in
            memory) could not be saved, and why; emitted once per failure, not per try.
    """

    sig_not_saved = Signal(object, str)

    def __init__(self, request_id: int, turn: Turn, widget: MessageWidget | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request_id = request_id
        self.turn = turn
        self.widget = widget
        turn.on_not_saved = self._not_saved
        self._pending: list[str] = []
        self.flushes = 0
        self.longest_flush = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    @property
    def conversation_id(self) -> str:
        return self.turn.conversation.id

    @property
    def message(self) -> Message:
        """The reply being written."""
        return self.turn.reply

    def append(self, text: str) -> None:
        self._pending.append(text)

    def flush(self) -> None:
        if not self._pending:
            return
        started = time.perf_counter()
        self.flush_pending_text()
        if self.widget is not None:
            self.widget.stream_to(self.turn.text)
        self.flushes += 1
        self.longest_flush = max(self.longest_flush, time.perf_counter() - started)

    def finish(self, result: GenerationResult) -> MessageStatus:
        """The model is done: the turn saves the full reply and how it ended."""
        self._timer.stop()
        self._pending.clear()
        status = self.turn.finish(result)
        note = (QCoreApplication.translate("ReplyStream", "cut off: the context window is full")
                if result.finish_reason == "context" else None)
        if self.widget is not None:
            self.widget.finish_stream(result.text, status, note)
        return status

    def fail(self, reason: str) -> None:
        self._timer.stop()
        self.flush_pending_text()
        self.turn.fail()
        if self.widget is not None:
            self.widget.finish_stream(self.turn.text, MessageStatus.ERROR,
                                      QCoreApplication.translate(
                                          "ReplyStream", "failed: {reason}").format(reason=reason))

    def abandon(self) -> None:
        """The app is closing mid-reply: keep what arrived, marked stopped."""
        self._timer.stop()
        self.flush_pending_text()
        self.turn.abandon()

    def flush_pending_text(self) -> None:
        if self._pending:
            self.turn.add_text("".join(self._pending))
            self._pending.clear()

    def _not_saved(self, message: Message, error: UserError) -> None:
        self.sig_not_saved.emit(message, say(error))
