"""Takes the README screenshots from the real app, chatting with the starter model.

It asks two questions, then regenerates the last answer (so one message shows
its versions, "‹ 2/2 ›").

    python packaging/screenshot.py CHAT.png [DATA_DIR] [--models MODELS.png]
        [--dark CHAT-DARK.png] [--welcome WELCOME.png] [--language zh_CN]

With ``--models`` it also shows the Models window (Explore, the real catalog
and this machine's fit estimates) and saves that.  Run it under Xvfb for
real font rendering (``xvfb-run -a python packaging/screenshot.py ...``).
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer

from app.core.context import AppContext
from app.gui import make_application
from app.ui.main_window import MainWindow

QUESTIONS = ["What is the capital of France? Answer in one sentence.",
             "Write a Python function that adds two numbers, in a code block."]


def main() -> int:
    args = sys.argv[1:]
    extra: dict[str, str] = {}
    for flag in ("--models", "--dark", "--welcome", "--language"):
        if flag in args:
            at = args.index(flag)
            extra[flag] = args[at + 1]
            del args[at:at + 2]
    models_out = extra.get("--models")
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
    window.show()
    pending = list(QUESTIONS)
    regenerated = [False]

    def step() -> None:
        if window.stream is not None or window.loaded_model is None:
            return
        if "--welcome" in extra and window.welcome.isVisible() and pending == QUESTIONS:
            window.grab().save(extra.pop("--welcome"))  # the first-run view
        if pending:
            window.input.setPlainText(pending.pop(0))
            window.send()
            return
        if not regenerated[0]:  # a second version of the first answer shows "‹ 2/2 ›"
            regenerated[0] = True
            context.settings.generation.temperature = 0.8
            window.regenerate(window.chat_view.messages[-1].message.id)
            return
        timer.stop()
        window.grab().save(out)
        if "--dark" in extra:
            context.settings.theme = "dark"
            window.apply_appearance()
            QTimer.singleShot(500, lambda: window.grab().save(extra["--dark"]))
            QTimer.singleShot(600, lambda: after_dark())
            return
        after_dark()

    def after_dark() -> None:
        if models_out:
            models = window.open_models_window()
            models.resize(900, 700)
            QTimer.singleShot(500, lambda: finish(models))
            return
        window.close()
        app.quit()

    def finish(models: object) -> None:
        models.grab().save(models_out)  # type: ignore[attr-defined]
        window.close()
        app.quit()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(300)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
