"""Chat → Compare models…: one prompt to 2–4 models, their answers side by side.

The question is :class:`~app.ui.compare_form.CompareForm`; each answer is an
:class:`~app.ui.compare_column.AnswerColumn`, filled as it streams by a
:class:`~app.ui.compare_job.CompareJob` (local models one after another on the window's
model thread, remote ones through their provider; nothing here calls llama.cpp).  When
all have answered, the comparison is kept (``compare.sqlite3``): the user may pick the
better answer or a tie (names hidden until then in blind mode), which goes into the
tally below; continue an answer as an ordinary chat; or export it as Markdown or JSON.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.compare.export import continue_as_chat, export_to_file, label
from app.core.compare.records import Answer, Comparison
from app.core.compare.runner import CompareRequest, CompareRunner, Contender
from app.core.compare.votes import CompareStore
from app.core.context import AppContext
from app.core.model_slot import ModelRunner
from app.core.network import is_offline
from app.core.presets import all_presets, find_preset
from app.core.providers import Provider, remote_models
from app.core.secrets import SecretStore
from app.core.texts import UserError
from app.ui.compare_column import AnswerColumn
from app.ui.compare_form import Choice, CompareForm
from app.ui.compare_job import CompareJob
from app.ui.compare_tally import TallyTable
from app.ui.i18n import lookup, say

log = logging.getLogger(__name__)


class CompareWindow(QWidget):
    """The Compare window (one per main window, kept while it is open).

    Signals:
        sig_open_chat(str): a comparison was continued as this chat (its id).
        sig_running(bool): a comparison started (True) or ended (False).
    """

    sig_open_chat = Signal(str)
    sig_running = Signal(bool)

    def __init__(self, context: AppContext, runner: ModelRunner, secrets: SecretStore,
                 providers: Callable[[], list[Provider]], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = context
        self.runner = runner
        self.secrets = secrets
        self._providers = providers
        self.job: CompareJob | None = None
        self.comparison: Comparison | None = None
        self.columns: list[AnswerColumn] = []
        self._store: CompareStore | None = None
        self.setObjectName("compareWindow")
        self.setWindowTitle(self.tr("Compare models"))
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.form = CompareForm()
        self.form.sig_compare.connect(self.compare)
        self.form.sig_stop.connect(self.stop)
        layout.addWidget(self.form)
        self.note = QLabel()
        self.note.setObjectName("compareNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.note)
        self.answers = QWidget()
        self.answers.setObjectName("compareAnswers")
        self._columns_row = QHBoxLayout(self.answers)
        self._columns_row.setContentsMargins(0, 0, 0, 0)
        self._columns_row.setSpacing(8)
        layout.addWidget(self.answers, 1)
        bottom = QHBoxLayout()
        self.tie_button = QPushButton(self.tr("It's a tie"))
        self.tie_button.setToolTip(self.tr("Neither answer is better"))
        self.tie_button.clicked.connect(lambda: self.vote(None))
        self.tie_button.hide()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save this comparison as Markdown or JSON"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        self.tally_toggle = QToolButton()
        self.tally_toggle.setText(self.tr("Votes on this computer"))
        self.tally_toggle.setCheckable(True)
        self.tally_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tally_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.tally_toggle.toggled.connect(self._show_tally)
        bottom.addWidget(self.tie_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.tally_toggle)
        layout.addLayout(bottom)
        self.tally = TallyTable()
        self.tally.setMaximumHeight(170)
        self.tally.hide()
        layout.addWidget(self.tally)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self).activated.connect(
            self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self._escape)
        self.refresh()
        self._say(self._local_note())

    # -- what is offered --------------------------------------------------------------
    def refresh(self) -> None:
        """Offer the models and presets as they are now."""
        choices: list[Choice] = list(self.ctx.installed)
        if not is_offline():
            choices += remote_models(self._providers())
        self.form.set_choices(choices)
        self.form.set_presets(all_presets(self.ctx.settings.presets))

    def _contenders(self) -> list[Contender] | None:
        ids = self.form.chosen_ids()
        if len(ids) < len(self.form.pickers):
            self._say(self.tr("Install a model first: there is nothing to compare."), "bad")
            return None
        installed = {m.id: m for m in self.ctx.installed}
        remote = {m.id: m for m in remote_models(self._providers())}
        found = []
        for model_id in ids:
            if model_id in installed:
                found.append(Contender(model_id, local=installed[model_id]))
            elif model_id in remote and not is_offline():
                found.append(Contender(remote[model_id].ref, remote=remote[model_id]))
            else:
                self._say(self.tr("A chosen model is no longer here; choose again."), "bad")
                self.refresh()
                return None
        return found

    # -- running ----------------------------------------------------------------------
    def compare(self) -> bool:
        """Send the prompt to the chosen models; False (and why, in the note) if not."""
        if self.job is not None:
            return False
        prompt = self.form.prompt.toPlainText().strip()
        if not prompt:
            self._say(self.tr("Write the prompt the models answer."), "bad")
            self.form.prompt.setFocus()
            return False
        contenders = self._contenders()
        if contenders is None:
            return False
        blind = self.form.blind.isChecked()
        if blind:
            random.shuffle(contenders)  # "Model 1" is not always the first one picked
        preset = find_preset(self.form.preset_name(), self.ctx.settings.presets)
        system = self.form.system_prompt.text().strip() or None
        request = CompareRequest(prompt, system, preset, blind=blind)
        self._clear_answers()
        for index, contender in enumerate(contenders):
            name = self.tr("Model {number}").format(number=index + 1) if blind \
                else contender.name
            column = AnswerColumn(index, name)
            column.sig_vote.connect(self.vote)
            column.sig_continue.connect(self.continue_as_chat)
            self.columns.append(column)
            self._columns_row.addWidget(column, 1)  # equal widths, whatever each holds
        leaving = [c.remote for c in contenders if c.remote is not None]
        if leaving:
            self._say(self.tr("The prompt goes to {hosts}: it leaves this computer.").format(
                hosts=", ".join(sorted({m.host for m in leaving}))))
        else:
            self._say(self._local_note())
        runner = CompareRunner(self.ctx.settings, self.runner, self.secrets, lookup)
        self.job = CompareJob(runner, contenders, request, self)
        self.job.sig_started.connect(lambda i: self.columns[i].set_started())
        self.job.sig_text.connect(lambda i, text: self.columns[i].append(text))
        self.job.sig_answered.connect(self._answered)
        self.job.sig_finished.connect(self._finished)
        self.form.set_running(True)
        self.export_button.setEnabled(False)
        self.job.start()
        self.sig_running.emit(True)
        return True

    def stop(self) -> None:
        """Stop the answer under way; the models after it are not asked."""
        if self.job is not None:
            self.job.stop()
            self.form.stop_button.setEnabled(False)
            self._say(self.tr("Stopping…"))

    @property
    def running(self) -> bool:
        return self.job is not None

    def _local_note(self) -> str:
        return self.tr("Local models answer one after another, each loaded on its own; a "
                       "chat reply waits its turn.")

    def _clear_answers(self) -> None:
        for column in self.columns:
            column.hide()
            column.deleteLater()
        self.columns = []
        self.comparison = None
        self.tie_button.hide()

    def _answered(self, index: int, answer: Answer) -> None:
        self.columns[index].set_answer(answer, blind=self.form.blind.isChecked())

    def _finished(self, comparison: Comparison | None) -> None:
        stopped = self.job is not None and self.job.stopping
        self.job = None
        self.form.set_running(False)
        self.sig_running.emit(False)
        if comparison is None:
            self._say(self.tr("The comparison failed. The details are in Fireside's log."),
                      "bad")
            return
        self.comparison = comparison
        for column, answer in zip(self.columns, comparison.answers, strict=False):
            if column.answer is None:  # never started: stopped before its turn
                column.set_answer(answer, blind=comparison.blind)
        kept = self._keep(comparison)
        self.export_button.setEnabled(not comparison.blind)
        self._offer_choices()
        if stopped:
            self._say(self.tr("Stopped."))
        elif self._votable():
            self._say(self.tr("Which answer is better? Pick one, or call it a tie.")
                      + (" " + self.tr("The names are shown after your vote.")
                         if comparison.blind else ""))
        elif kept:
            self._say(self.tr("Done."))

    def _keep(self, comparison: Comparison) -> bool:
        try:
            self.store().save(comparison)
        except UserError as exc:
            self._say(say(exc), "bad")
            return False
        return True

    def _votable(self) -> bool:
        c = self.comparison
        return c is not None and not c.voted and sum(a.ok for a in c.answers) >= 2

    def _offer_choices(self) -> None:
        c = self.comparison
        if c is None:
            return
        votable = self._votable()
        hidden = c.blind and not c.voted
        for column in self.columns:
            column.offer_choices(votable and column.answer is not None and column.answer.ok,
                                 c.winner == column.index, c.tie)
            if hidden:
                column.continue_button.hide()  # continuing would tell the name
        self.tie_button.setVisible(votable)

    # -- after the answers ------------------------------------------------------------
    def vote(self, winner: int | None) -> bool:
        """Keep the user's pick (an answer's index, None: a tie); reveal names if blind."""
        c = self.comparison
        if c is None or not self._votable():
            return False
        try:
            self.store().vote(c, winner)
        except UserError as exc:
            self._say(say(exc), "bad")
            return False
        for column, answer in zip(self.columns, c.answers, strict=False):
            column.show_name(answer.name)
            column.reveal()
        self.export_button.setEnabled(True)
        self._offer_choices()
        if c.blind:
            revealed = "; ".join(self.tr("Model {number} was {model}").format(
                number=i + 1, model=a.name) for i, a in enumerate(c.answers))
            self._say(self.tr("Your vote is kept. {names}.").format(names=revealed) + " "
                      + self._tally_hint())
        else:
            self._say(self.tr("Your vote is kept.") + " " + self._tally_hint())
        if self.tally.isVisible():
            self.tally.show_standings(self.store().standings())
        return True

    def _tally_hint(self) -> str:
        return "" if self.tally.isVisible() else self.tr(
            "The tally is under “Votes on this computer”.")

    def continue_as_chat(self, index: int) -> str | None:
        """Save the prompt and answer ``index`` as a new chat with its model; its id."""
        if self.comparison is None:
            return None
        try:
            conversation = continue_as_chat(self.ctx.store, self.comparison, index)
        except UserError as exc:
            self._say(say(exc), "bad")
            return None
        except OSError as exc:  # a full disk
            self._say(self.tr("The chat could not be saved: {reason}").format(
                reason=exc.strerror or exc), "bad")
            return None
        self._say(self.tr("Saved as a chat with {model}; it is open in the main window.")
                  .format(model=self.comparison.answers[index].name))
        self.sig_open_chat.emit(conversation.id)
        return conversation.id

    def export(self, target: Path | None = None) -> Path | None:
        """Save the comparison as Markdown (``.md``) or JSON (``.json``)."""
        c = self.comparison
        if c is None:
            return None
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export comparison"),
                str(Path.home() / f"fireside-comparison-{c.id}.md"),
                self.tr("Markdown (*.md);;JSON, complete (*.json)"))
            if not chosen:
                return None
            target = Path(chosen)
        try:
            export_to_file(c, target, lookup)
        except OSError as exc:
            self._say(self.tr("Could not write {path}: {reason}.").format(
                path=target, reason=exc.strerror or exc), "bad")
            return None
        self._say(self.tr("Exported to {path}").format(path=target))
        return target

    def store(self) -> CompareStore:
        """The comparisons file, opened on first use (on the GUI thread, used only here)."""
        if self._store is None:
            self._store = CompareStore.in_folder(self.ctx.paths.data_dir)
        return self._store

    def _show_tally(self, shown: bool) -> None:
        self.tally_toggle.setArrowType(Qt.ArrowType.DownArrow if shown
                                       else Qt.ArrowType.RightArrow)
        if shown:
            try:
                self.tally.show_standings(self.store().standings())
            except UserError as exc:
                self._say(say(exc), "bad")
        self.tally.setVisible(shown)

    def name_of(self, index: int) -> str:
        """How answer ``index`` is headed now."""
        if self.comparison is None:
            return self.columns[index].title.text()
        return label(self.comparison, index, lookup, reveal=self.comparison.voted)

    def _say(self, text: str, state: str = "") -> None:
        self.note.setText(text)
        self.note.setProperty("state", state)
        self.note.style().polish(self.note)

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window: the models installed or removed meanwhile."""
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() \
                and self.job is None:
            self.refresh()
        super().changeEvent(event)

    # -- closing ----------------------------------------------------------------------
    def _escape(self) -> None:
        if self.job is not None:
            self.stop()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops a comparison under way (the answers so far are kept)."""
        self.stop()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """The main window is closing: stop, and close the comparisons file."""
        self.stop()
        if self.job is not None:
            self.job.blockSignals(True)
        self.close()
        if self._store is not None:
            self._store.close()
            self._store = None

