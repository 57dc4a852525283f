"""The settings window, themes, keyboard shortcuts and the window's remembered place
(pytest-qt, the real main window)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.core.settings import SettingsStore
from app.ui.main_window import MainWindow


@pytest.fixture
def window(fresh_window: MainWindow) -> MainWindow:
    return fresh_window


def background(window: MainWindow) -> int:
    """Lightness of the empty chat area as drawn."""
    view = window.chat_view
    image = view.viewport().grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() - 5).lightness()


def test_settings_apply_save_and_restyle_without_restart(qtbot: QtBot, window: MainWindow,
                                                         data_dir: Path) -> None:
    window.resize(900, 600)
    assert background(window) > 200  # light
    dialog = window.open_settings()
    dialog.general.theme.setCurrentIndex(dialog.general.theme.findData("dark"))
    dialog.general.font_size.setValue(13)
    dialog.model.defaults.editors["temperature"].setValue(0.35)
    dialog.model.defaults.prompt_edit.setPlainText("Answer in French.")
    dialog.show_section("Presets")
    added = dialog.presets.add_preset()
    dialog.presets.name_edit.setText("Terse notes")
    check, editor = dialog.presets.sampling["temperature"]
    check.setChecked(True)
    editor.setValue(0.15)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and added.name != "Terse notes"
    saved = SettingsStore(window.ctx.paths.settings_file).load()
    assert (saved.theme, saved.font_size) == ("dark", 13)
    assert saved.generation.temperature == 0.35 and saved.system_prompt == "Answer in French."
    assert [(p.name, p.temperature) for p in saved.presets] == [("Terse notes", 0.15)]
    # Restyled at once: the chat area is drawn dark, the font is 13 pt, the picker knows
    # the new preset.
    assert QApplication.instance().property("firesideTheme") == "dark"  # type: ignore[union-attr]
    assert background(window) < 60
    assert QApplication.font().pointSize() == 13
    assert window.preset_picker.findData("Terse notes") >= 0
    window.apply_settings(saved.model_copy(update={"theme": "light", "font_size": 0}))
    assert background(window) > 200


def test_bad_values_are_refused_with_the_reason_and_nothing_changes(
        qtbot: QtBot, window: MainWindow) -> None:
    before = window.ctx.settings.model_copy(deep=True)
    dialog = window.open_settings("Presets")
    dialog.presets.add_preset()
    dialog.presets.name_edit.setText("   ")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # not accepted
    assert "Name" in dialog.error_label.text() and "name" in dialog.error_label.text()
    assert dialog.pages.currentWidget() is dialog.presets  # the page with the problem
    dialog.presets.name_edit.setText("Balanced")  # a name that is taken
    assert not dialog.apply() and "taken" in dialog.error_label.text()
    assert window.ctx.settings == before
    dialog.reject()


def test_the_shortcuts_fire_their_actions_and_are_all_listed(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    chat = window.ctx.store.create_conversation(Conversation(title="Copy me"))
    question = window.ctx.store.add_message(chat.id, Message(Role.USER, "q"))
    window.ctx.store.add_message(chat.id, Message(Role.ASSISTANT, "The answer to copy.",
                                                  parent_id=question.id))
    window.refresh_chat_list()
    window.open_chat(chat.id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.input.hasFocus()
    qtbot.keyClick(window.input, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window.input, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "The answer to copy."
    qtbot.keyClick(window.input, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current is None
    opened = []
    monkeypatch.setattr(window, "open_settings", lambda section=None: opened.append(section))
    window.settings_action.triggered.disconnect()
    window.settings_action.triggered.connect(lambda: window.open_settings())
    qtbot.keyClick(window.input, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert opened == [None]
    listed = window.shortcut_actions()
    texts = {a.shortcut().toString() for a in listed}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+L", "Esc", "Ctrl+,", "Ctrl+Shift+C"} <= texts
    monkeypatch.undo()
    dialog = window.open_settings("Shortcuts")
    table = dialog.shortcuts.shortcuts()
    assert table["Stop the reply"] == "Esc" and table["Copy the last reply"] == "Ctrl+Shift+C"
    dialog.reject()


def test_escape_stops_a_reply(qtbot: QtBot, starter_window: MainWindow) -> None:
    window = starter_window
    window.ctx.settings.generation.max_tokens = 2000
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.input.setPlainText("Write a very long story about the sea.")
    window.send()
    reply = window.chat_view.messages[-1]
    qtbot.waitUntil(lambda: len(reply.source) > 20, timeout=30_000)
    qtbot.keyClick(window.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stream is None, timeout=30_000)
    assert reply.message.status.value == "stopped"
    assert not window.stop_action.isEnabled()  # Esc is free again


def test_the_window_remembers_its_size_and_the_splitter(qtbot: QtBot, data_dir: Path) -> None:
    first = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 520)  # (the offscreen screen is 800 × 600)
    qtbot.waitUntil(lambda: first.width() == 760, timeout=5000)
    default = first.splitter.sizes()
    first.splitter.setSizes([default[0] - 30, default[1] + 30])  # as if dragged
    qtbot.waitUntil(lambda: first.splitter.sizes() != default, timeout=5000)
    chosen = first.splitter.sizes()
    first.shutdown()
    second = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(second)
    second.show()
    try:
        assert (second.width(), second.height()) == (760, 520)
        qtbot.waitUntil(lambda: second.splitter.sizes() == chosen, timeout=5000)
    finally:
        second.shutdown()


def test_presets_are_added_renamed_deleted_exported_and_imported(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path) -> None:
    dialog = window.open_settings("Presets")
    page = dialog.presets
    copy = page.add_preset()  # a copy of the selected (built-in) preset
    assert copy.name.startswith("My ") and page.current() == copy
    page.name_edit.setText("Short answers")
    page.prompt_edit.setPlainText("Answer in one line.")
    assert page.save_current() and [p.name for p in page.presets] == ["Short answers"]
    page.name_edit.setText("Storyteller")  # renamed
    assert page.save_current() and [p.name for p in page.presets] == ["Storyteller"]
    target = tmp_path / "presets.json"
    assert page.export_to(target) and "Storyteller" in target.read_text()
    assert page.import_from(target) == 1  # the same name again: imported as a copy
    assert [p.name for p in page.presets] == ["Storyteller", "Storyteller (2)"]
    page.list.setCurrentRow(page.list.count() - 1)
    page.delete_preset()
    assert [p.name for p in page.presets] == ["Storyteller"]
    (tmp_path / "bad.json").write_text("{nope")
    assert page.import_from(tmp_path / "bad.json") == 0 and "not a presets file" in page.note.text()
    assert dialog.apply()
    assert [p.name for p in window.ctx.settings.presets] == ["Storyteller"]
    assert window.ctx.settings.presets[0].system_prompt == "Answer in one line."
    dialog.reject()
