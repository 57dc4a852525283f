"""The General page: appearance, language, default model, folders, offline mode."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import Settings
from app.ui.folders import open_folder
from app.ui.i18n import QT_TRANSLATE_NOOP

# Labels are translated where shown; a language is named in itself.
THEMES = (("system", QT_TRANSLATE_NOOP("GeneralPage", "Follow the system")),
          ("light", QT_TRANSLATE_NOOP("GeneralPage", "Light")),
          ("dark", QT_TRANSLATE_NOOP("GeneralPage", "Dark")))
LANGUAGES = (("system", QT_TRANSLATE_NOOP("GeneralPage", "Follow the system")),
             ("en", "English"), ("zh_CN", "简体中文"))


class GeneralPage(QWidget):
    """Edits the General settings of a copy of :class:`Settings`."""

    def __init__(self, settings: Settings, models: list[tuple[str, str]], data_dir: Path,
                 models_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.theme = QComboBox()
        self.theme.setAccessibleName(self.tr("Theme"))
        for key, label in THEMES:
            self.theme.addItem(self.tr(label), key)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        form.addRow(self.tr("Theme"), self.theme)
        self.font_size = QSpinBox()
        self.font_size.setAccessibleName(self.tr("Font size"))
        self.font_size.setRange(0, 40)
        self.font_size.setSpecialValueText(self.tr("System"))
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setValue(settings.font_size)
        form.addRow(self.tr("Font size"), self.font_size)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        for key, label in LANGUAGES:
            self.language.addItem(self.tr(label), key)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", QLabel(self.tr("A new language shows after Fireside restarts.")))
        self.default_model = QComboBox()
        self.default_model.setAccessibleName(self.tr("Default model"))
        for model_id, name in models:
            self.default_model.addItem(name, model_id)
        index = self.default_model.findData(settings.selected_model)
        self.default_model.setCurrentIndex(max(0, index))
        form.addRow(self.tr("Default model"), self.default_model)
        form.addRow(self.tr("Data folder"), self._folder_row(data_dir))
        form.addRow(self.tr("Models folder"), self._folder_row(models_dir))
        self.offline = QCheckBox(self.tr("Offline mode: never use the network"))
        self.offline.setAccessibleName(self.tr("Offline mode"))
        self.offline.setChecked(settings.offline)
        form.addRow("", self.offline)
        note = QLabel(self.tr("Fireside makes no network connection at start-up, ever. The "
                              "catalog refresh, Hugging Face search and downloads happen only "
                              "when you ask; offline mode turns them off."))
        note.setWordWrap(True)
        form.addRow("", note)
        layout.addLayout(form)
        layout.addStretch(1)

    def _folder_row(self, path: Path) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        label = QLabel(str(path))
        label.setWordWrap(True)
        box.addWidget(label, 1)
        button = QPushButton(self.tr("Open"))
        button.setAccessibleName(self.tr("Open {path}").format(path=path))
        button.clicked.connect(lambda: open_folder(path))
        box.addWidget(button)
        return row

    def apply_to(self, settings: Settings) -> None:
        settings.theme = self.theme.currentData()
        settings.font_size = self.font_size.value()
        settings.language = self.language.currentData()
        if self.default_model.count():
            settings.selected_model = self.default_model.currentData()
        settings.offline = self.offline.isChecked()
