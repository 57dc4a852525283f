"""The preset picker in the chat header: which preset the open chat uses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.core.presets import Preset
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.model_picker import ElidingComboBox

# The built-in presets' names are keys (stored with chats); only their labels are translated.
BUILTIN_LABELS = {"Balanced": QT_TRANSLATE_NOOP("PresetPicker", "Balanced"),
                  "Precise": QT_TRANSLATE_NOOP("PresetPicker", "Precise"),
                  "Creative": QT_TRANSLATE_NOOP("PresetPicker", "Creative"),
                  "Code": QT_TRANSLATE_NOOP("PresetPicker", "Code")}


def preset_label(name: str) -> str:
    """How a preset is shown: a built-in's translated label, else the user's name."""
    if name in BUILTIN_LABELS:
        return QCoreApplication.translate("PresetPicker", BUILTIN_LABELS[name])
    return name


def describe(preset: Preset) -> str:
    """A one-line summary of what a preset sets, for tooltips."""
    from app.ui.settings.generation_form import field_label

    parts = [f"{field_label(name)} {value:g}" for name, value in preset.sampling().items()]
    return ", ".join(parts) or QCoreApplication.translate("PresetPicker",
                                                          "the default settings")


class PresetPicker(ElidingComboBox):
    """Lists the presets (built-in first); choosing one emits its name.

    Signals:
        sig_chosen(str): the user chose this preset for the open chat.
    """

    sig_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Preset"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)
        self.setMinimumWidth(80)  # (a narrow window may squeeze it this far)
        self.setToolTip(self.tr("The system prompt and sampling settings this chat uses"))
        self.activated.connect(self._activated)

    def set_presets(self, presets: list[Preset], current: str) -> None:
        """Show ``presets`` with ``current`` selected (nothing is emitted)."""
        self.blockSignals(True)
        self.clear()
        for preset in presets:
            self.addItem(preset_label(preset.name), preset.name)
            self.setItemData(self.count() - 1, describe(preset), 3)  # Qt.ToolTipRole
        self.blockSignals(False)
        self.show_preset(current)

    def show_preset(self, name: str) -> None:
        index = self.findData(name)
        self.blockSignals(True)
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def current_name(self) -> str:
        return str(self.currentData())

    def _activated(self, index: int) -> None:
        self.sig_chosen.emit(str(self.itemData(index)))
