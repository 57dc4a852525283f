"""Write, hash and flush received bytes on helper threads, in order.

Receiving (socket reads and HTTP parsing), writing and hashing each cost a
download real CPU time; ``file.write``, ``hashlib`` and ``fdatasync`` release
the GIL, so running them on their own threads overlaps them with receiving.
Every ``FLUSH_BYTES`` written, a background ``fdatasync`` starts, so the
disk writes back during the download and the final fsync before the model
is installed has little left to do.  Queues are bounded, so memory stays
small when the disk is the slower side.  A write error (a full disk) is kept
and raised to the receiving thread at its next :meth:`WriteBehind.put` or
:meth:`WriteBehind.drain`.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable
from typing import IO

log = logging.getLogger(__name__)

_QUEUE_BLOCKS = 8  # blocks of about 1 MiB: at most 8 MiB in flight per stage
FLUSH_BYTES = 128 << 20


class WriteBehind:
    """Writes blocks to ``file`` and feeds them to ``digest``, off the receiving thread."""

    def __init__(self, file: IO[bytes], digest: Callable[[bytes], None], name: str) -> None:
        self._file = file
        self._digest = digest
        self._writes: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUE_BLOCKS)
        self._hashes: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUE_BLOCKS)
        self.error: OSError | None = None
        self._unflushed = 0
        self._flushing = threading.Lock()
        self._threads = [
            threading.Thread(target=self._write_loop, name=f"write-{name}", daemon=True),
            threading.Thread(target=self._hash_loop, name=f"hash-{name}", daemon=True)]
        for thread in self._threads:
            thread.start()

    def put(self, block: bytes) -> None:
        """Queue one block (about 1 MiB: few, large calls keep GIL hand-overs rare)."""
        if self.error is not None:
            raise self.error
        self._writes.put(block)

    def drain(self) -> None:
        """Wait until every block so far is written and hashed; raise a write error."""
        self._writes.join()
        self._hashes.join()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        """Finish the queued blocks and stop the threads (errors stay in :attr:`error`)."""
        if self._threads[0].is_alive():
            self._writes.put(None)
        for thread in self._threads:
            thread.join()
        with self._flushing:  # a background flush must not outlive the file
            pass

    def _write_loop(self) -> None:
        while True:
            block = self._writes.get()
            try:
                if block is None:
                    self._hashes.put(None)
                    return
                if self.error is None:  # after an error, later blocks are dropped
                    self._file.write(block)
                    self._hashes.put(block)
                    self._unflushed += len(block)
                    if self._unflushed >= FLUSH_BYTES:
                        self._start_flush()
            except OSError as exc:
                self.error = exc
            finally:
                self._writes.task_done()

    def _hash_loop(self) -> None:
        while True:
            block = self._hashes.get()
            try:
                if block is None:
                    return
                self._digest(block)
            finally:
                self._hashes.task_done()

    def _start_flush(self) -> None:
        if not self._flushing.acquire(blocking=False):
            return  # the previous flush is still running; the next one takes this too
        self._unflushed = 0
        self._file.flush()
        threading.Thread(target=self._flush, daemon=True).start()

    def _flush(self) -> None:
        try:
            os.fdatasync(self._file.fileno())
        except (OSError, ValueError) as exc:  # the final fsync reports real problems
            log.debug("background flush: %s", exc)
        finally:
            self._flushing.release()
