"""Starts the window: QApplication, style sheet, main window.

Qt's GUI modules are imported only after :func:`app.display_check.check_display` has
found that they can load: on a system without their libraries, importing them fails
and creating the QApplication aborts.

One window per data folder (:mod:`app.ui.single_instance`): a second start with the same
folder brings the open window to the front and exits, before it opens the database.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from app import APP_ID, APP_NAME, __version__
from app.core.context import AppContext
from app.core.paths import AppPaths, resource_path
from app.core.texts import tr

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from app.ui.single_instance import Answer, WindowServer

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
"""The sizes of the icon's PNGs in ``resources/icons/hicolor`` (packaging/render_icons.py)."""


def icon_file(size: int | None) -> str:
    """The icon's file in ``resources/``: the PNG of ``size``, or the SVG for None."""
    if size is None:
        return f"icons/hicolor/scalable/apps/{APP_ID}.svg"
    return f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"


WINDOW_ICON_LARGEST = 256
"""The largest size the windows' icon carries: on X11 every size is copied into each
window's ``_NET_WM_ICON`` (512 alone would be 1 MB a window); desktops draw larger icons
from the installed theme's files, found through the desktop entry."""


def app_icon() -> QIcon:
    """Fireside's icon with every size it ships up to :data:`WINDOW_ICON_LARGEST` (the SVG
    alone if the PNGs are missing)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (s for s in ICON_SIZES if s <= WINDOW_ICON_LARGEST):
        png = resource_path(icon_file(size))
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = resource_path(icon_file(None))
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def make_application(argv: list[str] | None = None) -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)  # also the class of the window's WM_CLASS on X11
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # Wayland's app id: the desktop entry and its icon
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    from app.ui.theme import apply_theme

    apply_theme(app, "light")  # the window applies the user's theme when it opens
    return app


EXIT_NO_WINDOW = 3
EXIT_NOT_ANSWERING = 1


def _settings_language(data_dir: str | None) -> str:
    """The language in the settings file, read without changing anything ("system")."""
    import json

    try:
        data = json.loads(AppPaths.resolve(data_dir).settings_file.read_text(encoding="utf-8"))
        return str(data.get("language") or "system") if isinstance(data, dict) else "system"
    except (OSError, ValueError):
        return "system"


def _already_running(data_dir: str | None, answer: Answer) -> int:
    """Say on standard error that the open window was brought forward (exit 0), or that
    it did not answer (exit 1)."""
    from app.terminal.output import note, use_language
    from app.ui.single_instance import Answer

    use_language(_settings_language(data_dir))
    if answer is Answer.RAISED:
        note(tr("Fireside is already running; its window was brought to the front."))
        return 0
    note(tr("Fireside is already running with this data folder, but it does not answer. "
            "Close it, or end it, and start Fireside again."))
    return EXIT_NOT_ANSWERING


def _claim_window(data_dir: str | None) -> tuple[QApplication | None, WindowServer | None, int]:
    """The QApplication and the socket of the one window for the data folder; or, when a
    window is open there already, no application and this start's exit code."""
    from app.ui import single_instance

    name = single_instance.server_name(AppPaths.resolve(data_dir).data_dir)
    if name is None:
        return make_application(), None, 0
    with single_instance.InstanceLock(name).held():
        answer = single_instance.ask_to_raise(name)
        if answer is not single_instance.Answer.NONE:
            return None, None, _already_running(data_dir, answer)
        app = make_application()
        return app, single_instance.listen(name), 0


def run_gui(data_dir: str | None, catalogs: list[str] | None = None) -> int:
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
    app, server, code = _claim_window(data_dir)
    if app is None:
        return code
    try:
        return _open_window(app, server, data_dir, catalogs or [])
    finally:
        if server is not None:
            server.close()


def _open_window(app: QApplication, server: WindowServer | None, data_dir: str | None,
                 catalogs: list[str]) -> int:
    from app.core.storage import NewerSchemaError
    from app.ui.main_window import MainWindow

    try:
        context = AppContext.open(data_dir, extra_catalogs=catalogs)
    except NewerSchemaError as exc:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QMessageBox

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
    elif os.environ.get("FIRESIDE_REPORT_WINDOW"):  # used by tests: shown, then each raise
        _report_window(window, server)
    if server is not None:  # after the report's hook: a request already waiting is seen too
        server.attach(window)
    return app.exec()


def _report_window(window: QWidget, server: WindowServer | None) -> None:
    """Print ``window-shown PLATFORM`` once the window is up, and ``window-raised VISIBLE
    MINIMIZED`` each time another start brings it forward (tests watch for these)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    QTimer.singleShot(0, lambda: print("window-shown", QApplication.platformName(), flush=True))
    if server is not None:
        server.raised.connect(lambda: print(
            "window-raised", int(window.isVisible()), int(window.isMinimized()), flush=True))
