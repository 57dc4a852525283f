"""The engine on tiny random-weight GGUF models written by the tests (fast)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from gguf_factory import write_tiny_model

from app.core.engine import ContextOverflowError, Engine, EngineError
from app.core.generation import GenerationSettings

GREEDY = {"temperature": 0.0}
MESSAGES = [{"role": "system", "content": "be nice"}, {"role": "user", "content": "hello world"}]


@pytest.fixture
def engine(tiny_model: Path) -> Engine:
    engine = Engine()
    engine.load(tiny_model, GenerationSettings(context_length=4096, seed=1))
    yield engine
    engine.unload()


def test_load_caps_context_at_training_length(engine: Engine) -> None:
    assert engine.info is not None
    assert engine.info.n_ctx_train == 512
    assert engine.info.n_ctx == 512
    assert engine.info.has_chat_template


def test_streamed_pieces_make_up_the_reply(engine: Engine) -> None:
    pieces: list[str] = []
    result = engine.generate(MESSAGES, GenerationSettings(max_tokens=24, **GREEDY),
                             pieces.append)
    assert result.completion_tokens > 0
    assert "".join(pieces) == result.text
    assert result.finish_reason in ("stop", "length")
    assert result.prompt_tokens == len(engine.tokenize_prompt(engine.render_prompt(MESSAGES)))


def test_the_model_template_is_applied(engine: Engine) -> None:
    prompt = engine.render_prompt(MESSAGES)
    assert prompt == ("<|im_start|>system\nbe nice<|im_end|>\n<|im_start|>user\nhello world"
                      "<|im_end|>\n<|im_start|>assistant\n")


def test_max_tokens_ends_with_length(engine: Engine) -> None:
    result = engine.generate(MESSAGES, GenerationSettings(max_tokens=5, **GREEDY))
    assert result.finish_reason == "length"
    assert result.completion_tokens == 5


def test_stop_event_ends_generation(engine: Engine) -> None:
    stop = threading.Event()
    seen: list[str] = []

    def on_text(text: str) -> None:
        seen.append(text)
        if len(seen) == 3:
            stop.set()

    result = engine.generate(MESSAGES, GenerationSettings(max_tokens=400, **GREEDY), on_text,
                             stop)
    assert result.finish_reason == "stopped"
    assert 3 <= result.completion_tokens <= 4


def test_reply_cut_when_the_context_fills(engine: Engine) -> None:
    result = engine.generate(MESSAGES, GenerationSettings(max_tokens=10_000, **GREEDY))
    assert result.finish_reason == "context"
    assert result.prompt_tokens + result.completion_tokens == 512


def test_prompt_longer_than_context_is_refused(engine: Engine) -> None:
    long = [{"role": "user", "content": "hello world " * 400}]
    with pytest.raises(ContextOverflowError, match="too long for the model's context"):
        engine.generate(long, GenerationSettings())
    # the engine still works afterwards
    assert engine.generate(MESSAGES, GenerationSettings(max_tokens=3)).completion_tokens >= 0


def test_second_turn_reuses_the_kv_cache(engine: Engine) -> None:
    settings = GenerationSettings(max_tokens=8, **GREEDY)
    first = engine.generate(MESSAGES, settings)
    assert first.prompt_tokens_evaluated >= first.prompt_tokens - 1
    follow = [*MESSAGES, {"role": "assistant", "content": first.text},
              {"role": "user", "content": "what is the world"}]
    second = engine.generate(follow, settings)
    new_tokens = second.prompt_tokens - first.prompt_tokens
    assert second.prompt_tokens_evaluated <= new_tokens + 1
    assert second.prompt_tokens_evaluated < second.prompt_tokens


def test_not_a_gguf_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"PK\x03\x04 a zip, not a model" * 100)
    with pytest.raises(EngineError, match="not a GGUF model file"):
        Engine().load(bad, GenerationSettings())


def test_a_model_llama_cpp_cannot_load(tmp_path: Path, tiny_model: Path) -> None:
    cut = tmp_path / "cut.gguf"
    data = tiny_model.read_bytes()
    cut.write_bytes(data[: len(data) - 50_000])  # header intact, tensor data missing
    with pytest.raises(EngineError, match="could not load"):
        Engine().load(cut, GenerationSettings())


def test_no_template_falls_back_to_chatml(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "plain.gguf", chat_template=None)
    engine = Engine()
    info = engine.load(path, GenerationSettings())
    assert not info.has_chat_template
    assert engine.render_prompt(MESSAGES).endswith("<|im_start|>assistant\n")
    engine.unload()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prefiltered_sampling_matches_the_reference_order(tiny_model: Path, seed: int) -> None:
    """Top-k before the repeat penalty (our order) draws exactly what penalty-first does.

    The tiny model's random weights give flat distributions, so the penalty
    reorders the top tokens all the time: any difference would show at once.
    """
    settings = GenerationSettings(temperature=0.9, top_k=8, top_p=0.95, min_p=0.01,
                                  repeat_penalty=1.5, max_tokens=60, seed=seed)
    texts = []
    for prefilter in (True, False):
        engine = Engine()
        engine.prefilter_sampling = prefilter
        engine.load(tiny_model, GenerationSettings(context_length=512))
        texts.append(engine.generate(MESSAGES, settings).text)
        engine.unload()
    assert len(texts[0]) > 20
    assert texts[0] == texts[1]


def test_sampler_chain_stages() -> None:
    from app.core.sampling import SamplerChain

    chain = SamplerChain(1000, GenerationSettings(temperature=0.7, repeat_penalty=1.1), 1)
    assert chain.stages == ["prefilter_top_k", "penalties", "top_k", "top_p", "min_p",
                            "temperature", "dist"]
    chain.close()
    greedy = SamplerChain(1000, GenerationSettings(temperature=0.0, repeat_penalty=1.0), 1)
    assert greedy.stages == ["greedy"]
    greedy.close()
    # A penalty below 1 raises logits: the prefilter would not be exact, so it is off.
    boost = SamplerChain(1000, GenerationSettings(repeat_penalty=0.9), 1)
    assert boost.stages[0] == "penalties"
    boost.close()


def test_the_cache_follows_the_conversation(engine: Engine) -> None:
    settings = GenerationSettings(max_tokens=6, **GREEDY)
    first = engine.generate(MESSAGES, settings)
    # The prompt and every reply token except the last (never fed back) are cached.
    assert engine.cached_tokens == first.prompt_tokens + first.completion_tokens - 1
    other = [{"role": "user", "content": "a different chat"}]
    second = engine.generate(other, settings)
    assert second.prompt_tokens_evaluated >= second.prompt_tokens - 3
    again = engine.generate(other, settings)  # the same prompt: one token replayed
    assert again.prompt_tokens_evaluated == 1
    assert again.text == second.text


def test_a_catalog_template_override_is_used_and_a_broken_one_ignored(tiny_model: Path) -> None:
    engine = Engine()
    override = "{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}[assistant]"
    engine.load(tiny_model, GenerationSettings(), chat_template=override)
    assert engine.render_prompt(MESSAGES) == "[system]be nice[user]hello world[assistant]"
    own = Engine()
    own.load(tiny_model, GenerationSettings())
    broken = Engine()
    broken.load(tiny_model, GenerationSettings(), chat_template="{% for m in %}")
    assert broken.render_prompt(MESSAGES) == own.render_prompt(MESSAGES)  # the file's own
    for e in (engine, own, broken):
        e.unload()


def test_the_oldest_turns_make_room_and_the_system_prompt_stays(engine: Engine) -> None:
    system = {"role": "system", "content": "be nice"}
    turns = []
    for n in range(12):
        turns += [{"role": "user", "content": f"question {n} " + "words " * 20},
                  {"role": "assistant", "content": f"answer {n} " + "words " * 20}]
    history = [system, *turns, {"role": "user", "content": "the newest question"}]
    kept, tokens, dropped = engine.fit_history(history, 300)
    assert dropped > 0 and dropped % 2 == 0  # whole turns
    assert kept[0] == system and kept[-1] == history[-1]
    assert kept[1]["role"] == "user" and kept == [system, *history[1 + dropped:]]
    assert len(tokens) <= 300
    result = engine.generate(history, GenerationSettings(max_tokens=8, **GREEDY))
    assert result.dropped_messages > 0 and result.n_ctx == 512
    assert result.prompt_tokens <= 512 - 8


# As GGUFs from converters with a bad template look: a stray '}' closes a block.
BROKEN_TEMPLATE = (
    "{% for message in messages %}\n"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] }}\n"
    "{% endfor }\n"
)


def test_a_broken_own_template_loads_the_model_with_chatml_and_says_why(tmp_path: Path) -> None:
    """The weights are fine: the model loads, prompts use ChatML, and the reason is kept."""
    path = write_tiny_model(tmp_path / "bad-template.gguf", chat_template=BROKEN_TEMPLATE)
    engine = Engine()
    info = engine.load(path, GenerationSettings())
    assert info.has_chat_template
    assert info.template_problem is not None
    problem = str(info.template_problem)
    assert problem.startswith("line 3:") and "'}'" in problem
    assert engine.render_prompt(MESSAGES).endswith("<|im_start|>assistant\n")
    result = engine.generate(MESSAGES, GenerationSettings(max_tokens=4, **GREEDY))
    assert result.completion_tokens > 0
    # A fix set in Settings → Model (passed as the override) replaces it, with no problem.
    engine.load(path, GenerationSettings(),
                chat_template="{% for m in messages %}<{{ m.content }}>{% endfor %}")
    assert engine.info is not None and engine.info.template_problem is None
    assert engine.render_prompt(MESSAGES) == "<be nice><hello world>"
    engine.unload()


def test_a_good_own_template_reports_no_problem(tiny_model: Path) -> None:
    engine = Engine()
    assert engine.load(tiny_model, GenerationSettings()).template_problem is None
    engine.unload()
