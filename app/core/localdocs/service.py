"""LocalDocs indexing in the background: :class:`DocsService` (no Qt; the window's adapter is
:class:`app.ui.docs_host.DocsHost`).

One worker thread, with a database connection of its own, does everything that writes
the index: it indexes the collections waiting in its queue one after another, and runs
the changes asked of it — add, rename and remove a collection, add and remove a folder
— which may take a while too (removing a big collection deletes many rows).  A change
asked while a collection is being indexed stops that run after the file being read; the
change is made, and the run goes on where it stopped (the indexer is incremental and
resumable, so nothing is read twice).

Pause stops the run after the file being read and keeps the queue; Resume goes on where
it stopped.  Stopping — Pause, quitting, a crash, ``kill -9`` — loses at most the file
being read: :meth:`DocsService.start` puts every collection back in the queue (those
never fully indexed first), and the indexer reads only what changed.

What happens is told to ``on_event``, from the worker's thread (or the caller's, for
Pause and Resume), as one of the :data:`DocsEvent` dataclasses.  With ``watch=True``,
a :class:`~app.core.localdocs.watcher.FolderWatcher` queues a collection whose folders
changed.

``after_index(store, collection, stop, on_progress)``, if given, runs on the worker after
each completed keyword run of a collection (also when nothing changed): the place for a
second pass over the new chunks, such as computing their embeddings.  It uses the
worker's ``store``; it should return soon after ``stop`` is set (the collection is then
queued again, and the pass runs again when indexing goes on); ``on_progress`` takes an
:class:`IndexProgress` (files may count chunks there) and is reported with the stage
``"meaning"``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.localdocs.extract import SECONDS
from app.core.localdocs.indexer import Indexer, IndexProgress, IndexReport
from app.core.localdocs.store import Collection, CollectionStatus, DocsError, DocsStore
from app.core.localdocs.watcher import QUIET_SECONDS, FolderWatcher
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)

AfterIndex = Callable[[DocsStore, Collection, threading.Event,
                       Callable[[IndexProgress], None]], None]


@dataclass(frozen=True)
class IndexingProgress:
    """How far the running index is (after each file).

    ``stage`` is ``"keywords"`` while files are read, ``"meaning"`` during the
    ``after_index`` pass.
    """

    collection: str
    stage: str
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    megabytes_per_second: float
    seconds_left: float | None
    current: str | None


@dataclass(frozen=True)
class IndexingFinished:
    """A run ended: complete, or stopped (``report.stopped``: it goes on later)."""

    collection: str
    report: IndexReport


@dataclass(frozen=True)
class CollectionsChanged:
    """Collections were added, renamed or removed, or their folders changed."""

    names: tuple[str, ...]  # every collection now, attachments' included


@dataclass(frozen=True)
class ServiceState:
    """What the worker is doing: the collection being indexed, those waiting, paused."""

    running: str | None
    waiting: tuple[str, ...]
    paused: bool


@dataclass(frozen=True)
class DocsProblem:
    """Something could not be done; ``text`` says what, for the user."""

    collection: str | None
    text: Text


DocsEvent = IndexingProgress | IndexingFinished | CollectionsChanged | ServiceState | DocsProblem


@dataclass(frozen=True)
class CollectionOverview:
    """A collection, how far its index is and what the service is doing with it.

    ``state``: ``"indexing"``, ``"waiting"``, ``"paused"`` (waiting while paused),
    ``"indexed"`` or ``"not indexed"``.
    """

    collection: Collection
    status: CollectionStatus
    state: str


@dataclass
class _Change:
    work: Callable[[DocsStore], Any]
    future: Future[Any]
    collection: str | None


class DocsService:
    """Indexes LocalDocs collections on a worker thread of its own (see the module)."""

    def __init__(self, path: Path, on_event: Callable[[DocsEvent], None] | None = None, *,
                 after_index: AfterIndex | None = None, seconds: float = SECONDS,
                 quiet: float = QUIET_SECONDS) -> None:
        self.path = path
        self.on_event = on_event
        self.after_index = after_index
        self.seconds = seconds
        self.quiet = quiet
        self.problem: Text | None = None  # the index could not be opened
        self._lock = threading.Condition(threading.RLock())
        self._queue: deque[str] = deque()
        self._changes: deque[_Change] = deque()
        self._running: str | None = None
        self._paused = False
        self._closing = False
        self._stop = threading.Event()
        self._store: DocsStore | None = None
        self._reader: DocsStore | None = None
        self._read_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._failed = False  # the index could not be opened
        self._watch_wanted = False
        self._watcher: FolderWatcher | None = None

    # -- starting and stopping ---------------------------------------------------------
    def start(self, catch_up: bool = True, watch: bool = False) -> None:
        """Start the worker, which opens the index (an older one is brought up to date
        there, never on the caller's thread); with ``catch_up`` it queues every collection
        of the user's (those never fully indexed first).  If the index cannot be opened,
        :attr:`problem` says why (and a :class:`DocsProblem` tells it)."""
        if self._thread is not None:
            return
        self._watch_wanted = watch
        self._thread = threading.Thread(target=self._work, args=(catch_up,), name="localdocs",
                                        daemon=True)
        self._thread.start()

    def _open(self, catch_up: bool) -> DocsStore | None:
        """The worker's connection and the readers' (None: see :attr:`problem`)."""
        store: DocsStore | None = None
        try:
            store = DocsStore(self.path)
            reader = DocsStore(self.path)
        except (DocsError, OSError, sqlite3.Error) as exc:
            if store is not None:
                store.close()
            self.problem = exc.text if isinstance(exc, UserError) else tr(
                "The LocalDocs index {path} cannot be opened: {error}", path=str(self.path),
                error=getattr(exc, "strerror", None) or str(exc))
            with self._lock:
                pending, self._failed = list(self._changes), True
                self._changes.clear()
                self._lock.notify_all()
            for change in pending:
                change.future.set_exception(DocsError(self.problem))
            self._tell(DocsProblem(None, self.problem))
            return None
        with self._read_lock:
            self._reader = reader
        if catch_up:  # (a chat's attachments are indexed when they are attached)
            found = reader.user_collections()
            with self._lock:
                for collection in sorted(found, key=lambda c: c.indexed_at is not None):
                    if collection.name not in self._queue:
                        self._queue.append(collection.name)
        with self._lock:
            self._store = store
            self._lock.notify_all()
        self.set_watching(self._watch_wanted)
        self._tell_state()
        return store

    def close(self, timeout: float = 2.0) -> bool:
        """Stop after the file being read and end the worker; True if it ended in time."""
        with self._lock:
            self._closing = True
            self._stop.set()
            pending = list(self._changes)
            self._changes.clear()
            self._lock.notify_all()
        for change in pending:
            change.future.cancel()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        ended = True
        if self._thread is not None:
            self._thread.join(timeout)
            ended = not self._thread.is_alive()
        if ended and self._reader is not None:
            with self._read_lock:
                self._reader.close()
                self._reader = None
        return ended

    # -- the queue -----------------------------------------------------------------------
    def index(self, name: str) -> None:
        """Queue the collection ``name`` (once; again if it is being indexed now)."""
        with self._lock:
            if name in self._queue or self._closing:
                return
            self._queue.append(name)
            self._lock.notify_all()
        self._tell_state()

    def index_all(self) -> None:
        """Queue every collection of the user's."""
        for collection in self._read(lambda s: s.user_collections()):
            self.index(collection.name)

    def pause(self) -> None:
        """Stop indexing after the file being read; the queue waits for :meth:`resume`."""
        with self._lock:
            self._paused = True
            self._stop.set()
        self._tell_state()

    def resume(self) -> None:
        """Go on indexing where it stopped."""
        with self._lock:
            self._paused = False
            self._lock.notify_all()
        self._tell_state()

    @property
    def paused(self) -> bool:
        return self._paused

    def state(self) -> ServiceState:
        with self._lock:
            return ServiceState(self._running, tuple(self._queue), self._paused)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until nothing is being done or waits (or everything waits, paused)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._failed or (
                self._store is not None and self._running is None and not self._changes
                and (self._paused or not self._queue)), timeout)

    # -- changes (made on the worker) ----------------------------------------------
    def add_collection(self, name: str, folders: list[str]) -> Future[Collection]:
        """A new collection (or more folders for the one called ``name``), then indexed."""
        def add(store: DocsStore) -> Collection:
            collection = store.add_collection(name, folders)
            self._requeue(collection.name)
            return collection
        return self._change(add, name)

    def add_folder(self, name: str, folder: str) -> Future[Collection]:
        """One more folder for the collection ``name``; it is indexed."""
        def add(store: DocsStore) -> Collection:
            store.require(name)
            collection = store.add_collection(name, [folder])
            self._requeue(collection.name)
            return collection
        return self._change(add, name)

    def reindex(self, name: str) -> Future[Collection]:
        """Index the collection now, and try the files that could not be read again."""
        def again(store: DocsStore) -> Collection:
            collection = store.require(name)
            failed = [path for path, _reason in store.status(collection).failed]
            if failed:
                store.forget_files(collection, failed)
            self._requeue(collection.name)
            return collection
        return self._change(again, name)

    def remove_folder(self, name: str, folder: str) -> Future[Collection]:
        """Leave ``folder`` out of the collection; its files leave the index."""
        def remove(store: DocsStore) -> Collection:
            collection = store.remove_folder(name, folder)
            self._requeue(collection.name)
            return collection
        return self._change(remove, name)

    def rename_collection(self, old: str, new: str) -> Future[Collection]:
        def rename(store: DocsStore) -> Collection:
            collection = store.rename_collection(old, new)
            with self._lock:
                self._queue = deque(collection.name if n == old else n for n in self._queue)
            return collection
        return self._change(rename, old)

    def remove_collection(self, name: str) -> Future[None]:
        """Delete the collection's index (never the user's files)."""
        def remove(store: DocsStore) -> None:
            store.remove_collection(name)
            with self._lock:
                self._queue = deque(n for n in self._queue if n != name)
        return self._change(remove, name)

    def _change(self, work: Callable[[DocsStore], Any], name: str | None) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closing or self._failed or self._thread is None:
                future.set_exception(DocsError(self.problem or tr(
                    "LocalDocs is closed.")))
                return future
            self._changes.append(_Change(work, future, name))
            if self._running is not None:
                self._stop.set()  # after the file being read; the run goes on afterwards
            self._lock.notify_all()
        return future

    def _requeue(self, name: str) -> None:
        with self._lock:
            if name not in self._queue:
                self._queue.appendleft(name)

    # -- reading (any thread) -----------------------------------------------------------
    def _read(self, work: Callable[[DocsStore], Any]) -> Any:
        with self._read_lock:
            if self._reader is None:
                return []
            return work(self._reader)

    def overview(self) -> list[CollectionOverview]:
        """The user's collections with their status and state (any thread; reads only)."""
        state = self.state()

        def read(store: DocsStore) -> list[CollectionOverview]:
            found = []
            for collection in store.user_collections():
                name = collection.name
                if name == state.running:
                    what = "paused" if state.paused else "indexing"
                elif name in state.waiting:
                    what = "paused" if state.paused else "waiting"
                else:
                    what = "indexed" if collection.indexed_at is not None else "not indexed"
                found.append(CollectionOverview(collection, store.status(collection), what))
            return found

        return list(self._read(read))

    # -- watching folders ------------------------------------------------------------
    def set_watching(self, enabled: bool) -> None:
        """Watch the user's collections' folders (and index what changes), or stop."""
        self._watch_wanted = enabled
        if not enabled or self._closing or self._reader is None:
            if self._watcher is not None:
                self._watcher.stop()
                self._watcher = None
            return
        if self._watcher is None:
            own = str(self.path)
            self._watcher = FolderWatcher(self.index, lambda p: p.startswith(own),
                                          quiet=self.quiet)
        self._refresh_watch()

    @property
    def watcher(self) -> FolderWatcher | None:
        return self._watcher

    def _refresh_watch(self) -> None:
        watcher = self._watcher
        if watcher is not None:
            watcher.watch({c.name: c.folders for c in self._read(
                lambda s: s.user_collections())})

    # -- the worker ----------------------------------------------------------------------
    def _work(self, catch_up: bool) -> None:
        store = self._open(catch_up)
        if store is None:
            return
        try:
            while True:
                with self._lock:
                    self._lock.wait_for(lambda: self._closing or bool(self._changes) or (
                        not self._paused and bool(self._queue)))
                    if self._closing:
                        return
                    change = self._changes.popleft() if self._changes else None
                    name = None if change is not None else self._queue.popleft()
                    if name is not None:
                        self._running = name
                        self._stop.clear()
                if change is not None:
                    self._make(store, change)
                elif name is not None:
                    self._tell_state()
                    try:
                        self._index(store, name)
                    finally:
                        with self._lock:
                            self._running = None
                            self._lock.notify_all()
                    self._tell_state()
        finally:
            store.close()
            with self._lock:
                self._running = None
                self._lock.notify_all()

    def _make(self, store: DocsStore, change: _Change) -> None:
        if not change.future.set_running_or_notify_cancel():
            return
        try:
            result = change.work(store)
        except Exception as exc:
            if isinstance(exc, UserError):
                text = exc.text
            else:
                log.exception("a LocalDocs change failed")
                text = tr("LocalDocs could not make that change: {error}",
                          error=f"{type(exc).__name__}: {exc}")
            change.future.set_exception(exc)
            self._tell(DocsProblem(change.collection, text))
        else:
            change.future.set_result(result)
            self._tell(CollectionsChanged(tuple(c.name for c in store.collections())))
            self._refresh_watch()
        with self._lock:
            self._lock.notify_all()
        self._tell_state()

    def _index(self, store: DocsStore, name: str) -> None:
        collection = store.collection(name)
        if collection is None:
            return  # removed or renamed since it was queued
        report = IndexReport()
        try:
            indexer = Indexer(store, self._progress("keywords"), self._stop, self.seconds)
            report = indexer.index(collection)
            stopped = report.stopped
            if not stopped and self.after_index is not None and not self._stop.is_set():
                self.after_index(store, collection, self._stop, self._progress("meaning"))
                stopped = self._stop.is_set()
            report.stopped = stopped
        except Exception as exc:
            log.exception("indexing %s failed", name)
            self._tell(DocsProblem(name, tr(
                "Indexing “{name}” stopped: {error}", name=name,
                error=exc.text if isinstance(exc, UserError) else f"{type(exc).__name__}: "
                f"{exc}")))
            return
        if report.stopped and not report.removed_collection:
            with self._lock:
                if not self._closing:
                    self._requeue(name)  # it goes on after the change, or on Resume
        self._tell(IndexingFinished(name, report))

    def _progress(self, stage: str) -> Callable[[IndexProgress], None]:
        def tell(progress: IndexProgress) -> None:
            self._tell(IndexingProgress(
                progress.collection, stage, progress.files_done, progress.files_total,
                progress.bytes_done, progress.bytes_total, progress.megabytes_per_second,
                progress.seconds_left, progress.current))
        return tell

    # -- telling -----------------------------------------------------------------------
    def _tell_state(self) -> None:
        self._tell(self.state())

    def _tell(self, event: DocsEvent) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:  # a listener's bug never stops indexing
            log.exception("a LocalDocs listener failed on %r", event)
