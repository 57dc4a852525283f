"""Which embedding model LocalDocs uses on this computer: :func:`chosen_embedding_model`,
:func:`shared_embedder`.

The setting ``localdocs.embedding_model`` names it (the catalog's nomic-embed-text-v1.5
by default); it is used once installed (downloaded from the catalog, or a GGUF of one's
own whose id or file name is set there).  One :class:`Embedder` per model serves the
whole process — the indexer and the chats' searches share its thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from app.core.installed import InstalledModel
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.embedder import Embedder, EmbeddingModel
from app.core.localdocs.indexer import IndexProgress
from app.core.localdocs.store import Collection, DocsStore
from app.core.localdocs.vectors import embed_pending

_LOCK = threading.Lock()
_SHARED: dict[str, Embedder] = {}


def chosen_embedding_model(settings: LocalDocsSettings,
                           installed: Sequence[InstalledModel]) -> EmbeddingModel | None:
    """The embedding model to use, if the one chosen is installed (None: keyword only)."""
    wanted = settings.embedding_model
    if not wanted:
        return None
    for model in installed:
        if wanted in (model.id, model.path.name, str(model.path)):
            return EmbeddingModel.for_file(model.path, key=model.id)
    return None


def shared_embedder(model: EmbeddingModel) -> Embedder:
    """The process's embedder for ``model`` (started on first use)."""
    with _LOCK:
        found = _SHARED.get(model.key)
        if found is None or found.model != model:
            if found is not None:
                found.close()
            found = _SHARED[model.key] = Embedder(model)
        return found


def embedding_pass(model: Callable[[], EmbeddingModel | None]) -> Callable[
        [DocsStore, Collection, threading.Event, Callable[[IndexProgress], None]], None]:
    """The indexing service's pass after each keyword run: embed the collection's new
    chunks with the model ``model()`` names then (none: keyword search only).  Progress
    counts chunks (as files and as "bytes", so the rate and time left are chunks')."""
    def run(store: DocsStore, collection: Collection, stop: threading.Event,
            on_progress: Callable[[IndexProgress], None]) -> None:
        chosen = model()
        if chosen is None:
            return
        progress = IndexProgress(collection.name)
        base: list[int] = []  # chunks embedded before this run (the rate counts the rest)

        def tell(done: int, total: int) -> None:
            if not base:
                base.append(done)
                progress.started = time.monotonic()
            progress.files_done, progress.files_total = done, total
            progress.bytes_done, progress.bytes_total = done - base[0], total - base[0]
            on_progress(progress)

        embed_pending(store, shared_embedder(chosen), collection, stop, tell)
    return run


def close_embedders(wait: float = 10.0) -> None:
    """End every shared embedder's thread (at quit), waiting up to ``wait`` seconds
    for the work in hand."""
    with _LOCK:
        for embedder in _SHARED.values():
            embedder.close(wait=wait)
        _SHARED.clear()
