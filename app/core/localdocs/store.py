"""Collections, their files and chunks in one SQLite file: :class:`DocsStore`.

``localdocs.sqlite3`` beside the chats (0600, WAL).  A collection is a name, its folders
and its chunking; a file row remembers the size and modification time it was indexed at
(so only a changed file is read again), whether it could be read (and why not), and
its pages' text (so new chunking settings re-chunk without reading the files again).
Chunks are searched by keyword through an FTS5 index kept in step by triggers.

A file is written in one transaction (its pages, its chunks, its row), so indexing that
is killed leaves every file either whole or not there: running it again goes on where
it stopped, and nothing is indexed twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.localdocs.chunking import DEFAULT_OVERLAP, DEFAULT_TARGET, Chunk
from app.core.localdocs.extract import Page
from app.core.localdocs.fts_text import fts_query, index_words, snippet
from app.core.private_files import touch_private
from app.core.sqlite_transaction import Transaction
from app.core.texts import UserError, tr

SCHEMA_VERSION = 2
MAX_NAME = 64
# Collections made for the files attached to one chat ("attachments:" + the chat's id) are
# the chat's own: they are not listed with the user's collections.
ATTACHMENTS_PREFIX = "attachments:"
_SCHEMA = """
CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    folders TEXT NOT NULL,
    chunk_tokens INTEGER NOT NULL,
    overlap_tokens INTEGER NOT NULL,
    created REAL NOT NULL,
    indexed_at REAL
);
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    chunk_tokens INTEGER,
    overlap_tokens INTEGER,
    indexed_at REAL NOT NULL,
    UNIQUE (collection_id, path)
);
CREATE TABLE pages (
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    number INTEGER,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX pages_file ON pages(file_id);
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    page INTEGER,
    heading TEXT NOT NULL,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX chunks_file ON chunks(file_id);
CREATE VIRTUAL TABLE chunks_fts USING fts5(
    text, heading, content='chunks', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading);
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text, heading)
    VALUES ('delete', old.id, old.text, old.heading);
END;
"""

# Version 2: CJK characters indexed one by one (fts_words, a function every connection
# registers), so Chinese and Japanese words are found; and the chunks' embeddings (int8,
# with their scale) for vector search, under the embedding model that made them, with a
# counter that changes whenever any is added or removed (an open index reloads then).
_SCHEMA_V2 = """
DROP TRIGGER chunks_ai;
DROP TRIGGER chunks_ad;
INSERT INTO chunks_fts(chunks_fts) VALUES ('delete-all');
INSERT INTO chunks_fts(rowid, text, heading)
    SELECT id, fts_words(text), fts_words(heading) FROM chunks;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text, heading)
    VALUES (new.id, fts_words(new.text), fts_words(new.heading));
END;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text, heading)
    VALUES ('delete', old.id, fts_words(old.text), fts_words(old.heading));
END;
CREATE TABLE vectors (
    chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    scale REAL NOT NULL,
    vector BLOB NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('vectors', 0);
CREATE TRIGGER vectors_ai AFTER INSERT ON vectors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'vectors';
END;
CREATE TRIGGER vectors_ad AFTER DELETE ON vectors BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'vectors';
END;
"""
_MIGRATIONS = [_SCHEMA, _SCHEMA_V2]  # _MIGRATIONS[n - 1] makes version n from n - 1


class DocsError(UserError):
    """A collection cannot be made, found or changed as asked."""


@dataclass(frozen=True)
class Collection:
    """A named set of folders and how their files are chunked."""

    id: int
    name: str
    folders: list[str]
    chunk_tokens: int
    overlap_tokens: int
    created: float
    indexed_at: float | None


@dataclass(frozen=True)
class FileRow:
    """What the index knows of one file."""

    id: int
    path: str
    size: int
    mtime_ns: int
    state: str  # "indexed" or "failed"
    reason: str | None
    chunk_tokens: int | None
    overlap_tokens: int | None


@dataclass(frozen=True)
class CollectionStatus:
    """How far a collection's index is."""

    files: int
    indexed: int
    failed: list[tuple[str, str]]  # (path, reason)
    chunks: int
    bytes: int


@dataclass(frozen=True)
class Hit:
    """A chunk that matches a search."""

    chunk_id: int
    collection: str
    path: str
    page: int | None
    heading: str
    line_start: int
    line_end: int
    text: str
    snippet: str
    score: float


class DocsStore:
    """Reads and writes one LocalDocs database (one thread at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        touch_private(path)
        self._db = sqlite3.connect(str(path), isolation_level=None, timeout=10.0,
                                   check_same_thread=False)
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise DocsError(tr(
                "The LocalDocs index {path} is damaged ({error}). It holds only what can be "
                "made again: delete it and index your collections again.", path=str(path),
                error=str(exc))) from None
        if version > SCHEMA_VERSION:
            raise DocsError(tr("the LocalDocs index {path} was written by a newer Fireside",
                               path=str(path)))
        self._db.create_function("fts_words", 1, index_words, deterministic=True)
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                if self._db.execute("PRAGMA user_version").fetchone()[0] >= number:
                    continue  # another connection upgraded it meanwhile
                statement = ""
                for line in _MIGRATIONS[number - 1].strip().splitlines():
                    statement += line + "\n"
                    if sqlite3.complete_statement(statement):  # (trigger bodies too)
                        self._db.execute(statement)
                        statement = ""
                self._db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self._db.close()

    # -- collections ------------------------------------------------------------
    @staticmethod
    def _collection(row: tuple[Any, ...]) -> Collection:
        return Collection(int(row[0]), str(row[1]), list(json.loads(str(row[2]))),
                          int(row[3]), int(row[4]), float(row[5]),
                          float(row[6]) if row[6] is not None else None)

    _COLUMNS = ("SELECT id, name, folders, chunk_tokens, overlap_tokens, created, indexed_at "
                "FROM collections")

    def collections(self) -> list[Collection]:
        return [self._collection(r) for r in
                self._db.execute(f"{self._COLUMNS} ORDER BY name COLLATE NOCASE")]

    def user_collections(self) -> list[Collection]:
        """The collections the user made (not those holding a chat's attachments)."""
        return [c for c in self.collections() if not c.name.startswith(ATTACHMENTS_PREFIX)]

    def collection(self, name: str) -> Collection | None:
        row = self._db.execute(f"{self._COLUMNS} WHERE name=?", (name,)).fetchone()
        return self._collection(row) if row else None

    def collection_by_id(self, collection_id: int) -> Collection | None:
        row = self._db.execute(f"{self._COLUMNS} WHERE id=?", (collection_id,)).fetchone()
        return self._collection(row) if row else None

    def require(self, name: str) -> Collection:
        found = self.collection(name)
        if found is None:
            raise DocsError(tr("no collection “{name}”; see `fireside docs list`", name=name))
        return found

    @staticmethod
    def check_name(name: str, for_chat: bool = False) -> str:
        """``name`` as a collection's name (trimmed); DocsError if it cannot be one.
        ``for_chat``: the collection of a chat's attached files may use their prefix."""
        name = name.strip()
        if not name or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
            raise DocsError(tr("A collection needs a name of 1 to {limit} characters, "
                               "without tabs or line breaks.", limit=MAX_NAME))
        if name.startswith(ATTACHMENTS_PREFIX) and not for_chat:
            raise DocsError(tr("A collection's name cannot start with “{prefix}” (Fireside "
                               "keeps chats' attached files under such names).",
                               prefix=ATTACHMENTS_PREFIX))
        return name

    def add_collection(self, name: str, folders: list[str], for_chat: bool = False
                       ) -> Collection:
        """A new collection, or more folders for the one of that name (``for_chat``: the
        collection of a chat's attached files)."""
        name = self.check_name(name, for_chat)
        existing = self.collection(name)
        if existing is not None:
            merged = list(dict.fromkeys([*existing.folders, *folders]))
            self._db.execute("UPDATE collections SET folders=? WHERE id=?",
                             (json.dumps(merged), existing.id))
        else:
            self._db.execute(
                "INSERT INTO collections (name, folders, chunk_tokens, overlap_tokens, "
                "created) VALUES (?, ?, ?, ?, ?)",
                (name, json.dumps(list(dict.fromkeys(folders))), DEFAULT_TARGET,
                 DEFAULT_OVERLAP, time.time()))
        return self.require(name)

    def remove_folder(self, name: str, folder: str) -> Collection:
        """Leave ``folder`` out of the collection (its files leave the index)."""
        found = self.require(name)
        kept = [f for f in found.folders if f != folder]
        with self._transaction():
            self._db.execute("UPDATE collections SET folders=? WHERE id=?",
                             (json.dumps(kept), found.id))
            prefix = folder.rstrip("/") + "/"
            self._db.execute("DELETE FROM files WHERE collection_id=? AND substr(path, 1, ?)"
                             " = ?", (found.id, len(prefix), prefix))
        return self.require(name)

    def rename_collection(self, old: str, new: str) -> Collection:
        found = self.require(old)
        new = self.check_name(new)
        if new != old and self.collection(new) is not None:
            raise DocsError(tr("There is already a collection called “{name}”.", name=new))
        self._db.execute("UPDATE collections SET name=? WHERE id=?", (new, found.id))
        return self.require(new)

    def remove_collection(self, name: str) -> None:
        """Delete the collection's index (never the user's files)."""
        found = self.require(name)
        self._db.execute("DELETE FROM collections WHERE id=?", (found.id,))

    def set_chunking(self, name: str, chunk_tokens: int, overlap_tokens: int) -> Collection:
        found = self.require(name)
        self._db.execute("UPDATE collections SET chunk_tokens=?, overlap_tokens=? WHERE id=?",
                         (chunk_tokens, overlap_tokens, found.id))
        return self.require(name)

    def mark_indexed(self, collection: Collection) -> None:
        self._db.execute("UPDATE collections SET indexed_at=? WHERE id=?",
                         (time.time(), collection.id))

    # -- files --------------------------------------------------------------------
    def files(self, collection: Collection) -> dict[str, FileRow]:
        return {str(r[1]): FileRow(*r) for r in self._db.execute(
            "SELECT id, path, size, mtime_ns, state, reason, chunk_tokens, overlap_tokens "
            "FROM files WHERE collection_id=?", (collection.id,))}

    def pages(self, file_id: int) -> list[Page]:
        return [Page(r[0], r[1]) for r in self._db.execute(
            "SELECT number, text FROM pages WHERE file_id=? ORDER BY seq", (file_id,))]

    def save_file(self, collection: Collection, path: str, size: int, mtime_ns: int,
                  pages: list[Page] | None, chunks: list[Chunk]) -> None:
        """The file's pages (None: keep those stored) and chunks, in one transaction."""
        with self._transaction():
            file_id = self._file_row(collection, path, size, mtime_ns, "indexed", None)
            if pages is not None:
                self._db.execute("DELETE FROM pages WHERE file_id=?", (file_id,))
                self._db.executemany(
                    "INSERT INTO pages (file_id, number, seq, text) VALUES (?, ?, ?, ?)",
                    [(file_id, p.number, i, p.text) for i, p in enumerate(pages)])
            self._db.execute("DELETE FROM chunks WHERE file_id=?", (file_id,))
            self._db.executemany(
                "INSERT INTO chunks (file_id, seq, page, heading, line_start, line_end, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(file_id, i, c.page, c.heading, c.line_start, c.line_end, c.text)
                 for i, c in enumerate(chunks)])
            self._db.execute("UPDATE files SET chunk_tokens=?, overlap_tokens=? WHERE id=?",
                             (collection.chunk_tokens, collection.overlap_tokens, file_id))

    def fail_file(self, collection: Collection, path: str, size: int, mtime_ns: int,
                  reason: str) -> None:
        """The file cannot be read: remembered with why (until it changes)."""
        with self._transaction():
            file_id = self._file_row(collection, path, size, mtime_ns, "failed", reason)
            self._db.execute("DELETE FROM chunks WHERE file_id=?", (file_id,))
            self._db.execute("DELETE FROM pages WHERE file_id=?", (file_id,))

    def _file_row(self, collection: Collection, path: str, size: int, mtime_ns: int,
                  state: str, reason: str | None) -> int:
        self._db.execute(
            "INSERT INTO files (collection_id, path, size, mtime_ns, state, reason, indexed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (collection_id, path) DO UPDATE SET "
            "size=excluded.size, mtime_ns=excluded.mtime_ns, state=excluded.state, "
            "reason=excluded.reason, indexed_at=excluded.indexed_at",
            (collection.id, path, size, mtime_ns, state, reason, time.time()))
        row = self._db.execute("SELECT id FROM files WHERE collection_id=? AND path=?",
                               (collection.id, path)).fetchone()
        return int(row[0])

    def forget_files(self, collection: Collection, paths: list[str]) -> None:
        """Files that are gone leave the index."""
        with self._transaction():
            self._db.executemany("DELETE FROM files WHERE collection_id=? AND path=?",
                                 [(collection.id, p) for p in paths])

    def status(self, collection: Collection) -> CollectionStatus:
        counts = self._db.execute(
            "SELECT count(*), coalesce(sum(state='indexed'), 0), coalesce(sum(size), 0) "
            "FROM files WHERE collection_id=?", (collection.id,)).fetchone()
        failed = [(str(r[0]), str(r[1])) for r in self._db.execute(
            "SELECT path, reason FROM files WHERE collection_id=? AND state='failed' "
            "ORDER BY path", (collection.id,))]
        chunks = self._db.execute(
            "SELECT count(*) FROM chunks JOIN files ON files.id = chunks.file_id "
            "WHERE files.collection_id=?", (collection.id,)).fetchone()[0]
        return CollectionStatus(int(counts[0]), int(counts[1]), failed, int(chunks),
                                int(counts[2]))

    # -- search -----------------------------------------------------------------
    def keyword_search(self, collections: list[Collection], query: str,
                       limit: int = 10) -> list[Hit]:
        """The chunks that best match ``query``'s words (BM25; headings count half)."""
        match = fts_query(query)
        if match is None or not collections:
            return []
        marks = ", ".join("?" * len(collections))
        rows = self._db.execute(
            f"{self._HIT_COLUMNS}, bm25(chunks_fts, 1.0, 0.5) AS score FROM chunks_fts "
            "JOIN chunks c ON c.id = chunks_fts.rowid JOIN files f ON f.id = c.file_id "
            "JOIN collections col ON col.id = f.collection_id "
            f"WHERE chunks_fts MATCH ? AND f.collection_id IN ({marks}) "
            "ORDER BY score LIMIT ?", (match, *[c.id for c in collections], limit))
        return [self._hit(r, query, -float(r[8])) for r in rows]

    _HIT_COLUMNS = ("SELECT c.id, col.name, f.path, c.page, c.heading, c.line_start, "
                    "c.line_end, c.text")

    @staticmethod
    def _hit(row: tuple[Any, ...], query: str, score: float) -> Hit:
        return Hit(int(row[0]), str(row[1]), str(row[2]), row[3], str(row[4]), int(row[5]),
                   int(row[6]), str(row[7]), snippet(str(row[7]), query), score)

    def chunks(self, scored: list[tuple[int, float]], query: str) -> list[Hit]:
        """The chunks of ``scored`` (chunk id, score) that still exist, in that order."""
        if not scored:
            return []
        marks = ", ".join("?" * len(scored))
        rows = {int(r[0]): r for r in self._db.execute(
            f"{self._HIT_COLUMNS} FROM chunks c JOIN files f ON f.id = c.file_id "
            f"JOIN collections col ON col.id = f.collection_id WHERE c.id IN ({marks})",
            [chunk_id for chunk_id, _ in scored])}
        return [self._hit(rows[chunk_id], query, score) for chunk_id, score in scored
                if chunk_id in rows]

    @property
    def connection(self) -> sqlite3.Connection:
        """The open database (for :mod:`.vectors`, which keeps the embeddings in it)."""
        return self._db

    def _transaction(self) -> Transaction:
        return Transaction(self._db)
