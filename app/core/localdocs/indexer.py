"""A collection's folders walked and indexed: :class:`Indexer`.

Only what changed is read: a file whose size and modification time are the ones it was
indexed at is skipped (a file that could not be read is not tried again until it
changes), a file that is gone leaves the index, and when the collection's chunking
changed, unchanged files are re-chunked from the text kept in the index, without
reading them again.  Each file is saved in one transaction, so stopping — Stop, quitting,
a crash, ``kill -9`` — loses at most the file being read, and the next run goes on from
there.

Walking never stops at a problem: hidden folders and the usual build and package folders
are left out, a folder that cannot be read is listed with the reason, symbolic links are
followed but a folder reached twice (a link loop) is walked once, and a collection folder
that does not exist is reported (its files stay in the index until it is back, as on an
unplugged drive; removing the folder from the collection removes them).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.localdocs.chunking import chunk_pages
from app.core.localdocs.extract import SECONDS, ExtractError, extract, has_headings, kind_of
from app.core.localdocs.store import Collection, DocsStore
from app.core.texts import Text, tr

log = logging.getLogger(__name__)

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages",
                          "dist", "build", "target"})


def _storable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def reason_text(stored: str) -> Text:
    """A reason kept in the index, as the sentence to show (in the user's language)."""
    try:
        template, values = json.loads(stored)
        return Text(str(template), dict(values))
    except (ValueError, TypeError):
        return Text.plain(stored)


def stored_reason(text: Text) -> str:
    return json.dumps([text.template, {k: str(v) if isinstance(v, Text) else v
                                       for k, v in text.values.items()}], ensure_ascii=False)


@dataclass
class IndexProgress:
    """Where indexing is: files and bytes done of those to read, since ``started``."""

    collection: str
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    current: str | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def megabytes_per_second(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.bytes_done / elapsed / 1e6 if elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """An estimate from the bytes left at the rate so far (None: too early)."""
        elapsed = time.monotonic() - self.started
        if self.bytes_done <= 0 or elapsed < 0.5:
            return None
        return (self.bytes_total - self.bytes_done) * elapsed / self.bytes_done


@dataclass
class IndexReport:
    """What one run did."""

    indexed: int = 0
    rechunked: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    stopped: bool = False
    removed_collection: bool = False  # the collection was removed while it was indexed
    unreadable: list[tuple[str, Text]] = field(default_factory=list)  # folders
    seconds: float = 0.0
    bytes: int = 0


class Indexer:
    """Indexes collections of one :class:`DocsStore` (on a thread of its own).

    ``on_progress`` is told an :class:`IndexProgress` after every file; setting ``stop``
    ends the run after the file being read (the next run goes on from there).
    """

    def __init__(self, store: DocsStore,
                 on_progress: Callable[[IndexProgress], None] | None = None,
                 stop: threading.Event | None = None, seconds: float = SECONDS) -> None:
        self.store = store
        self.on_progress = on_progress
        self.stop = stop or threading.Event()
        self.seconds = seconds

    def scan(self, collection: Collection) -> tuple[dict[str, tuple[int, int]],
                                                     list[tuple[str, Text]]]:
        """Every indexable file under the collection's folders (path -> size, mtime_ns),
        and the folders that could not be read, with why."""
        found: dict[str, tuple[int, int]] = {}
        problems: list[tuple[str, Text]] = []
        seen: set[str] = set()
        for folder in collection.folders:
            if kind_of(Path(folder)) is not None and not os.path.isdir(folder):  # one file
                try:
                    info = os.stat(folder)
                except OSError:
                    problems.append((folder, tr("the file is no longer there")))
                    continue
                found[folder] = (info.st_size, info.st_mtime_ns)
                continue
            if not os.path.isdir(folder):
                problems.append((folder, tr("the folder does not exist (or is not "
                                            "mounted)")))
                continue

            def unreadable(error: OSError, folder: str = folder) -> None:
                problems.append((str(error.filename or folder),
                                 Text.plain(error.strerror or str(error))))

            for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:  # a link back up the tree, or a second way in
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                                 and d not in SKIPPED_DIRS)
                for name in names:
                    if name.startswith(".") or kind_of(Path(name)) is None:
                        continue
                    path = os.path.join(root, name)
                    if not _storable(path):  # a name that is not UTF-8 (old archives)
                        problems.append((path.encode("utf-8", "replace").decode(),
                                         tr("its name is not valid UTF-8")))
                        continue
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue  # a broken link, or gone already
                    if os.path.isfile(path):
                        found[path] = (info.st_size, info.st_mtime_ns)
        return found, problems

    def index(self, collection: Collection) -> IndexReport:
        """Bring the collection's index up to date with its folders."""
        started = time.monotonic()
        report = IndexReport()
        on_disk, report.unreadable = self.scan(collection)
        known = self.store.files(collection)
        # Files under a folder that is missing (an unplugged drive, a share not mounted) or
        # could not be read are not gone: they stay in the index until it is back (or the
        # folder leaves the collection).  So does an attached file that was moved.
        away = [folder for folder, _ in report.unreadable]
        gone = [path for path in known if path not in on_disk and not any(
            path == a or path.startswith(os.path.join(a, "")) for a in away)]
        if gone:
            self.store.forget_files(collection, gone)
            report.removed = len(gone)
        chunking = (collection.chunk_tokens, collection.overlap_tokens)
        todo: list[tuple[str, int, int, bool]] = []  # path, size, mtime, only re-chunk
        for path, (size, mtime) in sorted(on_disk.items()):
            row = known.get(path)
            same = row is not None and row.size == size and row.mtime_ns == mtime
            if not same:
                todo.append((path, size, mtime, False))
            elif row is not None and row.state == "indexed" and (
                    row.chunk_tokens, row.overlap_tokens) != chunking:
                todo.append((path, size, mtime, True))
            else:
                report.unchanged += 1
        progress = IndexProgress(collection.name, files_total=len(todo),
                                 bytes_total=sum(size for _, size, _, _ in todo))
        self._tell(progress)
        for path, size, mtime, rechunk in todo:
            if self.stop.is_set():
                report.stopped = True
                break
            progress.current = path
            try:
                if rechunk and self._rechunk(collection, known[path].id, path, size, mtime):
                    report.rechunked += 1
                elif self._read(collection, path, size, mtime):
                    report.indexed += 1
                else:
                    report.failed += 1
            except sqlite3.IntegrityError:
                if self.store.collection_by_id(collection.id) is None:  # removed meanwhile
                    report.stopped = report.removed_collection = True
                    break
                raise
            progress.files_done += 1
            progress.bytes_done += size
            report.bytes += size
            self._tell(progress)
        if not report.stopped:
            self.store.mark_indexed(collection)
        report.seconds = time.monotonic() - started
        return report

    def _read(self, collection: Collection, path: str, size: int, mtime: int) -> bool:
        try:
            extracted = extract(Path(path), self.seconds)
        except ExtractError as exc:
            self.store.fail_file(collection, path, size, mtime, stored_reason(exc.text))
            return False
        except Exception as exc:  # a library's surprise: listed, never the end of indexing
            log.warning("could not read %s: %r", path, exc)
            self.store.fail_file(collection, path, size, mtime, stored_reason(
                tr("it could not be read: {error}", error=f"{type(exc).__name__}: {exc}")))
            return False
        chunks = chunk_pages(extracted.pages, collection.chunk_tokens,
                             collection.overlap_tokens, has_headings(Path(path)))
        self.store.save_file(collection, path, size, mtime, extracted.pages, chunks)
        return True

    def _rechunk(self, collection: Collection, file_id: int, path: str, size: int,
                 mtime: int) -> bool:
        pages = self.store.pages(file_id)
        if not pages:
            return False
        chunks = chunk_pages(pages, collection.chunk_tokens, collection.overlap_tokens,
                             has_headings(Path(path)))
        self.store.save_file(collection, path, size, mtime, None, chunks)
        return True

    def _tell(self, progress: IndexProgress) -> None:
        if self.on_progress is not None:
            self.on_progress(progress)
