"""What the engine reports: its errors, the model it holds, and how a reply ended.

Kept apart from :mod:`app.core.engine` (which re-exports them) so that code that only
reads these — the chat turn, the API server, the front ends — stays small to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.texts import Text, UserError, tr


class EngineError(UserError, RuntimeError):
    """A model could not be loaded or run; :attr:`text` is a message for the user."""


class ContextOverflowError(EngineError):
    """Even the system prompt and the newest message alone do not fit the context."""

    def __init__(self, prompt_tokens: int, n_ctx: int) -> None:
        super().__init__(tr(
            "Your message is too long for the model's context window: with the system prompt "
            "it needs {needed:,} tokens but the context holds {holds:,}. Shorten the message, "
            "or raise the context length in Settings.", needed=prompt_tokens, holds=n_ctx))
        self.prompt_tokens = prompt_tokens
        self.n_ctx = n_ctx


@dataclass(frozen=True)
class ModelInfo:
    """What a loaded model reports about itself."""

    path: Path
    name: str
    architecture: str | None
    n_ctx: int
    n_ctx_train: int
    threads: int
    has_chat_template: bool
    load_seconds: float
    # Why the file's own chat template cannot be used (ChatML is used instead), or None.
    template_problem: Text | None = None
    gpu_layers: int = 0  # layers offloaded to a GPU (-1: all)


@dataclass(frozen=True)
class GenerationResult:
    """The outcome of one reply, with llama.cpp's own counts.

    ``finish_reason`` is ``"stop"`` (the model ended), ``"length"`` (max
    tokens), ``"context"`` (the context window filled up) or ``"stopped"``
    (the user stopped it).
    """

    text: str
    finish_reason: str
    prompt_tokens: int
    prompt_tokens_evaluated: int
    completion_tokens: int
    time_to_first_token: float
    tokens_per_second: float
    llama_decode_tokens_per_second: float
    n_ctx: int = 0
    dropped_messages: int = 0  # oldest messages left out so the rest fits the context


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def perf_counts(ctx: Any) -> tuple[int, int, float]:
    """Tokens llama.cpp evaluated in prompt batches and one by one, and the latter's time.

    ``llama_perf_context`` reports a count of 0 as 1 (to spare divisions), so
    a count whose time is zero is taken as 0.
    """
    import llama_cpp

    data = llama_cpp.llama_perf_context(ctx)
    p_eval = int(data.n_p_eval) if data.t_p_eval_ms > 0 else 0
    n_eval = int(data.n_eval) if data.t_eval_ms > 0 else 0
    return p_eval, n_eval, float(data.t_eval_ms)
