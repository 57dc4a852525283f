"""A full disk, recognised wherever Fireside writes, and said plainly.

SQLite reports it as ``SQLITE_FULL`` ("database or disk is full"), Python's file
writes as ``OSError`` with ``ENOSPC`` (or ``EDQUOT``: over quota, ``EFBIG``: too large
for the file system).  :func:`is_disk_full` knows both; :class:`DiskFullError` is what
the chat store and the settings raise instead, so the window and the terminal can say
what happened and that nothing was lost, and try again once there is space: SQLite
rolls the failed write back, and the settings are written to a temporary file that
replaces the old one only when it is complete.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.core.texts import UserError, tr

_OS_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_SQLITE_FULL = 13  # sqlite3.SQLITE_FULL (the constant is missing before Python 3.11)


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` means there is no room left on the disk (or in the quota)."""
    if isinstance(error, DiskFullError):
        return True
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == _SQLITE_FULL
        return "database or disk is full" in str(error)
    return isinstance(error, OSError) and error.errno in _OS_FULL


class DiskFullError(UserError, OSError):
    """Nothing more could be written to the disk holding ``folder``; nothing was lost.

    Attributes:
        folder: the folder whose disk is full.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(tr("The disk holding {folder} is full: Fireside cannot write there. "
                            "Nothing was lost; free some space and try again.",
                            folder=str(folder)))
        self.folder = folder
