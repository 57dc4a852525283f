"""What a comparison asks, in the Compare window: 2–4 models, the prompt, an optional
system prompt and preset, and whether the vote is blind."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.compare.runner import MAX_MODELS, MIN_MODELS
from app.core.installed import InstalledModel
from app.core.presets import Preset
from app.core.providers import RemoteModel

Choice = InstalledModel | RemoteModel


class CompareForm(QWidget):
    """The question side of the Compare window.

    Signals:
        sig_compare(): the user asked to compare (the button or Ctrl+Enter).
        sig_stop(): the user asked to stop the comparison under way.
    """

    sig_compare = Signal()
    sig_stop = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[Choice] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        models_row = QHBoxLayout()
        models_row.setSpacing(6)
        models_row.addWidget(QLabel(self.tr("Models:")))
        self._pickers_row = QHBoxLayout()
        self._pickers_row.setSpacing(6)
        models_row.addLayout(self._pickers_row, 1)
        self.add_button = QPushButton(self.tr("Add model"))
        self.add_button.setToolTip(self.tr("Compare up to {count} models").format(
            count=MAX_MODELS))
        self.add_button.clicked.connect(self.add_picker)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the last model"))
        self.remove_button.clicked.connect(self.remove_picker)
        models_row.addWidget(self.add_button)
        models_row.addWidget(self.remove_button)
        layout.addLayout(models_row)
        self.pickers: list[QComboBox] = []
        self.prompt = QPlainTextEdit()
        self.prompt.setObjectName("comparePrompt")
        self.prompt.setPlaceholderText(self.tr("The prompt every model answers"))
        self.prompt.setAccessibleName(self.tr("Prompt"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMaximumHeight(72)
        self.prompt.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.prompt)
        options = QHBoxLayout()
        options.setSpacing(8)
        self.system_prompt = QLineEdit()
        self.system_prompt.setPlaceholderText(
            self.tr("System prompt (empty: each model's own)"))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        options.addWidget(self.system_prompt, 1)
        self.preset = QComboBox()
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setToolTip(self.tr("The settings every model answers with"))
        options.addWidget(self.preset)
        self.blind = QCheckBox(self.tr("Blind"))
        self.blind.setToolTip(self.tr("Hide the models' names until you pick the better "
                                      "answer"))
        options.addWidget(self.blind)
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setObjectName("primaryAction")
        self.compare_button.setDefault(True)
        self.compare_button.setToolTip(self.tr("Send the prompt to each model (Ctrl+Enter)"))
        self.compare_button.clicked.connect(self.sig_compare)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.sig_stop)
        options.addWidget(self.compare_button)
        options.addWidget(self.stop_button)
        layout.addLayout(options)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._shortcut)
        for _ in range(MIN_MODELS):
            self.add_picker()

    # -- models -----------------------------------------------------------------------
    def set_choices(self, choices: Sequence[Choice]) -> None:
        """The models offered (installed ones, then providers'); each picker keeps its
        model if it is still offered."""
        self._choices = list(choices)
        for place, picker in enumerate(self.pickers):
            self._fill(picker, place)

    def _fill(self, picker: QComboBox, place: int) -> None:
        kept = picker.currentData()
        picker.blockSignals(True)
        picker.clear()
        for choice in self._choices:
            name = choice.name if isinstance(choice, InstalledModel) else f"↗ {choice.ref}"
            picker.addItem(name, choice.id)
            if isinstance(choice, RemoteModel):
                picker.setItemData(picker.count() - 1, self.tr(
                    "{model} runs on {host}: the prompt leaves this computer.").format(
                        model=choice.ref, host=choice.host), Qt.ItemDataRole.ToolTipRole)
        index = picker.findData(kept) if kept is not None else -1
        if index < 0:  # a new picker: the next model not yet picked, if there is one
            taken = {p.currentData() for p in self.pickers if p is not picker}
            free = [i for i, c in enumerate(self._choices) if c.id not in taken]
            index = free[0] if free else (place if place < picker.count() else 0)
        picker.setCurrentIndex(index)
        picker.blockSignals(False)

    def add_picker(self) -> None:
        if len(self.pickers) >= MAX_MODELS:
            return
        picker = QComboBox()
        picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        picker.setMinimumContentsLength(6)
        picker.setAccessibleName(self.tr("Model {number}").format(number=len(self.pickers) + 1))
        self.pickers.append(picker)
        self._pickers_row.addWidget(picker, 1)
        self._fill(picker, len(self.pickers) - 1)
        self._update_buttons()

    def remove_picker(self) -> None:
        if len(self.pickers) <= MIN_MODELS:
            return
        picker = self.pickers.pop()
        self._pickers_row.removeWidget(picker)
        picker.deleteLater()
        self._update_buttons()

    def chosen_ids(self) -> list[str]:
        """The picked models' ids, in order (a picker with nothing to offer gives none)."""
        return [p.currentData() for p in self.pickers if p.currentData() is not None]

    def choose(self, model_ids: Sequence[str]) -> None:
        """Pick these models (as many pickers as ids, 2–4)."""
        while len(self.pickers) < min(len(model_ids), MAX_MODELS):
            self.add_picker()
        while len(self.pickers) > max(len(model_ids), MIN_MODELS):
            self.remove_picker()
        for picker, model_id in zip(self.pickers, model_ids, strict=False):
            index = picker.findData(model_id)
            if index >= 0:
                picker.setCurrentIndex(index)

    # -- presets ----------------------------------------------------------------------
    def set_presets(self, presets: Sequence[Preset]) -> None:
        kept = self.preset.currentData()
        self.preset.clear()
        self.preset.addItem(self.tr("Each model's own settings"), None)
        for preset in presets:
            self.preset.addItem(preset.name, preset.name)
        index = self.preset.findData(kept) if kept is not None else 0
        self.preset.setCurrentIndex(max(index, 0))

    def preset_name(self) -> str | None:
        data = self.preset.currentData()
        return data if isinstance(data, str) else None

    # -- state ------------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        """While models answer, the question cannot change; Stop can be pressed."""
        for widget in (*self.pickers, self.prompt, self.system_prompt, self.preset,
                       self.blind, self.compare_button):
            widget.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self._update_buttons(running)

    def _update_buttons(self, running: bool = False) -> None:
        self.add_button.setEnabled(not running and len(self.pickers) < MAX_MODELS)
        self.remove_button.setEnabled(not running and len(self.pickers) > MIN_MODELS)

    def _shortcut(self) -> None:
        if self.compare_button.isEnabled():
            self.sig_compare.emit()
