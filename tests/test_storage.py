"""The SQLite chat store: WAL, schema version, persistence, crash recovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.conversation import Conversation, Message, MessageStatus, Role, title_from_text
from app.core.storage import SCHEMA_VERSION, ChatStore, StorageError


def test_chats_survive_reopening(tmp_path: Path) -> None:
    db = tmp_path / "chats.sqlite3"
    store = ChatStore(db)
    chat = store.create_conversation(Conversation(title="First"))
    store.add_message(chat.id, Message(Role.USER, "hello"))
    reply = store.add_message(chat.id, Message(Role.ASSISTANT, "hi there", model_id="m"))
    store.close()
    again = ChatStore(db)
    loaded = again.load_conversation(chat.id)
    assert loaded is not None
    assert [(m.role, m.content) for m in loaded.messages] == [
        (Role.USER, "hello"), (Role.ASSISTANT, "hi there")]
    assert loaded.messages[1].id == reply.id and loaded.messages[1].model_id == "m"
    assert [c.title for c in again.list_conversations()] == ["First"]
    assert again.integrity_ok()


def test_wal_and_schema_version(tmp_path: Path) -> None:
    db = tmp_path / "chats.sqlite3"
    ChatStore(db).close()
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_reply_streaming_when_the_app_died_is_kept_as_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "chats.sqlite3"
    store = ChatStore(db)
    chat = store.create_conversation(Conversation(title="t"))
    reply = store.add_message(chat.id, Message(Role.ASSISTANT, "", status=MessageStatus.STREAMING))
    reply.content = "partial answ"
    store.update_message(reply)
    # no close: as if killed
    loaded = ChatStore(db).load_conversation(chat.id)
    assert loaded is not None
    assert loaded.messages[0].content == "partial answ"
    assert loaded.messages[0].status is MessageStatus.INTERRUPTED


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "chats.sqlite3"
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StorageError, match="newer Fireside"):
        ChatStore(db)


def test_list_is_newest_first_and_delete_cascades(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    a = store.create_conversation(Conversation(title="a"))
    b = store.create_conversation(Conversation(title="b"))
    store.add_message(a.id, Message(Role.USER, "bump a"))
    assert [c.title for c in store.list_conversations()] == ["a", "b"]
    store.delete_conversation(a.id)
    assert store.load_conversation(a.id) is None
    assert [c.id for c in store.list_conversations()] == [b.id]


def test_prompt_messages_skip_failed_replies() -> None:
    chat = Conversation(title="t")
    chat.messages += [Message(Role.USER, "q1"),
                      Message(Role.ASSISTANT, "", status=MessageStatus.ERROR),
                      Message(Role.USER, "q2"),
                      Message(Role.ASSISTANT, "partial", status=MessageStatus.STOPPED)]
    assert chat.prompt_messages("sys") == [
        {"role": "system", "content": "sys"}, {"role": "user", "content": "q1"},
        {"role": "user", "content": "q2"}, {"role": "assistant", "content": "partial"}]


def test_titles() -> None:
    assert title_from_text("  What is   the capital of France? ") == \
        "What is the capital of France?"
    long = title_from_text("word " * 40)
    assert long.endswith("…") and len(long) <= 49


def test_a_second_connection_in_this_process_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    """The API server opens the database beside the window: another Fireside process that
    opens and closes it meanwhile must not take the window's write-ahead log away."""
    import subprocess
    import sys

    path = tmp_path / "chats.sqlite3"
    window = ChatStore(path)
    window.create_conversation(Conversation(title="before"))
    server = ChatStore(path, shared=True, recover_interrupted=False)
    reader = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
              "print(c.execute('select count(*) from conversations').fetchone()[0]); c.close()")
    subprocess.run([sys.executable, "-c", reader, str(path)], check=True)
    assert Path(str(path) + "-wal").exists()  # still there: the window's locks held
    window.create_conversation(Conversation(title="after"))
    seen = subprocess.run([sys.executable, "-c", reader, str(path)], check=True,
                          capture_output=True, text=True).stdout.strip()
    assert seen == "2"  # another process sees what the window wrote after
    server.close()
    window.close()
