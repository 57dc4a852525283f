"""Returning to a chat restores its KV state instead of evaluating its history again."""

from __future__ import annotations

import pytest

from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.kv_states import KVStateCache, SavedState

GREEDY = GenerationSettings(temperature=0.0, max_tokens=12)
SYSTEM = {"role": "system", "content": "You are a helpful assistant."}


def test_the_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = KVStateCache(budget=100)
    assert cache.put("a", SavedState((1,), b"x" * 40))
    assert cache.put("b", SavedState((2,), b"x" * 40))
    assert cache.get("a") is not None  # a is now the most recent
    assert cache.put("c", SavedState((3,), b"x" * 40))
    assert "b" not in cache and "a" in cache and "c" in cache
    assert not cache.put("huge", SavedState((4,), b"x" * 101)) and "huge" not in cache
    assert cache.used <= 100


def long_chat(topic: str, turns: int = 8) -> list[dict[str, str]]:
    messages = [SYSTEM]
    for n in range(turns):
        messages += [{"role": "user", "content": f"Tell me fact {n} about {topic}."},
                     {"role": "assistant", "content": f"Fact {n}: {topic} are remarkable "
                                                      "in many documented ways. " * 3}]
    return messages


@pytest.fixture(scope="module")
def engine(starter_engine: Engine) -> Engine:
    return starter_engine


def test_switching_back_to_a_chat_restores_its_state(engine: Engine) -> None:
    otters = long_chat("otters")
    first = engine.generate([*otters, {"role": "user", "content": "One more?"}], GREEDY,
                            chat_key="otters")
    assert first.prompt_tokens > 300
    engine.generate([SYSTEM, {"role": "user", "content": "Name a planet."}], GREEDY,
                    chat_key="planets")
    assert "otters" in engine.kv_states
    back = engine.generate([*otters, {"role": "user", "content": "One more?"},
                            {"role": "assistant", "content": first.text},
                            {"role": "user", "content": "And another?"}], GREEDY,
                           chat_key="otters")
    # Only the new turn is evaluated, not the 300+ tokens of history.
    assert back.prompt_tokens_evaluated <= 30
    # The other chat was kept too.
    again = engine.generate([SYSTEM, {"role": "user", "content": "Name a planet."}], GREEDY,
                            chat_key="planets")
    assert again.prompt_tokens_evaluated == 1


def test_without_room_in_the_budget_the_history_is_evaluated_again(engine: Engine) -> None:
    engine.kv_states.budget = 1000  # bytes: no state fits
    try:
        ants = long_chat("ants")
        engine.generate([*ants, {"role": "user", "content": "More?"}], GREEDY, chat_key="ants")
        engine.generate([SYSTEM, {"role": "user", "content": "Hi"}], GREEDY, chat_key="hi")
        assert "ants" not in engine.kv_states
        back = engine.generate([*ants, {"role": "user", "content": "More?"}], GREEDY,
                               chat_key="ants")
        assert back.prompt_tokens_evaluated > 250
    finally:
        engine.kv_states.budget = 512 << 20
