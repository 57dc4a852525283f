"""The chat data model: plain Python, no Qt, no storage.

A :class:`Conversation` holds every :class:`Message` it ever had, in the
order they were written, as a tree: each message names its parent (None for
the first).  Editing a question or regenerating an answer adds a sibling, so
nothing is overwritten.  ``current_leaf`` names the branch the user is on;
:meth:`Conversation.path` is that branch from the first message down, which
is what the view shows and what the model is sent.

A chat in which no message names a parent (written before branches existed,
or built by hand) is read as one straight line.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.core.localdocs.attachment_record import with_attachments
from app.core.reasoning import strip_reasoning


class Role(str, Enum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class MessageStatus(str, Enum):
    """How a message ended.  ``STREAMING`` is only seen while a reply grows."""

    COMPLETE = "complete"
    STREAMING = "streaming"
    STOPPED = "stopped"  # the user pressed Stop
    INTERRUPTED = "interrupted"  # the app ended while it was streaming
    LENGTH = "length"  # max tokens or the context limit cut it
    ERROR = "error"


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Message:
    """One turn of a chat."""

    role: Role
    content: str
    id: str = field(default_factory=new_id)
    parent_id: str | None = None
    status: MessageStatus = MessageStatus.COMPLETE
    model_id: str | None = None
    created_at: float = field(default_factory=time.time)
    tokens: int | None = None
    tokens_per_second: float | None = None
    thinking_seconds: float | None = None  # how long a reasoning model thought
    # The documents a reply drew on (LocalDocs): app.core.localdocs.retrieval.Source dicts.
    sources: list[dict[str, Any]] | None = None
    # Files attached to the message: app.core.localdocs.attachments.Attachment dicts.
    attachments: list[dict[str, Any]] | None = None


@dataclass
class Conversation:
    """A chat: its settings and its messages (a tree, in the order written)."""

    title: str
    id: str = field(default_factory=new_id)
    model_id: str | None = None
    system_prompt: str | None = None
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    messages: list[Message] = field(default_factory=list)
    pinned: bool = False
    current_leaf: str | None = None  # the last message of the branch shown (None: newest)
    preset: str | None = None  # the preset it uses (None: the default preset)
    origin: str | None = None  # None: the window or the terminal; "api": the API server
    collections: list[str] = field(default_factory=list)  # LocalDocs collections it uses

    # -- the tree ---------------------------------------------------------
    def _is_flat(self) -> bool:
        return self.current_leaf is None and all(m.parent_id is None for m in self.messages)

    def link_if_flat(self) -> None:
        """Give a flat list of messages (no parents at all) explicit parents, in order."""
        if len(self.messages) > 1 and all(m.parent_id is None for m in self.messages):
            for before, message in zip(self.messages, self.messages[1:], strict=False):
                message.parent_id = before.id

    def message(self, message_id: str | None) -> Message | None:
        return next((m for m in self.messages if m.id == message_id), None)

    def children_index(self) -> dict[str | None, list[Message]]:
        """Each message id (None: the roots) mapped to its children, oldest first."""
        index: dict[str | None, list[Message]] = {}
        if self._is_flat():
            previous: str | None = None
            for message in self.messages:
                index.setdefault(previous, []).append(message)
                previous = message.id
            return index
        known = {m.id for m in self.messages}
        for message in self.messages:
            parent = message.parent_id if message.parent_id in known else None
            index.setdefault(parent, []).append(message)
        return index

    def path(self) -> list[Message]:
        """The branch shown: from the first message down to ``current_leaf``.

        Without a (valid) ``current_leaf`` the branch of the newest message is
        shown.
        """
        if self._is_flat():
            return list(self.messages)
        by_id = {m.id: m for m in self.messages}
        leaf = by_id.get(self.current_leaf or "")
        if leaf is None:
            if not self.messages:
                return []
            leaf = self.messages[-1]
        path = [leaf]
        seen = {leaf.id}
        while path[-1].parent_id in by_id and path[-1].parent_id not in seen:
            parent = by_id[path[-1].parent_id or ""]
            seen.add(parent.id)
            path.append(parent)
        path.reverse()
        return path

    def tip(self) -> Message | None:
        """The last message of the branch shown (a new question follows it)."""
        path = self.path()
        return path[-1] if path else None

    def siblings(self, message_id: str) -> list[Message]:
        """The message and the other versions of it (same parent), oldest first."""
        message = self.message(message_id)
        if message is None:
            return []
        return self.children_index().get(self.parent_key(message), [message])

    def parent_key(self, message: Message) -> str | None:
        """The key of ``message``'s parent in :meth:`children_index` (None: a root)."""
        if self._is_flat():
            index = self.messages.index(message)
            return self.messages[index - 1].id if index else None
        known = {m.id for m in self.messages}
        return message.parent_id if message.parent_id in known else None

    def versions(self) -> dict[str, tuple[int, int]]:
        """For each message that has other versions: (which one, how many), oldest first."""
        result = {}
        for siblings in self.children_index().values():
            if len(siblings) > 1:
                for index, message in enumerate(siblings):
                    result[message.id] = (index, len(siblings))
        return result

    def newest_leaf(self, message_id: str) -> str:
        """The end of the newest branch below ``message_id`` (itself if nothing follows)."""
        children = self.children_index()
        current = message_id
        while children.get(current):
            current = children[current][-1].id
        return current

    def subtree(self, message_id: str) -> list[str]:
        """``message_id`` and every message that follows it, on any branch."""
        children = self.children_index()
        result: list[str] = []
        stack = [message_id]
        while stack:
            current = stack.pop()
            result.append(current)
            stack.extend(child.id for child in children.get(current, []))
        return result

    def append(self, message: Message) -> Message:
        """Add ``message`` (its ``parent_id`` already set) and show its branch."""
        if self._is_flat() and self.messages and message.parent_id is not None:
            self.link_if_flat()
        self.messages.append(message)
        self.current_leaf = message.id
        return message

    def remove(self, message_id: str) -> list[str]:
        """Delete a message and what follows it; show a neighbouring branch.

        Returns the ids removed.  The branch shown afterwards is the newest
        one through the previous version of the message (or the next one),
        else its parent's.
        """
        message = self.message(message_id)
        if message is None:
            return []
        self.link_if_flat()
        siblings = self.siblings(message_id)
        position = siblings.index(message)
        neighbour = (siblings[position - 1] if position > 0 else
                     siblings[1] if len(siblings) > 1 else None)
        gone = set(self.subtree(message_id))
        self.messages = [m for m in self.messages if m.id not in gone]
        if neighbour is not None:
            self.current_leaf = self.newest_leaf(neighbour.id)
        elif message.parent_id is not None and self.message(message.parent_id) is not None:
            self.current_leaf = message.parent_id
        else:
            self.current_leaf = None
        return list(gone)

    # -- what the model is sent ------------------------------------------------
    def prompt_messages(self, system_prompt: str | None = None) -> list[dict[str, str]]:
        """The branch shown as chat-template messages: system prompt, then finished turns.

        Failed replies are left out; a stopped or interrupted partial reply is
        kept because the user saw it and may refer to it.
        """
        return [entry for _, entry in self.prompt_entries(system_prompt)]

    def prompt_entries(self, system_prompt: str | None = None,
                       ) -> list[tuple[str | None, dict[str, str]]]:
        """:meth:`prompt_messages` paired with each entry's message id (None: system)."""
        result: list[tuple[str | None, dict[str, str]]] = []
        prompt = self.system_prompt if self.system_prompt is not None else system_prompt
        if prompt:
            result.append((None, {"role": Role.SYSTEM.value, "content": prompt}))
        for message in self.path():
            if message.status is MessageStatus.ERROR or message.role is Role.SYSTEM:
                continue
            if message.role is Role.ASSISTANT and not message.content:
                continue
            content = message.content
            if message.role is Role.ASSISTANT:
                content = strip_reasoning(content)  # thinking is not sent back
            elif message.attachments:  # attached files go with it, on every turn
                content = with_attachments(content, message.attachments)
            result.append((message.id, {"role": message.role.value, "content": content}))
        return result


def title_from_text(text: str, limit: int = 48) -> str:
    """A short chat title from the first question: its first words."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words or "New chat"
    cut = words[:limit].rsplit(" ", 1)[0]
    return (cut or words[:limit]) + "…"
