"""Several replies decoded together on the starter model (app.core.parallel): each as it
would be alone, the chats' sequence untouched, prompts reused, a full KV pool handled."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.core.engine import Engine
from app.core.engine_types import GenerationResult
from app.core.generation import GenerationSettings
from app.core.parallel import ParallelDecoder, Reply
from app.core.parallel_context import API_SLOTS

pytestmark = pytest.mark.real_model
QUESTIONS = ["Name a fruit.", "What is 2+2?", "Name a planet.", "Say hi to Ann."]
GREEDY = GenerationSettings(temperature=0, max_tokens=40)


def run(engine: Engine, prompts: list[list[int]], settings: GenerationSettings = GREEDY,
        stops: dict[int, threading.Event] | None = None,
        on_step: object = None) -> dict[int, tuple[GenerationResult | None, BaseException | None]]:
    decoder = ParallelDecoder(engine)
    results: dict[int, tuple[GenerationResult | None, BaseException | None]] = {}
    for i, tokens in enumerate(prompts):
        def done(result: GenerationResult | None, error: BaseException | None,
                 i: int = i) -> None:
            results[i] = (result, error)
        stop = (stops or {}).get(i, threading.Event())
        decoder.add(Reply(tokens, settings, lambda _t: None, stop, done))
    steps = 0
    while decoder.active:
        decoder.step()
        steps += 1
        if callable(on_step):
            on_step(steps)
        assert steps < 5000
    decoder.close()
    return results


def prompts(engine: Engine) -> list[list[int]]:
    return [engine.chat_prompt([{"role": "user", "content": q}], 40)[0] for q in QUESTIONS]


SUBJECTS = ["apple", "rocket", "violin", "tiger"]


def subject_prompts(engine: Engine) -> list[list[int]]:
    return [engine.chat_prompt([{"role": "user", "content":
                                 f"Write one sentence about a {s}."}], 40)[0]
            for s in SUBJECTS]


def test_together_each_its_own_answer(starter_engine: Engine) -> None:
    together = run(starter_engine, subject_prompts(starter_engine))
    assert len(together) == API_SLOTS
    for i, subject in enumerate(SUBJECTS):
        result = together[i][0]
        assert result is not None and result.finish_reason in ("stop", "length")
        words = result.text.lower()
        assert subject in words  # its own question's answer…
        assert not any(other in words for other in SUBJECTS if other != subject)  # …only


def test_one_at_a_time_is_exactly_as_alone(starter_engine: Engine) -> None:
    asked = subject_prompts(starter_engine)
    alone = [run(starter_engine, [p])[0][0] for p in asked]
    decoder = ParallelDecoder(starter_engine, capacity=1)
    results: dict[int, GenerationResult | None] = {}
    waiting = list(enumerate(asked))
    while waiting or decoder.active:
        while waiting and decoder.free:
            i, tokens = waiting.pop(0)
            decoder.add(Reply(tokens, GREEDY, lambda _t: None, threading.Event(),
                              lambda r, _e, i=i: results.__setitem__(i, r)))
        decoder.step()
    decoder.close()
    assert [r.text for r in results.values() if r] == [r.text for r in alone if r]


def test_prompts_are_reused_and_the_chat_sequence_is_left_alone(
        starter_engine: Engine) -> None:
    chat = [{"role": "user", "content": "Tell me a joke."}]
    before = starter_engine.generate(chat, GREEDY, chat_key="chat")
    cached = starter_engine.cached_tokens
    asked = prompts(starter_engine)
    run(starter_engine, asked)
    again = run(starter_engine, asked)
    for i, tokens in enumerate(asked):
        result = again[i][0]
        assert result is not None and result.prompt_tokens == len(tokens)
        assert result.prompt_tokens_evaluated == 1  # the rest was still in its sequence
    assert starter_engine.cached_tokens == cached  # the chat's cache was not touched
    after = starter_engine.generate(chat, GREEDY, chat_key="chat")
    assert after.text == before.text and after.prompt_tokens_evaluated <= 1


def test_stopping_one_leaves_the_others(starter_engine: Engine) -> None:
    asked = prompts(starter_engine)
    long = GenerationSettings(temperature=0, max_tokens=60, repeat_penalty=1.0)
    stop = threading.Event()
    results = run(starter_engine, asked[:2], long, {0: stop},
                  on_step=lambda n: stop.set() if n == 3 else None)
    first, second = results[0][0], results[1][0]
    assert first is not None and first.finish_reason == "stopped"
    assert first.completion_tokens <= 4  # the token sampled in the step it was stopped
    assert second is not None and second.finish_reason in ("stop", "length")
    assert second.completion_tokens > 3


def test_full_kv_pool_refuses_a_prompt_without_breaking(starter_model: Path) -> None:
    engine = Engine()
    engine.load(starter_model, GenerationSettings(context_length=512))
    try:
        chat = [{"role": "user", "content": "Hello there."}]
        engine.generate(chat, GREEDY, chat_key="chat")
        assert engine.cached_tokens > 0
        words = " ".join(f"word{i}" for i in range(60))
        big = [engine.chat_prompt([{"role": "user", "content": f"{i} {words}"}], 8)[0]
               for i in range(API_SLOTS)]
        assert sum(len(p) for p in big) > 512  # they cannot all fit in the pool
        results = run(engine, big, GenerationSettings(temperature=0, max_tokens=8))
        answered = [r for r, e in results.values() if r is not None]
        refused = [e for r, e in results.values() if e is not None]
        assert answered and refused
        assert all("memory is full" in str(e) for e in refused)
        after = engine.generate(chat, GREEDY, chat_key="chat")  # the chat is untouched
        assert after.text and after.prompt_tokens_evaluated <= 1
        again = run(engine, big[:1], GenerationSettings(temperature=0, max_tokens=8))
        assert again[0][0] is not None  # and the API answers again
    finally:
        engine.unload()


def test_between_sessions_only_the_last_sequence_is_kept(starter_engine: Engine) -> None:
    long = GenerationSettings(temperature=0, max_tokens=300, repeat_penalty=1.0)
    asked = [starter_engine.chat_prompt([{"role": "user", "content": f"Write a very long "
                                          f"story about a {s}. Use many paragraphs."}],
                                        300)[0] for s in SUBJECTS]
    decoder = ParallelDecoder(starter_engine)
    ended: list[int] = []
    for i, tokens in enumerate(asked):
        decoder.add(Reply(tokens, long, lambda _t: None, threading.Event(),
                          lambda _r, _e, i=i: ended.append(i)))
    while decoder.active:
        decoder.step()
    held = [len(tokens) for tokens in starter_engine.slots]
    assert sum(held) - max(held) > decoder.n_ctx // 8  # a burst left many cells behind
    decoder.trim()
    decoder.close()
    kept = [i for i, tokens in enumerate(starter_engine.slots) if tokens]
    assert len(kept) == 1
    last = asked[ended[-1]]
    again = run(starter_engine, [last], long)[0][0]
    assert again is not None and again.prompt_tokens_evaluated == 1  # still reused


def test_replies_filling_the_pool_end_one_by_one_with_their_text(tmp_path: Path) -> None:
    from gguf_factory import write_tiny_model

    model = write_tiny_model(tmp_path / "tiny.gguf", context_length=256)
    engine = Engine()
    engine.load(model, GenerationSettings(context_length=256))
    try:
        settings = GenerationSettings(temperature=0.8, max_tokens=200, seed=1)
        asked = [engine.chat_prompt([{"role": "user", "content": f"hello {i}"}], 200)[0]
                 for i in range(API_SLOTS)]
        results = run(engine, asked, settings)
    finally:
        engine.unload()
    ended = [r for r, e in results.values()]
    assert all(e is None for _, e in results.values())  # nobody's answer was thrown away
    finishes = sorted(r.finish_reason for r in ended if r is not None)
    assert "context" in finishes  # the pool (256 cells for four) filled up…
    assert all(r is not None and r.completion_tokens > 0 and r.text for r in ended)
