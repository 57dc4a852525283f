"""The settings window: General, Model, Presets, Providers, Shortcuts, LocalDocs and API
server pages over a copy of the settings; OK or Apply validates every page and hands the
new settings over.

The Providers page (remote servers) is there when the window is given the providers'
store; it saves them in their own file on OK or Apply, not in the settings.  The API
server page is there when the window is given the main window's API host (its key is
read and replaced through it).  The LocalDocs page is there when the window is given the
main window's LocalDocs host (its collections change at once, through it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.installed import InstalledModel
from app.core.providers import ProviderStore
from app.core.settings import Settings
from app.ui.api_host import ApiHost
from app.ui.docs_host import DocsHost
from app.ui.download_bridge import DownloadBridge
from app.ui.settings.api_page import ApiServerPage
from app.ui.settings.general_page import GeneralPage
from app.ui.settings.generation_form import FormError
from app.ui.settings.localdocs_page import LocalDocsPage
from app.ui.settings.model_page import ModelPage
from app.ui.settings.presets_page import PresetsPage
from app.ui.settings.providers_page import ProvidersPage
from app.ui.settings.shortcuts_page import ShortcutsPage


class SettingsWindow(QDialog):
    """Edits a copy of :class:`Settings`; nothing changes until OK or Apply.

    Signals:
        sig_applied(object): the new :class:`Settings` (valid on every page).
    """

    sig_applied = Signal(object)

    def __init__(self, settings: Settings, models: list[InstalledModel], data_dir: Path,
                 models_dir: Path, max_context: int | None, actions: list[QAction],
                 parent: QWidget | None = None, *,
                 providers: ProviderStore | None = None, api: ApiHost | None = None,
                 docs: DocsHost | None = None, downloads: DownloadBridge | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.resize(820, 560)
        self.settings = settings.model_copy(deep=True)
        self.general = GeneralPage(self.settings, [(m.id, m.name) for m in models], data_dir,
                                   models_dir)
        self.model = ModelPage(self.settings, models, max_context)
        self.presets = PresetsPage(self.settings.presets, self.settings.default_preset)
        self.shortcuts = ShortcutsPage(actions)
        self.providers = ProvidersPage(providers) if providers is not None else None
        self.api = ApiServerPage(self.settings.api_server, api) if api is not None else None
        self.localdocs = (LocalDocsPage(self.settings.localdocs, docs, downloads)
                          if docs is not None else None)
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        self.sections = QListWidget()
        self.sections.setAccessibleName(self.tr("Settings sections"))
        self.sections.setMaximumWidth(160)
        self.pages = QStackedWidget()
        pages: list[tuple[str, str, QWidget]] = [
            ("General", self.tr("General"), self.general),
            ("Model", self.tr("Model"), self.model),
            ("Presets", self.tr("Presets"), self.presets)]
        if self.providers is not None:
            pages.append(("Providers", self.tr("Providers"), self.providers))
        pages.append(("Shortcuts", self.tr("Shortcuts"), self.shortcuts))
        if self.localdocs is not None:
            pages.append(("LocalDocs", self.tr("LocalDocs"), self.localdocs))
        if self.api is not None:
            pages.append(("API server", self.tr("API server"), self.api))
        for name, label, page in pages:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.sections.addItem(item)
            self.pages.addWidget(page)
        self.sections.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sections.setCurrentRow(0)
        body.addWidget(self.sections)
        body.addWidget(self.pages, 1)
        layout.addLayout(body, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("formError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.Apply)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons = buttons
        layout.addWidget(buttons)

    def show_section(self, name: str) -> None:
        """Show the page ``name`` ("General", "Model", "Presets", "Providers", "Shortcuts",
        "LocalDocs" or "API server")."""
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.sections.setCurrentRow(row)

    def apply(self) -> bool:
        """Validate every page; on success emit the new settings, else show why."""
        try:
            generation, prompt, per_model = self.model.result()
        except FormError as exc:
            self.show_section("Model")
            self.error_label.setText(str(exc))
            return False
        if self.api is not None:
            try:
                self.api.allowed_origins()
            except FormError as exc:
                self.show_section("API server")
                self.error_label.setText(str(exc))
                return False
        current = self.presets.current()
        if current is not None and not self.presets.save_current():
            self.show_section("Presets")
            self.error_label.setText(self.presets.note.text())
            return False
        if self.providers is not None and not self._apply_providers(self.providers):
            return False
        self.general.apply_to(self.settings)
        self.settings.generation = generation
        self.settings.system_prompt = prompt
        self.settings.model_settings = per_model
        self.settings.presets = list(self.presets.presets)
        self.settings.default_preset = self.presets.default_preset
        if self.api is not None:
            self.api.apply_to(self.settings.api_server)
        if self.localdocs is not None:
            self.localdocs.apply_to(self.settings.localdocs)
        self.error_label.clear()
        self.sig_applied.emit(self.settings.model_copy(deep=True))
        return True

    def _apply_providers(self, page: ProvidersPage) -> bool:
        """Save the providers (their own file and the secret store), or show why not."""
        try:
            if page.apply():
                return True
            problem = page.note.text()
        except FormError as exc:
            problem = str(exc)
        self.show_section("Providers")
        self.error_label.setText(problem)
        return False

    def accept(self) -> None:
        if self.apply():
            super().accept()
