"""API keys of remote providers: kept in the OS secret store, never in Fireside's files.

A key goes, in this order of preference, to:

- ``"keyring"``: the operating system's secret store (macOS Keychain, Windows
  Credential Locker, the Secret Service of GNOME or KDE) through :mod:`keyring`,
  under the service name ``"fireside"`` and the provider's name;
- ``"session"``: where no secret store exists (a bare Linux session: keyring falls
  back to its ``fail`` or ``null`` backend) the key lives in this process's memory
  only and is gone when Fireside quits; the user is told so;
- ``"file"``: only when the user explicitly chooses it, a plain JSON file
  ``provider_keys.json`` (0600) in the config folder, with a warning that anyone
  who can read that file can use the key.

``providers.json`` records only *where* a key is (``key_location``), never the key.
Nothing here logs a key.  :mod:`keyring` is imported on first use, not at start-up.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.core.private_files import make_private_dir, write_private
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)

SERVICE = "fireside"
PLAIN_FILE_NAME = "provider_keys.json"
KeyLocation = Literal["keyring", "session", "file", "none"]

# Keys kept for this session only, by (config folder, provider name): gone at exit.
_SESSION: dict[tuple[str, str], str] = {}
_LOCK = threading.Lock()


class SecretsError(UserError):
    """A key could not be stored, read or removed; :attr:`text` says why."""


@dataclass(frozen=True)
class KeyringStatus:
    """Whether the OS secret store can be used, and the sentence that says so."""

    available: bool
    backend: str
    note: Text


def _backend() -> Any:
    import keyring

    return keyring.get_keyring()


def _is_usable(backend: Any) -> bool:
    """False for keyring's ``fail`` and ``null`` backends (no secret store here)."""
    from keyring.backends import fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    chained = getattr(backend, "backends", None)  # the chainer: usable if any is
    return chained is None or bool(chained)


def keyring_status() -> KeyringStatus:
    """What the settings page and ``fireside providers`` say about where keys go."""
    try:
        backend = _backend()
        name = str(getattr(backend, "name", type(backend).__name__))
        usable = _is_usable(backend)
    except Exception as exc:  # a broken keyring configuration is "no secret store"
        log.warning("the keyring could not be opened: %s", exc)
        name, usable = type(exc).__name__, False
    if usable:
        return KeyringStatus(True, name, tr(
            "API keys are kept in this system's secret store ({backend}), never in "
            "Fireside's files.", backend=name))
    return KeyringStatus(False, name, tr(
        "This system has no secret store (keyring), so an API key is kept for this "
        "session only and must be entered again after Fireside restarts — unless you "
        "choose to keep it in a plain file."))


class SecretStore:
    """Stores, reads and removes the API keys of the providers of one config folder."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir
        self.plain_file = config_dir / PLAIN_FILE_NAME

    # -- the plain file (explicit opt-in) --------------------------------------
    def _read_plain(self) -> dict[str, str]:
        try:
            data = json.loads(self.plain_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("cannot read %s: %s", self.plain_file.name, type(exc).__name__)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def _write_plain(self, keys: dict[str, str]) -> None:
        if not keys:
            self.plain_file.unlink(missing_ok=True)
            return
        make_private_dir(self.config_dir, tighten_existing=False)
        write_private(self.plain_file, json.dumps(keys, indent=2))

    # -- the public interface ---------------------------------------------------
    def store(self, name: str, key: str, *, plain_file: bool = False) -> KeyLocation:
        """Keep ``key`` for the provider ``name``; returns where it went.

        ``plain_file`` (the user's explicit choice) writes it to the 0600 plain file.
        Otherwise the OS secret store is used, or, where there is none (or it
        refuses), this session's memory.  An empty key removes nothing and stores
        nothing: ``"none"``.
        """
        if not key:
            return "none"
        if plain_file:
            with _LOCK:
                keys = self._read_plain()
                keys[name] = key
                self._write_plain(keys)
            return "file"
        if keyring_status().available:
            try:
                import keyring

                keyring.set_password(SERVICE, name, key)
                return "keyring"
            except Exception as exc:  # locked, refused, no D-Bus session…
                log.warning("the secret store refused the key of %s (%s); keeping it for "
                            "this session only", name, type(exc).__name__)
        with _LOCK:
            _SESSION[(str(self.config_dir), name)] = key
        return "session"

    def get(self, name: str, location: KeyLocation) -> str | None:
        """The key of provider ``name`` kept at ``location`` (None: none, or gone)."""
        if location == "none":
            return None
        if location == "session":
            with _LOCK:
                return _SESSION.get((str(self.config_dir), name))
        if location == "file":
            with _LOCK:
                return self._read_plain().get(name)
        try:
            import keyring

            value = keyring.get_password(SERVICE, name)
        except Exception as exc:
            raise SecretsError(tr(
                "The API key of {provider} could not be read from this system's secret "
                "store: {error}", provider=name, error=type(exc).__name__)) from None
        return str(value) if value is not None else None

    def delete(self, name: str, location: KeyLocation) -> None:
        """Forget the key of provider ``name`` wherever ``location`` says it is."""
        with _LOCK:
            _SESSION.pop((str(self.config_dir), name), None)
            if location == "file" or self.plain_file.exists():
                keys = self._read_plain()
                if keys.pop(name, None) is not None:
                    self._write_plain(keys)
        if location == "keyring":
            try:
                import keyring
                from keyring.errors import PasswordDeleteError

                try:
                    keyring.delete_password(SERVICE, name)
                except PasswordDeleteError:
                    pass  # already gone
            except Exception as exc:
                log.warning("the secret store could not remove the key of %s (%s)", name,
                            type(exc).__name__)

    def move(self, old: str, new: str, location: KeyLocation) -> KeyLocation:
        """The provider ``old`` is now called ``new``: its key follows; returns its place."""
        if old == new or location == "none":
            return location
        key = self.get(old, location)
        if key is None:
            return "none"
        moved = self.store(new, key, plain_file=location == "file")
        self.delete(old, location)
        return moved


def forget_session_keys() -> None:
    """Drop every key kept for this session (tests; a real session just ends)."""
    with _LOCK:
        _SESSION.clear()
