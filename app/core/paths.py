"""Where Fireside keeps its files.

Everything the app writes lives under one :class:`AppPaths`.  By default the
folders come from platformdirs; ``--data-dir DIR`` or ``FIRESIDE_DATA_DIR``
put all of it (settings, database, models, logs, caches) under ``DIR``.
:meth:`AppPaths.ensure` makes them private (:mod:`app.core.private_files`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from app.core.private_files import make_private_dir, tighten, tighten_files, tighten_tree

ENV_DATA_DIR = "FIRESIDE_DATA_DIR"
_APP = "fireside"
_REPO_RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def resource_path(name: str) -> Path:
    """A file or folder from ``resources/``, in a wheel install or a source checkout."""
    packaged = resources.files("app").joinpath("_bundled/resources").joinpath(name)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    return _REPO_RESOURCES / name


@dataclass(frozen=True)
class AppPaths:
    """The folders and files Fireside writes to.

    Attributes:
        data_dir: chats database and other user data.
        config_dir: the settings file.
        models_dir: downloaded and sideloaded models.
        cache_dir: caches that may be deleted at any time (checksum results).
        log_dir: rotating log files.
    """

    data_dir: Path
    config_dir: Path
    models_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """Paths for an explicit data dir, ``$FIRESIDE_DATA_DIR``, or the platform default."""
        root = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
        if root is not None:
            base = Path(root).expanduser().resolve()
            return cls(
                data_dir=base,
                config_dir=base / "config",
                models_dir=base / "models",
                cache_dir=base / "cache",
                log_dir=base / "logs",
            )
        data = Path(platformdirs.user_data_dir(_APP, appauthor=False))
        return cls(
            data_dir=data,
            config_dir=Path(platformdirs.user_config_dir(_APP, appauthor=False)),
            models_dir=data / "models",
            cache_dir=Path(platformdirs.user_cache_dir(_APP, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(_APP, appauthor=False)),
        )

    def ensure(self) -> AppPaths:
        """Create every folder 0700 and make an older install private; return self.

        Fireside's own folders (config, models, cache, logs) are tightened whole:
        folders 0700, files without group or other access.  The data folder may
        be one the user chose, so in it only the folder itself and the chat
        database's files are changed.  Symbolic links are never followed, and the
        parents (``~/.local/share``, the folder around ``--data-dir``) never touched.
        """
        for folder in (self.data_dir, self.config_dir, self.models_dir, self.cache_dir,
                       self.log_dir):
            make_private_dir(folder)
        for folder in (self.config_dir, self.models_dir, self.cache_dir, self.log_dir):
            tighten_tree(folder)
            if folder.parent.name == _APP:  # platformdirs' ~/.local/state/fireside/log
                tighten(folder.parent)
        tighten_files(self.data_dir, [self.database.name + "*", self.localdocs.name + "*"])
        return self

    @property
    def database(self) -> Path:
        return self.data_dir / "chats.sqlite3"

    @property
    def localdocs(self) -> Path:
        """The LocalDocs index: collections, their files' text and chunks."""
        return self.data_dir / "localdocs.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def verify_cache(self) -> Path:
        return self.cache_dir / "verified.json"

    @property
    def catalog_cache(self) -> Path:
        """The last catalog refreshed from the network (only when the user asked)."""
        return self.cache_dir / "catalog.json"
