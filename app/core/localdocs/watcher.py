"""Collections' folders watched while Fireside runs: :class:`FolderWatcher` (``watchdog``).

Every folder of every collection is watched with its subfolders (a collection that names
a single file: that file, through its folder).  A change — a file made, written, deleted
or moved — is not acted on at once: a copy of many files, or an editor saving in steps,
reports many changes, so the collection is named to ``on_change`` once its folders have
been quiet for ``quiet`` seconds.  Reading a file (opening, closing without writing) is
no change, so indexing does not set the watcher off again.

Hidden files and folders (a name starting with ``.``), files LocalDocs does not index
and the paths ``ignore`` names (the index's own files) are left out.  A folder that does
not exist, or disappears, is tried again every ``retry`` seconds; when it is back its
collection is named, to be indexed again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from app.core.localdocs.extract import kind_of

log = logging.getLogger(__name__)

QUIET_SECONDS = 2.0
RETRY_SECONDS = 10.0
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return  # opened, closed without writing: someone (the indexer) read a file
        if event.is_directory and event.event_type == "modified":
            return  # what was made, deleted or moved in it is told on its own
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        for raw in paths:
            path = os.fsdecode(raw)
            if path:
                self.watcher.changed(path, bool(event.is_directory))


class FolderWatcher:
    """Watches folders for changes and names the collections to index again.

    ``on_change(name)`` is called on the watcher's own thread, once per quiet spell.
    """

    def __init__(self, on_change: Callable[[str], None],
                 ignore: Callable[[str], bool] | None = None,
                 quiet: float = QUIET_SECONDS, retry: float = RETRY_SECONDS) -> None:
        self.on_change = on_change
        self.ignore = ignore or (lambda _path: False)
        self.quiet = quiet
        self.retry = retry
        self._lock = threading.Lock()
        self._folders: dict[str, list[str]] = {}  # collection -> its folders (or files)
        self._wanted: dict[str, bool] = {}  # directory to watch -> with its subfolders
        self._watches: dict[str, ObservedWatch] = {}  # directory watched -> its watch
        self._missing: set[str] = set()  # directories to watch that are not there
        self._due: dict[str, float] = {}  # collection -> when it is quiet enough
        self._observer: BaseObserver | None = None
        self._handler = _Handler(self)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_retry = 0.0

    # -- what is watched ------------------------------------------------------------
    @property
    def watched(self) -> set[str]:
        """The directories being watched now."""
        with self._lock:
            return set(self._watches)

    @property
    def missing(self) -> set[str]:
        """The directories that should be watched but are not there."""
        with self._lock:
            return set(self._missing)

    def watch(self, folders: dict[str, list[str]]) -> None:
        """Watch these collections' folders (collection name -> folders), and no others."""
        wanted: dict[str, bool] = {}  # directory -> recursive
        for paths in folders.values():
            for path in paths:
                if os.path.isfile(path):  # a collection may name single files
                    wanted.setdefault(os.path.dirname(path), False)
                else:
                    wanted[path] = True
        with self._lock:
            self._folders = {name: list(paths) for name, paths in folders.items()}
            self._wanted = wanted
            if self._observer is None and wanted:
                self._observer = Observer()
                self._observer.daemon = True
                self._observer.start()
                self._thread = threading.Thread(target=self._tick, name="localdocs-watch",
                                                daemon=True)
                self._thread.start()
            for directory in list(self._watches):
                if directory not in wanted:
                    self._unschedule(directory)
            self._missing &= set(wanted)
            for directory, recursive in wanted.items():
                if directory not in self._watches:
                    self._schedule(directory, recursive)
            self._due = {n: t for n, t in self._due.items() if n in self._folders}

    def _schedule(self, directory: str, recursive: bool) -> bool:
        """Watch ``directory`` (under the lock); False if it is not there (or cannot be)."""
        assert self._observer is not None
        try:
            self._watches[directory] = self._observer.schedule(
                self._handler, directory, recursive=recursive)
        except OSError as exc:  # not there, unreadable, or the system's watches ran out
            log.info("cannot watch %s (%s); trying again later", directory, exc)
            self._missing.add(directory)
            return False
        self._missing.discard(directory)
        return True

    def _unschedule(self, directory: str) -> None:
        watch = self._watches.pop(directory, None)
        if watch is not None and self._observer is not None:
            try:
                self._observer.unschedule(watch)
            except (KeyError, OSError) as exc:  # its watch ended with the folder
                log.debug("unwatching %s: %r", directory, exc)

    # -- changes --------------------------------------------------------------------
    def _collections_of(self, path: str) -> list[str]:
        """The collections ``path`` belongs to (not through a hidden folder of theirs)."""
        found = []
        for name, paths in self._folders.items():
            for folder in paths:
                if path == folder:
                    found.append(name)
                    break
                if path.startswith(folder.rstrip(os.sep) + os.sep):
                    inside = Path(os.path.relpath(path, folder)).parts
                    if not any(part.startswith(".") for part in inside):
                        found.append(name)
                        break
        return found

    def _collections_in(self, directory: str) -> list[str]:
        """The collections with a folder (or a file) at or under ``directory``."""
        prefix = directory.rstrip(os.sep) + os.sep
        return [name for name, paths in self._folders.items()
                if any(p == directory or p.startswith(prefix) for p in paths)]

    def _worth_noting(self, path: str, is_directory: bool) -> bool:
        if self.ignore(path):
            return False
        return is_directory or kind_of(Path(path)) is not None

    def changed(self, path: str, is_directory: bool) -> None:
        """A change under a watched folder (from watchdog's thread)."""
        with self._lock:
            names = self._collections_of(path)
            if not names or not self._worth_noting(path, is_directory):
                return
            if is_directory and path in self._watches and not os.path.isdir(path):
                self._unschedule(path)  # the folder itself is gone: wait for it to return
                self._missing.add(path)
            due = time.monotonic() + self.quiet
            for name in names:
                self._due[name] = due

    def _tick(self) -> None:
        while not self._stopping.wait(min(0.25, self.quiet / 4)):
            now = time.monotonic()
            came_back: list[str] = []
            with self._lock:
                ready = [name for name, due in self._due.items() if due <= now]
                for name in ready:
                    del self._due[name]
                if self._missing and now >= self._next_retry:
                    self._next_retry = now + self.retry
                    for directory in sorted(self._missing):
                        if os.path.isdir(directory) and self._schedule(
                                directory, self._wanted.get(directory, True)):
                            came_back += self._collections_in(directory)
            for name in dict.fromkeys([*ready, *came_back]):
                try:
                    self.on_change(name)
                except Exception:  # the watcher goes on whatever the receiver did
                    log.exception("the folder watcher's receiver failed for %s", name)

    def stop(self) -> None:
        """Stop watching (quickly; the threads are daemons)."""
        self._stopping.set()
        with self._lock:
            observer, self._observer = self._observer, None
            self._watches.clear()
        if observer is not None:
            observer.stop()
            observer.join(timeout=2.0)
        if self._thread is not None:
            self._thread.join(timeout=2.0)
