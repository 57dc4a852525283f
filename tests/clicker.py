"""Finds every control of a window and clicks it, failing on a slot that raises.

The machinery of ``test_click_everything.py``: :class:`Sandbox` (what would block or leave
the test — dialogs, file choosers, the file manager, the network — replaced by recorders)
and :class:`Clicker` (finds buttons, actions and context-menu actions, reveals hidden
pages, clicks each once with pytest-qt's exception capture, and reports what raised and
what no click could reach).
"""

from __future__ import annotations

import socket
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from huggingface_hub.utils import _detect_agent
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QApplication, QMainWindow, QMenu, QWidget
from pytestqt.qtbot import QtBot

Control = QAbstractButton | QAction
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
QT_OWN_BUTTONS = tuple(getattr(QtWidgets, name) for name in (  # buttons inside Qt's widgets
    "QLineEdit", "QMenuBar", "QTabBar", "QAbstractSpinBox", "QComboBox", "QAbstractItemView"))
CLOSING_ROLES = (QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole,
                 QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
# Controls the sweeps leave alone (a slot known to raise would go here, with a test of its
# own, so that the rest of its window is still checked).
LEFT_ALONE: set[str] = set()


@dataclass
class Sandbox:
    """What the replaced dialogs, file manager, menus and network were asked for."""

    picks: dict[str, Path]  # a word of a file chooser's caption -> the file "the user" picks
    save_dir: Path
    urls: list[str] = field(default_factory=list)
    menus: list[QMenu] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class MenuCloser(QObject):
    """Records each menu that pops up and closes it at once (so ``QMenu.exec`` returns)."""

    def __init__(self, box: Sandbox) -> None:
        super().__init__()
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMenu):
            self.box.menus.append(watched)
            QTimer.singleShot(0, watched.hide)
        return False


@pytest.fixture(name="sandbox")
def sandbox_fixture(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Sandbox]:
    """Dialogs, file choosers, the file manager, menus, quitting and the internet,
    replaced by recorders (the choosers pick files under ``tmp_path/picks``)."""
    picks = tmp_path / "picks"
    (picks / "other-models").mkdir(parents=True)
    (tmp_path / "saved").mkdir()
    box = Sandbox({"catalog": picks / "catalog.json", "preset": picks / "presets.json",
                   "chat": picks / "chats.json", "model": picks / "added.gguf",
                   "folder": picks / "other-models", "attach": picks / "notes.md"},
                  tmp_path / "saved")
    (picks / "notes.md").write_text("# Notes\n\nA file to attach.\n", encoding="utf-8")

    def answer(result: Any) -> Any:
        return staticmethod(lambda *args, **_kwargs: result(*args) if callable(result)
                            else result)

    def pick(_parent: object, caption: str = "", *_rest: object) -> tuple[str, str]:
        chosen = next((p for word, p in box.picks.items() if word in caption.lower()), None)
        return (str(chosen) if chosen else "", "")

    def open_url(url: QUrl | str) -> bool:
        box.urls.append(QUrl(url).toString())
        return True

    messages, inputs, files = QtWidgets.QMessageBox, QtWidgets.QInputDialog, QtWidgets.QFileDialog
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(messages, name, answer(messages.StandardButton.Yes))
    monkeypatch.setattr(inputs, "getText", answer(("Renamed by a click", True)))
    monkeypatch.setattr(inputs, "getMultiLineText", answer(("Be brief.", True)))
    monkeypatch.setattr(files, "getOpenFileName", answer(pick))
    monkeypatch.setattr(files, "getOpenFileNames", answer(
        lambda *args: ([pick(*args)[0]] if pick(*args)[0] else [], "")))
    monkeypatch.setattr(files, "getSaveFileName", answer(
        lambda _p, _c="", d="", *_r: (str(box.save_dir / Path(d).name), "")))
    monkeypatch.setattr(files, "getExistingDirectory", answer(str(box.picks["folder"])))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    monkeypatch.setattr(QtWidgets.QDialog, "exec", lambda _dialog: 0)  # (none is used)
    monkeypatch.setattr(QApplication, "quit", answer(None))
    real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

    def local_only(host: object) -> None:
        if host is not None and str(host) not in LOOPBACK:
            box.refused.append(str(host))
            raise socket.gaierror("this test allows no network but 127.0.0.1")

    def connect(sock: socket.socket, address: Any) -> None:
        local_only(address[0] if isinstance(address, tuple) else None)
        real_connect(sock, address)

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        local_only(host)
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    # huggingface_hub would fetch huggingface.co/api/agent-harnesses for its User-Agent,
    # whatever the endpoint (the last test): give it its own empty registry instead.
    monkeypatch.setattr(_detect_agent, "_registry", _detect_agent._EMPTY_REGISTRY)
    closer = MenuCloser(box)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(closer)
    yield box
    app.removeEventFilter(closer)


def key_of(control: Control, owner: QObject | None = None) -> str:
    """``Class#objectName.attribute`` of the object holding the control, else
    ``Owner:text`` (the owner: the nearest of the app's own classes, else the window)."""
    parent = control.parent()
    while parent is not None:
        for name, value in vars(parent).items():
            if value is control:
                kind = f"#{parent.objectName()}" if parent.objectName() else ""
                return f"{type(parent).__name__}{kind}.{name}"
        parent = parent.parent()
    holder = owner or control.parent()
    while holder is not None and holder.parent() is not None \
            and not type(holder).__module__.startswith("app."):
        holder = holder.parent()
    label = control.text().replace("&", "")
    if isinstance(control, QAbstractButton):
        label = label or control.accessibleName()
    return f"{type(holder).__name__}:{label or control.toolTip()}"


def would_show(widget: QWidget, root: QWidget) -> bool:
    """Visible, if every stacked page (tab, settings section) on its way were current."""
    current: QWidget | None = widget
    while current is not None and current is not root:
        if current.isHidden() and not isinstance(current.parentWidget(), QtWidgets.QStackedWidget):
            return False
        current = current.parentWidget()
    return current is root and root.isVisible()


def reveal(widget: QWidget) -> None:
    """Make the stacked pages holding ``widget`` current (a tab by its tab widget)."""
    current: QWidget | None = widget
    while current is not None:
        stack = current.parentWidget()
        if isinstance(stack, QtWidgets.QStackedWidget):
            tabs = stack.parentWidget()
            (tabs if isinstance(tabs, QtWidgets.QTabWidget) else stack).setCurrentWidget(current)
        current = stack


def context_point(widget: QWidget) -> QPoint:
    """Where to ask for a context menu: on the first enabled item of a list."""
    if isinstance(widget, QtWidgets.QAbstractItemView) and (model := widget.model()) is not None:
        for row in range(model.rowCount()):
            if model.flags(index := model.index(row, 0)) & Qt.ItemFlag.ItemIsEnabled:
                return widget.visualRect(index).center()
    return widget.rect().center()


@dataclass
class Clicker:
    """Clicks every reachable control of a window once and records what raised."""

    qtbot: QtBot
    box: Sandbox
    held: list[QObject] = field(default_factory=list)  # for the test to click itself
    skip: set[str] = field(default_factory=lambda: set(LEFT_ALONE))
    clicked: dict[str, str] = field(default_factory=dict)  # key -> window class
    seen: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def controls(self, root: QWidget) -> list[tuple[str, Control]]:
        actions: list[tuple[QAction, QObject | None]] = []
        for widget in root.findChildren(QWidget):  # context menus first: they run events
            if shiboken6.isValid(widget) and widget.window() is root and widget.isVisible() \
                    and widget.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
                asked = len(self.box.menus)
                widget.customContextMenuRequested.emit(context_point(widget))
                actions += [(a, widget) for m in self.box.menus[asked:] for a in m.actions()]
        found: list[tuple[str, Control]] = [
            (key_of(b), b) for b in root.findChildren(QAbstractButton)
            if b.window() is root and not isinstance(b.parentWidget(), QT_OWN_BUTTONS)]
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.window() is root:
                actions += [(a, None) for a in widget.actions()]
        if isinstance(root, QMainWindow):
            actions += [(a, None) for a in root.menuBar().actions()]
        while actions:
            action, owner = actions.pop(0)
            menu = action.menu()
            if isinstance(menu, QMenu):
                actions += [(a, owner) for a in menu.actions()]
            elif not action.isSeparator() and not action.objectName().startswith("_q_"):
                found.append((key_of(action, owner), action))
        return found

    def sweep(self, root: QWidget, settle_first: bool = True) -> int:
        """Click each control of ``root`` not clicked yet, while any is reachable; return
        how many.  Controls are found again after each click (it may show new ones); of
        several alike the last is clicked; buttons that close a dialog go last."""
        if settle_first:
            self.qtbot.wait(20)
        count = 0
        while True:
            pending: list[tuple[bool, str, Control]] = []
            for key, control in self.controls(root):
                self.seen.setdefault(key, type(root).__name__)
                if key in self.clicked or key in self.skip or not control.isEnabled() \
                        or any(control is held for held in self.held):
                    continue
                if isinstance(control, QAction) and control.isVisible():
                    pending.append((False, key, control))
                elif isinstance(control, QAbstractButton) and would_show(control, root):
                    box = control.parentWidget()
                    pending.append((isinstance(box, QtWidgets.QDialogButtonBox) and box.buttonRole(
                        control) in CLOSING_ROLES, key, control))
            if not pending:
                return count
            pending.sort(key=lambda item: item[0])
            key = pending[0][1]
            self.click(key, [c for _, k, c in pending if k == key][-1], root)
            count += 1

    def click(self, key: str, control: Control, root: QWidget) -> None:
        with self.qtbot.capture_exceptions() as raised:
            if isinstance(control, QAbstractButton):
                reveal(control)
                self.qtbot.mouseClick(control, Qt.MouseButton.LeftButton)
            else:
                control.trigger()
            self.qtbot.wait(15)
        self.clicked[key] = self.seen[key] = type(root).__name__
        self.failures += [f"{key} (or work that ended while it ran):\n"
                          + "".join(traceback.format_exception(kind, exc, tb))
                          for kind, exc, tb in raised]

    def until_done(self, root: Callable[[], QWidget], setup: Callable[[], object]) -> None:
        """Set the state up and sweep, again, until a sweep finds nothing new to click."""
        for _ in range(6):
            setup()
            if self.sweep(root()) == 0:
                return

    def check(self, window: str, minimum: int) -> None:
        """No slot raised, enough was clicked, and every control seen was clicked."""
        assert not self.failures, "slots raised:\n" + "\n".join(self.failures)
        clicked = sorted(k for k, w in self.clicked.items() if w == window)
        missed = sorted(k for k, w in self.seen.items() if w == window
                        and k not in self.clicked and k not in self.skip)
        print(f"\n{window}: clicked {len(clicked)}: {clicked}\n  never reachable: {missed}")
        assert len(clicked) >= minimum, clicked
        assert missed == [], f"controls no click could reach: {missed}"


