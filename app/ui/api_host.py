"""The window's API server: :class:`ApiHost` serves as the settings say, keeps the key,
and tells the window — on the GUI thread — what the server is doing.

The server (:class:`app.server.stack.ServingStack`) runs on threads of its own: uvicorn's,
and its model jobs on the window's one model thread, first come first served with the
window's own replies.  Nothing here waits on it: stopping asks uvicorn to stop and leaves
the joining to a helper thread.  What the server's threads report (requests in flight, an
API chat saved) arrives through queued signals; chat changes are coalesced so the chat
list is read again at most a few times a second.

The key lives in the system's secret store (:mod:`app.core.api_key`).  It is read — or
made — off the GUI thread, one request at a time, and only when needed: the user turns
the server on, the server requires it, or the user asks to see, copy or replace it.
Until it has been read, the server compares requests against a random value nobody
knows, so a request that needs the key is refused rather than let through.
"""

from __future__ import annotations

import logging
import secrets as random_secrets
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.api_key import api_key, new_api_key
from app.core.api_settings import ApiServerSettings, KeyLocation, is_loopback
from app.core.context import AppContext
from app.core.model_slot import ModelRunner
from app.core.secrets import SecretStore
from app.core.texts import UserError
from app.server.runner import PortInUseError, base_url
from app.ui.background import Background, BackgroundFailure
from app.ui.i18n import say

if TYPE_CHECKING:
    from app.server.stack import ServingStack

log = logging.getLogger(__name__)

KeyResult = str | Exception  # the key, or why it could not be read or made
KeyCallback = Callable[[KeyResult], None]


def describe(error: Exception) -> str:
    """What to tell the user about a key that could not be read or made."""
    return str(error) if isinstance(error, BackgroundFailure) else say(error)


def _finish_stopping(stack: ServingStack) -> None:
    """Wait for the server's thread and its last answers to end, then close its database
    connection (on a helper thread of its own)."""
    try:
        stack.stop(timeout=10)
    except Exception as exc:  # a thread of its own: say it in the log, never raise
        log.warning("the API server did not stop cleanly: %s", exc)


class ApiHost(QObject):
    """Starts, restarts and stops the window's API server; keeps its key.

    Signals:
        sig_state(): it started serving, stopped, or could not start (see :attr:`error`).
        sig_activity(int): how many requests are being answered or waiting now.
        sig_chats_changed(): API chats were saved or changed (coalesced).
        sig_problem(str): a message for the window's banner (the port is taken, the key
            could not be kept).

    Attributes:
        stack: the server while it serves, else None.
        error: why it is not serving although it is turned on (None: no problem).
        key: the key, once read or made (None: not read yet).
    """

    CHAT_DELAY_MS = 300
    RETRY_MS = 100  # while a server of this window still lets go of the same port

    sig_state = Signal()
    sig_activity = Signal(int)
    sig_chats_changed = Signal()
    sig_problem = Signal(str)
    _activity = Signal()
    _chat_changed = Signal(str)

    def __init__(self, context: AppContext, runner: ModelRunner, secrets: SecretStore,
                 save_settings: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.runner = runner
        self.secrets = secrets
        self._save_settings = save_settings
        self.stack: ServingStack | None = None
        self.error: str | None = None
        self.key: str | None = None
        self._unknown_key = random_secrets.token_urlsafe(32)  # until the real one is read
        self._where: tuple[str, int] | None = None
        self._stopping: dict[tuple[str, int], threading.Thread] = {}  # by address
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._start_again)
        self._background = Background(self)
        self._key_jobs: deque[tuple[bool, KeyCallback | None]] = deque()
        self._key_busy = False
        self._closed = False
        self._chat_timer = QTimer(self)
        self._chat_timer.setSingleShot(True)
        self._chat_timer.setInterval(self.CHAT_DELAY_MS)
        self._chat_timer.timeout.connect(self.sig_chats_changed)
        queued = Qt.ConnectionType.QueuedConnection
        self._activity.connect(self._on_activity, queued)
        self._chat_changed.connect(self._on_chat_changed, queued)

    # -- state ------------------------------------------------------------------------
    @property
    def settings(self) -> ApiServerSettings:
        return self.ctx.settings.api_server

    @property
    def serving(self) -> bool:
        return self.stack is not None

    @property
    def url(self) -> str:
        """Where it serves, or would serve with the settings as they are."""
        if self.stack is not None:
            return self.stack.server.url
        return base_url(self.settings.host, self.settings.port)

    @property
    def in_flight(self) -> int:
        return self.stack.service.in_flight if self.stack is not None else 0

    def key_needed(self) -> bool:
        """Requests must carry the key (off loopback always; on loopback if asked)."""
        return self.settings.require_key or not is_loopback(self.settings.host)

    # -- serving ----------------------------------------------------------------------
    def apply(self, turned_on: bool = False) -> None:
        """Serve as the settings say now: start, restart on a new address, or stop.

        ``turned_on``: the user has just turned the server on, so the key is made now
        (to be shown and copied) even if requests from this computer do not need it.
        """
        if self._closed:
            return
        api = self.settings
        if not api.enabled:
            self.stop()
            return
        if turned_on or self.key_needed():
            self.fetch_key()
        if self.stack is not None and self._where == (api.host, api.port):
            return
        self.stop()
        self.start()

    def start(self) -> bool:
        """Listen and serve (False, with :attr:`error` set and said, if that fails)."""
        from app.server.stack import ServingStack  # the web stack only once it is wanted

        api = self.settings
        address = (api.host, api.port)
        stack = ServingStack(self.runner, paths=self.ctx.paths, settings=lambda: self.ctx.settings,
                             installed=lambda: list(self.ctx.installed), key=self._current_key,
                             host=api.host, port=api.port)
        stack.service.on_activity = lambda _count: self._activity.emit()
        if stack.chats is not None:
            stack.chats.on_changed = self._chat_changed.emit
        try:
            stack.start()
        except UserError as exc:
            letting_go = self._stopping.get(address)
            if isinstance(exc, PortInUseError) and letting_go is not None \
                    and letting_go.is_alive():
                self._retry.start()  # this window's own server, still stopping: try again
                return False
            self.error = say(exc)
            log.warning("the API server could not start: %s", exc)
            return self._failed()
        except Exception as exc:  # a surprise from the web stack: the window goes on
            log.exception("the API server could not start")
            self.error = self.tr("The API server could not start: {error}").format(
                error=f"{type(exc).__name__}: {exc}")
            return self._failed()
        self.stack, self._where, self.error = stack, address, None
        log.info("the API server serves at %s", stack.server.url)
        self.sig_state.emit()
        return True

    def _failed(self) -> bool:
        assert self.error is not None
        self.sig_problem.emit(self.error)
        self.sig_state.emit()
        return False

    def stop(self) -> None:
        """Stop serving (at once; requests under way end on the server's threads)."""
        self._retry.stop()
        stack, where = self.stack, self._where
        self.stack, self._where = None, None
        had_error, self.error = self.error is not None, None
        if stack is None or where is None:
            if had_error:
                self.sig_state.emit()
            return
        stack.service.on_activity = None
        stack.stop(timeout=0)  # stop listening, and the answers under way, at once
        helper = threading.Thread(target=_finish_stopping, args=(stack,),
                                  name="fireside-api-stop", daemon=True)
        self._stopping = {a: t for a, t in self._stopping.items() if t.is_alive()}
        self._stopping[where] = helper
        helper.start()
        self.sig_state.emit()
        self.sig_activity.emit(0)

    def shutdown(self) -> None:
        """The window closes: stop serving; nothing more is reported."""
        self._closed = True
        self._chat_timer.stop()
        stack = self.stack
        if stack is not None and stack.chats is not None:
            stack.chats.on_changed = None
        self.stop()
        self.blockSignals(True)

    def _start_again(self) -> None:
        api = self.settings
        if not self._closed and api.enabled and self.stack is None:
            self.start()

    def _current_key(self) -> str:
        """The key the server compares with (any thread)."""
        return self.key or self._unknown_key

    def _on_activity(self) -> None:
        self.sig_activity.emit(self.in_flight)  # now, whatever order the reports came in

    def _on_chat_changed(self, _conversation_id: str) -> None:
        if not self._chat_timer.isActive():
            self._chat_timer.start()

    # -- the key ----------------------------------------------------------------------
    def fetch_key(self, done: KeyCallback | None = None) -> None:
        """Read the key (make it if there is none); ``done`` gets it, or the exception."""
        if self.key is not None and not self._key_jobs and not self._key_busy:
            if done is not None:
                done(self.key)
            return
        self._key_jobs.append((False, done))
        self._next_key_job()

    def regenerate_key(self, done: KeyCallback | None = None) -> None:
        """Replace the key: the old one stops working as soon as the new one is made."""
        self._key_jobs.append((True, done))
        self._next_key_job()

    def _next_key_job(self) -> None:
        while not self._key_busy and self._key_jobs:
            new, done = self._key_jobs.popleft()
            if not new and self.key is not None:
                if done is not None:
                    done(self.key)
                continue
            self._run_key_job(new, done)

    def _run_key_job(self, new: bool, done: KeyCallback | None) -> None:
        """Read, make or replace the key on a background thread (the secret store may be
        slow to answer: a locked keyring, D-Bus)."""
        self._key_busy = True
        location, store = self.settings.key_location, self.secrets

        def work() -> tuple[str, KeyLocation]:
            api = ApiServerSettings(key_location=location)
            key = new_api_key(store, api) if new else api_key(store, api)
            return key, api.key_location

        def arrived(result: tuple[str, KeyLocation] | Exception) -> None:
            self._key_done(result, done)

        self._background.run(work, arrived, (UserError, OSError))

    def _key_done(self, result: tuple[str, KeyLocation] | Exception,
                  done: KeyCallback | None) -> None:
        self._key_busy = False
        outcome: KeyResult
        if isinstance(result, Exception):
            outcome = result
            if done is None:
                self.sig_problem.emit(describe(result))
        else:
            self.key, location = result
            outcome = self.key
            if self.settings.key_location != location:
                self.settings.key_location = location  # where it is kept, never the key
                self._save_settings()
        if done is not None and not self._closed:
            done(outcome)
        self._next_key_job()
