"""Chatting with a remote model, in the window and in the terminal, through a real
OpenAI-compatible server (llama-cpp-python's own, serving the starter model)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_window
from llama_server import llama_server
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from app.core.conversation import MessageStatus, Role
from app.core.generation import GenerationSettings
from app.core.paths import AppPaths
from app.core.providers import Provider, ProviderStore
from app.core.settings import Settings, SettingsStore
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
REPO = Path(__file__).resolve().parent.parent
REF = "home/smollm2"
REMOTE_ID = f"remote:{REF}"


@pytest.fixture(scope="module")
def server(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with llama_server(starter_model, tmp_path_factory.mktemp("server") / "log") as base:
        yield base


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, server: str) -> Iterator[MainWindow]:
    ProviderStore.for_paths(AppPaths.resolve(data_dir).ensure()).save(
        [Provider(name="home", base_url=server, models=["smollm2"])])
    window = open_window(qtbot, data_dir, max_tokens=48)
    qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
    yield window
    window.shutdown()


def pick(window: MainWindow, model_id: str) -> None:
    index = window.model_picker.findData(model_id)
    assert index >= 0, model_id
    window.model_picker.setCurrentIndex(index)
    window.model_picker.activated.emit(index)


def ask(qtbot: QtBot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.input, text)
    qtbot.keyClick(window.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)


def start_a_long_remote_reply(qtbot: QtBot, window: MainWindow) -> None:
    """Ask the remote model for a long story; return once its first words have arrived."""
    window.ctx.settings.generation.max_tokens = 400
    pick(window, REMOTE_ID)
    qtbot.keyClicks(window.input, "Write a long story about a dragon who bakes bread.")
    qtbot.keyClick(window.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stream is not None and bool(window.stream.turn.text),
                    timeout=60_000)


def test_a_remote_model_is_grouped_under_its_provider_and_marked(window: MainWindow,
                                                                 server: str) -> None:
    host = server.split("//")[1].split("/")[0]
    items = window.model_picker.model()
    assert isinstance(items, QStandardItemModel)
    texts = [window.model_picker.itemText(i) for i in range(window.model_picker.count())]
    heading = texts.index(f"home — messages go to {host}")
    assert not items.item(heading).isEnabled()
    assert window.model_picker.itemData(heading + 1) == REMOTE_ID
    assert not window.remote_mark.isVisible()
    pick(window, REMOTE_ID)
    assert window.remote_mark.isVisible() and host in window.remote_mark.text()
    assert window.ctx.settings.selected_model == REMOTE_ID
    assert REF in window.status_label.text()
    pick(window, window.loaded_model.id if window.loaded_model else "")
    assert not window.remote_mark.isVisible() and window.remote_model is None


def test_the_window_chats_through_the_server_and_each_message_says_who_wrote_it(
        qtbot: QtBot, window: MainWindow) -> None:
    pick(window, REMOTE_ID)
    ask(qtbot, window, "What is the capital of France?")
    assert window.current is not None
    chat = window.ctx.store.load_conversation(window.current.id)
    assert chat is not None and chat.model_id == REMOTE_ID
    answer = chat.messages[-1]
    assert answer.role is Role.ASSISTANT and answer.model_id == REMOTE_ID
    assert "Paris" in answer.content and answer.status is MessageStatus.COMPLETE
    assert window.chat_view.messages[-1].source == answer.content
    qtbot.waitUntil(lambda: not window._title_fallbacks, timeout=30_000)  # titled remotely

    # Regenerate: a second version, written by the server too.
    window.regenerate(answer.id)
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    again = window.ctx.store.load_conversation(window.current.id)
    assert again is not None and len(again.siblings(answer.id)) == 2
    assert again.messages[-1].model_id == REMOTE_ID

    # The chat remembers its model: another chat on the local model, then back.
    window.new_chat()
    pick(window, window.loaded_model.id if window.loaded_model else "")
    ask(qtbot, window, "Say hi.")
    assert window.remote_model is None
    window.open_chat(chat.id)
    assert window.remote_model is not None and window.remote_model.id == REMOTE_ID


def test_stop_ends_a_remote_reply_quickly_and_keeps_it(qtbot: QtBot, window: MainWindow) -> None:
    start_a_long_remote_reply(qtbot, window)
    started = time.monotonic()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stream is None, timeout=5_000)
    assert time.monotonic() - started < 0.5
    assert window.current is not None
    stored = window.ctx.store.load_conversation(window.current.id)
    assert stored is not None and stored.messages[-1].status is MessageStatus.STOPPED
    assert stored.messages[-1].content


def test_offline_mode_turns_remote_models_off_and_says_why(window: MainWindow) -> None:
    pick(window, REMOTE_ID)
    new = window.ctx.settings.model_copy(deep=True)
    new.offline = True
    window.apply_settings(new)
    try:
        items = window.model_picker.model()
        assert isinstance(items, QStandardItemModel)
        item = items.item(window.model_picker.findData(REMOTE_ID))
        assert not item.isEnabled() and "Offline mode" in item.toolTip()
        assert window.remote_model is None and not window.remote_mark.isVisible()
    finally:
        back = window.ctx.settings.model_copy(deep=True)
        back.offline = False
        window.apply_settings(back)


def test_a_failing_server_is_said_in_the_window_and_the_app_goes_on(
        qtbot: QtBot, data_dir: Path) -> None:
    from openai_fault_server import free_port

    ProviderStore.for_paths(AppPaths.resolve(data_dir).ensure()).save(
        [Provider(name="gone", base_url=f"http://127.0.0.1:{free_port()}/v1",
                  models=["nothing"])])
    window = open_window(qtbot, data_dir, max_tokens=16)
    try:
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        pick(window, "remote:gone/nothing")
        ask(qtbot, window, "Anyone there?")
        assert window.banner.isVisible() and "127.0.0.1" in window.banner.label.text()
        assert window.current is not None
        stored = window.ctx.store.load_conversation(window.current.id)
        assert stored is not None and stored.messages[-1].status is MessageStatus.ERROR
        pick(window, window.loaded_model.id if window.loaded_model else "")
        window.new_chat()
        ask(qtbot, window, "What is the capital of France?")
        assert "Paris" in window.chat_view.messages[-1].source
    finally:
        window.shutdown()


def test_fireside_chat_answers_through_a_provider(data_dir: Path, server: str) -> None:
    env = {**os.environ, "LANG": "C"}
    env.pop("FIRESIDE_DATA_DIR", None)

    def fireside(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
                              capture_output=True, text=True, timeout=120, env=env, cwd=REPO)

    paths = AppPaths.resolve(data_dir).ensure()  # greedy, so the answer is the same each time
    SettingsStore(paths.settings_file).save(
        Settings(generation=GenerationSettings(temperature=0.0, max_tokens=48)))
    added = fireside("providers", "add", "home", server)
    assert added.returncode == 0, added.stderr
    done = fireside("chat", "-m", REF, "What is the capital of France?")
    assert done.returncode == 0, done.stderr
    assert "Paris" in done.stdout
    listed = fireside("chats", "--json")
    assert REMOTE_ID in listed.stdout
    exported = fireside("export", "--format", "md", "-")  # who wrote it, by provider/model
    assert exported.returncode == 0 and f"### {REF} — " in exported.stdout


def test_leaving_the_chat_stops_a_remote_reply_and_settings_ok_does_not(
        qtbot: QtBot, window: MainWindow) -> None:
    start_a_long_remote_reply(qtbot, window)
    settings = window.open_settings()  # OK with nothing changed: the reply goes on
    settings.accept()
    qtbot.wait(300)
    assert window.stream is not None
    first = window.current
    assert first is not None
    window.new_chat()  # leaving the chat stops its reply, which is kept
    qtbot.waitUntil(lambda: window.stream is None, timeout=2_000)
    stored = window.ctx.store.load_conversation(first.id)
    assert stored is not None and stored.messages[-1].status is MessageStatus.STOPPED
    ask(qtbot, window, "Say hi.")  # and the new chat answers at once
    assert window.current is not None and window.current.id != first.id
