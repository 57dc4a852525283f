"""Everything serving needs, put together once for the window and ``fireside serve``.

:class:`ServingStack` is the service (over whichever model thread the caller has), the
chat recorder on its own database connection, the guard's rules read live from the
settings and the key, and the uvicorn thread.  The key is required whenever the server
listens on anything but loopback, whatever the settings say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.core.api_chats import ApiChats
from app.core.api_service import ApiService
from app.core.api_settings import is_loopback
from app.core.installed import InstalledModel
from app.core.model_slot import ModelRunner
from app.core.paths import AppPaths
from app.core.providers import ProviderStore
from app.core.settings import Settings
from app.core.storage import ChatStore
from app.server.guard import GuardRules
from app.server.routes import BodyLimits, create_app
from app.server.runner import ApiServer

log = logging.getLogger(__name__)


class ServingStack:
    """The API server of one process.

    Attributes:
        service: the models, the queue and the answers.
        server: the uvicorn thread (``server.url`` is the address to give clients).
        chats: the recorder of API conversations (None when the database cannot open).
    """

    def __init__(self, runner: ModelRunner, *, paths: AppPaths,
                 settings: Callable[[], Settings],
                 installed: Callable[[], list[InstalledModel]], key: Callable[[], str],
                 host: str, port: int, limits: BodyLimits | None = None) -> None:
        self._store: ChatStore | None = None
        try:  # a second connection: the window's own replies are not touched
            self._store = ChatStore(paths.database, shared=True, recover_interrupted=False)
        except Exception as exc:  # answered anyway; nothing is saved
            log.warning("API conversations will not be saved: %s", exc)
        self.chats = ApiChats(self._store, settings) if self._store is not None else None
        self.service = ApiService(runner, installed=installed, settings=settings,
                                  providers=ProviderStore.for_paths(paths), chats=self.chats)
        loopback = is_loopback(host)
        rules = GuardRules(
            bound_host=host, key=key,
            key_required=lambda: not loopback or settings().api_server.require_key,
            origins=lambda: settings().api_server.allowed_origins)
        self._rules = rules
        self.server = ApiServer(create_app(self.service, rules, limits), host, port)

    @property
    def key_required(self) -> bool:
        """Requests need the key now (off loopback always; on loopback if the user asks)."""
        return self._rules.key_required()

    def start(self) -> None:
        """Listen (raises PortInUseError / UserError) and serve."""
        try:
            self.server.start()
        except BaseException:
            self.close_store()
            raise

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop listening, stop the answers under way, and (once they ended, within
        ``timeout``; 0: do not wait) close the database connection."""
        self.service.stop_all(0)  # streams end now, with their last chunk and [DONE]
        self.server.stop(timeout)
        ended = self.service.stop_all(timeout if timeout is not None else 30.0)
        self.service.close()
        if ended:
            self.close_store()

    def close_store(self) -> None:
        if self._store is None:
            return
        if self.chats is not None:
            with self.chats.lock:  # not under a request that is still saving
                self._store.close()
        else:
            self._store.close()
        self._store = None
