"""A short title for a new chat, written by the loaded model after the first exchange.

The request continues the chat itself (history, the reply, then one more
user turn asking for a title), so llama.cpp reuses the chat's KV cache and
evaluates only the request; the next real question shares the prefix up to
the start of that user turn, so asking for a title costs the chat nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core.reasoning import split_reasoning

if TYPE_CHECKING:
    from app.core.chat_engine import ChatEngine
    from app.core.conversation import Conversation
    from app.core.generation import GenerationSettings

log = logging.getLogger(__name__)

TITLE_INSTRUCTION = ("Write a title of at most six words for this conversation. Reply with "
                     "the title only, no quotes.")
TITLE_MAX_TOKENS = 20
_PREFIX = re.compile(r"^(title|chat title|conversation title)\s*[:\-–]\s*", re.IGNORECASE)
# Small models sometimes talk about the task instead of doing it.
_CHATTER = re.compile(r"^(here'?s|here is|sure|certainly|i |i'm|as an ai|this conversation)",
                      re.IGNORECASE)
MAX_WORDS = 8


def title_request(history: Sequence[dict[str, str]], reply: str) -> list[dict[str, str]]:
    """The messages that ask the model for a title, continuing ``history``."""
    return [*history, {"role": "assistant", "content": reply},
            {"role": "user", "content": TITLE_INSTRUCTION}]


def title_request_for(conversation: Conversation,
                      system_prompt: str) -> list[dict[str, str]] | None:
    """The title request after a chat's first exchange; None when it wants none (more
    messages, e.g. a regenerated answer; an empty reply; a title the user chose).

    ``system_prompt`` is the one the chat's replies use, so the request shares their
    prefix (and llama.cpp's cache).
    """
    from app.core.conversation import title_from_text

    messages = conversation.messages
    if len(messages) != 2 or not messages[1].content.strip():
        return None
    if conversation.title != title_from_text(messages[0].content):
        return None  # the user already named it
    history = conversation.prompt_messages(system_prompt)[:-1]
    return title_request(history, messages[1].content)


def suggest_title(engine: ChatEngine, messages: Sequence[dict[str, str]],
                  settings: GenerationSettings, chat_key: str | None = None) -> str | None:
    """Ask the model (local or remote) for a title (greedy, a few tokens); None if it gives
    no usable one.

    ``messages`` is a :func:`title_request`.  Runs on the thread that owns the model.
    """
    from app.core.engine import EngineError

    greedy = settings.model_copy(update={"temperature": 0.0, "max_tokens": TITLE_MAX_TOKENS})
    try:
        result = engine.generate(messages, greedy, chat_key=chat_key)
    except EngineError as exc:  # the fallback title stays; say why in the log
        log.info("no title from the model: %s", exc)
        return None
    return clean_title(result.text)


def clean_title(text: str, limit: int = 60) -> str | None:
    """The model's answer as a title, or None if it is not a usable one (a reasoning
    model's thinking is left out; one still thinking when it was cut off gives none)."""
    split = split_reasoning(text)
    if split.thinking is not None:
        if split.thinking_open:
            return None
        text = split.answer
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), "")
    line = _PREFIX.sub("", line.strip())
    line = line.strip(" \"'“”‘’*#`_").rstrip(".!:;,")
    line = " ".join(line.split())
    if len(line) < 2 or len(line.split()) > MAX_WORDS or _CHATTER.match(line):
        return None  # the first words of the question stay the title
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line
