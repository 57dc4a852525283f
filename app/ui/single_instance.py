"""One window per data folder: starting Fireside again brings the open window to the front.

Two windows on one data folder would write the same chats database, settings and models
folder.  So the window that starts first listens on a local socket (:class:`WindowServer`)
whose name comes from the data folder and the user: another start with the same folder
connects, asks it to come to the front, and exits, before it makes a window or opens the
database.  A different ``--data-dir`` gives a different socket, so it starts its own window;
the terminal commands (``fireside chat``…) do not take part.

On Unix the socket is ``$XDG_RUNTIME_DIR/fireside-<hash>`` (or, without a private runtime
folder, in a 0700 folder of the user's under the temporary folder), made with Qt's
``UserAccessOption``: only its owner can connect.  A socket left behind by a window that was
killed accepts no connection; the next start removes it and becomes the window.  A lock file
beside the socket makes two starts at the same moment take turns.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import logging
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_MS = 10_000  # a window still starting answers once its event loop runs
LOCK_TIMEOUT_MS = 10_000
_REQUEST = "raise"
_RAISED = b"raised\n"
_MAX_REQUEST = 4096


class Answer(enum.Enum):
    """What the window already open said when asked to come to the front."""

    NONE = "none"  # no window listens: this start opens one
    RAISED = "raised"  # it came to the front
    SILENT = "silent"  # it accepted the connection but did not answer in time


def _user_id() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")


def _private_folder(folder: Path) -> bool:
    """Whether ``folder`` is a real folder of this user that nobody else can enter."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & 0o077)


def _socket_folder() -> Path | None:
    """Where this user's sockets go (Unix): the runtime folder, else a private temp folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private_folder(Path(runtime)):
        return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"fireside-{_user_id()}"
    with contextlib.suppress(FileExistsError, OSError):
        folder.mkdir(mode=0o700)
    return folder if _private_folder(folder) else None  # someone else's: no single window


def socket_name(data_dir: Path) -> str:
    """The socket's file name for this user and ``data_dir`` (a resolved path)."""
    key = _user_id().encode() + b"\0" + os.fsencode(data_dir)  # any bytes a path may hold
    digest = hashlib.sha256(key).hexdigest()[:16]
    return f"fireside-{digest}"


def server_name(data_dir: Path) -> str | None:
    """The socket (Unix: its path) of the window for ``data_dir``; None if there can be no
    private one here (then every start opens a window, as before)."""
    name = socket_name(data_dir)
    if sys.platform == "win32":
        return name  # a named pipe; UserAccessOption limits it to this user
    folder = _socket_folder()
    return str(folder / name) if folder is not None else None


def ask_to_raise(name: str, timeout_ms: int = ANSWER_TIMEOUT_MS) -> Answer:
    """Ask the window listening on ``name`` to come to the front.

    Sends the launcher's activation token along (Wayland compositors let a window take
    the focus only with one)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(1000):
        return Answer.NONE
    request = {"request": _REQUEST,
               "activation_token": os.environ.get("XDG_ACTIVATION_TOKEN", "")}
    socket.write(json.dumps(request).encode() + b"\n")
    socket.flush()
    deadline = time.monotonic() + timeout_ms / 1000
    reply = b""
    while not reply.endswith(b"\n") and len(reply) < _MAX_REQUEST:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0 or not socket.waitForReadyRead(left):
            break
        reply += bytes(socket.readAll().data())
    socket.abort()
    return Answer.RAISED if reply == _RAISED else Answer.SILENT


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` (restored if minimized) above the others and give it the focus;
    a dialog it has open comes along on top."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    handle = window.windowHandle()
    if handle is not None:  # on X11 this asks the window manager (_NET_ACTIVE_WINDOW)
        handle.requestActivate()
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not window:
        modal.raise_()
        modal.activateWindow()


class WindowServer(QObject):
    """The open window's end of the socket: brings the window forward when asked.

    Requests that arrive before :meth:`attach` gave it the window are answered then
    (or at once, if a dialog is up instead, such as the one about a newer database).
    """

    raised = Signal()

    def __init__(self, server: QLocalServer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = server
        self._server.setParent(self)
        self._window: QWidget | None = None
        self._waiting: list[QLocalSocket] = []
        server.newConnection.connect(self._accept)

    @property
    def name(self) -> str:
        return self._server.fullServerName()

    @property
    def waiting(self) -> int:
        """How many requests wait for :meth:`attach`."""
        return len(self._waiting)

    def attach(self, window: QWidget) -> None:
        """The window to bring forward; requests that were waiting for it are answered."""
        self._window = window
        waiting, self._waiting = self._waiting, []
        for socket in waiting:
            self._bring_forward(socket)

    def close(self) -> None:
        """Stop listening (the socket file goes away: the next start opens a window)."""
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > _MAX_REQUEST:
                socket.abort()
            return
        line = bytes(socket.readLine(_MAX_REQUEST).data())
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        if not isinstance(request, dict) or request.get("request") != _REQUEST:
            log.warning("ignored a malformed request on %s", self.name)
            socket.abort()
            return
        token = request.get("activation_token")
        if isinstance(token, str) and token and QApplication.platformName().startswith("wayland"):
            os.environ["XDG_ACTIVATION_TOKEN"] = token  # Qt's Wayland plugin uses it once
        self._bring_forward(socket)

    def _bring_forward(self, socket: QLocalSocket) -> None:
        target = self._window or QApplication.activeModalWidget()
        if target is None:
            self._waiting.append(socket)  # the window is still being made
            return
        bring_to_front(target)
        log.info("another start of Fireside brought the window to the front")
        socket.write(_RAISED)
        socket.flush()
        socket.disconnectFromServer()
        self.raised.emit()


class InstanceLock:
    """Held while a start finds out whether a window is open, and opens its socket if not,
    so that two starts at the same moment cannot both become the window."""

    def __init__(self, name: str) -> None:
        if sys.platform == "win32":
            path = str(Path(tempfile.gettempdir()) / f"{name}.lock")
        else:
            path = f"{name}.lock"
        self._lock = QLockFile(path)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        locked = self._lock.tryLock(LOCK_TIMEOUT_MS)  # a killed holder's lock is taken over
        if not locked:
            log.warning("could not take the single-window lock: %s", self._lock.error())
        try:
            yield
        finally:
            if locked:
                self._lock.unlock()


def listen(name: str) -> WindowServer | None:
    """Become the window for ``name``: remove a socket a killed window left, then listen
    (only this user may connect).  None if the socket cannot be made (the window opens
    anyway)."""
    QLocalServer.removeServer(name)  # nobody answered on it: a killed window's, stale
    server = QLocalServer()
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if not server.listen(name):
        log.warning("cannot listen on %s: %s", name, server.errorString())
        return None
    return WindowServer(server)
