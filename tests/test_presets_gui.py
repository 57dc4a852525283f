"""A chat's preset, chosen in the chat header, reaches the engine (pytest-qt, real model)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.generation import GenerationSettings
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model


def record_engine_settings(window: MainWindow) -> dict[str, tuple[GenerationSettings, str]]:
    """What the engine itself is called with, on the model thread, by the question asked:
    settings and system prompt.  (Title requests, made in the background, are left out.)"""
    seen: dict[str, tuple[GenerationSettings, str]] = {}
    engine = window.host.worker.engine
    generate = engine.generate

    def recording(messages, settings, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.setdefault(messages[-1]["content"], (
            settings, messages[0]["content"] if messages[0]["role"] == "system" else ""))
        return generate(messages, settings, *args, **kwargs)

    engine.generate = recording  # type: ignore[method-assign]
    return seen


def ask(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.input.setPlainText(text)
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)


def test_a_preset_chosen_for_a_chat_changes_what_the_engine_receives(
        qtbot: QtBot, starter_window: MainWindow) -> None:
    window = starter_window
    seen = record_engine_settings(window)
    picker = window.preset_picker
    assert picker.current_name() == "Balanced"  # the default for new chats
    ask(qtbot, window, "Say hi.")
    balanced, prompt = seen["Say hi."]
    assert balanced.temperature == window.ctx.settings.generation.temperature  # (0 in tests)
    assert prompt == window.ctx.settings.system_prompt
    # Choose "Code" from the header, as a user would.
    picker.setCurrentIndex(picker.findData("Code"))
    picker.activated.emit(picker.currentIndex())
    ask(qtbot, window, "Write a loop.")
    code, prompt = seen["Write a loop."]
    assert (code.temperature, code.repeat_penalty, code.top_k) == (0.2, 1.0, 40)
    assert prompt.startswith("You are an expert programmer")
    assert code.max_tokens == window.ctx.settings.generation.max_tokens  # not a preset value
    # The chat remembers it; a new chat starts on the default again.
    assert window.current is not None
    chat_id = window.current.id
    stored = window.ctx.store.load_conversation(chat_id)
    assert stored is not None and stored.preset == "Code"
    window.new_chat()
    assert picker.current_name() == "Balanced"
    window.open_chat(chat_id)
    assert picker.current_name() == "Code"
    # Chosen before the first message of a new chat: that chat is created with it.
    window.new_chat()
    window.choose_preset("Creative")
    ask(qtbot, window, "A poem?")
    assert seen["A poem?"][0].temperature == 1.0
    assert window.current is not None and window.current.preset == "Creative"
