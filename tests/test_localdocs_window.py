"""LocalDocs in the chat window (issue 14): the header's LocalDocs button chooses a chat's
collections (saved, restored, none for a new chat), a reply searches them off the GUI
thread and shows its Sources (saved, shown again), a source opens its file (a PDF at its
page) or shows in context, and what goes wrong — a file gone, a collection removed, a
damaged index, Stop while searching — is said, never a crash.

Real windows, a real index built from real files, the real starter model."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from docs_factory import qt_pdf
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.exceptions import TimeoutError as QtTimeoutError
from pytestqt.qtbot import QtBot
from test_accessibility import unnamed_or_unreachable

from app.core.context import AppContext
from app.core.conversation import MessageStatus, Role
from app.core.localdocs import library as library_module
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.store import DocsStore
from app.ui.main_window import MainWindow
from app.ui.message_widget import MessageWidget
from app.ui.sources_view import SourceDialog, show_sources

pytestmark = pytest.mark.qt_log_ignore("does not support grabbing")  # menus, offscreen
REPLY_MS = 60_000
ANSWERED = (MessageStatus.COMPLETE, MessageStatus.LENGTH)  # (replies are cut short here)


def index_collection(data_dir: Path, name: str, folder: Path) -> None:
    """Add ``folder`` as collection ``name`` and index it, as `fireside docs` would."""
    store = DocsStore(data_dir / "localdocs.sqlite3")
    try:
        Indexer(store).index(store.add_collection(name, [str(folder)]))
    finally:
        store.close()


def lighthouse_docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    qt_pdf(folder / "lighthouse.pdf", ["The lighthouse was built in 1890 on the north cape.",
                                       "The keeper feeds the gulls every evening."])
    (folder / "bakery.md").write_text("# Bakery\n\nBread is baked at four.\n",
                                      encoding="utf-8")
    return folder


def tick(window: MainWindow, *names: str) -> None:
    """Open the header's LocalDocs menu and click each collection's check box."""
    menu = window.docs_button.menu_
    menu.popup(window.docs_button.mapToGlobal(window.docs_button.rect().bottomLeft()))
    for name in names:
        action = next(a for a in window.docs_button.collection_actions if a.data() == name)
        QtBot(menu).mouseClick(menu, Qt.MouseButton.LeftButton,
                               pos=menu.actionGeometry(action).center())
    assert menu.isVisible()  # the menu stays open while boxes are ticked
    menu.hide()


def ask(qtbot: QtBot, window: MainWindow, text: str) -> MessageWidget:
    window.ctx.settings.generation.max_tokens = 8  # (the words do not matter: the sources do)
    window.input.setPlainText(text)
    window.send()
    try:
        qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_MS)
    except QtTimeoutError as exc:  # say where it stood
        last = window.chat_view.messages[-1] if window.chat_view.messages else None
        raise AssertionError(
            f"no reply in {REPLY_MS} ms: status {window.status_label.text()!r}, reply "
            f"{last.status_label.text() if last else None!r} "
            f"{last.message.content[:80] if last else None!r}") from exc
    return window.chat_view.messages[-1]


def record_threads(monkeypatch: pytest.MonkeyPatch,
                   delay: float = 0.0) -> list[threading.Thread]:
    """The threads retrieval runs on (the real retrieval, wrapped)."""
    seen: list[threading.Thread] = []
    real: Callable[..., Any] = library_module.retrieve

    def recorded(*args: Any, **kwargs: Any) -> Any:
        seen.append(threading.current_thread())
        time.sleep(delay)
        return real(*args, **kwargs)

    monkeypatch.setattr(library_module, "retrieve", recorded)
    return seen


def test_collections_are_chosen_in_the_header_saved_and_restored(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "manuals").mkdir()
    (tmp_path / "manuals" / "oven.md").write_text("The oven heats to 250 degrees.\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("Buy flour.\n")
    window = open_window(qtbot, data_dir, max_tokens=8)
    try:
        assert window.docs_button.label == "LocalDocs"
        window.docs_button.fill_menu()  # no collections yet: how to add one, clickable
        texts = [a.text() for a in window.docs_button.menu_.actions()]
        assert any("No collections yet" in t for t in texts)
        assert "Manage collections…" in texts
        window.docs_button.manage_action.trigger()  # Settings, on its LocalDocs page if any
        settings = window.settings_window
        assert settings is not None and settings.isVisible()
        shown = settings.sections.currentItem().data(Qt.ItemDataRole.UserRole)
        assert shown == "LocalDocs" or "fireside docs add" in window.banner.label.text()
        settings.close()
        index_collection(data_dir, "Manuals", tmp_path / "manuals")
        index_collection(data_dir, "Notes", tmp_path / "notes")
        tick(window, "Manuals", "Notes")  # before the new chat's first question
        assert window.docs_button.label == "LocalDocs: Manuals, Notes"
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        ask(qtbot, window, "How hot does the oven get?")
        chat = window.current
        assert chat is not None and chat.collections == ["Manuals", "Notes"]
        tick(window, "Notes")  # untick: saved at once
        assert window.docs_button.label == "LocalDocs: Manuals"
        saved = window.ctx.store.load_conversation(chat.id)
        assert saved is not None and saved.collections == ["Manuals"]
        window.new_chat()  # a new chat starts with none
        assert window.docs_button.label == "LocalDocs" and window.chat_collections() == []
        window.open_chat(chat.id)
        assert window.docs_button.label == "LocalDocs: Manuals"
        window.docs_button.fill_menu()
        ticked = {a.data(): a.isChecked() for a in window.docs_button.collection_actions}
        assert ticked == {"Manuals": True, "Notes": False}
    finally:
        window.shutdown()
    again = open_window(qtbot, data_dir)  # restarted: the chat keeps its choice
    try:
        again.open_chat(chat.id)
        assert again.docs_button.label == "LocalDocs: Manuals"
    finally:
        again.shutdown()


def test_a_reply_finds_its_sources_off_the_gui_thread_shows_and_keeps_them(
        qtbot: QtBot, starter_window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = starter_window
    folder = lighthouse_docs(tmp_path / "docs")
    index_collection(window.ctx.paths.data_dir, "Light", folder)
    threads = record_threads(monkeypatch, delay=0.3)  # (long enough to see the status)
    states: list[str] = []
    real_state = window._set_state
    monkeypatch.setattr(window, "_set_state", lambda s: (states.append(s), real_state(s)))
    tick(window, "Light")
    window.ctx.settings.generation.max_tokens = 8
    window.input.setPlainText("When was the lighthouse built?")
    window.send()
    reply = window.chat_view.messages[-1]
    assert "searching LocalDocs" in reply.status_label.text()  # said while it searches
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_MS)
    assert "searching LocalDocs…" in states
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert reply.message.status in ANSWERED and reply.message.content
    view = reply.sources_view
    assert view is not None and view.isVisible()
    first = view.rows[0]
    assert first.open_button.text().startswith("[1] lighthouse.pdf, page 1")
    assert "built in 1890" in first.snippet.text()
    assert "searching" not in reply.status_label.text()
    qtbot.mouseClick(view.toggle, Qt.MouseButton.LeftButton)  # folds away, and back
    assert not first.isVisible() and view.toggle.text() == f"Sources ({len(view.rows)})"
    qtbot.mouseClick(view.toggle, Qt.MouseButton.LeftButton)
    assert first.isVisible()
    assert unnamed_or_unreachable(view) == []  # named for a screen reader, reached by Tab
    chat = window.current
    assert chat is not None
    saved = window.ctx.store.load_conversation(chat.id)
    assert saved is not None
    answer = saved.path()[-1]
    assert answer.role is Role.ASSISTANT and answer.sources
    assert answer.sources[0]["path"] == str(folder / "lighthouse.pdf")
    assert answer.sources[0]["page"] == 1
    window.new_chat()  # reopened: the sources are shown again
    window.open_chat(chat.id)
    shown = window.chat_view.messages[-1].sources_view
    assert shown is not None and shown.rows[0].source.page == 1
    # A chat that uses no collection searches nothing.
    window.new_chat()
    before = len(threads)
    ask(qtbot, window, "Hello there.")
    assert len(threads) == before and window.chat_view.messages[-1].sources_view is None


def test_a_source_opens_its_file_at_its_page_or_in_context(
        qtbot: QtBot, starter_window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = starter_window
    folder = lighthouse_docs(tmp_path / "docs")
    index_collection(window.ctx.paths.data_dir, "Light", folder)
    opened: list[str] = []

    def capture(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(capture))
    window.choose_collections(["Light"])
    reply = ask(qtbot, window, "What does the keeper feed the gulls, and when is bread baked?")
    assert reply.sources_view is not None
    rows = {(Path(r.source.path).name, r.source.page): r for r in reply.sources_view.rows}
    pdf, markdown = rows["lighthouse.pdf", 2], rows["bakery.md", None]  # (the gulls: page 2)
    qtbot.mouseClick(pdf.open_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(folder / "lighthouse.pdf")).toString()
                      + "#page=2"]
    qtbot.mouseClick(markdown.open_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(folder / "bakery.md")).toString()
    # Show in context: the whole excerpt, where it is, and buttons to open it.
    qtbot.mouseClick(pdf.context_button, Qt.MouseButton.LeftButton)
    dialog = pdf.dialog
    assert isinstance(dialog, SourceDialog) and dialog.isVisible()
    assert "gulls every evening" in dialog.text.toPlainText()
    assert "lighthouse.pdf, page 2" in dialog.place_label.text()
    assert str(folder / "lighthouse.pdf") in dialog.details.text()
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == QUrl.fromLocalFile(str(folder)).toString()
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    assert opened[-1].endswith("lighthouse.pdf#page=2")
    dialog.close()
    # The file is gone: said so, nothing is opened.
    (folder / "lighthouse.pdf").rename(folder / "moved.pdf")
    count = len(opened)
    qtbot.mouseClick(pdf.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == count
    note = reply.sources_view.note
    assert note.isVisible() and "“lighthouse.pdf” is no longer there" in note.text()
    qtbot.mouseClick(pdf.context_button, Qt.MouseButton.LeftButton)
    gone = pdf.dialog
    assert gone is not None and not gone.open_file_button.isEnabled()
    assert "no longer there" in gone.note.text()
    assert "gulls every evening" in gone.text.toPlainText()  # the excerpt is still shown


def test_a_removed_collection_or_a_damaged_index_answers_without_sources(
        qtbot: QtBot, starter_window: MainWindow, tmp_path: Path) -> None:
    window = starter_window
    data = window.ctx.paths.data_dir
    index_collection(data, "Light", lighthouse_docs(tmp_path / "docs"))
    index_collection(data, "Spare", lighthouse_docs(tmp_path / "spare"))
    window.choose_collections(["Light", "Spare"])
    first = ask(qtbot, window, "When was the lighthouse built?")
    assert first.sources_view is not None
    store = DocsStore(data / "localdocs.sqlite3")  # removed in Settings after being chosen
    store.remove_collection("Light")
    store.remove_collection("Spare")
    store.close()
    reply = ask(qtbot, window, "When was the lighthouse built?")
    assert reply.message.status in ANSWERED and reply.message.content
    assert reply.sources_view is None and not reply.message.sources
    assert window.banner.isVisible()
    assert "the collection “Light” no longer exists" in window.banner.label.text()
    assert window.current is not None and window.current.collections == []
    assert window.docs_button.label == "LocalDocs"
    saved = window.ctx.store.load_conversation(window.current.id)
    assert saved is not None and saved.collections == []
    # A damaged index: said, and the answer goes on.
    window.choose_collections(["Light"])
    window.docs_search.worker.library.close()  # (as a new start would find it)
    (data / "localdocs.sqlite3").write_bytes(b"not a database at all " * 300)
    for suffix in ("-wal", "-shm"):
        (data / f"localdocs.sqlite3{suffix}").unlink(missing_ok=True)
    reply = ask(qtbot, window, "When was the lighthouse built?")
    assert reply.message.status in ANSWERED and reply.message.content
    assert reply.sources_view is None
    assert "LocalDocs could not be searched" in window.banner.label.text()
    assert "damaged" in window.banner.label.text()


def test_stop_while_searching_ends_the_reply_and_nothing_is_generated(
        qtbot: QtBot, starter_window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = starter_window
    index_collection(window.ctx.paths.data_dir, "Light", lighthouse_docs(tmp_path / "docs"))
    threads = record_threads(monkeypatch, delay=1.0)
    window.choose_collections(["Light"])
    window.input.setPlainText("When was the lighthouse built?")
    window.send()
    qtbot.waitUntil(lambda: bool(threads), timeout=5_000)
    window.stop()
    qtbot.waitUntil(lambda: window.stream is None, timeout=5_000)
    reply = window.chat_view.messages[-1]
    assert reply.message.status is MessageStatus.STOPPED and reply.message.content == ""
    qtbot.wait(1500)  # the search ends: it must not start a reply now
    assert window.stream is None and reply.message.content == ""
    assert window.send_button.text() == "Send"
    saved = window.ctx.store.load_conversation(window.current.id) if window.current else None
    assert saved is not None and saved.path()[-1].status is MessageStatus.STOPPED


def test_a_providers_model_answers_with_the_sources_too(
        qtbot: QtBot, data_dir: Path, starter_model: Path, tmp_path: Path) -> None:
    """The search does not depend on the model thread: a remote reply gets its sources
    (the user chose both the collection and a model whose messages leave the computer)."""
    from llama_server import llama_server

    from app.core.paths import AppPaths
    from app.core.providers import Provider, ProviderStore

    index_collection(data_dir, "Light", lighthouse_docs(tmp_path / "docs"))
    with llama_server(starter_model, tmp_path / "server.log") as base:
        ProviderStore.for_paths(AppPaths.resolve(data_dir).ensure()).save(
            [Provider(name="home", base_url=base, models=["smollm2"])])
        window = open_window(qtbot, data_dir, max_tokens=24)
        try:
            index = window.model_picker.findData("remote:home/smollm2")
            window.model_picker.setCurrentIndex(index)
            window.model_picker.activated.emit(index)
            assert window.remote_model is not None
            window.choose_collections(["Light"])
            reply = ask(qtbot, window, "When was the lighthouse built?")
            assert reply.message.status in ANSWERED, reply.status_label.text()
            assert reply.sources_view is not None
            assert reply.sources_view.rows[0].source.page == 1
            assert reply.message.model_id == "remote:home/smollm2"
        finally:
            window.shutdown()


def test_the_header_fits_a_narrow_window(qtbot: QtBot, tmp_path: Path) -> None:
    """The LocalDocs button gives way in a narrow window (its label elided, whole in its
    tool tip and accessible name) and shows all of it when there is room."""
    window = MainWindow(AppContext.open(tmp_path / "data"))
    qtbot.addWidget(window)
    window.show()
    try:
        window.docs_button.show_chosen(["Manuals", "Notes"])
        assert window.minimumSizeHint().width() <= 760
        window.resize(760, 520)
        qtbot.waitUntil(lambda: window.width() == 760, timeout=5000)
        qtbot.waitUntil(lambda: window.docs_button.text() == "LocalDocs", timeout=5000)
        assert window.docs_button.accessibleName() == "LocalDocs: Manuals, Notes"
        assert "Manuals, Notes" in window.docs_button.toolTip()
        window.splitter.setSizes([120, 2000])
        window.resize(1400, 520)
        qtbot.waitUntil(lambda: window.docs_button.text() == "LocalDocs: Manuals, Notes",
                        timeout=5000)
    finally:
        window.shutdown()


def test_sources_fit_a_narrow_window(qtbot: QtBot, tmp_path: Path) -> None:
    """Long source labels give way in a narrow window instead of making the answers
    wider than the chat (the new-user trial saw buttons cut off at 760 px)."""
    from app.core.conversation import Conversation, Message
    from app.core.localdocs.retrieval import Source

    context = AppContext.open(tmp_path / "data")
    sources = [Source(i, "Docs", f"/tmp/a_really_long_file_name_for_testing_{i}.html", None,
                      "How to repot an orchid › Steps › Watering and more", 23, 35,
                      "Soak the roots " * 30).to_dict() for i in (1, 2)]
    chat = context.store.create_conversation(Conversation("t", messages=[
        Message(Role.USER, "q"), Message(Role.ASSISTANT, "answer", sources=sources)]))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    try:
        window.resize(760, 600)
        window.open_chat(chat.id)
        qtbot.waitUntil(lambda: window.width() == 760, timeout=5000)
        view = window.chat_view
        qtbot.waitUntil(lambda: view.widget().width() <= view.viewport().width(),
                        timeout=5000)
        reply = view.messages[-1]
        assert reply.sources_view is not None
        row = reply.sources_view.rows[0]
        button = row.context_button  # "Show in context" is not cut off

        def right_edge() -> int:
            return button.mapTo(view.viewport(), button.rect().topRight()).x()

        qtbot.waitUntil(lambda: right_edge() <= view.viewport().width(), timeout=5000)
        assert button.isVisible() and row.open_button.width() >= 96
    finally:
        window.shutdown()


def test_sources_added_under_a_shown_reply_are_visible_at_once(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    """Not a turn of the event loop later (a layout shows a new child only then): a click
    straight after the reply must find them."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from app.core.localdocs.retrieval import Source

    reply = QWidget()
    layout = QVBoxLayout(reply)
    qtbot.addWidget(reply)
    reply.show()
    source = Source(1, "Notes", str(tmp_path / "a.md"), None, "A", 1, 1, "A sentence.")
    view = show_sources(reply, layout, [source.to_dict()], None)
    assert view is not None and view.isVisible()  # (no events processed in between)

