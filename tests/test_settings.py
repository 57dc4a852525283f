"""Settings: defaults, round trip, validation, corrupt-file recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.hardware import physical_cores
from app.core.settings import GenerationSettings, Settings, SettingsStore


def test_defaults() -> None:
    settings = Settings()
    assert settings.generation.context_length == 4096
    assert settings.generation.threads == physical_cores()
    assert settings.system_prompt


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(selected_model="x", system_prompt="Be brief.")
    settings.generation.temperature = 0.2
    store.save(settings)
    again = SettingsStore(tmp_path / "settings.json").load()
    assert again == settings


def test_out_of_range_values_are_refused() -> None:
    with pytest.raises(ValidationError):
        GenerationSettings(temperature=5.0)
    with pytest.raises(ValidationError):
        GenerationSettings(top_p=0)


def test_corrupt_file_is_kept_aside_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ this is not json")
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.recovered_from is not None
    assert store.recovered_from.read_text().startswith("{ this")
    assert not path.exists()


def test_a_schema_1_file_is_upgraded_and_keeps_its_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"schema_version": 1, "selected_model": "m", "system_prompt": "Hi.",'
                    ' "generation": {"temperature": 0.3}, "catalog_url": "https://x/c.json"}')
    store = SettingsStore(path)
    settings = store.load()
    assert store.recovered_from is None
    assert settings.schema_version == 2
    assert (settings.selected_model, settings.system_prompt) == ("m", "Hi.")
    assert settings.generation.temperature == 0.3 and settings.catalog_url == "https://x/c.json"
    assert settings.welcome_shown  # someone with a v1 file has used the app already
    assert settings.presets == [] and settings.theme == "system"
    store.save(settings)
    assert '"schema_version": 2' in path.read_text()


def test_presets_and_appearance_round_trip(tmp_path: Path) -> None:
    from app.core.presets import Preset

    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(theme="dark", font_size=13, default_preset="Code",
                        presets=[Preset(name="Terse", temperature=0.1, system_prompt="Terse.")])
    store.save(settings)
    again = SettingsStore(tmp_path / "settings.json").load()
    assert again == settings and again.presets[0].temperature == 0.1
    with pytest.raises(ValidationError):
        Settings(theme="purple")  # type: ignore[arg-type]
