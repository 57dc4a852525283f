"""Checks on a model file the user brings (file dialog, drag and drop, the models folder).

Before a file is offered as a model: GGUF magic and version, a readable
header, an architecture, a context length, and whether it carries a chat
template (without one Fireside falls back to ChatML and says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.core.gguf_header import GGUFError, GGUFHeader, read_gguf_header


@dataclass(frozen=True)
class ModelFileCheck:
    """The verdict on one file: usable or not, why, and what to warn about."""

    path: Path
    ok: bool
    message: str
    header: GGUFHeader | None = None
    warnings: list[str] = field(default_factory=list)


def check_model_file(path: Path) -> ModelFileCheck:
    """Read ``path``'s GGUF header; never raises."""
    if not path.is_file():
        return ModelFileCheck(path, False, f"{path} is not a file.")
    try:
        header = read_gguf_header(path)
    except GGUFError as exc:
        return ModelFileCheck(path, False, (
            f"{path.name} cannot be used as a model: {exc}. Fireside runs models in the GGUF "
            "format (files ending in .gguf)."))
    if not header.architecture:
        return ModelFileCheck(path, False, f"{path.name} does not say which model architecture "
                                           "it is, so llama.cpp cannot run it.", header)
    warnings = []
    if not header.chat_template:
        warnings.append(f"{path.name} has no chat template; Fireside will use ChatML, which may "
                        "not suit this model.")
    if not header.context_length:
        warnings.append(f"{path.name} does not state its context length; Fireside uses the "
                        "setting's value.")
    return ModelFileCheck(path, True, f"{path.name}: {header.summary}.", header, warnings)
