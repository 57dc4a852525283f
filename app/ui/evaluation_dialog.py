"""The Evaluate dialog: perplexity on a text or multiple-choice accuracy on a task, for one
installed model, measured on the window's model thread.

The user picks the kind and the source (the sample Fireside ships, or a file of theirs:
``.txt``/``.md`` for a text, ``.jsonl`` for a task), which is read and checked off the
GUI thread at once, so a bad file is said before anything runs.  Start queues an
:class:`~app.ui.evaluation_job.EvaluationJob` behind any reply under way; a progress bar
follows it, Stop ends it at the next window or question and keeps nothing.  The result
is shown and kept in ``evaluations.json``; errors are sentences in the dialog.  Closing
the dialog while it runs asks whether to stop (it closes once the run has ended).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.context import AppContext
from app.core.evaluation.results import ResultsStore
from app.core.evaluation.runs import (
    CHOICES,
    PERPLEXITY,
    EvalSource,
    Kind,
    read_source,
    sample_path,
)
from app.core.evaluation.scoring_model import EvaluationError, EvaluationStopped
from app.core.installed import InstalledModel
from app.ui.background import Background
from app.ui.evaluation_job import EvalOutcome, EvaluationJob
from app.ui.evaluation_words import (
    about,
    progress_words,
    result_details,
    result_headline,
    source_facts,
)
from app.ui.i18n import say
from app.ui.model_card import NoteLabel
from app.ui.model_host import ModelHost


def _muted(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class EvaluationDialog(QDialog):
    """Evaluate one installed model (see the module docstring).

    Signals:
        sig_kept(object): a run ended and its :class:`EvalRecord` was saved.

    Attributes:
        job: the run under way or the last one (None before the first Start).
        source: the text or task read for the chosen kind and source (None: none usable).
    """

    sig_kept = Signal(object)

    def __init__(self, context: AppContext, host: ModelHost, model: InstalledModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationDialog")
        self.ctx = context
        self.host = host
        self.model = model
        self.job: EvaluationJob | None = None
        self.source: EvalSource | None = None
        self._files: dict[Kind, Path | None] = {PERPLEXITY: None, CHOICES: None}
        self._reading = 0  # the newest read of a source; older answers are dropped
        self._close_when_done = False
        self._background = Background(self)
        self.setWindowTitle(self.tr("Evaluate {model}").format(model=model.name))
        self.setMinimumWidth(520)
        self.resize(600, 10)  # as tall as its texts need (_fit)
        self._quiet = False  # switching the kind: one read of the source, not two
        self._build()
        self.choose_kind(PERPLEXITY)

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        title = QLabel(self.model.name)
        title.setObjectName("modelName")
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        file = _muted("modelPath")
        file.setText(self.model.path.name)
        layout.addWidget(file)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(QLabel(self.tr("Measure:")), 0, 0, Qt.AlignmentFlag.AlignTop)
        self.perplexity_radio = QRadioButton(self.tr("Perplexity on a text"))
        self.choices_radio = QRadioButton(self.tr("Multiple-choice accuracy on a task"))
        kinds = QButtonGroup(self)
        for row, (button, kind) in enumerate(((self.perplexity_radio, PERPLEXITY),
                                              (self.choices_radio, CHOICES))):
            kinds.addButton(button)
            button.toggled.connect(lambda on, k=kind: self._choose_kind(k) if on else None)
            grid.addWidget(button, row, 1, 1, 2)
        grid.addWidget(QLabel(self.tr("On:")), 2, 0, Qt.AlignmentFlag.AlignTop)
        self.sample_radio = QRadioButton()
        self.file_radio = QRadioButton(self.tr("A file of yours:"))
        sources = QButtonGroup(self)
        for button in (self.sample_radio, self.file_radio):
            sources.addButton(button)
            button.toggled.connect(self._source_toggled)
        grid.addWidget(self.sample_radio, 2, 1, 1, 2)
        self.file_label = _muted("modelPath")
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self._choose_file)
        chosen = QHBoxLayout()
        chosen.setSpacing(8)
        chosen.addWidget(self.file_radio)
        chosen.addWidget(self.file_label, 1)
        chosen.addWidget(self.choose_button)
        grid.addLayout(chosen, 3, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.source_label = _muted("verifyState")
        layout.addWidget(self.source_label)
        self.about_label = _muted("modelDescription")
        self.about_label.setTextFormat(Qt.TextFormat.PlainText)
        self.about_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.about_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setAccessibleName(self.tr("Evaluation progress"))
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.progress_label = NoteLabel("downloadProgress")
        layout.addWidget(self.progress_label)
        self.result_label = NoteLabel("modelName")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        self.details_label = NoteLabel("modelSource")
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details_label)
        self.error_label = NoteLabel("formError")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.error_label)
        self.wait_note = NoteLabel("modelSource")
        layout.addWidget(self.wait_note)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("primaryAction")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        for action in (self.start_button, self.stop_button, self.close_button):
            buttons.addWidget(action)
        layout.addLayout(buttons)

    # -- choosing -------------------------------------------------------------------------
    @property
    def kind(self) -> Kind:
        return PERPLEXITY if self.perplexity_radio.isChecked() else CHOICES

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def choose_kind(self, kind: Kind) -> None:
        """Measure perplexity on a text, or accuracy on a task."""
        (self.perplexity_radio if kind == PERPLEXITY else self.choices_radio).setChecked(True)

    def _choose_kind(self, kind: Kind) -> None:
        self.sample_radio.setText(self.tr("The sample Fireside ships ({file})").format(
            file=sample_path(kind).name))
        self.about_label.setText(about(kind))
        self._fit()
        if self._files[kind] is None or not self.file_radio.isChecked():
            self._quiet = True
            self.sample_radio.setChecked(True)
            self._quiet = False
        self._show_file()
        self._read_source()

    def _source_toggled(self, on: bool) -> None:
        if on and not self._quiet:
            self._read_source()

    def _show_file(self) -> None:
        path = self._files[self.kind]
        self.file_label.setText(path.name if path is not None else self.tr("none chosen"))
        self.file_label.setToolTip(str(path) if path is not None else "")

    def _choose_file(self) -> None:
        kind = self.kind
        folder = self._files[kind]
        where = str(folder.parent if folder is not None else Path.home())
        if kind == PERPLEXITY:
            title, kinds = self.tr("Choose a text"), self.tr(
                "Texts (*.txt *.md);;All files (*)")
        else:
            title, kinds = self.tr("Choose a task"), self.tr(
                "Tasks in JSON Lines (*.jsonl);;All files (*)")
        path, _ = QFileDialog.getOpenFileName(self, title, where, kinds)
        if path:
            self.use_file(Path(path))

    def use_file(self, path: Path) -> None:
        """Measure on ``path`` (a text or a task, for the kind chosen)."""
        self._files[self.kind] = path
        self._show_file()
        if self.file_radio.isChecked():
            self._read_source()
        else:
            self.file_radio.setChecked(True)  # (reads it)

    def _read_source(self) -> None:
        kind = self.kind
        path = sample_path(kind) if self.sample_radio.isChecked() else self._files[kind]
        self.source = None
        for label in (self.result_label, self.details_label, self.error_label):
            label.setText("")  # the last result was of another text or task
        self._reading += 1
        self._update_buttons()
        if path is None:
            self._show_source(self.tr("Choose a file to measure on."), "")
            return
        self._show_source(self.tr("Reading {file}…").format(file=path.name), "")
        ticket = self._reading
        self._background.run(lambda: read_source(kind, path),
                             lambda result: self._source_read(ticket, result),
                             (EvaluationError,))

    def _source_read(self, ticket: int, result: EvalSource | Exception) -> None:
        if ticket != self._reading:
            return  # another source was chosen meanwhile
        if isinstance(result, Exception):
            self._show_source(say(result), "bad")
        else:
            self.source = result
            self._show_source(source_facts(result), "")
        self._update_buttons()

    def _show_source(self, text: str, state: str) -> None:
        self.source_label.setText(text)
        if self.source_label.property("state") != state:
            self.source_label.setProperty("state", state)
            self.source_label.style().unpolish(self.source_label)
            self.source_label.style().polish(self.source_label)
        self._fit()

    def _update_buttons(self) -> None:
        running = self.running
        self.start_button.setEnabled(not running and self.source is not None)
        self.stop_button.setEnabled(running and not (self.job and self.job.stopping))
        for widget in (self.perplexity_radio, self.choices_radio, self.sample_radio,
                       self.file_radio, self.choose_button):
            widget.setEnabled(not running)

    # -- running --------------------------------------------------------------------------
    def start(self) -> None:
        """Queue the evaluation on the model thread (after a reply under way)."""
        if self.running or self.source is None:
            return
        job = EvaluationJob(self.host, self.model, self.source, checksums=self.ctx.checksums,
                            store=ResultsStore(self.ctx.paths.data_dir),
                            threads=self.ctx.settings.generation.threads,
                            closing=self.host.worker.closing, parent=self)
        job.sig_started.connect(self._on_started)
        job.sig_progress.connect(self._on_progress)
        job.sig_saving.connect(self._on_saving)
        job.sig_finished.connect(self._on_finished)
        self.job = job
        for label in (self.result_label, self.details_label, self.error_label):
            label.setText("")
        self.progress_bar.setRange(0, 0)  # busy until the first window or question is done
        self.progress_bar.show()
        self.progress_label.setText(self.tr(
            "Waiting for the model (a reply under way finishes first)…"))
        self.wait_note.setText(self.tr(
            "While this runs, a chat reply waits for it; the chat's model is loaded again "
            "for its next reply."))
        job.start()
        self._update_buttons()
        self._fit()

    def stop(self) -> None:
        """Stop the run at the next window or question; nothing is kept."""
        if not self.running or self.job is None:
            return
        self.job.stop()
        self.progress_label.setText(self.tr("Stopping…"))
        self._update_buttons()

    def _on_started(self) -> None:
        self.host.sig_status.emit(self.tr("Evaluating {model}…").format(model=self.model.name))
        if self.job is not None and not self.job.stopping:
            self.progress_label.setText(self.tr("Checking and loading {model}…").format(
                model=self.model.name))

    def _on_progress(self, done: int, total: int) -> None:
        if self.job is None or self.job.stopping:
            return
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)
        self.progress_label.setText(progress_words(self.job.source.kind, done, total))

    def _on_saving(self) -> None:
        self.progress_label.setText(self.tr("Saving the result…"))

    def _on_finished(self, outcome: object) -> None:
        self.progress_bar.hide()
        self.progress_label.setText("")
        self.wait_note.setText("")
        name = self.model.name
        if isinstance(outcome, EvalOutcome):
            self.result_label.setText(result_headline(outcome.measurement.result))
            self.details_label.setText(result_details(outcome.measurement.result))
            if outcome.save_error is not None:
                self.error_label.setText(self.tr("Measured, but not kept: {reason}").format(
                    reason=say(outcome.save_error)))
            if outcome.record is not None:
                self.wait_note.setText(self.tr(
                    "Kept with this model's results: the Installed tab and Results table… "
                    "show it."))
            status = self.tr("Evaluation of {model} finished").format(model=name)
        elif isinstance(outcome, EvaluationStopped):
            self.error_label.setText(self.tr("Stopped; nothing was saved."))
            status = self.tr("Evaluation of {model} stopped").format(model=name)
        else:
            error = outcome if isinstance(outcome, Exception) else RuntimeError(str(outcome))
            self.error_label.setText(say(error) if isinstance(error, EvaluationError) else
                                     self.tr("The evaluation failed: {reason}").format(
                                         reason=say(error)))
            status = self.tr("Evaluation of {model} failed").format(model=name)
        if not self.host.worker.closing.is_set():
            self.host.sig_status.emit(status)
        self._update_buttons()
        self._fit()
        if isinstance(outcome, EvalOutcome) and outcome.record is not None:
            self.sig_kept.emit(outcome.record)
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    def _fit(self) -> None:
        """Grow to show every line of the wrapped texts at the dialog's width (a window
        does not follow its labels' height for its width by itself)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    # -- closing --------------------------------------------------------------------------
    def reject(self) -> None:
        """Escape, the window's close button and Close: while running, ask to stop first."""
        if not self.running:
            super().reject()
            return
        answer = QMessageBox.question(
            self, self.tr("Stop the evaluation?"),
            self.tr("The evaluation of {model} is still running. Stop it and close? Nothing "
                    "is kept.").format(model=self.model.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._close_when_done = True
            self.stop()
