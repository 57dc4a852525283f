"""The window serving while the user chats (issue 13): the real window with the starter
model answers its user while the real `openai` client asks its API server; both are
answered, each exactly as when asked alone (temperature 0), neither history holds the
other's messages, and the API chat is saved, marked "API" in the window's list and in
`fireside chats`."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import openai
import pytest
from openai_fault_server import free_port, wait_for
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Role
from app.core.installed import STARTER_MODEL_ID
from app.ui.chat_list import ChatList
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
ROOT = Path(__file__).resolve().parent.parent
REPLY_TIMEOUT_MS = 300_000  # (a busy machine: llama.cpp slows a lot when cores are shared)
STORY = "Write a short story about a lighthouse keeper."
FOLLOW_UP = "Give the story a title."
API_MESSAGES = [{"role": "system", "content": "You are a geography teacher."},
                {"role": "user", "content": "What is the capital of France?"}]


def serving_window(qtbot: QtBot, data_dir: Path) -> tuple[MainWindow, str]:
    """The window over ``data_dir`` with the starter model (greedy, 64 tokens a reply),
    serving the API."""
    port = free_port()
    context = AppContext.open(data_dir)
    settings = context.settings
    settings.generation.temperature = 0.0
    settings.generation.max_tokens = 64
    settings.welcome_shown = True
    settings.api_server.enabled = True
    settings.api_server.port = port
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=60_000)
    assert window.api_host.serving
    return window, f"http://127.0.0.1:{port}/v1"


def ask_window(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.input.setPlainText(text)
    window.send()
    assert window.stream is not None


def last_reply(qtbot: QtBot, window: MainWindow) -> str:
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_TIMEOUT_MS)
    return window.chat_view.messages[-1].source


class ApiAsker(threading.Thread):
    """One streamed chat completion by the real `openai` client, from a plain thread."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.text: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            client = openai.OpenAI(base_url=self.base, api_key="unused", max_retries=0,
                                   timeout=120)
            stream = client.chat.completions.create(
                model=STARTER_MODEL_ID, messages=API_MESSAGES,  # type: ignore[arg-type]
                temperature=0, max_tokens=40, stream=True)
            self.text = "".join(chunk.choices[0].delta.content or ""
                                for chunk in stream if chunk.choices)
        except BaseException as exc:  # the test reports it
            self.error = exc


def ask_api(qtbot: QtBot, base: str) -> str:
    asker = ApiAsker(base)
    asker.start()
    qtbot.waitUntil(lambda: not asker.is_alive(), timeout=REPLY_TIMEOUT_MS)
    assert asker.error is None and asker.text
    return asker.text


def test_the_window_serving_while_the_user_chats(
        qtbot: QtBot, qapp: QApplication, data_dir: Path, tmp_path: Path,
        starter_model: Path) -> None:
    install_translators(qapp, "en")  # (as the app starts: the English forms of counts)
    # Alone, in a window of its own: the window's turn, the API's request, the next turn.
    # (Each in its turn on the model thread, as they run below; llama.cpp's greedy choice
    # may depend on how a prompt was split into batches, so the order is kept the same.)
    window, base = serving_window(qtbot, tmp_path / "alone")
    try:
        ask_window(qtbot, window, STORY)
        story_alone = last_reply(qtbot, window)
        api_alone = ask_api(qtbot, base)
        ask_window(qtbot, window, FOLLOW_UP)
        title_alone = last_reply(qtbot, window)
    finally:
        window.shutdown()
    assert story_alone and title_alone and api_alone

    # Together: the API request arrives while the window's reply streams; the window's
    # next turn is asked while the API request is still waiting or answering.
    window, base = serving_window(qtbot, data_dir)
    try:
        check_together(qtbot, window, base, data_dir, story_alone, title_alone, api_alone)
    finally:
        window.shutdown()


def check_together(qtbot: QtBot, window: MainWindow, base: str, data_dir: Path,
                   story_alone: str, title_alone: str, api_alone: str) -> None:
    ask_window(qtbot, window, STORY)
    qtbot.waitUntil(lambda: window.chat_view.messages[-1].source != "", timeout=30_000)
    asker = ApiAsker(base)
    asker.start()
    qtbot.waitUntil(lambda: window.api_host.in_flight == 1, timeout=10_000)
    assert window.stream is not None, "the window's reply ended before the API request came"
    qtbot.waitUntil(lambda: window.api_status.text() == f"API: serving at {base}  ·  "
                    "answering 1 request", timeout=5000)  # (its English form, not "(s)")
    story = last_reply(qtbot, window)
    api_waiting = window.api_host.in_flight
    ask_window(qtbot, window, FOLLOW_UP)
    title = last_reply(qtbot, window)
    qtbot.waitUntil(lambda: not asker.is_alive(), timeout=REPLY_TIMEOUT_MS)
    assert asker.error is None
    assert api_waiting == 1  # the window asked again while the API request was under way
    assert story == story_alone and title == title_alone
    assert asker.text == api_alone

    # The window's chat holds its own messages only; the API's are chats of their own.
    assert window.current is not None
    mine = window.ctx.store.load_conversation(window.current.id)
    assert mine is not None and mine.origin is None
    assert [(m.role, m.content) for m in mine.path()] == [
        (Role.USER, STORY), (Role.ASSISTANT, story_alone),
        (Role.USER, FOLLOW_UP), (Role.ASSISTANT, title_alone)]
    listed = window.ctx.store.list_conversations()
    api_chats = [c for c in listed if c.origin == "api"]
    assert len(listed) == 2 and len(api_chats) == 1
    for chat in api_chats:
        saved = window.ctx.store.load_conversation(chat.id)
        assert saved is not None and saved.system_prompt == API_MESSAGES[0]["content"]
        assert [(m.role, m.content) for m in saved.path()] == [
            (Role.USER, API_MESSAGES[1]["content"]), (Role.ASSISTANT, api_alone)]

    # In the window's list, marked "API" (and said so to a screen reader).
    chat_list: ChatList = window.chat_list
    qtbot.waitUntil(lambda: set(chat_list.ids()) == {c.id for c in listed}, timeout=5000)
    for chat in listed:
        item = chat_list.item_for(chat.id)
        assert item is not None
        marked = chat.origin == "api"
        assert chat_list.is_api_chat(chat.id) == marked
        assert item.text().startswith("API · ") == marked
    # In `fireside chats`: an "API" column, and the origin in the JSON.
    rows = json.loads(subprocess.run(
        [sys.executable, "-m", "app", "chats", "--json", "--data-dir", str(data_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=True).stdout)
    assert {r["id"]: r["origin"] for r in rows} == {c.id: c.origin for c in listed}
    text = subprocess.run([sys.executable, "-m", "app", "chats", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          check=True).stdout.splitlines()
    for chat in listed:
        line = next(line for line in text if line.startswith(chat.id))
        assert (" msgs  API  " in line) == (chat.origin == "api"), line


def test_closing_the_window_stops_an_answer_under_way_at_once(
        qtbot: QtBot, data_dir: Path, starter_model: Path) -> None:
    window, base = serving_window(qtbot, data_dir)
    pieces: list[str] = []
    ended = threading.Event()

    def ask() -> None:
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=120)
        try:
            for chunk in client.chat.completions.create(
                    model=STARTER_MODEL_ID, max_tokens=3000, stream=True,  # type: ignore[arg-type]
                    messages=[{"role": "user", "content": "Write a very long essay."}]):
                pieces.extend(c.delta.content or "" for c in chunk.choices)
        except openai.APIError:
            pass  # the server went away mid-answer: expected
        finally:
            ended.set()

    threading.Thread(target=ask, daemon=True).start()
    try:
        qtbot.waitUntil(lambda: len(pieces) > 5, timeout=REPLY_TIMEOUT_MS)
    finally:
        started = time.monotonic()
        window.shutdown()  # the model thread is joined: the answer must stop now
        took = time.monotonic() - started
    assert took < 1.0, f"closing took {took:.2f} s"
    assert ended.wait(10)
    port = int(base.rsplit(":", 1)[1].split("/")[0])

    def refused() -> bool:  # (uvicorn's own thread lets go of the port a moment later)
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) != 0

    assert wait_for(refused, timeout=5)


def test_api_naming_another_model_leaves_the_window_its_own(
        qtbot: QtBot, data_dir: Path, starter_model: Path) -> None:
    from gguf_factory import write_tiny_model

    from app.core.paths import AppPaths

    write_tiny_model(AppPaths.resolve(data_dir).ensure().models_dir / "other.gguf")
    window, base = serving_window(qtbot, data_dir)
    states: list[str] = []
    window.host.sig_status.connect(states.append)
    try:
        ask_window(qtbot, window, STORY)
        story = last_reply(qtbot, window)
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=120)
        raw = client.chat.completions.with_raw_response.create(
            model="file:other.gguf", messages=[{"role": "user", "content": "hi"}],
            max_tokens=4)
        assert float(raw.headers["x-fireside-load-seconds"]) > 0  # loaded for the API
        assert window.loaded_model is not None and window.loaded_model.id == STARTER_MODEL_ID
        ask_window(qtbot, window, FOLLOW_UP)
        title = last_reply(qtbot, window)
        assert window.current is not None
        chat = window.ctx.store.load_conversation(window.current.id)
        assert chat is not None
        assert [m.model_id for m in chat.path() if m.role == Role.ASSISTANT] == [
            STARTER_MODEL_ID, STARTER_MODEL_ID]
        qtbot.waitUntil(lambda: window.host.worker.slot.loaded_id == STARTER_MODEL_ID)
    finally:
        window.shutdown()
    assert any("Loading SmolLM2" in s for s in states)  # the window's model came back
    assert story and title and title != story


def test_a_reply_waiting_behind_api_requests_says_so(
        qtbot: QtBot, data_dir: Path, starter_model: Path) -> None:
    window, base = serving_window(qtbot, data_dir)
    states: list[str] = []
    done = threading.Event()

    def ask() -> None:
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=120)
        try:
            client.chat.completions.create(
                model=STARTER_MODEL_ID, max_tokens=150, temperature=0,
                messages=[{"role": "user", "content": "Write a long story."}])
        finally:
            done.set()

    threading.Thread(target=ask, daemon=True).start()
    try:
        qtbot.waitUntil(lambda: window.api_host.in_flight == 1, timeout=10_000)
        ask_window(qtbot, window, STORY)
        states.append(window.status_label.text())
        qtbot.waitUntil(lambda: window.chat_view.messages[-1].source != "",
                        timeout=REPLY_TIMEOUT_MS)
        states.append(window.status_label.text())
        last_reply(qtbot, window)
    finally:
        window.shutdown()
    assert done.wait(30)
    assert "waiting for the API's requests to finish" in states[0]
    assert "generating…" in states[1]
