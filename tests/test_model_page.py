"""Settings → Model: one model's own settings and chat template, on the real model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.settings.settings_window import SettingsWindow

pytestmark = pytest.mark.real_model

MARKED_CHATML = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{% if m['role'] == 'system' %}"
    "[house rules] {% endif %}{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def press_ok(qtbot: QtBot, dialog: SettingsWindow) -> None:
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_a_broken_template_is_refused_and_touches_nothing(qtbot: QtBot, starter_window: MainWindow,
                                                          ) -> None:
    window = starter_window
    model = window.loaded_model
    assert model is not None
    window.input.setPlainText("Hello")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    before = [m.content for m in window.current.messages]  # type: ignore[union-attr]
    dialog = window.open_settings("Model")
    form = dialog.model.show_model(model.id)
    assert form is not None
    assert "im_start" in form.template.toPlainText()  # the model's own, shown
    assert "And of Italy?" in form.preview.toPlainText()  # and rendered
    form.template.setPlainText("{% for m in messages %}{{ m.content }")
    qtbot.waitUntil(lambda: "cannot be used" in form.template_state.text(), timeout=3000)
    assert form.preview.toPlainText() == ""
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "Chat template for" in dialog.error_label.text()
    assert "line 1" in dialog.error_label.text()
    assert model.id not in window.ctx.settings.model_settings
    assert [m.content for m in window.current.messages] == before  # type: ignore[union-attr]
    form.reset_template()
    assert "The model's own template" in form.template_state.text()
    dialog.reject()


def test_a_model_s_own_template_and_values_reach_the_engine(
        qtbot: QtBot, starter_window: MainWindow) -> None:
    window = starter_window
    model = window.loaded_model
    assert model is not None
    dialog = window.open_settings("Model")
    form = dialog.model.show_model(model.id)
    assert form is not None
    form.template.setPlainText(MARKED_CHATML)
    assert form.update_preview() and "[house rules]" in form.preview.toPlainText()
    check, editor = form.values["temperature"]
    check.setChecked(True)
    editor.setValue(0.42)
    loads_before = window.model_info.load_seconds if window.model_info else None
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    own = window.ctx.settings.model_settings[model.id]
    assert own.temperature == 0.42 and own.chat_template == MARKED_CHATML
    # The template changed, so the model was loaded again with it.
    qtbot.waitUntil(lambda: window.model_info is not None and window.loaded_model is not None
                    and window.model_info.load_seconds != loads_before
                    and window._requested_model is not None, timeout=30_000)
    seen = []
    engine = window.host.worker.engine
    generate = engine.generate

    def recording(messages, settings, *args, **kwargs):  # type: ignore[no-untyped-def]
        if messages[-1]["content"] == "Hi":  # (not the title request that may follow)
            seen.append((settings, engine.render_prompt(messages)))
        return generate(messages, settings, *args, **kwargs)

    engine.generate = recording  # type: ignore[method-assign]
    window.input.setPlainText("Hi")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    settings, prompt = seen[-1]
    assert settings.temperature == 0.42
    assert "[house rules]" in prompt
