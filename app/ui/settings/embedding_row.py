"""Settings → LocalDocs' embedding model row: :class:`EmbeddingRow`.

Keyword search works without an embedding model; with one, search understands meaning.
The row says which it is, and when the catalog's embedding model is not installed,
offers to download it through the app's download queue (the one the Models window
uses), showing its progress until it is installed.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.catalog import CatalogEntry
from app.core.context import AppContext
from app.core.download_queue import DownloadTask
from app.core.downloads import DownloadSpec
from app.core.localdocs.docs_settings import DEFAULT_EMBEDDING_MODEL
from app.core.network import is_offline
from app.ui.download_bridge import DownloadBridge
from app.ui.i18n import say

REFRESH_MS = 500


class EmbeddingRow(QWidget):
    """The embedding model: installed, downloading, or a Download button."""

    def __init__(self, context: AppContext, model_id: str | None,
                 downloads: DownloadBridge | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.model_id = model_id or DEFAULT_EMBEDDING_MODEL
        self.downloads = downloads
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("embeddingModelNote")
        self.label.setWordWrap(True)
        box.addWidget(self.label, 1)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setAccessibleName(self.tr("Download the embedding model"))
        self.download_button.clicked.connect(self.download)
        box.addWidget(self.download_button)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.show_state)
        if downloads is not None:
            downloads.sig_changed.connect(self._task_changed)
            downloads.sig_installed.connect(self._task_changed)
        self.show_state()

    def entry(self) -> CatalogEntry | None:
        return next((m for m in self.ctx.catalog.models if m.id == self.model_id), None)

    def installed(self) -> bool:
        models = getattr(self.ctx, "embedding_models", None) or self.ctx.installed
        return any(m.id == self.model_id for m in models)

    def task(self) -> DownloadTask | None:
        entry = self.entry()
        if entry is None or self.downloads is None:
            return None
        return self.downloads.task_for(entry.filename)

    def show_state(self) -> None:
        entry = self.entry()
        name = entry.name if entry is not None else self.model_id
        task = self.task()
        self.download_button.hide()
        if self.installed():
            self._timer.stop()
            self.label.setText(self.tr("{name} is installed: search finds passages by their "
                                       "meaning as well as by their words.").format(name=name))
            return
        if task is not None and task.active:
            progress = task.progress
            percent = (100 * progress.done // progress.total
                       if progress is not None and progress.total else 0)
            self.label.setText(self.tr("Downloading {name}: {percent}%").format(
                name=name, percent=percent))
            if not self._timer.isActive():
                self._timer.start()
            return
        self._timer.stop()
        if entry is None:
            self.label.setText(self.tr("Keyword search works. The embedding model {name} is "
                                       "not in the catalog, so search cannot understand "
                                       "meaning.").format(name=name))
            return
        text = self.tr("Keyword search works. Downloading {name} ({size} MB) makes search "
                       "understand meaning, not just words.").format(
                           name=name, size=round(entry.size / 1e6))
        if task is not None and task.state == "failed" and task.error is not None:
            text += " " + self.tr("The download failed: {error}").format(error=say(task.error))
        if is_offline():
            text += " " + self.tr("Offline mode is on, so it cannot be downloaded now.")
        self.label.setText(text)
        self.download_button.setVisible(self.downloads is not None)
        self.download_button.setEnabled(not is_offline())

    def download(self) -> DownloadTask | None:
        """Queue the embedding model's download (the Models window shows it too)."""
        entry = self.entry()
        if entry is None or self.downloads is None or is_offline():
            return None
        task = self.downloads.download(DownloadSpec.from_catalog(entry))
        self.show_state()
        return task

    def _task_changed(self, _task: object) -> None:
        self.show_state()
