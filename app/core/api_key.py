"""The API server's key: made on first use, kept in the system's secret store.

It lives where providers' keys live (:class:`app.core.secrets.SecretStore`: the OS
keyring, else this session's memory, or a 0600 file only if the user chose that), under
a name no provider can have (provider names cannot contain "/").  Where it is kept is
remembered in the settings (:attr:`ApiServerSettings.key_location`), never the key.
"""

from __future__ import annotations

import hmac
import secrets as random_secrets

from app.core.api_settings import ApiServerSettings
from app.core.secrets import SecretStore

KEY_NAME = "api-server/key"
PREFIX = "fs-"


def _new_key() -> str:
    return PREFIX + random_secrets.token_urlsafe(32)


def api_key(store: SecretStore, settings: ApiServerSettings) -> str:
    """The key, made and stored now if there is none (``settings.key_location`` is updated;
    the caller saves the settings)."""
    if settings.key_location != "none":
        key = store.get(KEY_NAME, settings.key_location)
        if key:
            return key
    return new_api_key(store, settings)


def new_api_key(store: SecretStore, settings: ApiServerSettings,
                plain_file: bool = False) -> str:
    """Replace the key (the old one stops working at once); returns the new one."""
    if settings.key_location != "none":
        store.delete(KEY_NAME, settings.key_location)
    key = _new_key()
    settings.key_location = store.store(KEY_NAME, key, plain_file=plain_file)
    return key


def key_matches(given: str | None, key: str) -> bool:
    """``given`` is the key (compared in constant time); an empty key matches nothing."""
    return bool(given) and bool(key) and hmac.compare_digest(
        (given or "").encode(), key.encode())
