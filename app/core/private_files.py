"""Private by default: Fireside's folders are 0700 and its files 0600.

Chats, logs, settings and caches say a lot about a person, and on a shared
computer a file made with the usual umask (0644 in a 0755 folder) can be read
by every other account.  So every folder Fireside makes is created 0700 and
every file 0600, whatever the umask, and an install made before this rule is
tightened at start (:func:`tighten_tree`).

- :func:`make_private_dir` creates a folder (and any missing parents) 0700.
- :func:`private_opener` is an ``opener=`` for :func:`open` that creates a
  file 0600 (and takes group and other access away from one that exists).
- :func:`write_private` replaces a file atomically with a 0600 temporary file.
- :func:`tighten_tree` takes group and other access away from a folder tree
  without following symbolic links.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # group and other bits: what privacy takes away
_POSIX = os.name == "posix"  # elsewhere (Windows) the mode bits mean little: nothing to change


def private_opener(path: str, flags: int) -> int:
    """``open(path, mode, opener=private_opener)``: a new file is 0600, an old one loses
    group and other access."""
    fd = os.open(path, flags, FILE_MODE)
    if not _POSIX:
        return fd
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & _OTHERS:
            os.fchmod(fd, mode & ~_OTHERS)
    except OSError as exc:  # not ours to change (another owner): still usable
        log.warning("cannot make %s private: %s", path, exc)
    return fd


def make_private_dir(path: Path, *, tighten_existing: bool = True) -> Path:
    """Create ``path`` and any missing parents 0700; an existing ``path`` is made 0700
    unless ``tighten_existing`` is false (a folder the user chose for models).

    Existing parents are left as they are (``~/.local/share`` is not Fireside's).
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)  # the umask may only take more away
        except FileExistsError:
            pass
    if missing or tighten_existing:
        tighten(path)
    return path


def write_private(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically; the file is 0600 from its first byte.

    The temporary file ``NAME.tmp`` beside it is renamed over ``path``, so a
    crash leaves the old or the new content, never a mix; a failed write (a full
    disk) removes it and raises.
    """
    raw = data.encode(encoding) if isinstance(data, str) else data
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb", opener=private_opener) as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def touch_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it is missing; an existing file loses group and
    other access.  (SQLite gives its -wal and -shm files the database file's mode.)

    An existing file is never opened: closing any descriptor of a file drops every POSIX
    lock this process holds on it, SQLite's among them.  A second connection to a
    database this process has open (the API server's, beside the window's) would
    otherwise leave the first one unlocked, and the next Fireside process to close the
    database would delete a write-ahead log still in use — losing chats.

    Never raises: whoever opens the file next reports a path that cannot be used.
    """
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE))
        return
    except FileExistsError:
        pass
    except OSError as exc:
        log.debug("cannot create %s: %s", path, exc)
        return
    if not _POSIX:
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & _OTHERS:
            os.chmod(path, mode & ~_OTHERS)
    except OSError as exc:  # not ours to change (another owner): still usable
        log.warning("cannot make %s private: %s", path, exc)


def tighten(path: Path) -> None:
    """Make the folder ``path`` 0700, or the regular file ``path`` owner-only.

    A symbolic link, a missing path or anything but a folder or a regular file
    is left alone; a file that cannot be changed is logged and skipped.
    """
    if not _POSIX:
        return
    try:
        info = os.lstat(path)
    except OSError:
        return
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        wanted = DIR_MODE
    elif stat.S_ISREG(info.st_mode):
        wanted = mode & ~_OTHERS  # 0644 -> 0600; the owner's own bits stay the owner's
    else:
        return
    if mode == wanted:
        return
    try:
        os.chmod(path, wanted)
    except OSError as exc:
        log.warning("cannot make %s private: %s", path, exc)


def tighten_tree(root: Path) -> None:
    """Tighten ``root`` and every folder and file under it, never following a link.

    A ``root`` that is itself a symbolic link is not walked.
    """
    if root.is_symlink() or not root.is_dir():
        return
    tighten(root)
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in (*dirs, *files):
            tighten(Path(folder) / name)


def tighten_files(folder: Path, patterns: Iterable[str]) -> None:
    """Tighten the files directly in ``folder`` that match any of the glob ``patterns``."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for pattern in patterns:
        for path in folder.glob(pattern):
            tighten(path)
