"""Chats in SQLite: one file, WAL journal, a schema version in ``user_version``.

:class:`ChatStore` is used from one thread (the GUI thread, or the terminal).
Every write is its own short transaction, so a crash or ``kill -9`` never
loses a message that was already written; a streaming reply is rewritten in
place as it grows (the caller does that at least once a second).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from app.core.conversation import Conversation, Message, MessageStatus, Role

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_SCHEMA_V1 = """
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    model_id TEXT,
    system_prompt TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id TEXT,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    model_id TEXT,
    created_at REAL NOT NULL,
    tokens INTEGER,
    tokens_per_second REAL
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, seq);
CREATE INDEX conversations_by_update ON conversations(updated_at);
"""


class StorageError(RuntimeError):
    """The chat database cannot be used; ``str()`` is a message for the user."""


class ChatStore:
    """Reads and writes conversations in one SQLite database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"cannot open the chat database {path}: {exc}") from exc
        self._recover_streaming()

    def close(self) -> None:
        self._db.close()

    # -- schema -----------------------------------------------------------
    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"the chat database {self.path} was written by a newer Fireside "
                f"(schema {version}); this version understands up to {SCHEMA_VERSION}")
        if version < 1:
            with self._transaction():
                self._exec_script(_SCHEMA_V1)
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _exec_script(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self._db.execute(statement)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def _recover_streaming(self) -> None:
        """Replies that were streaming when the app died are kept, marked interrupted."""
        cursor = self._db.execute("UPDATE messages SET status=? WHERE status=?",
                                  (MessageStatus.INTERRUPTED.value,
                                   MessageStatus.STREAMING.value))
        if cursor.rowcount:
            log.info("marked %d interrupted replies", cursor.rowcount)

    # -- conversations ----------------------------------------------------
    def create_conversation(self, conversation: Conversation) -> Conversation:
        self._db.execute(
            "INSERT INTO conversations (id, title, model_id, system_prompt, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (conversation.id, conversation.title, conversation.model_id,
             conversation.system_prompt, conversation.created_at, conversation.updated_at))
        for message in conversation.messages:
            self.add_message(conversation.id, message)
        return conversation

    def list_conversations(self) -> list[Conversation]:
        """All chats, most recently updated first (messages not loaded)."""
        rows = self._db.execute(
            "SELECT id, title, model_id, system_prompt, created_at, updated_at "
            "FROM conversations ORDER BY updated_at DESC").fetchall()
        return [Conversation(id=r[0], title=r[1], model_id=r[2], system_prompt=r[3],
                             created_at=r[4], updated_at=r[5]) for r in rows]

    def load_conversation(self, conversation_id: str) -> Conversation | None:
        row = self._db.execute(
            "SELECT id, title, model_id, system_prompt, created_at, updated_at "
            "FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        if row is None:
            return None
        conversation = Conversation(id=row[0], title=row[1], model_id=row[2],
                                    system_prompt=row[3], created_at=row[4], updated_at=row[5])
        for m in self._db.execute(
                "SELECT id, parent_id, role, content, status, model_id, created_at, tokens, "
                "tokens_per_second FROM messages WHERE conversation_id=? ORDER BY seq",
                (conversation_id,)):
            conversation.messages.append(Message(
                id=m[0], parent_id=m[1], role=Role(m[2]), content=m[3],
                status=MessageStatus(m[4]), model_id=m[5], created_at=m[6], tokens=m[7],
                tokens_per_second=m[8]))
        return conversation

    def rename_conversation(self, conversation_id: str, title: str) -> None:
        self._db.execute("UPDATE conversations SET title=? WHERE id=?", (title, conversation_id))

    def set_conversation_model(self, conversation_id: str, model_id: str | None) -> None:
        self._db.execute("UPDATE conversations SET model_id=? WHERE id=?",
                         (model_id, conversation_id))

    def delete_conversation(self, conversation_id: str) -> None:
        self._db.execute("DELETE FROM conversations WHERE id=?", (conversation_id,))

    # -- messages ---------------------------------------------------------
    def add_message(self, conversation_id: str, message: Message) -> Message:
        with self._transaction():
            seq = self._db.execute(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM messages WHERE conversation_id=?",
                (conversation_id,)).fetchone()[0]
            self._db.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, "
                "status, model_id, created_at, tokens, tokens_per_second) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (message.id, conversation_id, message.parent_id, seq, message.role.value,
                 message.content, message.status.value, message.model_id, message.created_at,
                 message.tokens, message.tokens_per_second))
            self._touch(conversation_id)
        return message

    def update_message(self, message: Message) -> None:
        """Rewrite a message's content and outcome (used while a reply streams)."""
        self._db.execute(
            "UPDATE messages SET content=?, status=?, tokens=?, tokens_per_second=? "
            "WHERE id=?",
            (message.content, message.status.value, message.tokens, message.tokens_per_second,
             message.id))

    def _touch(self, conversation_id: str) -> None:
        self._db.execute("UPDATE conversations SET updated_at=? WHERE id=?",
                         (time.time(), conversation_id))

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
