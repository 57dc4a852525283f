"""Takes the README screenshots from the real app, chatting with the starter model.

It asks two questions, then regenerates the last answer (so one message shows
its versions, "‹ 2/2 ›").

    python packaging/screenshot.py CHAT.png [DATA_DIR] [--models MODELS.png]
        [--models-light MODELS-LIGHT.png] [--dark CHAT-DARK.png] [--welcome WELCOME.png]
        [--hover HOVER.png] [--hover-dark HOVER-DARK.png] [--language zh_CN]

``--welcome`` is the first-run view; ``--hover`` (``--hover-dark``) the chat with
the pointer on the last answer, its action icons shown.  ``--models-light`` shows the Models
window (Explore, the real catalog and this machine's fit estimates) in the
light theme; ``--models`` shows it at the end, in the dark theme if
``--dark`` was given.  Run it under Xvfb for real font rendering and a real
pointer (``xvfb-run -a python packaging/screenshot.py ...``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.context import AppContext
from app.gui import make_application
from app.ui.main_window import MainWindow

QUESTIONS = ["What is the capital of France? Answer in one sentence.",
             "Write a Python function that adds two numbers, in a code block."]
FLAGS = ("--models", "--models-light", "--dark", "--welcome", "--hover", "--hover-dark",
         "--language")
SEED = 3
SETTLE_MS = 500  # for a restyle or a pointer move to be drawn


def pointer_away() -> None:
    """The pointer in the screen's corner, over none of the windows."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        corner = screen.geometry().bottomRight()
        QCursor.setPos(corner - QPoint(1, 1))


def pointer_on(widget: QWidget) -> None:
    QCursor.setPos(widget.mapToGlobal(widget.rect().center()))


def main() -> int:
    args = sys.argv[1:]
    extra: dict[str, str] = {}
    for flag in FLAGS:
        if flag in args:
            at = args.index(flag)
            extra[flag] = args[at + 1]
            del args[at:at + 2]
    out = args[0]
    data_dir = args[1] if len(args) > 1 else tempfile.mkdtemp()
    app = make_application()
    context = AppContext.open(data_dir)
    context.settings.generation.temperature = 0.0
    if "--language" in extra:  # e.g. zh_CN: the whole window in that language
        from app.ui.i18n import install_translators

        install_translators(app, extra["--language"])
    window = MainWindow(context)
    window.resize(1100, 700)
    window.move(0, 0)
    window.show()
    pointer_away()
    pending = list(QUESTIONS)
    regenerated = [False]
    attempt = [0]  # steps spent waiting for the speed calibration
    later: list[Callable[[], object]] = []  # what to do after the chat, in order

    def run_later() -> None:
        if later:
            later.pop(0)()
        else:
            window.close()
            app.quit()

    def then(delay_ms: int, action: Callable[[], object]) -> None:
        """Do ``action``, then the next step after ``delay_ms``."""
        def step() -> None:
            action()
            QTimer.singleShot(delay_ms, run_later)
        later.append(step)

    def step() -> None:
        if window.stream is not None or window.loaded_model is None:
            return
        if "--welcome" in extra and window.welcome.isVisible() and pending == QUESTIONS:
            if context.speed_calibration() is None and attempt[0] < 40:  # up to 12 s
                attempt[0] += 1
                return  # the first model's timing gives the welcome its speeds
            window.grab().save(extra.pop("--welcome"))  # the first-run view
        if pending:
            window.input.setPlainText(pending.pop(0))
            window.send()
            return
        if not regenerated[0]:  # a second version of the first answer shows "‹ 2/2 ›"
            regenerated[0] = True
            context.settings.generation.temperature = 0.8
            context.settings.generation.seed = SEED  # the same second version every time
            window.regenerate(window.chat_view.messages[-1].message.id)
            return
        timer.stop()
        window.input.setFocus()
        pointer_away()
        then(SETTLE_MS, lambda: None)
        then(0, lambda: window.grab().save(out))
        if "--hover" in extra:
            then(SETTLE_MS, lambda: pointer_on(window.chat_view.messages[-1].author_label))
            then(0, lambda: window.grab().save(extra["--hover"]))
            then(SETTLE_MS, pointer_away)
        if "--models-light" in extra:
            holder: list[QWidget] = []
            then(SETTLE_MS, lambda: holder.append(open_models()))
            then(0, lambda: holder[0].grab().save(extra["--models-light"]))
            then(0, lambda: holder[0].close())
        if "--dark" in extra:
            then(SETTLE_MS, to_dark)
            then(0, lambda: window.grab().save(extra["--dark"]))
            if "--hover-dark" in extra:
                then(SETTLE_MS, lambda: pointer_on(window.chat_view.messages[-1].author_label))
                then(0, lambda: window.grab().save(extra["--hover-dark"]))
                then(SETTLE_MS, pointer_away)
        if "--models" in extra:
            shown: list[QWidget] = []
            then(SETTLE_MS, lambda: shown.append(open_models()))
            then(0, lambda: shown[0].grab().save(extra["--models"]))
        run_later()

    def open_models() -> QWidget:
        models = window.open_models_window()
        models.resize(900, 700)
        models.move(0, 0)
        starter = next(iter(models.cards.values()), None)
        if starter is not None:  # one card with its details open
            starter.show_details(True)
        pointer_away()
        return models

    def to_dark() -> None:
        context.settings.theme = "dark"
        window.apply_appearance()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(300)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
