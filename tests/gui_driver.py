"""Run the real main window in its own process and send one message (for kill -9 tests).

    python tests/gui_driver.py DATA_DIR "question"

Prints ``text <n>`` each time the streamed reply grows (n = characters shown
so far), so a test can kill the process mid-stream at a known point.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer

from app.core.context import AppContext
from app.gui import make_application
from app.ui.main_window import MainWindow


def main() -> None:
    data_dir, question = sys.argv[1], sys.argv[2]
    app = make_application()
    window = MainWindow(AppContext.open(data_dir))
    window.show()
    shown = [0]

    def report(_rid: int, text: str) -> None:
        shown[0] += len(text)
        print(f"text {shown[0]}", flush=True)

    def send_when_loaded() -> None:
        if window.loaded_model is None:
            QTimer.singleShot(20, send_when_loaded)
            return
        window.input.setPlainText(question)
        window.send()

    window.host.sig_text.connect(report)
    QTimer.singleShot(0, send_when_loaded)
    app.exec()


if __name__ == "__main__":
    main()
