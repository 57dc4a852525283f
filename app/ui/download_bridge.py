"""Qt adapter for the core download queue: task changes become GUI-thread signals.

Downloads run on the core queue's own threads; the queue calls back from
those threads, and :class:`DownloadBridge` re-emits each change as a signal,
which Qt delivers on the GUI thread (a queued connection).  Byte progress is
not signalled at all: views read :attr:`DownloadTask.progress` on a timer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from app.core.context import AppContext
from app.core.download_queue import DownloadQueue, DownloadTask
from app.core.downloads import Downloader, DownloadProgress, DownloadSpec
from app.core.partial import list_partials


class DownloadBridge(QObject):
    """Owns the app's :class:`DownloadQueue`.

    Signals:
        sig_changed(object): a :class:`DownloadTask` changed state (GUI thread).
        sig_installed(object): a task finished; its model is now installed.
    """

    sig_changed = Signal(object)
    sig_installed = Signal(object)
    _from_thread = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        downloader = Downloader(context.models_dir, checksums=context.checksums)
        self.queue = DownloadQueue(downloader, context.settings.max_parallel_downloads,
                                   on_change=self._from_thread.emit)
        self._from_thread.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.adopt_partials()

    def adopt_partials(self) -> list[DownloadTask]:
        """Downloads an earlier run left unfinished (even after a kill -9), ready to resume."""
        found = []
        for state in list_partials(self.queue.downloader.models_dir):
            spec = DownloadSpec(state.model_id, state.filename, tuple(state.urls), state.size,
                                state.sha256, state.md5)
            task = self.queue.add_paused(spec)
            task.progress = DownloadProgress(state.bytes_done, state.size, 0.0, 1, "paused")
            found.append(task)
        return found

    def download(self, spec: DownloadSpec) -> DownloadTask:
        return self.queue.add(spec)

    def task_for(self, filename: str) -> DownloadTask | None:
        return self.queue.find(filename)

    def _deliver(self, task: DownloadTask) -> None:
        self.sig_changed.emit(task)
        if task.state == "done":
            self.ctx.rescan()
            self.sig_installed.emit(task)

    def shutdown(self) -> None:
        """Pause running downloads (their partial files stay) and wait for them."""
        self.queue.stop_all()
