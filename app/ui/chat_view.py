"""The conversation view: a scrolling column of :class:`MessageWidget`.

It follows a streaming reply only while the user is at the bottom: scrolling
up stops the following, scrolling back to the bottom resumes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.conversation import Conversation, Message, Role
from app.ui.message_widget import MessageWidget

_BOTTOM_SLACK = 24  # pixels from the bottom that still count as "at the bottom"


class ChatView(QScrollArea):
    """Shows one conversation and keeps the newest text in view while streaming."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget()
        self._content.setObjectName("chatContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self._placeholder = QLabel(
            "<h2>Ask anything.</h2><p>Everything you type stays on this computer.</p>")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setObjectName("placeholder")
        self._layout.addWidget(self._placeholder)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.messages: list[MessageWidget] = []
        self._reveal: MessageWidget | None = None  # a search hit to keep in view
        self._memory_marker: QLabel | None = None
        self.follow = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    def clear(self) -> None:
        for widget in self.messages:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        self.messages.clear()
        self._placeholder.show()
        self.follow = True
        self._reveal = None
        self.mark_memory_start(None)

    def show_conversation(self, conversation: Conversation | None,
                          model_names: dict[str, str]) -> None:
        self.clear()
        if conversation is not None:
            for message in conversation.messages:
                self.add_message(message, self.author_for(message, model_names))
        self.follow = True
        self.scroll_to_bottom()

    @staticmethod
    def author_for(message: Message, model_names: dict[str, str]) -> str:
        if message.role is Role.USER:
            return "You"
        return model_names.get(message.model_id or "", "Assistant")

    def add_message(self, message: Message, author: str) -> MessageWidget:
        self._placeholder.hide()
        widget = MessageWidget(message, author)
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self.messages.append(widget)
        return widget

    def mark_memory_start(self, message_id: str | None) -> None:
        """Show where the model's memory begins (None: it still holds the whole chat)."""
        if self._memory_marker is not None:
            self._layout.removeWidget(self._memory_marker)
            self._memory_marker.deleteLater()
            self._memory_marker = None
        widget = next((w for w in self.messages if w.message.id == message_id), None)
        if widget is None:
            return
        marker = QLabel("Earlier messages no longer fit in the model's memory (its context "
                        "window); it answers from here on.")
        marker.setObjectName("memoryStart")
        marker.setWordWrap(True)
        marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.insertWidget(self._layout.indexOf(widget), marker)
        self._memory_marker = marker

    def show_message(self, message_id: str) -> MessageWidget | None:
        """Scroll to a message (a search hit) and mark it; the view stops following."""
        widget = next((w for w in self.messages if w.message.id == message_id), None)
        if widget is None:
            return None
        self.follow = False
        self.ensureWidgetVisible(widget, 0, 40)
        # A freshly built chat is laid out over the next passes of the event loop:
        # keep the message in view as the scroll range grows, for a moment.
        self._reveal = widget
        QTimer.singleShot(500, self._stop_revealing)
        widget.setProperty("found", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        return widget

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, value: int) -> None:
        self.follow = value >= self.verticalScrollBar().maximum() - _BOTTOM_SLACK

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._reveal is not None:
            self.ensureWidgetVisible(self._reveal, 0, 40)
        elif self.follow:
            self.verticalScrollBar().setValue(maximum)

    def _stop_revealing(self) -> None:
        self._reveal = None
