"""First run, recommendations for this machine, the too-big warning, About (pytest-qt)."""

from __future__ import annotations

import hashlib
import json
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core import fit
from app.core.catalog import CatalogEntry
from app.core.context import AppContext
from app.core.fit import recommend
from app.ui.main_window import MainWindow

GIB = 1 << 30
Memory = namedtuple("Memory", "total available")


def entry(model_id: str, size: int, urls: bool = True, tags: tuple[str, ...] = ("chat",),
          ) -> CatalogEntry:
    return CatalogEntry(id=model_id, name=model_id, filename=f"{model_id}.gguf", size=size,
                        urls=["https://example.org/x.gguf"] if urls else [],
                        sha256="0" * 64, tags=list(tags))


def test_recommendations_are_the_largest_that_fit_one_per_family() -> None:
    entries = [entry("qwen-7b-q4", int(4.4 * GIB)), entry("qwen-3b-q4", 2 * GIB),
               entry("llama-8b-q4", int(4.6 * GIB)), entry("phi-3b-q4", int(2.2 * GIB)),
               entry("huge-70b-q4", 40 * GIB), entry("local-only-1b", GIB, urls=False),
               entry("tiny-135m", 100 << 20), entry("embed-small", 50 << 20, tags=("embedding",))]
    picks = recommend(entries, 4096, available_bytes=8 * GIB, total_bytes=16 * GIB)
    assert [e.id for e, _ in picks] == ["llama-8b-q4", "qwen-7b-q4", "phi-3b-q4"]
    assert all(f.verdict == "fits" for _, f in picks)
    small = recommend(entries, 4096, available_bytes=2 * GIB, total_bytes=4 * GIB)
    assert [e.id for e, _ in small] == ["tiny-135m"]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def small_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A computer with 2 GiB (1.5 free): only very small models fit."""
    monkeypatch.setattr(fit.psutil, "virtual_memory", lambda: Memory(2 * GIB, GIB + GIB // 2))


def test_the_welcome_shows_once_recommends_and_downloads(
        qtbot: QtBot, data_dir: Path, tmp_path: Path, tiny_model: Path, server: LocalServer,
        starter_model: Path, small_machine: None) -> None:
    data = tiny_model.read_bytes()
    url = server.add("/tiny-test.gguf", Route(data=data))
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"schema_version": 1, "models": [{
        "id": "tiny-test", "name": "Tiny Test", "filename": "tiny-test.gguf", "urls": [url],
        "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "parameters": "1M"}]}))
    window = MainWindow(AppContext.open(data_dir, extra_catalogs=[str(catalog)]))
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.welcome.isVisible()
        assert "stays on this computer" in window.welcome.findChildren(type(
            window.welcome.ready_label))[0].text()
        assert "ready" in window.welcome.ready_label.text()
        assert list(window.welcome.download_buttons) == ["tiny-test"]  # what fits here
        qtbot.mouseClick(window.welcome.download_buttons["tiny-test"],
                         Qt.MouseButton.LeftButton)
        models_dir = window.ctx.models_dir
        qtbot.waitUntil(lambda: (models_dir / "tiny-test.gguf").exists(), timeout=30_000)
        close = next(b for b in window.welcome.findChildren(type(window.welcome.start_button))
                     if b.text() == "Close")
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
        assert not window.welcome.isVisible() and window.ctx.settings.welcome_shown
    finally:
        window.shutdown()
    again = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(again)
    again.show()
    try:
        assert not again.welcome.isVisible()  # once only
        again.welcome_action.trigger()  # unless asked for from the Help menu
        assert again.welcome.isVisible()
    finally:
        again.shutdown()


def test_a_model_too_big_for_this_machine_is_loaded_only_if_the_user_says_so(
        qtbot: QtBot, data_dir: Path, starter_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context = AppContext.open(data_dir)
    context.settings.welcome_shown = True
    context.save_settings()
    context.close()
    monkeypatch.setattr(fit.psutil, "virtual_memory", lambda: Memory(GIB, GIB // 2))
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def warning(_parent, _title, text, *args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice
        return warning

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.No))
    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        assert asked and "needs about" in asked[0] and "1.0 GiB" in asked[0]
        assert window._requested_model is None and "not loaded" in window.status_label.text()
        monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Yes))
        model = window.ctx.default_model()
        assert model is not None
        window.select_model(model)
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        assert len(asked) == 2
    finally:
        window.shutdown()


def test_about_shows_versions_hardware_and_folders(qtbot: QtBot, data_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import llama_cpp
    from PySide6.QtGui import QDesktopServices

    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        about = window.open_about()
        text = about.details.text()
        assert f"llama-cpp-python: {llama_cpp.__version__}" in text and "Qt: 6." in text
        assert "Cores: " in text and "GiB in all" in text
        assert about.info.cpu_features and all(f in text for f in about.info.cpu_features)
        assert str(window.ctx.paths.log_dir) in text and str(window.ctx.paths.data_dir) in text
        opened = []
        monkeypatch.setattr(QDesktopServices, "openUrl",
                            lambda url: opened.append(url.toLocalFile()) or True)
        qtbot.mouseClick(about.logs_button, Qt.MouseButton.LeftButton)
        assert opened == [str(window.ctx.paths.log_dir)]
        about.reject()
    finally:
        window.shutdown()


def test_about_names_the_llama_cpp_build(qtbot: QtBot, data_dir: Path) -> None:
    import llama_cpp

    from app.ui.about_dialog import versions

    build = llama_cpp.llama_version().decode()
    assert versions()["llama.cpp"] == build and build
