"""The engine on the real starter model (SmolLM2-135M-Instruct): real language."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.core.catalog import load_catalog
from app.core.checksums import ChecksumCache
from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.installed import InstalledModel, is_verified_cached, verify_model

pytestmark = pytest.mark.real_model
GREEDY = GenerationSettings(temperature=0.0, max_tokens=48)
SYSTEM = {"role": "system", "content": "You are a helpful assistant."}


@pytest.fixture(scope="module")
def engine(starter_engine: Engine) -> Engine:
    return starter_engine


def test_answers_with_real_words(engine: Engine) -> None:
    result = engine.generate([SYSTEM, {"role": "user",
                                       "content": "What is the capital of France?"}], GREEDY)
    assert "Paris" in result.text
    assert result.finish_reason == "stop"
    assert result.tokens_per_second > 0


def test_the_gguf_template_is_used(engine: Engine) -> None:
    prompt = engine.render_prompt([SYSTEM, {"role": "user", "content": "Hi"}])
    assert prompt.startswith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>")
    assert prompt.endswith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    assert engine.info is not None and engine.info.has_chat_template
    assert engine.info.n_ctx == 4096 and engine.info.n_ctx_train == 8192


def test_stop_mid_stream_is_quick_and_keeps_the_partial_reply(engine: Engine) -> None:
    stop = threading.Event()
    pieces: list[str] = []
    stopped_at: list[float] = []

    def on_text(text: str) -> None:
        pieces.append(text)
        if len(pieces) == 10:
            stopped_at.append(time.perf_counter())
            stop.set()

    result = engine.generate(
        [SYSTEM, {"role": "user", "content": "Write a long story about a dragon."}],
        GenerationSettings(temperature=0.0, max_tokens=2000), on_text, stop)
    elapsed = time.perf_counter() - stopped_at[0]
    assert result.finish_reason == "stopped"
    assert result.text == "".join(pieces) and len(pieces) >= 10
    assert elapsed < 0.2


def test_second_turn_does_not_reprocess_the_first(engine: Engine, starter_model: Path) -> None:
    engine.load(starter_model, GenerationSettings())  # a fresh context: nothing cached
    turn1 = [SYSTEM, {"role": "user", "content": "Name three colours of the rainbow."}]
    first = engine.generate(turn1, GREEDY)
    assert first.prompt_tokens_evaluated >= first.prompt_tokens - 1
    turn2 = [*turn1, {"role": "assistant", "content": first.text},
             {"role": "user", "content": "And two more?"}]
    second = engine.generate(turn2, GREEDY)
    new_tokens = second.prompt_tokens - first.prompt_tokens
    # Only what the first turn's prompt did not cover is evaluated again.
    assert second.prompt_tokens_evaluated <= new_tokens
    assert second.prompt_tokens_evaluated < second.prompt_tokens - first.prompt_tokens // 2


def test_prefill_leaves_only_the_new_question(engine: Engine, starter_model: Path) -> None:
    engine.load(starter_model, GenerationSettings())
    # Right after loading, the system prompt and the user turn's opening.
    opened = engine.prefill([SYSTEM])
    assert opened == engine.cached_tokens > 5
    turn1 = [SYSTEM, {"role": "user", "content": "Name three colours of the rainbow."}]
    first = engine.generate(turn1, GREEDY)
    assert first.prompt_tokens_evaluated == first.prompt_tokens - opened
    history = [*turn1, {"role": "assistant", "content": first.text}]
    before = engine.cached_tokens
    added = engine.prefill(history)
    # The end of the reply and the next turn's opening: a handful of tokens.
    assert 2 <= added <= 8 and engine.cached_tokens == before + added
    assert engine.prefill(history) == 0  # nothing more to do
    question = {"role": "user", "content": "And two more?"}
    second = engine.generate([*history, question], GREEDY)
    question_tokens = len(engine.tokenize_prompt("And two more?<|im_end|>\n"
                                                 "<|im_start|>assistant\n"))
    assert second.prompt_tokens_evaluated == second.prompt_tokens - (before + added)
    assert second.prompt_tokens_evaluated <= question_tokens + 1
    # A prefill for another conversation never throws the cached one away.
    cached = engine.cached_tokens
    assert engine.prefill([{"role": "system", "content": "Something else."}]) == 0
    assert engine.cached_tokens == cached


def test_starter_is_verified_once_and_remembered(starter_model: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    entry = load_catalog().get("smollm2-135m-instruct-q4_1")
    assert entry is not None
    model = InstalledModel(entry.id, entry.name, starter_model, starter_model.stat().st_size,
                           "bundled", entry)
    cache = ChecksumCache(tmp_path / "verified.json")
    assert is_verified_cached(model, cache) is None
    assert verify_model(model, cache).ok
    assert is_verified_cached(model, cache) is True
    import app.core.checksums as checksums

    def no_hashing(_path: Path) -> str:
        raise AssertionError("hashed again")

    monkeypatch.setattr(checksums, "sha256_of", no_hashing)
    assert verify_model(model, cache).ok
