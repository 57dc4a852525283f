"""Comparisons and votes kept on this computer: ``compare.sqlite3`` in the data folder.

A separate file from the chats (their schema is left alone), private (0600).  Each
comparison is one row, its answers and metrics as JSON; its vote is the chosen
answer's index or a tie.  :meth:`CompareStore.standings` replays the votes, oldest
first, into the tally (:mod:`app.core.compare.tally`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from app.core.compare.records import Comparison
from app.core.compare.tally import Standing, Vote, tally
from app.core.private_files import touch_private
from app.core.texts import UserError, tr

FILE_NAME = "compare.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS comparisons (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    prompt TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    comparison_id TEXT PRIMARY KEY REFERENCES comparisons(id) ON DELETE CASCADE,
    winner INTEGER,
    voted_at REAL NOT NULL
);
"""


class CompareStoreError(UserError):
    """The comparisons file cannot be read or written, or a vote is not possible."""


class CompareStore:
    """Reads and writes comparisons and votes in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        touch_private(path)
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise CompareStoreError(tr("cannot open the comparisons file {path}: {error}",
                                       path=str(path), error=str(exc))) from exc

    @classmethod
    def in_folder(cls, data_dir: Path) -> CompareStore:
        return cls(data_dir / FILE_NAME)

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, parameters: tuple[object, ...]) -> None:
        try:
            self._db.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise CompareStoreError(tr("cannot save to the comparisons file {path}: {error}",
                                       path=str(self.path), error=str(exc))) from exc

    def save(self, comparison: Comparison) -> None:
        """Keep ``comparison`` (again, if it was kept: replaced)."""
        data = comparison.to_dict()
        del data["winner"], data["tie"]  # the vote lives in its own table
        self._write("INSERT OR REPLACE INTO comparisons (id, created_at, prompt, data) "
                    "VALUES (?, ?, ?, ?)", (comparison.id, comparison.created_at,
                                            comparison.prompt,
                                            json.dumps(data, ensure_ascii=False)))

    def load(self, comparison_id: str) -> Comparison | None:
        row = self._db.execute(
            "SELECT c.data, v.comparison_id, v.winner FROM comparisons c LEFT JOIN votes v "
            "ON v.comparison_id = c.id WHERE c.id=?", (comparison_id,)).fetchone()
        if row is None:
            return None
        comparison = Comparison.from_dict(json.loads(row[0]))
        if row[1] is not None:
            comparison.winner, comparison.tie = row[2], row[2] is None
        return comparison

    def comparisons(self) -> list[Comparison]:
        """Every comparison, newest first."""
        ids = [r[0] for r in self._db.execute(
            "SELECT id FROM comparisons ORDER BY created_at DESC, rowid DESC")]
        return [c for i in ids if (c := self.load(i)) is not None]

    def vote(self, comparison: Comparison, winner: int | None) -> None:
        """The user's choice: answer ``winner`` (an index), or None for a tie.  Only an
        answer that came is a choice, and only answers that came take part."""
        if winner is not None and not (0 <= winner < len(comparison.answers)
                                       and comparison.answers[winner].ok):
            raise CompareStoreError(tr("Answer {number} cannot be chosen.",
                                       number=winner + 1 if winner >= 0 else winner))
        if sum(a.ok for a in comparison.answers) < 2:
            raise CompareStoreError(tr("A vote needs at least two answers to compare."))
        if self.load(comparison.id) is None:
            self.save(comparison)
        self._write("INSERT OR REPLACE INTO votes (comparison_id, winner, voted_at) "
                    "VALUES (?, ?, ?)", (comparison.id, winner, time.time()))
        comparison.winner, comparison.tie = winner, winner is None

    def votes(self) -> list[Vote]:
        """Every vote, oldest first, as the models that answered and the choice."""
        result = []
        for data, winner in self._db.execute(
                "SELECT c.data, v.winner FROM votes v JOIN comparisons c "
                "ON c.id = v.comparison_id ORDER BY v.voted_at, v.rowid"):
            answers = Comparison.from_dict(json.loads(data)).answers
            taking = [i for i, a in enumerate(answers) if a.ok]
            models = [(answers[i].model_id, answers[i].name) for i in taking]
            result.append(Vote(models, taking.index(winner) if winner is not None else None))
        return result

    def standings(self) -> list[Standing]:
        """The tally of every vote kept, best rating first."""
        return tally(self.votes())
