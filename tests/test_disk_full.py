"""A full disk, for real: the data folder on a small tmpfs that the test fills up.

What was typed stays (in the window's box; in the terminal nothing half-saved), the
user is told plainly, the database stays whole, and chatting works again as soon
as there is space, without a restart.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from small_disk import SmallDisk, small_disk_fixture  # noqa: F401  (the fixture)

from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.disk_full import DiskFullError, is_disk_full
from app.core.settings import Settings, SettingsStore
from app.core.storage import ChatStore

REPO = Path(__file__).resolve().parent.parent
FULL = "is full: Fireside cannot write there"




def _integrity(path: Path) -> str:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


def test_the_store_says_disk_full_keeps_the_database_whole_and_recovers(
        small_disk: SmallDisk) -> None:
    path = small_disk.mount / "chats.sqlite3"
    store = ChatStore(path)
    chat = store.create_conversation(Conversation(title="before", model_id=None))
    small_disk.fill()
    question = Message(Role.USER, "typed on a full disk " * 200)
    reply = Message(Role.ASSISTANT, "", parent_id=question.id, status=MessageStatus.STREAMING)
    with pytest.raises(DiskFullError) as caught:
        for n in range(200):  # SQLite may still have room in its own pages for a few
            store.add_messages(chat.id, [Message(Role.USER, f"{n} " + "x" * 2000)])
    assert is_disk_full(caught.value) and FULL in str(caught.value)
    assert str(small_disk.mount) in str(caught.value)
    with pytest.raises(DiskFullError):
        store.add_messages(chat.id, [question, reply])
    loaded = store.load_conversation(chat.id)
    assert loaded is not None and question.id not in {m.id for m in loaded.messages}
    small_disk.free()
    store.add_messages(chat.id, [question, reply])  # the same connection works again
    again = store.load_conversation(chat.id)
    assert again is not None and again.current_leaf == reply.id
    store.close()
    assert _integrity(path) == "ok"


def test_settings_on_a_full_disk_keep_the_old_file(small_disk: SmallDisk) -> None:
    store = SettingsStore(small_disk.mount / "config" / "settings.json")
    store.save(Settings(font_size=13))
    small_disk.fill()
    with pytest.raises(DiskFullError):
        store.save(Settings(font_size=15, system_prompt="p" * 100_000))
    assert store.load().font_size == 13
    assert not (small_disk.mount / "config" / "settings.json.tmp").exists()
    small_disk.free()
    store.save(Settings(font_size=15))
    assert store.load().font_size == 15


@pytest.mark.real_model
def test_the_window_keeps_the_typed_text_says_why_and_recovers(
        qtbot: QtBot, small_disk: SmallDisk, starter_model: Path) -> None:
    data = small_disk.mount / "data"
    window = open_window(qtbot, data)  # a first run: the welcome shows and is dismissed
    try:
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        small_disk.fill()
        qtbot.keyClicks(window.input, "What is the capital of France?")
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
        assert window.banner.isVisible() and FULL in window.banner.label.text()
        assert window.input.toPlainText() == "What is the capital of France?"
        assert window.stream is None and window.current is None
        assert window.ctx.store.list_conversations() == []
        assert window.chat_view.messages == []

        small_disk.free()  # no restart: Enter again
        qtbot.keyClick(window.input, Qt.Key.Key_Return)
        assert window.input.toPlainText() == ""
        qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
        assert "Paris" in window.chat_view.messages[-1].source
        assert window.current is not None
        saved = window.ctx.store.load_conversation(window.current.id)
        assert saved is not None
        assert [m.role for m in saved.messages] == [Role.USER, Role.ASSISTANT]
        assert saved.messages[1].status is MessageStatus.COMPLETE and "Paris" in \
            saved.messages[1].content
    finally:
        window.shutdown()
    assert _integrity(data / "chats.sqlite3") == "ok"


@pytest.mark.real_model
def test_a_reply_the_disk_could_not_keep_is_saved_once_there_is_space(
        qtbot: QtBot, small_disk: SmallDisk, starter_model: Path) -> None:
    window = open_window(qtbot, small_disk.mount / "data")
    try:
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        window.dismiss_welcome()
        window.input.setPlainText("What is the capital of France?")
        window.send()
        assert window.stream is not None  # question and placeholder saved; now it fills
        small_disk.fill()
        qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
        assert FULL in window.banner.label.text()
        answer = window.chat_view.messages[-1].source
        assert "Paris" in answer
        assert window.current is not None
        stored = window.ctx.store.load_conversation(window.current.id)
        assert stored is not None and stored.messages[-1].content != answer

        small_disk.free()
        window.input.setPlainText("And of Italy?")
        window.send()
        qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
        stored = window.ctx.store.load_conversation(window.current.id)
        assert stored is not None
        first_answer = stored.path()[1]
        assert first_answer.content == answer and first_answer.status is MessageStatus.COMPLETE
        assert len(stored.path()) == 4
    finally:
        window.shutdown()


def _fireside(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C"}
    env.pop("FIRESIDE_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=180, env=env, cwd=REPO)


@pytest.mark.real_model
def test_fireside_chat_on_a_full_disk_says_so_and_works_again(small_disk: SmallDisk,
                                                               starter_model: Path) -> None:
    data = small_disk.mount / "data"
    first = _fireside(data, "chat", "Say hello.")
    assert first.returncode == 0, first.stderr
    small_disk.fill()
    full = _fireside(data, "chat", "What is the capital of France?")
    assert full.returncode == 5, full.stderr
    assert FULL in full.stderr
    assert "Traceback" not in full.stderr and "Logging error" not in full.stderr
    small_disk.free()  # (even reading needs room for SQLite's shared-memory file)
    assert _integrity(data / "chats.sqlite3") == "ok"
    again = _fireside(data, "chat", "What is the capital of France?")
    assert again.returncode == 0, again.stderr
    listed = _fireside(data, "chats", "--json")
    assert listed.stdout.count('"id"') == 2  # the first chat and this one; none half-made
