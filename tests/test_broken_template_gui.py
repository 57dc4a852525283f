"""A model whose own chat template is broken: the window loads it, says what is wrong,
and leads to where the template is fixed; the terminal says it too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import open_window
from gguf_factory import CHATML_TEMPLATE, write_tiny_model
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.sideload import check_model_file

REPO = Path(__file__).resolve().parent.parent

# As some converters wrote it: "{% endfor }" lacks its "%".
BROKEN = ("{% for message in messages %}\n"
          "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] }}\n"
          "{% endfor }\n")


@pytest.fixture
def broken_model(tmp_path: Path) -> Path:
    return write_tiny_model(tmp_path / "bad-template.gguf", chat_template=BROKEN)


def test_the_file_check_warns_but_accepts_the_model(broken_model: Path) -> None:
    check = check_model_file(broken_model)
    assert check.ok
    assert any("chat template inside bad-template.gguf is broken (line 3:" in str(w)
               for w in check.warnings)


def test_the_window_loads_it_says_why_and_opens_the_fix(
        qtbot: QtBot, data_dir: Path, broken_model: Path) -> None:
    window = open_window(qtbot, data_dir, max_tokens=4)
    try:
        assert window.add_model_file(broken_model)
        qtbot.waitUntil(lambda: window.loaded_model is not None
                        and window.loaded_model.path == broken_model.resolve(),
                        timeout=30_000)
        text = window.banner.label.text()
        assert window.banner.isVisible() and "is broken (line 3:" in text
        assert "could not load" not in text and "damaged" not in text
        assert "ready" in window.status_label.text()
        button = window.banner.action_button
        assert button.isVisible() and button.text() == "Fix the template…"

        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        settings = window.settings_window
        assert settings is not None and settings.isVisible()
        assert settings.pages.currentWidget() is settings.model
        assert settings.model.choice.currentData() == window.loaded_model.id
        form = settings.model.show_model(window.loaded_model.id)
        assert form is not None and "cannot be used" in form.template_state.text()

        form.template.setPlainText(CHATML_TEMPLATE)  # the fix, applied with OK
        settings.accept()
        qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=30_000)
        assert window.model_info is not None and window.model_info.template_problem is None
        own = window.ctx.settings.model_settings[window.loaded_model.id]
        assert own.chat_template == CHATML_TEMPLATE

        window.input.setPlainText("hello")  # and it chats
        window.send()
        qtbot.waitUntil(lambda: window.stream is None, timeout=30_000)
        assert window.current is not None
        stored = window.ctx.store.load_conversation(window.current.id)
        assert stored is not None and stored.messages[-1].tokens
    finally:
        window.shutdown()


def test_fireside_chat_answers_and_warns_once(data_dir: Path, broken_model: Path) -> None:
    env = {**os.environ, "LANG": "C"}
    env.pop("FIRESIDE_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), "chat", "-m",
         str(broken_model), "hello"], capture_output=True, text=True, timeout=120, env=env,
        cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("is broken (line 3:") == 1
    assert "Traceback" not in done.stderr
