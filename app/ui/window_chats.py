"""The main window's chats: the list and search, opening, renaming, pinning, deleting,
export and import, and the preset each chat uses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLabel, QMessageBox

from app.core.api_chats import ORIGIN as API_ORIGIN
from app.core.chat_transfer import ChatImportError, export_chats, import_chats
from app.core.conversation import Conversation
from app.core.generation import GenerationSettings
from app.core.localdocs.attachments import forget_chat
from app.core.model_settings import reply_settings
from app.core.network import is_offline
from app.core.presets import Preset, all_presets, find_preset, preset_or_default
from app.ui.i18n import lookup, say
from app.ui.tab_order import tab_target
from app.ui.window_base import WindowBase


class ChatsMixin(WindowBase):
    """Chat management for :class:`~app.ui.main_window.MainWindow`.

    Uses the window's ``ctx`` (the chat store), ``chat_list``, ``chat_view``,
    ``search_box`` and ``preset_picker``; keeps ``current`` (the open chat).  All of
    them are declared in :class:`~app.ui.window_base.WindowBase`.
    """

    _listed_data_version: int | None = None  # the store's data_version the list shows

    # -- presets ----------------------------------------------------------
    def refresh_presets(self) -> None:
        """Fill the picker (after presets were added, renamed or deleted)."""
        self.preset_picker.set_presets(all_presets(self.ctx.settings.presets),
                                       self.chat_preset().name)

    def chat_preset(self) -> Preset:
        """The preset of the open chat (or the one chosen for the next new chat)."""
        name = self.current.preset if self.current is not None else self._new_chat_preset
        return preset_or_default(name, self.ctx.settings.presets,
                                 self.ctx.settings.default_preset)

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
        model = self.remote_model or self._requested_model or self.loaded_model
        return reply_settings(self.ctx.settings, model.id if model is not None else None,
                              self.chat_preset())

    # -- chats ------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and not self._closed):  # (after shutdown the chat store is closed)
            self.refresh_if_changed_elsewhere()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab passes through the conversation's messages in reading order
        (:mod:`app.ui.tab_order`)."""
        target = tab_target(self.chat_view, [self.attach_button, self.input],
                            QApplication.focusWidget(), next)
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next
                        else Qt.FocusReason.BacktabFocusReason)
        if isinstance(target, QLabel):  # a message's text: straight onto its first link
            target.focusNextPrevChild(next)
        content = self.chat_view.widget()
        if content is not None and content.isAncestorOf(target):
            self.chat_view.ensureWidgetVisible(target)
        return True

    def refresh_if_changed_elsewhere(self) -> None:
        """Show chats another program (``fireside chat``, ``fireside import``) saved while
        this window was open: called when the window becomes active."""
        if self.ctx.store.data_version() != self._listed_data_version:
            self.refresh_chat_list()

    def refresh_chat_list(self) -> None:
        self._listed_data_version = self.ctx.store.data_version()
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
        self.show_chat_collections()
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
            self.show_chat_collections()
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
        self.statusBar().showMessage(self.tr("Exported %n chat(s) to {path}", "", count).format(
            path=target), 5000)
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
        if report.skipped:  # say which entries were left out, and why
            reasons = "; ".join(say(reason) for reason in report.skipped[:5])
            more = "…" if len(report.skipped) > 5 else ""
            self.banner.show_message(f"{say(report.summary())} {reasons}{more}")
        else:
            self.statusBar().showMessage(say(report.summary()), 8000)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _use_chat_model(self, conversation: Conversation) -> None:
        """A chat remembers its model: opening it selects that model, if it is installed
        (or its provider is still set up and offline mode is off)."""
        remote = self.remote_model_for(conversation.model_id)
        if remote is not None:
            if not is_offline() and remote != self.remote_model:
                self.pick_remote_model(remote)
            return
        model = next((m for m in self.ctx.installed if m.id == conversation.model_id), None)
        current = None if self.remote_model else self._requested_model or self.loaded_model
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
            api_chats = {c.id for c in self.ctx.store.list_conversations()
                         if c.origin == API_ORIGIN}
            self.chat_list.set_search_results(self.ctx.store.search(query), query, api_chats)

    def rename_chat(self, conversation_id: str, title: str | None = None) -> None:
        conversation = self.ctx.store.load_conversation(conversation_id)
        if conversation is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Name:"),
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
                self.tr("Delete “{title}” and its %n message(s)? This cannot be undone.", "",
                        len(conversation.messages)).format(title=conversation.title))
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.current is not None and self.current.id == conversation_id:
            if self.stream is not None:  # nothing may stream into a deleted chat
                self.stop()
                self.stream.abandon()
                self._end_stream()
            self.new_chat()
        self.ctx.store.delete_conversation(conversation_id)
        forget_chat(self.ctx.paths.localdocs, conversation_id)  # its attached files' index
        self.refresh_chat_list()

    def _detach_stream(self) -> None:
        """Leaving the chat that is streaming: stop the reply; it is still saved."""
        if self.stream is not None:
            self.stream.widget = None
            self.stop()
