"""The real window, driven by pytest-qt, chatting with the real starter model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.conversation import MessageStatus, Role
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
REPLY_TIMEOUT_MS = 60_000


@pytest.fixture
def window(starter_window: MainWindow) -> MainWindow:
    return starter_window


def type_and_enter(qtbot: QtBot, window: MainWindow, text: str) -> None:
    qtbot.keyClicks(window.input, text)
    qtbot.keyClick(window.input, Qt.Key.Key_Return)


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_TIMEOUT_MS)


def test_starter_model_is_selected_and_loaded_on_first_run(window: MainWindow) -> None:
    assert window.loaded_model is not None and window.loaded_model.source == "bundled"
    assert "ready" in window.status_label.text()
    assert window.host.worker.thread() is not QApplication.instance().thread()


def test_enter_sends_and_the_reply_streams_in(qtbot: QtBot, window: MainWindow) -> None:
    type_and_enter(qtbot, window, "What is the capital of France?")
    assert window.send_button.text() == "Stop"
    assert window.input.toPlainText() == ""
    wait_idle(qtbot, window)
    user, reply = window.chat_view.messages
    assert user.source == "What is the capital of France?"
    assert "Paris" in reply.source
    assert window.send_button.text() == "Send"
    assert "tokens/s" in window.status_label.text()
    stored = window.ctx.store.load_conversation(window.current.id)  # type: ignore[union-attr]
    assert stored is not None
    assert [m.role for m in stored.messages] == [Role.USER, Role.ASSISTANT]
    assert stored.messages[1].content == reply.source
    assert stored.messages[1].status is MessageStatus.COMPLETE


def test_shift_enter_adds_a_line_without_sending(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.input, "line one")
    qtbot.keyClick(window.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.input, "line two")
    assert window.input.toPlainText() == "line one\nline two"
    assert window.stream is None and window.current is None


def test_stop_ends_the_reply_quickly_and_keeps_it(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.settings.generation.max_tokens = 3000
    type_and_enter(qtbot, window, "Write a very long story about a dragon and a knight.")
    qtbot.waitUntil(lambda: len(window.chat_view.messages[-1].source) > 40, timeout=30_000)
    pressed = time.perf_counter()
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert time.perf_counter() - pressed < 0.2
    reply = window.chat_view.messages[-1]
    assert reply.message.status is MessageStatus.STOPPED
    assert "stopped" in reply.status_label.text()
    stored = window.ctx.store.load_conversation(window.current.id)  # type: ignore[union-attr]
    assert stored is not None and stored.messages[-1].status is MessageStatus.STOPPED
    assert stored.messages[-1].content == reply.source and len(reply.source) > 40


def test_switching_chats_and_new_chat(qtbot: QtBot, window: MainWindow) -> None:
    type_and_enter(qtbot, window, "Hello, who are you?")
    wait_idle(qtbot, window)
    first = window.current
    qtbot.mouseClick(window.new_chat_button, Qt.MouseButton.LeftButton)
    assert window.current is None and window.chat_view.messages == []
    type_and_enter(qtbot, window, "Name a fruit.")
    wait_idle(qtbot, window)
    assert len(window.chat_list.ids()) == 2
    item = window.chat_list.item_for(first.id)  # type: ignore[union-attr]
    rect = window.chat_list.visualItemRect(item)
    qtbot.mouseClick(window.chat_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window.current is not None and window.current.id == first.id  # type: ignore[union-attr]
    assert window.chat_view.messages[0].source == "Hello, who are you?"


def test_chats_are_there_after_closing_and_reopening(qtbot: QtBot, data_dir: Path,
                                                     starter_model: Path) -> None:
    first = open_window(qtbot, data_dir)
    type_and_enter(qtbot, first, "Remember the word apple.")
    wait_idle(qtbot, first)
    answer = first.chat_view.messages[-1].source
    first.close()
    assert not first.host._thread.isRunning()
    second = open_window(qtbot, data_dir)
    try:
        assert len(second.chat_list.ids()) == 1
        second.open_chat(second.chat_list.ids()[0])
        assert [m.source for m in second.chat_view.messages] == ["Remember the word apple.",
                                                                 answer]
    finally:
        second.shutdown()


def test_a_file_that_is_not_gguf_shows_a_message_and_the_app_still_works(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "holiday-photo.gguf"
    bad.write_bytes(b"\xff\xd8\xff\xe0 JFIF not a model" * 50)
    assert not window.add_model_file(bad)
    assert window.banner.isVisible()
    assert "not a GGUF model file" in window.banner.label.text()
    type_and_enter(qtbot, window, "What is the capital of France?")
    wait_idle(qtbot, window)
    assert "Paris" in window.chat_view.messages[-1].source


def test_a_model_that_fails_to_load_shows_why_and_the_one_before_answers_on(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, tmp_path: Path) -> None:
    starter = window.loaded_model
    assert starter is not None
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(tiny_model.read_bytes()[:-50_000])
    with qtbot.waitSignal(window.host.sig_load_failed, timeout=30_000) as failed, \
            qtbot.waitSignal(window.host.sig_kept, timeout=30_000):
        assert window.add_model_file(broken)
    assert failed.args is not None and "broken.gguf" in failed.args[1]
    assert window.banner.isVisible() and window.banner.label.text() == failed.args[1]
    assert window.loaded_model is not None and window.loaded_model.id == starter.id
    assert window.model_picker.currentData() == starter.id
    assert starter.name in window.status_label.text()
    type_and_enter(qtbot, window, "What is the capital of France?")
    wait_idle(qtbot, window)
    assert "Paris" in window.chat_view.messages[-1].source
    assert window.current is not None
    stored = window.ctx.store.load_conversation(window.current.id)
    assert stored is not None and stored.messages[-1].model_id == starter.id


def test_a_prompt_longer_than_the_context_shows_a_message(qtbot: QtBot, window: MainWindow) -> None:
    window.input.setPlainText("hello " * 5000)
    window.send()
    wait_idle(qtbot, window)
    assert "too long for the model's context" in window.banner.label.text()
    stored = window.ctx.store.load_conversation(window.current.id)  # type: ignore[union-attr]
    assert stored is not None and stored.messages[0].content.startswith("hello hello")


def test_scroll_follows_only_at_the_bottom(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.settings.generation.max_tokens = 400
    window.resize(520, 320)  # a small window, so the reply overflows it
    type_and_enter(qtbot, window, "Write a very long story about a dragon and a knight.")
    bar = window.chat_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 50, timeout=30_000)
    assert bar.value() == bar.maximum()  # following the stream
    bar.setValue(0)  # the user scrolls up to read
    assert not window.chat_view.follow
    wait_idle(qtbot, window)
    assert bar.value() == 0


def test_starting_and_chatting_make_no_network_connection(
        qtbot: QtBot, data_dir: Path, starter_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[object] = []

    def refuse(_sock: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use is not allowed here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    win = open_window(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: win.loaded_model is not None, timeout=30_000)
        type_and_enter(qtbot, win, "What is the capital of France?")
        wait_idle(qtbot, win)
        assert "Paris" in win.chat_view.messages[-1].source
    finally:
        win.shutdown()
    assert attempts == []


def test_copy_buttons_copy_the_message_and_the_code(qtbot: QtBot, window: MainWindow) -> None:
    from app.ui.message_widget import CodeSegment

    type_and_enter(qtbot, window, "Write a Python function that adds two numbers, in a "
                                  "code block.")
    wait_idle(qtbot, window)
    reply = window.chat_view.messages[-1]
    qtbot.mouseClick(reply.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == reply.source
    codes = reply.findChildren(CodeSegment)
    assert codes, reply.source
    qtbot.mouseClick(codes[0].copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == codes[0].code.rstrip("\n")
    assert "def " in codes[0].code and "```" not in codes[0].code


def test_the_model_thread_prepares_the_next_turn(qtbot: QtBot, window: MainWindow) -> None:
    engine = window.host.worker.engine
    # Loading evaluated the system prompt and the opening of a user turn.
    qtbot.waitUntil(lambda: engine.cached_tokens > 5, timeout=10_000)
    results = []
    window.host.sig_finished.connect(lambda _rid, result: results.append(result))
    type_and_enter(qtbot, window, "Name a colour.")
    wait_idle(qtbot, window)
    first = results[-1]
    # The reply's tokens are cached, except a last one cut by the length limit.
    after_reply = first.prompt_tokens + first.completion_tokens - (first.finish_reason != "stop")
    # While the user reads, the end of the reply and the next turn's opening are added.
    qtbot.waitUntil(lambda: engine.cached_tokens > after_reply, timeout=10_000)
    type_and_enter(qtbot, window, "And another?")
    wait_idle(qtbot, window)
    second = results[-1]
    # Only the new question (and the assistant marker) was evaluated: everything up to
    # the opening of the new user turn was ready (the title request shares it too).
    assert window.current is not None
    history = window.ctx.store.load_conversation(window.current.id).prompt_messages(  # type: ignore[union-attr]
        window.ctx.settings.system_prompt)[:-1]
    prompt = engine.render_prompt(history)
    opening = prompt[:prompt.rindex("And another?")]
    ready = len(engine.tokenize_prompt(opening))
    # The prefill leaves the opening's last token out; the title request (a user turn
    # itself) may already have evaluated it.
    assert second.prompt_tokens - ready <= second.prompt_tokens_evaluated \
        <= second.prompt_tokens - ready + 1
    assert second.prompt_tokens_evaluated <= 12


def test_rich_label_height_follows_text_and_font(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel

    from app.ui.message_widget import RichLabel

    label, reference = RichLabel(), QLabel()
    qtbot.addWidget(label)
    qtbot.addWidget(reference)
    reference.setWordWrap(True)
    reference.setTextFormat(Qt.TextFormat.RichText)
    label.setText("<p>short</p>")
    short = label.heightForWidth(200)
    text = "<p>" + "many words that wrap " * 40 + "</p>"
    label.setText(text)
    reference.setText(text)
    assert label.heightForWidth(200) == reference.heightForWidth(200) > short
    font = label.font()
    font.setPointSize(font.pointSize() * 2)
    label.setFont(font)
    reference.setFont(font)
    assert label.heightForWidth(200) == reference.heightForWidth(200)


def test_kill_9_of_the_window_mid_reply_keeps_the_chat(qtbot: QtBot, data_dir: Path,
                                                       starter_model: Path) -> None:
    """The window's process is killed while a reply streams: the chat is all there after.

    A reply that ends before the kill proves nothing, so that round is run again.
    """
    import signal
    import subprocess
    import sys

    from app.core.storage import ChatStore

    config = data_dir / "config" / "settings.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('{"schema_version": 1, "generation": {"max_tokens": 4000}}')
    driver = Path(__file__).with_name("gui_driver.py")
    for attempt in range(1, 6):
        proc = subprocess.Popen(
            [sys.executable, str(driver), str(data_dir),
             f"Round {attempt}: write a very long essay, with many sections, about dragons."],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        shown = 0
        deadline = time.monotonic() + 60
        while shown < 200 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            shown = int(line.split()[1])
        time.sleep(1.2)  # at least one periodic save of the text above
        finished_first = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = ChatStore(data_dir / "chats.sqlite3")
        assert store.integrity_ok()
        newest = store.load_conversation(store.list_conversations()[0].id)
        store.close()
        assert newest is not None
        question, reply = newest.messages
        assert question.content.startswith(f"Round {attempt}")
        if not finished_first and reply.status is MessageStatus.INTERRUPTED:
            assert len(reply.content) >= 150
            break
    else:
        pytest.fail("every reply ended before the kill")
    # The window opened again shows the chat, the partial reply marked interrupted.
    window = open_window(qtbot, data_dir)
    try:
        assert len(window.chat_list.ids()) == attempt
        window.open_chat(newest.id)
        widgets = window.chat_view.messages
        assert widgets[0].source == question.content
        assert widgets[1].source == reply.content
        assert "interrupted" in widgets[1].status_label.text()
    finally:
        window.shutdown()


def test_a_chat_longer_than_the_context_keeps_going_and_shows_where_memory_starts(
        qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.settings.generation.context_length = 512
    window.ctx.settings.generation.max_tokens = 40
    window.load_model(window.loaded_model)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: window.model_info is not None and window.model_info.n_ctx == 512,
                    timeout=30_000)
    results = []
    window.host.sig_finished.connect(lambda _rid, result: results.append(result))
    for n in range(8):
        window.input.setPlainText(f"Question {n}: " + "tell me more about rivers and lakes. " * 8)
        window.send()
        wait_idle(qtbot, window)
        if results and results[-1].dropped_messages:
            break
    assert results[-1].dropped_messages > 0, "the chat never outgrew the context"
    assert not window.banner.isVisible()
    marker = window.chat_view._memory_marker
    assert marker is not None and "no longer fit" in marker.text()
    assert "context" in window.status_label.text() and "/ 512 tokens" in window.status_label.text()
    # The marker sits right before the first message the model still sees.
    layout = window.chat_view._layout
    after = layout.itemAt(layout.indexOf(marker) + 1).widget()
    assert after in window.chat_view.messages and after.message.role.value == "user"


def test_each_chat_remembers_its_model(qtbot: QtBot, window: MainWindow, tiny_model: Path) -> None:
    starter = window.loaded_model
    assert starter is not None
    window.input.setPlainText("Hello starter")
    window.send()
    wait_idle(qtbot, window)
    first = window.current
    assert first is not None
    window.new_chat()
    assert window.add_model_file(tiny_model)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.path == tiny_model.resolve(), timeout=30_000)
    window.input.setPlainText("Hello tiny")
    window.send()
    wait_idle(qtbot, window)
    second = window.current
    assert second is not None and second.model_id == window.loaded_model.id  # type: ignore[union-attr]
    window.open_chat(first.id)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == starter.id, timeout=30_000)
    assert window.model_picker.currentData() == starter.id
    window.open_chat(second.id)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.path == tiny_model.resolve(), timeout=30_000)
    # Switching model mid-chat continues the same history with the new model.
    window.open_chat(first.id)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == starter.id, timeout=30_000)
    window._use_model_id(second.model_id)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.path == tiny_model.resolve(), timeout=30_000)
    window.input.setPlainText("Now you")
    window.send()
    wait_idle(qtbot, window)
    stored = window.ctx.store.load_conversation(first.id)
    assert stored is not None and stored.model_id == second.model_id
    assert [m.model_id for m in stored.messages if m.role is Role.ASSISTANT] == [
        starter.id, second.model_id]


def test_a_reply_cut_by_the_length_limit_is_marked_cut(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.settings.generation.max_tokens = 5
    type_and_enter(qtbot, window, "Tell me a long story about a lighthouse keeper.")
    wait_idle(qtbot, window)
    reply = window.chat_view.messages[-1]
    assert reply.message.status is MessageStatus.LENGTH
    assert "cut off" in reply.status_label.text()
    assert window.current is not None
    stored = window.ctx.store.load_conversation(window.current.id)
    assert stored is not None and stored.messages[-1].status is MessageStatus.LENGTH
