"""The pieces every front end needs, assembled once: paths, settings, catalog, chats.

Both the window and the terminal commands build an :class:`AppContext`, so
they read and write the same data in the same way.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from app.core.catalog import Catalog
from app.core.catalog_sources import load_catalogs
from app.core.checksums import ChecksumCache
from app.core.installed import STARTER_MODEL_ID, InstalledModel, scan_installed
from app.core.network import set_offline
from app.core.partial import PART_SUFFIX, SIDECAR_SUFFIX
from app.core.paths import AppPaths
from app.core.private_files import private_opener, tighten_files
from app.core.settings import Settings, SettingsStore
from app.core.speed import Calibration, SpeedStore
from app.core.storage import ChatStore, DamagedDatabaseError, NewerSchemaError

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Paths, settings, catalog, installed models and the chat store of one run."""

    paths: AppPaths
    settings_store: SettingsStore
    settings: Settings
    catalog: Catalog
    checksums: ChecksumCache
    store: ChatStore
    installed: list[InstalledModel] = field(default_factory=list)  # chat models
    embedding_models: list[InstalledModel] = field(default_factory=list)
    all_installed: list[InstalledModel] = field(default_factory=list)
    run_catalogs: list[str] = field(default_factory=list)
    database_moved_to: Path | None = None  # set when a broken database was moved aside

    @classmethod
    def open(cls, data_dir: str | Path | None = None,
             extra_catalogs: list[str] | None = None) -> AppContext:
        """Open everything; ``extra_catalogs`` adds catalog files for this run only."""
        paths = AppPaths.resolve(data_dir).ensure()
        settings_store = SettingsStore(paths.settings_file)
        settings = settings_store.load()
        set_offline(settings.offline)
        store, moved = open_chat_store(paths.database)
        context = cls(
            paths=paths, settings_store=settings_store, settings=settings,
            catalog=Catalog(), checksums=ChecksumCache(paths.verify_cache), store=store)
        context.database_moved_to = moved
        context.run_catalogs = list(extra_catalogs or [])
        if context.models_dir != paths.models_dir:
            # The user's own models folder keeps its mode; only downloads in progress
            # (they name what is being fetched) are made private.
            tighten_files(context.models_dir, [f"*{PART_SUFFIX}", f"*{SIDECAR_SUFFIX}",
                                               f"*{SIDECAR_SUFFIX}.tmp"])
        context.reload_catalog()
        return context

    @property
    def models_dir(self) -> Path:
        """Where downloads go and which folder is scanned (a setting may move it)."""
        if self.settings.models_folder:
            return Path(self.settings.models_folder).expanduser()
        return self.paths.models_dir

    def reload_catalog(self) -> Catalog:
        """Bundled (or last refreshed) catalog plus the extra catalog files."""
        self.catalog = load_catalogs(self.paths.catalog_cache,
                                     [*self.settings.extra_catalogs, *self.run_catalogs])
        self.rescan()
        return self.catalog

    def rescan(self) -> list[InstalledModel]:
        """Look for installed models again: chat models in ``installed``, embedding models
        (LocalDocs) in ``embedding_models``, both in ``all_installed``."""
        self.all_installed = scan_installed(self.catalog, self.models_dir,
                                            self.settings.extra_model_paths)
        self.installed = [m for m in self.all_installed if not m.is_embedding]
        self.embedding_models = [m for m in self.all_installed if m.is_embedding]
        return self.installed

    def find_model(self, key: str) -> InstalledModel | None:
        """An installed model by id, name, file name, or path."""
        for model in self.installed:
            if key in (model.id, model.name, model.path.name, str(model.path)):
                return model
        path = Path(key).expanduser()
        if path.suffix.lower() == ".gguf" or path.exists():
            return InstalledModel(f"path:{path.resolve()}", path.stem, path.resolve(),
                                  path.stat().st_size if path.is_file() else 0, "added")
        return None

    def default_model(self) -> InstalledModel | None:
        """The chosen model, else the starter model, else the first installed one."""
        for key in (self.settings.selected_model, STARTER_MODEL_ID):
            if key:
                found = next((m for m in self.installed if m.id == key), None)
                if found is not None:
                    return found
        return self.installed[0] if self.installed else None

    @property
    def speed_store(self) -> SpeedStore:
        """This machine's speed calibration (``speed.json`` in the cache folder)."""
        return SpeedStore(self.paths.cache_dir / "speed.json")

    def speed_calibration(self) -> Calibration | None:
        """The calibration for this machine at the default threads, if one was made."""
        return self.speed_store.load(self.settings.generation.threads)

    def save_settings(self) -> None:
        self.settings_store.save(self.settings)

    def close(self) -> None:
        self.store.close()


def open_chat_store(path: Path) -> tuple[ChatStore, Path | None]:
    """Open the chat database; one that cannot be opened is moved aside, never deleted.

    Returns the store and, if the old file had to be moved, where it went.
    """
    try:
        return ChatStore(path), None
    except NewerSchemaError:
        raise  # written by a newer Fireside: the user should upgrade, not lose it
    except DamagedDatabaseError as exc:  # a full disk or no permission is no damage
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.unreadable-{stamp}")
        log.error("%s; moving it to %s and starting a new one", exc, aside)
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(aside.with_name(aside.name + suffix))
        return ChatStore(path), aside


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the first and each one after a rollover, is 0600.

    A record that cannot be written (a full disk) is dropped quietly: logging's default
    prints a traceback on the terminal for each one.
    """

    def handleError(self, record: logging.LogRecord) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handleError(record)

    def _open(self) -> io.TextIOWrapper:
        stream = open(self.baseFilename, self.mode, encoding=self.encoding,
                      errors=self.errors, opener=private_opener)
        return cast(io.TextIOWrapper, stream)  # a text mode: "a" (or "w")


def setup_logging(paths: AppPaths, level: int = logging.INFO) -> None:
    """Log to a rotating file under the data dir (and warnings to stderr)."""
    root = logging.getLogger()
    if any(getattr(h, "_fireside", False) for h in root.handlers):
        return
    handler = PrivateRotatingFileHandler(
        paths.log_dir / "fireside.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._fireside = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
