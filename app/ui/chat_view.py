"""The conversation view: a scrolling column of :class:`MessageWidget`.

It follows a streaming reply only while the user is at the bottom: scrolling
up stops the following, scrolling back to the bottom resumes it.

Long chats are built lazily: opening one builds only its newest
:data:`PAGE` messages.  When the view comes within a few screens of the top,
older messages are built in small time-boxed batches between events, so they
exist before the user scrolls to them and no frame waits for a whole page;
what is on screen stays in place while they are laid out.  Older messages
live in :class:`MessageChunk` containers; a chunk far from view is folded to
its bare height and built again when the view comes back near it, so the
number of live widgets does not grow with the length of the chat.  Holding
the scroll bar's thumb at the top (or pressing Home) jumps to the first
message instead of building everything in between; at the bottom (or End),
back to the newest.

It shows the open branch of a chat (:meth:`Conversation.path`); when the
branch changes below some message, only the widgets from there on are
built again (:meth:`ChatView.replace_from`).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.core.conversation import Conversation, Message, Role
from app.ui.message_chunk import MessageChunk
from app.ui.message_widget import MessageWidget

_BOTTOM_SLACK = 24  # pixels from the bottom that still count as "at the bottom"
PAGE = 40  # messages built when a long chat opens (and per "Show earlier messages")
BUILD_AHEAD_SCREENS = 3  # build older messages once the view is this close to the top
BATCH_SECONDS = 0.005  # one batch of building, then the event loop runs again
CHUNK = 20  # older messages are laid out in containers of this many
FOLD_SCREENS = 8  # a chunk farther than this many screens from view is folded


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
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._content = QWidget()
        self._content.setObjectName("chatContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._layout.setSpacing(10)
        self._placeholder = QLabel(
            self.tr("<h2>Ask anything.</h2><p>Everything you type stays on this computer.</p>"))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setObjectName("placeholder")
        self._layout.addWidget(self._placeholder)
        self.earlier_button = QPushButton(self.tr("Show earlier messages"))
        self.earlier_button.setObjectName("earlierMessages")
        self.earlier_button.clicked.connect(lambda: self.load_earlier())
        self.earlier_button.hide()
        self._layout.addWidget(self.earlier_button)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self._bottom: list[MessageWidget] = []  # the newest messages, in the column itself
        self._chunks: list[MessageChunk] = []  # containers of older messages, topmost first
        self._path: list[Message] = []  # every message shown (built or not), oldest first
        self._unbuilt: list[Message] = []  # older messages not built yet, oldest first
        self._below: list[Message] = []  # later ones not built yet (opened at an old message)
        self._keep_from_bottom: int | None = None  # set while messages above are laid out
        self._adjusting = False  # the scroll bar is being moved by the view itself
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(150)
        self._keep_timer.timeout.connect(self._stop_keeping)
        self._ahead_timer = QTimer(self)  # builds older messages in batches, near the top
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setInterval(0)
        self._ahead_timer.timeout.connect(self._build_ahead)
        self._recycle_timer = QTimer(self)  # folds far chunks and unfolds near ones
        self._recycle_timer.setSingleShot(True)
        self._recycle_timer.setInterval(30)
        self._recycle_timer.timeout.connect(self._recycle)
        self._memory_start: str | None = None
        self._model_names: dict[str, str] = {}
        self._reveal: MessageWidget | None = None  # a search hit to keep in view
        self._memory_marker: QLabel | None = None
        self._versions: dict[str, tuple[int, int]] = {}  # message id -> (index, count)
        self._actions_enabled = True
        self.follow = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        # Home and End in the chat (actions, so the Shortcuts page lists them).
        self.first_action = self._key_action(self.tr("First message of the chat"),
                                             Qt.Key.Key_Home, self.jump_to_start)
        self.newest_action = self._key_action(self.tr("Newest message of the chat"),
                                              Qt.Key.Key_End, self.jump_to_end)

    def _key_action(self, text: str, key: Qt.Key, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @property
    def messages(self) -> list[MessageWidget]:
        """The message widgets that exist now, oldest first (folded ones are not built)."""
        return [w for chunk in self._chunks for w in chunk.widgets] + self._bottom

    def clear(self) -> None:
        for widget in [*self._bottom, *self._chunks]:
            self._remove(widget)
        self._bottom = []
        self._chunks = []
        self._path = []
        self._unbuilt = []
        self._below = []
        self.earlier_button.hide()
        self._placeholder.show()
        self.follow = True
        self._reveal = None
        self._keep_from_bottom = None
        self._keep_timer.stop()
        self._ahead_timer.stop()
        self._recycle_timer.stop()
        self.mark_memory_start(None)

    def show_conversation(self, conversation: Conversation | None,
                          model_names: dict[str, str]) -> None:
        self._model_names = dict(model_names)
        self._versions = conversation.versions() if conversation is not None else {}
        self._show_end(conversation.path() if conversation is not None else [])
        self.follow = True
        self.scroll_to_bottom()

    def _show_end(self, path: list[Message]) -> None:
        """Show ``path`` from its newest :data:`PAGE` messages (the rest is built later)."""
        self.clear()
        self._path = list(path)
        self._unbuilt = list(path[:-PAGE]) if len(path) > PAGE else []
        for message in path[len(self._unbuilt):]:
            self.add_message(message, self.author_for(message, self._model_names), False)
        self.earlier_button.setVisible(bool(self._unbuilt))

    def _show_around(self, depth: int, count: int = PAGE) -> None:
        """Show the path from a little before message ``depth`` on, ``count`` messages.

        Opening a long chat at an old message (a search hit) builds only the
        messages around it; those above and below are built as the view
        comes near them.
        """
        path = self._path
        start = max(0, depth - 4)
        end = min(len(path), start + count)
        self.clear()
        self._path = path
        self._unbuilt = list(path[:start])
        self._below = list(path[end:])
        chunk = None
        for message in path[start:end]:
            if chunk is None or len(chunk.entries) >= CHUNK:
                chunk = self._new_chunk(len(self._chunks))
            chunk.append(self._build(message))
        self.earlier_button.setVisible(bool(self._unbuilt))
        self._placeholder.setVisible(not path)
        self.follow = False

    def jump_to_start(self) -> None:
        """Show the chat from its first message; what follows is built as the view nears it.

        While a reply streams into the newest message it is not rebuilt: the view
        goes to the top of what is built, and older messages are built from there.
        """
        if not self._path:
            return
        if self._unbuilt and self._actions_enabled:  # (disabled: a reply is streaming)
            self._show_around(0, CHUNK)  # a screen or two; the rest as the view nears it
        self._keep_from_bottom = None
        self._keep_timer.stop()
        self.follow = False
        self._set_value(0)

    def jump_to_end(self) -> None:
        """Show the newest messages again and follow what is written there."""
        if self._below:
            self._show_end(self._path)
        self._keep_from_bottom = None
        self._keep_timer.stop()
        self.follow = True
        self.scroll_to_bottom()

    def replace_from(self, message_id: str, conversation: Conversation,
                     model_names: dict[str, str] | None = None) -> None:
        """The branch changed at ``message_id``: build the messages from there on again."""
        if model_names is not None:
            self._model_names = dict(model_names)
        index = next((i for i, w in enumerate(self._bottom) if w.message.id == message_id),
                     None)
        depth = next((i for i, m in enumerate(self._path) if m.id == message_id), None)
        if index is None or depth is None:  # an older message: build the view again there
            self.show_conversation(conversation, self._model_names)
            if depth is not None and depth < len(self._path):
                self.show_message(self._path[depth].id, highlight=False)
            return
        self.mark_memory_start(None)
        self._reveal = None
        for widget in self._bottom[index:]:
            self._remove(widget)
        del self._bottom[index:]
        self._path = conversation.path()
        self._versions = conversation.versions()
        for widget in self.messages:
            widget.set_versions(*self._versions.get(widget.message.id, (0, 1)))
        for message in self._path[depth:]:
            self.add_message(message, self.author_for(message, self._model_names), False)
        if not self._path:
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
        return self._build_older(count, None)

    def _build_older(self, count: int, budget_s: float | None) -> int:
        """Build older messages above the others, at most ``count`` or for ``budget_s``.

        What is on screen stays in place: the distance from the bottom is kept
        while the new widgets are laid out.
        """
        if not self._unbuilt:
            return 0
        bar = self.verticalScrollBar()
        if self._keep_from_bottom is None:
            self._keep_from_bottom = bar.maximum() - bar.value()
        self._keep_timer.start()  # (re)start: keep the place until layout settles
        deadline = time.perf_counter() + budget_s if budget_s is not None else None
        built = 0
        while self._unbuilt and built < count:
            message = self._unbuilt.pop()
            self._top_chunk().prepend(self._build(message))
            built += 1
            if deadline is not None and time.perf_counter() >= deadline:
                break
        self.earlier_button.setVisible(bool(self._unbuilt))
        return built

    def _build(self, message: Message) -> MessageWidget:
        return self._make_widget(message, self.author_for(message, self._model_names))

    def _top_chunk(self) -> MessageChunk:
        """The chunk older messages go into (a new one when the top one is full or folded)."""
        if not self._chunks or self._chunks[0].folded or len(self._chunks[0].entries) >= CHUNK:
            return self._new_chunk(0)
        return self._chunks[0]

    def _new_chunk(self, index: int) -> MessageChunk:
        """A new chunk at ``index`` among the chunks (they sit just below the button)."""
        chunk = MessageChunk(self._layout.spacing())
        self._layout.insertWidget(self._layout.indexOf(self.earlier_button) + 1 + index, chunk)
        self._chunks.insert(index, chunk)
        return chunk

    def _build_later(self, budget_s: float) -> None:
        """Build the next not-yet-built later messages (below the others) for ``budget_s``."""
        deadline = time.perf_counter() + budget_s
        while self._below:
            chunk = self._chunks[-1] if self._chunks else None
            if chunk is None or chunk.folded or len(chunk.entries) >= CHUNK:
                chunk = self._new_chunk(len(self._chunks))
            chunk.append(self._build(self._below.pop(0)))
            if time.perf_counter() >= deadline:
                break

    def _near_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.maximum() - bar.value() <= BUILD_AHEAD_SCREENS * self.viewport().height()

    def _recycle(self) -> None:
        """Fold chunks far from view; unfold (a batch at a time) those coming near."""
        if self._reveal is not None or not self._chunks:
            return
        top = self.verticalScrollBar().value()
        screen = max(1, self.viewport().height())
        bottom = top + screen
        more = False
        for chunk in self._chunks:
            y, height = chunk.y(), chunk.height()
            gap = max(y - bottom, top - (y + height), 0)  # 0: on screen
            if chunk.widgets and gap > FOLD_SCREENS * screen and not chunk.busy:
                self._fold(chunk)
            elif chunk.folded and gap <= BUILD_AHEAD_SCREENS * screen and not more:
                more = not self._unfold(chunk, BATCH_SECONDS, above=y + height <= top)
        if more:
            self._recycle_timer.start()

    def _fold(self, chunk: MessageChunk) -> None:
        marker_inside = self._memory_marker is not None and \
            self._memory_marker.parentWidget() is chunk
        chunk.fold()
        if marker_inside:
            self._memory_marker = None  # deleted with the chunk's widgets

    def _unfold(self, chunk: MessageChunk, budget_s: float | None, above: bool) -> bool:
        if above and self._keep_from_bottom is None:  # its height may differ: keep the place
            bar = self.verticalScrollBar()
            self._keep_from_bottom = bar.maximum() - bar.value()
            self._keep_timer.start()
        done = chunk.unfold(self._build, budget_s if budget_s is not None else 1e9)
        if done and self._memory_start and self._memory_marker is None and any(
                m.id == self._memory_start for m in chunk.entries):
            self.mark_memory_start(self._memory_start)
        return done

    @staticmethod
    def _remove(widget: QWidget) -> None:
        """Take a widget out of whichever layout holds it (the column or a chunk)."""
        parent = widget.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is not None:
            layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def _near_top(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() <= BUILD_AHEAD_SCREENS * self.viewport().height()

    def _build_ahead(self) -> None:
        """Near the top, build the next older messages a few at a time.

        Each batch takes at most :data:`BATCH_SECONDS`, then the event loop
        runs (wheel events, painting) before the next one, so scrolling stays
        smooth and the messages are there before the user reaches them.
        """
        if self._reveal is not None:
            return
        if self._below and self._near_bottom():
            self._build_later(BATCH_SECONDS)
        elif self._unbuilt and self._near_top():
            self._build_older(len(self._unbuilt), BATCH_SECONDS)
        else:
            return
        self._ahead_timer.start()

    def _stop_keeping(self) -> None:
        bar = self.verticalScrollBar()
        if self._keep_from_bottom is not None:
            self._set_value(bar.maximum() - self._keep_from_bottom)
        self._keep_from_bottom = None
        self._ahead_timer.start()
        self._recycle_timer.start()

    def _set_value(self, value: int) -> None:
        """Move the scroll bar ourselves (not the user: the kept place stays as it is)."""
        self._adjusting = True
        try:
            self.verticalScrollBar().setValue(value)
        finally:
            self._adjusting = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Wheeling up at the very top builds older messages (the bar cannot move)."""
        bar = self.verticalScrollBar()
        if event.angleDelta().y() > 0 and bar.value() == bar.minimum() and self._unbuilt:
            self._build_older(len(self._unbuilt), BATCH_SECONDS)
        super().wheelEvent(event)

    @staticmethod
    def author_for(message: Message, model_names: dict[str, str]) -> str:
        if message.role is Role.USER:
            return QCoreApplication.translate("ChatView", "You")
        return model_names.get(message.model_id or "",
                               QCoreApplication.translate("ChatView", "Assistant"))

    def add_message(self, message: Message, author: str, new: bool = True) -> MessageWidget:
        """Add a message at the bottom (``new``: it was just written, so it joins the path)."""
        if self._below:  # the view was opened at an old message: show the end first
            self._show_end(self._path)
        self._placeholder.hide()
        widget = self._make_widget(message, author)
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self._bottom.append(widget)
        if new:
            self._path.append(message)
        return widget

    def mark_memory_start(self, message_id: str | None) -> None:
        """Show where the model's memory begins (None: it still holds the whole chat)."""
        if self._memory_marker is not None:
            self._remove(self._memory_marker)
            self._memory_marker = None
        self._memory_start = message_id
        widget = next((w for w in self.messages if w.message.id == message_id), None)
        if widget is None:
            return
        marker = QLabel(self.tr("Earlier messages no longer fit in the model's memory (its "
                                "context window); it answers from here on."))
        marker.setObjectName("memoryStart")
        marker.setWordWrap(True)
        marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        holder = widget.parentWidget()
        if isinstance(holder, MessageChunk):
            holder.insert_before(widget, marker)
        else:
            self._layout.insertWidget(self._layout.indexOf(widget), marker)
        self._memory_marker = marker

    def show_message(self, message_id: str, highlight: bool = True) -> MessageWidget | None:
        """Scroll to a message (a search hit, marked) and keep it in view; stop following."""
        depth = next((i for i, m in enumerate(self._path) if m.id == message_id), None)
        if depth is not None and (depth < len(self._unbuilt) or depth >= len(self._path) - len(
                self._below)):
            above = len(self._unbuilt) - depth  # > 0: that many above what is built
            if 0 < above <= PAGE // 2:  # just above: build down to it
                self.load_earlier(above)
            else:  # far above, or below what is built: show the part of the chat around it
                self._show_around(depth)
        chunk = next((c for c in self._chunks if c.folded and
                      any(m.id == message_id for m in c.entries)), None)
        if chunk is not None:
            self._unfold(chunk, None, above=False)
        self._keep_from_bottom = None  # the message decides where the view is
        self._keep_timer.stop()
        widget = next((w for w in self.messages if w.message.id == message_id), None)
        if widget is None:
            return None
        self.follow = False
        self.ensureWidgetVisible(widget, 0, 40)
        # A freshly built chat is laid out over the next passes of the event loop:
        # keep the message in view as the scroll range grows, for a moment.
        self._reveal = widget
        QTimer.singleShot(500, self._stop_revealing)
        if highlight:
            widget.setProperty("found", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        return widget

    def scroll_to_bottom(self) -> None:
        self._set_value(self.verticalScrollBar().maximum())

    def _on_scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if bar.isSliderDown() and not self._adjusting:
            # The thumb held at an end of a long chat means "the start" ("the end"):
            # show it now rather than build every message in between.
            if value == bar.minimum() and len(self._unbuilt) > PAGE:
                QTimer.singleShot(0, self.jump_to_start)
            elif value == bar.maximum() and len(self._below) > PAGE:
                QTimer.singleShot(0, self.jump_to_end)
        self.follow = value >= bar.maximum() - _BOTTOM_SLACK and not self._below
        if self._keep_from_bottom is not None and not self._adjusting:
            self._keep_from_bottom = bar.maximum() - value  # the user scrolled meanwhile
        if self._reveal is None and not self._ahead_timer.isActive() and (
                (self._unbuilt and self._near_top()) or (self._below and self._near_bottom())):
            self._ahead_timer.start()
        if self._chunks and not self._recycle_timer.isActive():
            self._recycle_timer.start()

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._keep_from_bottom is not None:
            self._set_value(maximum - self._keep_from_bottom)
        elif self._reveal is not None:
            self.ensureWidgetVisible(self._reveal, 0, 40)
        elif self.follow:
            self._set_value(maximum)

    def _stop_revealing(self) -> None:
        self._reveal = None
        self._recycle_timer.start()
        self._ahead_timer.start()
