"""The table of kept evaluation results across models: a row per model file, a column per
text (perplexity) and per task (accuracy); sortable, each cell's date and settings in its
tooltip, and copied as Markdown or CSV.  The table itself is
:func:`app.core.evaluation.table.results_table`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.evaluation.results import EvalRecord, ResultsStore
from app.core.evaluation.table import (
    ResultsTable,
    as_csv,
    as_markdown,
    cell_words,
    result_words,
    results_table,
    settings_words,
    short_date,
)
from app.ui.i18n import say
from app.ui.model_card import NoteLabel

SORT_KEY = Qt.ItemDataRole.UserRole + 1


class _Item(QTableWidgetItem):
    """A cell sorted by its number (empty cells last), not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_KEY), other.data(SORT_KEY)
        if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
            return float(mine) < float(theirs)
        if isinstance(mine, str) and isinstance(theirs, str):
            return mine.lower() < theirs.lower()
        return theirs is None and mine is not None  # a value before an empty cell


class ResultsTableDialog(QDialog):
    """The results kept in ``evaluations.json``, one row per model file.

    Attributes:
        table: the grid; :attr:`results` what it shows.
    """

    def __init__(self, store: ResultsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationTable")
        self.store = store
        self.results = ResultsTable([], [])
        self.setWindowTitle(self.tr("Evaluation results — Fireside"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        note = QLabel(self.tr(
            "Lower perplexity is better, and it compares quantizations of one model only: "
            "models with different tokenizers count different tokens. Higher accuracy is "
            "better. Each cell is the newest result; hover it for its date and settings."))
        note.setObjectName("modelDescription")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.empty_label = NoteLabel("modelSource")
        layout.addWidget(self.empty_label)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(self.tr("Evaluation results"))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.copy_markdown_button = QPushButton(self.tr("Copy as Markdown"))
        self.copy_markdown_button.clicked.connect(lambda: self._copy(as_markdown(
            self.results, say)))
        self.copy_csv_button = QPushButton(self.tr("Copy as CSV"))
        self.copy_csv_button.clicked.connect(lambda: self._copy(as_csv(self.results, say)))
        self.copied_label = QLabel()
        self.copied_label.setObjectName("modelSource")
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        for widget in (self.copy_markdown_button, self.copy_csv_button):
            buttons.addWidget(widget)
        buttons.addWidget(self.copied_label, 1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the kept results again and show them."""
        self.results = results_table(self.store.load())
        columns, rows = self.results.columns, self.results.rows
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(1 + len(columns))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([self.tr("Model"),
                                              *(say(c.title) for c in columns)])
        for index, column in enumerate(columns, start=1):
            header = self.table.horizontalHeaderItem(index)
            if header is not None:
                header.setToolTip(self.tr("Lower is better") if column.kind == "perplexity"
                                  else self.tr("Higher is better"))
        for row_index, row in enumerate(rows):
            name = _Item(row.model_name)
            name.setData(SORT_KEY, row.model_name)
            name.setToolTip(f"{row.model_file}\nsha256 {row.sha256}")
            self.table.setItem(row_index, 0, name)
            for index in range(len(columns)):
                record = row.cells.get(index)
                self.table.setItem(row_index, index + 1, self._cell(record))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._fit_columns()
        has_rows = bool(rows)
        self.empty_label.setText("" if has_rows else self.tr(
            "No results yet: Evaluate… beside an installed model measures one."))
        for button in (self.copy_markdown_button, self.copy_csv_button):
            button.setEnabled(has_rows)

    def _fit_columns(self) -> None:
        """Wide enough for every column (up to most of the screen; it scrolls beyond)."""
        header = self.table.horizontalHeader()
        need = sum(header.sectionSize(i) for i in range(header.count())) + \
            2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        layout = self.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            need += margins.left() + margins.right()
        screen = self.screen()
        room = int(screen.availableGeometry().width() * 0.9) if screen is not None else need
        if need > self.width():
            self.resize(min(need, room), self.height())

    def _cell(self, record: EvalRecord | None) -> _Item:
        if record is None:
            item = _Item("")
            item.setData(SORT_KEY, None)
            return item
        item = _Item(say(cell_words(record)))
        key = "perplexity" if record.kind == "perplexity" else "accuracy"
        value = record.metrics.get(key)
        item.setData(SORT_KEY, float(value) if isinstance(value, (int, float)) else None)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        data = "text_sha256" if record.kind == "perplexity" else "task_sha256"
        item.setToolTip("\n".join([
            say(result_words(record)), say(settings_words(record)),
            self.tr("{file}: sha256 {sha256}").format(
                file=record.settings.get("text", record.settings.get("task", "?")),
                sha256=str(record.settings.get(data, "?"))[:16] + "…"),
            self.tr("Measured {date} UTC as {model}").format(date=short_date(record),
                                                             model=record.model_file)]))
        return item

    def _copy(self, text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
        self.copied_label.setText(self.tr("Copied."))
