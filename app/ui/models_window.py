"""The Models window: Explore the catalog and download, manage Installed models.

Explore lists the catalog (bundled, refreshed on demand, extra files) with a fit estimate
per model; one click downloads through the app's :class:`DownloadBridge`, and progress is
refreshed on a 4 Hz timer.  Installed lists what can be chosen in the chat window, with
Show in folder, Verify again (off the GUI thread), Delete (confirmed; a loaded model is
unloaded first), each model's newest evaluation results, Evaluate… and the results table
(:mod:`app.ui.evaluation_installed`).  The models folder can be changed; it is rescanned.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import Catalog, CatalogEntry
from app.core.catalog_sources import CatalogRefreshError, refresh_catalog
from app.core.context import AppContext
from app.core.download_queue import DownloadTask
from app.core.downloads import DownloadSpec
from app.core.fit import estimate_fit, installed_kv_bytes_per_token
from app.core.installed import InstalledModel, VerifyResult, is_verified_cached, verify_model
from app.core.model_settings import model_gpu_layers
from app.core.network import is_offline
from app.core.private_files import make_private_dir
from app.core.texts import UserError
from app.ui.background import Background
from app.ui.download_bridge import DownloadBridge
from app.ui.elided_label import ElidedLabel
from app.ui.evaluation_installed import InstalledEvaluations
from app.ui.folders import open_folder
from app.ui.hub_panel import HubPanel
from app.ui.i18n import say
from app.ui.installed_row import InstalledRow
from app.ui.model_card import ModelCard, NoteLabel
from app.ui.model_host import ModelHost

log = logging.getLogger(__name__)
PROGRESS_REFRESH_MS = 250


def _scroll_column() -> tuple[QScrollArea, QVBoxLayout]:
    area = QScrollArea()
    area.setObjectName("cardScroll")
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    inner = QWidget()
    inner.setObjectName("cardList")
    column = QVBoxLayout(inner)
    column.setContentsMargins(0, 0, 4, 0)  # (room for the scroll bar)
    column.setSpacing(8)
    column.setAlignment(Qt.AlignmentFlag.AlignTop)
    area.setWidget(inner)
    return area, column


class ModelsWindow(QWidget):
    """Explore and Installed, in one window.

    Signals:
        sig_models_changed(): installed models changed (download, delete, folder).
        sig_use(str): the user chose an installed model to chat with (model id).
    """

    sig_models_changed = Signal()
    sig_use = Signal(str)

    def __init__(self, context: AppContext, bridge: DownloadBridge,
                 unload_if_loaded: Callable[[InstalledModel, Callable[[], None]], None],
                 loaded_id: Callable[[], str | None], parent: QWidget | None = None,
                 host: ModelHost | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("modelsWindow")
        self.ctx = context
        self.bridge = bridge
        self._unload_if_loaded = unload_if_loaded
        self._loaded_id = loaded_id
        self._background = Background(self)
        self.cards: dict[str, ModelCard] = {}
        self.rows: dict[str, InstalledRow] = {}
        self._verifying: set[str] = set()  # model ids being hashed again
        self.evaluations = InstalledEvaluations(context, host, lambda: self.rows, self)
        self.setWindowTitle(self.tr("Models — Fireside"))
        screen = (parent.screen() if parent is not None else None) or \
            QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        # 880 × 680, or less on a small screen: centred over the window, it stays on it.
        self.resize(min(880, int(room.width() * 0.9)) if room else 880,
                    min(680, int(room.height() * 0.8)) if room else 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        self.offline_note = QLabel(self.tr(
            "Offline mode is on, so Fireside uses no network at all: downloading, refreshing "
            "the catalog and searching Hugging Face are off. Turn offline mode off in Settings "
            "→ General to use them."))
        self.offline_note.setObjectName("offlineNote")
        self.offline_note.setWordWrap(True)
        layout.addWidget(self.offline_note)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self._build_explore()
        self._build_installed()
        self.bridge.sig_changed.connect(self._on_task_changed)
        self.bridge.sig_installed.connect(lambda _task: self._models_changed())
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_REFRESH_MS)
        self._timer.timeout.connect(self._refresh_progress)
        self._timer.start()
        self.rebuild()

    # -- building -----------------------------------------------------------
    def _build_explore(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, license, tag…"))
        self.filter_edit.setAccessibleName(self.tr("Filter models"))
        self.filter_edit.textChanged.connect(self._apply_filter)
        bar.addWidget(self.filter_edit, 1)
        self.refresh_button = QPushButton(self.tr("Refresh catalog"))
        self.refresh_button.setToolTip(
            self.tr("Fetch the latest model list from {url} (the only time the catalog goes "
                    "online).").format(url=self.ctx.settings.catalog_url))
        self.refresh_button.clicked.connect(self.refresh_catalog)
        bar.addWidget(self.refresh_button)
        self.add_catalog_button = QPushButton(self.tr("Add catalog file…"))
        self.add_catalog_button.setToolTip(self.tr(
            "Add a catalog in Fireside's models.json format or GPT4All's models3.json format."))
        self.add_catalog_button.clicked.connect(self._choose_catalog_file)
        bar.addWidget(self.add_catalog_button)
        bar.addWidget(QLabel(self.tr("At once:")))
        self.parallel_spin = QSpinBox()
        self.parallel_spin.setRange(1, 8)
        self.parallel_spin.setValue(self.ctx.settings.max_parallel_downloads)
        self.parallel_spin.setAccessibleName(self.tr("Downloads at once"))
        self.parallel_spin.setToolTip(
            self.tr("How many downloads run at the same time; the rest wait."))
        self.parallel_spin.valueChanged.connect(self._set_parallel)
        bar.addWidget(self.parallel_spin)
        layout.addLayout(bar)
        self.explore_status = NoteLabel("exploreStatus")
        layout.addWidget(self.explore_status)
        self.hub_panel = HubPanel(lambda: self.ctx.settings.hub_endpoint,
                                  lambda: self.ctx.settings.generation.context_length,
                                  calibration=self.ctx.speed_calibration)
        self.hub_panel.sig_card_added.connect(self._connect_card)
        layout.addWidget(self.hub_panel)
        area, self.explore_column = _scroll_column()
        layout.addWidget(area, 1)
        self.tabs.addTab(page, self.tr("Explore"))

    def _build_installed(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.folder_label = ElidedLabel()  # (a long path must not widen the window)
        self.folder_label.setObjectName("modelsFolder")
        bar.addWidget(self.folder_label, 1)
        self.open_folder_button = QPushButton(self.tr("Open models folder"))
        self.open_folder_button.clicked.connect(lambda: open_folder(self.ctx.models_dir))
        bar.addWidget(self.open_folder_button)
        change = QPushButton(self.tr("Change…"))
        change.setAccessibleName(self.tr("Change the models folder"))
        change.clicked.connect(self._choose_folder)
        bar.addWidget(change)
        layout.addLayout(bar)
        self.installed_status = NoteLabel("installedStatus")
        layout.addWidget(self.installed_status)
        area, self.installed_column = _scroll_column()
        layout.addWidget(area, 1)
        self.tabs.addTab(page, self.tr("Installed"))
        self.results_button = self.evaluations.add_table_button(self.tabs)

    def rebuild(self) -> None:
        """Rebuild both lists from the context (catalog, installed models, downloads)."""
        self.folder_label.set_full_text(self.tr("Models folder: {path}").format(
            path=self.ctx.models_dir), str(self.ctx.models_dir))
        for column in (self.explore_column, self.installed_column):
            while column.count():
                item = column.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        self.cards.clear()
        self.rows.clear()
        context_length = self.ctx.settings.generation.context_length
        calibration = self.ctx.speed_calibration()  # "about N tokens/s" once timed
        installed = {m.id: m for m in self.ctx.all_installed}
        for entry in self.ctx.catalog.models:
            if not entry.urls and not entry.bundled:
                continue
            # Exact KV size from the file's own header once it is here; estimated before.
            here = installed.get(entry.id)
            kv = installed_kv_bytes_per_token(here) if here is not None else None
            card = ModelCard(entry, estimate_fit(entry.size, context_length, kv,
                                                 parameters=entry.parameters,
                                                 calibration=(None if "embedding" in entry.tags
                                                              else calibration),
                                                 gpu_layers=model_gpu_layers(
                                                     self.ctx.settings, entry.id)))
            self.cards[entry.id] = card
            self.explore_column.addWidget(card)
            self._connect_card(card)
        loaded = self._loaded_id()
        for model in self.ctx.all_installed:
            row = InstalledRow(model, is_verified_cached(model, self.ctx.checksums),
                               loaded == model.id)
            row.sig_show.connect(self._show_model)
            row.sig_verify.connect(self.verify_again)
            row.sig_delete.connect(self.delete_model)
            self.evaluations.attach(row)
            self.rows[model.id] = row
            if model.id in self._verifying:  # the list was rebuilt while hashing
                row.set_verified(None, busy=True)
                row.verify_button.setEnabled(False)
            self.installed_column.addWidget(row)
        self.evaluations.fill()
        if not self.ctx.all_installed:
            self.installed_status.setText(
                self.tr("No models installed yet: download one from Explore."))
        self._apply_filter(self.filter_edit.text())
        for card in self.hub_panel.cards.values():
            self._show_card_state(card)
        self._show_offline()

    def _show_offline(self) -> None:
        """In offline mode everything that would use the network is off, and says why."""
        offline = is_offline()
        self.offline_note.setVisible(offline)
        reason = self.tr("Off: offline mode is on (Settings → General)") if offline else ""
        for button in (self.refresh_button, self.hub_panel.search_button,
                       *(card.download_button for card in self.cards.values()),
                       *(card.download_button for card in self.hub_panel.cards.values())):
            button.setEnabled(not offline)
            if offline:
                button.setToolTip(reason)

    def _save_settings(self, status: QLabel) -> None:
        """Save the settings; a failure (a full disk) is said in ``status``: the change
        stays in effect and is saved with the next one."""
        try:
            self.ctx.save_settings()
        except OSError as exc:
            status.setText(say(exc) if isinstance(exc, UserError) else self.tr(
                "The settings could not be saved: {error}").format(error=exc.strerror or exc))

    # -- explore --------------------------------------------------------------
    def _set_parallel(self, count: int) -> None:
        self.ctx.settings.max_parallel_downloads = count
        self._save_settings(self.explore_status)
        self.bridge.queue.set_max_parallel(count)

    def _connect_card(self, card: ModelCard) -> None:
        card.sig_download.connect(self.download)
        card.sig_pause.connect(lambda mid: self._task_action(mid, "pause"))
        card.sig_resume.connect(lambda mid: self._task_action(mid, "resume"))
        card.sig_cancel.connect(lambda mid: self._task_action(mid, "cancel"))
        card.sig_use.connect(self._use_entry)
        self._show_card_state(card)

    def _all_cards(self) -> list[ModelCard]:
        return [*self.cards.values(), *self.hub_panel.cards.values()]

    def _card(self, entry_id: str) -> ModelCard | None:
        return self.cards.get(entry_id) or self.hub_panel.cards.get(entry_id)

    def _entry(self, entry_id: str) -> CatalogEntry | None:
        card = self._card(entry_id)
        return card.entry if card is not None else self.ctx.catalog.get(entry_id)

    def _installed_model(self, entry: CatalogEntry) -> InstalledModel | None:
        """The installed model a card stands for: by catalog id, or by file name."""
        return next((m for m in self.ctx.all_installed
                     if m.id == entry.id or m.path.name == entry.filename), None)

    def show_loaded(self) -> None:  # the chat window loaded a model: "In use" follows it
        for card in self._all_cards():
            self._show_card_state(card)
        for model_id, row in self.rows.items():  # and the Installed tab's badge
            row.in_use_badge.setVisible(model_id == self._loaded_id())

    def _show_card_state(self, card: ModelCard) -> None:
        task = self.bridge.task_for(card.entry.filename)
        model = self._installed_model(card.entry)
        card.show_state(task, model is not None, bool(model and model.id == self._loaded_id()))
        if is_offline():
            card.download_button.setEnabled(False)

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for card in self.cards.values():
            entry = card.entry
            haystack = " ".join([entry.name, entry.id, entry.license or "", entry.description,
                                 " ".join(entry.tags), entry.architecture or ""]).lower()
            card.setVisible(all(word in haystack for word in words))

    def download(self, entry_id: str) -> DownloadTask | None:
        entry = self._entry(entry_id)
        if entry is None:
            return None
        task = self.bridge.download(DownloadSpec.from_catalog(entry))
        card = self._card(entry_id)
        if card is not None:
            self._show_card_state(card)
        return task

    def _task_action(self, entry_id: str, action: str) -> None:
        entry = self._entry(entry_id)
        task = self.bridge.task_for(entry.filename) if entry else None
        if task is None:
            return
        getattr(self.bridge.queue, action)(task)
        card = self._card(entry_id)
        if card is not None:
            self._show_card_state(card)

    def _on_task_changed(self, task: DownloadTask) -> None:
        for card in self._all_cards():
            if card.entry.filename == task.spec.filename:
                self._show_card_state(card)

    def _refresh_progress(self) -> None:
        for card in self._all_cards():
            if card.task is not None and card.task.active:
                card.refresh_progress()

    def _use_entry(self, entry_id: str) -> None:
        entry = self._entry(entry_id)
        model = self._installed_model(entry) if entry is not None else None
        if model is not None:
            self.sig_use.emit(model.id)

    def refresh_catalog(self) -> None:
        self.refresh_button.setEnabled(False)
        self.explore_status.setText(self.tr("Fetching the latest catalog…"))
        url, cache = self.ctx.settings.catalog_url, self.ctx.paths.catalog_cache

        self._background.run(lambda: refresh_catalog(url, cache), self._catalog_refreshed,
                             (CatalogRefreshError,))

    def _choose_catalog_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add catalog file"), str(Path.home()),
                                              self.tr("Catalogs (*.json);;All files (*)"))
        if path:
            self.add_catalog_file(Path(path))

    def add_catalog_file(self, path: Path) -> bool:
        """Keep ``path`` as an extra catalog (remembered in the settings) and show it."""
        from app.core.catalog_sources import read_catalog_file

        try:
            found = read_catalog_file(path)
        except (OSError, ValueError) as exc:
            self.explore_status.setText(self.tr("{file} cannot be used as a catalog: {reason}")
                                        .format(file=path.name, reason=say(exc)))
            return False
        key = str(path.resolve())
        if key not in self.ctx.settings.extra_catalogs:
            self.ctx.settings.extra_catalogs.append(key)
            self._save_settings(self.explore_status)
        self.ctx.reload_catalog()
        self.explore_status.setText(self.tr("Added %n model(s) from {file}.", "",
                                            len(found.models)).format(file=path.name))
        self._models_changed()  # a file here may now be that catalog's model: new name, id
        return True

    def _catalog_refreshed(self, result: Catalog | Exception) -> None:
        self.refresh_button.setEnabled(True)
        if isinstance(result, Exception):  # CatalogRefreshError, or a BackgroundFailure
            self.explore_status.setText(say(result))
            return
        self.ctx.reload_catalog()
        self.explore_status.setText(self.tr("The catalog is up to date (%n model(s)).", "",
                                            len(self.ctx.catalog.models)))
        self._models_changed()

    # -- installed --------------------------------------------------------------
    def _model(self, model_id: str) -> InstalledModel | None:
        return next((m for m in self.ctx.all_installed if m.id == model_id), None)

    def _show_model(self, model_id: str) -> None:
        model = self._model(model_id)
        if model is not None:
            open_folder(model.path.parent)

    def verify_again(self, model_id: str) -> None:
        model = self._model(model_id)
        row = self.rows.get(model_id)
        if model is None or row is None or model_id in self._verifying:
            return
        self._verifying.add(model_id)
        row.set_verified(None, busy=True)
        row.verify_button.setEnabled(False)
        checksums = self.ctx.checksums
        checksums.forget(model.path)  # hash the bytes on disk, not the remembered result

        def finished(result: VerifyResult | Exception) -> None:
            self._verifying.discard(model_id)
            row = self.rows.get(model_id)  # the list may have been rebuilt meanwhile
            if row is not None:
                row.verify_button.setEnabled(True)
            if isinstance(result, Exception):  # the check itself failed (a BackgroundFailure)
                if row is not None:
                    row.set_verified(None)
                self.installed_status.setText(f"{model.name}: {say(result)}")
                return
            if row is not None:
                row.set_verified(result.ok)
            if not result.ok:
                self.installed_status.setText(f"{model.name}: {say(result.message)}")

        self._background.run(lambda: verify_model(model, checksums), finished)

    def delete_model(self, model_id: str, confirm: bool = True) -> None:
        model = self._model(model_id)
        if model is None or model.source == "bundled":
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete model"),
                self.tr("Delete {model}?\n\n{path}\n\nThe file is removed from this computer; "
                        "you can download it again later.").format(model=model.name,
                                                                   path=model.path))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._unload_if_loaded(model, lambda: self._delete_file(model))

    def _delete_file(self, model: InstalledModel) -> None:
        try:
            if model.source == "added":
                key = str(model.path)
                if key in self.ctx.settings.extra_model_paths:
                    self.ctx.settings.extra_model_paths.remove(key)
                    self._save_settings(self.installed_status)
            else:
                model.path.unlink(missing_ok=True)
        except OSError as exc:
            self.installed_status.setText(self.tr("Could not delete {path}: {reason}.").format(
                path=model.path, reason=exc.strerror))
            return
        self.installed_status.setText(self.tr("Deleted {model}.").format(model=model.name))
        self._models_changed()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Models folder"),
                                                  str(self.ctx.models_dir))
        if folder:
            self.set_models_folder(Path(folder))

    def set_models_folder(self, folder: Path) -> None:
        """Use ``folder`` for downloads and scanning from now on; rescan it."""
        make_private_dir(folder, tighten_existing=False)  # the user's: made 0700 if new
        self.ctx.settings.models_folder = str(folder)
        self._save_settings(self.installed_status)
        self.bridge.queue.downloader.models_dir = folder
        self._models_changed()

    def _models_changed(self) -> None:
        self.ctx.rescan()
        self.rebuild()
        self.sig_models_changed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()  # downloads go on; the window just stops watching
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape closes the window, as it closes a dialog."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)
