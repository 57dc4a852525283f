"""Per-model settings: generation values, system prompt and chat template for one model,
overriding the defaults.

What a reply is generated with is worked out in one place,
:func:`reply_generation`: the defaults, then the model's own overrides, then
the chat's preset.  The system prompt: the chat's own, else the preset's,
else the model's, else the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from app.core.generation import (
    LIMITS,
    BatchSize,
    ContextLength,
    GenerationSettings,
    MaxTokens,
    MinP,
    RepeatLastN,
    RepeatPenalty,
    Temperature,
    Threads,
    TopK,
    TopP,
)
from app.core.presets import Preset, generation_for, preset_or_default

if TYPE_CHECKING:
    from app.core.conversation import Conversation
    from app.core.installed import InstalledModel
    from app.core.settings import Settings

OVERRIDABLE = tuple(LIMITS)  # a model's own settings may set every limited value


class ModelSettings(BaseModel):
    """One model's overrides; None everywhere means "as the defaults"."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    temperature: Temperature | None = None
    top_p: TopP | None = None
    top_k: TopK | None = None
    min_p: MinP | None = None
    repeat_penalty: RepeatPenalty | None = None
    repeat_last_n: RepeatLastN | None = None
    max_tokens: MaxTokens | None = None
    context_length: ContextLength | None = None
    threads: Threads | None = None
    batch_size: BatchSize | None = None
    system_prompt: str | None = None
    chat_template: str | None = None  # None: the model's own
    # Layers offloaded to a GPU (only with a GPU build of llama.cpp): None "auto" (as many
    # as its free memory holds), 0 none, -1 all (app.core.gpu).
    gpu_layers: int | None = Field(default=None, ge=-1, le=100_000)

    def overrides(self) -> dict[str, float | int]:
        values = {name: getattr(self, name) for name in OVERRIDABLE}
        return {name: value for name, value in values.items() if value is not None}

    @property
    def empty(self) -> bool:
        return (not self.overrides() and self.system_prompt is None
                and self.chat_template is None and self.gpu_layers is None)


def model_generation(defaults: GenerationSettings, model: ModelSettings | None,
                     ) -> GenerationSettings:
    """The defaults with one model's overrides (what it is loaded and run with)."""
    if model is None:
        return defaults.model_copy()
    return GenerationSettings.model_validate({**defaults.model_dump(), **model.overrides()})


def reply_generation(defaults: GenerationSettings, model: ModelSettings | None,
                     preset: Preset | None) -> GenerationSettings:
    """Defaults, then the model's overrides, then the preset's sampling values."""

    return generation_for(model_generation(defaults, model), preset)


def load_settings(settings: Settings, model: InstalledModel,
                  ) -> tuple[GenerationSettings, str, str | None]:
    """What ``model`` is loaded with: its generation settings, the system prompt new chats
    start with, and the chat template to use instead of the file's (None: the file's).

    The window and ``fireside chat`` both load through this.
    """
    own = settings.model_settings.get(model.id)
    template = own.chat_template if own is not None and own.chat_template else None
    if template is None and model.entry is not None:
        template = model.entry.chat_template  # the catalog's fix for a broken template
    return (model_generation(settings.generation, own),
            reply_system_prompt(None, None, own, settings.system_prompt), template)


def model_gpu_layers(settings: Settings, model_id: str) -> int | None:
    """A model's GPU layers setting (None: auto)."""
    own = settings.model_settings.get(model_id)
    return own.gpu_layers if own is not None else None


def reply_settings(settings: Settings, model_id: str | None,
                   preset: Preset | None) -> tuple[GenerationSettings, str]:
    """What a chat's next reply is generated with (defaults, the model's own settings,
    the chat's preset), and the system prompt unless the chat has its own."""
    own = settings.model_settings.get(model_id) if model_id is not None else None
    return (reply_generation(settings.generation, own, preset),
            reply_system_prompt(None, preset, own, settings.system_prompt))


def chat_reply_settings(settings: Settings, conversation: Conversation,
                        model_id: str | None) -> tuple[GenerationSettings, str]:
    """:func:`reply_settings` for a saved chat: its preset, or the default one."""

    preset = preset_or_default(conversation.preset, settings.presets, settings.default_preset)
    return reply_settings(settings, model_id, preset)


def reply_system_prompt(chat_prompt: str | None, preset: Preset | None,
                        model: ModelSettings | None, default: str) -> str:
    """The chat's own prompt, else the preset's, else the model's, else the default."""
    if chat_prompt is not None:
        return chat_prompt
    if preset is not None and preset.system_prompt:
        return preset.system_prompt
    if model is not None and model.system_prompt is not None:
        return model.system_prompt
    return default
