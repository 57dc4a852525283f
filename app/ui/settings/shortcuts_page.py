"""The Shortcuts page: every keyboard shortcut, read from the window's own actions."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

_MNEMONIC = re.compile(r"\(&\w\)")  # "新对话(&N)": the mnemonic written after the text


def _plain(text: str) -> str:
    """An action's text without its menu mnemonic (``&New chat``, ``新对话(&N)``)."""
    return _MNEMONIC.sub("", text).replace("&", "")


class ShortcutsPage(QWidget):
    """A table of the actions that have a shortcut (so it cannot drift from the truth)."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        rows = [(_plain(a.text()), a.shortcut().toString(
            QKeySequence.SequenceFormat.NativeText)) for a in actions if not a.shortcut().isEmpty()]
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._items: list[tuple[QTableWidgetItem, QTableWidgetItem]] = []
        for row, (name, keys) in enumerate(rows):
            items = (QTableWidgetItem(name), QTableWidgetItem(keys))
            self.table.setItem(row, 0, items[0])
            self.table.setItem(row, 1, items[1])
            self._items.append(items)
        layout.addWidget(self.table)

    def shortcuts(self) -> dict[str, str]:
        """What the table shows: action name -> shortcut."""
        return {name.text(): keys.text() for name, keys in self._items}
