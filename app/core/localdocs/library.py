"""The collections a chat draws on, searched for one question: :class:`DocsLibrary`.

Used by ``fireside chat --docs`` and by the window (on a thread of its own, never the
GUI's).  A library keeps one :class:`~app.core.localdocs.store.DocsStore`, opened on
first use by the thread that searches: one library per thread (SQLite's WAL lets it read
while the indexer writes).  Besides the collections it is given, it searches the chat's
own collection of attached files (:data:`~app.core.localdocs.store.ATTACHMENTS_PREFIX`
and the chat's id) when there is one.

A collection renamed or removed after a chat chose it does not stop the answer: it is
left out and named in :attr:`Found.missing`, for the front end to say so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.localdocs.attachment_record import collection_for
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.retrieval import Source, retrieve
from app.core.localdocs.store import DocsError, DocsStore
from app.core.localdocs.vectors import TextEmbedder
from app.core.texts import Text, tr

# The context assumed when the model does not say (a provider's model).
DEFAULT_CONTEXT = 4096


@dataclass(frozen=True)
class Found:
    """What a search found.

    Attributes:
        sources: the excerpts for the prompt, numbered as the answer cites them.
        missing: chosen collections that no longer exist (renamed or removed).
    """

    sources: list[Source] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def notices(self) -> list[Text]:
        """What the user is told about the collections that were left out (one each)."""
        return [tr("LocalDocs: the collection “{name}” no longer exists (renamed or removed), "
                   "so this answer was written without it.", name=name)
                for name in self.missing]


class DocsLibrary:
    """Searches LocalDocs collections for a chat's questions (one thread at a time).

    Attributes:
        path: the LocalDocs index.
        settings: how many excerpts, and what share of the context they may take.
        names: the collections searched when :meth:`search` is given none.
        embedder: for vector search, merged with keyword search (None: keywords only).
    """

    def __init__(self, path: Path, settings: LocalDocsSettings | None = None,
                 names: Sequence[str] = (), embedder: TextEmbedder | None = None) -> None:
        self.path = path
        self.settings = settings or LocalDocsSettings()
        self.names = list(names)
        self.embedder = embedder
        self._store: DocsStore | None = None

    @property
    def store(self) -> DocsStore:
        """The index, opened on first use (raises DocsError if it is damaged)."""
        if self._store is None:
            self._store = DocsStore(self.path)
        return self._store

    def missing(self, names: Sequence[str]) -> list[str]:
        """Those of ``names`` that are not collections (raises DocsError: a damaged index)."""
        if not names:
            return []
        try:
            return [name for name in names if self.store.collection(name) is None]
        except sqlite3.Error as exc:
            raise _unsearchable(exc) from None

    def search(self, question: str, *, names: Sequence[str] | None = None,
               n_ctx: int | None = None, conversation_id: str | None = None) -> Found:
        """The best excerpts for ``question`` from ``names`` (default: :attr:`names`) and
        the chat's attached files, within the share of ``n_ctx`` the settings allow.

        Raises DocsError if the index cannot be read (damaged, written by a newer
        version); a collection that went is left out, never an error.
        """
        chosen = list(self.names if names is None else names)
        extra = collection_for(conversation_id) if conversation_id else None
        if not chosen and (extra is None or not self.path.exists()):
            return Found()  # nothing to search (and no index file made for nothing)
        try:
            for attempt in range(3):  # a collection removed while searching: look again
                missing = [name for name in chosen if self.store.collection(name) is None]
                present = [name for name in chosen if name not in missing]
                if extra is not None and extra not in present and \
                        self.store.collection(extra) is not None:
                    present.append(extra)
                if not present:
                    return Found([], missing)
                try:
                    return Found(self._retrieve(present, question, n_ctx), missing)
                except DocsError:
                    if attempt == 2:
                        raise
        except sqlite3.Error as exc:
            raise _unsearchable(exc) from None
        return Found()  # (not reached)

    def _retrieve(self, names: list[str], question: str, n_ctx: int | None) -> list[Source]:
        budget = self.settings.token_budget(n_ctx or DEFAULT_CONTEXT)
        return retrieve(self.store, names, question, limit=self.settings.sources,
                        token_budget=budget, embedder=self.embedder)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _unsearchable(exc: sqlite3.Error) -> DocsError:
    return DocsError(tr("The LocalDocs index could not be searched ({error}).", error=str(exc)))
