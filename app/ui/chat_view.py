"""The conversation view: a scrolling column of :class:`MessageWidget`.

It follows a streaming reply only while the user is at the bottom: scrolling
up stops the following, scrolling back to the bottom resumes it.

Long chats are built lazily: opening one builds only its newest
:data:`PAGE` messages; scrolling to the top (or the "Show earlier messages"
button) builds the page before, keeping what is on screen in place.

It shows the open branch of a chat (:meth:`Conversation.path`); when the
branch changes below some message, only the widgets from there on are
built again (:meth:`ChatView.replace_from`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.core.conversation import Conversation, Message, Role
from app.ui.message_widget import MessageWidget

_BOTTOM_SLACK = 24  # pixels from the bottom that still count as "at the bottom"
PAGE = 40  # messages built at a time when a long chat opens or grows upwards


class ChatView(QScrollArea):
    """Shows one conversation and keeps the newest text in view while streaming.

    Signals (relayed from its messages, see :class:`MessageWidget`):
        sig_edited(str, str): a question's id and its edited text.
        sig_regenerate(str): an answer's id.
        sig_delete(str): a message's id.
        sig_sibling(str, int): a message's id and the step to another version.
    """

    sig_edited = Signal(str, str)
    sig_regenerate = Signal(str)
    sig_delete = Signal(str)
    sig_sibling = Signal(str, int)

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
        self.earlier_button = QPushButton("Show earlier messages")
        self.earlier_button.setObjectName("earlierMessages")
        self.earlier_button.clicked.connect(lambda: self.load_earlier())
        self.earlier_button.hide()
        self._layout.addWidget(self.earlier_button)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self.messages: list[MessageWidget] = []
        self._unbuilt: list[Message] = []  # older messages not built yet, oldest first
        self._keep_from_bottom: int | None = None  # set while a page above is laid out
        self._model_names: dict[str, str] = {}
        self._reveal: MessageWidget | None = None  # a search hit to keep in view
        self._memory_marker: QLabel | None = None
        self._versions: dict[str, tuple[int, int]] = {}  # message id -> (index, count)
        self._actions_enabled = True
        self.follow = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    def clear(self) -> None:
        for widget in self.messages:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        self.messages.clear()
        self._unbuilt = []
        self.earlier_button.hide()
        self._placeholder.show()
        self.follow = True
        self._reveal = None
        self._versions = {}
        self.mark_memory_start(None)

    def show_conversation(self, conversation: Conversation | None,
                          model_names: dict[str, str]) -> None:
        self.clear()
        self._model_names = dict(model_names)
        if conversation is not None:
            messages = conversation.path()
            self._versions = conversation.versions()
            self._unbuilt = list(messages[:-PAGE]) if len(messages) > PAGE else []
            for message in messages[len(self._unbuilt):]:
                self.add_message(message, self.author_for(message, model_names))
            self.earlier_button.setVisible(bool(self._unbuilt))
        self.follow = True
        self.scroll_to_bottom()

    def replace_from(self, message_id: str, conversation: Conversation) -> None:
        """The branch changed at ``message_id``: build the messages from there on again."""
        index = next((i for i, w in enumerate(self.messages) if w.message.id == message_id),
                     None)
        if index is None:  # not built: the whole view
            self.show_conversation(conversation, self._model_names)
            return
        self.mark_memory_start(None)
        self._reveal = None
        for widget in self.messages[index:]:
            self._layout.removeWidget(widget)
            widget.deleteLater()
        del self.messages[index:]
        path = conversation.path()
        self._versions = conversation.versions()
        for widget in self.messages:
            widget.set_versions(*self._versions.get(widget.message.id, (0, 1)))
        for message in path[len(self._unbuilt) + index:]:
            self.add_message(message, self.author_for(message, self._model_names))
        if not path:
            self._placeholder.show()

    def set_actions_enabled(self, enabled: bool) -> None:
        """Branching and deleting wait while a reply streams."""
        self._actions_enabled = enabled
        for widget in self.messages:
            widget.set_actions_enabled(enabled)

    def _make_widget(self, message: Message, author: str) -> MessageWidget:
        widget = MessageWidget(message, author)
        widget.set_versions(*self._versions.get(message.id, (0, 1)))
        widget.set_actions_enabled(self._actions_enabled)
        widget.sig_edited.connect(self.sig_edited)
        widget.sig_regenerate.connect(self.sig_regenerate)
        widget.sig_delete.connect(self.sig_delete)
        widget.sig_sibling.connect(self.sig_sibling)
        return widget

    @property
    def unbuilt_count(self) -> int:
        return len(self._unbuilt)

    def load_earlier(self, count: int = PAGE) -> int:
        """Build up to ``count`` older messages above the others; the view stays put."""
        if not self._unbuilt:
            return 0
        page, self._unbuilt = self._unbuilt[-count:], self._unbuilt[:-count]
        bar = self.verticalScrollBar()
        from_bottom = bar.maximum() - bar.value()
        start = self._layout.indexOf(self.earlier_button) + 1
        built = []
        for offset, message in enumerate(page):
            widget = self._make_widget(message, self.author_for(message, self._model_names))
            self._layout.insertWidget(start + offset, widget)
            built.append(widget)
        self.messages[:0] = built
        self.earlier_button.setVisible(bool(self._unbuilt))
        # Keep the same text on screen (the same distance from the bottom) while the
        # new widgets are laid out; only then may reaching the top load more.
        self._keep_from_bottom = from_bottom
        QTimer.singleShot(150, self._stop_keeping)
        return len(built)

    def _stop_keeping(self) -> None:
        bar = self.verticalScrollBar()
        if self._keep_from_bottom is not None:
            bar.setValue(bar.maximum() - self._keep_from_bottom)
        self._keep_from_bottom = None
        if bar.value() == bar.minimum() and self._unbuilt:  # still at the top: go on
            QTimer.singleShot(0, lambda: self.load_earlier())

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheeling up at the very top builds the page before (the bar cannot move)."""
        bar = self.verticalScrollBar()
        if (event.angleDelta().y() > 0 and bar.value() == bar.minimum() and self._unbuilt
                and self._keep_from_bottom is None):
            self.load_earlier()
        super().wheelEvent(event)

    @staticmethod
    def author_for(message: Message, model_names: dict[str, str]) -> str:
        if message.role is Role.USER:
            return "You"
        return model_names.get(message.model_id or "", "Assistant")

    def add_message(self, message: Message, author: str) -> MessageWidget:
        self._placeholder.hide()
        widget = self._make_widget(message, author)
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
        index = next((i for i, m in enumerate(self._unbuilt) if m.id == message_id), None)
        if index is not None:  # an older message: build down to it first
            self.load_earlier(len(self._unbuilt) - index)
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
        bar = self.verticalScrollBar()
        self.follow = value >= bar.maximum() - _BOTTOM_SLACK
        if value == bar.minimum() and self._unbuilt and bar.maximum() > 0 \
                and self._reveal is None and self._keep_from_bottom is None:
            QTimer.singleShot(0, lambda: self.load_earlier())  # the user reached the top

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._keep_from_bottom is not None:
            self.verticalScrollBar().setValue(maximum - self._keep_from_bottom)
        elif self._reveal is not None:
            self.ensureWidgetVisible(self._reveal, 0, 40)
        elif self.follow:
            self.verticalScrollBar().setValue(maximum)

    def _stop_revealing(self) -> None:
        self._reveal = None
