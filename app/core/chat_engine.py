"""What every engine that answers chats offers: :class:`ChatEngine`.

Two kinds implement it: :class:`app.core.engine.Engine` (llama.cpp in this process, on
the one thread that owns the model) and :class:`app.core.remote_engine.RemoteEngine`
(any OpenAI-compatible server, on a worker thread).  The chat turn
(:mod:`app.core.chat_session`) and the title request only need this.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from app.core.engine import GenerationResult
from app.core.generation import GenerationSettings


class ChatEngine(Protocol):
    """Streams one reply; called on the thread that owns the engine.

    ``on_text`` gets each piece as it arrives; a set ``stop_event`` ends the reply early
    (finish reason ``"stopped"``) and keeps what arrived.  Failures raise
    :class:`app.core.engine.EngineError` (a ``UserError``) with a message for the user.
    """

    def generate(self, messages: Sequence[dict[str, str]], settings: GenerationSettings,
                 on_text: Callable[[str], None] | None = None,
                 stop_event: threading.Event | None = None,
                 chat_key: str | None = None) -> GenerationResult: ...

    def prefill(self, messages: Sequence[dict[str, str]], chat_key: str | None = None) -> int:
        """Evaluate the opening of the next turn ahead of time (a remote engine: nothing);
        the number of tokens evaluated."""
        ...

    def unload(self) -> None:
        """Free the model (a remote engine: its connections)."""
        ...
