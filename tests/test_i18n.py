"""Languages: the Simplified Chinese translation loads, is complete and is current."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.core.fit import FitEstimate
from app.ui.fit_text import fit_text
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

from zh_CN import ZH_CN  # noqa: E402


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    install_translators(qapp, "en")


def test_the_window_speaks_chinese(qtbot, data_dir: Path, chinese) -> None:  # type: ignore[no-untyped-def]
    context = AppContext.open(data_dir)
    chat = context.store.create_conversation(Conversation(title="t"))
    question = context.store.add_message(chat.id, Message(Role.USER, "你好"))
    context.store.add_message(chat.id, Message(Role.ASSISTANT, "Hi", parent_id=question.id))
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        menus = [action.text() for action in window.menuBar().actions()]
        assert menus == ["文件(&F)", "对话(&C)", "帮助(&H)"]
        assert window.send_button.text() == "发送"
        assert window.chat_list.headings() == ["今天"]
        assert window.preset_picker.currentText() == "均衡"  # the label; the key stays
        assert window.preset_picker.current_name() == "Balanced"
        assert window.input.placeholderText().startswith("输入消息")
        window.open_chat(chat.id)
        user, reply = window.chat_view.messages
        assert user.branch_button.text() == "编辑" and reply.branch_button.text() == "重新生成"
        assert QCoreApplication.translate("MessageWidget", "stopped") == "已停止"
        settings = window.open_settings()
        assert "离线模式" in settings.general.offline.text()
        assert [settings.sections.item(r).text() for r in range(4)] == [
            "常规", "模型", "预设", "快捷键"]
        settings.show_section("Presets")  # pages are found by key, not by shown text
        assert settings.pages.currentWidget() is settings.presets
        settings.reject()
        fit = FitEstimate("fits", int(3.3 * (1 << 30)), 8 << 30, 16 << 30, 1 << 20, True)
        assert fit_text(fit) == "可以运行：约需 3.3 GiB（估计值）"  # core numbers, UI words
    finally:
        window.shutdown()


def test_english_is_back_when_chosen(qtbot, data_dir: Path, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    install_translators(qapp, "zh_CN")
    assert install_translators(qapp, "en") is None
    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        assert window.send_button.text() == "Send"
    finally:
        window.shutdown()


def test_every_text_in_the_interface_has_a_translation(tmp_path: Path) -> None:
    """Collect the texts from the sources now: none may be missing from the table, and the
    shipped .ts / .qm must be what the table makes (run packaging/translate.py)."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    texts = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert texts, "no texts were collected"
    missing = sorted(t for t in texts if t not in ZH_CN)
    assert missing == [], f"texts without a Chinese translation: {missing}"
    shipped = ROOT / "resources" / "i18n" / "fireside_zh_CN.ts"
    translated = {m.findtext("source"): m.findtext("translation")
                  for m in ET.parse(shipped).getroot().iter("message")}
    assert {t: translated.get(t) for t in texts} == {t: ZH_CN[t] for t in texts}
