"""Settings → LocalDocs with real widgets (pytest-qt): a collection added through the page
with a real folder is indexed in the background while the window stays responsive; it is
renamed, re-indexed, paused and resumed, and removed; files that could not be read are
listed with why; the embedding model is offered, and downloaded from a local server; and
the main window starts, shows and stops it."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docs_factory import broken_files, docx_file, handmade_pdf
from local_server import LocalServer, Route
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.catalog import load_catalog
from app.core.context import AppContext
from app.core.localdocs import indexer as indexer_module
from app.core.localdocs.docs_settings import DEFAULT_EMBEDDING_MODEL
from app.core.localdocs.store import DocsStore
from app.core.settings import SettingsStore
from app.ui.docs_host import DocsHost
from app.ui.download_bridge import DownloadBridge
from app.ui.i18n import install_translators
from app.ui.settings.localdocs_page import LocalDocsPage
from app.ui.settings.settings_window import SettingsWindow


class Answers:
    """What "the user" types and picks in the page's dialogs, and what they were asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        self.folders: list[str] = []
        self.questions: list[str] = []
        self.confirm = QMessageBox.StandardButton.Yes
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(
            lambda *_a, **_k: (self.names.pop(0), True) if self.names else ("", False)))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(
            lambda *_a, **_k: self.folders.pop(0) if self.folders else ""))

        def question(_parent: object, _title: str, text: str, *_rest: Any) -> Any:
            self.questions.append(text)
            return self.confirm

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


@pytest.fixture
def context(data_dir: Path) -> Iterator[AppContext]:
    context = AppContext.open(data_dir)
    yield context
    context.close()


@pytest.fixture
def host(qtbot: QtBot, context: AppContext) -> Iterator[DocsHost]:
    host = DocsHost(context)
    yield host
    host.shutdown()


def settings_window(qtbot: QtBot, context: AppContext, host: DocsHost,
                    downloads: DownloadBridge | None = None) -> tuple[SettingsWindow,
                                                                      LocalDocsPage]:
    window = SettingsWindow(context.settings, [], context.paths.data_dir, context.models_dir,
                            None, [], docs=host, downloads=downloads)
    qtbot.addWidget(window)
    window.show_section("LocalDocs")
    window.show()
    assert window.localdocs is not None and window.pages.currentWidget() is window.localdocs
    return window, window.localdocs


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def row(page: LocalDocsPage, name: str) -> list[str]:
    """The table's cells for the collection ``name`` ([] if it is not listed)."""
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == name:
            return [page.table.item(r, c).text() for c in range(page.table.columnCount())]
    return []


def notes(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"note-{n:03}.md").write_text(
            f"# Note {n}\n\nThe word for note {n} is lantern{n}.\n", encoding="utf-8")
    return folder


def indexed(context: AppContext, name: str) -> int:
    """How many of the collection's files are in the index (read from it)."""
    store = DocsStore(context.paths.localdocs)
    try:
        return store.status(store.require(name)).indexed
    finally:
        store.close()


def slow_reading(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Each file takes ``seconds`` longer to read (time to click while it is indexed)."""
    real = indexer_module.extract

    def slow(path: Path, limit: float):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return real(path, limit)

    monkeypatch.setattr(indexer_module, "extract", slow)


def test_a_collection_added_through_the_page_is_indexed_while_the_window_stays_responsive(
        qtbot: QtBot, qapp: QApplication, context: AppContext, host: DocsHost, answers: Answers,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = notes(tmp_path / "Notes", 150)
    handmade_pdf(folder / "fruit.pdf", ["Page one is about apples.", "Page two: quinces."])
    docx_file(folder / "handbook.docx", [("Leave", ["Staff get twenty days of leave."])])
    broken = broken_files(folder / "broken")
    slow_reading(monkeypatch, 0.01)
    install_translators(qapp, "en")  # (as the app starts: the English forms of counts)
    window, page = settings_window(qtbot, context, host)
    assert page.table.rowCount() == 0
    assert not context.paths.localdocs.exists()  # no index is made for nothing
    progress_shown: list[int] = []
    host.sig_progress.connect(lambda p: progress_shown.append(p.files_done))
    gaps: list[float] = []
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    answers.names.append("Notes")
    answers.folders.append(str(folder))
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.progress.value() > 10, timeout=10_000)
    assert "Indexing “Notes”:" in page.progress_label.text()
    assert "files" in page.progress_label.text() and "MB/s" in page.progress_label.text()
    qtbot.waitUntil(lambda: row(page, "Notes")[:1] == ["Notes"], timeout=10_000)
    assert row(page, "Notes")[5].split(" · ")[0] in ("Indexing…", "Waiting")
    total = 152 + len(broken)
    qtbot.waitUntil(lambda: row(page, "Notes")[5].startswith("Indexed"), timeout=30_000)
    timer.stop()
    cells = row(page, "Notes")
    assert cells[1] == str(folder)
    assert cells[2] == f"152 of {total}"
    assert int(cells[3].replace(",", "")) >= 152
    assert cells[5] == f"Indexed · {len(broken)} files could not be read"
    # The window answered all along (the worker indexed), and was not repainted per file.
    assert max(gaps) < 0.5, max(gaps)  # (indexing on this thread: 1.6 s at least)
    assert 3 <= len(progress_shown) < 60
    assert page.progress_label.text() == "Every collection is indexed."
    assert not page.progress.isVisible()
    failed = [page.failed.item(i).text() for i in range(page.failed.count())]
    assert len(failed) == len(broken) and page.failed.isVisible()
    locked = next(f for f in failed if "locked.pdf" in f)
    assert "encrypted" in locked
    assert any("binary.txt — it is not text" in f for f in failed)
    store = DocsStore(context.paths.localdocs)
    try:
        hits = store.keyword_search([store.require("Notes")], "quinces", 1)
        assert hits and hits[0].path.endswith("fruit.pdf") and hits[0].page == 2
    finally:
        store.close()
    window.close()


def test_rename_reindex_folders_and_remove(qtbot: QtBot, context: AppContext,
                                           host: DocsHost, answers: Answers,
                                           tmp_path: Path) -> None:
    one, two = notes(tmp_path / "one", 3), notes(tmp_path / "two", 2)
    window, page = settings_window(qtbot, context, host)
    answers.names.append("Notes")
    answers.folders.append(str(one))
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: row(page, "Notes")[2:3] == ["3 of 3"], timeout=10_000)
    answers.names.append("Notes")  # a second collection of that name: refused
    click(qtbot, page.add_button)
    assert page.note.text() == "There is already a collection called “Notes”."
    answers.folders.append(str(two))
    click(qtbot, page.add_folder_button)
    qtbot.waitUntil(lambda: row(page, "Notes")[2:3] == ["5 of 5"], timeout=10_000)
    assert row(page, "Notes")[1] == f"{one}; {two}"
    assert [page.folders.item(i).text() for i in range(page.folders.count())] == [
        str(one), str(two)]
    page.folders.setCurrentRow(1)
    click(qtbot, page.remove_folder_button)
    qtbot.waitUntil(lambda: row(page, "Notes")[2:3] == ["3 of 3"], timeout=10_000)
    assert page.folders.count() == 1 and not page.remove_folder_button.isEnabled()
    assert len(list(two.iterdir())) == 2

    answers.names.append("Lanterns")
    click(qtbot, page.rename_button)
    qtbot.waitUntil(lambda: row(page, "Lanterns") != [], timeout=10_000)
    assert row(page, "Notes") == []
    (one / "note-000.md").write_text("# Changed\n\nNow about herons.\n")
    finished: list[object] = []
    host.sig_finished.connect(finished.append)
    click(qtbot, page.reindex_button)
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=10_000)
    assert finished[0].report.indexed == 1  # type: ignore[attr-defined]
    assert finished[0].collection == "Lanterns"  # type: ignore[attr-defined]

    answers.confirm = QMessageBox.StandardButton.No  # changed their mind
    click(qtbot, page.remove_button)
    assert "untouched" in answers.questions[-1] and "Lanterns" in answers.questions[-1]
    qtbot.wait(300)
    assert row(page, "Lanterns") != []
    answers.confirm = QMessageBox.StandardButton.Yes
    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10_000)
    assert page.note.text() == "Removed “Lanterns”; your files are untouched."
    assert len(list(one.iterdir())) == 3
    assert not page.rename_button.isEnabled() and not page.remove_button.isEnabled()
    window.close()


def test_pause_and_resume_from_the_page(qtbot: QtBot, context: AppContext, host: DocsHost,
                                        answers: Answers, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = notes(tmp_path / "many", 120)
    slow_reading(monkeypatch, 0.02)
    window, page = settings_window(qtbot, context, host)
    answers.names.append("Many")
    answers.folders.append(str(folder))
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.progress.value() >= 5, timeout=10_000)
    assert page.pause_button.text() == "Pause"
    click(qtbot, page.pause_button)
    qtbot.waitUntil(lambda: row(page, "Many")[5:] == ["Paused"], timeout=10_000)
    assert page.pause_button.text() == "Resume"
    assert page.progress_label.text().startswith("Indexing is paused")
    qtbot.waitUntil(lambda: host.state.running is None, timeout=5_000)
    done = indexed(context, "Many")
    qtbot.wait(400)
    assert indexed(context, "Many") == done < 120  # paused stays paused
    host.refresh()
    qtbot.waitUntil(lambda: row(page, "Many")[2] == f"{done} of {done}", timeout=5_000)
    click(qtbot, page.pause_button)
    assert page.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: row(page, "Many")[5:] == ["Indexed"], timeout=30_000)
    assert row(page, "Many")[2] == "120 of 120"
    window.close()


def test_the_settings_apply_on_ok(qtbot: QtBot, context: AppContext, host: DocsHost) -> None:
    window, page = settings_window(qtbot, context, host)
    assert (page.sources.value(), page.context_share.value(), page.watch.isChecked()) == (
        4, 25, True)
    applied: list[Any] = []
    window.sig_applied.connect(applied.append)
    page.sources.setValue(7)
    page.context_share.setValue(40)
    page.watch.setChecked(False)
    assert context.settings.localdocs.sources == 4  # nothing changes before OK
    window.accept()
    localdocs = applied[0].localdocs
    assert (localdocs.sources, localdocs.context_share, localdocs.watch_folders) == (
        7, 0.4, False)


def embedding_catalog(context: AppContext, server: LocalServer, data: bytes) -> str:
    """The catalog with the embedding model served by ``server`` (as ``data``)."""
    models = []
    for model in load_catalog().models:
        entry = model.model_dump(mode="json")
        if model.id == DEFAULT_EMBEDDING_MODEL:
            entry |= {"urls": [server.url("/" + model.filename)], "size": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()}
            server.add("/" + model.filename, Route(data=data))
            filename = model.filename
        models.append(entry)
    context.paths.catalog_cache.parent.mkdir(parents=True, exist_ok=True)
    context.paths.catalog_cache.write_text(json.dumps({"schema_version": 1, "models": models}))
    context.reload_catalog()
    return filename


def test_the_embedding_model_is_offered_and_downloaded(
        qtbot: QtBot, context: AppContext, host: DocsHost, tiny_model: Path) -> None:
    downloads = DownloadBridge(context)
    with LocalServer() as server:
        filename = embedding_catalog(context, server, tiny_model.read_bytes())
        window, page = settings_window(qtbot, context, host, downloads)
        row_ = page.embedding
        assert row_.label.text() == (
            "Keyword search works. Downloading Nomic Embed Text v1.5 (Q8_0) (146 MB) makes "
            "search understand meaning, not just words.".replace(
                "146", str(round(tiny_model.stat().st_size / 1e6))))
        assert row_.download_button.isVisible()
        click(qtbot, row_.download_button)
        assert downloads.task_for(filename) is not None  # in the app's download queue
        qtbot.waitUntil(lambda: (context.models_dir / filename).exists(), timeout=20_000)
        qtbot.waitUntil(lambda: "is installed" in row_.label.text(), timeout=10_000)
        assert not row_.download_button.isVisible()
        assert [r[0] for r in server.requests] == ["/" + filename]
        window.close()
    downloads.shutdown()


def test_the_real_catalog_entry_says_146_mb(qtbot: QtBot, context: AppContext,
                                            host: DocsHost) -> None:
    window, page = settings_window(qtbot, context, host, DownloadBridge(context))
    text = page.embedding.label.text()
    assert "Keyword search works" in text and "(146 MB)" in text
    window.close()


def test_the_main_window_goes_on_indexing_what_was_left_and_stops_on_quit(
        qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    from app.ui.main_window import MainWindow

    context = AppContext.open(data_dir)
    context.settings.welcome_shown = True
    folder = notes(tmp_path / "left", 4)
    store = DocsStore(context.paths.localdocs)  # as `fireside docs add` leaves it, unindexed
    store.add_collection("Left", [str(folder)])
    store.close()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_settings("LocalDocs")
    page = dialog.localdocs
    assert page is not None and dialog.pages.currentWidget() is page
    qtbot.waitUntil(lambda: row(page, "Left")[2:3] == ["4 of 4"], timeout=15_000)
    dialog.close()
    service = window.docs_host.started()
    window.shutdown()
    assert service._thread is not None and not service._thread.is_alive()
    assert SettingsStore(context.paths.settings_file).load().localdocs.watch_folders
