"""A run of consecutive older messages, laid out together, that can be folded away.

The conversation view puts the older messages of a long chat into chunks of
a few dozen.  Only a chunk that changes is laid out again; the others move as
wholes.  A chunk far from the visible part of the view is *folded*: its
message widgets are deleted and it keeps only its height, so the number of
live widgets (and so the cost of every layout pass) stays the same however
long the chat is.  Coming back near the view, it is built again, a few
messages per pass of the event loop, still at its old height until it is
complete.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.core.conversation import Message
from app.ui.message_widget import MessageWidget

WidgetFactory = Callable[[Message], MessageWidget]
_NO_LIMIT = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX


class MessageChunk(QWidget):
    """Consecutive messages (oldest first); ``widgets`` is empty while it is folded."""

    def __init__(self, spacing: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageChunk")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(spacing)
        self.entries: list[Message] = []
        self.widgets: list[MessageWidget] = []
        self.folded = False
        self._building = 0  # while unfolding: how many entries are built again

    def prepend(self, widget: MessageWidget) -> None:
        """Add an older message at the top (the chunk is not folded)."""
        self._column.insertWidget(0, widget)
        self.widgets.insert(0, widget)
        self.entries.insert(0, widget.message)

    def append(self, widget: MessageWidget) -> None:
        """Add a later message at the bottom (the chunk is not folded)."""
        self._column.addWidget(widget)
        self.widgets.append(widget)
        self.entries.append(widget.message)

    @property
    def busy(self) -> bool:
        """A message in it is being edited: it must stay."""
        return any(w.editor is not None for w in self.widgets)

    def fold(self) -> None:
        """Delete the message widgets, keeping the chunk's height."""
        if self.folded and not self.widgets:
            return
        if not self.folded:
            self.setFixedHeight(self.height())
        # (Folded while being built again: the part built goes too.)
        for index in reversed(range(self._column.count())):
            item = self._column.takeAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.widgets = []
        self.folded = True
        self._building = 0

    def unfold(self, make: WidgetFactory, budget_s: float) -> bool:
        """Build the messages again for at most ``budget_s``; True once all are built.

        The chunk keeps its folded height until the last message is built, so
        nothing moves on screen while it is rebuilt.
        """
        if not self.folded:
            return True
        deadline = time.perf_counter() + budget_s
        while self._building < len(self.entries):
            widget = make(self.entries[self._building])
            self._column.addWidget(widget)
            self.widgets.append(widget)
            self._building += 1
            if time.perf_counter() >= deadline:
                break
        if self._building < len(self.entries):
            return False
        self.setMinimumHeight(0)
        self.setMaximumHeight(_NO_LIMIT)
        self.folded = False
        return True

    def insert_before(self, widget: MessageWidget, marker: QWidget) -> None:
        """Put ``marker`` (the memory marker) just above ``widget``, one of this chunk's."""
        self._column.insertWidget(self._column.indexOf(widget), marker)
