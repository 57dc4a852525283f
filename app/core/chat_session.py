"""A chat turn, owned once in the core: the window, ``fireside chat`` (and the API server)
are thin adapters over it.

:class:`ChatSession` is a conversation being chatted in.  :meth:`ChatSession.start_turn`
saves the question and the reply's placeholder in one step (both or neither; a new chat
with them), works out what the engine is asked — the open branch as chat messages, the
settings resolved as defaults → the model's own → the chat's preset, the system prompt —
and returns a :class:`Turn`.  The adapter runs the engine where it must run (the model
thread, a worker thread for a remote engine, inline in the terminal) and feeds what it
reports back to the turn, on the thread that owns the chat store:

* :meth:`Turn.add_text` for each piece: the reply grows, is saved at least once a
  second (a crash loses at most that), and a reasoning model's thinking time is taken
  when ``</think>`` arrives;
* :meth:`Turn.finish` with the engine's result: the full reply is saved with how it ended
  (one table for every front end: :data:`FINISH_STATUS`) and its counts;
* :meth:`Turn.fail` or :meth:`Turn.abandon`: what arrived is kept, marked failed or stopped.

A save the disk refuses never stops a reply: the text goes on in memory,
:attr:`Turn.on_not_saved` is told once, and :meth:`Turn.save` tries again later.
After a chat's first exchange, :meth:`ChatSession.title_request` is what the model is
asked for a title, and :meth:`ChatSession.apply_title` keeps the user's own name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.core.chat_title import title_request_for
from app.core.conversation import Conversation, Message, MessageStatus, Role, title_from_text
from app.core.engine import GenerationResult
from app.core.generation import GenerationSettings
from app.core.localdocs.attachments import Attachment, with_sources_after
from app.core.localdocs.retrieval import Source
from app.core.model_settings import chat_reply_settings
from app.core.reasoning import CLOSE
from app.core.settings import Settings
from app.core.storage import ChatStore
from app.core.texts import UserError

SAVE_INTERVAL_S = 1.0

FINISH_STATUS = {
    "stop": MessageStatus.COMPLETE,
    "stopped": MessageStatus.STOPPED,
    "length": MessageStatus.LENGTH,
    "context": MessageStatus.LENGTH,
}
"""How a reply ended (the engine's ``finish_reason``) -> the status it is saved with."""


@dataclass(frozen=True)
class TurnRequest:
    """What the engine is asked for one reply.

    Attributes:
        messages: the open branch as chat messages, system prompt first.
        settings: sampling and runtime values (defaults → model → preset).
        chat_key: the chat, so a local engine can keep and restore its KV state.
        message_ids: each message's id in the chat (None: the system prompt), so a view
            can mark where the model's memory begins when the oldest turns are left out.
    """

    messages: list[dict[str, str]]
    settings: GenerationSettings
    chat_key: str
    message_ids: list[str | None] = field(default_factory=list)

    def memory_starts_at(self, dropped: int) -> str | None:
        """The first message the model still saw when it left out ``dropped`` messages."""
        first = 1 if self.message_ids and self.message_ids[0] is None else 0
        kept = self.message_ids[first + dropped:]
        return kept[0] if dropped > 0 and kept else None


@dataclass(frozen=True)
class TitleRequest:
    """What the model is asked for a chat's title (greedy, a few tokens).

    Attributes:
        messages: the first exchange and the request for a title.
        settings: the chat's settings (the engine makes them greedy and short).
        fallback: the title the chat has now; a title the user gives meanwhile wins.
    """

    messages: list[dict[str, str]]
    settings: GenerationSettings
    fallback: str


class Turn:
    """One reply being written; fed by the adapter on the chat store's thread.

    Attributes:
        reply: the assistant message, kept up to date in memory.
        request: what the engine is asked.
        unsaved: the last save failed (a full disk); :meth:`save` tries again.
        on_not_saved: told (reply, error) when a save first fails.
    """

    def __init__(self, store: ChatStore, conversation: Conversation, reply: Message,
                 request: TurnRequest) -> None:
        self.store = store
        self.conversation = conversation
        self.reply = reply
        self.request = request
        self.unsaved = False
        self.on_not_saved: Callable[[Message, UserError], None] | None = None
        self._parts: list[str] = []
        self._text = ""
        self._tail = ""  # the last characters seen, to find "</think>" split over pieces
        self._started = time.monotonic()  # a reasoning model's "thought for" counts from here
        self._last_save = self._started

    @property
    def text(self) -> str:
        """The reply so far."""
        if self._parts:
            self._text += "".join(self._parts)
            self._parts.clear()
        return self._text

    def use_sources(self, sources: Sequence[Source]) -> None:
        """This reply draws on ``sources`` (LocalDocs): the engine is asked with them
        before the question, and they are saved with the reply."""
        if not sources:
            return
        asked = self.conversation.message(self.reply.parent_id)  # (files stay first)
        self.request = replace(self.request, messages=with_sources_after(
            self.request.messages, sources, asked.content if asked is not None else ""))
        self.reply.sources = [source.to_dict() for source in sources]
        try:
            self.save()
        except UserError as exc:  # a full disk: kept in memory, saved with the reply
            if self.on_not_saved is not None:
                self.on_not_saved(self.reply, exc)
            self.unsaved = True

    def add_text(self, piece: str) -> None:
        """The next piece of the reply; saved if the last save is a second old."""
        if self.reply.thinking_seconds is None:
            seen = self._tail + piece  # the tag may arrive split over pieces
            if CLOSE in seen:
                self.reply.thinking_seconds = time.monotonic() - self._started
            self._tail = seen[-(len(CLOSE) - 1):]
        self._parts.append(piece)
        now = time.monotonic()
        if now - self._last_save >= SAVE_INTERVAL_S:
            self._last_save = now
            self._store(self.text, MessageStatus.STREAMING)

    def finish(self, result: GenerationResult) -> MessageStatus:
        """The engine is done: save the whole reply, how it ended, and its counts."""
        if self.reply.thinking_seconds is None and CLOSE in result.text:
            self.reply.thinking_seconds = time.monotonic() - self._started
        self._parts.clear()
        self._text = result.text
        self.reply.tokens = result.completion_tokens
        self.reply.tokens_per_second = result.tokens_per_second
        status = FINISH_STATUS.get(result.finish_reason, MessageStatus.COMPLETE)
        self._store(result.text, status)
        return status

    def fail(self) -> None:
        """The engine failed: keep what arrived, marked failed (left out of the history)."""
        self._store(self.text, MessageStatus.ERROR)

    def abandon(self) -> None:
        """The reply ends unfinished (the app closes, the reader left): kept as stopped."""
        self._store(self.text, MessageStatus.STOPPED)

    def save(self) -> None:
        """Save the reply as it is now; raises UserError if that still cannot be done."""
        self.store.update_message(self.reply)
        self.unsaved = False

    def _store(self, text: str, status: MessageStatus) -> None:
        self.reply.content = text
        self.reply.status = status
        try:
            self.save()
        except UserError as exc:  # a full disk: the reply goes on in memory
            if not self.unsaved and self.on_not_saved is not None:
                self.on_not_saved(self.reply, exc)
            self.unsaved = True


class ChatSession:
    """A conversation being chatted in (a new one until its first question is saved).

    Attributes:
        store: where the chat is saved.
        settings: the user's settings (defaults, models' own settings, presets).
        conversation: the chat; for a new chat, not saved until :meth:`start_turn`.
        is_new: the chat is not in the store yet.
    """

    def __init__(self, store: ChatStore, settings: Settings,
                 conversation: Conversation | None = None, *, model_id: str | None = None,
                 preset: str | None = None) -> None:
        self.store = store
        self.settings = settings
        self.is_new = conversation is None
        self.conversation = conversation or Conversation(
            title="", model_id=model_id, system_prompt=None, preset=preset)

    def reply_settings(self, model_id: str) -> tuple[GenerationSettings, str]:
        """The settings and default system prompt this chat is answered with by a model."""
        return chat_reply_settings(self.settings, self.conversation, model_id)

    def start_turn(self, model_id: str, question: str | Message | None = None,
                   attachments: Sequence[Attachment] = ()) -> Turn:
        """Save ``question`` (text, a new version of a question, or None: answer the open
        branch's last question again) and the reply's placeholder, both or neither.
        ``attachments``: files attached to a question given as text (saved with it).

        Raises UserError (a full disk, a busy database) with nothing saved and nothing
        changed.
        """
        chat = self.conversation
        if isinstance(question, str):
            tip = chat.tip()
            question = Message(Role.USER, question, parent_id=tip.id if tip else None,
                               attachments=[a.to_dict() for a in attachments] or None)
        parent = question or chat.tip()
        reply = Message(Role.ASSISTANT, "", parent_id=parent.id if parent else None,
                        status=MessageStatus.STREAMING, model_id=model_id)
        added = [m for m in (question, reply) if m is not None]
        if self.is_new:
            if not chat.title and question is not None:
                chat.title = title_from_text(question.content)
            chat.model_id = model_id
            for message in added:
                chat.append(message)
            try:
                self.store.create_conversation(chat)
            except BaseException:  # nothing was saved: the new chat stays as it was
                chat.messages.clear()
                chat.current_leaf = None
                raise
            self.is_new = False
        else:
            if chat.model_id != model_id:  # the chat now continues with this model
                self.store.set_conversation_model(chat.id, model_id)
                chat.model_id = model_id
            self.store.add_messages(chat.id, added)
            for message in added:
                chat.append(message)
        return Turn(self.store, self.conversation, reply, self._request(model_id, reply))

    def _request(self, model_id: str, reply: Message) -> TurnRequest:
        generation, default_prompt = self.reply_settings(model_id)
        entries = [(message_id, entry) for message_id, entry
                   in self.conversation.prompt_entries(default_prompt) if message_id != reply.id]
        return TurnRequest([entry for _, entry in entries], generation, self.conversation.id,
                           [message_id for message_id, _ in entries])

    def title_request(self) -> TitleRequest | None:
        """What the model is asked for a title after the chat's first exchange, or None."""
        loaded = self.store.load_conversation(self.conversation.id)
        if loaded is None:
            return None
        generation, system_prompt = chat_reply_settings(self.settings, loaded, loaded.model_id)
        messages = title_request_for(loaded, system_prompt)
        return TitleRequest(messages, generation, loaded.title) if messages else None

    def apply_title(self, title: str, fallback: str | None = None) -> bool:
        """Name the chat ``title`` unless it was renamed since (the user's name wins):
        ``fallback`` is the title it had when the model was asked."""
        loaded = self.store.load_conversation(self.conversation.id)
        if loaded is None or (fallback is not None and loaded.title != fallback):
            return False
        self.store.rename_conversation(self.conversation.id, title)
        self.conversation.title = title
        return True
