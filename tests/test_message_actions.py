"""A message's actions are icons that appear on hover or keyboard focus, without moving
anything, each with a tooltip and a name a screen reader can say; Copy copies; the
keyboard shortcuts around messages still work.  Driven with real mouse, focus and key
events (pytest-qt), and checked on the pixels the widgets really draw."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.ui.main_window import MainWindow
from app.ui.message_actions import ActionButton
from app.ui.message_widget import CodeSegment, MessageWidget
from app.ui.theme import apply_theme

ANSWER = "Paris is the capital.\n\n```python\nprint('Paris')\n```"


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[tuple[QWidget, MessageWidget, MessageWidget]]:
    """A question and its answer in a shown window, the pointer away from both."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    spare = QLineEdit()  # the focus and the pointer rest here, away from the messages
    spare.setAccessibleName("Message")
    layout.addWidget(spare)
    question = MessageWidget(Message(Role.USER, "What is the capital of France?"), "You")
    answer = MessageWidget(Message(Role.ASSISTANT, ANSWER), "Starter")
    layout.addWidget(question)
    layout.addWidget(answer)
    root.resize(700, 400)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is root, timeout=5000)
    spare.setFocus()
    # A window shown under the pointer gets a synthetic Enter; a move through the
    # messages and out again gives QTest's pointer a history Qt can send Leave from.
    for widget in (question, answer, spare):
        qtbot.mouseMove(widget, widget.rect().center())
    qtbot.waitUntil(lambda: not question.action_row.revealed and not answer.action_row.revealed)
    yield root, question, answer


def icons_of(widget: MessageWidget) -> list[ActionButton]:
    return [widget.branch_button, widget.delete_button, widget.copy_button]


def drawn(widget: MessageWidget) -> QImage:
    """What the action row really draws (the row's rectangle of the whole message)."""
    row = widget.action_row
    image = widget.grab().toImage()
    top_left = row.mapTo(widget, QPoint(0, 0))
    return image.copy(QRect(top_left, row.size()))


def distinct_colours(image: QImage) -> int:
    return len({image.pixel(x, y) for x in range(image.width()) for y in range(image.height())})


def test_the_icons_are_hidden_until_the_pointer_is_on_the_message(
        qtbot: QtBot, page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, question, answer = page
    assert not answer.action_row.revealed
    assert distinct_colours(drawn(answer)) == 1  # nothing but the message's background
    geometry = [b.geometry() for b in icons_of(answer)]
    height = answer.height()
    qtbot.mouseMove(answer, QPoint(answer.width() // 2, answer.height() // 2))  # Enter
    qtbot.waitUntil(lambda: answer.action_row.revealed)
    assert distinct_colours(drawn(answer)) > 3  # the icons' strokes, anti-aliased
    assert not question.action_row.revealed  # only the message under the pointer
    assert [b.geometry() for b in icons_of(answer)] == geometry  # nothing moved
    assert answer.height() == height
    qtbot.mouseMove(question, QPoint(question.width() // 2, question.height() // 2))
    qtbot.waitUntil(lambda: question.action_row.revealed)
    assert not answer.action_row.revealed  # Leave hid them again
    assert distinct_colours(drawn(answer)) == 1


def test_tabbing_onto_a_message_shows_its_icons(
        qtbot: QtBot, page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, question, answer = page
    question.copy_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: question.action_row.revealed)
    for _ in range(10):  # Tab on until the focus is in the answer
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if answer.isAncestorOf(QApplication.focusWidget()):
            break
    assert QApplication.focusWidget() is answer.branch_button  # Regenerate comes first
    assert answer.action_row.revealed and not question.action_row.revealed
    assert distinct_colours(drawn(answer)) > 3
    assert distinct_colours(drawn(question)) == 1


def test_each_icon_has_a_tooltip_a_name_and_an_icon(
        page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, question, answer = page
    named = {b.accessibleName(): (b.text(), b.toolTip()) for b in icons_of(question)}
    named.update({b.accessibleName(): (b.text(), b.toolTip()) for b in icons_of(answer)})
    assert named == {"Edit and send again": ("Edit", "Edit and send again"),
                     "Regenerate answer": ("Regenerate", "Regenerate answer"),
                     "Delete message": ("Delete", "Delete message"),
                     "Copy message": ("Copy", "Copy message")}
    for button in icons_of(question) + icons_of(answer):
        assert not button.icon().isNull()
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus  # reachable by Tab


def test_the_copy_icon_copies_and_shows_a_tick(
        qtbot: QtBot, page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, _question, answer = page
    copied: list[str] = []
    answer.sig_copied.connect(copied.append)
    before = answer.copy_button.icon().cacheKey()
    QApplication.clipboard().setText("something else")
    qtbot.mouseMove(answer.copy_button)
    qtbot.mouseClick(answer.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == ANSWER == copied[0]
    assert answer.copy_button.icon().cacheKey() != before  # the tick, for a moment
    qtbot.waitUntil(lambda: answer.copy_button.icon().cacheKey() == before, timeout=3000)
    code = answer.findChildren(CodeSegment)[0]
    assert code.copy_button.accessibleName() == "Copy code" and code.copy_button.toolTip()
    qtbot.mouseClick(code.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "print('Paris')"
    assert code.copy_button.text() == "Copied"
    qtbot.waitUntil(lambda: code.copy_button.text() == "Copy", timeout=3000)


def test_the_icons_click_through_to_their_signals(
        qtbot: QtBot, page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, question, answer = page
    asked: list[tuple[str, str]] = []
    answer.sig_regenerate.connect(lambda mid: asked.append(("regenerate", mid)))
    answer.sig_delete.connect(lambda mid: asked.append(("delete", mid)))
    qtbot.mouseClick(answer.branch_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(answer.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [("regenerate", answer.message.id), ("delete", answer.message.id)]
    qtbot.mouseClick(question.branch_button, Qt.MouseButton.LeftButton)
    assert question.editor is not None and question.editor.isVisible()
    answer.set_actions_enabled(False)  # while a reply streams
    assert not answer.branch_button.isEnabled() and answer.copy_button.isEnabled()


def test_the_edit_shortcuts_still_send_and_cancel(
        qtbot: QtBot, page: tuple[QWidget, MessageWidget, MessageWidget]) -> None:
    _root, question, _answer = page
    sent: list[tuple[str, str]] = []
    question.sig_edited.connect(lambda mid, text: sent.append((mid, text)))
    question.branch_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(question.branch_button, Qt.Key.Key_Space)  # the icon, by keyboard
    editor = question.editor
    assert editor is not None and editor.text.hasFocus()
    assert question.action_row.revealed  # the focus is in the message
    editor.text.setPlainText("What is the capital of Italy?")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == [(question.message.id, "What is the capital of Italy?")]
    question.stop_editing()
    qtbot.wait(10)  # (the old editor and its shortcuts are deleted)
    question.start_editing()
    assert question.editor is not None
    qtbot.keyClick(question.editor.text, Qt.Key.Key_Escape)
    assert question.editor is None  # cancelled


def test_ctrl_shift_c_still_copies_the_last_reply(qtbot: QtBot, data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    chat = context.store.create_conversation(Conversation(title="Capitals"))
    question = context.store.add_message(chat.id, Message(Role.USER, "Capital of France?"))
    context.store.add_message(chat.id, Message(Role.ASSISTANT, "Paris.",
                                               parent_id=question.id))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_chat(chat.id)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        QApplication.clipboard().setText("")
        qtbot.keyClick(window.input, Qt.Key.Key_C,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.clipboard().text() == "Paris."
    finally:
        window.shutdown()


def test_deleted_messages_leave_no_focus_watchers(qtbot: QtBot) -> None:
    """A long chat builds and deletes message widgets all the time (folding): the focus
    watchers go with them."""
    from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    signal = SIGNAL("focusChanged(QWidget*,QWidget*)")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests'
    before = app.receivers(signal)
    widgets = [MessageWidget(Message(Role.USER, f"Question {n}?"), "You") for n in range(20)]
    assert app.receivers(signal) == before + 20
    for widget in widgets:
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert app.receivers(signal) == before
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()  # a focus change reaches no deleted watcher
    qtbot.wait(10)
