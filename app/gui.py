"""Starts the window: QApplication, style sheet, main window.

Qt's GUI modules are imported only after :func:`app.display_check.check_display` has
found that they can load: on a system without their libraries, importing them fails
and creating the QApplication aborts.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.core.context import AppContext
from app.core.paths import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def make_application(argv: list[str] | None = None) -> QApplication:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

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


EXIT_NO_WINDOW = 3


def _settings_language(data_dir: str | None) -> str:
    """The language in the settings file, read without changing anything ("system")."""
    import json

    from app.core.paths import AppPaths

    try:
        data = json.loads(AppPaths.resolve(data_dir).settings_file.read_text(encoding="utf-8"))
        return str(data.get("language") or "system") if isinstance(data, dict) else "system"
    except (OSError, ValueError):
        return "system"


def run_gui(data_dir: str | None) -> int:
    from app.display_check import check_display

    problem = check_display()  # Qt would abort() if it cannot load its platform plugin
    if problem is not None:
        from app.terminal.output import err, use_language

        try:
            use_language(_settings_language(data_dir))
        except ImportError:  # not even Qt Core loads here: English, then
            pass
        err(problem.message())
        return EXIT_NO_WINDOW
    app = make_application()
    from app.core.storage import NewerSchemaError
    from app.ui.main_window import MainWindow

    try:
        context = AppContext.open(data_dir)
    except NewerSchemaError as exc:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

        from app.core.paths import AppPaths
        from app.core.settings import SettingsStore
        from app.ui.i18n import install_translators, say

        settings = SettingsStore(AppPaths.resolve(data_dir).settings_file).load()
        install_translators(app, settings.language)
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate(
            "Startup", "{reason}. Please install the newer Fireside again; your chats are "
            "untouched.").format(reason=say(exc)))
        return 1
    from app.core.context import setup_logging
    from app.ui.i18n import install_translators

    setup_logging(context.paths)
    install_translators(app, context.settings.language)  # before any widget is made
    window = MainWindow(context)
    sys.excepthook = window.report_unexpected  # a slot's error: logged and shown, no traceback
    window.show()
    if os.environ.get("FIRESIDE_EXIT_WHEN_SHOWN"):  # used by bench/startup timing
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def _report() -> None:
            print("window-shown", QApplication.platformName(), flush=True)
            window.close()

        QTimer.singleShot(0, _report)
    return app.exec()
