"""Presets: the built-in ones, what they change, export and import."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from app.core.generation import GenerationSettings
from app.core.model_settings import reply_system_prompt
from app.core.presets import (
    BUILTIN_PRESETS,
    Preset,
    PresetError,
    all_presets,
    export_presets,
    find_preset,
    generation_for,
    import_presets,
)


def test_four_presets_ship_and_a_user_preset_never_hides_one() -> None:
    assert [p.name for p in BUILTIN_PRESETS] == ["Balanced", "Precise", "Creative", "Code"]
    mine = [Preset(name="Code", temperature=1.9), Preset(name="Mine", top_k=5)]
    names = [p.name for p in all_presets(mine)]
    assert names == ["Balanced", "Precise", "Creative", "Code", "Mine"]
    code = find_preset("Code", mine)
    assert code is not None and code.temperature == 0.2  # the built-in one


def test_a_preset_changes_sampling_and_keeps_the_rest() -> None:
    defaults = GenerationSettings(temperature=0.7, top_k=40, context_length=2048, threads=3,
                                  max_tokens=300)
    precise = find_preset("Precise", [])
    settings = generation_for(defaults, precise)
    assert (settings.temperature, settings.min_p, settings.repeat_penalty) == (0.2, 0.1, 1.05)
    assert (settings.context_length, settings.threads, settings.max_tokens) == (2048, 3, 300)
    partial = Preset(name="Hot", temperature=1.5)
    hot = generation_for(defaults, partial)
    assert hot.temperature == 1.5 and hot.top_k == 40  # unset values stay as they were
    assert generation_for(defaults, None) == defaults
    # Balanced is the user's own generation settings, untouched.
    assert generation_for(defaults, find_preset("Balanced", [])) == defaults


def test_the_chat_prompt_wins_then_the_preset_then_the_default() -> None:
    code = find_preset("Code", [])
    balanced = find_preset("Balanced", [])
    assert reply_system_prompt("Be a pirate.", code, None, "default") == "Be a pirate."
    assert reply_system_prompt(None, code, None, "default").startswith(
        "You are an expert programmer")
    assert reply_system_prompt(None, balanced, None, "default") == "default"


def test_out_of_range_values_and_empty_names_are_refused() -> None:
    with pytest.raises(ValidationError):
        Preset(name="x", temperature=3.0)
    with pytest.raises(ValidationError):
        Preset(name="   ")
    assert Preset(name="  Two   words ").name == "Two words"


def test_export_then_import_renames_instead_of_overwriting() -> None:
    mine = [Preset(name="Terse", temperature=0.1, system_prompt="Be terse."),
            Preset(name="Wild", temperature=1.8, top_p=0.99)]
    text = export_presets(mine)
    assert json.loads(text)["format"] == "fireside-presets"
    again = import_presets(text, mine)
    assert [p.name for p in again] == ["Terse (2)", "Wild (2)"]
    assert again[0].system_prompt == "Be terse." and again[1].top_p == 0.99
    fresh = import_presets(text, [])
    assert [p.name for p in fresh] == ["Terse", "Wild"]
    assert import_presets(export_presets([Preset(name="Code")]), [])[0].name == "Code (2)"


@pytest.mark.parametrize("text", ["{not json", '{"format": "other"}', "[1, 2]",
                                  '{"format": "fireside-presets", "presets": '
                                  '[{"name": "x", "temperature": 9}]}'])
def test_files_that_are_not_presets_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(PresetError):
        import_presets(text, [])
