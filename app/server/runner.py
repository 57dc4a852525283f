"""The API server on a thread of its own: :class:`ApiServer`.

The listening socket is bound by :meth:`ApiServer.start` itself, before the thread
starts, so a port in use is one clear error at once (:class:`PortInUseError`, naming the
address) rather than a log line from a thread.  uvicorn then serves on that socket with
its own event loop; nothing in the window's thread waits on it.  uvicorn's access log is
off (requests are not logged one by one: a flood of bad ones cannot fill the log), and
its complaints about unparsable requests are kept out of the log too.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
from typing import TYPE_CHECKING, Any

from app.core.api_settings import is_loopback
from app.core.texts import UserError, tr

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger(__name__)


def base_url(host: str, port: int) -> str:
    """The address clients use for a server on ``host``:``port`` (``…/v1``; every address
    of this computer is reached as 127.0.0.1 from here)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/v1"


class PortInUseError(UserError, OSError):
    """The address and port are taken (by another program, or another Fireside)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``; UserError with a clear reason if not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UserError(tr("“{host}” is not an address of this computer.", host=host)) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not past a listener
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0 if host == "::" else 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(tr(
                "{address} is already in use (another program, or Fireside already serving). "
                "Choose another port.", address=where)) from None
        if exc.errno == errno.EACCES:
            raise UserError(tr("Not allowed to listen on {address} (ports below 1024 need "
                               "administrator rights).", address=where)) from None
        raise UserError(tr("Cannot listen on {address}: {error}", address=where,
                           error=exc.strerror or str(exc))) from None
    sock.setblocking(False)
    return sock


class ApiServer:
    """Serves an ASGI app on ``host``:``port`` from a daemon thread.

    Attributes:
        host, port: where it listens (``port`` is the real one when 0 was asked).
    """

    def __init__(self, app: Any, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL clients use (``…/v1``)."""
        return base_url(self.host, self.port)

    @property
    def is_loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Bind (PortInUseError or UserError if that fails) and serve on a thread."""
        import uvicorn

        sock = bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        logging.getLogger("uvicorn.error").setLevel(logging.ERROR)
        from app.server.protocol import GuardedH11Protocol

        config = uvicorn.Config(
            self.app, http=GuardedH11Protocol, ws="none", lifespan="off", log_config=None,
            access_log=False,
            proxy_headers=False, server_header=False, timeout_keep_alive=5,
            timeout_graceful_shutdown=2, limit_concurrency=256)
        server = uvicorn.Server(config)
        self._server = server
        self._thread = threading.Thread(target=self._serve, args=(server, sock),
                                        name="fireside-api", daemon=True)
        self._thread.start()

    @staticmethod
    def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except Exception:
            log.exception("the API server stopped")
        finally:
            sock.close()

    def wait_started(self, timeout: float = 10.0) -> bool:
        """Wait until uvicorn accepts connections (tests, ``fireside serve``)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if getattr(self._server, "started", False):
                return True
            if not self.running:
                return False
            time.sleep(0.01)
        return False

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop accepting, end the open connections, and wait up to ``timeout``."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and timeout != 0:
            self._thread.join(timeout)
