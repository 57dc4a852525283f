"""The tally of votes kept on this computer: wins, ties, losses and rating per model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.compare.tally import Standing


class _Number(QTableWidgetItem):
    """A cell that sorts by its number, not its text."""

    def __init__(self, value: float, text: str) -> None:
        super().__init__(text)
        self.setData(Qt.ItemDataRole.UserRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return float(self.data(Qt.ItemDataRole.UserRole)) < float(
            other.data(Qt.ItemDataRole.UserRole) or 0)


class TallyTable(QTableWidget):
    """One row per model voted on, best rating first (sortable by any column)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("compareTally")
        self.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Wins"), self.tr("Ties"),
                                        self.tr("Losses"), self.tr("Rating")])
        self.setAccessibleName(self.tr("Votes per model"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip(self.tr("Every model starts at a rating of 1000; a vote moves the "
                                "chosen model up and the others down, more so when the "
                                "chosen one was rated lower (Elo, K = 32)."))

    def show_standings(self, standings: list[Standing]) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(standings))
        for row, standing in enumerate(standings):
            name = QTableWidgetItem(standing.name)
            name.setToolTip(standing.model_id)
            self.setItem(row, 0, name)
            for column, value in enumerate((standing.wins, standing.ties, standing.losses),
                                           start=1):
                self.setItem(row, column, _Number(value, str(value)))
            self.setItem(row, 4, _Number(standing.rating, f"{standing.rating:.0f}"))
        self.setSortingEnabled(True)
        self.sortItems(4, Qt.SortOrder.DescendingOrder)
