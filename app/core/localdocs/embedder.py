"""An embedding model on a thread of its own: :class:`Embedder`.

LocalDocs' vector search turns chunks and questions into vectors with an embedding GGUF
(a BERT-like model; the catalog offers nomic-embed-text-v1.5) run by llama-cpp-python with
``embedding=True``.  The model lives on one thread for its whole life, as the chat model
does on its own; callers on any thread hand it work and wait for the vectors, so the
indexer (embedding chunks in the background) and a chat's search (embedding a question)
share one model without ever running it at once.

Models trained with task prefixes are given them (:func:`prefixes_for`): nomic's
``search_document:`` / ``search_query:``, Qwen3-Embedding's query instruction.  Vectors
come back unit-length, so a dot product is their cosine similarity.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core import llama_quiet
from app.core.hardware import physical_cores
from app.core.texts import UserError, tr

log = logging.getLogger(__name__)

BATCH_TOKENS = 2048  # one llama.cpp batch: several chunks side by side


class EmbedError(UserError):
    """The embedding model cannot be loaded or run."""


@dataclass(frozen=True)
class EmbeddingModel:
    """An embedding GGUF and how it is used.

    ``key`` names the vectors it makes (vectors of another model are never compared with
    them): the catalog id, or the file name.
    """

    key: str
    path: Path
    document_prefix: str = ""
    query_prefix: str = ""
    pooling: int | None = None  # llama.cpp's pooling type; None: the model's own

    @classmethod
    def for_file(cls, path: Path, key: str | None = None) -> EmbeddingModel:
        document, question = prefixes_for(path.name)
        return cls(key or path.name, path, document, question)


def prefixes_for(file_name: str) -> tuple[str, str]:
    """The (document, query) prefixes a model was trained with, known by its file name."""
    name = file_name.lower()
    if "nomic-embed" in name:
        return "search_document: ", "search_query: "
    if "qwen3-embedding" in name:
        return "", ("Instruct: Given a question, retrieve passages of the user's documents "
                    "that answer it\nQuery: ")
    if name.startswith(("e5-", "multilingual-e5")):
        return "passage: ", "query: "
    return "", ""


def _trained_context(path: Path) -> int | None:
    """The positions the model was trained with, from its GGUF header (None: unknown)."""
    from app.core.gguf_header import read_gguf_header

    try:
        return read_gguf_header(path).context_length
    except Exception:  # (llama.cpp will say what is wrong with the file)
        return None


class Embedder:
    """Embeds texts with one :class:`EmbeddingModel`, on its own thread (any thread may call).

    The model is loaded by the first call (:class:`EmbedError` if it cannot be).
    ``close`` ends the thread after the work in hand.
    """

    def __init__(self, model: EmbeddingModel, threads: int | None = None) -> None:
        self.model = model
        self._threads = threads
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]] | None] = queue.Queue()
        self._llama: Any = None
        self._limit = BATCH_TOKENS
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="fireside-embedder",
                                        daemon=True)
        self._thread.start()

    @property
    def key(self) -> str:
        return self.model.key

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text (a row each), as a document to be found."""
        prefix = self.model.document_prefix
        return self._call(lambda: self._embed([prefix + t for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        """The unit vector of a question."""
        prefix = self.model.query_prefix
        return self._call(lambda: self._embed([prefix + text]))[0]

    def dimensions(self) -> int:
        return int(self._call(lambda: self._load().n_embd()))

    def close(self, wait: float = 0.0) -> None:
        """End the thread after the work in hand (waiting up to ``wait`` seconds for it)."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
        if wait > 0:
            self._thread.join(wait)

    # -- on the embedder's thread -------------------------------------------------
    def _call(self, work: Callable[[], Any]) -> Any:
        if self._closed:
            raise EmbedError(tr("The embedding model was closed."))
        future: Future[Any] = Future()
        self._jobs.put((work, future))
        return future.result()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                break
            work, future = job
            try:
                future.set_result(work())
            except BaseException as exc:
                future.set_exception(exc)
        self._llama = None  # freed on this thread
        while not self._jobs.empty():  # work that came after close
            job = self._jobs.get_nowait()
            if job is not None:
                job[1].set_exception(EmbedError(tr("The embedding model was closed.")))

    def _load(self) -> Any:
        if self._llama is None:
            import llama_cpp

            llama_quiet.install()  # the chat model may be loading on another thread
            try:
                trained = _trained_context(self.model.path)  # (from the file's header)
                window = min(BATCH_TOKENS, trained) if trained else BATCH_TOKENS
                self._llama = llama_cpp.Llama(
                    str(self.model.path), embedding=True, n_ctx=window, n_batch=window,
                    n_ubatch=window, n_threads=self._threads or physical_cores(),
                    verbose=False,
                    pooling_type=(llama_cpp.LLAMA_POOLING_TYPE_UNSPECIFIED
                                  if self.model.pooling is None else self.model.pooling))
            except (ValueError, RuntimeError, OSError) as exc:
                raise EmbedError(tr("The embedding model {file} could not be loaded: {error}",
                                    file=self.model.path.name, error=str(exc))) from exc
            # A text may hold no more tokens than the model has positions (BERT-like
            # models: often 512; more makes llama.cpp abort the process) nor the batch.
            self._limit = window - 2
        return self._llama

    def _embed(self, texts: list[str]) -> np.ndarray:
        llama = self._load()
        limit = self._limit
        fitted = []
        for text in texts:  # each text must fit one batch (llama.cpp would refuse it)
            tokens = llama.tokenize(text.encode("utf-8"), add_bos=True, special=False)
            while len(tokens) > limit:  # (detokenized text may tokenize a little longer)
                text = llama.detokenize(tokens[1:limit - (len(tokens) - limit) // 8 - 1]
                                        ).decode("utf-8", "ignore")
                tokens = llama.tokenize(text.encode("utf-8"), add_bos=True, special=False)
            fitted.append(text)
        try:
            vectors = np.asarray(llama.embed(fitted, normalize=True), dtype=np.float32)
        except (ValueError, RuntimeError) as exc:
            raise EmbedError(tr("The embedding model failed: {error}", error=str(exc))) from exc
        if vectors.ndim != 2:  # a model without pooling: one vector per token
            raise EmbedError(tr("{file} is not a sentence-embedding model (it has no "
                                "pooling).", file=self.model.path.name))
        return vectors
