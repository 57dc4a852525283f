"""app/core must never import Qt: checked from the source and from a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "app" / "core"
QT_PREFIXES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy", "app.ui", "app.gui",
               "app.language", "app.terminal")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_sources_do_not_import_qt() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = {str(f.name): n for f in files for n in _imports(f) if n.startswith(QT_PREFIXES)}
    assert offenders == {}


def test_importing_all_of_core_loads_no_qt() -> None:
    modules = [f"app.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__"]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
