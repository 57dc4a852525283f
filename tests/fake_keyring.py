"""A keyring backend for tests: an OS secret store stand-in kept in one JSON file.

In the test process: ``keyring.set_keyring(FileKeyring(path))``.  In a ``fireside``
subprocess: ``PYTHON_KEYRING_BACKEND=fake_keyring.FileKeyring`` with this folder on
``PYTHONPATH`` and the file named by ``FIRESIDE_TEST_KEYRING``.  The file lives
outside the data folder, so a test can prove a key is in the "secret store" and
nowhere in Fireside's own files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

ENV = "FIRESIDE_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    """Passwords by (service, user) in a JSON file."""

    @properties.classproperty
    def priority(cls) -> float:
        """Chosen by keyring's detection only where a test asks for it (never by chance)."""
        if ENV not in os.environ:
            raise RuntimeError("the test keyring is not set up")
        return 1

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path or Path(os.environ.get(ENV, "unset-test-keyring.json"))

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, data: dict[str, str]) -> None:
        self.path.write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(data)

    def entries(self) -> dict[str, str]:
        return self._load()
