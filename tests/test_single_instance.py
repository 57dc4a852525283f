"""One window per data folder: starting Fireside again brings the open window to the front.

The first part starts real ``python -m app`` windows (Qt's offscreen plugin) and watches
what they print under ``FIRESIDE_REPORT_WINDOW`` (``window-shown``, then ``window-raised
VISIBLE MINIMIZED`` when another start asked).  The second part drives the socket in this
process, with a real window and a real local socket.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.paths import AppPaths
from app.ui.single_instance import (
    Answer,
    WindowServer,
    ask_to_raise,
    listen,
    server_name,
    socket_name,
)

REPO = Path(__file__).resolve().parent.parent
RAISED = "Fireside is already running; its window was brought to the front."


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR, short enough for a socket path (about 100 bytes at most)."""
    folder = Path(tempfile.mkdtemp(prefix="fs-run-"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _env(runtime_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FIRESIDE_") and k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime_dir),
                "LANG": "C.UTF-8", "FIRESIDE_REPORT_WINDOW": "1", **extra})
    return env


class Window:
    """A ``python -m app`` window, its output read line by line as it comes.

    Standard error goes into the same pipe, which is read to the end: a pipe nobody reads
    fills up (64 KB of Qt's and llama.cpp's messages) and the window blocks writing to it.
    """

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "--data-dir", str(data_dir)], env=env, cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Each line as it comes, as bytes decoded leniently: one stray byte from a library
        must not end the reading (and with it every line after)."""
        assert self.process.stdout is not None
        try:
            for raw in self.process.stdout:
                self._add(raw.decode("utf-8", "replace").strip())
        except Exception as exc:  # said in the failure message instead of lost
            self._add(f"(the test stopped reading: {exc!r})")

    def _add(self, line: str) -> None:
        with self._changed:
            self.lines.append(line)
            self._changed.notify_all()

    def log_tail(self) -> str:
        log = self.data_dir / "logs" / "fireside.log"
        return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() \
            else "(no log)"

    def wait_for(self, line: str, timeout: float = 90) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: line in self.lines or
                                          self.process.poll() is not None, timeout):
                pytest.fail(f"no {line!r} within {timeout}s; printed {self.lines}; "
                            f"its log ends: {self.log_tail()}")
        assert line in self.lines, f"exited {self.process.returncode}: {self.lines}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def windows() -> Iterator[list[Window]]:
    started: list[Window] = []
    yield started
    for window in started:
        window.stop()


def _start(windows: list[Window], data_dir: Path, env: dict[str, str]) -> Window:
    window = Window(data_dir, env)
    windows.append(window)
    window.wait_for("window-shown offscreen")
    return window


def _run(data_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir)], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def _sockets(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if stat.S_ISSOCK(p.lstat().st_mode))


def test_a_second_start_brings_the_window_forward_and_exits(
        tmp_path: Path, runtime_dir: Path, windows: list[Window]) -> None:
    data = tmp_path / "data"
    first = _start(windows, data, _env(runtime_dir))
    [socket] = _sockets(runtime_dir)
    assert socket == Path(str(server_name(data.resolve())))
    assert stat.S_IMODE(socket.lstat().st_mode) & 0o077 == 0  # only its owner may connect
    assert "window-raised" not in " ".join(first.lines)

    began = time.monotonic()
    second = _run(data, _env(runtime_dir))
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip().splitlines()[-1] == RAISED
    assert "window-shown" not in second.stdout  # it made no window
    assert time.monotonic() - began < 30
    first.wait_for("window-raised 1 0")  # visible, not minimized
    assert first.process.poll() is None  # the first window goes on


def test_on_a_real_x_server_too(tmp_path: Path, runtime_dir: Path, windows: list[Window],
                                xvfb: str) -> None:
    env = _env(runtime_dir, QT_QPA_PLATFORM="xcb", DISPLAY=xvfb)
    env.pop("WAYLAND_DISPLAY", None)
    first = Window(tmp_path / "data", env)
    windows.append(first)
    first.wait_for("window-shown xcb")
    second = _run(tmp_path / "data", env)
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip().splitlines()[-1] == RAISED
    # (This line was sometimes lost on CI: llama-cpp-python pointed the whole process's
    # stdout at /dev/null while the starter model loaded; app.core.llama_quiet stops that.)
    first.wait_for("window-raised 1 0")
    assert first.process.poll() is None  # the first window goes on


def test_the_message_is_in_the_language_of_the_settings(
        tmp_path: Path, runtime_dir: Path, windows: list[Window]) -> None:
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text(json.dumps({"language": "zh_CN"}))
    _start(windows, data, _env(runtime_dir))
    second = _run(data, _env(runtime_dir))
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip().splitlines()[-1] == "Fireside 已在运行；已将它的窗口移到最前面。"


def test_another_data_folder_gets_its_own_window(
        tmp_path: Path, runtime_dir: Path, windows: list[Window]) -> None:
    first = _start(windows, tmp_path / "one", _env(runtime_dir))
    other = _run(tmp_path / "two", _env(runtime_dir, FIRESIDE_EXIT_WHEN_SHOWN="1"))
    assert other.returncode == 0, other.stderr
    assert "window-shown offscreen" in other.stdout
    assert RAISED not in other.stderr
    assert "window-raised" not in " ".join(first.lines)
    assert len(_sockets(runtime_dir)) == 1  # the second one's went away when it closed


def test_a_killed_window_does_not_stop_the_next_start(
        tmp_path: Path, runtime_dir: Path, windows: list[Window]) -> None:
    data = tmp_path / "data"
    first = _start(windows, data, _env(runtime_dir))
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(30)
    assert _sockets(runtime_dir), "a killed window leaves its socket behind"

    after = _run(data, _env(runtime_dir, FIRESIDE_EXIT_WHEN_SHOWN="1"))
    assert after.returncode == 0, after.stderr
    assert "window-shown offscreen" in after.stdout
    assert RAISED not in after.stderr
    assert _sockets(runtime_dir) == []  # and a window that closes removes its own


def test_the_terminal_commands_run_beside_the_window(
        tmp_path: Path, runtime_dir: Path, windows: list[Window]) -> None:
    data = tmp_path / "data"
    _start(windows, data, _env(runtime_dir))
    chats = subprocess.run([sys.executable, "-m", "app", "chats", "--json", "--data-dir",
                            str(data)], env=_env(runtime_dir), cwd=REPO, capture_output=True,
                           text=True, timeout=120)
    assert chats.returncode == 0, chats.stderr
    assert json.loads(chats.stdout) == [] and RAISED not in chats.stderr


# -- in this process: the socket and the window --------------------------------------------------


def test_each_data_folder_and_user_has_its_own_socket(runtime_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    one = server_name(AppPaths.resolve("data").data_dir)
    assert one == server_name(AppPaths.resolve(str(tmp_path / "x" / ".." / "data")).data_dir)
    assert one != server_name(AppPaths.resolve("other").data_dir)
    assert one is not None and Path(one).parent == runtime_dir
    mine = socket_name(AppPaths.resolve("data").data_dir)
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 4242)
    assert socket_name(AppPaths.resolve("data").data_dir) != mine


def test_without_a_private_runtime_folder_the_socket_goes_in_one_of_its_own(
        runtime_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime_dir.chmod(0o755)  # others may enter: not private
    temp = runtime_dir / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    data = runtime_dir / "data"
    name = server_name(data)
    assert name is not None
    folder = Path(name).parent
    assert folder == temp / f"fireside-{os.getuid()}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)  # someone made it open to all (or it is another's): not used
    assert server_name(data) is None


class Asker:
    """Another process asking the window on ``name`` to come forward, as a second start
    does (a thread would not do: the question holds Python's lock while it waits)."""

    def __init__(self, name: str) -> None:
        code = ("import sys; from app.ui.single_instance import ask_to_raise; "
                "print(ask_to_raise(sys.argv[1]).value)")
        self.process = subprocess.Popen([sys.executable, "-c", code, name], cwd=REPO,
                                        stdout=subprocess.PIPE, text=True)

    def done(self) -> bool:
        return self.process.poll() is not None

    def answer(self) -> Answer:
        out, _ = self.process.communicate(timeout=30)
        return Answer(out.strip())


def _server(runtime_dir: Path) -> tuple[str, WindowServer]:
    name = server_name(runtime_dir / "data")
    assert name is not None
    server = listen(name)
    assert server is not None
    return name, server


def test_a_minimized_window_comes_back_to_the_front(qtbot: QtBot, runtime_dir: Path) -> None:
    window, other = QWidget(), QWidget()
    qtbot.addWidget(window)
    qtbot.addWidget(other)
    window.showMinimized()
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    name, server = _server(runtime_dir)
    server.attach(window)
    try:
        asker = Asker(name)
        with qtbot.waitSignal(server.raised, timeout=30_000):
            pass
        qtbot.waitUntil(asker.done, timeout=30_000)
        assert asker.answer() is Answer.RAISED
        assert window.isVisible() and not window.isMinimized()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    finally:
        server.close()


def test_a_start_that_asks_before_the_window_is_made_is_answered_when_it_is(
        qtbot: QtBot, runtime_dir: Path) -> None:
    name, server = _server(runtime_dir)
    try:
        asker = Asker(name)
        qtbot.waitUntil(lambda: server.waiting == 1, timeout=30_000)  # it asked: no window
        assert not asker.done()
        window = QWidget()
        qtbot.addWidget(window)
        with qtbot.waitSignal(server.raised):
            server.attach(window)
        qtbot.waitUntil(asker.done, timeout=30_000)
        assert asker.answer() is Answer.RAISED and window.isVisible()
    finally:
        server.close()


def test_a_window_that_does_not_answer_is_told_apart(runtime_dir: Path,
                                                     qapp: QApplication) -> None:
    name = str(runtime_dir / "silent")
    silent = QLocalServer()
    assert silent.listen(name)  # accepts connections, never answers
    try:
        assert ask_to_raise(name, timeout_ms=300) is Answer.SILENT
    finally:
        silent.close()
    assert ask_to_raise(name, timeout_ms=300) is Answer.NONE  # closed: nothing listens


def test_a_malformed_request_is_dropped(qtbot: QtBot, runtime_dir: Path) -> None:
    name, server = _server(runtime_dir)
    window = QWidget()
    qtbot.addWidget(window)
    server.attach(window)
    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        assert socket.waitForConnected(1000)
        with qtbot.assertNotEmitted(server.raised, wait=300):
            socket.write(b"please raise\n")
            socket.flush()
            qtbot.waitUntil(lambda: socket.state() != QLocalSocket.LocalSocketState.ConnectedState)
        assert not window.isVisible()
    finally:
        socket.abort()
        server.close()
