"""Several downloads: a queue with a limit on how many run at once.

Each :class:`DownloadTask` runs :class:`app.core.downloads.Downloader` on its
own thread.  Its :attr:`DownloadTask.progress` is replaced as bytes arrive;
front ends read it on their own timer (the window refreshes a few times a
second) rather than being called per chunk.  ``on_change`` is called, from
the download's thread, whenever a task changes state.

States: ``queued`` → ``downloading`` → ``done``, or ``paused`` (the partial
file stays; :meth:`DownloadQueue.resume` queues it again), ``failed`` (with
a message; resumable when what arrived was kept), ``cancelled`` (the partial
file is removed).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.downloads import (
    DownloadControl,
    Downloader,
    DownloadError,
    DownloadProgress,
    DownloadSpec,
    DownloadStopped,
)
from app.core.texts import Text, tr

log = logging.getLogger(__name__)
_ids = itertools.count(1)


@dataclass
class DownloadTask:
    """One model download and where it stands."""

    spec: DownloadSpec
    id: int = field(default_factory=lambda: next(_ids))
    state: str = "queued"
    progress: DownloadProgress | None = None
    error: Text | None = None
    error_kind: str | None = None
    path: Path | None = None
    control: DownloadControl = field(default_factory=DownloadControl)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "downloading")


class DownloadQueue:
    """Runs at most ``max_parallel`` downloads at once; the rest wait their turn."""

    def __init__(self, downloader: Downloader, max_parallel: int = 2,
                 on_change: Callable[[DownloadTask], None] | None = None) -> None:
        self.downloader = downloader
        self.max_parallel = max_parallel
        self.on_change = on_change
        self.tasks: list[DownloadTask] = []
        self._lock = threading.RLock()
        self._threads: dict[int, threading.Thread] = {}

    # -- requests -----------------------------------------------------------
    def add(self, spec: DownloadSpec) -> DownloadTask:
        """Queue ``spec``; the same file already in the list is resumed instead."""
        with self._lock:
            existing = self.find(spec.filename)
            if existing is not None and existing.state not in ("done", "cancelled"):
                if existing.state in ("paused", "failed"):
                    self.resume(existing)
                return existing
            task = DownloadTask(spec)
            self.tasks.append(task)
        self._changed(task)
        self._schedule()
        return task

    def add_paused(self, spec: DownloadSpec) -> DownloadTask:
        """List a download left unfinished by an earlier run, waiting for Resume."""
        with self._lock:
            existing = self.find(spec.filename)
            if existing is not None:
                return existing
            task = DownloadTask(spec, state="paused")
            self.tasks.append(task)
        self._changed(task)
        return task

    def find(self, filename: str) -> DownloadTask | None:
        with self._lock:
            return next((t for t in reversed(self.tasks) if t.spec.filename == filename), None)

    def pause(self, task: DownloadTask) -> None:
        with self._lock:
            if task.state == "queued":
                task.state = "paused"
            elif task.state == "downloading":
                task.control.pause()  # the thread ends soon and marks it paused
                return
            else:
                return
        self._changed(task)

    def resume(self, task: DownloadTask) -> None:
        with self._lock:
            if task.state not in ("paused", "failed"):
                return
            task.state, task.error, task.error_kind = "queued", None, None
            task.control = DownloadControl()
        self._changed(task)
        self._schedule()

    def cancel(self, task: DownloadTask) -> None:
        with self._lock:
            if task.state == "downloading":
                task.control.cancel()  # the thread removes the partial file
                return
            if task.state in ("done", "cancelled"):
                return
            task.state = "cancelled"
        from app.core.partial import remove_partial

        remove_partial(self.downloader.models_dir, task.spec.filename)
        self._changed(task)

    def set_max_parallel(self, count: int) -> None:
        self.max_parallel = max(1, count)
        self._schedule()

    def stop_all(self, timeout: float = 5.0) -> None:
        """Pause everything (partial files stay) and wait for the threads, e.g. on quit."""
        with self._lock:
            for task in self.tasks:
                if task.state == "queued":
                    task.state = "paused"
                elif task.state == "downloading":
                    task.control.pause()
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)

    def running(self) -> list[DownloadTask]:
        with self._lock:
            return [t for t in self.tasks if t.state == "downloading"]

    # -- running ------------------------------------------------------------
    def _schedule(self) -> None:
        with self._lock:
            while len(self.running()) < self.max_parallel:
                task = next((t for t in self.tasks if t.state == "queued"), None)
                if task is None:
                    return
                task.state = "downloading"
                thread = threading.Thread(target=self._run, args=(task,), daemon=True,
                                          name=f"download-{task.spec.filename}")
                self._threads[task.id] = thread
                thread.start()

    def _run(self, task: DownloadTask) -> None:
        self._changed(task)

        def progress(snapshot: DownloadProgress) -> None:
            task.progress = snapshot

        try:
            task.path = self.downloader.download(task.spec, task.control, progress)
            task.state = "done"
        except DownloadStopped as stop:
            task.state = "cancelled" if stop.cancelled else "paused"
        except DownloadError as exc:
            task.state, task.error, task.error_kind = "failed", exc.text, exc.kind
        except Exception as exc:  # never let one download take the queue down
            log.exception("download of %s failed", task.spec.filename)
            task.state, task.error, task.error_kind = "failed", tr(
                "unexpected error: {error}", error=str(exc)), "network"
        finally:
            with self._lock:
                self._threads.pop(task.id, None)
        self._changed(task)
        self._schedule()

    def _changed(self, task: DownloadTask) -> None:
        if self.on_change is not None:
            try:
                self.on_change(task)
            except Exception:  # a listener's bug must not stop downloads
                log.exception("download listener failed")
