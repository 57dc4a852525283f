"""The window's LocalDocs indexing: :class:`DocsHost`, a thin Qt adapter over the Qt-free
:class:`~app.core.localdocs.service.DocsService`.

The service works on a thread of its own and reports from it; the host hands each report
to the GUI thread as a signal (a queued connection).  Progress comes after every file —
thousands a second for small files — so it is not signalled as it comes: the newest is
kept and sent by a timer a few times a second while a collection is indexed.

The service starts with the window when there is an index already (so indexing that was
stopped — by quitting, or by ``kill -9`` — goes on at once), else the first time it is
needed (:meth:`DocsHost.started`).  Reading the collections' overview for a view runs off
the GUI thread too (:meth:`DocsHost.refresh`).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.context import AppContext
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.embedder import EmbeddingModel
from app.core.localdocs.embedding_setup import (
    chosen_embedding_model,
    close_embedders,
    embedding_pass,
)
from app.core.localdocs.pdf_child import close_reader
from app.core.localdocs.service import (
    AfterIndex,
    CollectionOverview,
    CollectionsChanged,
    DocsEvent,
    DocsProblem,
    DocsService,
    IndexingFinished,
    IndexingProgress,
    ServiceState,
)
from app.core.texts import Text
from app.ui.background import Background

log = logging.getLogger(__name__)
PROGRESS_MS = 250


class DocsHost(QObject):
    """Owns the window's :class:`DocsService` and speaks for it in signals.

    Signals (all on the GUI thread):
        sig_progress(object): the newest :class:`IndexingProgress`, at most every
            :data:`PROGRESS_MS` ms while a collection is indexed.
        sig_finished(object): an :class:`IndexingFinished` (a run ended or was stopped).
        sig_renamed(str, str): a collection was renamed (old, new) by :meth:`rename`.
        sig_changed(): collections were added, renamed or removed, their folders changed,
            or a run ended (their counts changed): views read them again.
        sig_state(object): a :class:`ServiceState` (indexing, waiting, paused).
        sig_problem(object): a :class:`DocsProblem` (its ``text`` is for the user).
        sig_overview(object): the list of :class:`CollectionOverview` that
            :meth:`refresh` read.
    """

    sig_progress = Signal(object)
    sig_finished = Signal(object)
    sig_changed = Signal()
    sig_renamed = Signal(str, str)
    sig_state = Signal(object)
    sig_problem = Signal(object)
    sig_overview = Signal(object)
    _event = Signal(object)
    _renamed = Signal(str, str)  # (from the worker: queued to the GUI thread)

    def __init__(self, context: AppContext, parent: QObject | None = None, *,
                 start: bool | None = None, after_index: AfterIndex | None = None) -> None:
        """``start``: True starts the service now, False when first needed, None (the
        default) now if there is an index already."""
        super().__init__(parent)
        self.ctx = context
        self.after_index = after_index or embedding_pass(self.embedding_model)
        chosen = self.embedding_model()
        self._embedding_key = chosen.key if chosen is not None else None  # (at start the
        # service's catch-up embeds what is missing)
        self.state = ServiceState(None, (), False)
        self.progress: IndexingProgress | None = None  # of the run going on, if any
        self.overview: list[CollectionOverview] = []  # as last read
        self._service: DocsService | None = None
        self._closed = False
        self._latest: IndexingProgress | None = None
        self._latest_lock = threading.Lock()
        self._reading = False
        self._read_again = False
        self._background = Background(self)
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._flush_progress)
        self._event.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._renamed.connect(self.sig_renamed, Qt.ConnectionType.QueuedConnection)
        if start or (start is None and context.paths.localdocs.exists()):
            self.started()

    # -- the service ---------------------------------------------------------------------
    def started(self) -> DocsService:
        """The service, started now if it was not yet."""
        if self._service is None:
            self._service = DocsService(self.ctx.paths.localdocs, self._from_worker,
                                        after_index=self.after_index)
            self._service.start(catch_up=True, watch=self.ctx.settings.localdocs.watch_folders
                                and not self._closed)
        return self._service

    @property
    def problem(self) -> Text | None:
        """Why the index cannot be used (damaged, or written by a newer Fireside)."""
        return self._service.problem if self._service is not None else None

    def apply_settings(self, settings: LocalDocsSettings) -> None:
        """Follow the settings: watch the folders or not, and which embedding model."""
        if self._service is not None and not self._closed:
            self._service.set_watching(settings.watch_folders)
        self.follow_embedding_model()

    def follow_embedding_model(self) -> None:
        """When an embedding model becomes usable (downloaded, or chosen in the settings),
        queue the collections: their chunks are embedded after the (quick) keyword pass."""
        model = self.embedding_model()
        key = model.key if model is not None else None
        if key == self._embedding_key:
            return
        self._embedding_key = key
        if key is not None and not self._closed and self.ctx.paths.localdocs.exists():
            self.started().index_all()

    def refresh(self) -> None:
        """Read the collections' overview off the GUI thread; ``sig_overview`` gets it."""
        if self._closed:
            return
        if self._reading:
            self._read_again = True
            return
        if self._service is None and not self.ctx.paths.localdocs.exists():
            self.overview = []  # nothing indexed yet: no index is made for nothing
            self.sig_overview.emit([])
            return
        self._reading = True
        service = self.started()
        self._background.run(service.overview, self._overview_read)

    def _overview_read(self, result: list[CollectionOverview] | Exception) -> None:
        self._reading = False
        if isinstance(result, Exception):
            log.warning("could not read the LocalDocs collections: %s", result)
            self.sig_problem.emit(DocsProblem(None, Text.plain(str(result))))
        elif not self._closed:
            self.overview = result
            self.sig_overview.emit(result)
        if self._read_again:
            self._read_again = False
            self.refresh()

    # -- from the worker's thread -------------------------------------------------------
    def _from_worker(self, event: DocsEvent) -> None:
        if isinstance(event, IndexingProgress):
            with self._latest_lock:
                self._latest = event  # the timer sends the newest
            return
        try:
            self._event.emit(event)
        except RuntimeError:  # the host is gone (the window closed): nobody listens
            log.debug("LocalDocs report dropped: %r", event)

    # -- on the GUI thread ---------------------------------------------------------------
    def _deliver(self, event: DocsEvent) -> None:
        if self._closed:
            return
        if isinstance(event, ServiceState):
            self.state = event
            if event.running is not None and not self._timer.isActive():
                self._timer.start()
            elif event.running is None:
                self._timer.stop()
                self._flush_progress()
                self.progress = None
            self.sig_state.emit(event)
        elif isinstance(event, IndexingFinished):
            with self._latest_lock:
                self._latest = None
            self.sig_finished.emit(event)
            self.sig_changed.emit()
        elif isinstance(event, CollectionsChanged):
            self.sig_changed.emit()
        elif isinstance(event, DocsProblem):
            self.sig_problem.emit(event)

    def _flush_progress(self) -> None:
        with self._latest_lock:
            latest, self._latest = self._latest, None
        if latest is not None:
            self.progress = latest
            self.sig_progress.emit(latest)

    # -- the end ---------------------------------------------------------------------
    def rename(self, old: str, new: str) -> None:
        """Rename a collection (on the worker); ``sig_renamed`` when it is done, so the
        chats that use it follow."""
        future = self.started().rename_collection(old, new)
        future.add_done_callback(lambda done: None if done.exception() else
                                 self._renamed.emit(old, done.result().name))

    def embedding_model(self) -> EmbeddingModel | None:
        """The embedding model chosen in the settings, if it is installed (None: keyword
        search only)."""
        return chosen_embedding_model(self.ctx.settings.localdocs, self.ctx.embedding_models)

    def shutdown(self, timeout: float = 1.5) -> None:
        """Stop indexing after the file being read (it goes on at the next start)."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        if self._service is not None:
            if not self._service.close(timeout):
                log.info("LocalDocs indexing still reading a file at exit; it goes on next "
                         "time")
        close_embedders(wait=1.0)  # after the batch in hand (it is kept)
        close_reader()  # a PDF being read is read again next time
        self.blockSignals(True)
