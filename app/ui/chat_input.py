"""The message input: multi-line; Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class ChatInput(QPlainTextEdit):
    """A text box that submits on Enter.

    Signals:
        sig_submit(): Enter was pressed (without Shift).
    """

    sig_submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatInput")
        self.setAccessibleName(self.tr("Message"))
        self.setPlaceholderText(self.tr("Type a message — Enter sends, Shift+Enter adds a line"))
        self.setTabChangesFocus(True)
        self.document().contentsChanged.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow with the text from two lines up to eight, then scroll."""
        lines = max(2, min(8, int(self.document().size().height())))
        line_height = self.fontMetrics().lineSpacing()
        margins = self.contentsMargins()
        frame = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(lines * line_height + frame + 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            event.accept()
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)
