"""The Models window and sideloading, driven by pytest-qt against a real local server.

The "catalog model" is a tiny GGUF the tests write, served from 127.0.0.1 and
listed in an extra catalog file, so a download ends in a model that really
loads and answers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
TIMEOUT_MS = 30_000


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def catalog_file(tmp_path: Path, tiny_model: Path, server: LocalServer) -> Path:
    data = tiny_model.read_bytes()
    url = server.add("/tiny-test.gguf", Route(data=data, bytes_per_second=len(data) / 1.5))
    path = tmp_path / "extra-catalog.json"
    path.write_text(json.dumps({"schema_version": 1, "models": [{
        "id": "tiny-test", "name": "Tiny Test", "filename": "tiny-test.gguf", "urls": [url],
        "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "parameters": "1M",
        "quantization": "F32", "license": "MIT", "description": "A tiny random model."}]}))
    return path


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, catalog_file: Path,
           starter_model: Path) -> Iterator[MainWindow]:
    context = AppContext.open(data_dir, extra_catalogs=[str(catalog_file)])
    context.settings.generation.max_tokens = 16
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded_model is not None, timeout=TIMEOUT_MS)
    yield win
    win.shutdown()


def picker_ids(window: MainWindow) -> list[str]:
    return [window.model_picker.itemData(i) for i in range(window.model_picker.count())]


def test_one_click_download_then_use_and_chat(qtbot: QtBot, window: MainWindow) -> None:
    models = window.open_models_window()
    card = models.cards["tiny-test"]
    assert "fits" in card.fit_label.text()
    assert "MIT" in card.facts.text() and "sha256" in card.facts.text()
    qtbot.mouseClick(card.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.progress_bar.isVisible(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: " of " in card.progress_label.text(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "tiny-test" in picker_ids(window), timeout=TIMEOUT_MS)
    card = models.cards["tiny-test"]  # the list was rebuilt with the model installed
    assert card.use_button.isVisible() and not card.download_button.isVisible()
    assert card.use_button.text() == "Use" and card.use_button.isEnabled()
    starter = next(c for c in models.cards.values() if c.entry.bundled)
    assert starter.use_button.text() == "In use" and not starter.use_button.isEnabled()
    assert "tiny-test" in models.rows
    assert "sha256 verified" in models.rows["tiny-test"].verify_label.text()
    qtbot.mouseClick(card.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == "tiny-test", timeout=TIMEOUT_MS)
    assert card.use_button.text() == "In use" and not card.use_button.isEnabled()
    assert starter.use_button.text() == "Use" and starter.use_button.isEnabled()
    models.tabs.setCurrentIndex(1)  # Installed: the badge moved too
    assert models.rows["tiny-test"].in_use_badge.isVisible()
    starter_model = models._installed_model(starter.entry)
    assert starter_model is not None
    assert not models.rows[starter_model.id].in_use_badge.isVisible()
    window.input.setPlainText("hello")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=TIMEOUT_MS)
    reply = window.chat_view.messages[-1]
    assert reply.source  # the downloaded model answered


def test_pause_resume_and_cancel_from_the_card(qtbot: QtBot, window: MainWindow,
                                               data_dir: Path) -> None:
    models = window.open_models_window()
    card = models.cards["tiny-test"]
    qtbot.mouseClick(card.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.task is not None and card.task.progress is not None
                    and card.task.progress.done > 0, timeout=TIMEOUT_MS)
    qtbot.mouseClick(card.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.pause_button.text() == "Resume", timeout=TIMEOUT_MS)
    assert "paused" in card.progress_label.text()
    assert (data_dir / "models" / "tiny-test.gguf.part").exists()
    qtbot.mouseClick(card.pause_button, Qt.MouseButton.LeftButton)  # resume
    qtbot.waitUntil(lambda: card.pause_button.text() == "Pause", timeout=TIMEOUT_MS)
    qtbot.mouseClick(card.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.download_button.isVisible(), timeout=TIMEOUT_MS)
    assert sorted(p.name for p in (data_dir / "models").iterdir()) == []
    assert "tiny-test" not in picker_ids(window)


def test_delete_unloads_first_and_verify_again_catches_damage(
        qtbot: QtBot, window: MainWindow, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = window.open_models_window()
    models.download("tiny-test")
    qtbot.waitUntil(lambda: "tiny-test" in models.rows, timeout=TIMEOUT_MS)
    path = data_dir / "models" / "tiny-test.gguf"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    row = models.rows["tiny-test"]
    qtbot.mouseClick(row.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NOT match" in row.verify_label.text(), timeout=TIMEOUT_MS)
    path.write_bytes(bytes(data[:-10]) + bytes([data[-10] ^ 0xFF]) + bytes(data[-9:]))
    qtbot.mouseClick(row.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.verify_label.text() == "sha256 verified", timeout=TIMEOUT_MS)
    window._use_model_id("tiny-test")
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == "tiny-test", timeout=TIMEOUT_MS)
    asked: list[str] = []

    def yes(_parent, _title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    unloaded: list[bool] = []
    window.host.sig_unloaded.connect(lambda: unloaded.append(path.exists()))
    qtbot.mouseClick(models.rows["tiny-test"].delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not path.exists(), timeout=TIMEOUT_MS)
    assert asked and "Tiny Test" in asked[0]
    assert unloaded == [True]  # the model was unloaded while its file still existed
    assert window.loaded_model is None
    assert "tiny-test" not in picker_ids(window)
    assert not models.rows["smollm2-135m-instruct-q4_1"].delete_button.isEnabled()


def test_a_model_copied_into_the_folder_appears_and_junk_is_refused(
        qtbot: QtBot, window: MainWindow, data_dir: Path, tiny_model: Path) -> None:
    shutil.copy(tiny_model, data_dir / "models" / "copied.gguf")
    qtbot.waitUntil(lambda: "file:copied.gguf" in picker_ids(window), timeout=TIMEOUT_MS)
    (data_dir / "models" / "junk.gguf").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    qtbot.waitUntil(lambda: "junk.gguf cannot be used" in window.banner.label.text(),
                    timeout=TIMEOUT_MS)
    assert "file:junk.gguf" not in picker_ids(window)


def test_drag_and_drop_a_gguf_adds_it(qtbot: QtBot, window: MainWindow, tiny_model: Path,
                                      tmp_path: Path) -> None:
    dropped = tmp_path / "dropped.gguf"
    shutil.copy(tiny_model, dropped)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    key = f"path:{dropped.resolve()}"
    assert key in picker_ids(window)
    qtbot.waitUntil(lambda: window.loaded_model is not None and window.loaded_model.id == key,
                    timeout=TIMEOUT_MS)
    # The tiny model has a chat template, so no warning; a text file is refused.
    text = tmp_path / "notes.gguf"
    text.write_text("not a model")
    assert window.add_model_file(text) is False
    assert "notes.gguf cannot be used" in window.banner.label.text()


def test_catalog_refresh_offline_says_so_and_keeps_the_list(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    window.ctx.settings.catalog_url = "http://127.0.0.1:9/models.json"
    models = window.open_models_window()
    before = set(models.cards)
    qtbot.mouseClick(models.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "offline" in models.explore_status.text(), timeout=TIMEOUT_MS)
    assert set(models.cards) == before and models.refresh_button.isEnabled()


def test_changing_the_models_folder_rescans_it(qtbot: QtBot, window: MainWindow, tiny_model: Path,
                                               tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(tiny_model, other / "elsewhere.gguf")
    models = window.open_models_window()
    models.set_models_folder(other)
    assert "file:elsewhere.gguf" in picker_ids(window)
    assert str(other) in models.folder_label.text()
    assert window.downloads.queue.downloader.models_dir == other


def test_hugging_face_search_to_download(qtbot: QtBot, window: MainWindow, tiny_model: Path,
                                         server: LocalServer) -> None:
    from fake_hub import REPO, install_fake_hub

    install_fake_hub(server, tiny_model.read_bytes())
    window.ctx.settings.hub_endpoint = server.base
    models = window.open_models_window()
    hub = models.hub_panel
    qtbot.keyClicks(hub.query, "tiny")
    qtbot.mouseClick(hub.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hub.repos.count() == 2, timeout=TIMEOUT_MS)
    assert hub.repos.item(0).data(Qt.ItemDataRole.UserRole) == REPO
    hub.repos.itemClicked.emit(hub.repos.item(0))
    qtbot.waitUntil(lambda: len(hub.cards) == 2, timeout=TIMEOUT_MS)
    best = hub.cards[f"hf:{REPO}/tiny-Q4_K_M.gguf"]
    assert "recommended" in best.title.text()
    assert "Q4_K_M" in best.facts.text() and "sha256" in best.facts.text()
    assert best.fit_label.text().startswith(("fits", "tight", "won't fit"))
    qtbot.mouseClick(best.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "file:tiny-Q4_K_M.gguf" in picker_ids(window), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: best.use_button.isVisible(), timeout=TIMEOUT_MS)


def test_hugging_face_search_offline_answers_quickly(qtbot: QtBot, window: MainWindow) -> None:
    import time

    window.ctx.settings.hub_endpoint = "http://127.0.0.1:9"
    hub = window.open_models_window().hub_panel
    hub.query.setText("llama")
    started = time.monotonic()
    qtbot.mouseClick(hub.search_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - started < 0.5  # the click returns at once: no freeze
    qtbot.waitUntil(lambda: "cannot be reached" in hub.status.text(), timeout=TIMEOUT_MS)
    assert time.monotonic() - started < 10
    assert hub.search_button.isEnabled()


def test_a_download_left_by_an_earlier_run_resumes_from_the_card(
        qtbot: QtBot, data_dir: Path, catalog_file: Path, starter_model: Path) -> None:
    from app.core.downloads import DownloadControl, Downloader, DownloadSpec, DownloadStopped

    context = AppContext.open(data_dir, extra_catalogs=[str(catalog_file)])
    entry = context.catalog.get("tiny-test")
    assert entry is not None
    control = DownloadControl()
    with pytest.raises(DownloadStopped):  # an earlier run, stopped part way
        Downloader(context.models_dir, token=lambda: None).download(
            DownloadSpec.from_catalog(entry), control,
            lambda p: p.done > 1000 and control.pause())
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        card = window.open_models_window().cards["tiny-test"]
        assert card.pause_button.text() == "Resume"
        assert "paused" in card.progress_label.text()
        qtbot.mouseClick(card.pause_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "tiny-test" in picker_ids(window), timeout=TIMEOUT_MS)
        assert (context.models_dir / "tiny-test.gguf").read_bytes() == entry_bytes(catalog_file)
    finally:
        window.shutdown()


def entry_bytes(catalog_file: Path) -> bytes:
    """The served file's bytes, fetched the way any client would."""
    import httpx2 as httpx

    url = json.loads(catalog_file.read_text())["models"][0]["urls"][0]
    return httpx.get(url).content


def test_how_many_downloads_run_at_once_is_a_setting(window: MainWindow) -> None:
    models = window.open_models_window()
    models.parallel_spin.setValue(1)
    assert window.downloads.queue.max_parallel == 1
    assert window.ctx.settings_store.load().max_parallel_downloads == 1


def test_a_gpt4all_catalog_can_be_added_from_the_window(window: MainWindow,
                                                       tmp_path: Path) -> None:
    models3 = tmp_path / "models3.json"
    models3.write_text(json.dumps([{
        "order": "a", "md5sum": "c87ad09e1e4c8f9c35a5fcef52b6f1c9", "name": "Llama 3 Instruct",
        "filename": "Meta-Llama-3-8B-Instruct.Q4_0.gguf", "filesize": "4661724384",
        "ramrequired": "8", "parameters": "8 billion", "quant": "q4_0", "type": "LLaMA3",
        "description": "<ul><li>Fast responses</li></ul>",
        "url": "https://gpt4all.io/models/gguf/Meta-Llama-3-8B-Instruct.Q4_0.gguf"}]))
    models = window.open_models_window()
    assert models.add_catalog_file(models3)
    card = models.cards["gpt4all-meta-llama-3-8b-instruct-q4-0"]
    assert "md5 only" in card.facts.text()
    assert str(models3.resolve()) in window.ctx.settings_store.load().extra_catalogs
    junk = tmp_path / "junk.json"
    junk.write_text("[not json")
    assert not models.add_catalog_file(junk)
    assert "cannot be used as a catalog" in models.explore_status.text()


def test_open_models_folder_shows_the_folder(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import folders

    opened: list[QUrl] = []

    class Desktop:
        """Stands in for QDesktopServices: records what would be opened, launches nothing."""

        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr(folders, "QDesktopServices", Desktop)
    models = window.open_models_window()
    models.tabs.setCurrentIndex(1)  # Installed
    [button] = [b for b in models.findChildren(QPushButton) if b.text() == "Open models folder"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [window.ctx.models_dir]


def test_an_unexpected_failure_of_the_catalog_refresh_is_shown_and_logged(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(url: str, cache: Path) -> None:
        raise RuntimeError("the catalog parser tripped")

    monkeypatch.setattr("app.ui.models_window.refresh_catalog", broken)
    caplog.set_level(logging.ERROR, logger="app.ui.background")
    models = window.open_models_window()
    before = set(models.cards)
    qtbot.mouseClick(models.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(models.refresh_button.isEnabled, timeout=10_000)  # not waiting forever
    assert models.explore_status.text() == (
        "Something went wrong (the catalog parser tripped). The details are in Fireside's log.")
    assert set(models.cards) == before
    failures = [r for r in caplog.records if r.name == "app.ui.background"]
    assert len(failures) == 1 and failures[0].exc_info is not None
    assert failures[0].exc_info[0] is RuntimeError  # with its traceback


def test_in_use_follows_a_remote_model_and_back(qtbot: QtBot, window: MainWindow) -> None:
    """The second reader: with a remote model chosen, the local model's card still said
    "In use" (and its Use button was disabled, so the Models window could not switch back)."""
    from app.core.providers import Provider, remote_models

    models = window.open_models_window()
    starter = next(c for c in models.cards.values() if c.entry.bundled)
    installed = models._installed_model(starter.entry)
    assert installed is not None
    row = models.rows[installed.id]
    assert starter.use_button.text() == "In use" and not row.in_use_badge.isHidden()
    (remote,) = remote_models([Provider(name="box", base_url="http://127.0.0.1:9/v1",
                                        models=["big-model"])])
    window.pick_remote_model(remote)  # (no connection is made until a message is sent)
    assert starter.use_button.text() == "Use" and starter.use_button.isEnabled()
    assert row.in_use_badge.isHidden()
    qtbot.mouseClick(starter.use_button, Qt.MouseButton.LeftButton)  # back to the local one
    qtbot.waitUntil(lambda: window.remote_model is None, timeout=TIMEOUT_MS)
    assert starter.use_button.text() == "In use" and not row.in_use_badge.isHidden()


def test_a_catalog_naming_a_file_already_here_renames_it_in_the_picker(
        qtbot: QtBot, window: MainWindow, tiny_model: Path, tmp_path: Path) -> None:
    """The re-trial: a GGUF copied into the models folder, then a catalog file with an entry
    for it (added in the window), then Use: the header's picker went blank (it still held
    the file's old id) while the status line named the model."""
    shutil.copy(tiny_model, window.ctx.models_dir / "my-copy.gguf")
    window.refresh_models()
    assert "file:my-copy.gguf" in picker_ids(window)
    data = tiny_model.read_bytes()
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"schema_version": 1, "models": [{
        "id": "my-copy", "name": "Test copy of Tiny", "filename": "my-copy.gguf",
        "urls": ["https://example.org/my-copy.gguf"], "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest()}]}))
    models = window.open_models_window()
    assert models.add_catalog_file(mine)
    assert "my-copy" in picker_ids(window) and "file:my-copy.gguf" not in picker_ids(window)
    card = models.cards["my-copy"]
    assert card.use_button.isVisible()
    qtbot.mouseClick(card.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.loaded_model is not None
                    and window.loaded_model.id == "my-copy", timeout=TIMEOUT_MS)
    assert window.model_picker.currentText() == "Test copy of Tiny"
