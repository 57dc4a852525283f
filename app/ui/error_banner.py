"""A dismissable message above the chat: load failures, refused files, send problems."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class ErrorBanner(QFrame):
    """A dismissable message at the top of the chat for errors the user can act on,
    with an optional button that does the fix (e.g. "Fix the template…")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self._act)
        self.action_button.hide()
        layout.addWidget(self.action_button)
        self._action: Callable[[], object] | None = None
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, action_label: str | None = None,
                     action: Callable[[], object] | None = None) -> None:
        """Show ``text``; with ``action``, a button labelled ``action_label`` runs it."""
        self.label.setText(text)
        self._action = action
        self.action_button.setText(action_label or "")
        self.action_button.setAccessibleName(action_label or "")
        self.action_button.setVisible(action is not None)
        self.show()

    def _act(self) -> None:
        if self._action is not None:
            self._action()
