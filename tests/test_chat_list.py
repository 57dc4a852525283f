"""The chat list: date groups, pin, rename, delete, and full-text search (pytest-qt)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.chat_groups import date_group
from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.ui.main_window import MainWindow

DAY = 86_400.0


def test_date_groups() -> None:
    now = time.mktime((2026, 11, 28, 15, 0, 0, 0, 0, -1))
    assert date_group(now - 60, now) == "Today"
    assert date_group(now - DAY, now) == "Yesterday"
    assert date_group(now - 3 * DAY, now) == "Previous 7 days"
    assert date_group(now - 20 * DAY, now) == "Previous 30 days"
    assert date_group(now - 60 * DAY, now) == "September 2026"


def seed(data_dir: Path) -> dict[str, Conversation]:
    """Chats of various ages, written straight into the store."""
    context = AppContext.open(data_dir)
    now = time.time()
    chats = {}
    for name, age in [("today", 0), ("yesterday", 1), ("last week", 4), ("last month", 20),
                      ("long ago", 75), ("pinned one", 200)]:
        chats[name] = context.store.create_conversation(
            Conversation(title=f"Chat {name}", updated_at=now - age * DAY,
                         created_at=now - age * DAY))
    context.store.set_pinned(chats["pinned one"].id, True)
    context.store.add_message(chats["last month"].id,
                              Message(Role.USER, "What do axolotls eat in the wild?"))
    parent = None
    for n in range(30):
        parent = context.store.add_message(chats["long ago"].id, Message(
            Role.USER, f"filler {n} " * 20, parent_id=parent.id if parent else None))
    assert parent is not None
    context.store.add_message(chats["long ago"].id, Message(
        Role.ASSISTANT, "Quokkas live on Rottnest Island.", parent_id=parent.id))
    # add_message touches updated_at: put the ages back.
    for name, age in [("last month", 20), ("long ago", 75)]:
        context.store._db.execute("UPDATE conversations SET updated_at=? WHERE id=?",
                                  (now - age * DAY, chats[name].id))
    context.close()
    return chats


@pytest.fixture
def window(fresh_window: MainWindow) -> MainWindow:
    return fresh_window


def test_chats_are_grouped_by_date_with_pinned_first(qtbot: QtBot, data_dir: Path) -> None:
    seed(data_dir)
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    try:
        month = time.strftime("%B %Y", time.localtime(time.time() - 75 * DAY))
        assert win.chat_list.headings() == ["Pinned", "Today", "Yesterday", "Previous 7 days",
                                            "Previous 30 days", month]
    finally:
        win.shutdown()


def test_pin_rename_delete(qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chats = seed(data_dir)
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    try:
        target = chats["yesterday"].id
        item = win.chat_list.item_for(target)
        assert item is not None
        pin = next(a for a in win.chat_list.menu_for(item).actions() if a.text() == "Pin to top")
        pin.trigger()
        assert win.chat_list.ids()[:2] == [chats["pinned one"].id, target] or \
            win.chat_list.ids()[:2] == [target, chats["pinned one"].id]
        assert win.ctx.store.load_conversation(target).pinned  # type: ignore[union-attr]
        monkeypatch.setattr(QInputDialog, "getText",
                            lambda *a, **k: ("  Renamed   chat ", True))
        win.chat_list.setCurrentItem(win.chat_list.item_for(target))
        qtbot.keyClick(win.chat_list, Qt.Key.Key_F2)
        assert win.ctx.store.load_conversation(target).title == "Renamed chat"  # type: ignore[union-attr]
        win.open_chat(target)
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.No)
        qtbot.keyClick(win.chat_list, Qt.Key.Key_Delete)
        assert target in win.chat_list.ids()  # said no: nothing happens
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Yes)
        win.chat_list.setCurrentItem(win.chat_list.item_for(target))
        qtbot.keyClick(win.chat_list, Qt.Key.Key_Delete)
        assert target not in win.chat_list.ids()
        assert win.ctx.store.load_conversation(target) is None
        assert win.current is None  # the open chat was the one deleted
    finally:
        win.shutdown()


def test_search_opens_the_chat_at_the_matching_message(qtbot: QtBot, data_dir: Path) -> None:
    chats = seed(data_dir)
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    win.resize(900, 500)
    win.show()
    try:
        qtbot.keyClicks(win.search_box, "quokka")
        qtbot.waitUntil(lambda: win.chat_list.showing_search, timeout=5000)
        assert win.chat_list.ids() == [chats["long ago"].id]
        hit = win.chat_list.item_for(chats["long ago"].id)
        assert hit is not None and "[Quokkas]" in hit.text()
        win.chat_list.itemClicked.emit(hit)
        assert win.current is not None and win.current.id == chats["long ago"].id
        found = [w for w in win.chat_view.messages if w.property("found")]
        assert len(found) == 1 and "Quokkas" in found[0].source
        view = win.chat_view
        bar = view.verticalScrollBar()

        def hit_on_screen() -> bool:  # once the chat is laid out (not its first pass)
            y = found[0].mapTo(view.widget(), found[0].rect().topLeft()).y()
            return bar.value() > 0 and bar.value() <= y < bar.value() + view.viewport().height()

        qtbot.waitUntil(hit_on_screen, timeout=5000)  # scrolled down to the hit
        win.search_box.clear()
        assert not win.chat_list.showing_search and len(win.chat_list.ids()) == 6
        qtbot.keyClicks(win.search_box, "nothing matches this")
        qtbot.waitUntil(lambda: win.chat_list.showing_search, timeout=5000)
        assert win.chat_list.ids() == [] and "No chat matches" in win.chat_list.headings()[0]
    finally:
        win.shutdown()


def test_a_broken_database_is_kept_and_the_user_told(qtbot: QtBot, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "chats.sqlite3").write_bytes(b"garbage" * 500)
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    try:
        text = win.banner.label.text()
        assert "could not be opened" in text and "unreadable" in text
        assert list(data_dir.glob("chats.sqlite3.unreadable-*"))
    finally:
        win.shutdown()


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    assert window.search_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    window.activateWindow()
    window.search_box.setText("old words")
    window.input.setFocus()
    window.search_action.trigger()
    assert window.focusWidget() is window.search_box
    assert window.search_box.selectedText() == "old words"  # ready to type over


def test_fireside_chats_lists_and_searches(data_dir: Path) -> None:
    import json
    import subprocess
    import sys

    chats = seed(data_dir)
    out = subprocess.run([sys.executable, "-m", "app", "chats", "--json", "--data-dir",
                          str(data_dir)], capture_output=True, text=True, timeout=60)
    rows = json.loads(out.stdout)
    assert rows[0]["title"] == "Chat pinned one" and rows[0]["pinned"]
    assert len(rows) == 6
    long_ago = next(r for r in rows if r["id"] == chats["long ago"].id)
    assert long_ago["messages"] == 31
    found = subprocess.run([sys.executable, "-m", "app", "chats", "--search", "axolotls",
                            "--data-dir", str(data_dir)], capture_output=True, text=True,
                           timeout=60)
    assert "Chat last month" in found.stdout and "Chat today" not in found.stdout


def long_chat_window(qtbot: QtBot, data_dir: Path, size: int) -> tuple[MainWindow, str]:
    """A window over a data folder holding one chat of ``size`` messages."""
    context = AppContext.open(data_dir)
    context.settings.welcome_shown = True  # (the welcome would take the chat's height)
    context.save_settings()
    chat = context.store.create_conversation(Conversation(title="Long"))
    for n in range(size):
        role = Role.USER if n % 2 == 0 else Role.ASSISTANT
        tip = chat.tip()
        context.store.add_message(chat.id, chat.append(Message(
            role, f"message number {n} " + "text " * 30, parent_id=tip.id if tip else None)))
    context.close()
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    return win, chat.id


def test_a_long_chat_is_built_lazily_and_grows_upwards(qtbot: QtBot, data_dir: Path) -> None:
    from app.ui.chat_view import BUILD_AHEAD_SCREENS, PAGE

    win, chat_id = long_chat_window(qtbot, data_dir, 200)
    try:
        view = win.chat_view
        win.open_chat(chat_id)
        assert len(view.messages) == PAGE and view.unbuilt_count == 200 - PAGE
        assert view.messages[-1].source.startswith("message number 199")
        assert view.earlier_button.isVisible()
        qtbot.mouseClick(view.earlier_button, Qt.MouseButton.LeftButton)
        assert len(view.messages) == 2 * PAGE
        assert view.messages[0].source.startswith(f"message number {200 - 2 * PAGE} ")
        # Scrolling to the top builds older messages, a batch at a time, keeping the place,
        # until a few screens of them are above; then it stops.
        bar = view.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
        bar.setValue(0)
        qtbot.waitUntil(lambda: len(view.messages) > 2 * PAGE and bar.value() > 0, timeout=5000)
        qtbot.waitUntil(lambda: not view._ahead_timer.isActive()
                        and view._keep_from_bottom is None, timeout=5000)
        assert bar.value() >= BUILD_AHEAD_SCREENS * view.viewport().height() // 2
        assert view.unbuilt_count > 0  # not the whole chat: only what is near
        assert view.messages[0].source.startswith(
            f"message number {200 - len(view.messages)} ")
        # A search hit in an old message builds down to it.
        hit = win.ctx.store.search("number 5 text")
        target = next(h for h in hit if h.conversation_id == chat_id)
        win.open_chat(chat_id, target.message_id)
        found = [w for w in view.messages if w.property("found")]
        assert len(found) == 1 and found[0].source.startswith("message number 5 ")
    finally:
        win.shutdown()


def test_a_chat_keeps_its_own_system_prompt(qtbot: QtBot, window: MainWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    chat = window.ctx.store.create_conversation(Conversation(title="Pirate chat"))
    window.refresh_chat_list()
    window.open_chat(chat.id)
    item = window.chat_list.item_for(chat.id)
    assert item is not None
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Talk like a pirate.", True))
    action = next(a for a in window.chat_list.menu_for(item).actions()
                  if a.text() == "System prompt…")
    action.trigger()
    stored = window.ctx.store.load_conversation(chat.id)
    assert stored is not None and stored.system_prompt == "Talk like a pirate."
    assert stored.prompt_messages(window.ctx.settings.system_prompt)[0]["content"] == \
        "Talk like a pirate."
    window.edit_chat_system_prompt(chat.id, "")  # empty: back to the default
    stored = window.ctx.store.load_conversation(chat.id)
    assert stored is not None and stored.system_prompt is None
    assert stored.prompt_messages(window.ctx.settings.system_prompt)[0]["content"] == \
        window.ctx.settings.system_prompt


def test_export_and_import_from_the_file_menu(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    chats = seed(data_dir)
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    try:
        win.open_chat(chats["last month"].id)
        assert win.export_chats(current_only=True, target=tmp_path / "one.md") == 1
        text = (tmp_path / "one.md").read_text()
        assert text.startswith("# Chat last month") and "axolotls" in text
        assert win.export_chats(current_only=False, target=tmp_path / "all.json") == 6
        win.ctx.store.delete_conversation(chats["long ago"].id)
        win.import_chats(tmp_path / "all.json")
        assert chats["long ago"].id in win.chat_list.ids()
        assert len(win.ctx.store.load_conversation(chats["long ago"].id).messages) == 31  # type: ignore[union-attr]
        (tmp_path / "bad.json").write_text("[1, 2]")
        win.import_chats(tmp_path / "bad.json")
        assert "neither a Fireside chat export" in win.banner.label.text()
    finally:
        win.shutdown()


def test_the_chat_memory_budget_reaches_the_engine(qtbot: QtBot, data_dir: Path,
                                                   starter_model: Path) -> None:
    context = AppContext.open(data_dir)
    context.settings.chat_memory_mb = 64
    win = MainWindow(context)
    qtbot.addWidget(win)
    try:
        qtbot.waitUntil(lambda: win.loaded_model is not None, timeout=30_000)
        assert win.host.worker.engine.kv_states.budget == 64 << 20
    finally:
        win.shutdown()


def test_wheeling_up_at_the_top_builds_older_messages(qtbot: QtBot, data_dir: Path) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    from app.ui.chat_view import PAGE

    win, chat_id = long_chat_window(qtbot, data_dir, 120)
    try:
        view = win.chat_view
        win.open_chat(chat_id)
        qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=5000)
        view.verticalScrollBar().blockSignals(True)  # at the top without a scroll signal
        view.verticalScrollBar().setValue(0)
        view.verticalScrollBar().blockSignals(False)
        assert len(view.messages) == PAGE
        where = QPointF(100, 100)
        down = QWheelEvent(where, view.viewport().mapToGlobal(where), QPoint(0, 0),
                           QPoint(0, -120), Qt.MouseButton.NoButton,
                           Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        view.wheelEvent(down)
        assert len(view.messages) == PAGE  # wheeling down never builds older messages
        view.verticalScrollBar().blockSignals(True)
        view.verticalScrollBar().setValue(0)
        view.verticalScrollBar().blockSignals(False)
        up = QWheelEvent(where, view.viewport().mapToGlobal(where), QPoint(0, 0),
                         QPoint(0, 120), Qt.MouseButton.NoButton,
                         Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        view.wheelEvent(up)  # the bar cannot move: the wheel itself builds older messages
        assert len(view.messages) > PAGE
    finally:
        win.shutdown()


def test_a_search_hit_on_another_branch_opens_that_branch(qtbot: QtBot, data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    chat = context.store.create_conversation(Conversation(title="Pets"))
    store = context.store
    question = store.add_message(chat.id, Message(Role.USER, "Which pet suits a flat?"))
    hidden = store.add_message(chat.id, Message(Role.ASSISTANT, "A tortoise, slow and quiet.",
                                                parent_id=question.id))
    shown = store.add_message(chat.id, Message(Role.ASSISTANT, "A cat.", parent_id=question.id))
    context.close()
    win = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(win)
    win.show()
    try:
        win.open_chat(chat.id)
        assert [w.message.id for w in win.chat_view.messages] == [question.id, shown.id]
        qtbot.keyClicks(win.search_box, "tortoise")
        qtbot.waitUntil(lambda: win.chat_list.showing_search, timeout=5000)
        hit = win.chat_list.item_for(chat.id)
        assert hit is not None
        win.chat_list.itemClicked.emit(hit)
        widgets = win.chat_view.messages
        assert [w.message.id for w in widgets] == [question.id, hidden.id]
        assert widgets[1].property("found") and widgets[1].navigator is not None
        assert widgets[1].navigator.label.text() == "1/2"
        reopened = win.ctx.store.load_conversation(chat.id)
        assert reopened is not None and reopened.current_leaf == hidden.id
    finally:
        win.shutdown()


def test_a_narrow_window_keeps_the_chat_list_readable(qtbot: QtBot,
                                                      fresh_window: MainWindow) -> None:
    fresh_window.splitter.setSizes([0, 2000])  # even when dragged (or restored) to nothing
    fresh_window.resize(500, 500)
    qtbot.waitUntil(lambda: fresh_window.chat_list.isVisible(), timeout=2000)
    QApplication.processEvents()
    assert fresh_window.splitter.sizes()[0] >= 170
    assert fresh_window.chat_list.width() >= 150
    assert fresh_window.send_button.isVisible() and fresh_window.send_button.width() >= 80


@pytest.mark.real_model
def test_a_chat_saved_by_the_terminal_appears_when_the_window_is_activated(
        qtbot: QtBot, data_dir: Path, starter_model: Path) -> None:
    """The new-user trial: a chat made with ``fireside chat`` while the window was open
    was found by search but never shown in the list."""
    import json
    import sqlite3
    import subprocess
    import sys

    from PySide6.QtWidgets import QWidget

    (data_dir / "config").mkdir(parents=True, exist_ok=True)
    (data_dir / "config" / "settings.json").write_text(json.dumps(
        {"schema_version": 1, "generation": {"temperature": 0.0, "max_tokens": 8}}))
    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    window.show()
    other = QWidget()  # another window takes the focus while the terminal works
    qtbot.addWidget(other)
    try:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        assert window.chat_list.count() == 0
        other.show()
        other.activateWindow()
        qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
        done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), "chat",
                               "Say hello"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        with sqlite3.connect(f"file:{data_dir / 'chats.sqlite3'}?mode=ro", uri=True) as db:
            (made,) = [row[0] for row in db.execute("SELECT id FROM conversations")]
        assert window.chat_list.item_for(made) is None
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        qtbot.waitUntil(lambda: window.chat_list.item_for(made) is not None, timeout=5000)
    finally:
        window.shutdown()
