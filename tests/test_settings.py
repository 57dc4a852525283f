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
