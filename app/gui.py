"""Starts the window: QApplication, style sheet, main window."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.core.context import AppContext

_REPO_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """A file from ``resources/`` in a wheel install or a source checkout."""
    packaged = resources.files("app").joinpath("_bundled/resources").joinpath(name)
    if packaged.is_file():
        return Path(str(packaged))
    return _REPO_RESOURCES / name


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("fireside")
    icon = resource_path("fireside.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    from app.ui.theme import apply_theme

    apply_theme(app, "light")  # the window applies the user's theme when it opens
    return app


def run_gui(data_dir: str | None) -> int:
    app = make_application()
    from app.core.storage import NewerSchemaError
    from app.ui.main_window import MainWindow

    try:
        context = AppContext.open(data_dir)
    except NewerSchemaError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Fireside", f"{exc}. Please install the newer Fireside "
                             "again; your chats are untouched.")
        return 1
    from app.core.context import setup_logging
    from app.ui.i18n import install_translators

    setup_logging(context.paths)
    install_translators(app, context.settings.language)  # before any widget is made
    window = MainWindow(context)
    window.show()
    if os.environ.get("FIRESIDE_EXIT_WHEN_SHOWN"):  # used by bench/startup timing
        from PySide6.QtCore import QTimer

        def _report() -> None:
            print("window-shown", flush=True)
            window.close()

        QTimer.singleShot(0, _report)
    return app.exec()
