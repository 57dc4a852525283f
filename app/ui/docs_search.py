"""LocalDocs searches for the window, on a thread of their own: :class:`DocsSearchHost`.

Before a reply that draws on LocalDocs, the question is searched here — never on the GUI
thread, and not on the model thread either, so a search neither waits behind the model
nor holds it up.  The thread keeps one :class:`~app.core.localdocs.library.DocsLibrary`
(one SQLite connection, opened on its first search, closed when the thread ends).
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.embedder import EmbeddingModel
from app.core.localdocs.embedding_setup import shared_embedder
from app.core.localdocs.library import DocsLibrary
from app.core.texts import UserError
from app.ui.i18n import say

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchRequest:
    """One question to search for, and where."""

    search_id: int
    question: str
    names: tuple[str, ...]
    conversation_id: str | None
    n_ctx: int | None
    settings: LocalDocsSettings
    embedding: EmbeddingModel | None  # for vector search (None: keywords only)


class DocsSearchWorker(QObject):
    """Lives on the search thread; owns that thread's library.

    Signals:
        sig_found(int, object): search id and the :class:`~app.core.localdocs.library.Found`.
        sig_failed(int, str): search id and why the documents could not be searched.
    """

    sig_found = Signal(int, object)
    sig_failed = Signal(int, str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.library = DocsLibrary(path)

    @Slot(object)
    def search(self, request: SearchRequest) -> None:
        self.library.settings = request.settings
        self.library.embedder = (shared_embedder(request.embedding)
                                 if request.embedding is not None else None)
        try:
            found = self.library.search(request.question, names=request.names,
                                        n_ctx=request.n_ctx,
                                        conversation_id=request.conversation_id)
        except (UserError, sqlite3.Error) as exc:  # a damaged index: the answer goes on
            self.library.close()  # (opened afresh next time: it may be mended by then)
            self.sig_failed.emit(request.search_id, say(exc))
            return
        except Exception as exc:  # never let a surprise kill the thread
            log.exception("LocalDocs search failed")
            self.library.close()
            self.sig_failed.emit(request.search_id, str(exc))
            return
        self.sig_found.emit(request.search_id, found)

    @Slot()
    def close(self) -> None:
        self.library.close()


class DocsSearchHost(QObject):
    """GUI-side handle on the search thread.

    Signals (delivered on the GUI thread):
        sig_found(int, object), sig_failed(int, str): forwarded from
        :class:`DocsSearchWorker`.
    """

    sig_found = Signal(int, object)
    sig_failed = Signal(int, str)
    _request = Signal(object)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._thread = QThread()
        self._thread.setObjectName("fireside-localdocs-search")
        self.worker = DocsSearchWorker(path)
        self.worker.moveToThread(self._thread)
        self._request.connect(self.worker.search, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self.worker.close, Qt.ConnectionType.DirectConnection)
        self.worker.sig_found.connect(self.sig_found)
        self.worker.sig_failed.connect(self.sig_failed)
        self._thread.start()

    def search(self, question: str, names: list[str], conversation_id: str | None,
               n_ctx: int | None, settings: LocalDocsSettings,
               embedding: EmbeddingModel | None = None) -> int:
        """Queue a search; its answer comes back with the id returned."""
        request = SearchRequest(next(self._ids), question, tuple(names), conversation_id,
                                n_ctx, settings.model_copy(), embedding)
        self._request.emit(request)
        return request.search_id

    def shutdown(self) -> None:
        """Let the search under way end, close the library on its thread, join it."""
        self.blockSignals(True)
        self._thread.quit()
        self._thread.wait()
