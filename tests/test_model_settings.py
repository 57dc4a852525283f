"""Per-model settings and chat templates: what wins over what, and templates checked in
the sandbox before use."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.chat_template import TemplateError, render_sample
from app.core.model_settings import ModelSettings, reply_generation, reply_system_prompt
from app.core.presets import Preset, find_preset
from app.core.settings import GenerationSettings, Settings, SettingsStore

CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def test_defaults_then_the_model_then_the_preset() -> None:
    defaults = GenerationSettings(temperature=0.7, context_length=4096, threads=2)
    own = ModelSettings(temperature=0.4, context_length=8192, repeat_last_n=128)
    plain = reply_generation(defaults, own, find_preset("Balanced", []))
    assert (plain.temperature, plain.context_length, plain.repeat_last_n) == (0.4, 8192, 128)
    coded = reply_generation(defaults, own, find_preset("Code", []))
    assert coded.temperature == 0.2 and coded.context_length == 8192  # preset: sampling only
    assert reply_generation(defaults, None, None) == defaults


def test_the_system_prompt_chain() -> None:
    own = ModelSettings(system_prompt="Model prompt.")
    code = find_preset("Code", [])
    plain = Preset(name="Plain")
    assert reply_system_prompt("Chat prompt.", code, own, "Default.") == "Chat prompt."
    assert reply_system_prompt(None, code, own, "Default.").startswith("You are an expert")
    assert reply_system_prompt(None, plain, own, "Default.") == "Model prompt."
    assert reply_system_prompt(None, plain, None, "Default.") == "Default."


def test_model_settings_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(model_settings={"m": ModelSettings(top_k=7, chat_template=CHATML)})
    store.save(settings)
    again = SettingsStore(tmp_path / "settings.json").load()
    assert again.model_settings["m"].top_k == 7 and again.model_settings["m"].chat_template
    assert ModelSettings().empty and not ModelSettings(top_k=1).empty


def test_a_template_is_rendered_on_a_sample_conversation() -> None:
    text = render_sample(CHATML)
    assert "<|im_start|>user\nAnd of Italy?<|im_end|>" in text
    assert text.endswith("<|im_start|>assistant\n")


@pytest.mark.parametrize(("template", "reason"), [
    ("{% for m in messages %}{{ m.content }", "line 1"),
    ("   ", "empty"),
    ("{{ messages[0]['content'] }}", "leaves out messages"),
    ("{{ raise_exception('roles must alternate') }}", "roles must alternate"),
    # The sandbox refuses attribute games (a template comes from a downloaded file).
    ("{{ messages.__class__.__mro__ }}{% for m in messages %}{{ m.content }}{% endfor %}",
     "unsafe"),
])
def test_broken_templates_are_refused_with_the_reason(template: str, reason: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render_sample(template)
    assert reason in str(caught.value)


def test_a_reply_and_a_load_are_worked_out_the_same_for_window_and_terminal() -> None:
    from app.core.installed import InstalledModel
    from app.core.model_settings import load_settings, reply_settings
    from app.core.presets import find_preset, preset_or_default
    from app.core.settings import Settings

    settings = Settings.model_validate({
        "system_prompt": "default prompt", "default_preset": "Precise",
        "generation": {"temperature": 0.7, "max_tokens": 64, "context_length": 4096},
        "model_settings": {"m": {"max_tokens": 5, "context_length": 2048,
                                 "system_prompt": "model prompt", "chat_template": "{{ x }}"}}})
    model = InstalledModel("m", "M", Path("m.gguf"), 1, "added")
    generation, prompt, template = load_settings(settings, model)
    assert (generation.context_length, generation.max_tokens) == (2048, 5)
    assert (prompt, template) == ("model prompt", "{{ x }}")
    preset = preset_or_default(None, settings.presets, settings.default_preset)
    assert preset.name == "Precise"  # a chat without one gets the default preset
    assert preset_or_default("Gone", settings.presets, "Precise").name == "Precise"
    generation, prompt = reply_settings(settings, "m", preset)
    assert generation.temperature == 0.2 and generation.max_tokens == 5  # preset, then model
    assert prompt.startswith("You are a precise assistant")  # the preset's prompt wins
    generation, prompt = reply_settings(settings, "other", find_preset("Balanced", []))
    assert (generation.temperature, generation.max_tokens, prompt) == (0.7, 64, "default prompt")
