"""A short title for a new chat, written by the loaded model after the first exchange.

The request continues the chat itself (history, the reply, then one more
user turn asking for a title), so llama.cpp reuses the chat's KV cache and
evaluates only the request; the next real question shares the prefix up to
the start of that user turn, so asking for a title costs the chat nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def clean_title(text: str, limit: int = 60) -> str | None:
    """The model's answer as a title, or None if it is not a usable one."""
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), "")
    line = _PREFIX.sub("", line.strip())
    line = line.strip(" \"'“”‘’*#`_").rstrip(".!:;,")
    line = " ".join(line.split())
    if len(line) < 2 or len(line.split()) > MAX_WORDS or _CHATTER.match(line):
        return None  # the first words of the question stay the title
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return line
