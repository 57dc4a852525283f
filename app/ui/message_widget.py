"""One chat message in the conversation view.

A message body is a column of segments (:mod:`app.ui.message_segments`):
prose (a rich-text label) and code blocks (highlighted, with a Copy button).
While a reply streams, finished blocks get their own segment once and only
the unfinished tail is re-rendered, so the cost of a flush does not grow
with the reply's length.  The header is the author, the status and the
actions (:mod:`app.ui.message_actions`: icons shown on hover or keyboard focus).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.core.conversation import Message, MessageStatus, Role
from app.core.reasoning import split_reasoning
from app.ui.attachment_chips import attachment_row
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.markdown_blocks import Block, BlockSplitter, split_blocks
from app.ui.message_actions import ActionButton, MessageActions, MessageEditor, SiblingNavigator
from app.ui.message_segments import CodeSegment, ProseSegment, RichLabel, ThinkingSection
from app.ui.sources_view import SourcesView, show_sources

__all__ = ["CodeSegment", "MessageEditor", "MessageWidget", "ProseSegment", "RichLabel",
           "SiblingNavigator", "ThinkingSection"]  # (the segments live in message_segments)

STATUS_NOTES = {  # translated where shown (context "MessageWidget")
    MessageStatus.STOPPED: QT_TRANSLATE_NOOP("MessageWidget", "stopped"),
    MessageStatus.INTERRUPTED: QT_TRANSLATE_NOOP(
        "MessageWidget", "interrupted (the app closed while it was answering)"),
    MessageStatus.LENGTH: QT_TRANSLATE_NOOP("MessageWidget", "cut off (length limit reached)"),
    MessageStatus.ERROR: QT_TRANSLATE_NOOP("MessageWidget", "failed"),
}


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
        layout.setContentsMargins(12, 8, 8, 12)
        layout.setSpacing(4)
        self._layout = layout
        header = QHBoxLayout()
        header.setSpacing(8)
        self.author_label = QLabel(author)
        self.author_label.setObjectName("messageAuthor")
        self.author_label.setTextFormat(Qt.TextFormat.PlainText)
        header.addWidget(self.author_label)
        self.status_label = QLabel()
        self.status_label.setObjectName("messageStatus")
        header.addWidget(self.status_label)
        header.addStretch(1)
        self.editor: MessageEditor | None = None
        self.action_row = MessageActions(message.role, self)
        if message.role is Role.USER:
            self.action_row.sig_branch.connect(self.start_editing)
        else:
            self.action_row.sig_branch.connect(lambda: self.sig_regenerate.emit(self.message.id))
        self.action_row.sig_delete.connect(lambda: self.sig_delete.emit(self.message.id))
        self.action_row.sig_copy.connect(self.copy_text)
        self.action_row.sig_step.connect(lambda step: self.sig_sibling.emit(self.message.id, step))
        header.addWidget(self.action_row)
        layout.addLayout(header)
        self.attachment_row = attachment_row(message.attachments, self)  # files it carried
        if self.attachment_row is not None:
            layout.addWidget(self.attachment_row)
        self.thinking: ThinkingSection | None = None
        self._body = QVBoxLayout()
        self._body.setSpacing(8)
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

    # -- versions and actions -------------------------------------------------
    @property
    def branch_button(self) -> ActionButton:
        """Edit (a question) or Regenerate (an answer)."""
        return self.action_row.branch_button

    @property
    def delete_button(self) -> ActionButton:
        return self.action_row.delete_button

    @property
    def copy_button(self) -> ActionButton:
        return self.action_row.copy_button

    @property
    def navigator(self) -> SiblingNavigator | None:
        """"‹ 2/3 ›", once the message has had other versions."""
        return self.action_row.navigator

    def set_versions(self, index: int, count: int) -> None:
        """This message is version ``index + 1`` of ``count`` (the navigator shows if > 1)."""
        self.action_row.set_versions(index, count)

    def set_actions_enabled(self, enabled: bool) -> None:
        """Editing, regenerating, deleting and switching versions wait while a reply streams."""
        self.action_row.set_enabled(enabled)

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
        self.action_row.copied()
        self.sig_copied.emit(self.source)
