"""The conversation view of a very long chat: built lazily, far parts folded (pytest-qt)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.conversation import Conversation, Message, Role
from app.ui.chat_view import PAGE, ChatView


def long_chat(size: int) -> Conversation:
    chat = Conversation(title="Long")
    for n in range(size):
        tip = chat.tip()
        chat.append(Message(Role.USER if n % 2 == 0 else Role.ASSISTANT,
                            f"message number {n} " + "text " * 30,
                            parent_id=tip.id if tip else None))
    return chat


def make_view(qtbot: QtBot, chat: Conversation) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    view.show_conversation(chat, {})
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=5000)
    return view


def number(widget: object) -> int:
    return int(widget.source.split()[2])  # type: ignore[attr-defined]


def visible_numbers(view: ChatView) -> list[int]:
    """The messages whose widgets are on screen now."""
    top = view.verticalScrollBar().value()
    bottom = top + view.viewport().height()
    shown = []
    for widget in view.messages:
        y = widget.mapTo(view.widget(), widget.rect().topLeft()).y()
        if y < bottom and y + widget.height() > top:
            shown.append(number(widget))
    return shown


def settle(qtbot: QtBot, view: ChatView) -> None:
    qtbot.waitUntil(lambda: not view._ahead_timer.isActive() and view._keep_from_bottom is None
                    and not view._recycle_timer.isActive() and view._reveal is None,
                    timeout=10_000)


def test_scrolling_far_up_folds_what_is_far_and_rebuilds_it_on_the_way_back(qtbot: QtBot) -> None:
    view = make_view(qtbot, long_chat(400))
    bar = view.verticalScrollBar()
    # Hold the scroll bar at the top until the first message is there.
    for _ in range(2000):
        if not view.unbuilt_count and bar.value() == 0:
            break
        bar.setValue(0)
        QApplication.processEvents()
    settle(qtbot, view)
    bar.setValue(0)  # (the last batch's layout may have nudged it)
    settle(qtbot, view)
    assert view.unbuilt_count == 0 and visible_numbers(view)[0] == 0
    folded = [chunk for chunk in view._chunks if chunk.folded]
    assert folded, "chunks far from view are folded"
    assert len(view.messages) == 400 - sum(len(c.entries) for c in folded)
    assert len(view.messages) < 150  # what is near the view and the newest page, of 400
    assert all(c.height() > 0 for c in folded)  # a folded chunk keeps its height
    # Back down a screen at a time: what comes into view is built again, in order.
    seen = visible_numbers(view)
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + view.viewport().height() // 2)
        settle(qtbot, view)
        numbers = visible_numbers(view)
        assert numbers == sorted(numbers) and numbers, "the screen is never empty"
        seen += numbers
    assert sorted(set(seen)) == list(range(400))  # every message was shown on the way
    assert len(view.messages) < 150


def test_opening_at_an_old_message_builds_only_around_it(qtbot: QtBot) -> None:
    chat = long_chat(600)
    view = make_view(qtbot, chat)
    target = chat.path()[30]
    widget = view.show_message(target.id)
    assert widget is not None and number(widget) == 30
    assert len(view.messages) <= PAGE  # not everything down to it
    qtbot.waitUntil(lambda: 30 in visible_numbers(view), timeout=5000)
    assert not view.follow
    # Scrolling down builds the later messages as they come near.
    bar = view.verticalScrollBar()
    for _ in range(40):
        bar.setValue(bar.maximum())
        settle(qtbot, view)
    assert max(number(w) for w in view.messages) > 30 + PAGE
    # A new message shows the end of the chat, not a gap.
    new = Message(Role.USER, "message number 600 the newest", parent_id=chat.path()[-1].id)
    view.add_message(new, "You")
    assert [number(w) for w in view.messages[-3:]] == [598, 599, 600]


def test_a_long_chat_opens_on_its_newest_message_not_on_empty_space(qtbot: QtBot) -> None:
    view = make_view(qtbot, long_chat(100))
    settle(qtbot, view)
    assert 99 in visible_numbers(view)
    newest = view.messages[-1]
    bottom = newest.mapTo(view.widget(), newest.rect().bottomLeft()).y()
    margin = view.widget().layout().contentsMargins().bottom()
    assert view.widget().height() - bottom <= margin + 2  # nothing but the margin below it


def test_a_hit_among_the_later_messages_not_built_yet_is_shown(qtbot: QtBot) -> None:
    chat = long_chat(600)
    view = make_view(qtbot, chat)
    assert view.show_message(chat.path()[30].id) is not None  # opened at an old message
    settle(qtbot, view)
    later = chat.path()[300]  # below what is built, far from both ends
    widget = view.show_message(later.id)
    assert widget is not None and number(widget) == 300
    qtbot.waitUntil(lambda: 300 in visible_numbers(view), timeout=5000)


def test_holding_the_thumb_at_the_top_jumps_to_the_first_message(qtbot: QtBot) -> None:
    view = make_view(qtbot, long_chat(2000))
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setSliderDown(True)  # the user holds the thumb
    bar.setValue(0)
    qtbot.waitUntil(lambda: 0 in visible_numbers(view), timeout=3000)
    assert len(view.messages) <= PAGE  # the start is shown, not the 1,960 in between built
    assert not view.follow
    # Dragged back down to the bottom while held: the newest message again.
    bar.setValue(bar.maximum())
    while view._below and bar.value() < bar.maximum():
        bar.setValue(bar.maximum())
        QApplication.processEvents()
    qtbot.waitUntil(lambda: 1999 in visible_numbers(view), timeout=5000)
    bar.setSliderDown(False)


def test_home_and_end_go_to_the_first_and_the_newest_message(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    view = make_view(qtbot, long_chat(600))
    settle(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: 0 in visible_numbers(view), timeout=3000)
    assert len(view.messages) <= PAGE
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: 599 in visible_numbers(view), timeout=3000)
    assert view.follow


def test_a_streaming_reply_is_never_rebuilt_by_a_jump(qtbot: QtBot) -> None:
    view = make_view(qtbot, long_chat(600))
    settle(qtbot, view)
    newest = view.messages[-1]
    view.set_actions_enabled(False)  # as while a reply streams into the newest message
    view.jump_to_start()
    assert view.messages[-1] is newest and view.unbuilt_count > 0
    assert view.verticalScrollBar().value() == 0


def test_home_and_end_stay_with_a_message_being_edited(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    view = make_view(qtbot, long_chat(600))
    settle(qtbot, view)
    question = next(w for w in reversed(view.messages) if w.message.role is Role.USER)
    editor = question.start_editing().text
    qtbot.waitUntil(editor.hasFocus, timeout=2000)
    editor.setPlainText("a short question")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Home)
    assert editor.textCursor().position() == 0  # the editor's Home, not the chat's
    assert view.unbuilt_count > 0 and question in view.messages  # the view did not jump
