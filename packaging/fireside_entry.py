"""The desktop bundle's entry point (PyInstaller runs this file as ``fireside``).

It is ``fireside`` from a Python install, plus one hidden form: ``fireside --child NAME``
runs one of Fireside's own child processes (the model probe, the PDF reader), which a
Python install starts as ``python -m MODULE`` (see :mod:`app.core.child_command`).
"""

from __future__ import annotations

import os
import sys


def _restore_library_path() -> None:
    """Give the programs Fireside starts (a file manager, a browser) the system's libraries.

    PyInstaller's launcher points ``LD_LIBRARY_PATH`` at the bundle (and keeps the old value
    in ``LD_LIBRARY_PATH_ORIG``).  This process has read it already; the programs Qt opens
    for a link or a folder must not load the bundle's copies of OpenSSL and friends.
    Fireside's own child processes are the bundle again, whose launcher sets it anew.
    """
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


def _main() -> int:
    if getattr(sys, "frozen", False):
        _restore_library_path()
    from app.core.child_command import run_child

    code = run_child(sys.argv)
    if code is not None:
        return code
    from app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
