"""The message input: multi-line; Enter sends, Shift+Enter starts a new line; files dropped
on it are attached to the message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.ui.attachment_tray import attachable, local_files


class ChatInput(QPlainTextEdit):
    """A text box that submits on Enter.

    Signals:
        sig_submit(): Enter was pressed (without Shift).
        sig_files(list): files were dropped on it, to attach (list of Path).
    """

    sig_submit = Signal()
    sig_files = Signal(list)

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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if attachable(local_files(event.mimeData())):
            event.acceptProposedAction()  # (not the files' paths as text)
        elif local_files(event.mimeData()):
            event.ignore()  # model files: the window adds them
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if attachable(local_files(event.mimeData())):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = attachable(local_files(event.mimeData()))
        if files:
            event.acceptProposedAction()
            self.sig_files.emit(files)
        else:
            super().dropEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            event.accept()
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)
