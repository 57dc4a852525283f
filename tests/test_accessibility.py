"""Every control can be reached by keyboard and has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.ui.main_window import MainWindow

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
            QAbstractSpinBox, QAbstractItemView)


def unnamed_or_unreachable(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QHeaderView) or (widget.parent() is not None and type(
                widget.parent()).__name__ == "QComboBox"):
            continue  # a table's headers, a combo box's own popup parts
        if isinstance(widget, QAbstractSpinBox) is False and isinstance(
                widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a spin box's inner editor
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        name = widget.accessibleName() or text.replace("&", "").strip()
        where = f"{type(widget).__name__} {widget.objectName() or text or widget.toolTip()!r}"
        if not name:
            problems.append(f"{where}: no accessible name")
        if (widget.focusPolicy() == Qt.FocusPolicy.NoFocus and widget.isEnabled() \
                and not isinstance(widget, QAbstractButton)) or (
                isinstance(widget, QAbstractButton) and widget.focusPolicy()
                == Qt.FocusPolicy.NoFocus):
            problems.append(f"{where}: cannot be reached by keyboard")
    return problems


def test_the_main_window_settings_and_models_window_are_named_and_reachable(
        qtbot: QtBot, data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    chat = context.store.create_conversation(Conversation(title="A chat"))
    question = context.store.add_message(chat.id, Message(Role.USER, "Question?"))
    context.store.add_message(chat.id, Message(
        Role.ASSISTANT, "```python\nprint(1)\n```", parent_id=question.id))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_chat(chat.id)
        window.show_welcome()
        assert unnamed_or_unreachable(window) == []
        settings = window.open_settings()
        for section in ("General", "Model", "Presets", "Shortcuts"):
            settings.show_section(section)
            assert unnamed_or_unreachable(settings) == [], section
        settings.reject()
        models = window.open_models_window()
        assert unnamed_or_unreachable(models) == []
    finally:
        window.shutdown()


def test_the_check_finds_unnamed_and_unreachable_controls(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(QLineEdit())
    combo = QComboBox()
    combo.setAccessibleName("Colour")
    combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    layout.addWidget(combo)
    root.show()
    problems = unnamed_or_unreachable(root)
    assert len(problems) == 2
    assert "no accessible name" in problems[0] and "keyboard" in problems[1]
