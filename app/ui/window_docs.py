"""The main window's LocalDocs: which collections a chat draws on (the header's button,
saved with the chat) and the search before each of its replies, off the GUI thread."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer

from app.core.conversation import MessageStatus
from app.core.localdocs.embedding_setup import chosen_embedding_model
from app.core.localdocs.library import Found
from app.core.localdocs.store import DocsError, DocsStore
from app.core.providers import RemoteModel
from app.core.texts import UserError
from app.ui.docs_button import DocsButton
from app.ui.docs_search import DocsSearchHost
from app.ui.i18n import say
from app.ui.reply_stream import ReplyStream
from app.ui.window_base import WindowBase
from app.ui.window_remote import ReplyModel

# The Settings page the other LocalDocs controls are on (if this build has it).
SETTINGS_SECTION = "LocalDocs"


class DocsMixin(WindowBase):
    """LocalDocs for :class:`~app.ui.main_window.MainWindow`.

    Keeps ``docs_button`` (in the chat header), ``docs_search`` (the search thread) and
    the search under way, if any: a reply that draws on LocalDocs waits for it (with its
    :class:`ReplyStream` already shown) and then starts with the sources found.
    """

    docs_button: DocsButton
    docs_search: DocsSearchHost
    _docs_pending: tuple[int, ReplyStream, ReplyModel] | None
    _new_chat_collections: list[str]  # chosen before a new chat's first question

    def setup_docs(self) -> DocsButton:
        """Make the header's LocalDocs button and the search thread."""
        self._docs_pending = None
        self._new_chat_collections = []
        self.docs_search = DocsSearchHost(self.ctx.paths.localdocs, self)
        self.docs_search.sig_found.connect(self._on_docs_found)
        self.docs_search.sig_failed.connect(self._on_docs_failed)
        self.docs_button = DocsButton(self.list_collections)
        self.docs_button.sig_chosen.connect(self.choose_collections)
        self.docs_button.sig_manage.connect(self.manage_collections)
        self.docs_host.sig_renamed.connect(self.follow_renamed_collection)
        return self.docs_button

    # -- the chat's collections -------------------------------------------------
    def list_collections(self) -> list[str] | str:
        """The user's collections' names, or why they cannot be read."""
        path = self.ctx.paths.localdocs
        if not path.exists():  # nothing indexed yet (and no index made for nothing)
            return []
        try:
            store = DocsStore(path)
        except DocsError as exc:
            return say(exc)
        try:
            return [c.name for c in store.user_collections()]
        except sqlite3.Error as exc:
            return self.tr("The LocalDocs index cannot be read: {error}").format(error=exc)
        finally:
            store.close()

    def chat_collections(self) -> list[str]:
        """The collections the open chat (or the next new one) draws on."""
        if self.current is not None:
            return list(self.current.collections)
        return list(self._new_chat_collections)

    def choose_collections(self, names: list[str]) -> None:
        """The open chat draws on ``names`` from now on (saved with it)."""
        if self.current is None:
            self._new_chat_collections = list(names)
        else:
            try:
                self.ctx.store.set_collections(self.current.id, list(names))
            except UserError as exc:  # a full disk: the choice stays as it was
                self.banner.show_message(say(exc))
                self.docs_button.show_chosen(self.current.collections)
                return
            self.current.collections = list(names)
        self.docs_button.show_chosen(list(names))

    def follow_renamed_collection(self, old: str, new: str) -> None:
        """A collection was renamed: the chats that use it keep it, under its new name."""
        try:
            self.ctx.store.rename_collection_in_chats(old, new)
        except UserError as exc:
            self.banner.show_message(say(exc))
            return
        for names in (self.current.collections if self.current is not None else None,
                      self._new_chat_collections):
            if names is not None and old in names:
                names[names.index(old)] = new
        self.docs_button.show_chosen(self.chat_collections())

    def show_chat_collections(self) -> None:
        """The header shows the open chat's collections (a new chat starts with none)."""
        if self.current is None:
            self._new_chat_collections = []
        self.docs_button.show_chosen(self.chat_collections())

    def manage_collections(self) -> None:
        """Settings, on the LocalDocs page if this build has one."""
        window = self.open_settings(SETTINGS_SECTION)
        sections = {window.sections.item(row).data(Qt.ItemDataRole.UserRole)
                    for row in range(window.sections.count())}
        if SETTINGS_SECTION not in sections:
            self.banner.show_message(self.tr(
                "Add a collection in a terminal: fireside docs add NAME FOLDER, then "
                "fireside docs index NAME."))

    # -- searching before a reply ----------------------------------------------
    def search_docs_first(self, model: ReplyModel, stream: ReplyStream) -> bool:
        """If the chat draws on LocalDocs (collections, or files attached to it), search
        for the question on the search thread; the reply starts when that is done.
        False: nothing to search, start the reply now."""
        chat = stream.turn.conversation
        names = list(chat.collections)
        if not names and not any(m.attachments for m in chat.messages):
            return False
        question = chat.message(stream.message.parent_id)
        if question is None:
            return False
        info = self.model_info
        n_ctx = info.n_ctx if info is not None and not isinstance(model, RemoteModel) and \
            self.loaded_model is not None and self.loaded_model.id == model.id else None
        settings = self.ctx.settings.localdocs
        search_id = self.docs_search.search(
            question.content, names, chat.id, n_ctx, settings,
            chosen_embedding_model(settings, self.ctx.embedding_models))
        self._docs_pending = (search_id, stream, model)
        searching = self.tr("searching LocalDocs…")
        self._set_state(searching)
        if stream.widget is not None:
            stream.widget.set_status(MessageStatus.STREAMING, searching)
        return True

    def _take_pending(self, search_id: int) -> tuple[ReplyStream, ReplyModel] | None:
        pending = self._docs_pending
        if pending is None or pending[0] != search_id:
            return None
        self._docs_pending = None
        _, stream, model = pending
        return (stream, model) if self.stream is stream else None

    def _on_docs_found(self, search_id: int, found: Found) -> None:
        taken = self._take_pending(search_id)
        if taken is None:
            return
        stream, model = taken
        if found.missing:
            self._forget_collections(stream, found.missing)
            self.banner.show_message(" ".join(say(n) for n in found.notices()))
        stream.turn.use_sources(found.sources)
        self._go_on(model, stream)

    def _on_docs_failed(self, search_id: int, reason: str) -> None:
        taken = self._take_pending(search_id)
        if taken is None:
            return
        stream, model = taken
        self.banner.show_message(self.tr(
            "LocalDocs could not be searched, so this answer does not use your documents: "
            "{reason}").format(reason=reason))
        self._go_on(model, stream)

    def _go_on(self, model: ReplyModel, stream: ReplyStream) -> None:
        if stream.widget is not None:
            stream.widget.set_status(MessageStatus.STREAMING)
        self.start_generation(model, stream)

    def _forget_collections(self, stream: ReplyStream, gone: list[str]) -> None:
        """Collections renamed or removed since the chat chose them leave its choice."""
        chat = stream.turn.conversation
        kept = [name for name in chat.collections if name not in gone]
        if self.current is chat:
            self.choose_collections(kept)
            return
        try:
            self.ctx.store.set_collections(chat.id, kept)
            chat.collections = kept
        except UserError:  # said again next time
            pass

    def cancel_docs_search(self) -> bool:
        """Stop pressed while searching: the reply ends, empty and stopped (just after
        this returns, so a caller may still end the stream itself)."""
        pending = self._docs_pending
        if pending is None:
            return False
        self._docs_pending = None
        stream = pending[1]
        QTimer.singleShot(0, lambda: self._end_cancelled(stream))
        return True

    def _end_cancelled(self, stream: ReplyStream) -> None:
        if self.stream is not stream:
            return
        stream.abandon()
        if stream.widget is not None:
            stream.widget.finish_stream(stream.turn.text, MessageStatus.STOPPED)
        self._end_stream()
