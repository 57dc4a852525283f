"""What the parts of the main window share, declared once so that each part type-checks.

:class:`~app.ui.main_window.MainWindow` is put together from one class per concern
(:class:`~app.ui.window_models.ModelsMixin`, :class:`~app.ui.window_chats.ChatsMixin`,
:class:`~app.ui.window_replies.RepliesMixin`).  Each of them derives from
:class:`WindowBase`, which only *declares* — with no values and no behaviour — the
widgets and the state that ``MainWindow`` creates and the few methods one part calls on
another.  ``MainWindow`` builds the widgets and sets the state; the parts implement the
methods (mypy refuses to create a window if one of them were missing).

No user-visible text lives here: ``self.tr()`` looks for a text's translation under the
class that holds it, which stays the part that says it.
"""

from __future__ import annotations

from abc import abstractmethod
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolButton,
)

from app.core.chat_session import Turn
from app.core.context import AppContext
from app.core.conversation import Conversation
from app.core.engine import GenerationResult, ModelInfo
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel
from app.core.localdocs.attachments import Attachment
from app.core.providers import Provider, ProviderStore, RemoteModel
from app.ui.attachment_tray import AttachmentTray
from app.ui.chat_input import ChatInput
from app.ui.chat_list import ChatList
from app.ui.chat_view import ChatView
from app.ui.docs_host import DocsHost
from app.ui.download_bridge import DownloadBridge
from app.ui.error_banner import ErrorBanner
from app.ui.folder_watcher import ModelFolderWatcher
from app.ui.model_host import ModelHost
from app.ui.models_window import ModelsWindow
from app.ui.preset_picker import PresetPicker
from app.ui.remote_host import RemoteHost
from app.ui.reply_stream import ReplyStream
from app.ui.settings.settings_window import SettingsWindow
from app.ui.speed_calibrator import SpeedCalibrator
from app.ui.welcome_panel import WelcomePanel


class WindowBase(QMainWindow):
    """The main window as its parts see it: shared widgets, state and cross-part methods."""

    # -- set up by MainWindow.__init__ --------------------------------------
    ctx: AppContext
    host: ModelHost  # the model thread
    downloads: DownloadBridge
    docs_host: DocsHost  # LocalDocs indexing
    speed: SpeedCalibrator  # measures this machine's model speed once
    folder_watcher: ModelFolderWatcher
    models_window: ModelsWindow | None  # created when first opened

    # -- widgets built by MainWindow._build ---------------------------------
    banner: ErrorBanner
    welcome: WelcomePanel
    chat_list: ChatList
    search_box: QLineEdit
    chat_view: ChatView
    input: ChatInput
    attach_button: QToolButton  # the paperclip (AttachmentsMixin)
    send_button: QPushButton
    model_picker: QComboBox
    preset_picker: PresetPicker
    status_label: QLabel
    remote_mark: QLabel  # "messages go to HOST", shown while a remote model answers
    stop_action: QAction
    attachment_tray: AttachmentTray  # files attached to the next message (AttachmentsMixin)

    # -- remote models (RemoteMixin) ------------------------------------------
    provider_store: ProviderStore
    providers: list[Provider]
    remote_host: RemoteHost
    remote_model: RemoteModel | None  # chosen in the picker; None: the local model answers

    # -- state ----------------------------------------------------------------
    current: Conversation | None  # the open chat
    stream: ReplyStream | None  # the reply being written
    loaded_model: InstalledModel | None
    model_info: ModelInfo | None
    _requested_model: InstalledModel | None  # asked to load, maybe not loaded yet
    _new_chat_preset: str | None  # chosen before the chat's first message
    context_used: tuple[int, int] | None  # tokens used, context size
    _waiting_for_api: bool = False  # a reply waits while the model answers API requests
    last_tokens_per_second: float | None
    _state: str  # the status line's model state
    _banner_is_load_failure: bool  # a newly loaded model may hide that banner
    _known_files: set[Path]  # the .gguf files last seen in the models folder
    _title_fallbacks: dict[str, str]  # chat id -> title before the model suggested one
    _unsaved_replies: dict[str, Turn]  # replies a full disk kept from being saved, by id
    _search_timer: QTimer
    _closed: bool

    # -- what one part calls on another ---------------------------------------
    def show_model_in_use(self) -> None:
        """The Models window's "In use" follows the model the chat answers with."""
        if self.models_window is not None:
            self.models_window.show_loaded()

    def api_requests_in_flight(self) -> int:
        """API requests being answered or waiting for the model (the API part says)."""
        return 0

    @abstractmethod
    def model_names(self) -> dict[str, str]:
        """Installed models' names by id (:class:`~app.ui.window_models.ModelsMixin`)."""

    @abstractmethod
    def select_model(self, model: InstalledModel) -> None:
        """Show ``model`` in the picker and load it (ModelsMixin)."""

    @abstractmethod
    def refresh_chat_list(self) -> None:
        """Show the chats again (:class:`~app.ui.window_chats.ChatsMixin`)."""

    @abstractmethod
    def open_chat(self, conversation_id: str, message_id: str | None = None) -> None:
        """Show a chat (:class:`~app.ui.window_chats.ChatsMixin`)."""

    @abstractmethod
    def rename_chat(self, conversation_id: str, title: str | None = None) -> None:
        """Rename a chat; without ``title`` the user is asked (ChatsMixin)."""

    @abstractmethod
    def reply_settings(self) -> tuple[GenerationSettings, str]:
        """What the next reply is generated with (ChatsMixin)."""

    @abstractmethod
    def _end_stream(self) -> None:
        """The reply is over: let the view and the buttons know
        (:class:`~app.ui.window_replies.RepliesMixin`)."""

    @abstractmethod
    def _set_state(self, state: str) -> None:
        """Show the model's state in the status line (RepliesMixin)."""

    @abstractmethod
    def dismiss_welcome(self) -> None:
        """Hide the welcome panel for good (MainWindow)."""

    @abstractmethod
    def open_settings(self, section: str | None = None) -> SettingsWindow:
        """The settings window, open on ``section`` (MainWindow)."""

    @abstractmethod
    def save_settings(self) -> bool:
        """Save the settings, or say in the banner why not (MainWindow)."""

    @abstractmethod
    def refresh_models(self) -> None:
        """Fill the model picker again (ModelsMixin)."""

    @abstractmethod
    def stop(self) -> None:
        """Stop the reply being written (RepliesMixin)."""

    @abstractmethod
    def send(self) -> None:
        """Send the typed question (RepliesMixin)."""

    @abstractmethod
    def attachments_to_send(self) -> list[Attachment] | None:
        """The files attached to the next message; None while they are read
        (:class:`~app.ui.window_attachments.AttachmentsMixin`)."""

    @abstractmethod
    def _on_text(self, request_id: int, text: str) -> None:
        """A piece of a reply arrived (RepliesMixin)."""

    @abstractmethod
    def _on_finished(self, request_id: int, result: GenerationResult) -> None:
        """A reply ended (RepliesMixin)."""

    @abstractmethod
    def _on_failed(self, request_id: int, message: str) -> None:
        """A reply failed (RepliesMixin)."""

    @abstractmethod
    def _on_titled(self, conversation_id: str, title: str) -> None:
        """The model suggested a chat's title (RepliesMixin)."""

    @abstractmethod
    def start_generation(self, model: InstalledModel | RemoteModel, stream: ReplyStream) -> None:
        """Ask the model for the reply ``stream`` shows (RepliesMixin)."""

    @abstractmethod
    def search_docs_first(self, model: InstalledModel | RemoteModel,
                          stream: ReplyStream) -> bool:
        """Search LocalDocs before the reply, if the chat uses it
        (:class:`~app.ui.window_docs.DocsMixin`)."""

    @abstractmethod
    def cancel_docs_search(self) -> bool:
        """Stop pressed while LocalDocs is searched (DocsMixin)."""

    @abstractmethod
    def chat_collections(self) -> list[str]:
        """The collections the open chat (or the next new one) draws on (DocsMixin)."""

    @abstractmethod
    def show_chat_collections(self) -> None:
        """The header shows the open chat's collections (DocsMixin)."""

    @abstractmethod
    def add_remote_models_to_picker(self) -> None:
        """The providers' models below the local ones (RemoteMixin)."""

    @abstractmethod
    def pick_remote_model(self, model: RemoteModel) -> None:
        """Answer with a remote model from now on (RemoteMixin)."""

    @abstractmethod
    def use_local_model(self) -> None:
        """Answer with the local model again (RemoteMixin)."""

    @abstractmethod
    def remote_model_for(self, model_id: str | None) -> RemoteModel | None:
        """The remote model an id names, if its provider is still here (RemoteMixin)."""

    @abstractmethod
    def remote_model_names(self) -> dict[str, str]:
        """Remote models' names by id (RemoteMixin)."""
