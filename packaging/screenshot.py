"""Takes the README screenshot from the real window (offscreen), chatting with the starter model.

    python packaging/screenshot.py OUT.png [DATA_DIR]
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
    out = sys.argv[1]
    data_dir = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
    app = make_application()
    context = AppContext.open(data_dir)
    context.settings.generation.temperature = 0.0
    window = MainWindow(context)
    window.resize(1100, 700)
    window.show()
    pending = list(QUESTIONS)

    def step() -> None:
        if window.stream is not None or window.loaded_model is None:
            return
        if pending:
            window.input.setPlainText(pending.pop(0))
            window.send()
            return
        timer.stop()
        window.grab().save(out)
        window.close()
        app.quit()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(300)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
