"""sha256 of model files, remembered by path, size and mtime.

Hashing a model costs a full read of the file, so the result is kept in a
small JSON cache and reused until the file's size or modification time
changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

from app.core.private_files import make_private_dir, write_private

log = logging.getLogger(__name__)
_CHUNK = 1 << 20
_WRITE_LOCK = threading.Lock()  # downloads finish on their own threads


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class ChecksumCache:
    """Caches sha256 results in a JSON file keyed by ``path|size|mtime_ns``."""

    def __init__(self, cache_file: Path) -> None:
        self.cache_file = cache_file

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data,
                                                                                  dict) else {}

    @staticmethod
    def _key(path: Path) -> str:
        st = path.stat()
        return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"

    def cached(self, path: Path) -> str | None:
        """The remembered sha256 of ``path`` if the file is unchanged, else None."""
        try:
            return self._read().get(self._key(path))
        except OSError:
            return None

    def sha256(self, path: Path) -> str:
        """sha256 of ``path``, hashing only when the cache does not know it."""
        key = self._key(path)
        known = self._read()
        if key in known:
            return known[key]
        value = sha256_of(path)
        self._store(path, key, value, known)
        return value

    def forget(self, path: Path) -> None:
        """Drop what is remembered about ``path`` (the next check hashes it again)."""
        with _WRITE_LOCK:
            self._write({k: v for k, v in self._read().items()
                         if not k.startswith(f"{path.resolve()}|")})

    def remember(self, path: Path, sha256: str) -> None:
        """Record a hash computed elsewhere (a download hashes as the bytes arrive)."""
        self._store(path, self._key(path), sha256, self._read())

    def _store(self, path: Path, key: str, value: str, known: dict[str, str]) -> None:
        with _WRITE_LOCK:
            known = {**self._read(), **known}
            known = {k: v for k, v in known.items() if not k.startswith(f"{path.resolve()}|")}
            known[key] = value
            self._write(known)

    def _write(self, known: dict[str, str]) -> None:
        try:
            make_private_dir(self.cache_file.parent, tighten_existing=False)
            write_private(self.cache_file, json.dumps(known, indent=1))
        except OSError as exc:
            log.warning("cannot write checksum cache %s: %s", self.cache_file, exc)
