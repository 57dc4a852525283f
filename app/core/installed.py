"""Installed models: the bundled starter, files in the models folder, added files.

:func:`scan_installed` answers "which models can the user pick right now".
Verification (sha256 against the catalog) is a separate, cached step:
:func:`verify_model`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from app.core.catalog import Catalog, CatalogEntry
from app.core.checksums import ChecksumCache
from app.core.gguf_header import GGUF_MAGIC, SUPPORTED_VERSIONS
from app.core.texts import Text, tr

log = logging.getLogger(__name__)

STARTER_MODEL_ID = "smollm2-135m-instruct-q4_1"


@dataclass(frozen=True)
class InstalledModel:
    """A model file that exists on this computer."""

    id: str
    name: str
    path: Path
    size: int
    source: str  # "bundled", "models-folder" or "added"
    entry: CatalogEntry | None = None

    @property
    def expected_sha256(self) -> str | None:
        return self.entry.sha256 if self.entry else None

    @property
    def is_embedding(self) -> bool:
        """An embedding model (for LocalDocs' search), not one to chat with."""
        if self.entry is not None:
            return "embedding" in self.entry.tags
        return "embed" in self.path.name.lower()


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking a model file against its catalog entry."""

    ok: bool
    checked: bool  # False when there is nothing to check against
    message: Text


def locate_bundled(entry: CatalogEntry) -> Path | None:
    """Find a package-bundled model file via importlib.metadata, without importing it."""
    if entry.bundled is None:
        return None
    try:
        dist = metadata.distribution(entry.bundled.distribution)
    except metadata.PackageNotFoundError:
        return None
    located = Path(str(dist.locate_file(entry.bundled.path)))
    return located if located.is_file() else None


def _model_id_for_file(path: Path, by_filename: dict[str, CatalogEntry]
                       ) -> tuple[str, str, CatalogEntry | None]:
    entry = by_filename.get(path.name)
    if entry is not None:
        return entry.id, entry.name, entry
    return f"file:{path.name}", path.stem, None


def _looks_like_gguf(path: Path) -> bool:
    """GGUF magic and a known version (8 bytes read); other files are not offered."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    ok = head[:4] == GGUF_MAGIC and int.from_bytes(head[4:8], "little") in SUPPORTED_VERSIONS
    if not ok:
        log.warning("%s is in the models folder but is not a GGUF model; not offered", path)
    return ok


def scan_installed(catalog: Catalog, models_dir: Path,
                   extra_paths: list[str] | None = None) -> list[InstalledModel]:
    """Every model the user can choose, bundled starter first."""
    found: list[InstalledModel] = []
    seen_paths: set[Path] = set()
    by_filename = {m.filename: m for m in catalog.models}

    def add(model: InstalledModel) -> None:
        key = model.path.resolve()
        if key not in seen_paths and all(m.id != model.id for m in found):
            seen_paths.add(key)
            found.append(model)

    for entry in catalog.models:
        path = locate_bundled(entry)
        if path is not None:
            add(InstalledModel(entry.id, entry.name, path, path.stat().st_size, "bundled", entry))
    if models_dir.is_dir():
        for path in sorted(models_dir.glob("*.gguf")):
            if path.is_file() and _looks_like_gguf(path):
                model_id, name, known = _model_id_for_file(path, by_filename)
                add(InstalledModel(model_id, name, path, path.stat().st_size, "models-folder",
                                   known))
    for raw in extra_paths or []:
        path = Path(raw)
        _, name, known = _model_id_for_file(path, by_filename)
        size = path.stat().st_size if path.is_file() else 0
        add(InstalledModel(f"path:{path}", name, path, size, "added", known))
    return found


def verify_model(model: InstalledModel, cache: ChecksumCache) -> VerifyResult:
    """Check size and sha256 against the catalog (hashing at most once per file version)."""
    expected = model.expected_sha256
    if model.entry is None or expected is None:
        return VerifyResult(ok=True, checked=False, message=tr("no checksum to verify against"))
    try:
        size = model.path.stat().st_size
    except OSError as exc:
        return VerifyResult(False, True, tr("cannot read {path}: {error}",
                                            path=str(model.path), error=exc.strerror))
    if size != model.entry.size:
        return VerifyResult(False, True, tr(
            "{file} has {size:,} bytes but should have {expected:,}: the file is incomplete "
            "or was replaced", file=model.path.name, size=size, expected=model.entry.size))
    actual = cache.sha256(model.path)
    if actual != expected:
        return VerifyResult(False, True, tr(
            "{file} does not match its published sha256 checksum: the file is damaged or "
            "was changed", file=model.path.name))
    return VerifyResult(True, True, tr("sha256 verified"))


def is_verified_cached(model: InstalledModel, cache: ChecksumCache) -> bool | None:
    """True/False when a cached hash decides it, None when hashing would be needed."""
    expected = model.expected_sha256
    if expected is None:
        return None
    known = cache.cached(model.path)
    return None if known is None else known == expected
