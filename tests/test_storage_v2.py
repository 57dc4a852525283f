"""Schema migrations, full-text search, pinned chats, and a broken database moved aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.context import AppContext, open_chat_store
from app.core.conversation import Conversation, Message, Role
from app.core.storage import MIGRATIONS, SCHEMA_VERSION, ChatStore, NewerSchemaError


def make_database_of_version(path: Path, version: int) -> None:
    """A database as Fireside of schema ``version`` left it, with one chat in it."""
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        buffer = ""
        for line in script.strip().splitlines():
            buffer += line + "\n"
            if sqlite3.complete_statement(buffer):
                db.execute(buffer)
                buffer = ""
        if buffer.strip():
            db.execute(buffer + ";")
    db.execute("INSERT INTO conversations (id, title, model_id, system_prompt, created_at, "
               "updated_at) VALUES ('c1', 'Old chat about otters', NULL, NULL, 1, 2)")
    db.execute("INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, "
               "status, model_id, created_at) VALUES ('m1', 'c1', NULL, 0, 'user', "
               "'Tell me about the river dolphins of the Amazon', 'complete', NULL, 1)")
    # Before schema 4 a chat was one line and parents were not written; since, they are.
    parent = "'m1'" if version >= 4 else "NULL"
    db.execute("INSERT INTO messages (id, conversation_id, parent_id, seq, role, content, "
               f"status, model_id, created_at) VALUES ('m2', 'c1', {parent}, 1, 'assistant', "
               "'They are pink.', 'complete', NULL, 2)")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_earlier_schema_opens_and_is_upgraded(tmp_path: Path, version: int) -> None:
    path = tmp_path / "chats.sqlite3"
    make_database_of_version(path, version)
    store = ChatStore(path)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    old = store.load_conversation("c1")
    assert old is not None and old.messages[0].content.startswith("Tell me about")
    # Before branches (v4) a chat was one line without parents: it is linked in order.
    assert [(m.id, m.parent_id) for m in old.messages] == [("m1", None), ("m2", "m1")]
    assert [m.id for m in old.path()] == ["m1", "m2"]
    # What was there before the upgrade is searchable too.
    assert [h.conversation_id for h in store.search("dolphins")] == ["c1"]
    assert [h.conversation_id for h in store.search("otters")] == ["c1"]
    assert store.integrity_ok()
    store.close()


def test_search_finds_titles_and_messages_with_snippets(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    a = store.create_conversation(Conversation(title="Sourdough starter"))
    b = store.create_conversation(Conversation(title="Travel plans"))
    store.add_message(a.id, Message(Role.USER, "How often should I feed it?"))
    hit = store.add_message(b.id, Message(Role.ASSISTANT,
                                          "Lisbon has lovely trams and great pastries."))
    assert [h.conversation_id for h in store.search("sourdough")] == [a.id]
    found = store.search("pastr")  # words match as prefixes
    assert [(h.conversation_id, h.message_id) for h in found] == [(b.id, hit.id)]
    assert "[pastries]" in found[0].snippet
    # Edits and streaming rewrites are indexed; deleted chats are gone from the index.
    hit.content = "Porto has port wine."
    store.update_message(hit)
    assert store.search("pastries") == [] and store.search("port")[0].conversation_id == b.id
    store.rename_conversation(a.id, "Bread notes")
    assert store.search("bread")[0].conversation_id == a.id
    store.delete_conversation(b.id)
    assert store.search("porto") == []
    assert store.search("") == [] and store.search("   *?!") == []


def test_pinned_chats_come_first(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    old = store.create_conversation(Conversation(title="old", updated_at=1))
    store.create_conversation(Conversation(title="new", updated_at=2))
    store.set_pinned(old.id, True)
    listed = store.list_conversations()
    assert [c.title for c in listed] == ["old", "new"] and listed[0].pinned
    store.set_pinned(old.id, False)
    assert [c.title for c in store.list_conversations()] == ["new", "old"]


def test_an_unreadable_database_is_moved_aside_never_deleted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data).mkdir()
    broken = data / "chats.sqlite3"
    garbage = b"this is not a database" * 1000
    broken.write_bytes(garbage)
    context = AppContext.open(data)
    try:
        moved = context.database_moved_to
        assert moved is not None and moved.read_bytes() == garbage
        assert context.store.list_conversations() == []
        assert context.store.integrity_ok()
    finally:
        context.close()


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "chats.sqlite3"
    make_database_of_version(path, SCHEMA_VERSION)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(NewerSchemaError, match="newer Fireside"):
        open_chat_store(path)
    assert path.exists() and not list(tmp_path.glob("*.unreadable-*"))
