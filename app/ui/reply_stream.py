"""A reply being streamed: coalesce text, flush to the view on a timer, save as it grows.

Tokens arrive as many small signals; appending them to a list is all the
GUI thread does per token.  A fixed-rate timer (like a terminal console)
moves the collected text into the message widget, and the growing reply is
written to the database at least once a second, so a crash loses at most
the last second of it.  If a save fails (a full disk), the reply goes on in
memory and on screen, and :attr:`ReplyStream.sig_not_saved` tells the window,
which saves it once it can.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.core.conversation import Message, MessageStatus
from app.core.engine import GenerationResult
from app.core.reasoning import CLOSE
from app.core.storage import ChatStore
from app.core.texts import UserError
from app.ui.i18n import say
from app.ui.message_widget import MessageWidget

FLUSH_INTERVAL_MS = 50
SAVE_INTERVAL_S = 1.0

_FINISH_STATUS = {
    "stop": MessageStatus.COMPLETE,
    "stopped": MessageStatus.STOPPED,
    "length": MessageStatus.LENGTH,
    "context": MessageStatus.LENGTH,
}


class ReplyStream(QObject):
    """Moves one streaming reply from the model thread's signals to the view and the store.

    Signals:
        sig_not_saved(object, str): the reply (a :class:`Message`, kept up to date in
            memory) could not be saved, and why; emitted once per failure, not per try.
    """

    sig_not_saved = Signal(object, str)

    def __init__(self, request_id: int, conversation_id: str, message: Message,
                 widget: MessageWidget | None, store: ChatStore,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request_id = request_id
        self.conversation_id = conversation_id
        self.message = message
        self.widget = widget
        self._store = store
        self._pending: list[str] = []
        self._text = ""
        self.unsaved = False  # the last save failed
        self._last_save = time.monotonic()
        self._started = time.monotonic()  # a reasoning model's "thought for" counts from here
        self.flushes = 0
        self.longest_flush = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    def append(self, text: str) -> None:
        self._pending.append(text)

    def flush(self) -> None:
        if not self._pending:
            return
        started = time.perf_counter()
        new = "".join(self._pending)
        self._text += new
        self._pending.clear()
        # Only the new text (and the few characters before it) can complete the tag.
        if self.message.thinking_seconds is None and \
                CLOSE in self._text[-(len(new) + len(CLOSE)):]:
            self.message.thinking_seconds = time.monotonic() - self._started
        if self.widget is not None:
            self.widget.stream_to(self._text)
        now = time.monotonic()
        if now - self._last_save >= SAVE_INTERVAL_S:
            self._save(self._text, MessageStatus.STREAMING)
            self._last_save = now
        self.flushes += 1
        self.longest_flush = max(self.longest_flush, time.perf_counter() - started)

    def _save(self, text: str, status: MessageStatus) -> None:
        self.message.content = text
        self.message.status = status
        try:
            self._store.update_message(self.message)
        except UserError as exc:  # a full disk: the text stays here, the window retries
            if not self.unsaved:
                self.sig_not_saved.emit(self.message, say(exc))
            self.unsaved = True
        else:
            self.unsaved = False

    def finish(self, result: GenerationResult) -> MessageStatus:
        """The model is done: store the full reply and mark how it ended."""
        self._timer.stop()
        self._pending.clear()
        if self.message.thinking_seconds is None and CLOSE in result.text:
            self.message.thinking_seconds = time.monotonic() - self._started
        status = _FINISH_STATUS.get(result.finish_reason, MessageStatus.COMPLETE)
        self.message.tokens = result.completion_tokens
        self.message.tokens_per_second = result.tokens_per_second
        self._save(result.text, status)
        note = (QCoreApplication.translate("ReplyStream", "cut off: the context window is full")
                if result.finish_reason == "context" else None)
        if self.widget is not None:
            self.widget.finish_stream(result.text, status, note)
        return status

    def fail(self, reason: str) -> None:
        self._timer.stop()
        self.flush_pending_text()
        self._save(self._text, MessageStatus.ERROR)
        if self.widget is not None:
            self.widget.finish_stream(self._text, MessageStatus.ERROR, QCoreApplication.translate(
                "ReplyStream", "failed: {reason}").format(reason=reason))

    def abandon(self) -> None:
        """The app is closing mid-reply: keep what arrived, marked stopped."""
        self._timer.stop()
        self.flush_pending_text()
        self._save(self._text, MessageStatus.STOPPED)

    def flush_pending_text(self) -> None:
        self._text += "".join(self._pending)
        self._pending.clear()
