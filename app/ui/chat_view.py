"""The conversation view: a scrolling column of :class:`MessageWidget`.

It follows a streaming reply only while the user is at the bottom: scrolling
up stops the following, scrolling back to the bottom resumes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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

    def scroll_to_bottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_scrolled(self, value: int) -> None:
        self.follow = value >= self.verticalScrollBar().maximum() - _BOTTOM_SLACK

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self.follow:
            self.verticalScrollBar().setValue(maximum)
