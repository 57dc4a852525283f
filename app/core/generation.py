"""What a reply is generated with: :class:`GenerationSettings` and the limits of each value.

A leaf module (it imports nothing of Fireside's but the hardware probe), so the
settings, the presets and a model's own settings can all use it without importing
one another.  Each limit is written once, in :data:`LIMITS`; the pydantic fields (a
value, or an optional override of it) and the settings window's number boxes are
made from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.hardware import physical_cores

DEFAULT_CONTEXT_LENGTH = 4096


@dataclass(frozen=True)
class Limit:
    """The range of one setting; ``low`` itself is allowed unless ``low_open``."""

    low: float
    high: float
    low_open: bool = False

    def field(self) -> Any:
        """The pydantic constraint for this range."""
        if self.low_open:
            return Field(gt=self.low, le=self.high)
        return Field(ge=self.low, le=self.high)


LIMITS: dict[str, Limit] = {
    "temperature": Limit(0.0, 2.0),
    "top_p": Limit(0.0, 1.0, low_open=True),
    "top_k": Limit(0, 1000),
    "min_p": Limit(0.0, 1.0),
    "repeat_penalty": Limit(0.5, 2.0),
    "repeat_last_n": Limit(0, 4096),  # the penalty's window, in tokens
    "max_tokens": Limit(1, 131072),
    "context_length": Limit(256, 1_048_576),
    "threads": Limit(1, 512),
    "batch_size": Limit(1, 8192),  # prompt tokens evaluated per step
}

Temperature = Annotated[float, LIMITS["temperature"].field()]
TopP = Annotated[float, LIMITS["top_p"].field()]
TopK = Annotated[int, LIMITS["top_k"].field()]
MinP = Annotated[float, LIMITS["min_p"].field()]
RepeatPenalty = Annotated[float, LIMITS["repeat_penalty"].field()]
RepeatLastN = Annotated[int, LIMITS["repeat_last_n"].field()]
MaxTokens = Annotated[int, LIMITS["max_tokens"].field()]
ContextLength = Annotated[int, LIMITS["context_length"].field()]
Threads = Annotated[int, LIMITS["threads"].field()]
BatchSize = Annotated[int, LIMITS["batch_size"].field()]

# The values a preset may set (a model's own settings may set all of LIMITS).
SAMPLING_FIELDS = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty")


class GenerationSettings(BaseModel):
    """Sampling and runtime settings handed to the engine."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    temperature: Temperature = 0.7
    top_p: TopP = 0.9
    top_k: TopK = 40
    min_p: MinP = 0.05
    repeat_penalty: RepeatPenalty = 1.1
    repeat_last_n: RepeatLastN = 64
    max_tokens: MaxTokens = 1024
    context_length: ContextLength = DEFAULT_CONTEXT_LENGTH
    threads: Threads = Field(default_factory=physical_cores)
    batch_size: BatchSize = 512
    seed: int = -1
