"""Chats in SQLite: one file, WAL journal, a schema version in ``user_version``.

:class:`ChatStore` is used from one thread (the GUI thread, or the terminal).
Every write is its own short transaction, so a crash or ``kill -9`` never
loses a message that was already written; a streaming reply is rewritten in
place as it grows (the caller does that at least once a second).

Schema versions are applied in order by :data:`MIGRATIONS` (version N's
script upgrades N-1 to N), each in one transaction, so a database of any
earlier version opens.  Version 2 adds pinned chats and full-text search
(SQLite FTS5 over titles and message text, kept current by triggers);
version 3 how long a reasoning model thought; version 4 branches: the branch
each chat shows (``current_leaf``), and explicit parents for the messages of
earlier versions, which were one straight line; version 5 the preset a chat uses;
6 where a chat came from (the API); 7 a reply's LocalDocs sources; 8 the collections
a chat draws on and the files attached to a message.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.disk_full import DiskFullError, is_disk_full
from app.core.localdocs.attachment_record import match as attachment_match
from app.core.private_files import touch_private
from app.core.sqlite_transaction import Transaction
from app.core.storage_schema import MIGRATIONS, SCHEMA_VERSION
from app.core.texts import UserError, tr

log = logging.getLogger(__name__)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    """A chat that matches a search, with the matching text around the words."""

    conversation_id: str
    title: str
    message_id: str | None  # None: the title matched
    snippet: str


class StorageError(UserError, RuntimeError):
    """The chat database cannot be used; :attr:`text` is a message for the user."""


class DamagedDatabaseError(StorageError):
    """The file is not a database SQLite can read (damaged, or not SQLite at all): it is
    moved aside and a new one started.  Other failures (a full disk, no permission)
    leave the file where it is."""


def _is_damaged(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error)
    return "malformed" in text or "not a database" in text


class DatabaseBusyError(StorageError):
    """Another connection held the database's write lock for longer than the timeout."""


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return "database is locked" in str(error)


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26
_NEARLY_FULL = 256 * 1024  # less room than this: SQLite's files cannot be set up


class NewerSchemaError(StorageError):
    """The database was written by a newer Fireside: not broken, so never moved aside."""


class ChatStore:
    """Reads and writes conversations in one SQLite database file."""

    def __init__(self, path: Path, *, shared: bool = False,
                 recover_interrupted: bool = True) -> None:
        """Open (and create or upgrade) the database at ``path``.

        ``shared``: the connection may be used from several threads (the caller keeps
        them from using it at once).  ``recover_interrupted``: mark replies left
        streaming by a run that died (not for a second connection of a running app).
        """
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            touch_private(path)  # 0600; SQLite gives its -wal and -shm files the same mode
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=5.0,
                                       factory=_Connection, check_same_thread=not shared)
            self._db.folder = path.parent
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            if _is_damaged(exc):
                raise DamagedDatabaseError(tr("cannot open the chat database {path}: {error}",
                                              path=str(path), error=str(exc))) from exc
            if _disk_is_full(path.parent):  # SQLite says "disk I/O error" for a new -shm file
                raise DiskFullError(path.parent) from exc
            raise StorageError(tr("cannot open the chat database {path}: {error}",
                                  path=str(path), error=str(exc))) from exc
        except (StorageError, DiskFullError):  # newer, busy, full: not broken, never moved
            self._close_quietly()
            raise
        try:
            if recover_interrupted:
                self._recover_streaming()
        except (StorageError, DiskFullError) as exc:  # they are marked next time
            log.warning("interrupted replies were not marked (%s)", exc)

    def close(self) -> None:
        self._db.close()

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()

    # -- schema -----------------------------------------------------------
    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(tr(
                "the chat database {path} was written by a newer Fireside (schema {version}); "
                "this version understands up to {supported}", path=str(self.path),
                version=version, supported=SCHEMA_VERSION))
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                self._exec_script(MIGRATIONS[target - 1])
                self._db.execute(f"PRAGMA user_version = {target}")
            log.info("chat database upgraded to schema %d", target)

    def _exec_script(self, script: str) -> None:
        """Run ``script`` statement by statement inside the caller's transaction.

        (``executescript`` would commit first.)  ``sqlite3.complete_statement``
        knows where a statement ends, trigger bodies included.
        """
        script = script.strip()
        buffer = ""
        for line in (script if script.endswith(";") else script + ";").splitlines():
            buffer += line + "\n"
            if sqlite3.complete_statement(buffer):
                self._db.execute(buffer)
                buffer = ""

    def _transaction(self) -> Transaction:
        return Transaction(self._db)

    def import_chats(self, new: list[Conversation],
                     additions: list[tuple[str, list[Message]]]) -> None:
        """Write an import in one transaction: all of it, or (on any error) nothing.

        ``new`` chats are stored whole, as :meth:`create_conversation` stores one;
        ``additions`` are messages for chats that exist, which keep their "updated"
        time and the branch they show.  :meth:`message_owners` helps the caller keep
        message ids unique across chats, as the database requires.
        """
        with self._transaction():
            for conversation in new:
                self._insert_conversation(conversation)
            for conversation_id, messages in additions:
                for message in messages:
                    self._insert_message(conversation_id, message)

    def message_owners(self, message_ids: list[str]) -> dict[str, str]:
        """The chat that holds each of ``message_ids`` (ids not stored are left out)."""
        owners: dict[str, str] = {}
        for start in range(0, len(message_ids), 500):
            chunk = message_ids[start:start + 500]
            owners.update(self._db.execute(
                "SELECT id, conversation_id FROM messages WHERE id IN "
                f"({', '.join('?' * len(chunk))})", chunk).fetchall())
        return owners

    def _recover_streaming(self) -> None:
        """Replies that were streaming when the app died are kept, marked interrupted."""
        cursor = self._db.execute("UPDATE messages SET status=? WHERE status=?",
                                  (MessageStatus.INTERRUPTED.value,
                                   MessageStatus.STREAMING.value))
        if cursor.rowcount:
            log.info("marked %d interrupted replies", cursor.rowcount)

    # -- conversations ----------------------------------------------------
    def create_conversation(self, conversation: Conversation) -> Conversation:
        """Store a new chat with the messages it has (a flat list is linked in order)."""
        with self._transaction():
            self._insert_conversation(conversation)
        return conversation

    def _insert_conversation(self, conversation: Conversation) -> None:
        """Insert a chat and its messages inside the caller's transaction."""
        conversation.link_if_flat()
        self._db.execute(
            "INSERT INTO conversations (id, title, model_id, system_prompt, created_at, "
            "updated_at, pinned, current_leaf, preset, origin, collections) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (conversation.id, conversation.title, conversation.model_id,
             conversation.system_prompt, conversation.created_at, conversation.updated_at,
             int(conversation.pinned), conversation.current_leaf, conversation.preset,
             conversation.origin, _names_json(conversation.collections)))
        for message in conversation.messages:
            self._insert_message(conversation.id, message)

    _CONVERSATION_COLUMNS = ("SELECT id, title, model_id, system_prompt, created_at, "
                             "updated_at, pinned, current_leaf, preset, origin, "
                             "collections FROM conversations")

    @staticmethod
    def _conversation(row: tuple[object, ...]) -> Conversation:
        return Conversation(id=str(row[0]), title=str(row[1]), model_id=row[2],  # type: ignore[arg-type]
                            system_prompt=row[3], created_at=float(row[4]),  # type: ignore[arg-type]
                            updated_at=float(row[5]), pinned=bool(row[6]),  # type: ignore[arg-type]
                            current_leaf=row[7], preset=row[8],  # type: ignore[arg-type]
                            origin=row[9],  # type: ignore[arg-type]
                            collections=_names(row[10]))  # type: ignore[arg-type]

    def data_version(self) -> int:
        """A number that changes when another connection (``fireside chat`` in a terminal,
        another process) has committed a change to the chats since it was last read."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def list_conversations(self) -> list[Conversation]:
        """All chats, pinned first, then most recently updated first (messages not loaded)."""
        rows = self._db.execute(
            f"{self._CONVERSATION_COLUMNS} ORDER BY pinned DESC, updated_at DESC").fetchall()
        return [self._conversation(r) for r in rows]

    def load_conversation(self, conversation_id: str) -> Conversation | None:
        row = self._db.execute(f"{self._CONVERSATION_COLUMNS} WHERE id=?",
                               (conversation_id,)).fetchone()
        if row is None:
            return None
        conversation = self._conversation(row)
        for m in self._db.execute(
                "SELECT id, parent_id, role, content, status, model_id, created_at, tokens, "
                "tokens_per_second, thinking_seconds, sources, attachments FROM messages "
                "WHERE conversation_id=? ORDER BY seq", (conversation_id,)):
            conversation.messages.append(Message(
                id=m[0], parent_id=m[1], role=Role(m[2]), content=m[3],
                status=MessageStatus(m[4]), model_id=m[5], created_at=m[6], tokens=m[7],
                tokens_per_second=m[8], thinking_seconds=m[9], sources=_sources(m[10]),
                attachments=_sources(m[11])))
        return conversation

    def rename_conversation(self, conversation_id: str, title: str) -> None:
        self._db.execute("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    def message_counts(self) -> dict[str, int]:
        """How many messages each chat has (one query for the whole list)."""
        return dict(self._db.execute(
            "SELECT conversation_id, COUNT(*) FROM messages GROUP BY conversation_id"))

    def set_system_prompt(self, conversation_id: str, prompt: str | None) -> None:
        """This chat's own system prompt (None: the one in the settings)."""
        self._db.execute("UPDATE conversations SET system_prompt=? WHERE id=?",
                         (prompt, conversation_id))

    def set_collections(self, conversation_id: str, names: list[str]) -> None:
        """The LocalDocs collections this chat draws on (empty: none)."""
        self._db.execute("UPDATE conversations SET collections=? WHERE id=?",
                         (_names_json(names), conversation_id))

    def rename_collection_in_chats(self, old: str, new: str) -> int:
        """A LocalDocs collection was renamed: the chats that use it follow (how many)."""
        changed = 0
        with self._transaction():
            rows = self._db.execute("SELECT id, collections FROM conversations "
                                    "WHERE collections IS NOT NULL").fetchall()
            for chat_id, stored in rows:
                names = _names(stored)
                if old in names:
                    kept = list(dict.fromkeys(new if n == old else n for n in names))
                    self._db.execute("UPDATE conversations SET collections=? WHERE id=?",
                                     (_names_json(kept), chat_id))
                    changed += 1
        return changed

    def set_attachments(self, message: Message) -> None:
        """Rewrite what is attached to a saved message."""
        self._db.execute("UPDATE messages SET attachments=? WHERE id=?",
                         (_records_json(message.attachments), message.id))

    def set_preset(self, conversation_id: str, preset: str | None) -> None:
        """The preset this chat uses (None: the default preset)."""
        self._db.execute("UPDATE conversations SET preset=? WHERE id=?",
                         (preset, conversation_id))

    def set_pinned(self, conversation_id: str, pinned: bool) -> None:
        self._db.execute("UPDATE conversations SET pinned=? WHERE id=?",
                         (int(pinned), conversation_id))

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Chats whose title, any message or a file attached to one (its name, or the
        text of a file sent whole) matches ``query`` (every word, as a prefix).

        Best matches first; at most one hit per chat (its best message, or its title).
        """
        words = [w for w in _WORD.findall(query.lower()) if w]
        if not words:
            return []
        match = " ".join(f'"{w}"*' for w in words)
        hits: dict[str, SearchHit] = {}
        for cid, title, snippet in self._db.execute(
                "SELECT t.conversation_id, c.title, snippet(title_search, 0, '[', ']', '…', 12) "
                "FROM title_search t JOIN conversations c ON c.id = t.conversation_id "
                "WHERE title_search MATCH ? ORDER BY rank LIMIT ?", (match, limit)):
            hits.setdefault(cid, SearchHit(cid, title, None, snippet))
        for cid, mid, title, snippet in self._db.execute(
                "SELECT m.conversation_id, m.message_id, c.title, "
                "snippet(message_search, 0, '[', ']', '…', 12) FROM message_search m "
                "JOIN conversations c ON c.id = m.conversation_id "
                "WHERE message_search MATCH ? ORDER BY rank LIMIT ?", (match, limit * 4)):
            if cid not in hits:
                hits[cid] = SearchHit(cid, title, mid, snippet)
        for hit in self._attachment_hits(words):  # the files attached to its messages
            hits.setdefault(hit.conversation_id, hit)
        return list(hits.values())[:limit]

    def _attachment_hits(self, words: list[str]) -> Iterator[SearchHit]:
        """Messages with an attached file whose name (or whole text) has every word."""
        plain = [w for w in words if w.isascii()]  # (SQLite's lower() knows only ASCII)
        for cid, mid, title, stored in self._db.execute(
                "SELECT m.conversation_id, m.id, c.title, m.attachments FROM messages m "
                "JOIN conversations c ON c.id = m.conversation_id WHERE m.attachments "
                "IS NOT NULL" + " AND instr(lower(m.attachments), ?) > 0" * len(plain)
                + " ORDER BY m.created_at DESC", plain):
            snippet = attachment_match(_sources(stored), words)
            if snippet is not None:
                yield SearchHit(cid, title, mid, snippet)

    def set_conversation_model(self, conversation_id: str, model_id: str | None) -> None:
        self._db.execute("UPDATE conversations SET model_id=? WHERE id=?",
                         (model_id, conversation_id))

    def delete_conversation(self, conversation_id: str) -> None:
        self._db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    # -- messages ---------------------------------------------------------
    def add_message(self, conversation_id: str, message: Message, touch: bool = True) -> Message:
        """Append ``message`` and show its branch.

        ``touch=False`` (imports) leaves the chat's "updated" time and its branch.
        """
        with self._transaction():
            self._insert_message(conversation_id, message)
            if touch:
                self._db.execute(
                    "UPDATE conversations SET updated_at=?, current_leaf=? WHERE id=?",
                    (time.time(), message.id, conversation_id))
        return message

    def add_messages(self, conversation_id: str, messages: list[Message]) -> None:
        """Append ``messages`` (a question and its reply's placeholder) in one
        transaction, all or none, and show the last one's branch."""
        with self._transaction():
            for message in messages:
                self._insert_message(conversation_id, message)
            self._db.execute("UPDATE conversations SET updated_at=?, current_leaf=? WHERE id=?",
                             (time.time(), messages[-1].id, conversation_id))

    def _insert_message(self, conversation_id: str, message: Message) -> None:
        seq = self._db.execute(
            "SELECT COALESCE(MAX(seq), -1) + 1 FROM messages WHERE conversation_id=?",
            (conversation_id,)).fetchone()[0]
        self._db.execute(
            "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, "
            "status, model_id, created_at, tokens, tokens_per_second, thinking_seconds, "
            "sources, attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (message.id, conversation_id, message.parent_id, seq, message.role.value,
             message.content, message.status.value, message.model_id, message.created_at,
             message.tokens, message.tokens_per_second, message.thinking_seconds,
             _sources_json(message), _records_json(message.attachments)))

    def set_current_leaf(self, conversation_id: str, message_id: str | None) -> None:
        """Remember which branch of the chat is shown (its last message)."""
        self._db.execute("UPDATE conversations SET current_leaf=? WHERE id=?",
                         (message_id, conversation_id))

    def delete_messages(self, conversation_id: str, message_ids: list[str],
                        current_leaf: str | None) -> None:
        """Delete messages (a message and what follows it) and show ``current_leaf``."""
        with self._transaction():
            self._db.executemany("DELETE FROM messages WHERE id=? AND conversation_id=?",
                                 [(m, conversation_id) for m in message_ids])
            self.set_current_leaf(conversation_id, current_leaf)

    def update_message(self, message: Message) -> None:
        """Rewrite a message's content and outcome (used while a reply streams)."""
        self._db.execute(
            "UPDATE messages SET content=?, status=?, tokens=?, tokens_per_second=?, "
            "thinking_seconds=?, sources=? WHERE id=?",
            (message.content, message.status.value, message.tokens, message.tokens_per_second,
             message.thinking_seconds, _sources_json(message), message.id))

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def _sources_json(message: Message) -> str | None:
    return _records_json(message.sources)


def _records_json(records: list[dict[str, Any]] | None) -> str | None:
    return json.dumps(records, ensure_ascii=False) if records else None


def _names_json(names: list[str]) -> str | None:
    return json.dumps(names, ensure_ascii=False) if names else None


def _names(stored: str | None) -> list[str]:
    """A chat's collection names as saved (empty: none, or unreadable)."""
    try:
        value = json.loads(stored) if stored else []
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _sources(stored: str | None) -> list[dict[str, Any]] | None:
    """A message's sources as saved (None: none, or a value this version cannot read)."""
    if not stored:
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else None


class _Connection(sqlite3.Connection):
    """A connection that reports a full disk as :class:`DiskFullError` (SQLite has
    rolled the write back by then; :class:`Transaction` rolls back the rest)."""

    folder: Path = Path()

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as exc:
            if is_disk_full(exc):
                raise DiskFullError(self.folder) from exc
            if _is_busy(exc):
                raise DatabaseBusyError(tr(
                    "The chat database is busy: another program (or another Fireside) is "
                    "writing to it. Try again in a moment.")) from exc
            raise



__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "ChatStore"]
