"""Languages: the Simplified Chinese translation loads, is complete and is current."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.core.fit import FitEstimate
from app.core.texts import CONTEXT
from app.ui.i18n import install_translators, say
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import translate  # noqa: E402


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield
    install_translators(qapp, "en")


def test_the_window_speaks_chinese(qtbot: QtBot, data_dir: Path, chinese: None) -> None:
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
        window._set_generating(True)  # texts of the window's parts (mixins) translate too
        assert window.send_button.text() == "停止"
        window._set_generating(False)
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
        assert [settings.sections.item(r).text() for r in range(5)] == [
            "常规", "模型", "预设", "服务提供方", "快捷键"]
        settings.show_section("Presets")  # pages are found by key, not by shown text
        assert settings.pages.currentWidget() is settings.presets
        assert settings.presets.name_edit.text() == "均衡"  # a built-in's label, not its key
        shortcuts = settings.shortcuts.shortcuts()
        assert shortcuts["新对话"] == "Ctrl+N" and shortcuts["设置…"] == "Ctrl+,"  # no "(&N)"
        settings.reject()
        fit = FitEstimate("fits", int(3.3 * (1 << 30)), 8 << 30, 16 << 30, 1 << 20, True)
        assert say(fit.label) == "可以运行：约需 3.3 GiB（估计值）"  # core numbers, UI words
    finally:
        window.shutdown()


def test_english_is_back_when_chosen(qtbot: QtBot, data_dir: Path, qapp: QApplication) -> None:
    install_translators(qapp, "zh_CN")
    assert install_translators(qapp, "en") is None
    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        assert window.send_button.text() == "Send"
    finally:
        window.shutdown()


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """(context, source) -> its translation (the forms of one with a count), in a .ts."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = tuple(
                translate.translations(message))
    return found


def _collect(tmp_path: Path, *options: str) -> dict[tuple[str, str], tuple[str, ...]]:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *translate.sources(), *options, "-ts", str(fresh)],
                   check=True, capture_output=True)
    return _messages(fresh)


def _as_forms(text: str | tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if text is None else (text,) if isinstance(text, str) else tuple(text)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_text_in_the_app_has_a_translation(tmp_path: Path, locale: str) -> None:
    """Collect the texts from all of app/ now (the window, the core's sentences, the terminal;
    for English only those with a count): none may be missing from the table, no entry of
    the table may be stale, and the shipped .ts must be what the table makes
    (run packaging/translate.py)."""
    tables, plural_only = translate.LANGUAGES[locale]
    collected = _collect(tmp_path, *(["-pluralonly"] if plural_only else []))
    assert len(collected) > (10 if plural_only else 400), "the texts were not collected"
    assert any(context == CONTEXT for context, _ in collected), "no core sentences collected"
    wanted = {key: _as_forms(translate.translation_for(tables, *key)) for key in collected}
    missing = sorted(source for (_, source), text in wanted.items() if text is None)
    assert missing == [], f"texts without a translation: {missing}"
    sources = {source for _, source in collected}
    stale = [source for source in tables[0] if source not in sources]
    assert stale == [], "table entries no text uses any more"
    shipped = _messages(ROOT / "resources" / "i18n" / f"fireside_{locale}.ts")
    assert {key: shipped.get(key) for key in collected} == wanted


_FIELD = re.compile(r"\{([a-z_]+)(?:[:!][^}]*)?\}|%n")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_translations_keep_every_field_of_their_text(locale: str) -> None:
    """A translation that drops or misspells a {field} (or the count, %n) would show the
    wrong sentence; a sentence with a count has one form in Chinese, two in English."""
    shipped = _messages(ROOT / "resources" / "i18n" / f"fireside_{locale}.ts")
    wrong = [source for (_, source), forms in shipped.items() for text in forms
             if sorted(_FIELD.findall(source)) != sorted(_FIELD.findall(text))]
    assert wrong == []
    counted = [forms for (_, source), forms in shipped.items() if "%n" in source]
    assert counted and all(len(forms) == (2 if locale == "en" else 1) for forms in counted)


# -- nothing shown bypasses the translation ---------------------------------------------------
_SHOWN_BY = {"setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setStatusTip",
             "setAccessibleName", "setAccessibleDescription", "setTitle", "showMessage",
             "show_message", "information", "warning", "question", "critical", "addItem",
             "addAction", "addMenu", "addRow", "addTab", "setLabelText", "getOpenFileName",
             "getSaveFileName", "getExistingDirectory", "getText", "getMultiLineText",
             "QLabel", "QPushButton", "QCheckBox", "QAction", "QGroupBox", "QRadioButton",
             "QToolButton", "QMenu", "QListWidgetItem", "print", "out", "note", "err", "_err",
             "emit"}
_NOT_SHOWN = {"debug", "info", "warning", "error", "exception"}  # log.* (by receiver below)
_TAG = re.compile(r"<[^>]*>")
_THE_SAME_IN_ALL = {"KB", "MB", "GB", "GiB", "Fireside"}  # units and the name


def _is_sentence(node: ast.AST) -> bool:
    """Literal English: a word of two letters or more (markup and {fields} aside)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        words = _TAG.sub(" ", re.sub(r"\{[^}]*\}", " ", node.value)).split()
        words = [w.strip(".,:;!?()“”\"'") for w in words]
        return any(len(w) > 1 and w.isalpha() and w not in _THE_SAME_IN_ALL for w in words)
    if isinstance(node, ast.JoinedStr):
        return _is_sentence(ast.Constant(" ".join(
            v.value for v in node.values if isinstance(v, ast.Constant))))
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.IfExp):
        return _is_sentence(node.body) or _is_sentence(node.orelse)
    return False


def _shown_untranslated(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else ""
        receiver = func.value.id if isinstance(func, ast.Attribute) and \
            isinstance(func.value, ast.Name) else ""
        if name not in _SHOWN_BY or (receiver == "log" and name in _NOT_SHOWN):
            continue
        shown = [*node.args, *(k.value for k in node.keywords if k.arg != "command")]
        if any(_is_sentence(arg) for arg in shown):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_english_shown_without_tr() -> None:
    assert _shown_untranslated('label.setText(f"Exported {n} presets to {path}.")\n') == [1]
    assert _shown_untranslated('b.setText(self.tr("Resume") if r else "Pause now")\n') == [1]
    assert _shown_untranslated('label.setText(self.tr("Exported {n}.").format(n=n))\n') == []
    assert _shown_untranslated('QInputDialog.getText(self, title, "Name:")\n') == [1]
    assert _shown_untranslated('log.warning("could not save the window: %s", e)\n') == []
    assert _shown_untranslated('print(f"  {size:8.1f} MB  {path}")\n') == []


def test_the_window_and_the_terminal_show_no_untranslated_english() -> None:
    files = [*sorted((ROOT / "app" / "ui").rglob("*.py")),
             *sorted((ROOT / "app" / "terminal").rglob("*.py")), ROOT / "app" / "gui.py"]
    offenders = {str(f.relative_to(ROOT)): lines for f in files
                 if (lines := _shown_untranslated(f.read_text(encoding="utf-8")))}
    assert offenders == {}


# -- the core's sentences and the terminal, in Chinese ------------------------------------------
def test_a_core_error_is_shown_in_chinese(qtbot: QtBot, data_dir: Path, chinese: None,
                                          tmp_path: Path) -> None:
    junk = tmp_path / "notes.gguf"
    junk.write_text("these are notes, not a model\n" * 20)
    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        assert not window.add_model_file(junk)
        assert window.banner.label.text() == (
            "notes.gguf 无法用作模型：notes.gguf 不是 GGUF 模型文件。"
            "Fireside 运行 GGUF 格式的模型（以 .gguf 结尾的文件）。")
    finally:
        window.shutdown()


def _fireside(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIRESIDE_DATA_DIR": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120, env=env)


def test_the_terminal_speaks_the_language_of_the_settings(data_dir: Path) -> None:
    assert _fireside(data_dir, "chats").stdout.strip() == "No chats yet."  # system: C → English
    settings = data_dir / "config" / "settings.json"
    settings.write_text(json.dumps({"schema_version": 2, "language": "zh_CN"}))
    assert _fireside(data_dir, "chats").stdout.strip() == "还没有对话。"
    refused = _fireside(data_dir, "pull", "http://example.com/m.gguf", "--sha256", "ab" * 32)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "fireside pull: Fireside 只通过 https 下载（明文 http 仅限本机地址）：http://example.com/m.gguf")


def test_a_count_picks_the_right_english_form(qtbot: QtBot, data_dir: Path,
                                              qapp: QApplication) -> None:
    from app.core.chat_import import ImportReport

    install_translators(qapp, "en")
    one = ImportReport("fireside", conversations_added=1, messages_added=1, already_present=0)
    two = ImportReport("fireside", conversations_added=2, messages_added=5, already_present=1)
    assert say(one.summary()) == "Imported 1 new chat and 1 message; 0 chats already here."
    assert say(two.summary()) == "Imported 2 new chats and 5 messages; 1 chat already here."
    context = AppContext.open(data_dir)
    for title in ("first", "second"):
        chat = context.store.create_conversation(Conversation(title=title))
        context.store.add_message(chat.id, Message(Role.USER, f"a {title} dragon story"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        for query, heading in (("second dragon", "1 chat matches “second dragon”"),
                               ("dragon", "2 chats match “dragon”")):
            window.search_box.setText(query)
            window.run_search()
            assert window.chat_list.headings() == [heading]
    finally:
        window.shutdown()


def test_the_terminal_counts_in_english_and_in_chinese(data_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "one.json"
    chat = json.dumps({"format": "fireside-chats", "version": 1, "conversations": []})
    export.write_text(chat)
    imported = _fireside(data_dir, "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "Imported 0 new chats and 0 messages; 0 chats already here."
