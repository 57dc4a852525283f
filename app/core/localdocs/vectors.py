"""Chunks' embeddings, kept in the LocalDocs file and searched in memory: :func:`embed_pending`,
:class:`VectorIndex`.

Vectors are stored beside their chunks (table ``vectors``, one row per chunk and
embedding model) as int8 with a scale — a quarter of float32's size, and the ranking they
give is the same for all practical purposes (cosine of unit vectors, error below 1 %).  A
chunk that changes gets a new id, and its old vector goes with the old chunk (a foreign
key), so only new chunks are embedded; the work is done in small transactions, so it can
stop anywhere (Pause, quitting, ``kill -9``) and go on later.

:class:`VectorIndex` holds one model's vectors of a LocalDocs file as one int8 matrix
and finds the nearest chunks by a dot product scanned with numpy: at 100,000 chunks of
768 dimensions that is 77 MB and about 10 ms (see ``bench/bench_localdocs_vectors.py``
for the comparison with float32 and with the ``sqlite-vec`` extension).  It reloads itself
when the vectors change (a counter kept by triggers).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from threadpoolctl import ThreadpoolController

from app.core.localdocs.store import Collection, DocsStore
from app.core.sqlite_transaction import Transaction

EMBED_BATCH = 16  # chunks per call and per transaction
# While vectors keep changing (a collection being embedded), a big index is reloaded at
# most this often: a load of 100,000 vectors takes ~0.4 s, a search ~15 ms.
RELOAD_SECONDS = 10.0
RELOAD_THROTTLED_FROM = 20_000
_BLOCK = 4096  # rows converted to float32 at once while scanning (fits the cache)
# The scan is bound by memory, not arithmetic: one BLAS thread does it as fast, and
# BLAS's threads would otherwise spin after it, taking the cores the embedding model
# needs for the next question (measured: 120 ms a query instead of 42 on 2 cores).
_BLAS = ThreadpoolController()


class TextEmbedder(Protocol):
    """What the index needs of an embedder (:class:`app.core.localdocs.embedder.Embedder`)."""

    @property
    def key(self) -> str: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of float vectors as int8 rows and the scale of each (row ≈ int8 × scale)."""
    peak = np.abs(vectors).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    return np.round(vectors / scale[:, None]).astype(np.int8), scale


def document_text(heading: str, text: str) -> str:
    """What is embedded for a chunk: its heading path, then its text."""
    return f"{heading}\n\n{text}" if heading else text


def vector_counts(store: DocsStore, collection: Collection, model_key: str) -> tuple[int, int]:
    """(chunks with a vector of ``model_key``, all chunks) of a collection."""
    row = store.connection.execute(
        "SELECT count(v.chunk_id), count(*) FROM chunks c JOIN files f ON f.id = c.file_id "
        "LEFT JOIN vectors v ON v.chunk_id = c.id AND v.model = ? WHERE f.collection_id = ?",
        (model_key, collection.id)).fetchone()
    return int(row[0]), int(row[1])


def embed_pending(store: DocsStore, embedder: TextEmbedder, collection: Collection,
                  stop: threading.Event | None = None,
                  on_progress: Callable[[int, int], None] | None = None) -> int:
    """Embed the collection's chunks that have no vector of this model yet; how many were.

    ``on_progress(done, total)`` is told after each batch; ``stop`` ends the work after
    the batch in hand (what was embedded is kept).
    """
    db = store.connection
    key = embedder.key
    done, total = vector_counts(store, collection, key)
    if on_progress is not None:
        on_progress(done, total)
    embedded = 0
    while stop is None or not stop.is_set():
        rows = db.execute(
            "SELECT c.id, c.heading, c.text FROM chunks c JOIN files f ON f.id = c.file_id "
            "LEFT JOIN vectors v ON v.chunk_id = c.id AND v.model = ? "
            "WHERE f.collection_id = ? AND v.chunk_id IS NULL ORDER BY c.id LIMIT ?",
            (key, collection.id, EMBED_BATCH)).fetchall()
        if not rows:
            break
        vectors = embedder.embed_documents([document_text(r[1], r[2]) for r in rows])
        values, scales = quantize(vectors)
        with Transaction(db):
            # A chunk that changed meanwhile (its file was indexed again by another
            # process; ids are reused) is skipped: only the text that was embedded gets
            # the vector, and the new text is embedded on the next pass.
            db.executemany(
                "INSERT OR REPLACE INTO vectors (chunk_id, model, scale, vector) "
                "SELECT id, ?, ?, ? FROM chunks WHERE id = ? AND text = ? AND heading = ?",
                [(key, float(scale), value.tobytes(), int(row[0]), row[2], row[1])
                 for row, value, scale in zip(rows, values, scales, strict=True)])
        embedded += len(rows)
        done += len(rows)
        if on_progress is not None:
            on_progress(done, max(total, done))
    return embedded


class VectorIndex:
    """One embedding model's vectors of one LocalDocs file, in memory, for nearest-chunk
    search.  Used from the thread that uses its store."""

    def __init__(self, store: DocsStore, model_key: str) -> None:
        self.store = store
        self.model_key = model_key
        self._version: int | None = None
        self._loaded = 0.0
        self._ids = np.empty(0, np.int64)
        self._collections = np.empty(0, np.int64)
        self._scales = np.empty(0, np.float32)
        self._matrix = np.empty((0, 0), np.int8)

    @property
    def size(self) -> int:
        return int(self._ids.size)

    @property
    def memory_bytes(self) -> int:
        return int(self._ids.nbytes + self._collections.nbytes + self._scales.nbytes
                   + self._matrix.nbytes)

    def refresh(self) -> None:
        """Reload the vectors if any were added or removed since the last load (for a
        big index, at most every :data:`RELOAD_SECONDS`)."""
        version = int(self.store.connection.execute(
            "SELECT value FROM meta WHERE key = 'vectors'").fetchone()[0])
        if version == self._version or (
                self.size >= RELOAD_THROTTLED_FROM
                and time.monotonic() - self._loaded < RELOAD_SECONDS):
            return
        rows = self.store.connection.execute(
            "SELECT v.chunk_id, f.collection_id, v.scale, v.vector FROM vectors v "
            "JOIN chunks c ON c.id = v.chunk_id JOIN files f ON f.id = c.file_id "
            "WHERE v.model = ? ORDER BY v.chunk_id", (self.model_key,)).fetchall()
        width = len(rows[0][3]) if rows else 0
        rows = [r for r in rows if len(r[3]) == width]
        self._ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        self._collections = np.fromiter((r[1] for r in rows), np.int64, len(rows))
        self._scales = np.fromiter((r[2] for r in rows), np.float32, len(rows))
        self._matrix = np.frombuffer(b"".join(r[3] for r in rows), np.int8).reshape(
            len(rows), width)
        self._version = version
        self._loaded = time.monotonic()

    def search(self, collections: Sequence[Collection], query: np.ndarray,
               limit: int = 10) -> list[tuple[int, float]]:
        """The ``limit`` chunks of ``collections`` nearest ``query`` (chunk id, cosine)."""
        self.refresh()
        if not self.size or not collections or query.shape[-1] != self._matrix.shape[1]:
            return []
        query = query.astype(np.float32)
        scores = np.empty(self.size, np.float32)
        with _BLAS.limit(limits=1, user_api="blas"):
            for start in range(0, self.size, _BLOCK):
                block = self._matrix[start:start + _BLOCK]
                scores[start:start + _BLOCK] = block.astype(np.float32) @ query
        scores *= self._scales
        wanted = np.isin(self._collections, [c.id for c in collections])
        scores[~wanted] = -np.inf
        count = min(limit, int(wanted.sum()))
        if count <= 0:
            return []
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best])]
        return [(int(self._ids[i]), float(scores[i])) for i in best]


_INDEXES: weakref.WeakKeyDictionary[DocsStore, dict[str, VectorIndex]] = (
    weakref.WeakKeyDictionary())


def vector_index(store: DocsStore, model_key: str) -> VectorIndex:
    """The in-memory index of ``store``'s vectors of ``model_key`` (made once per store)."""
    by_model = _INDEXES.setdefault(store, {})
    if model_key not in by_model:
        by_model.clear()  # another model's vectors are of no more use
        by_model[model_key] = VectorIndex(store, model_key)
    return by_model[model_key]
