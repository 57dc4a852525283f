"""A one-line label that shortens its text in the middle when it has no room.

Long file paths (a models folder deep in a home folder, a model's file) would
otherwise set the minimum width of their whole window.  :class:`ElidedLabel`
shows as much as fits, with "…" in the middle, and keeps the whole text as its
tool tip, accessible name and description; its context menu's *Copy* copies all of it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_CHARACTERS = 12  # shown at least, "…" included


class ElidedLabel(QLabel):
    """A plain-text label elided in the middle to its width; the whole text is kept.

    Signals: those of :class:`QLabel`.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._full = self._copy = ""
        copy = QAction(self.tr("Copy"), self)
        copy.triggered.connect(self.copy_full_text)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.set_full_text(text)

    def set_full_text(self, text: str, copy_text: str | None = None) -> None:
        """Show ``text``, shortened to the label's width when it does not fit; *Copy*
        copies ``copy_text`` (a path without the words around it) or else ``text``."""
        self._full = text
        self._copy = text if copy_text is None else copy_text
        self.setToolTip(text)
        self.setAccessibleName(text)  # (screen readers read all of it, not the "…")
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self._fit()

    def full_text(self) -> str:
        return self._full

    def copy_full_text(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self._copy)

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + \
            margins.right()
        return QSize(width + 2, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * MIN_CHARACTERS
        return QSize(min(width, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # a new font size or theme: fit again
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                              max(room, 0))
        if shown != self.text():
            self.setText(shown)
