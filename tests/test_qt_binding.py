"""The Qt binding installed must not corrupt Python's reference counts.

PySide6 6.12.0 drops a reference to ``None`` each time a method that returns
nothing is called (``update``, ``setText``, ``processEvents``…).  Before
Python 3.12 ``None`` is an ordinary object, so after a few thousand such calls
Python aborts with "none_dealloc" — the app would die mid-chat.
pyproject.toml keeps that release out; this test fails if a release with the
same fault is installed.  It runs in its own process, because the fault kills
the process that has it.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(["probe"])
label = QLabel()
before = sys.getrefcount(None)
for n in range(500):
    label.setText(str(n))
    label.update()
    app.processEvents()
print(before - sys.getrefcount(None))
"""


def test_methods_that_return_nothing_keep_none_alive() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    lost = int(done.stdout.strip().splitlines()[-1])
    assert lost < 50, f"the Qt binding dropped {lost} references to None in 500 calls"
