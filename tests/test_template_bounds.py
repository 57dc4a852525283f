"""One bounded template environment for checking, previewing and chatting.

Published templates (as the model makers ship them in their GGUFs and as GPT4All
replaces and catalogs them, tests/data/gpt4all_templates.json) pass the check of
Settings → Model; hostile ones are stopped quickly with a message naming the bound,
in the checker and in a real chat on the engine alike.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest
from gguf_factory import write_tiny_model
from pytestqt.qtbot import QtBot

from app.core.chat_template import TemplateError, compile_problem, render_sample
from app.core.engine import Engine, EngineError
from app.core.generation import GenerationSettings
from app.core.model_settings import ModelSettings
from app.core.template_sandbox import MAX_TEMPLATE_CHARS

DATA = json.loads((Path(__file__).parent / "data" / "gpt4all_templates.json")
                  .read_text(encoding="utf-8"))
PUBLISHED = [(f"{kind}: {entry['files']}", entry[kind]) for entry in DATA["replacements"]
             for kind in ("original", "gpt4all")]
CATALOG = {entry["name"]: entry["chatTemplate"] for entry in DATA["catalog"]}
# GPT4All's own catalog entry loops over `loop_messages`, which nothing defines.
BROKEN_IN_CATALOG = {"Wizard v1.2"}


def _published(name: str) -> str:
    return next(t for label, t in PUBLISHED if name in label)


@pytest.mark.parametrize(("label", "template"), PUBLISHED, ids=[p[0][:60] for p in PUBLISHED])
def test_templates_as_published_pass_the_check(label: str, template: str) -> None:
    text = render_sample(template)
    assert "Paris." in text and "And of Italy?" in text


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_gpt4all_catalog_templates_pass_the_check(name: str) -> None:
    if name in BROKEN_IN_CATALOG:
        with pytest.raises(TemplateError, match="leaves out messages"):
            render_sample(CATALOG[name])
    else:
        assert "And of Italy?" in render_sample(CATALOG[name])


def test_llama_3_2_gets_strftime_now_and_loop_controls() -> None:
    text = render_sample(CATALOG["Llama 3.2 3B Instruct"])
    assert "Today Date: " + datetime.now().strftime("%d %b %Y") in text
    looped = ("{% for m in messages %}{% if loop.index > 2 %}{% break %}{% endif %}"
              "{% if m.role == 'system' %}{% continue %}{% endif %}[{{ m.content }}]"
              "{% endfor %}")
    from app.core.chat_template import ChatRenderer

    assert ChatRenderer(looped).render([{"role": "system", "content": "S"},
                                        {"role": "user", "content": "U"},
                                        {"role": "user", "content": "V"}]) == "[U]"


def test_deepseek_r1_regex_replace_drops_the_thinking() -> None:
    from app.core.chat_template import ChatRenderer

    renderer = ChatRenderer(CATALOG["DeepSeek-R1-Distill-Qwen-7B"], "<bos>", "<eos>")
    text = renderer.render([{"role": "user", "content": "Hi"},
                            {"role": "assistant", "content": "<think>\nhmm\n</think>Hello!"},
                            {"role": "user", "content": "Bye"}])
    assert "<think>" not in text and "hmm" not in text
    assert "<｜Assistant｜>Hello!<｜end▁of▁sentence｜>" in text
    # C++ std::regex_replace's replacement syntax, as in GPT4All: $1 and $&.
    swap = ChatRenderer(
        "{{ messages[0].content | regex_replace('([a-z]+)-([a-z]+)', '$2-$1 [$&]') }}")
    assert swap.render([{"role": "user", "content": "left-right"}]) == "right-left [left-right]"


def test_a_gemma_template_without_system_role_is_checked_without_the_system_message() -> None:
    text = render_sample(_published("original: gemma-2-9b-it"))
    assert "<start_of_turn>user\nWhat is the capital of France?" in text


HOSTILE = {
    "nested loops 10^5 x 10^5": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "steps"),
    "a string times 10^10": ("{{ 'a' * 10000000000 }}", "10,000,000,000 characters"),
    "a string times 10**10": ("{{ 'ab' * 10 ** 10 }}", "20,000,000,000 characters"),
    "a list times 10^10": ("{{ [1, 2] * 10000000000 }}", "characters or items"),
    "a huge power": ("{{ 7 ** 100000000 }}", "number too large"),
    "squaring in a loop": ("{% set ns = namespace(n=3) %}{% for i in range(40) %}"
                           "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}", "too large"),
    "doubling with ~": ("{% set ns = namespace(s='a') %}{% for i in range(64) %}"
                        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "characters"),
    "doubling with +": ("{% set ns = namespace(s='a') %}{% for i in range(64) %}"
                        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}", "characters"),
    "nested references": ("{% set ns = namespace(a=[1]) %}{% for i in range(64) %}"
                          "{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a }}", "items"),
    "replace growth": ("{% set ns = namespace(s='aaaaaaaaaa') %}{% for i in range(30) %}"
                       "{% set ns.s = ns.s.replace('a', 'aaaaaaaaaa') %}{% endfor %}",
                       "characters"),
    "center filter": ("{{ 'x' | center(10000000000) }}", "characters"),
    "ljust method": ("{{ 'x'.ljust(10000000000) }}", "characters"),
    "format width": ("{{ '{:>10000000000}'.format(1) }}", "characters"),
    "printf width": ("{{ '%10000000000d' % 1 }}", "characters"),
    "join with a huge separator": ("{{ range(100000) | join('x' * 100000) }}", "characters"),
    "tojson indent": ("{{ messages | tojson(indent=1000000000) }}", "characters"),
    "exponential macro": ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}"
                          "{% endmacro %}{{ f(64) }}", "stopped"),
    "endless recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursed"),
    "writing forever": ("{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}",
                        "wrote more than"),
    "a range of 10^10": ("{% for i in range(10000000000) %}{% endfor %}", "range"),
    "lipsum": ("{{ lipsum(1000000000) }}", "lipsum"),
    "class escape": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    "globals escape": ("{{ cycler.__init__.__globals__.os }}", "unsafe"),
    "attr filter escape": ("{{ (messages | attr('__class__')).__base__ }}", "unsafe"),
    "a template that raises": ("{{ raise_exception('I refuse') }}", "I refuse"),
    "catastrophic regex": ("{{ 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' | "
                           "regex_replace('(a+)+$', '') }}", "regular expression"),
    "deep nesting": ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "nested too deeply"),
    "too long": ("x" * (MAX_TEMPLATE_CHARS + 1), "characters long"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_templates_are_stopped_quickly_with_a_reason(name: str) -> None:
    template, reason = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        render_sample(template)
    assert time.perf_counter() - started < 5
    assert reason in str(caught.value.text)


def test_compiling_refuses_what_cannot_be_compiled_safely() -> None:
    assert compile_problem(HOSTILE["too long"][0]) is not None
    assert "nested too deeply" in str(compile_problem(HOSTILE["deep nesting"][0]))
    assert compile_problem(CATALOG["Llama 3.2 3B Instruct"]) is None


# Renders the sample (4 messages) well, explodes on a longer chat: only a chat finds it.
LATE_BOMB = ("{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
             "{% if messages | length > 6 %}{% for i in range(100000) %}{% for j in "
             "range(100000) %}{% endfor %}{% endfor %}{% endif %}")


def test_a_chat_render_past_its_bounds_is_stopped_and_the_model_keeps_working(
        tiny_model: Path) -> None:
    engine = Engine()
    engine.load(tiny_model, GenerationSettings(), chat_template=LATE_BOMB)
    assert engine.info is not None and engine.info.template_problem is None
    long_chat = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"m{i}"}
                 for i in range(9)]
    started = time.perf_counter()
    with pytest.raises(EngineError, match=r"steps .*and was stopped"):
        engine.generate(long_chat, GenerationSettings(max_tokens=2, temperature=0.0))
    assert time.perf_counter() - started < 5
    result = engine.generate(long_chat[:3], GenerationSettings(max_tokens=2, temperature=0.0))
    assert result.completion_tokens == 2
    engine.unload()


def test_a_model_whose_own_template_runs_away_chats_with_chatml(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "bomb.gguf",
                            chat_template=HOSTILE["a string times 10^10"][0])
    engine = Engine()
    info = engine.load(path, GenerationSettings())
    assert info.template_problem is not None
    assert "10,000,000,000 characters" in str(info.template_problem)
    assert engine.render_prompt([{"role": "user", "content": "hi"}]).startswith(
        "<|im_start|>user\nhi")
    engine.unload()


def test_the_settings_preview_uses_the_same_bounded_environment(qtbot: QtBot,
                                                                  tiny_model: Path) -> None:
    from app.core.installed import InstalledModel
    from app.ui.settings.generation_form import FormError
    from app.ui.settings.model_page import ModelOverridesForm

    model = InstalledModel("file:tiny.gguf", "tiny", tiny_model, tiny_model.stat().st_size,
                           "added")
    form = ModelOverridesForm(model, ModelSettings(), GenerationSettings())
    qtbot.addWidget(form)
    form.template.setPlainText(CATALOG["Llama 3.2 3B Instruct"])
    assert form.update_preview()
    assert "Today Date: " in form.preview.toPlainText()
    form.template.setPlainText(HOSTILE["nested loops 10^5 x 10^5"][0])
    started = time.perf_counter()
    assert not form.update_preview()
    assert time.perf_counter() - started < 3
    assert "steps" in form.template_state.text()
    with pytest.raises(FormError, match="steps"):
        form.result()


def test_a_regular_expression_that_runs_long_is_stopped_at_the_deadline(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Patterns known to blow up are refused before they run; any other slow one is
    stopped by the render's deadline (Python's ``re`` could not be stopped at all)."""
    import re

    from app.core import template_filters

    monkeypatch.setattr(template_filters, "_NESTED_REPEAT", re.compile(r"(?!)"))  # let it run
    template = ("{% for m in messages %}{{ m.content }}{% endfor %}"
                "{{ ('a' * 3000 ~ '!') | regex_replace('(\\\\w+\\\\s?)*$', '') }}")
    started = time.monotonic()
    with pytest.raises(TemplateError, match="regular expression"):
        render_sample(template)
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("expression", [
    "('ab' * 2500).join('ab' * 2500)",  # a string joins its characters: 25 MB
    "'a'.encode().center(100000000)",  # bytes methods too
])
def test_values_that_would_be_huge_are_refused_before_they_are_built(expression: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="tried to make a value"):
        render_sample("{{ " + expression + " }}{% for m in messages %}{{ m.content }}"
                      "{% endfor %}")
    assert time.perf_counter() - started < 0.5


def test_many_values_each_under_the_limit_cannot_add_up_to_gigabytes() -> None:
    template = ("{{ range(100000) | map('string') | map('replace', '', 'x' * 20000) | list "
                "| length }}{% for m in messages %}{{ m.content }}{% endfor %}")
    started = time.perf_counter()
    with pytest.raises(TemplateError, match="along the way"):
        render_sample(template)
    assert time.perf_counter() - started < 2
