"""The command line that starts one of Fireside's own child processes.

Two parts of the core run in a process of their own: the model probe
(:mod:`app.core.probe_child`) and the PDF reader (:mod:`app.core.localdocs.pdf_child`).
From a Python install they start as ``python -m MODULE``.  In the desktop bundle
(PyInstaller, ``sys.frozen``) there is no ``python``: ``sys.executable`` is the
``fireside`` program itself, so the child is ``fireside --child NAME``, and the bundle's
entry script hands such a command line to :func:`run_child` before anything else runs.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Sequence

CHILD_FLAG = "--child"
# The only modules a child command may run, by the short name the frozen command uses.
CHILDREN = {
    "probe": "app.core.probe_child",
    "pdf": "app.core.localdocs.pdf_child",
}


def child_command(module: str) -> list[str]:
    """The argv that runs ``module`` (one of :data:`CHILDREN`) as its ``__main__``."""
    names = {target: name for name, target in CHILDREN.items()}
    if module not in names:
        raise ValueError(f"{module} is not one of Fireside's child processes")
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG, names[module]]
    return [sys.executable, "-m", module]


def run_child(argv: Sequence[str]) -> int | None:
    """Run the child that ``argv`` (``sys.argv``) names, as ``python -m`` would.

    ``None`` when ``argv`` is not a child command (the program goes on as usual);
    otherwise the child's exit status (2 for an unknown name).  The module's own
    ``if __name__ == "__main__"`` block runs, with ``sys.argv`` as that module sees it.
    """
    if len(argv) < 2 or argv[1] != CHILD_FLAG:
        return None
    module = CHILDREN.get(argv[2]) if len(argv) > 2 else None
    if module is None:
        print(f"fireside: {CHILD_FLAG} needs one of: {', '.join(CHILDREN)}", file=sys.stderr)
        return 2
    sys.argv = [module, *argv[3:]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    return 0
