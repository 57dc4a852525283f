"""User settings: pydantic models stored as JSON with a ``schema_version``.

A missing file gives defaults.  A corrupt or invalid file is moved aside as
``settings.json.broken-<time>`` and the app starts on defaults; the caller is
told through :attr:`SettingsStore.recovered_from`.  A file of an earlier
``schema_version`` is upgraded by :data:`MIGRATIONS`, one version at a time.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.api_settings import ApiServerSettings
from app.core.disk_full import DiskFullError, is_disk_full
from app.core.generation import GenerationSettings
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.model_settings import ModelSettings
from app.core.presets import DEFAULT_PRESET, Preset
from app.core.private_files import make_private_dir, write_private

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
DEFAULT_SYSTEM_PROMPT = "You are a helpful, concise assistant."
# Contacted only when the user asks for a catalog refresh (never at start-up).
DEFAULT_CATALOG_URL = "https://raw.githubusercontent.com/fireside-chat/fireside/main/models.json"


class Settings(BaseModel):
    """Everything Fireside remembers between runs."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    selected_model: str | None = None
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    extra_model_paths: list[str] = Field(default_factory=list)
    models_folder: str | None = None  # None: the data folder's models/
    extra_catalogs: list[str] = Field(default_factory=list)  # Fireside or GPT4All format
    catalog_url: str = DEFAULT_CATALOG_URL
    max_parallel_downloads: int = Field(2, ge=1, le=8)
    # Memory for the KV state of recently used chats (returning to one is instant).
    chat_memory_mb: int = Field(512, ge=0, le=65536)
    hub_endpoint: str | None = None  # a Hugging Face mirror; None: huggingface.co (or HF_ENDPOINT)
    # Since schema 2:
    presets: list[Preset] = Field(default_factory=list)  # the user's own (built-ins aside)
    default_preset: str = DEFAULT_PRESET  # for new chats
    theme: Literal["system", "light", "dark"] = "system"
    font_size: int = Field(0, ge=0, le=40)  # points; 0: the system's
    language: str = "system"  # "system", "en" or "zh_CN"
    offline: bool = False  # no network traffic at all
    welcome_shown: bool = False
    window_geometry: str | None = None  # Qt's saved geometry, base64
    model_settings: dict[str, ModelSettings] = Field(default_factory=dict)  # by model id
    splitter_state: str | None = None
    api_server: ApiServerSettings = Field(default_factory=ApiServerSettings)
    localdocs: LocalDocsSettings = Field(default_factory=LocalDocsSettings)


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 adds presets, appearance and the welcome view; a v1 user has seen the app."""
    return {**data, "welcome_shown": True}


# MIGRATIONS[n] upgrades a settings dict of schema n to schema n + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


class SettingsStore:
    """Loads and saves :class:`Settings` at one path, atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered_from: Path | None = None

    def load(self) -> Settings:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            log.warning("cannot read settings %s: %s; using defaults", self.path, exc)
            return Settings()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("settings file is not a JSON object")
            version = data.get("schema_version", 1)
            if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
                raise ValueError(f"unknown settings schema_version {version!r}")
            for old in range(version, SCHEMA_VERSION):
                data = MIGRATIONS[old](data)
            data["schema_version"] = SCHEMA_VERSION
            return Settings.model_validate(data)
        except (ValueError, ValidationError) as exc:
            backup = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
            os.replace(self.path, backup)
            self.recovered_from = backup
            log.warning("settings file %s was invalid (%s); kept as %s, using defaults",
                        self.path, exc, backup)
            return Settings()

    def save(self, settings: Settings) -> None:
        make_private_dir(self.path.parent, tighten_existing=False)
        try:
            write_private(self.path, settings.model_dump_json(indent=2))  # 0600, atomically
        except OSError as exc:  # the old file is still whole
            if is_disk_full(exc):
                raise DiskFullError(self.path.parent) from exc
            raise
