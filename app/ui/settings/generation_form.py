"""A form for the system prompt and the generation settings (the Model page)."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.generation import LIMITS, GenerationSettings
from app.core.settings import DEFAULT_SYSTEM_PROMPT
from app.ui.i18n import QT_TRANSLATE_NOOP

# field -> (label, step, decimals); None decimals means an integer field.  The range of
# each is the core's (app.core.generation.LIMITS).
FIELDS: dict[str, tuple[str, float, int | None]] = {
    "temperature": (QT_TRANSLATE_NOOP("GenerationForm", "Temperature"), 0.05, 2),
    "top_p": (QT_TRANSLATE_NOOP("GenerationForm", "Top P"), 0.01, 2),
    "top_k": (QT_TRANSLATE_NOOP("GenerationForm", "Top K"), 1, None),
    "min_p": (QT_TRANSLATE_NOOP("GenerationForm", "Min P"), 0.01, 2),
    "repeat_penalty": (QT_TRANSLATE_NOOP("GenerationForm", "Repeat penalty"), 0.01, 2),
    "repeat_last_n": (QT_TRANSLATE_NOOP("GenerationForm", "Repeat window (tokens)"), 16, None),
    "max_tokens": (QT_TRANSLATE_NOOP("GenerationForm", "Max tokens"), 64, None),
    "context_length": (QT_TRANSLATE_NOOP("GenerationForm", "Context length"), 256, None),
    "threads": (QT_TRANSLATE_NOOP("GenerationForm", "Threads"), 1, None),
    "batch_size": (QT_TRANSLATE_NOOP("GenerationForm", "Batch size"), 64, None),
}


def field_range(field: str) -> tuple[float, float, float, int | None]:
    """Minimum, maximum, step and decimals of a setting's number box."""
    _, step, decimals = FIELDS[field]
    limit = LIMITS[field]
    low = limit.low + step if limit.low_open else limit.low  # e.g. top_p > 0
    return low, limit.high, step, decimals


OptionalEditor = tuple[QCheckBox, "QSpinBox | QDoubleSpinBox"]


def field_label(field: str) -> str:
    """The translated label of a generation setting (its name when it has none)."""
    if field not in FIELDS:
        return field
    return QCoreApplication.translate("GenerationForm", FIELDS[field][0])


def optional_number(form: QFormLayout, field: str, check_name: str, editor_name: str,
                    tooltip: str) -> OptionalEditor:
    """A form row for a value that may be left unset: a tick box, then the number.

    The number can be edited only while the box is ticked.
    """
    low, high, step, decimals = field_range(field)
    row = QHBoxLayout()
    check = QCheckBox()
    check.setAccessibleName(check_name)
    check.setToolTip(tooltip)
    editor = number_editor(low, high, step, decimals)
    editor.setAccessibleName(editor_name)
    editor.setEnabled(False)
    check.toggled.connect(editor.setEnabled)
    row.addWidget(check)
    row.addWidget(editor, 1)
    form.addRow(field_label(field), row)
    return check, editor


class FormError(ValueError):
    """A value the form cannot accept; ``str()`` names the field and the reason."""


def number_editor(low: float, high: float, step: float,
                  decimals: int | None) -> QSpinBox | QDoubleSpinBox:
    editor: QSpinBox | QDoubleSpinBox
    if decimals is None:
        editor = QSpinBox()
        editor.setRange(int(low), int(high))
        editor.setSingleStep(int(step))
    else:
        editor = QDoubleSpinBox()
        editor.setDecimals(decimals)
        editor.setRange(low, high)
        editor.setSingleStep(step)
    return editor


class GenerationForm(QWidget):
    """Edits the default system prompt and :class:`GenerationSettings`."""

    def __init__(self, system_prompt: str, settings: GenerationSettings,
                 max_context: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = settings.model_copy()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.prompt_edit = QPlainTextEdit(system_prompt)
        self.prompt_edit.setAccessibleName(self.tr("System prompt"))
        self.prompt_edit.setMaximumHeight(100)
        form.addRow(self.tr("System prompt"), self.prompt_edit)
        self.editors: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for name in FIELDS:
            editor = number_editor(*field_range(name))
            editor.setValue(getattr(settings, name))
            editor.setAccessibleName(field_label(name))
            self.editors[name] = editor
            form.addRow(field_label(name), editor)
        if max_context:
            form.addRow("", QLabel(self.tr("The loaded model was trained on {tokens:,} tokens; "
                                           "a longer context is capped to that.").format(
                                               tokens=max_context)))
        layout.addLayout(form)
        self.defaults_button = QPushButton(self.tr("Restore defaults"))
        self.defaults_button.clicked.connect(self.restore_defaults)
        layout.addWidget(self.defaults_button)
        layout.addStretch(1)

    def restore_defaults(self) -> None:
        defaults = GenerationSettings()
        self.prompt_edit.setPlainText(DEFAULT_SYSTEM_PROMPT)
        for name, editor in self.editors.items():
            editor.setValue(getattr(defaults, name))

    def result(self) -> tuple[GenerationSettings, str]:
        """The settings and prompt as edited; :class:`FormError` says what is wrong."""
        values = {name: editor.value() for name, editor in self.editors.items()}
        try:
            settings = GenerationSettings.model_validate({**self._base.model_dump(), **values})
        except ValidationError as exc:
            first = exc.errors()[0]
            raise FormError(self.tr("{field}: {reason}").format(
                field=field_label(str(first["loc"][0])), reason=first["msg"])) from None
        return settings, self.prompt_edit.toPlainText().strip()  # empty: no system prompt
