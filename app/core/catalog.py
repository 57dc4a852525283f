"""The model catalog (``models.json``): a pydantic schema and its loader.

The catalog ships inside the package (a wheel carries it as
``app/_bundled/models.json``; a checkout reads the top-level file).  Entries
that fail validation are logged and left out; the rest stay usable.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.core.texts import UserError, tr

log = logging.getLogger(__name__)

CATALOG_SCHEMA_VERSION = 1
_REPO_ROOT = Path(__file__).resolve().parents[2]


class BundledFile(BaseModel):
    """A model file that a Python package installs (the starter model)."""

    distribution: str
    path: str


class GenerationDefaults(BaseModel):
    """Sampling a model's publisher recommends; each field overrides the user's default."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, gt=0.0, le=1.0)
    top_k: int | None = Field(None, ge=0)
    min_p: float | None = Field(None, ge=0.0, le=1.0)
    repeat_penalty: float | None = Field(None, ge=0.5, le=2.0)
    context_length: int | None = Field(None, ge=256)


class CatalogEntry(BaseModel):
    """One model Fireside knows about."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    name: str
    filename: str
    urls: list[str] = Field(default_factory=list)
    size: int = Field(gt=0)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    md5: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    quantization: str | None = None
    parameters: str | None = None
    architecture: str | None = None
    context_length: int | None = None
    license: str | None = None
    ram_required_gb: float | None = None
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    system_prompt: str | None = None
    generation: GenerationDefaults | None = None
    chat_template: str | None = None  # overrides the GGUF's own when it is broken
    bundled: BundledFile | None = None
    source: str = "fireside"  # which catalog it came from: fireside, gpt4all, refreshed, ...

    @field_validator("filename")
    @classmethod
    def _plain_filename(cls, value: str) -> str:
        if not value or "/" in value or "\\" in value or value in (".", "..") \
                or ".." in value or Path(value).is_absolute():
            raise ValueError(f"unsafe filename {value!r}")
        return value


class Catalog(BaseModel):
    """The whole catalog file."""

    schema_version: int = CATALOG_SCHEMA_VERSION
    models: list[CatalogEntry] = Field(default_factory=list)

    def get(self, model_id: str) -> CatalogEntry | None:
        return next((m for m in self.models if m.id == model_id), None)


def bundled_catalog_path() -> Path:
    """The catalog that ships with the app (wheel install or source checkout)."""
    packaged = resources.files("app").joinpath("_bundled/models.json")
    if packaged.is_file():
        return Path(str(packaged))
    return _REPO_ROOT / "models.json"


class CatalogError(UserError, ValueError):
    """Data that is not a usable catalog; :attr:`text` says why."""


def parse_catalog(data: Any, source: str) -> Catalog:
    """Validate raw catalog data entry by entry; bad entries are logged and dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise CatalogError(tr("{source}: not a catalog (expected an object with a “models” "
                              "list)", source=source))
    version = data.get("schema_version")
    if version != CATALOG_SCHEMA_VERSION:
        raise CatalogError(tr("{source}: unknown catalog schema_version {version}",
                              source=source, version=repr(version)))
    good: list[CatalogEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["models"]):
        try:
            entry = CatalogEntry.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            log.warning("%s: catalog entry %d rejected: %s %s", source, index,
                        ".".join(str(p) for p in first["loc"]), first["msg"])
            continue
        if entry.id in seen:
            log.warning("%s: catalog entry %d rejected: duplicate id %r", source, index, entry.id)
            continue
        if entry.urls and not (entry.sha256 or entry.md5):
            log.warning("%s: catalog entry %r rejected: downloadable but has no checksum",
                        source, entry.id)
            continue
        seen.add(entry.id)
        good.append(entry)
    return Catalog(schema_version=CATALOG_SCHEMA_VERSION, models=good)


def load_catalog(path: Path | None = None) -> Catalog:
    """Load ``path`` (default: the bundled catalog); fall back to the bundled copy."""
    bundled = bundled_catalog_path()
    target = path or bundled
    try:
        return parse_catalog(json.loads(target.read_text(encoding="utf-8")), str(target))
    except (OSError, ValueError) as exc:
        log.error("cannot use catalog %s: %s", target, exc)
        if target != bundled:
            return load_catalog(bundled)
        return Catalog()
