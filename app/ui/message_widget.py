"""One chat message in the conversation view.

A message body is a column of segments: prose (a rich-text label) and code
blocks (highlighted, with a Copy button).  While a reply streams, finished
blocks get their own segment once and only the unfinished tail is
re-rendered, so the cost of a flush does not grow with the reply's length.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.conversation import Message, MessageStatus, Role
from app.core.reasoning import split_reasoning
from app.ui.attachment_chips import attachment_row
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.markdown_blocks import Block, BlockSplitter, render_code, render_prose, split_blocks
from app.ui.sources_view import SourcesView, show_sources

_CODE_CHUNK_LINES = 40

STATUS_NOTES = {  # translated where shown (context "MessageWidget")
    MessageStatus.STOPPED: QT_TRANSLATE_NOOP("MessageWidget", "stopped"),
    MessageStatus.INTERRUPTED: QT_TRANSLATE_NOOP(
        "MessageWidget", "interrupted (the app closed while it was answering)"),
    MessageStatus.LENGTH: QT_TRANSLATE_NOOP("MessageWidget", "cut off (length limit reached)"),
    MessageStatus.ERROR: QT_TRANSLATE_NOOP("MessageWidget", "failed"),
}


class RichLabel(QLabel):
    """A word-wrapped rich-text label that remembers its height for each width.

    ``QLabel`` lays its whole document out again on every ``heightForWidth``
    call, and a layout asks many times per change (once per enclosing
    layout, for hints and geometry).  While a reply streams that was most of
    the GUI thread's time; caching per width until the text, font or style
    changes makes it one layout per change.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: dict[int, int] = {}
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setOpenExternalLinks(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


class ProseSegment(RichLabel):
    """A run of Markdown prose rendered as Qt rich text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prose")

    def set_markdown(self, text: str) -> None:
        self.setText(render_prose(text))


class CodeSegment(QFrame):
    """A fenced code block: language, Copy button, highlighted code.

    Long code is shown in chunks of lines so that streaming re-highlights
    only the last chunk.
    """

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeBlock")
        self.lang = lang
        self.code = ""
        self._chunks: list[RichLabel] = []
        self._frozen_lines = 0  # lines already shown in finished chunks
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(lang or "code"))
        bar.addStretch(1)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy code"))
        self.copy_button.clicked.connect(self._copy)
        bar.addWidget(self.copy_button)
        layout.addLayout(bar)
        self._body = QVBoxLayout()
        self._body.setSpacing(0)
        layout.addLayout(self._body)

    def set_code(self, code: str) -> None:
        self.code = code
        lines = code.split("\n")
        while len(lines) - self._frozen_lines > _CODE_CHUNK_LINES:
            start = self._frozen_lines
            self._tail_label().setText(
                render_code("\n".join(lines[start:start + _CODE_CHUNK_LINES]), self.lang))
            self._chunks.append(RichLabel())  # a fresh tail chunk
            self._body.addWidget(self._chunks[-1])
            self._frozen_lines += _CODE_CHUNK_LINES
        self._tail_label().setText(render_code("\n".join(lines[self._frozen_lines:]),
                                               self.lang))

    def _tail_label(self) -> RichLabel:
        if not self._chunks:
            self._chunks.append(RichLabel())
            self._body.addWidget(self._chunks[-1])
        return self._chunks[-1]

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code.rstrip("\n"))
        self.copy_button.setText(self.tr("Copied"))


class ThinkingSection(QFrame):
    """A reasoning model's thinking, collapsed under "Thought for N s".

    While the model thinks the button says "Thinking…"; the text itself is
    only laid out when the user opens the section (it can be long).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thinking")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)
        layout.addWidget(self.toggle)
        self.body = QLabel()
        self.body.setObjectName("thinkingText")
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.hide()
        layout.addWidget(self.body)
        self.text = ""

    def show_thinking(self, text: str, still_thinking: bool, seconds: float | None) -> None:
        self.text = text
        if still_thinking:
            label = self.tr("Thinking…")
        elif seconds is not None:
            label = self.tr("Thought for {seconds} s").format(seconds=max(1, round(seconds)))
        else:
            label = self.tr("Thoughts")
        self.toggle.setText(label)
        self.toggle.setAccessibleName(label)
        if self.toggle.isChecked():
            self.body.setText(text)

    def _toggled(self, opened: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        if opened:
            self.body.setText(self.text)
        self.body.setVisible(opened)


class SiblingNavigator(QWidget):
    """"‹ 2/3 ›": which version of a message is shown, and buttons to the others.

    Signals:
        sig_step(int): -1 for the previous version, +1 for the next.
    """

    sig_step = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous = QToolButton()
        self.previous.setText("‹")
        self.previous.setAutoRaise(True)
        self.previous.setAccessibleName(self.tr("Previous version"))
        self.previous.clicked.connect(lambda: self.sig_step.emit(-1))
        self.label = QLabel()
        self.label.setObjectName("siblingPosition")
        self.next = QToolButton()
        self.next.setText("›")
        self.next.setAutoRaise(True)
        self.next.setAccessibleName(self.tr("Next version"))
        self.next.clicked.connect(lambda: self.sig_step.emit(1))
        for widget in (self.previous, self.label, self.next):
            layout.addWidget(widget)

    def set_position(self, index: int, count: int) -> None:
        """Show version ``index + 1`` of ``count``."""
        self.label.setText(f"{index + 1}/{count}")
        self.label.setAccessibleName(self.tr("Version {number} of {count}").format(
            number=index + 1, count=count))
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < count - 1)


class MessageEditor(QFrame):
    """Editing a question in place: the text, then Send (a new branch) or Cancel.

    Signals:
        sig_submit(str): the edited text, to be sent as a new version.
        sig_cancel(): editing ended without a change.
    """

    sig_submit = Signal(str)
    sig_cancel = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageEditor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName(self.tr("Edit message"))
        self.text.setMinimumHeight(80)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.sig_cancel)
        buttons.addWidget(self.cancel_button)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send edited message"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._submit)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, self._submit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.text, self.sig_cancel.emit)

    def _submit(self) -> None:
        self.sig_submit.emit(self.text.toPlainText())


class MessageWidget(QFrame):
    """A message: who wrote it, its body, its status, and what can be done with it.

    Questions can be edited (the edit is sent as a new version), answers
    regenerated (a new version too); any message can be deleted with what
    follows it.  When a message has other versions, "‹ 2/3 ›" moves between
    them.  The widget only asks; the window decides.

    Signals:
        sig_copied(str): the message text was copied to the clipboard.
        sig_edited(str, str): message id and its edited text, to send as a new version.
        sig_regenerate(str): message id of an answer to write again.
        sig_delete(str): message id to delete with what follows it.
        sig_sibling(str, int): message id and -1/+1 to show another version.
    """

    sig_copied = Signal(str)
    sig_edited = Signal(str, str)
    sig_regenerate = Signal(str)
    sig_delete = Signal(str)
    sig_sibling = Signal(str, int)

    def __init__(self, message: Message, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.setObjectName("userMessage" if message.role is Role.USER else "assistantMessage")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        self._layout = layout
        header = QHBoxLayout()
        self.author_label = QLabel(f"<b>{author}</b>")
        header.addWidget(self.author_label)
        self.status_label = QLabel()
        self.status_label.setObjectName("messageStatus")
        header.addWidget(self.status_label)
        header.addStretch(1)
        self._header = header
        self.navigator: SiblingNavigator | None = None
        self.editor: MessageEditor | None = None
        if message.role is Role.USER:
            self.branch_button = self._header_button(self.tr("Edit"),
                                                    self.tr("Edit and send again"))
            self.branch_button.clicked.connect(self.start_editing)
        else:
            self.branch_button = self._header_button(self.tr("Regenerate"),
                                                    self.tr("Regenerate answer"))
            self.branch_button.clicked.connect(
                lambda: self.sig_regenerate.emit(self.message.id))
        self.delete_button = self._header_button(self.tr("Delete"), self.tr("Delete message"))
        self.delete_button.clicked.connect(lambda: self.sig_delete.emit(self.message.id))
        self.copy_button = self._header_button(self.tr("Copy"), self.tr("Copy message"))
        self.copy_button.clicked.connect(self.copy_text)
        layout.addLayout(header)
        self.attachment_row = attachment_row(message.attachments, self)  # files it carried
        if self.attachment_row is not None:
            layout.addWidget(self.attachment_row)
        self.thinking: ThinkingSection | None = None
        self._body = QVBoxLayout()
        self._body.setSpacing(6)
        layout.addLayout(self._body)
        self._segments: list[QWidget] = []
        self._fed = ""  # the answer text the block splitter has seen
        self._splitter: BlockSplitter | None = None
        self._tail: QWidget | None = None
        self._tail_kind: str | None = None
        self.source = ""
        self.sources_view: SourcesView | None = None  # LocalDocs, under an answer
        if message.status is MessageStatus.STREAMING:
            self._splitter = BlockSplitter()
        else:
            self.set_final(message.content, message.status)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the layout allows, but no minimum height.

        Qt's minimum for a column of word-wrapped text is its height at the
        narrowest width, far taller than at the real width.  Summed over a
        long chat, that made the scroll area's content screens taller than
        the messages, and a long chat opened on empty space.  The real height
        comes from height-for-width.
        """
        return QSize(super().minimumSizeHint().width(), 0)

    def _header_button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setFlat(True)
        self._header.addWidget(button)
        return button

    # -- versions and actions -------------------------------------------------
    def set_versions(self, index: int, count: int) -> None:
        """This message is version ``index + 1`` of ``count`` (the navigator shows if > 1)."""
        if count <= 1 and self.navigator is None:
            return
        if self.navigator is None:
            self.navigator = SiblingNavigator(self)
            self.navigator.sig_step.connect(lambda step: self.sig_sibling.emit(
                self.message.id, step))
            self._header.insertWidget(self._header.indexOf(self.branch_button), self.navigator)
        self.navigator.set_position(index, count)
        self.navigator.setVisible(count > 1)

    def set_actions_enabled(self, enabled: bool) -> None:
        """Editing, regenerating, deleting and switching versions wait while a reply streams."""
        for widget in (self.branch_button, self.delete_button, self.navigator):
            if widget is not None:
                widget.setEnabled(enabled)

    def start_editing(self) -> MessageEditor:
        """Show the question in an editor in place of its text."""
        if self.editor is None:
            self.editor = MessageEditor(self.message.content, self)
            self.editor.sig_submit.connect(self._edited)
            self.editor.sig_cancel.connect(self.stop_editing)
            self._layout.addWidget(self.editor)
        for widget in self._segments:
            widget.hide()
        self.editor.show()
        self.editor.text.setFocus()
        return self.editor

    def stop_editing(self) -> None:
        if self.editor is not None:
            self._layout.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        for widget in self._segments:
            widget.show()

    def _edited(self, text: str) -> None:
        text = text.strip()
        if not text or text == self.message.content.strip():
            self.stop_editing()  # nothing changed: no new version
            return
        self.sig_edited.emit(self.message.id, text)

    # -- content ----------------------------------------------------------
    def _add_segment(self, block: Block) -> QWidget:
        widget: QWidget
        if block.kind == "code":
            code = CodeSegment(block.lang, self)
            code.set_code(block.text)
            widget = code
        else:
            prose = ProseSegment(self)
            prose.set_markdown(block.text)
            widget = prose
        self._body.addWidget(widget)
        self._segments.append(widget)
        return widget

    def _clear(self) -> None:
        for widget in self._segments:
            self._body.removeWidget(widget)
            widget.deleteLater()
        self._segments.clear()
        self._tail = None
        self._tail_kind = None
        self._fed = ""

    def _show_thinking(self, thinking: str | None, still_thinking: bool) -> None:
        if thinking is None:
            return
        if self.thinking is None:
            self.thinking = ThinkingSection(self)
            self._body.insertWidget(0, self.thinking)
        self.thinking.show_thinking(thinking, still_thinking, self.message.thinking_seconds)

    def set_final(self, text: str, status: MessageStatus, note: str | None = None) -> None:
        """Show a finished message (one render of the whole text)."""
        self._clear()
        self.source = text
        self._splitter = None
        split = split_reasoning(text)
        self._show_thinking(split.thinking, False)
        for block in split_blocks(split.answer):
            self._add_segment(block)
        self.set_status(status, note)
        self.sources_view = show_sources(self, self._layout, self.message.sources,
                                         self.sources_view)

    def stream_to(self, text: str) -> None:
        """The streaming reply is now ``text``: render new blocks and the tail only."""
        self.source = text
        split = split_reasoning(text)
        self._show_thinking(split.thinking, split.thinking_open)
        answer = split.answer
        if self._splitter is None or not answer.startswith(self._fed):
            self._clear()  # what looked like answer turned out to be thinking
            self._splitter = BlockSplitter()
        self._fed = answer
        finished, tail = self._splitter.feed(answer)
        for block in finished:
            if self._tail is not None and self._tail_kind == block.kind:
                self._update_tail(block)  # the tail widget becomes this finished block
                self._tail = None
                self._tail_kind = None
            else:
                self._drop_tail()
                self._add_segment(block)
        if tail is not None:
            if self._tail is not None and self._tail_kind == tail.kind:
                self._update_tail(tail)
            else:
                self._drop_tail()
                self._tail = self._add_segment(tail)
                self._tail_kind = tail.kind

    def _update_tail(self, block: Block) -> None:
        if isinstance(self._tail, CodeSegment):
            if self._tail.lang != block.lang:  # the fence line was still being written
                self._drop_tail()
                self._tail = self._add_segment(block)
                self._tail_kind = block.kind
                return
            self._tail.set_code(block.text)
        elif isinstance(self._tail, ProseSegment):
            self._tail.set_markdown(block.text)

    def _drop_tail(self) -> None:
        if self._tail is not None:
            self._body.removeWidget(self._tail)
            self._segments.remove(self._tail)
            self._tail.deleteLater()
            self._tail = None
            self._tail_kind = None

    def finish_stream(self, text: str, status: MessageStatus, note: str | None = None) -> None:
        """The reply ended: make sure everything is shown and mark how it ended."""
        # The end of the text ends its last line (so a closing fence counts).
        ended = text if text.endswith("\n") else text + "\n"
        if ended != self.source:
            self.stream_to(ended)
        split = split_reasoning(text)
        self._show_thinking(split.thinking, False)
        self.source = text
        self._splitter = None
        self._tail = None
        self._tail_kind = None
        self.set_status(status, note)
        self.sources_view = show_sources(self, self._layout, self.message.sources,
                                         self.sources_view)

    def set_status(self, status: MessageStatus, note: str | None = None) -> None:
        self.message.status = status
        text = note or QCoreApplication.translate("MessageWidget", STATUS_NOTES.get(status, ""))
        if not note and status not in STATUS_NOTES:
            text = ""
        self.status_label.setText(f"<i>— {text}</i>" if text else "")
        self.status_label.setToolTip(text)

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.source)
        self.sig_copied.emit(self.source)
