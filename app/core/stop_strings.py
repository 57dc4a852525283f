"""Stop sequences for a streamed reply (the OpenAI API's ``stop``): :class:`StopStrings`.

A reply streams piece by piece, and a stop sequence may arrive split over pieces, so
text that could be the start of one is held back until the next piece shows whether it
is.  When a sequence appears, the text before it is passed on, the rest is dropped, and
the reply is asked to stop (the engine stops after the token under way).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence


class StopStrings:
    """Passes a reply's pieces on to ``on_text``, ending it at the first stop sequence.

    Attributes:
        matched: a stop sequence was found (the reply ended the way the model "stops").
    """

    def __init__(self, stops: Sequence[str], on_text: Callable[[str], None],
                 stop_event: threading.Event) -> None:
        self._stops = [s for s in stops if s]
        self._longest = max((len(s) for s in self._stops), default=0)
        self._on_text = on_text
        self._stop_event = stop_event
        self._held = ""
        self.matched = False
        self._parts: list[str] = []

    def add(self, piece: str) -> None:
        """The next piece of the reply."""
        if self.matched:
            return
        if not self._stops:
            self._emit(piece)
            return
        seen = self._held + piece
        cut = min((i for i in (seen.find(s) for s in self._stops) if i >= 0), default=-1)
        if cut >= 0:
            self.matched = True
            self._held = ""
            self._emit(seen[:cut])
            self._stop_event.set()
            return
        keep = self._partial_tail(seen)
        self._held = seen[len(seen) - keep:] if keep else ""
        self._emit(seen[:len(seen) - keep])

    def _partial_tail(self, text: str) -> int:
        """How many of ``text``'s last characters begin some stop sequence."""
        for size in range(min(len(text), self._longest - 1), 0, -1):
            tail = text[-size:]
            if any(stop.startswith(tail) for stop in self._stops):
                return size
        return 0

    @property
    def text(self) -> str:
        """Everything passed on so far."""
        return "".join(self._parts)

    def flush(self) -> None:
        """The reply ended: pass on what was held back (it was no stop sequence)."""
        if self._held and not self.matched:
            self._emit(self._held)
        self._held = ""

    def _emit(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._on_text(text)
