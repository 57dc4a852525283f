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


APP = CORE.parent


def _module_imports(path: Path, known: set[str]) -> set[str]:
    """The app modules ``path`` imports when it is loaded (not under TYPE_CHECKING)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            continue
        for sub in ast.walk(node) if isinstance(node, ast.Import | ast.ImportFrom
                                                 | ast.Try | ast.If) else []:
            if isinstance(sub, ast.Import):
                found.update(alias.name for alias in sub.names)
            elif isinstance(sub, ast.ImportFrom) and sub.module:
                found.add(sub.module)
                found.update(f"{sub.module}.{alias.name}" for alias in sub.names)
    return found & known


def test_app_modules_import_one_another_without_cycles() -> None:
    paths = {".".join(p.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__"): p
             for p in APP.rglob("*.py")}
    graph = {name: _module_imports(path, set(paths)) - {name} for name, path in paths.items()}
    assert "app.core.generation" in graph["app.core.settings"]
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        trail.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycles.append([*trail[trail.index(other):], other])
            elif other not in state:
                visit(other)
        trail.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_settings_presets_and_model_settings_need_no_late_imports_of_one_another() -> None:
    trio = {"app.core.settings", "app.core.presets", "app.core.model_settings"}
    for name in trio:
        source = (APP.parent / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                late = {n.module for n in ast.walk(node)
                        if isinstance(n, ast.ImportFrom) and n.module in trio}
                assert late == set(), f"{name}.{node.name} imports {late} late (a cycle)"
