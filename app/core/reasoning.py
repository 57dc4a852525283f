"""Reasoning models: the ``<think>…</think>`` part of a reply, apart from the answer.

Some templates open the thinking block in the prompt (DeepSeek-R1 distills
end the generation prompt with ``<think>``), so a reply may start inside it
and only close it; :func:`split_reasoning` handles both.  Thinking is left
out of the history sent back to the model (:func:`strip_reasoning`), as the
templates of these models do themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN, CLOSE = "<think>", "</think>"


@dataclass(frozen=True)
class SplitReply:
    """A reply's thinking (None if it has none), its answer, and whether thinking goes on."""

    thinking: str | None
    answer: str
    thinking_open: bool


def split_reasoning(text: str) -> SplitReply:
    stripped = text.lstrip()
    if stripped.startswith(OPEN):
        body = stripped[len(OPEN):]
        thinking, found, answer = body.partition(CLOSE)
        if not found:
            return SplitReply(body.strip("\n"), "", True)
        return SplitReply(thinking.strip("\n"), answer.lstrip("\n"), False)
    if CLOSE in text and OPEN not in text:  # the template opened it in the prompt
        thinking, _, answer = text.partition(CLOSE)
        return SplitReply(thinking.strip("\n"), answer.lstrip("\n"), False)
    return SplitReply(None, text, False)


def strip_reasoning(text: str) -> str:
    """The answer alone, for the history sent back to the model."""
    split = split_reasoning(text)
    return split.answer if split.thinking is not None and not split.thinking_open else text
