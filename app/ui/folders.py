"""Showing a folder in the system's file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from app.core.private_files import make_private_dir


def open_folder(path: Path) -> bool:
    """Show ``path`` in the file manager (created first if it does not exist yet)."""
    make_private_dir(path, tighten_existing=False)  # a new folder is 0700
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
