"""The main window's replies: sending, streaming a reply from the model thread, versions
(edit, regenerate, switch, delete), titles, and the status line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox

from app.core.chat_session import ChatSession
from app.core.conversation import Message, Role
from app.core.engine import GenerationResult
from app.core.localdocs.attachments import Attachment
from app.core.providers import RemoteModel
from app.core.texts import UserError
from app.ui.chat_view import ChatView
from app.ui.i18n import say
from app.ui.reply_stream import ReplyStream
from app.ui.window_base import WindowBase
from app.ui.window_remote import ReplyModel


class RepliesMixin(WindowBase):
    """Sending and streaming for :class:`~app.ui.main_window.MainWindow`.

    Uses the window's ``ctx``, ``host`` (the model thread), ``chat_view``, ``input``,
    ``send_button`` and ``banner``; keeps ``stream`` (the reply being written).  All of
    them are declared in :class:`~app.ui.window_base.WindowBase`.
    """

    # -- sending ----------------------------------------------------------
    def _on_send_button(self) -> None:
        if self.stream is not None:
            self.stop()
        else:
            self.send()

    def send(self) -> None:
        """Send the typed question.  If it cannot be saved (a full disk), say so and keep
        the text in the box: nothing is sent and nothing is lost."""
        text = self.input.toPlainText().strip()
        if not text or self.stream is not None:
            return
        model = self._model_for_reply()
        if model is None or not self.save_unsaved_replies():
            return
        attached = self.attachments_to_send()
        if attached is None:  # files still being read: sent when they are
            return
        if self.welcome.isVisible():
            self.dismiss_welcome()
        session = self._session()
        if session.is_new and attached:  # the chat their collection was made for
            session.conversation.id = self.attachment_tray.draft_id
        if self._start_reply(session, model, question=text, attachments=attached):
            self.input.clear()
            self.attachment_tray.sent()

    def _session(self) -> ChatSession:
        """The open chat as a core session (a new chat until its first question)."""
        session = ChatSession(self.ctx.store, self.ctx.settings, self.current,
                              preset=self._new_chat_preset)
        if session.is_new:  # with the LocalDocs collections chosen before its first question
            session.conversation.collections = self.chat_collections()
        return session

    def _model_for_reply(self) -> ReplyModel | None:
        model: ReplyModel | None = self.remote_model or self._requested_model or self.loaded_model
        if model is None:
            self.banner.show_message(self.tr("Choose a model before sending a message."))
            return None
        self.banner.hide()
        return model

    def _start_reply(self, session: ChatSession, model: ReplyModel,
                     replace_from: str | None = None, question: str | Message | None = None,
                     attachments: Sequence[Attachment] = ()) -> bool:
        """Answer the question at the end of the open branch (or ``question``, a new one).

        The session saves the question and the reply's placeholder, both or neither; if
        that fails, the banner says why and nothing changes.  With ``replace_from``, the
        view is rebuilt from that message on (a new version of a question or an answer);
        otherwise the question and the reply are added below.  Returns whether the reply
        started.
        """
        new_chat = session.is_new
        try:
            turn = session.start_turn(model.id, question, attachments)
        except UserError as exc:  # a full disk, a busy database: nothing saved
            self.banner.show_message(say(exc))
            return False
        if new_chat:
            self.current = session.conversation
            self._new_chat_preset = None
            self.refresh_chat_list()
        self.chat_view.follow = True
        if replace_from is None:
            asked = turn.conversation.message(turn.reply.parent_id) if question else None
            if asked is not None:
                self.chat_view.add_message(asked, ChatView.author_for(asked, {}))
            widget = self.chat_view.add_message(turn.reply, model.name)
        else:
            self.chat_view.replace_from(replace_from, turn.conversation, self.model_names())
            widget = self.chat_view.messages[-1]
        self.stream = ReplyStream(0, turn, widget, self)  # its request id: when it is asked
        self.stream.sig_not_saved.connect(self._on_reply_not_saved)
        self._set_generating(True)
        if not self.search_docs_first(model, self.stream):  # (LocalDocs first, off this thread)
            self.start_generation(model, self.stream)
        return True

    def start_generation(self, model: ReplyModel, stream: ReplyStream) -> None:
        """Ask the model (or the provider) for the reply ``stream`` shows."""
        request = stream.turn.request
        if isinstance(model, RemoteModel):  # on a worker thread; messages leave here
            stream.request_id = self.remote_host.generate(model, request.messages,
                                                          request.settings, request.chat_key)
        else:
            stream.request_id = self.host.generate(request.messages, request.settings,
                                                   request.chat_key)
        self._set_generating(True)

    def _on_reply_not_saved(self, message: Message, reason: str) -> None:
        """A streaming reply could not be saved (a full disk): it is kept here and saved
        as soon as that works again (see :meth:`save_unsaved_replies`)."""
        if self.stream is not None and self.stream.message is message:
            self._unsaved_replies[message.id] = self.stream.turn
        self.banner.show_message(reason)

    def save_unsaved_replies(self) -> bool:
        """Save the replies a full disk kept in memory; False (and say why) if it still
        cannot be done."""
        for message_id, turn in list(self._unsaved_replies.items()):
            try:
                turn.save()
            except UserError as exc:
                self.banner.show_message(say(exc))
                return False
            del self._unsaved_replies[message_id]
        return True

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
        if not self.save_unsaved_replies():
            return
        self._start_reply(self._session(), model, replace_from=original.id,
                          question=Message(Role.USER, text, parent_id=original.parent_id,
                                           attachments=original.attachments))  # (files kept)
        self.input.setFocus()  # the editor that had the focus is gone: back to writing

    def regenerate(self, message_id: str) -> None:
        """Answer the same question again, as a new version; the old answer is kept."""
        answer = self._branchable(message_id)
        if answer is None or answer.role is not Role.ASSISTANT or self.current is None:
            return
        question = self.current.message(answer.parent_id)
        model = self._model_for_reply()
        if question is None or model is None:
            return
        if not self.save_unsaved_replies():
            return
        shown = self.current.current_leaf
        self.current.current_leaf = question.id
        if not self._start_reply(self._session(), model, replace_from=answer.id):
            self.current.current_leaf = shown

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
        if self.stream is not None and not self.cancel_docs_search():
            self.host.stop()
            self.remote_host.stop()

    def _on_text(self, request_id: int, text: str) -> None:
        if self.stream is not None and self.stream.request_id == request_id:
            if self._waiting_for_api:  # its turn came
                self._waiting_for_api = False
                self._set_state(self.tr("generating…"))
            self.stream.append(text)

    def _on_finished(self, request_id: int, result: GenerationResult) -> None:
        stream = self.stream
        if stream is None or stream.request_id != request_id:
            return
        stream.finish(result)
        self.last_tokens_per_second = result.tokens_per_second
        self.speed.reply_finished(self.loaded_model, self.model_info, result)
        self.context_used = (result.prompt_tokens + result.completion_tokens, result.n_ctx)
        self.chat_view.mark_memory_start(
            stream.turn.request.memory_starts_at(result.dropped_messages))
        self._end_stream()
        if result.text.strip():
            self._ask_for_title(stream)

    def _ask_for_title(self, stream: ReplyStream) -> None:
        """After a chat's first exchange, let the model suggest a better title."""
        session = ChatSession(self.ctx.store, self.ctx.settings, stream.turn.conversation)
        request = session.title_request()
        if request is None:
            return
        self._title_fallbacks[stream.conversation_id] = request.fallback
        remote = self.remote_model_for(stream.message.model_id)
        if remote is not None:  # the model that answered names the chat
            self.remote_host.suggest_title(remote, stream.conversation_id, request.messages,
                                           request.settings)
        else:
            self.host.suggest_title(stream.conversation_id, request.messages,
                                    request.settings)

    def _on_titled(self, conversation_id: str, title: str) -> None:
        fallback = self._title_fallbacks.pop(conversation_id, None)
        conversation = self.current if self.current and self.current.id == conversation_id \
            else self.ctx.store.load_conversation(conversation_id)
        if conversation is None or fallback is None:
            return
        session = ChatSession(self.ctx.store, self.ctx.settings, conversation)
        if session.apply_title(" ".join(title.split()), fallback):  # the user's name wins
            self.refresh_chat_list()

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
        self._waiting_for_api = (generating and self.remote_model is None
                                 and self.api_requests_in_flight() > 0)
        if self._waiting_for_api:  # the model thread answers them first
            self._set_state(self.tr("waiting for the API's requests to finish…"))
        elif self.loaded_model is not None:
            self._set_state(self.tr("generating…") if generating else self.tr("ready"))

    def _set_state(self, state: str) -> None:
        self._state = state
        model: ReplyModel | None = self.remote_model or self.loaded_model or \
            self._requested_model
        parts = [model.name if model else self.tr("No model"), state]
        if self.last_tokens_per_second:
            parts.append(self.tr("last reply {speed:.1f} tokens/s").format(
                speed=self.last_tokens_per_second))
        if self.context_used and self.context_used[1]:
            used, size = self.context_used
            parts.append(self.tr("context {used:,} / {size:,} tokens").format(used=used,
                                                                                size=size))
        self.status_label.setText("  ·  ".join(parts))
