"""How the local API server runs: :class:`ApiServerSettings` (part of the settings).

A leaf module, so the settings and the server both use it without importing each other.
The server is off until the user turns it on, listens on this computer only unless told
otherwise, and then needs its key (:mod:`app.core.api_key`).
"""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_PORT = 4891  # GPT4All's, so tools set up for it find Fireside
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

KeyLocation = Literal["keyring", "session", "file", "none"]


class ApiServerSettings(BaseModel):
    """The window's API server (``fireside serve`` takes the same values as options).

    Attributes:
        enabled: serve while the window is open.
        host: the address to listen on; anything but loopback needs the key.
        port: the TCP port.
        require_key: ask for the key on loopback too (always asked elsewhere).
        allowed_origins: web pages (``https://example.org``) that may call the API from a
            browser; none by default, and never a wildcard.
        save_chats: keep API conversations as chats marked "API".
        share_remote: offer the remote providers' models too (what is sent to them leaves
            this computer).
        queue_depth: requests that may wait for the model; more get 429.
        parallel: answer several requests together (one batch on the model thread);
            off: one after another (answers at temperature 0 are then reproducible).
        key_location: where the key is kept (see :mod:`app.core.secrets`).
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(DEFAULT_PORT, ge=1, le=65535)
    require_key: bool = False
    allowed_origins: list[str] = Field(default_factory=list)
    save_chats: bool = True
    share_remote: bool = False
    queue_depth: int = Field(8, ge=1, le=1024)
    parallel: bool = True
    key_location: KeyLocation = "none"


def is_loopback(host: str) -> bool:
    """``host`` is this computer only (``localhost``, 127.0.0.0/8, ``::1``)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
