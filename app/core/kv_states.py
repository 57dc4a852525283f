"""The KV state of recently used chats, kept in RAM within a memory budget.

When the user leaves a chat, the engine copies the model's KV cache for it
(llama.cpp's per-sequence state: the keys and values of every token so far)
into :class:`KVStateCache`; returning to the chat restores it, so a long
history is not evaluated again.  Least recently used states are dropped
first when the budget is reached; a state larger than the budget is not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

DEFAULT_BUDGET_BYTES = 512 << 20


@dataclass(frozen=True)
class SavedState:
    """One chat's tokens and the llama.cpp sequence state that holds them.

    ``data`` is the buffer llama.cpp wrote the state into, kept as it is (a
    state is tens of megabytes: every copy shows in the time to first token);
    any object with the buffer protocol and a length in bytes will do.
    """

    tokens: tuple[int, ...]
    data: Any


class KVStateCache:
    """An LRU of :class:`SavedState` by chat id, bounded by ``budget`` bytes."""

    def __init__(self, budget: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget = budget
        self._states: OrderedDict[str, SavedState] = OrderedDict()

    @property
    def used(self) -> int:
        return sum(len(s.data) for s in self._states.values())

    def __contains__(self, key: str) -> bool:
        return key in self._states

    def __len__(self) -> int:
        return len(self._states)

    def put(self, key: str, state: SavedState) -> bool:
        """Keep ``state`` (evicting the oldest as needed); False if it can never fit."""
        self._states.pop(key, None)
        if len(state.data) > self.budget:
            return False
        while self._states and self.used + len(state.data) > self.budget:
            self._states.popitem(last=False)
        self._states[key] = state
        return True

    def get(self, key: str) -> SavedState | None:
        state = self._states.get(key)
        if state is not None:
            self._states.move_to_end(key)
        return state

    def drop(self, key: str) -> None:
        self._states.pop(key, None)

    def clear(self) -> None:
        self._states.clear()
