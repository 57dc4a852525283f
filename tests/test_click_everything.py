"""Every button and menu action of the main window, the Models window and Settings is
clicked, and a slot that raises fails the test (pytest-qt's exception capture).

Controls are found, not listed: every QAbstractButton of a window, every action of its
menu bar and widgets, every action of the context menus its widgets offer.  A control
is known by the attribute holding it (``MessageActions#questionActions.branch_button``), else
by its owner and text (``ChatList:Rename…``), so one added later is clicked too, or
named as unreached.  Dialogs, file choosers, the file manager and quitting are replaced
by recorders; the only network is the tests' local server.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clicker import (
    Clicker,
    Sandbox,
    sandbox_fixture,  # noqa: F401  (the `sandbox` fixture)
)
from fake_hub import REPO, install_fake_hub
from gguf_factory import write_tiny_model
from huggingface_hub import constants as hub_constants
from huggingface_hub.utils import _detect_agent
from local_server import LocalServer, Route
from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.core.catalog import load_catalog
from app.core.chat_transfer import export_chats
from app.core.context import AppContext
from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.hub import search_gguf
from app.core.installed import STARTER_MODEL_ID, is_verified_cached
from app.core.localdocs.retrieval import Source
from app.core.network import set_offline
from app.core.presets import Preset, export_presets
from app.ui.about_dialog import AboutDialog
from app.ui.main_window import MainWindow
from app.ui.settings.settings_window import SettingsWindow

pytestmark = pytest.mark.qt_log_ignore("does not support grabbing")  # menus pop up offscreen
def long_chat(context: AppContext) -> Conversation:
    """42 messages (the oldest wait behind "Show earlier messages"); the last answer has
    two versions, thinking and a code block."""
    chat = context.store.create_conversation(Conversation(title="Clicked through"))
    answer: Message | None = None
    for n in range(21):
        question = context.store.add_message(chat.id, Message(
            Role.USER, f"Question {n}?", parent_id=answer.id if answer else None))
        answer = context.store.add_message(chat.id, Message(
            Role.ASSISTANT, f"Answer {n}.", parent_id=question.id))
    cited = context.paths.data_dir / "cited.md"  # a LocalDocs source under the answer
    cited.write_text("# Cited\n\nA sentence the answer drew on.\n", encoding="utf-8")
    source = Source(1, "Notes", str(cited), None, "Cited", 3, 3, "A sentence the answer drew on.")
    context.store.add_message(chat.id, Message(
        Role.ASSISTANT, "<think>Weighing it.</think>So [1]:\n```python\nprint(1)\n```",
        parent_id=question.id, sources=[source.to_dict()]))
    return chat


def entry(model_id: str, data: bytes, url: str) -> dict[str, object]:
    return {"id": model_id, "name": model_id.title(), "filename": f"{model_id}.gguf",
            "urls": [url], "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "parameters": "1M", "license": "MIT", "description": "A tiny random model."}


@pytest.fixture
def world(qtbot: QtBot, data_dir: Path, tiny_model: Path, sandbox: Sandbox,
          caplog: pytest.LogCaptureFixture) -> Iterator[tuple[MainWindow, Clicker]]:
    """The real main window, the tiny model loaded; every model URL is the local server's
    (a slow one for a download to pause, a fake Hugging Face hub, 404 for the rest)."""
    data, picks = tiny_model.read_bytes(), sandbox.picks["folder"].parent
    with LocalServer() as server:
        install_fake_hub(server, data)
        server.add("/tiny-fetch.gguf", Route(data=data, bytes_per_second=len(data) / 60))
        models = [m.model_dump(mode="json") | {"urls": [server.url(f"/gone/{m.filename}")]}
                  for m in load_catalog().models]
        models += [entry("tiny-test", data, server.url("/tiny-test.gguf")),
                   entry("tiny-fetch", data, server.url("/tiny-fetch.gguf"))]
        catalog = json.dumps({"schema_version": 1, "models": models}).encode()
        server.add("/catalog.json", Route(data=catalog))
        context = AppContext.open(data_dir)
        context.paths.catalog_cache.parent.mkdir(parents=True, exist_ok=True)
        context.paths.catalog_cache.write_bytes(catalog)  # as if refreshed from the server
        context.reload_catalog()
        shutil.copy(tiny_model, context.models_dir / "tiny-test.gguf")
        shutil.copy(tiny_model, picks / "other-models" / "elsewhere.gguf")
        write_tiny_model(picks / "added.gguf", chat_template="{% if %}")  # "Fix the template…"
        (picks / "catalog.json").write_text(json.dumps({"schema_version": 1, "models": [
            entry("tiny-extra", data, server.url("/gone/tiny-extra.gguf"))]}))
        (picks / "presets.json").write_text(export_presets([Preset(name="Imported")]))
        export_chats(context, picks / "chats.json", long_chat(context).id)
        settings = context.settings
        settings.selected_model, settings.generation.max_tokens = "tiny-test", 48
        settings.catalog_url, settings.hub_endpoint = server.url("/catalog.json"), server.base
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        try:
            yield window, Clicker(qtbot, sandbox)
        finally:
            window.shutdown()
            set_offline(False)  # Settings → Offline mode, clicked, must not outlive the test
    assert sandbox.refused == [], "something tried to reach the internet"
    assert all(url.startswith("file://") for url in sandbox.urls), sandbox.urls
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_every_control_of_the_main_window_and_about(
        qtbot: QtBot, world: tuple[MainWindow, Clicker]) -> None:
    window, clicker = world
    clicker.held += [window.quit_action, window.stop_action]  # Quit last; Stop below

    def chat_open() -> None:
        window.open_chat(long_chat(window.ctx).id)
        window.show_welcome()
        if not window.banner.isVisible():
            window.banner.show_message("Something to dismiss.")
        questions = [w for w in window.chat_view.messages if w.message.role is Role.USER]
        questions[-1].start_editing()

    clicker.until_done(lambda: window, chat_open)
    window._use_model_id("tiny-test")
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == "tiny-test", timeout=10_000)
    window.new_chat()
    window.ctx.settings.generation.max_tokens = 400  # (about half a second of reply)
    window.input.setPlainText("Tell me a story.")
    window.send()  # Stop is enabled only while a reply streams
    clicker.held.remove(window.stop_action)
    assert clicker.sweep(window, settle_first=False) >= 1
    assert "MainWindow.stop_action" in clicker.clicked
    qtbot.waitUntil(lambda: window.stream is None, timeout=10_000)
    assert window.chat_view.messages[-1].message.status is MessageStatus.STOPPED

    def about() -> AboutDialog:
        shown = [d for d in window.findChildren(AboutDialog) if d.isVisible()]
        return shown[-1] if shown else window.open_about()

    clicker.until_done(about, lambda: None)
    clicker.click("MainWindow.quit_action", window.quit_action, window)  # the very last
    assert window._closed and not window.host._thread.isRunning()
    clicker.check("MainWindow", 35)
    # The paperclip attached the sandbox's file; its chip's ✕ took it off again.
    assert {"MainWindow.attach_button", "AttachmentChip#attachmentChip.remove_button"} <= \
        set(clicker.clicked)
    clicker.check("AboutDialog", 2)
    assert "Clicked through" in (clicker.box.save_dir / "fireside-chats.md").read_text()


def test_every_control_of_the_models_window(
        qtbot: QtBot, world: tuple[MainWindow, Clicker]) -> None:
    window, clicker = world
    models = window.open_models_window()

    def downloading_and_searched() -> None:
        models.show()
        models.filter_edit.setText("tiny")  # fewer cards to look through
        hub = models.hub_panel
        if not hub.cards:
            hub.query.setText("tiny")
            hub.search()
            qtbot.waitUntil(lambda: hub.repos.count() > 0, timeout=10_000)
            hub.repos.itemClicked.emit(hub.repos.item(0))
            qtbot.waitUntil(lambda: len(hub.cards) > 0, timeout=10_000)
        if not models.cards["tiny-fetch"].pause_button.isVisibleTo(models):
            models.download("tiny-fetch")
            qtbot.waitUntil(lambda: models.cards["tiny-fetch"].pause_button.isVisibleTo(
                models), timeout=10_000)

    clicker.until_done(lambda: models, downloading_and_searched)
    clicker.check("ModelsWindow", 10)


def test_every_control_of_the_compare_window(
        qtbot: QtBot, world: tuple[MainWindow, Clicker]) -> None:
    window, clicker = world
    compare = window.open_compare_window()

    def answered_and_votable() -> None:
        compare.show()
        qtbot.waitUntil(lambda: not compare.running, timeout=60_000)
        if compare.comparison is None or compare.comparison.voted \
                or not compare.tie_button.isVisible():
            compare.form.prompt.setPlainText("Say hello.")
            assert compare.compare()
            qtbot.waitUntil(lambda: not compare.running, timeout=60_000)

    clicker.until_done(lambda: compare, answered_and_votable)
    clicker.check("CompareWindow", 10)
    assert window.current is not None  # "Continue as chat" opened the chat it made
    assert list(clicker.box.save_dir.glob("fireside-comparison-*"))  # Export… wrote it


def test_every_control_of_settings(qtbot: QtBot, world: tuple[MainWindow, Clicker]) -> None:
    window, clicker = world
    opened: list[SettingsWindow] = []

    def settings_open() -> None:
        if not opened or not opened[-1].isVisible():
            opened.append(window.open_settings())
        opened[-1].model.show_model("tiny-test")  # that model's own settings
        opened[-1].presets.add_preset()  # a preset of one's own: its fields can be edited
        providers = opened[-1].providers
        assert providers is not None
        if providers.current() is None:  # a provider (on a closed loopback port), a model
            providers.add_provider()
            providers.url_edit.setText("http://127.0.0.1:9/v1")
            providers.url_edit.textEdited.emit(providers.url_edit.text())
            providers.key_edit.setText("sk-test")
            providers.key_edit.textEdited.emit("sk-test")
            providers.model_edit.setText("some-model")
            providers.add_model()
            providers.models.setCurrentRow(0)
        docs = opened[-1].localdocs
        assert docs is not None
        def two_folders() -> list[str]:
            return [o.collection.name for o in docs.overview if len(o.collection.folders) > 1]

        if not two_folders():  # a collection of two folders (the second one chosen)
            picks = clicker.box.picks["folder"]
            window.docs_host.started().add_collection("Clicked", [str(picks),
                                                                  str(picks.parent)]).result(10)
            window.docs_host.refresh()
            qtbot.waitUntil(lambda: bool(two_folders()), timeout=10_000)
        docs.table.selectRow([o.collection.name for o in docs.overview].index(two_folders()[0]))
        docs.folders.setCurrentRow(1)

    clicker.until_done(lambda: opened[-1], settings_open)
    clicker.check("SettingsWindow", 25)
    assert json.loads((clicker.box.save_dir / "fireside-presets.json").read_text())["presets"]


def test_the_clicker_reports_a_slot_that_raises(qtbot: QtBot, sandbox: Sandbox) -> None:
    def broken() -> None:
        raise TypeError("'QPushButton' object is not callable")

    root, center, pages, page = QMainWindow(), QWidget(), QtWidgets.QStackedWidget(), QWidget()
    qtbot.addWidget(root)
    QtWidgets.QVBoxLayout(page).addWidget(button := QtWidgets.QPushButton("Broken"))
    button.clicked.connect(broken)
    pages.addWidget(QtWidgets.QPushButton("Fine"))
    pages.addWidget(page)  # not the current page: the clicker turns to it
    items, off = QtWidgets.QListWidget(), QtWidgets.QPushButton("Off")
    items.addItem("a chat")
    items.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    (menu := QMenu(items)).addAction("Broken too", broken)
    items.customContextMenuRequested.connect(lambda _point: menu.exec())
    off.setEnabled(False)
    layout = QtWidgets.QVBoxLayout(center)
    for widget in (pages, items, off):
        layout.addWidget(widget)
    root.setCentralWidget(center)
    root.menuBar().addMenu("&File").addAction("&Broken menu item", broken)
    root.show()
    clicker = Clicker(qtbot, sandbox)
    assert clicker.sweep(root) == 4
    assert sorted(clicker.clicked) == ["QMainWindow:Broken", "QMainWindow:Broken menu item",
                                       "QMainWindow:Broken too", "QMainWindow:Fine"]
    assert sorted(f.split(" (or")[0] for f in clicker.failures) == [
        "QMainWindow:Broken", "QMainWindow:Broken menu item", "QMainWindow:Broken too"]
    assert all("TypeError: 'QPushButton' object is not callable" in f for f in clicker.failures)
    with pytest.raises(AssertionError, match="slots raised"):
        clicker.check("QMainWindow", 4)
    clicker.failures.clear()
    with pytest.raises(AssertionError, match=r"no click could reach: \['QMainWindow:Off'\]"):
        clicker.check("QMainWindow", 4)


def test_verify_again_survives_the_list_being_rebuilt(
        qtbot: QtBot, world: tuple[MainWindow, Clicker]) -> None:
    context = world[0].ctx
    starter = next((m for m in context.installed if m.id == STARTER_MODEL_ID), None)
    if starter is None:
        pytest.skip("the starter model (a file big enough to hash for a while) is missing")
    models = world[0].open_models_window()
    with qtbot.capture_exceptions() as raised:
        qtbot.mouseClick(models.rows[starter.id].verify_button, Qt.MouseButton.LeftButton)
        models.rebuild()  # while the file is hashed
        qtbot.waitUntil(lambda: is_verified_cached(starter, context.checksums) is not None,
                        timeout=30_000)
        qtbot.wait(100)
    assert raised == []
    assert models.rows[starter.id].verify_label.text() == "sha256 verified"


def test_a_hub_search_contacts_only_the_hub_it_was_given(
        sandbox: Sandbox, tiny_model: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_detect_agent, "_registry", None)  # a fresh process ...
    monkeypatch.setattr(hub_constants, "AGENT_HARNESSES_PATH", str(tmp_path / "agents.json"))
    with LocalServer() as server:  # ... without a copy of the registry cached
        install_fake_hub(server, tiny_model.read_bytes())
        assert [r.id for r in search_gguf("tiny", endpoint=server.base)] == [
            REPO, "other/Thing-GGUF"]
    assert sandbox.refused == []
