"""A dialog for the system prompt and the generation settings."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import DEFAULT_SYSTEM_PROMPT, GenerationSettings

# field -> (minimum, maximum, step, decimals); None decimals means an integer field.
_FIELDS: dict[str, tuple[str, float, float, float, int | None]] = {
    "temperature": ("Temperature", 0.0, 2.0, 0.05, 2),
    "top_p": ("Top P", 0.01, 1.0, 0.01, 2),
    "top_k": ("Top K", 0, 1000, 1, None),
    "min_p": ("Min P", 0.0, 1.0, 0.01, 2),
    "repeat_penalty": ("Repeat penalty", 0.5, 2.0, 0.01, 2),
    "max_tokens": ("Max tokens", 1, 131072, 64, None),
    "context_length": ("Context length", 256, 1_048_576, 256, None),
    "threads": ("Threads", 1, 512, 1, None),
}


class GenerationDialog(QDialog):
    """Edits a copy of the system prompt and :class:`GenerationSettings`."""

    def __init__(self, system_prompt: str, settings: GenerationSettings,
                 max_context: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generation settings")
        self.result_settings = settings.model_copy()
        self.result_prompt = system_prompt
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.prompt_edit = QPlainTextEdit(system_prompt)
        self.prompt_edit.setAccessibleName("System prompt")
        self.prompt_edit.setMaximumHeight(100)
        form.addRow("System prompt", self.prompt_edit)
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name, (label, low, high, step, decimals) in _FIELDS.items():
            editor: QSpinBox | QDoubleSpinBox
            if decimals is None:
                editor = QSpinBox()
                editor.setRange(int(low), int(high))
                editor.setSingleStep(int(step))
                editor.setValue(int(getattr(settings, name)))
            else:
                editor = QDoubleSpinBox()
                editor.setDecimals(decimals)
                editor.setRange(low, high)
                editor.setSingleStep(step)
                editor.setValue(float(getattr(settings, name)))
            editor.setAccessibleName(label)
            self.editors[name] = editor
            form.addRow(label, editor)
        if max_context:
            form.addRow("", QLabel(f"The loaded model was trained on {max_context:,} tokens; "
                                   "a longer context is capped to that."))
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        defaults = GenerationSettings()
        self.prompt_edit.setPlainText(DEFAULT_SYSTEM_PROMPT)
        for name, editor in self.editors.items():
            editor.setValue(getattr(defaults, name))

    def accept(self) -> None:
        values = {name: editor.value() for name, editor in self.editors.items()}
        try:
            self.result_settings = GenerationSettings.model_validate(
                {**self.result_settings.model_dump(), **values})
        except ValidationError as exc:
            first = exc.errors()[0]
            self.error_label.setText(f"{first['loc'][0]}: {first['msg']}")
            return
        self.result_prompt = self.prompt_edit.toPlainText().strip()
        super().accept()
