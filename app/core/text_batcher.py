"""Reply text handed over in batches: :class:`TextBatcher`."""

from __future__ import annotations

import time
from collections.abc import Callable

INTERVAL_S = 0.025


class TextBatcher:
    """Coalesces reply text on the model thread: one hand-over per ``interval``, not per token.

    The first piece goes out at once (time to first token is what users feel);
    later pieces are grouped, which keeps cross-thread traffic and wake-ups (the GUI's,
    the API server's event loop, a client's parser) off the cores llama.cpp is decoding
    on.  The last pieces go out with :meth:`flush` when the reply ends.
    """

    def __init__(self, emit: Callable[[str], None], interval: float = INTERVAL_S) -> None:
        self._emit = emit
        self._interval = interval
        self._parts: list[str] = []
        self._last = 0.0

    def add(self, text: str) -> None:
        self._parts.append(text)
        now = time.monotonic()
        if now - self._last >= self._interval:
            self.flush()
            self._last = now

    def flush(self) -> None:
        if self._parts:
            self._emit("".join(self._parts))
            self._parts.clear()
