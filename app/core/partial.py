"""A download in progress: ``NAME.gguf.part`` and its sidecar ``NAME.gguf.part.json``.

The partial file lives in the models folder beside the finished models but
never ends in ``.gguf``, so it is never listed as a model.  The sidecar
records where the bytes come from and what they must hash to, so a download
can resume after a restart or a kill -9, and a partial file left by a
*different* download of the same name is never appended to.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.core.private_files import write_private

PART_SUFFIX = ".part"
SIDECAR_SUFFIX = ".part.json"


@dataclass
class PartialState:
    """What the sidecar says about a partial download."""

    model_id: str
    filename: str
    urls: list[str]
    size: int | None
    sha256: str | None
    md5: str | None
    bytes_done: int = 0
    updated_at: float = field(default_factory=time.time)

    def same_target(self, other: PartialState) -> bool:
        """Whether both describe the same file (so bytes of one can continue the other)."""
        return (self.filename, self.size, self.sha256, self.md5) == \
            (other.filename, other.size, other.sha256, other.md5)


def part_path(models_dir: Path, filename: str) -> Path:
    return models_dir / (filename + PART_SUFFIX)


def sidecar_path(models_dir: Path, filename: str) -> Path:
    return models_dir / (filename + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> PartialState | None:
    """The sidecar's state, or None if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return PartialState(**{k: data[k] for k in PartialState.__dataclass_fields__
                               if k in data})
    except (OSError, ValueError, TypeError):
        return None


def write_sidecar(path: Path, state: PartialState) -> None:
    """Replace the sidecar atomically (a crash leaves the old or the new one)."""
    state.updated_at = time.time()
    write_private(path, json.dumps(asdict(state), indent=1))  # 0600: it names the download


def remove_partial(models_dir: Path, filename: str) -> None:
    """Delete a partial download and its sidecar (missing files are fine)."""
    for path in (part_path(models_dir, filename), sidecar_path(models_dir, filename)):
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".tmp").unlink(missing_ok=True)


def list_partials(models_dir: Path) -> list[PartialState]:
    """Every resumable download in ``models_dir`` (a sidecar whose state is readable)."""
    found = []
    for sidecar in sorted(models_dir.glob("*" + SIDECAR_SUFFIX)):
        state = read_sidecar(sidecar)
        if state is not None:
            part = part_path(models_dir, state.filename)
            state.bytes_done = part.stat().st_size if part.exists() else 0
            found.append(state)
    return found
