"""The Presets page: the user's presets — add, rename, edit, delete, export, import."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.presets import (
    BUILTIN_NAMES,
    SAMPLING_FIELDS,
    Preset,
    PresetError,
    all_presets,
    export_presets,
    import_presets,
    unique_name,
)
from app.ui.i18n import say
from app.ui.preset_picker import BUILTIN_LABELS, preset_label
from app.ui.settings.generation_form import FormError, OptionalEditor, field_label, optional_number


class PresetsPage(QWidget):
    """Lists every preset; the user's own can be edited.  Works on a copy until applied."""

    def __init__(self, presets: list[Preset], default_preset: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presets = [p.model_copy() for p in presets]
        self.default_preset = default_preset
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Presets"))
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.add_preset)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_preset)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left.addLayout(buttons)
        transfer = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(lambda: self.export_to())
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.clicked.connect(lambda: self.import_from())
        transfer.addWidget(self.export_button)
        transfer.addWidget(self.import_button)
        left.addLayout(transfer)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Preset name"))
        form.addRow(self.tr("Name"), self.name_edit)
        self.prompt_edit = QPlainTextEdit()
        self.prompt_edit.setAccessibleName(self.tr("Preset system prompt"))
        self.prompt_edit.setPlaceholderText(self.tr("Empty: the default system prompt"))
        self.prompt_edit.setMaximumHeight(90)
        form.addRow(self.tr("System prompt"), self.prompt_edit)
        self.sampling: dict[str, OptionalEditor] = {}
        for name in SAMPLING_FIELDS:
            label = field_label(name)
            self.sampling[name] = optional_number(
                form, name, self.tr("Set {setting}").format(setting=label), label,
                self.tr("Unticked: keep the value from the generation settings"))
        self.default_check = QCheckBox(self.tr("Use for new chats"))
        form.addRow("", self.default_check)
        right.addLayout(form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("formNote")
        right.addWidget(self.note)
        self.save_button = QPushButton(self.tr("Save preset"))
        self.save_button.clicked.connect(self.save_current)
        right.addWidget(self.save_button)
        right.addStretch(1)
        layout.addLayout(right, 2)
        self._fill(0)

    # -- list ---------------------------------------------------------------
    def _all(self) -> list[Preset]:
        return all_presets(self.presets)

    def _fill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for preset in self._all():
            if preset.name in BUILTIN_LABELS:
                self.list.addItem(self.tr("{name}  (built in)").format(
                    name=preset_label(preset.name)))
            else:
                self.list.addItem(preset.name)
        self.list.blockSignals(False)
        self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
        self._show(self.list.currentRow())

    def current(self) -> Preset | None:
        row = self.list.currentRow()
        presets = self._all()
        return presets[row] if 0 <= row < len(presets) else None

    def _show(self, row: int) -> None:
        presets = self._all()
        if not 0 <= row < len(presets):
            return
        preset = presets[row]
        builtin = preset.name in BUILTIN_NAMES
        self.name_edit.setText(preset_label(preset.name))  # a built-in's name is a key
        self.prompt_edit.setPlainText(preset.system_prompt or "")
        for name, (check, editor) in self.sampling.items():
            value = getattr(preset, name)
            check.setChecked(value is not None)
            editor.setEnabled(value is not None)
            if value is not None:
                editor.setValue(value)
        self.default_check.setChecked(preset.name == self.default_preset)
        for widget in (self.name_edit, self.prompt_edit, self.delete_button):
            widget.setEnabled(not builtin)
        for check, editor in self.sampling.values():
            check.setEnabled(not builtin)
            editor.setEnabled(not builtin and check.isChecked())
        self.note.setText(self.tr("Built-in presets cannot be changed; New makes an editable copy.")
                          if builtin else "")

    # -- editing -----------------------------------------------------------
    def edited(self) -> Preset:
        """The preset as the form shows it; :class:`FormError` says what is wrong."""
        values: dict[str, object] = {"name": self.name_edit.text(),
                                     "system_prompt": self.prompt_edit.toPlainText().strip()
                                     or None}
        for name, (check, editor) in self.sampling.items():
            values[name] = editor.value() if check.isChecked() else None
        try:
            return Preset.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "name"
            label = self.tr("Name") if field == "name" else field_label(field)
            raise FormError(self.tr("{field}: {reason}").format(field=label,
                                                               reason=first["msg"])) from None

    def save_current(self) -> bool:
        """Store the form into the selected preset (a built-in only changes the default)."""
        preset = self.current()
        if preset is None:
            return False
        if self.default_check.isChecked():
            self.default_preset = preset.name
        if preset.name in BUILTIN_NAMES:
            return True
        try:
            edited = self.edited()
        except FormError as exc:
            self.note.setText(str(exc))
            return False
        others = [p.name for p in self._all() if p.name != preset.name]
        if edited.name in others:
            self.note.setText(self.tr("Name: “{name}” is taken").format(name=edited.name))
            return False
        if self.default_preset == preset.name or self.default_check.isChecked():
            self.default_preset = edited.name
        index = next(i for i, p in enumerate(self.presets) if p.name == preset.name)
        self.presets[index] = edited
        self._fill(self.list.currentRow())
        self.note.setText(self.tr("Saved."))
        return True

    def add_preset(self) -> Preset:
        """A new preset, copied from the selected one."""
        base = self.current() or Preset(name="Preset")
        name = self.tr("My {preset}").format(preset=preset_label(base.name))
        copy = base.model_copy(update={"name": unique_name(name, [p.name for p in self._all()])})
        self.presets.append(copy)
        self._fill(len(self._all()) - 1)
        return copy

    def delete_preset(self) -> None:
        preset = self.current()
        if preset is None or preset.name in BUILTIN_NAMES:
            return
        self.presets = [p for p in self.presets if p.name != preset.name]
        if self.default_preset == preset.name:
            self.default_preset = "Balanced"
        self._fill(self.list.currentRow() - 1)

    # -- files ---------------------------------------------------------------
    def export_to(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export presets"),
                                                    str(Path.home() / "fireside-presets.json"),
                                                    self.tr("Presets (*.json)"))
            if not chosen:
                return False
            path = Path(chosen)
        try:
            path.write_text(export_presets(self.presets), encoding="utf-8")
        except OSError as exc:
            self.note.setText(self.tr("Could not write {path}: {reason}").format(
                path=path, reason=exc.strerror))
            return False
        self.note.setText(self.tr("Exported %n preset(s) to {path}.", "", len(self.presets))
                          .format(path=path))
        return True

    def import_from(self, path: Path | None = None) -> int:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import presets"), str(Path.home()),
                self.tr("Presets (*.json);;All files (*)"))
            if not chosen:
                return 0
            path = Path(chosen)
        try:
            added = import_presets(path.read_text(encoding="utf-8"), self.presets)
        except (OSError, UnicodeDecodeError) as exc:
            self.note.setText(self.tr("Could not read {path}: {reason}").format(
                path=path, reason=getattr(exc, "strerror", None) or exc))
            return 0
        except PresetError as exc:
            self.note.setText(self.tr("{file}: {reason}").format(file=path.name, reason=say(exc)))
            return 0
        self.presets.extend(added)
        self._fill(len(self._all()) - 1)
        self.note.setText(self.tr("Imported %n preset(s).", "", len(added)))
        return len(added)
