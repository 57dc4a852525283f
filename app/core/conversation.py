"""The chat data model: plain Python, no Qt, no storage.

A :class:`Conversation` holds its :class:`Message` list in order.  Messages
carry a parent id so later versions can store branches as a tree; for now
each message's parent is the one before it.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from enum import Enum

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


@dataclass
class Conversation:
    """A chat: its settings and its messages in order."""

    title: str
    id: str = field(default_factory=new_id)
    model_id: str | None = None
    system_prompt: str | None = None
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)
    messages: list[Message] = field(default_factory=list)
    pinned: bool = False

    def prompt_messages(self, system_prompt: str | None = None) -> list[dict[str, str]]:
        """The history as chat-template messages: system prompt, then finished turns.

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
        for message in self.messages:
            if message.status is MessageStatus.ERROR or message.role is Role.SYSTEM:
                continue
            if message.role is Role.ASSISTANT and not message.content:
                continue
            content = message.content
            if message.role is Role.ASSISTANT:
                content = strip_reasoning(content)  # thinking is not sent back
            result.append((message.id, {"role": message.role.value, "content": content}))
        return result


def title_from_text(text: str, limit: int = 48) -> str:
    """A short chat title from the first question: its first words."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words or "New chat"
    cut = words[:limit].rsplit(" ", 1)[0]
    return (cut or words[:limit]) + "…"
