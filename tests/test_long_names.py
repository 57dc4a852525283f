"""Long names and paths give way in a narrow window and show whole when there is room.

A models folder deep in a home folder (or on a mounted drive) made the Models window
wider than a small screen: its path set the window's minimum width.  The chat header's
model picker showed 14 characters of the model's name even in a wide window.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.ui.elided_label import ElidedLabel
from app.ui.main_window import MainWindow

LONG = "/".join(["a-folder-with-a-rather-long-name-for-its-models"] * 5)


def test_a_long_models_folder_leaves_the_models_window_narrow(
        qtbot: QtBot, tmp_path: Path, tiny_model: Path) -> None:
    folder = tmp_path / LONG
    folder.mkdir(parents=True)
    shutil.copy(tiny_model, folder / "tiny.gguf")
    context = AppContext.open(tmp_path / "data")
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        models = window.open_models_window()
        models.set_models_folder(folder)
        row = models.rows["file:tiny.gguf"]
        assert len(str(folder)) > 240
        assert models.minimumSizeHint().width() <= 760
        models.resize(700, 600)
        models.tabs.setCurrentIndex(1)  # Installed
        qtbot.waitUntil(lambda: models.width() == 700, timeout=5000)
        for label, whole in ((models.folder_label, f"Models folder: {folder}"),
                             (row.path_label, str(folder / "tiny.gguf"))):
            qtbot.waitUntil(lambda label=label: "…" in label.text(), timeout=5000)
            assert label.full_text() == whole
            assert label.toolTip() == whole and label.accessibleDescription() == whole
            assert label.width() <= models.width()
            shown = label.text()
            assert shown.startswith(whole[:8]) and shown.endswith(whole[-8:])
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
        row.path_label.actions()[0].trigger()  # the context menu's Copy: the whole path
        clipboard = QGuiApplication.clipboard()
        assert clipboard is not None and clipboard.text() == str(folder / "tiny.gguf")
        models.folder_label.actions()[0].trigger()  # the path alone, ready to paste
        assert clipboard.text() == str(folder)
        models.resize(2400, 600)  # room for all of it: shown whole
        qtbot.waitUntil(lambda: models.folder_label.text() == f"Models folder: {folder}",
                        timeout=5000)
    finally:
        window.shutdown()


def test_a_short_text_is_never_shortened(qtbot: QtBot) -> None:
    label = ElidedLabel("notes.gguf")
    qtbot.addWidget(label)
    label.show()
    label.resize(label.sizeHint())
    QApplication.processEvents()
    assert label.text() == "notes.gguf"
    assert label.minimumSizeHint().width() <= label.sizeHint().width()


def text_room(picker: QComboBox) -> int:
    """The width the combo box draws its text in."""
    option = QStyleOptionComboBox()
    picker.initStyleOption(option)
    style = picker.style()
    return style.subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                QStyle.SubControl.SC_ComboBoxEditField, picker).width()


def test_the_model_picker_shows_the_whole_name_when_there_is_room(
        qtbot: QtBot, tmp_path: Path, starter_model: Path) -> None:
    window = MainWindow(AppContext.open(tmp_path / "data"))
    qtbot.addWidget(window)
    window.show()
    try:
        picker = window.model_picker
        name = picker.currentText()
        assert len(name) > 20  # "SmolLM2 135M Instruct (Q4_1)  (starter)"
        window.splitter.setSizes([200, 2000])
        window.resize(1300, 600)
        qtbot.waitUntil(lambda: window.width() == 1300, timeout=5000)
        needed = picker.fontMetrics().horizontalAdvance(name)
        qtbot.waitUntil(lambda: text_room(picker) >= needed, timeout=5000)
        window.resize(760, 600)  # and the header still fits a small screen
        qtbot.waitUntil(lambda: window.width() == 760, timeout=5000)
        qtbot.waitUntil(lambda: text_room(picker) < needed, timeout=5000)
        assert window.minimumSizeHint().width() <= 760
        assert picker.width() >= 96
        edge = window.settings_button.mapTo(window, window.settings_button.rect().topRight())
        assert edge.x() < window.width()
    finally:
        window.shutdown()


def test_a_bigger_font_shortens_the_text_again(qtbot: QtBot) -> None:
    """The second reader: after the font size setting grew the font, the label kept its old
    shortening and the end of the path (the file name) was cut off."""
    from PySide6.QtGui import QFont

    label = ElidedLabel(LONG + "/model.gguf")
    qtbot.addWidget(label)
    label.resize(400, 30)
    label.show()
    qtbot.waitUntil(lambda: "…" in label.text(), timeout=5000)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    qtbot.waitUntil(lambda: label.fontMetrics().horizontalAdvance(label.text())
                    <= label.contentsRect().width(), timeout=5000)
    assert label.text().endswith("model.gguf") and label.accessibleName() == label.full_text()


def test_a_picker_too_narrow_for_its_name_ends_it_with_an_ellipsis(qtbot: QtBot) -> None:
    """The re-trial: at 760 px the pickers read "SmolLM2 135" and "Balancec", cut mid-letter.
    Drawn next to a plain combo box: the same when the name fits, different when it does
    not (and the same as a plain one showing the shortened name)."""
    from app.ui.model_picker import ElidingComboBox

    name = "SmolLM2 135M Instruct (Q4_1)  (starter)"

    def drawn(box: QComboBox, text: str, width: int) -> object:
        qtbot.addWidget(box)
        box.addItem(text)
        box.setFixedWidth(width)
        box.show()
        QApplication.processEvents()
        return box.grab().toImage()

    wide = 600
    assert drawn(ElidingComboBox(), name, wide) == drawn(QComboBox(), name, wide)
    narrow = 120
    ours = ElidingComboBox()
    image = drawn(ours, name, narrow)
    assert image != drawn(QComboBox(), name, narrow)
    option = QStyleOptionComboBox()
    ours.initStyleOption(option)
    room = ours.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                       QStyle.SubControl.SC_ComboBoxEditField, ours).width()
    shortened = ours.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, room)
    assert shortened.endswith("…") and image == drawn(QComboBox(), shortened, narrow)
