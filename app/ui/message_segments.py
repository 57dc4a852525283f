"""The pieces of a message's body: prose, code blocks, a reasoning model's thinking.

:class:`RichLabel` caches its height per width (a layout asks many times);
:class:`ProseSegment` shows Markdown prose, :class:`CodeSegment` a highlighted
code block with its Copy button (shown in chunks of lines, so streaming
re-highlights only the last), :class:`ThinkingSection` the collapsed thoughts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import IconButton
from app.ui.markdown_blocks import render_code, render_prose
from app.ui.message_actions import DONE_MS

_CODE_CHUNK_LINES = 40


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
        layout.setContentsMargins(12, 4, 8, 12)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        language = QLabel(lang or "code")
        language.setObjectName("codeLanguage")
        bar.addWidget(language)
        bar.addStretch(1)
        self.copy_button = IconButton("copy", self.tr("Copy"), self.tr("Copy code"))
        self.copy_button.setObjectName("codeCopy")
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.copy_button.clicked.connect(self._copy)
        bar.addWidget(self.copy_button)
        layout.addLayout(bar)
        self._done = QTimer(self)  # "Copied" for a moment, then "Copy" again
        self._done.setSingleShot(True)
        self._done.setInterval(DONE_MS)
        self._done.timeout.connect(self._copy_again)
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
        self.copy_button.set_icon_name("check")
        self._done.start()

    def _copy_again(self) -> None:
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.set_icon_name("copy")


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
