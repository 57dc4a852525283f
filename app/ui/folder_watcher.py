"""Watch the models folder: a ``.gguf`` copied in appears while the app runs.

``QFileSystemWatcher`` reports every change to the folder (a large copy
reports many); :class:`ModelFolderWatcher` waits until the folder has been
quiet for a moment and then emits one signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.core.private_files import make_private_dir

QUIET_MS = 400


class ModelFolderWatcher(QObject):
    """Debounced changes of one folder.

    Signals:
        sig_changed(): the folder's contents changed (after a quiet moment).
    """

    sig_changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.sig_changed)
        self._watcher.directoryChanged.connect(lambda _path: self._quiet.start())
        self.folder: Path | None = None
        self.watch(folder)

    def watch(self, folder: Path) -> None:
        """Watch ``folder`` instead of the previous one."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        make_private_dir(folder, tighten_existing=False)  # a new folder is 0700
        self._watcher.addPath(str(folder))
        self.folder = folder
