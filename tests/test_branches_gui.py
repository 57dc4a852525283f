"""Branches in the real window: regenerate, edit and resend, "‹ 2/3 ›", delete (pytest-qt).

The starter model writes every answer; temperature is raised for the
regenerate test so a new version can differ, as it would for a user.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.conversation import Role
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
REPLY_TIMEOUT_MS = 60_000


def ask(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.input.setPlainText(text)
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_TIMEOUT_MS)


def spy_on_history(window: MainWindow) -> list[list[dict[str, str]]]:
    """Record the history each reply is generated from (the real call still happens)."""
    sent: list[list[dict[str, str]]] = []
    generate = window.host.generate

    def recording(history, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(list(history))
        return generate(history, *args, **kwargs)

    window.host.generate = recording  # type: ignore[method-assign]
    return sent


def stored_path(window: MainWindow) -> list[str]:
    assert window.current is not None
    chat = window.ctx.store.load_conversation(window.current.id)
    assert chat is not None
    return [m.id for m in chat.path()]


def test_regenerate_keeps_the_old_answer_and_arrows_move_between_them(
        qtbot: QtBot, starter_window: MainWindow) -> None:
    window = starter_window
    window.ctx.settings.generation.temperature = 0.9
    ask(qtbot, window, "Name one colour of the rainbow.")
    question, first = window.chat_view.messages
    first_id, first_text = first.message.id, first.source
    sent = spy_on_history(window)
    qtbot.mouseClick(first.branch_button, Qt.MouseButton.LeftButton)
    # While the new version streams nothing else can branch or delete.
    assert window.stream is not None
    assert not question.branch_button.isEnabled() and not question.delete_button.isEnabled()
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_TIMEOUT_MS)
    assert question.branch_button.isEnabled()
    # The same question was asked again, without the old answer in the history.
    assert [m["content"] for m in sent[0] if m["role"] != "system"] == [
        "Name one colour of the rainbow."]
    view_question, second = window.chat_view.messages
    assert view_question is question and second.message.id != first_id
    assert second.navigator is not None and second.navigator.label.text() == "2/2"
    assert second.message.parent_id == question.message.id
    assert window.loaded_model is not None
    assert window.loaded_model.name in second.author_label.text()  # who wrote this version
    assert window.current is not None and len(window.current.messages) == 3
    assert stored_path(window) == [question.message.id, second.message.id]

    qtbot.mouseClick(second.navigator.previous, Qt.MouseButton.LeftButton)
    shown = window.chat_view.messages[-1]
    assert shown.message.id == first_id and shown.source == first_text
    assert shown.navigator is not None and shown.navigator.label.text() == "1/2"
    assert not shown.navigator.previous.isEnabled() and shown.navigator.next.isEnabled()
    assert stored_path(window) == [question.message.id, first_id]  # remembered
    # Reopening the chat shows the version chosen, not the newest.
    chat_id = window.current.id
    window.new_chat()
    window.open_chat(chat_id)
    assert window.chat_view.messages[-1].message.id == first_id
    # Asking on from the old version continues that branch.
    sent.clear()
    ask(qtbot, window, "And another one?")
    assert [m["content"] for m in sent[0] if m["role"] != "system"][:2] == [
        "Name one colour of the rainbow.", first_text]
    assert len(window.chat_view.messages) == 4


def test_edit_and_resend_makes_a_new_branch_and_keeps_the_old(
        qtbot: QtBot, starter_window: MainWindow) -> None:
    window = starter_window
    ask(qtbot, window, "What is the capital of France?")
    ask(qtbot, window, "How many people live there?")
    widgets = window.chat_view.messages
    old_question = widgets[2]
    assert old_question.message.role is Role.USER
    sent = spy_on_history(window)
    qtbot.mouseClick(old_question.branch_button, Qt.MouseButton.LeftButton)
    editor = old_question.editor
    assert editor is not None and editor.text.toPlainText() == "How many people live there?"
    editor.text.setPlainText("What river runs through it?")
    qtbot.mouseClick(editor.send_button, Qt.MouseButton.LeftButton)
    assert window.focusWidget() is window.input  # back to writing, not on a stray button
    qtbot.waitUntil(lambda: window.stream is None, timeout=REPLY_TIMEOUT_MS)
    # The edit was sent after the first exchange; the old question was not.
    contents = [m["content"] for m in sent[0] if m["role"] != "system"]
    assert contents[0] == "What is the capital of France?"
    assert contents[-1] == "What river runs through it?"
    assert "How many people live there?" not in contents
    widgets = window.chat_view.messages
    assert len(widgets) == 4 and widgets[2].source == "What river runs through it?"
    assert widgets[2].navigator is not None and widgets[2].navigator.label.text() == "2/2"
    assert widgets[3].message.parent_id == widgets[2].message.id
    assert window.current is not None and len(window.current.messages) == 6
    # Back to the old question: its own answer comes with it.
    qtbot.mouseClick(widgets[2].navigator.previous, Qt.MouseButton.LeftButton)
    widgets = window.chat_view.messages
    assert widgets[2].source == "How many people live there?"
    assert widgets[3].message.parent_id == widgets[2].message.id
    # Cancelling an edit changes nothing.
    editor = widgets[2].start_editing()
    editor.text.setPlainText("something else")
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    assert widgets[2].editor is None and len(window.current.messages) == 6


def test_delete_a_message_and_what_follows(qtbot: QtBot, starter_window: MainWindow,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = starter_window
    ask(qtbot, window, "Say hello.")
    ask(qtbot, window, "Say goodbye.")
    assert window.current is not None
    second_question = window.chat_view.messages[2]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(second_question.delete_button, Qt.MouseButton.LeftButton)
    assert len(window.chat_view.messages) == 4  # said no: nothing happens
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(second_question.delete_button, Qt.MouseButton.LeftButton)
    widgets = window.chat_view.messages
    assert [w.message.role for w in widgets] == [Role.USER, Role.ASSISTANT]
    chat = window.ctx.store.load_conversation(window.current.id)
    assert chat is not None and len(chat.messages) == 2
    assert window.ctx.store.search("goodbye") == [] and window.ctx.store.integrity_ok()
    # The chat goes on from where the branch now ends.
    ask(qtbot, window, "Say thanks.")
    assert [w.source for w in window.chat_view.messages][::2] == ["Say hello.", "Say thanks."]
