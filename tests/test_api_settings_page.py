"""Settings → API server in the real window (pytest-qt): turning the server on and off,
the port, the address and the key (copied, shown, replaced), the web origins, saving API
chats, and a port already taken — each checked against the real server over HTTP."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import keyring
import pytest
from fake_keyring import FileKeyring
from keyring.backends import fail
from openai_fault_server import free_port, wait_for
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.api_key import KEY_NAME
from app.core.context import AppContext
from app.core.secrets import SERVICE, forget_session_keys
from app.core.settings import SettingsStore
from app.ui.main_window import MainWindow
from app.ui.settings.api_page import ApiServerPage
from app.ui.settings.settings_window import SettingsWindow

TINY = "file:tiny-test.gguf"
KEYRING_ENTRY = f"{SERVICE}\n{KEY_NAME}"


def tiny_context(data_dir: Path, tiny_model: Path) -> AppContext:
    context = AppContext.open(data_dir)
    shutil.copy(tiny_model, context.models_dir / "tiny-test.gguf")
    context.rescan()
    context.settings.selected_model = TINY
    context.settings.generation.max_tokens = 8
    context.settings.welcome_shown = True
    return context


def start_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
    return window


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, tiny_model: Path,
           secret_store: FileKeyring) -> Iterator[MainWindow]:
    """The real window with a tiny model, the test secret store, the server off."""
    window = start_window(qtbot, tiny_context(data_dir, tiny_model))
    yield window
    window.shutdown()


def api_page(window: MainWindow) -> tuple[SettingsWindow, ApiServerPage]:
    dialog = window.open_settings("API server")
    assert dialog.api is not None and dialog.pages.currentWidget() is dialog.api
    return dialog, dialog.api


def press(qtbot: QtBot, dialog: SettingsWindow, which: str = "Ok") -> None:
    button = dialog.buttons.button(getattr(dialog.buttons.StandardButton, which))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def get(url: str, key: str | None = None, origin: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if origin:
        headers["Origin"] = origin
    return httpx.get(url, headers=headers, timeout=10)


def refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def saved(window: MainWindow) -> dict[str, object]:
    return SettingsStore(window.ctx.paths.settings_file).load().api_server.model_dump()


def test_turned_on_it_serves_at_the_port_chosen_and_turned_off_it_stops(
        qtbot: QtBot, window: MainWindow, secret_store: FileKeyring) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    dialog, page = api_page(window)
    assert not page.enabled.isChecked() and page.port.value() == 4891
    assert page.address.text() == "http://127.0.0.1:4891/v1"
    assert page.status.text() == "Not serving."
    page.port.setValue(port)
    assert page.address.text() == url  # the address follows the port
    page.enabled.setChecked(True)
    assert refused(port)  # nothing happens before OK
    press(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert window.api_host.serving
    models = get(f"{url}/models")
    assert models.status_code == 200
    assert TINY in [m["id"] for m in models.json()["data"]]
    assert window.api_status.isVisible()
    assert window.api_status.text() == f"API: serving at {url}"
    # Turned on: the key is made then (in the secret store; where it is, in the settings).
    qtbot.waitUntil(lambda: window.api_host.key is not None, timeout=10_000)
    key = secret_store.entries()[KEYRING_ENTRY]
    assert key.startswith("fs-") and window.api_host.key == key
    assert saved(window)["enabled"] and saved(window)["port"] == port
    assert saved(window)["key_location"] == "keyring"
    assert not any(key in p.read_text(errors="replace")
                   for p in window.ctx.paths.data_dir.rglob("*") if p.is_file())

    dialog, page = api_page(window)
    assert page.status.text() == f"Serving at {url}"
    assert page.key_edit.text() == key and page.key_edit.echoMode() == QLineEdit.EchoMode.Password
    page.enabled.setChecked(False)
    press(qtbot, dialog)
    assert not window.api_host.serving and not window.api_status.isVisible()
    assert wait_for(lambda: refused(port), 10)
    assert not saved(window)["enabled"]


def test_the_address_and_key_are_copied_shown_and_the_key_replaced(
        qtbot: QtBot, window: MainWindow, secret_store: FileKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    dialog, page = api_page(window)
    page.port.setValue(port)
    page.enabled.setChecked(True)
    page.require_key.setChecked(True)
    press(qtbot, dialog, "Apply")  # the dialog stays open
    assert dialog.isVisible() and window.api_host.serving
    assert page.status.text() == f"Serving at {url}"
    assert get(f"{url}/models").status_code == 401  # no key

    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    qtbot.mouseClick(page.copy_address, Qt.MouseButton.LeftButton)
    assert clipboard.text() == url
    qtbot.mouseClick(page.copy_key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: clipboard.text().startswith("fs-"), timeout=10_000)
    key = clipboard.text()
    assert secret_store.entries()[KEYRING_ENTRY] == key
    assert get(f"{url}/models", key).status_code == 200
    assert get(f"{url}/models", key + "x").status_code == 401

    assert page.key_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(page.show_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.key_edit.echoMode() == QLineEdit.EchoMode.Normal, timeout=5000)
    assert page.key_edit.text() == key and page.show_key.text() == "Hide"
    qtbot.mouseClick(page.show_key, Qt.MouseButton.LeftButton)
    assert page.key_edit.echoMode() == QLineEdit.EchoMode.Password

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    qtbot.mouseClick(page.regenerate_button, Qt.MouseButton.LeftButton)  # "No": kept
    qtbot.wait(200)
    assert window.api_host.key == key and get(f"{url}/models", key).status_code == 200
    qtbot.mouseClick(page.regenerate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.key_edit.text() not in ("", key), timeout=10_000)
    new = page.key_edit.text()
    assert new.startswith("fs-") and secret_store.entries()[KEYRING_ENTRY] == new
    assert "old one no longer works" in page.key_note.text()
    assert get(f"{url}/models", key).status_code == 401  # the old key, refused at once
    assert get(f"{url}/models", new).status_code == 200
    qtbot.mouseClick(page.copy_key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: clipboard.text() == new, timeout=5000)

    page.require_key.setChecked(False)  # on this computer, no key needed again
    press(qtbot, dialog)
    assert get(f"{url}/models").status_code == 200
    assert saved(window)["require_key"] is False


def test_a_port_already_taken_is_said_once_and_the_window_goes_on(
        qtbot: QtBot, window: MainWindow) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        dialog, page = api_page(window)
        page.port.setValue(port)
        page.enabled.setChecked(True)
        press(qtbot, dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert not window.api_host.serving
        assert window.banner.isVisible()
        assert f"127.0.0.1:{port} is already in use" in window.banner.label.text()
        assert "Choose another port" in window.banner.label.text()
        assert window.api_status.text() == "API: not serving"
        assert "already in use" in window.api_status.toolTip()
        # The window goes on: a question is answered.
        window.input.setPlainText("Hello?")
        window.send()
        qtbot.waitUntil(lambda: window.stream is None, timeout=20_000)
        assert window.current is not None and len(window.current.messages) == 2
        dialog, page = api_page(window)
        assert "already in use" in page.status.text()
        port = free_port()
        page.port.setValue(port)
        press(qtbot, dialog)
    assert window.api_host.serving
    assert get(f"http://127.0.0.1:{port}/v1/models").status_code == 200
    assert window.api_status.text() == f"API: serving at http://127.0.0.1:{port}/v1"
    assert not window.banner.isVisible()  # the message about the taken port went with it


def test_web_origins_are_checked_tidied_and_obeyed(qtbot: QtBot, window: MainWindow) -> None:
    dialog, page = api_page(window)
    port = free_port()
    page.port.setValue(port)
    page.enabled.setChecked(True)
    for typed, problem in (("*", "a wildcard is not allowed"),
                           ("https://*.example.org", "a wildcard is not allowed"),
                           ("example.org", "is not a web origin"),
                           ("https://example.org/page", "is not a web origin"),
                           ("https://example.org:99999", "is not a web origin"),
                           ("null", "is not a web origin")):
        page.origins.setPlainText(f"http://localhost:3000\n{typed}")
        dialog.show_section("General")
        press(qtbot, dialog)
        assert dialog.isVisible(), typed  # refused: the dialog stays, on this page
        assert dialog.pages.currentWidget() is page
        assert problem in dialog.error_label.text() and typed in dialog.error_label.text()
        assert not window.api_host.serving and saved(window)["allowed_origins"] == []
    page.origins.setPlainText("https://Example.org/\n\n  http://localhost:3000 \n"
                              "https://example.org\nhttp://[::1]:8080")
    press(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert saved(window)["allowed_origins"] == [
        "https://example.org", "http://localhost:3000", "http://[::1]:8080"]
    url = f"http://127.0.0.1:{port}/v1/models"
    allowed = get(url, origin="https://example.org")
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://example.org"
    assert get(url, origin="https://elsewhere.example").status_code == 403


def test_api_chats_are_saved_only_when_asked_and_marked_in_the_list(
        qtbot: QtBot, window: MainWindow) -> None:
    port = free_port()
    dialog, page = api_page(window)
    assert page.save_chats.isChecked() and not page.share_remote.isChecked()
    assert page.queue_depth.value() == 8 and page.parallel.isChecked()
    page.port.setValue(port)
    page.enabled.setChecked(True)
    page.queue_depth.setValue(3)
    page.parallel.setChecked(False)
    page.share_remote.setChecked(True)
    press(qtbot, dialog)
    assert saved(window)["queue_depth"] == 3
    assert saved(window)["parallel"] is False and saved(window)["share_remote"] is True

    def ask(word: str) -> None:
        reply = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=60, json={
            "model": TINY, "max_tokens": 4, "temperature": 0,
            "messages": [{"role": "user", "content": f"Say {word}."}]})
        assert reply.status_code == 200, reply.text

    ask("pomegranate")
    chats = window.ctx.store.list_conversations()
    assert [(c.title, c.origin) for c in chats] == [("Say pomegranate.", "api")]
    qtbot.waitUntil(lambda: window.chat_list.ids() == [chats[0].id], timeout=5000)
    item = window.chat_list.item_for(chats[0].id)
    assert item is not None and item.text() == "API · Say pomegranate."
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Say pomegranate., saved from the API server"
    assert window.chat_list.is_api_chat(chats[0].id)
    window.search_box.setText("pomegranate")  # a search hit is marked too
    qtbot.waitUntil(lambda: window.chat_list.showing_search, timeout=5000)
    hit = window.chat_list.item_for(chats[0].id)
    assert hit is not None and hit.text().startswith("API · Say pomegranate.")
    window.search_box.clear()

    dialog, page = api_page(window)
    page.save_chats.setChecked(False)
    press(qtbot, dialog)
    ask("quince")
    qtbot.wait(500)
    assert [c.title for c in window.ctx.store.list_conversations()] == ["Say pomegranate."]


def test_at_start_up_it_serves_without_touching_the_secret_store(
        qtbot: QtBot, data_dir: Path, tiny_model: Path, secret_store: FileKeyring) -> None:
    port = free_port()
    context = tiny_context(data_dir, tiny_model)
    context.settings.api_server.enabled = True
    context.settings.api_server.port = port
    context.save_settings()
    window = start_window(qtbot, context)
    try:
        assert window.api_host.serving and window.api_host.key is None
        assert get(f"http://127.0.0.1:{port}/v1/models").status_code == 200
        qtbot.wait(300)
        assert secret_store.entries() == {}  # no key read or made at start-up
        assert json.loads(window.ctx.paths.settings_file.read_text())[
            "api_server"]["key_location"] == "none"
    finally:
        window.shutdown()
    assert wait_for(lambda: refused(port), 10)  # closing the window stops the server


def test_without_a_secret_store_the_key_lasts_this_session_and_says_so(
        qtbot: QtBot, data_dir: Path, tiny_model: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    window = start_window(qtbot, tiny_context(data_dir, tiny_model))
    try:
        dialog, page = api_page(window)
        assert not page.key_note.isVisibleTo(page)  # nothing to say yet
        qtbot.mouseClick(page.copy_key_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.api_host.key is not None, timeout=10_000)
        key = window.api_host.key
        assert QGuiApplication.clipboard().text() == key
        assert "lasts until Fireside quits" in page.key_note.text()
        assert page.key_note.isVisibleTo(page)
        assert saved(window)["key_location"] == "session"
        assert not any(key in p.read_text(errors="replace")
                       for p in window.ctx.paths.data_dir.rglob("*") if p.is_file())
        dialog.reject()
    finally:
        window.shutdown()
        keyring.set_keyring(previous)
        forget_session_keys()


def test_turned_off_and_on_again_at_once_it_serves_on_the_same_port(
        qtbot: QtBot, window: MainWindow) -> None:
    port = free_port()
    for enabled in (True, False, True):  # (the old server may still hold the port)
        dialog, page = api_page(window)
        page.port.setValue(port)
        page.enabled.setChecked(enabled)
        press(qtbot, dialog)
    assert not window.banner.isVisible() and window.api_host.error is None
    qtbot.waitUntil(lambda: window.api_host.serving, timeout=15_000)
    assert get(f"http://127.0.0.1:{port}/v1/models").status_code == 200


def test_the_taken_port_message_goes_once_it_serves(qtbot: QtBot, window: MainWindow) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    dialog, page = api_page(window)
    page.port.setValue(port)
    page.enabled.setChecked(True)
    press(qtbot, dialog, "Apply")
    assert window.banner.isVisible() and "already in use" in window.banner.label.text()
    taken.close()  # the other program lets go of the port; the user applies again
    press(qtbot, dialog, "Apply")
    qtbot.waitUntil(lambda: window.api_host.serving, timeout=10_000)
    press(qtbot, dialog)
    assert window.api_status.text() == f"API: serving at http://127.0.0.1:{port}/v1"
    assert not window.banner.isVisible()
