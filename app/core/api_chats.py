"""API conversations kept as chats marked "API": :class:`ApiChats`.

A tool that speaks the OpenAI API sends the whole conversation with every request.  Each
request is saved through a :class:`app.core.chat_session.ChatSession`, like a question in
the window: when its history (all but the last message) is a conversation this server
saved and answered before, the question and answer are added to that chat; otherwise a
new chat is made with the history as it was sent.  So a tool's ten-turn conversation is
one chat of ten turns in the window's list, searchable like any other, not ten chats.

The requests run on several threads (the model thread, remote workers); one lock keeps
them from using the database connection at the same time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace

from app.core.chat_session import ChatSession, Turn
from app.core.conversation import Conversation, Message, Role, title_from_text
from app.core.engine_types import GenerationResult
from app.core.settings import Settings
from app.core.storage import ChatStore
from app.core.texts import UserError

log = logging.getLogger(__name__)

ORIGIN = "api"
_REMEMBERED = 1000  # conversations whose history is recognised when a tool continues them


def _history_key(messages: Sequence[dict[str, str]]) -> str:
    data = json.dumps([[m["role"], m["content"]] for m in messages], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTurn:
    """One API request being saved; fed from the thread that runs the request."""

    def __init__(self, chats: ApiChats, session: ChatSession, turn: Turn,
                 history: list[dict[str, str]]) -> None:
        self._chats = chats
        self._session = session
        self._turn = turn
        self._history = history
        self._broken = False

    @property
    def conversation_id(self) -> str:
        return self._session.conversation.id

    def add_text(self, piece: str) -> None:
        with self._chats.lock:
            self._saving(lambda: self._turn.add_text(piece))

    def finish(self, result: GenerationResult, text: str, finish_reason: str) -> None:
        """The reply ended: ``text`` is what the client was sent (stop sequences cut off),
        ``finish_reason`` the engine's word for how ("stop" for a stop sequence)."""
        with self._chats.lock:
            self._saving(lambda: self._turn.finish(
                replace(result, text=text, finish_reason=finish_reason)))
            self._chats.remember(
                [*self._history, {"role": "assistant", "content": text}], self.conversation_id)
        self._chats.changed(self.conversation_id)

    def fail(self) -> None:
        with self._chats.lock:
            self._saving(self._turn.fail)
        self._chats.changed(self.conversation_id)

    def _saving(self, save: Callable[[], object]) -> None:
        """Save, or log why not (once): the answer never depends on its record."""
        if self._broken:
            return
        try:
            save()
        except Exception as exc:  # the database closed under it (the server is stopping)
            self._broken = True
            log.warning("an API conversation could not be saved: %s", exc)


class ApiChats:
    """Saves API requests and their answers as chats marked "API".

    Attributes:
        on_changed: told a chat's id after it was added to or changed (any thread).
    """

    def __init__(self, store: ChatStore, settings: Callable[[], Settings]) -> None:
        self.store = store
        self._settings = settings
        self.lock = threading.Lock()
        self._known: OrderedDict[str, str] = OrderedDict()  # history key -> chat id
        self.on_changed: Callable[[str], None] | None = None

    def remember(self, messages: Sequence[dict[str, str]], conversation_id: str) -> None:
        self._known[_history_key(messages)] = conversation_id
        self._known.move_to_end(_history_key(messages))
        while len(self._known) > _REMEMBERED:
            self._known.popitem(last=False)

    def changed(self, conversation_id: str) -> None:
        if self.on_changed is not None:
            self.on_changed(conversation_id)

    def begin(self, model_id: str, messages: Sequence[dict[str, str]]) -> ApiTurn | None:
        """Save the request's new question and the reply's placeholder; None if the
        database refuses (the request is answered anyway, and the reason is logged)."""
        history = [dict(m) for m in messages]
        try:
            with self.lock:
                turn, session = self._start(model_id, history)
        except UserError as exc:
            log.warning("an API conversation was not saved: %s", exc)
            return None
        self.changed(session.conversation.id)
        return ApiTurn(self, session, turn, history)

    def _start(self, model_id: str, history: list[dict[str, str]]
               ) -> tuple[Turn, ChatSession]:
        settings = self._settings()
        last = history[-1] if history else None
        known = self._known.get(_history_key(history[:-1])) if last else None
        existing = self.store.load_conversation(known) if known else None
        if existing is not None and last is not None and last["role"] == "user":
            session = ChatSession(self.store, settings, existing)
            return session.start_turn(model_id, last["content"]), session
        conversation = Conversation(title="", model_id=model_id, origin=ORIGIN)
        system = [m["content"] for m in history if m["role"] == "system"]
        conversation.system_prompt = "\n\n".join(system)
        for entry in history:
            if entry["role"] in ("user", "assistant"):
                conversation.append(Message(Role(entry["role"]), entry["content"]))
        first = next((m["content"] for m in history if m["role"] == "user"), "")
        conversation.title = title_from_text(first) if first else "API"
        conversation.link_if_flat()
        session = ChatSession(self.store, settings, conversation)
        session.is_new = True
        return session.start_turn(model_id, None), session
