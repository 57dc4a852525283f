"""Files attached to a message in the window (issue 14): the paperclip with the file
dialog, files dropped on the input and on the chat, chips read off the GUI thread, a
message sent while a file is read, the chips on the sent message and again when the chat
is reopened, the collection deleted with the chat, a file that cannot be attached, and
files attached in one chat and sent in another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docs_factory import broken_files
from test_attachments import NOTE, long_text

from app.core.localdocs.attachments import INDEXED, WHOLE, collection_for
from app.core.localdocs.store import DocsStore


# -- the window ------------------------------------------------------------------------
def drop(target: Any, *paths: Path) -> None:
    """Files dropped on ``target``, as a file manager drops them."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(QPoint(5, 5), action, mime, button,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(QPointF(5, 5), action, mime, button,
                                              Qt.KeyboardModifier.NoModifier))


def test_attaching_in_the_window(qtbot: Any, starter_window: Any, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from app.ui.attachment_chips import AttachmentChip

    window = starter_window
    window.ctx.settings.generation.max_tokens = 12  # (what it is asked is what counts)
    note, extra, long = tmp_path / "picnic.md", tmp_path / "extra.txt", tmp_path / "almanac.md"
    note.write_text(NOTE, encoding="utf-8")
    extra.write_text("Remove me.", encoding="utf-8")
    long.write_text(long_text("The lighthouse keeper is named Ingrid Solberg."))
    asked: list[list[dict[str, str]]] = []  # what the model thread is asked
    generate = window.host.generate

    def asking(messages: list[dict[str, str]], *rest: Any) -> Any:
        asked.append([dict(m) for m in messages])
        return generate(messages, *rest)

    chosen: list[str] = []

    def choose(_parent: Any, _caption: str, _folder: str, filters: str) -> Any:
        chosen.append(filters)
        return [str(note), str(extra)], ""

    monkeypatch.setattr(window.host, "generate", asking)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    tray = window.attachment_tray
    assert tray.isHidden()
    qtbot.mouseClick(window.attach_button, Qt.MouseButton.LeftButton)
    assert "*.pdf" in chosen[0] and "*.docx" in chosen[0] and "*.md" in chosen[0]
    chips = tray.chips()
    assert [c.name for c in chips] == ["picnic.md", "extra.txt"] and tray.isVisible()
    assert chips[1].detail_label.text() == "Reading file…"  # read off the GUI thread
    qtbot.waitUntil(lambda: not tray.busy(), timeout=10_000)
    assert chips[0].detail_label.text() == f"{note.stat().st_size} B · whole"
    assert chips[1].remove_button is not None
    qtbot.mouseClick(chips[1].remove_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in tray.attachments()] == ["picnic.md"]

    drop(window.input.viewport(), long)  # on the input: attached, not pasted as a path
    assert window.input.toPlainText() == ""
    window.input.setPlainText("What is the name of the lighthouse keeper?")
    window.send()  # while almanac.md is still being read: sent when it is
    assert window.current is None and tray.send_waiting
    qtbot.waitUntil(lambda: window.current is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    assert tray.isHidden() and tray.chips() == []
    chat = window.current
    question = chat.path()[0]
    assert question.content == "What is the name of the lighthouse keeper?"
    assert [(a["name"], a["mode"]) for a in question.attachments] == [
        ("picnic.md", WHOLE), ("almanac.md", INDEXED)]
    assert question.attachments[1]["collection"] == collection_for(chat.id)
    first = asked[-1][-1]["content"]
    assert first.startswith("--- Attached file: picnic.md ---\n# Picnic")
    assert "almanac.md" in first and "Ingrid Solberg" in first  # its part, searched
    assert first.endswith("Question: What is the name of the lighthouse keeper?")
    widget = next(w for w in window.chat_view.messages if w.message.id == question.id)
    shown = widget.findChildren(AttachmentChip)
    assert [c.detail_label.text() for c in shown] == [
        f"{note.stat().st_size} B · whole", "45 KB · searched"]

    drop(window, extra)  # on the chat: attached to the next message
    qtbot.waitUntil(lambda: len(tray.attachments()) == 1, timeout=10_000)
    window.input.setPlainText("And what should I bring?")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    users = [m["content"] for m in asked[-1] if m["role"] == "user"]
    assert users[0].startswith("--- Attached file: picnic.md ---")  # sent again
    assert users[1].startswith("--- Attached file: extra.txt ---\nRemove me.")

    window.new_chat()
    window.open_chat(chat.id)  # reopened: the chips are shown again
    names = [[c.name for c in w.findChildren(AttachmentChip)] for w in window.chat_view.messages]
    assert names == [["picnic.md", "almanac.md"], [], ["extra.txt"], []]
    window.delete_chat(chat.id, confirm=False)
    docs = DocsStore(window.ctx.paths.localdocs)
    assert docs.collection(collection_for(chat.id)) is None  # its files' index went too
    docs.close()


def test_a_file_the_window_cannot_attach(qtbot: Any, starter_window: Any,
                                         tmp_path: Path) -> None:
    window = starter_window
    window.ctx.settings.generation.max_tokens = 12  # (what it is asked is what counts)
    locked = broken_files(tmp_path / "broken")["encrypted pdf"]
    drop(window, locked)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10_000)
    assert "Cannot attach locked.pdf: the PDF is encrypted" in window.banner.label.text()
    assert window.attachment_tray.chips() == [] and window.attachment_tray.isHidden()
    drop(window, tmp_path)  # a folder
    qtbot.waitUntil(lambda: "it is a folder" in window.banner.label.text(), timeout=10_000)
    assert window.ctx.store.list_conversations() == []


def test_files_attached_in_one_chat_and_sent_in_another(qtbot: Any, starter_window: Any,
                                                        tmp_path: Path) -> None:
    from app.core.conversation import Conversation, Message, Role

    window = starter_window
    window.ctx.settings.generation.max_tokens = 12  # (what it is asked is what counts)
    long = tmp_path / "almanac.md"
    long.write_text(long_text("The lighthouse keeper is named Ingrid Solberg."))
    old = window.ctx.store.create_conversation(Conversation(title="Old", messages=[
        Message(Role.USER, "Hello"), Message(Role.ASSISTANT, "Hi.")]))
    window.open_chat(old.id)
    window.attach_files([long])
    tray = window.attachment_tray
    qtbot.waitUntil(lambda: not tray.busy(), timeout=10_000)
    assert tray.attachments()[0].collection == collection_for(old.id)
    window.new_chat()  # the chips stay with the input, as the typed text does
    window.input.setPlainText("Who keeps the lighthouse?")
    window.send()  # read again for the new chat first
    assert tray.send_waiting and tray.chips()[0].detail_label.text() == "Reading file…"
    qtbot.waitUntil(lambda: window.current is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    chat = window.current
    assert chat.id != old.id
    assert chat.path()[0].attachments[0]["collection"] == collection_for(chat.id)
    docs = DocsStore(window.ctx.paths.localdocs)
    try:
        assert docs.collection(collection_for(old.id)) is None  # it left the other chat
        assert docs.require(collection_for(chat.id)).folders == [str(long)]
    finally:
        docs.close()


def test_a_file_indexed_but_never_sent_leaves_the_index(qtbot: Any, starter_window: Any,
                                                        tmp_path: Path) -> None:
    window = starter_window
    window.ctx.settings.generation.max_tokens = 12  # (what it is asked is what counts)
    long = tmp_path / "almanac.md"
    long.write_text(long_text("The lighthouse keeper is named Ingrid Solberg."))
    window.attach_files([long])
    tray = window.attachment_tray
    qtbot.waitUntil(lambda: not tray.busy(), timeout=10_000)
    name = collection_for(tray.draft_id)
    assert tray.attachments()[0].collection == name
    window.shutdown()  # closed without sending it
    docs = DocsStore(window.ctx.paths.localdocs)
    try:
        assert docs.collection(name) is None
    finally:
        docs.close()
