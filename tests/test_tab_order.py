"""Tab through the chat window: the messages' controls come right after the conversation,
in reading order, then the message box (app/ui/tab_order.py).

Qt's own order is the order widgets were made in: messages are made after the message box,
and older ones (built as the user scrolls up) after newer ones.  The new-user trial tabbed
from Send into the messages; this checks the order a keyboard user now gets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.ui.main_window import MainWindow
from app.ui.message_widget import MessageWidget


def seeded_window(qtbot: QtBot, data_dir: Path, turns: int) -> tuple[MainWindow, str]:
    context = AppContext.open(data_dir)
    chat = context.store.create_conversation(Conversation(title="Long"))
    parent = None
    for n in range(turns):
        question = context.store.add_message(chat.id, Message(
            Role.USER, f"Question {n}", parent_id=parent.id if parent else None))
        parent = context.store.add_message(chat.id, Message(
            Role.ASSISTANT, f"Answer {n}: see [the docs](https://example.org/{n}).",
            parent_id=question.id))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.welcome.hide()
    window.open_chat(chat.id)
    return window, chat.id


def press(key: Qt.Key, shift: bool = False) -> QWidget:
    focus = QApplication.focusWidget()
    assert focus is not None
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(focus, Qt.Key.Key_Backtab if shift else key, modifier)
    QApplication.processEvents()
    now = QApplication.focusWidget()
    assert now is not None
    return now


def owner(widget: QWidget) -> MessageWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, MessageWidget):
        parent = parent.parentWidget()
    return parent


def test_tab_goes_through_the_messages_in_reading_order(qtbot: QtBot, data_dir: Path) -> None:
    window, _ = seeded_window(qtbot, data_dir, turns=30)
    try:
        view = window.chat_view
        while view.unbuilt_count:  # older messages, built after the newer ones
            view.load_earlier()
        messages = view.messages
        assert len(messages) == 60
        qtbot.waitUntil(lambda: all(m.isVisible() for m in messages), timeout=5000)
        view.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(view.hasFocus, timeout=5000)
        visited: list[QWidget] = []
        focus = press(Qt.Key.Key_Tab)
        while focus is not window.attach_button and len(visited) < 1000:
            visited.append(focus)
            if isinstance(focus, QLabel):  # the link itself is selected: it shows
                assert focus.selectedText() == "the docs"
            focus = press(Qt.Key.Key_Tab)
        assert focus is window.attach_button
        order = [messages.index(m) for m in map(owner, visited) if m is not None]
        assert len(order) == len(visited)  # nothing outside the conversation in between
        assert order == sorted(order) and set(order) == set(range(60))  # reading order
        links = [w for w in visited if isinstance(w, QLabel)]
        assert len(links) == 30 and all("href" in w.text() for w in links)  # answers' links
        assert len(set(links)) == 30  # one Tab each: it lands on the link, not the text
        assert press(Qt.Key.Key_Tab) is window.input
        assert press(Qt.Key.Key_Tab) is window.send_button
        after_send = press(Qt.Key.Key_Tab)
        assert owner(after_send) is None  # not back into the messages
        window.attach_button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(window.attach_button.hasFocus, timeout=5000)
        assert press(Qt.Key.Key_Tab, shift=True) is visited[-1]
        assert press(Qt.Key.Key_Tab, shift=True) is visited[-2]
        view.ensureWidgetVisible(visited[0])
        visited[0].setFocus(Qt.FocusReason.TabFocusReason)
        assert press(Qt.Key.Key_Tab, shift=True) is view
    finally:
        window.shutdown()


def test_the_focused_control_is_scrolled_into_view(qtbot: QtBot, data_dir: Path) -> None:
    window, _ = seeded_window(qtbot, data_dir, turns=12)
    try:
        view = window.chat_view
        qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=5000)
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # at the end
        view.setFocus(Qt.FocusReason.TabFocusReason)
        first = press(Qt.Key.Key_Tab)  # the oldest message's first control
        assert owner(first) is view.messages[0]
        top = first.mapTo(view.viewport(), first.rect().topLeft()).y()
        assert 0 <= top < view.viewport().height()
    finally:
        window.shutdown()
