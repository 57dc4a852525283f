"""One SQLite transaction as a ``with`` block: :class:`Transaction`."""

from __future__ import annotations

import sqlite3


class Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error (and when the commit
    itself fails: a full disk leaves nothing half-open)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._db.execute("COMMIT")
                return
            except BaseException:  # e.g. a full disk at commit: leave nothing half-open
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self._db.in_transaction:  # SQLite may have rolled back already (a full disk)
            self._db.execute("ROLLBACK")
