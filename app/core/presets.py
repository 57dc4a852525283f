"""Presets: named bundles of a system prompt and sampling settings.

Fireside ships four (Balanced: the generation settings as they are; Precise,
Creative, Code); users add their own,
which live in the settings file and can be exported and imported as JSON.  A
chat can use a preset; :func:`generation_for` works out what the engine is
given: the defaults in the settings, then the preset's sampling values.  The
system prompt is the chat's own if it has one, else the preset's, else the
default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.generation import (
    SAMPLING_FIELDS,
    GenerationSettings,
    MinP,
    RepeatPenalty,
    Temperature,
    TopK,
    TopP,
)
from app.core.texts import UserError, tr

PRESETS_FORMAT = "fireside-presets"
DEFAULT_PRESET = "Balanced"


class PresetError(UserError, ValueError):
    """A preset or a presets file that cannot be used; :attr:`text` says why."""


class Preset(BaseModel):
    """A name, an optional system prompt and sampling values (None: keep the default)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    name: str = Field(min_length=1, max_length=60)
    system_prompt: str | None = None
    temperature: Temperature | None = None
    top_p: TopP | None = None
    top_k: TopK | None = None
    min_p: MinP | None = None
    repeat_penalty: RepeatPenalty | None = None

    @field_validator("name")
    @classmethod
    def _tidy_name(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("a preset needs a name")
        return name

    def sampling(self) -> dict[str, float | int]:
        """The sampling values this preset sets."""
        values = {name: getattr(self, name) for name in SAMPLING_FIELDS}
        return {name: value for name, value in values.items() if value is not None}


BUILTIN_PRESETS: tuple[Preset, ...] = (
    # Balanced is the generation settings as they are (their defaults are balanced); the
    # others override the sampling values they name.
    Preset(name="Balanced"),
    Preset(name="Precise", temperature=0.2, top_p=0.9, top_k=40, min_p=0.1,
           repeat_penalty=1.05,
           system_prompt="You are a precise assistant. Answer accurately and concisely, "
                         "and say so when you are not sure."),
    Preset(name="Creative", temperature=1.0, top_p=0.95, top_k=100, min_p=0.02,
           repeat_penalty=1.15,
           system_prompt="You are an imaginative writing partner: vivid, original and "
                         "playful."),
    Preset(name="Code", temperature=0.2, top_p=0.9, top_k=40, min_p=0.05,
           repeat_penalty=1.0,
           system_prompt="You are an expert programmer. Give correct, idiomatic code in "
                         "fenced blocks that name the language, and explain briefly."),
)
BUILTIN_NAMES = frozenset(p.name for p in BUILTIN_PRESETS)


def all_presets(user: Iterable[Preset]) -> list[Preset]:
    """The built-in presets, then the user's (a user preset never hides a built-in)."""
    return [*BUILTIN_PRESETS, *(p for p in user if p.name not in BUILTIN_NAMES)]


def find_preset(name: str | None, user: Iterable[Preset]) -> Preset | None:
    return next((p for p in all_presets(user) if p.name == name), None)


def preset_or_default(name: str | None, user: list[Preset], default: str) -> Preset:
    """Preset ``name``; if there is none (unset, or deleted since), the default preset."""
    return find_preset(name, user) or find_preset(default, user) or all_presets(user)[0]


def generation_for(defaults: GenerationSettings, preset: Preset | None) -> GenerationSettings:
    """What the engine is given: ``defaults`` with the preset's sampling values."""
    if preset is None:
        return defaults.model_copy()
    return GenerationSettings.model_validate({**defaults.model_dump(), **preset.sampling()})


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… if it is taken."""
    used = set(taken)
    if name not in used:
        return name
    n = 2
    while f"{name} ({n})" in used:
        n += 1
    return f"{name} ({n})"


def export_presets(presets: Iterable[Preset]) -> str:
    return json.dumps({"format": PRESETS_FORMAT, "version": 1,
                       "presets": [p.model_dump(exclude_none=True) for p in presets]},
                      indent=1, ensure_ascii=False)


def import_presets(text: str, existing: Iterable[Preset]) -> list[Preset]:
    """Presets read from an export, renamed where a name is taken (never overwritten)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise PresetError(tr("not a presets file (not JSON: {error})", error=str(exc))) from None
    if not isinstance(data, dict) or data.get("format") != PRESETS_FORMAT:
        raise PresetError(tr("not a Fireside presets file"))
    taken = {p.name for p in all_presets(existing)}
    result = []
    for index, raw in enumerate(data.get("presets") or []):
        try:
            preset = Preset.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise PresetError(tr("preset {number} is invalid: {field}: {reason}",
                                 number=index + 1,
                                 field=".".join(str(p) for p in first["loc"]),
                                 reason=first["msg"])) from None
        preset.name = unique_name(preset.name, taken)
        taken.add(preset.name)
        result.append(preset)
    return result
