"""The main window: chat list, conversation, input, model picker, status line.

It wires the Qt-free core (:class:`AppContext`) to the model thread
(:class:`ModelHost`).  Nothing here calls llama.cpp or waits on the model.
This module builds and connects the window and holds settings, welcome, about
and closing; its other work lives in one module per concern, mixed in:
:mod:`app.ui.window_models` (choosing and loading models),
:mod:`app.ui.window_chats` (the chats and their presets), :mod:`app.ui.window_replies`
(sending and streaming replies, versions), :mod:`app.ui.window_remote` (providers'
models), :mod:`app.ui.window_api` (the local API server), :mod:`app.ui.window_docs`
(LocalDocs: a chat's collections and the search before its replies) and
:mod:`app.ui.window_attachments` (files attached to a message).  What those parts share
(widgets, state, the methods one calls on another) is declared, typed, in
:class:`~app.ui.window_base.WindowBase`.
"""

from __future__ import annotations

import logging
from types import TracebackType

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.context import AppContext
from app.core.conversation import Role
from app.core.fit import recommend
from app.core.installed import InstalledModel
from app.core.model_settings import model_generation
from app.core.network import is_offline, set_offline
from app.core.texts import UserError
from app.ui.about_dialog import AboutDialog
from app.ui.chat_input import ChatInput
from app.ui.chat_list import ChatList
from app.ui.chat_view import ChatView
from app.ui.docs_host import DocsHost
from app.ui.download_bridge import DownloadBridge
from app.ui.error_banner import ErrorBanner
from app.ui.folder_watcher import ModelFolderWatcher
from app.ui.i18n import say
from app.ui.model_host import ModelHost
from app.ui.model_picker import ModelPicker
from app.ui.preset_picker import PresetPicker
from app.ui.settings.settings_window import SettingsWindow
from app.ui.speed_calibrator import SpeedCalibrator
from app.ui.theme import apply_theme
from app.ui.welcome_panel import WelcomePanel
from app.ui.window_api import ApiMixin
from app.ui.window_attachments import AttachmentsMixin
from app.ui.window_chats import ChatsMixin
from app.ui.window_compare import CompareMixin
from app.ui.window_docs import DocsMixin
from app.ui.window_models import ModelsMixin
from app.ui.window_remote import RemoteMixin
from app.ui.window_replies import RepliesMixin

log = logging.getLogger(__name__)


class MainWindow(AttachmentsMixin, ModelsMixin, ChatsMixin, RepliesMixin, RemoteMixin, ApiMixin,
                 DocsMixin, CompareMixin):
    """Fireside's chat window (see the module docstring for its parts)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.ctx = context
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 760)
        self.host = ModelHost(context.checksums, self)
        self.downloads = DownloadBridge(context, self)
        self.docs_host = DocsHost(context, self)  # LocalDocs indexing (goes on if stopped)
        self.speed = SpeedCalibrator(context, self.host, self)  # "about N tokens/s"
        self.models_window = None
        self.folder_watcher = ModelFolderWatcher(context.models_dir, self)
        self._known_files = self._model_files()
        self.setAcceptDrops(True)
        self._title_fallbacks = {}
        self._unsaved_replies = {}
        self.context_used = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)  # search as the user types, not per key
        self.current = None
        self.stream = None
        self.loaded_model = None
        self.model_info = None
        self._requested_model = None
        self.last_tokens_per_second = None
        self._state = "no model"
        self._banner_is_load_failure = False
        self._closed = False
        self.settings_window: SettingsWindow | None = None
        self._build()
        self._connect()
        self.setup_remote()
        self.setup_api()
        self._restore_window_state()
        self.apply_appearance()
        self._new_chat_preset = None
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
        left.setMinimumWidth(170)  # chat titles stay readable in a narrow window
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.model_picker = ModelPicker()  # (the whole name when there is room)
        self.model_picker.setAccessibleName(self.tr("Model"))
        top.addWidget(self.model_picker)
        self.remote_mark = QLabel()
        self.remote_mark.setObjectName("remoteMark")
        self.remote_mark.hide()
        top.addWidget(self.remote_mark)
        self.models_button = QPushButton(self.tr("Models…"))
        self.models_button.setAccessibleName(self.tr("Manage and download models"))
        top.addWidget(self.models_button)
        top.addSpacing(12)
        self.preset_picker = PresetPicker()  # (it says "Preset" to screen readers)
        self.preset_picker.setToolTip(self.tr("Preset: the chat's instructions and settings"))
        top.addWidget(self.preset_picker)
        top.addSpacing(6)
        top.addWidget(self.setup_docs())  # LocalDocs: the chat's collections
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
        tray, paperclip = self.setup_attachments()  # files attached to the next message
        right_layout.addWidget(tray)
        bottom = QHBoxLayout()
        bottom.addWidget(paperclip, 0, Qt.AlignmentFlag.AlignBottom)
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
        splitter.setChildrenCollapsible(False)
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
        self.import_action.triggered.connect(lambda: self.import_chats())  # not its checked
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
        self.add_compare_action(chat_menu)
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
        self.input.sig_files.connect(self.attach_files)
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
        self.speed.sig_calibrated.connect(self._on_speed_calibrated)
        host.sig_load_failed.connect(self._on_model_load_failed)
        host.sig_kept.connect(self._on_model_kept)
        host.sig_text.connect(self._on_text)
        host.sig_finished.connect(self._on_finished)
        host.sig_failed.connect(self._on_failed)
        host.sig_titled.connect(self._on_titled)

    # -- settings ---------------------------------------------------------
    def shortcut_actions(self) -> list[QAction]:
        """Every action with a keyboard shortcut (the Shortcuts page lists these)."""
        return [a for a in (self.new_chat_action, self.search_action, self.focus_input_action,
                            self.stop_action, self.copy_reply_action, self.settings_action,
                            self.manage_models_action, self.quit_action,
                            self.chat_view.first_action, self.chat_view.newest_action)
                if not a.shortcut().isEmpty()]

    def open_settings(self, section: str | None = None) -> SettingsWindow:
        """The settings window (a copy of the settings until OK or Apply)."""
        window = SettingsWindow(
            self.ctx.settings, list(self.ctx.installed),
            self.ctx.paths.data_dir, self.ctx.models_dir,
            self.model_info.n_ctx_train if self.model_info else None,
            self.shortcut_actions(), self, providers=self.provider_store, api=self.api_host,
            docs=self.docs_host, downloads=self.downloads)
        window.setModal(True)
        if window.providers is not None:
            window.providers.sig_changed.connect(self.providers_changed)
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
        old_api = settings.api_server.model_copy()
        # Where the API key is kept is the API host's to say (it may have made the key
        # while the settings window was open), never the settings window's copy.
        new.api_server.key_location = old_api.key_location
        for name in Settings.model_fields:
            setattr(settings, name, getattr(new, name))
        self.save_settings()
        set_offline(settings.offline)
        if settings.offline != was_offline:  # remote models and downloads follow it
            self.refresh_models()
            if self.models_window is not None:
                self.models_window.rebuild()
        if (settings.theme, settings.font_size) != old_look:
            self.apply_appearance()
        self.refresh_presets()
        self.api_settings_applied(old_api)
        self.docs_host.apply_settings(settings.localdocs)
        if model is not None and self._load_key(model) != old_load and self.stream is None:
            self.load_model(model)  # context, threads, batch or template changed

    def _load_key(self, model: InstalledModel | None) -> tuple[object, ...]:
        """What a model is loaded with: a change means loading it again."""
        if model is None:
            return ()
        own = self.ctx.settings.model_settings.get(model.id)
        generation = model_generation(self.ctx.settings.generation, own)
        return (generation.context_length, generation.threads, generation.batch_size,
                own.chat_template if own else None, own.gpu_layers if own else None)

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
        self._recommend()
        self.welcome.show()

    def _recommend(self) -> None:
        """The welcome's picks: in memory and, once calibrated, fast enough to chat."""
        installed = {m.id for m in self.ctx.installed}
        candidates = [e for e in self.ctx.catalog.models if e.id not in installed]
        calibration = self.ctx.speed_calibration()
        self.welcome.show_recommendations(
            recommend(candidates, self.ctx.settings.generation.context_length,
                      calibration=calibration), is_offline(), calibration is not None)

    def _on_speed_calibrated(self, _calibration: object) -> None:
        """Speeds are known now: the welcome's picks and the Models window show them."""
        if self.welcome.isVisible():
            self._recommend()
        if self.models_window is not None:
            self.models_window.rebuild()

    def dismiss_welcome(self) -> None:
        self.welcome.hide()
        if not self.ctx.settings.welcome_shown:
            self.ctx.settings.welcome_shown = True
            self.save_settings()  # if the disk is full, it is saved with the next change

    def report_unexpected(self, kind: type[BaseException], error: BaseException,
                          trace: TracebackType | None) -> None:
        """``sys.excepthook`` while the window runs: an exception no slot handled is
        logged with its traceback and shown in the banner, never only printed."""
        log.error("unexpected error", exc_info=(kind, error, trace))
        if self._closed:
            return
        self.banner.show_message(say(error) if isinstance(error, UserError) else self.tr(
            "Something went wrong ({error}). The details are in Fireside's log.").format(
                error=f"{kind.__name__}: {error}"))

    def save_settings(self) -> bool:
        """Save the settings; if that fails (a full disk), say so in the banner: they stay
        in effect and are saved with the next change."""
        try:
            self.ctx.save_settings()
        except OSError as exc:
            log.warning("could not save the settings: %s", exc)
            self.banner.show_message(say(exc) if isinstance(exc, UserError) else self.tr(
                "The settings could not be saved: {error}").format(error=exc.strerror or exc))
            return False
        return True

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
        if not self.save_unsaved_replies():
            log.error("closing with %d reply(s) not saved: the disk is full",
                      len(self._unsaved_replies))
        self.downloads.shutdown()  # partial downloads stay and resume next time
        if self.models_window is not None:
            self.models_window.close()
        self.shutdown_compare()  # a comparison under way stops with the model thread
        self.speed.shutdown()  # no timing put off for later
        self.api_host.shutdown()  # no new requests; those under way end with the model thread
        self.host.shutdown()
        self.remote_host.shutdown()
        self.docs_host.shutdown()  # after the file being read; indexing goes on next time
        self.docs_search.shutdown()
        self.attachment_tray.shutdown()
        # Results the threads sent just before they stopped must not reach a closed window.
        self.host.blockSignals(True)
        self.remote_host.blockSignals(True)
        self.downloads.blockSignals(True)
        self.ctx.close()
