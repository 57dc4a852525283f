"""What a comparison is: the prompt, and one :class:`Answer` per model with its metrics."""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any


def new_comparison_id() -> str:
    """A short random id (what ``fireside compare --continue`` takes)."""
    return uuid.uuid4().hex[:12]


@dataclass
class Metrics:
    """What one model's answer measured (seconds, tokens, bytes).

    Attributes:
        load_seconds: llama.cpp's load of the file (``ModelSlot.ensure``); None remote.
        setup_seconds: all the wait before generating: checksum, first-time check in a
            child process, load (None remote).
        time_to_first_token: from the request to the first token (after loading).
        tokens_per_second: generated tokens after the first, over their time.
        tokens: tokens generated.
        prompt_tokens: tokens of the prompt.
        generation_seconds: the whole reply, from the request to the last token;
            it never includes the load.
        peak_memory_bytes: the process's peak RSS while the model loaded and answered,
            minus its RSS before loading it (None for a remote model).
        finish_reason: ``stop``, ``length``, ``context`` or ``stopped``.
        n_ctx: the context it ran with (0 remote).
    """

    load_seconds: float | None
    setup_seconds: float | None
    time_to_first_token: float
    tokens_per_second: float
    tokens: int
    prompt_tokens: int
    generation_seconds: float
    peak_memory_bytes: int | None
    finish_reason: str
    n_ctx: int = 0


@dataclass
class Answer:
    """One model's part of a comparison.

    Attributes:
        model_id: as chats record it (an installed id, ``path:…`` or ``remote:NAME/MODEL``).
        name: how the model is shown.
        remote: the model runs on a provider's server.
        text: the answer (what arrived, if it failed or was stopped midway).
        metrics: None when it did not run.
        settings: the generation settings used (with the system prompt and preset).
        error: why it did not answer (None: it did).
    """

    model_id: str
    name: str
    remote: bool = False
    text: str = ""
    metrics: Metrics | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.metrics is not None


@dataclass
class Comparison:
    """One prompt and each model's answer, in the order shown.

    Attributes:
        winner: the voted answer's index; None with ``tie`` false: no vote yet.
    """

    prompt: str
    answers: list[Answer]
    system_prompt: str | None = None
    preset: str | None = None
    blind: bool = False
    id: str = field(default_factory=new_comparison_id)
    created_at: float = field(default_factory=time.time)
    winner: int | None = None
    tie: bool = False

    @property
    def voted(self) -> bool:
        return self.tie or self.winner is not None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        answers = []
        for raw in data.get("answers") or []:
            metrics = raw.get("metrics")
            answers.append(Answer(**{**raw, "metrics": Metrics(**metrics) if metrics else None}))
        return cls(**{**data, "answers": answers})
