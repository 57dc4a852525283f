"""Evaluation in the Models window's Installed tab: each model's newest results on its row,
its Evaluate… button, and the results table across models.

Results are kept by the model file's sha256; a row looks it up in the checksum cache and
never hashes on the GUI thread.  When the cache does not know a file that has results
under its name (the file was touched, the cache cleared), it is hashed in the background
and the row filled in then.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QTabWidget, QToolButton, QWidget

from app.core.context import AppContext
from app.core.evaluation.results import EvalRecord, ResultsStore
from app.core.evaluation.table import latest_per_kind, summary_words
from app.core.installed import InstalledModel
from app.ui.background import Background
from app.ui.evaluation_dialog import EvaluationDialog
from app.ui.evaluation_table import ResultsTableDialog
from app.ui.i18n import say
from app.ui.installed_row import InstalledRow
from app.ui.model_host import ModelHost


class InstalledEvaluations(QObject):
    """The evaluation parts of the Installed tab (one Evaluate dialog at a time).

    Attributes:
        dialog: the Evaluate dialog last opened (None before).
        table: the results table, once opened.
    """

    def __init__(self, context: AppContext, host: ModelHost | None,
                 rows: Callable[[], dict[str, InstalledRow]], window: QWidget) -> None:
        super().__init__(window)
        self.ctx = context
        self.host = host
        self.store = ResultsStore(context.paths.data_dir)
        self.dialog: EvaluationDialog | None = None
        self.table: ResultsTableDialog | None = None
        self._rows = rows
        self._window = window
        self._background = Background(self)
        self._hashing: set[Path] = set()

    def add_table_button(self, tabs: QTabWidget) -> QToolButton:
        """Results table… in the room beside the tabs (it takes none from the tab pages),
        drawn light, as the cards' Details toggle, to fit the tab bar's height."""
        button = QToolButton()
        button.setObjectName("detailsToggle")
        button.setText(self.tr("Results table…"))
        button.setToolTip(self.tr("The evaluation results of every model, side by side."))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(self.open_table)
        tabs.setCornerWidget(button, Qt.Corner.TopRightCorner)
        return button

    def attach(self, row: InstalledRow) -> None:
        """Wire a new row's Evaluate… button (off without a model thread)."""
        row.sig_evaluate.connect(self.evaluate)
        row.evaluate_button.setEnabled(self.host is not None)

    def fill(self) -> None:
        """Show each row's newest results (from ``evaluations.json``)."""
        records = self.store.load()
        by_sha: dict[str, list[EvalRecord]] = {}
        for record in records:
            by_sha.setdefault(record.model_sha256, []).append(record)
        named = {record.model_file for record in records}
        for row in self._rows().values():
            path = row.model.path
            sha256 = self.ctx.checksums.cached(path)
            if sha256 is None and path.name in named:
                self._hash(path)
            mine = by_sha.get(sha256, []) if sha256 is not None else []
            row.set_results(" · ".join(say(summary_words(r)) for r in latest_per_kind(mine)))

    def _hash(self, path: Path) -> None:
        """Learn ``path``'s sha256 off the GUI thread, then fill the rows again."""
        if path in self._hashing:
            return
        self._hashing.add(path)
        checksums = self.ctx.checksums

        def hashed(_result: object) -> None:
            self._hashing.discard(path)
            if checksums.cached(path) is not None:  # (not again when the file is unreadable)
                self.fill()

        self._background.run(lambda: checksums.sha256(path), hashed, (OSError,))

    def evaluate(self, model_id: str) -> EvaluationDialog | None:
        """Open the Evaluate dialog for ``model_id`` (a run under way, or this model's dialog
        with its last result, is shown again instead)."""
        if self.host is None:
            return None
        if self.dialog is not None and (self.dialog.running or
                                        self.dialog.model.id == model_id):
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        model: InstalledModel | None = next(
            (m for m in self.ctx.all_installed if m.id == model_id), None)
        if model is None:
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = EvaluationDialog(self.ctx, self.host, model, self._window)
        self.dialog.sig_kept.connect(self._kept)
        self.dialog.show()
        return self.dialog

    def open_table(self) -> ResultsTableDialog:
        """The results table across models."""
        if self.table is None:
            self.table = ResultsTableDialog(self.store, self._window)
        else:
            self.table.refresh()
        self.table.show()
        self.table.raise_()
        return self.table

    def _kept(self, _record: EvalRecord) -> None:
        self.fill()
        if self.table is not None:
            self.table.refresh()
