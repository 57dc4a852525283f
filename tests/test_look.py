"""The themes as drawn: every window in the dark theme is dark, its text readable (WCAG AA,
4.5:1, measured on the grabbed pixels), and a model card shows name, size and a fit pill
coloured by the verdict at a glance, its details only after the toggle."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.catalog import CatalogEntry
from app.core.context import AppContext
from app.core.conversation import Conversation, Message, Role
from app.core.fit import estimate_fit
from app.ui.i18n import say
from app.ui.main_window import MainWindow
from app.ui.model_card import ModelCard
from app.ui.theme import DARK, LIGHT, apply_theme

GIB = 1 << 30
AA = 4.5  # WCAG 2 AA for body text


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def dominant(image: QImage, rect: QRect | None = None) -> QColor:
    """The colour most of ``rect`` is painted in: the background behind any text."""
    area = rect or image.rect()
    counts = Counter(image.pixel(x, y) for x in range(area.left(), area.right() + 1)
                     for y in range(area.top(), area.bottom() + 1))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def unreadable_labels(root: QWidget) -> list[str]:
    """Each shown label whose text colour is under 4.5:1 against what is drawn behind it."""
    image = root.grab().toImage()
    problems = []
    for label in root.findChildren(QLabel):
        parent = label.parentWidget()
        if not label.isVisible() or not label.text().strip() or not label.isEnabled() \
                or (parent is not None and parent.objectName() == "codeBlock"):
            continue  # (code keeps the highlighter's own colours)
        seen = label.visibleRegion().boundingRect()  # (not the part scrolled out of view)
        if seen.width() < label.width() or seen.height() < label.height():
            continue
        rect = QRect(label.mapTo(root, QPoint(0, 0)), label.size())
        text = label.palette().color(label.foregroundRole())
        behind = dominant(image, rect)
        ratio = contrast(text, behind)
        if ratio < AA:
            problems.append(f"{label.objectName() or label.text()[:30]!r}: {text.name()} on "
                            f"{behind.name()} is {ratio:.2f}:1")
    return problems


@pytest.fixture
def themed() -> Iterator[None]:
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")  # the next test starts light again


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_models_and_chat_windows_follow_the_theme_and_are_readable(
        qtbot: QtBot, data_dir: Path, theme: str, themed: None) -> None:
    context = AppContext.open(data_dir)
    context.settings.theme = theme
    chat = context.store.create_conversation(Conversation(title="Capitals"))
    question = context.store.add_message(chat.id, Message(Role.USER, "Capital of France?"))
    context.store.add_message(chat.id, Message(
        Role.ASSISTANT, "**Paris.** See [the map](https://example.org).", parent_id=question.id))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    try:
        window.open_chat(chat.id)
        models = window.open_models_window()
        models.resize(900, 700)
        qtbot.waitExposed(models)
        models.cards[next(iter(models.cards))].show_details(True)
        qtbot.wait(20)
        drawn = dominant(models.grab().toImage())  # the window's own background, as drawn
        expected = QColor(DARK.window if theme == "dark" else LIGHT.window)
        if theme == "dark":
            assert drawn.lightness() < 60, drawn.name()
        else:
            assert drawn.lightness() > 200, drawn.name()
        assert contrast(drawn, expected) < 1.2  # the theme's window colour, near enough
        assert unreadable_labels(models) == []
        models.tabs.setCurrentIndex(1)  # Installed
        assert unreadable_labels(models) == []
        assert unreadable_labels(window) == []
    finally:
        window.shutdown()


def card_for(qtbot: QtBot, available_gib: float, total_gib: float = 8) -> ModelCard:
    entry = CatalogEntry(id="small", name="Small Model (Q4_K_M)", filename="small.gguf",
                         urls=["https://example.org/small.gguf"], size=2 * GIB,
                         sha256="0" * 64, quantization="Q4_K_M", parameters="3B",
                         license="MIT", description="A small model for the test.")
    fit = estimate_fit(entry.size, 4096, parameters=entry.parameters,
                       available_bytes=int(available_gib * GIB),
                       total_bytes=int(total_gib * GIB))
    card = ModelCard(entry, fit)
    qtbot.addWidget(card)
    card.resize(700, card.sizeHint().height())
    card.show()
    qtbot.waitExposed(card)
    return card


def pill_colour(card: ModelCard) -> QColor:
    pill = card.fit_label
    image = card.grab().toImage()
    return dominant(image, QRect(pill.mapTo(card, QPoint(0, 0)), pill.size()))


def test_a_card_shows_name_size_and_fit_at_a_glance_and_details_on_demand(
        qtbot: QtBot) -> None:
    card = card_for(qtbot, available_gib=16)
    for shown in (card.title, card.size_label, card.fit_label, card.details_toggle):
        assert shown.isVisible()
    assert card.title.text().startswith("Small Model (Q4_K_M)")
    assert card.size_label.text() == "2.1 GB"
    estimate = estimate_fit(2 * GIB, 4096, parameters="3B", available_bytes=16 * GIB,
                            total_bytes=8 * GIB)
    assert card.fit_label.text() == say(estimate.label)  # the core's words, unchanged
    assert card.fit_label.property("verdict") == "fits"
    assert not card.details.isVisible() and not card.facts.isVisible()
    assert not card.description.isVisible()
    folded = card.sizeHint().height()
    qtbot.mouseClick(card.details_toggle, Qt.MouseButton.LeftButton)
    assert card.details.isVisible() and card.facts.isVisible() and card.description.isVisible()
    assert card.facts.text() == "3B parameters · Q4_K_M · MIT · sha256"
    assert card.description.text() == "A small model for the test."
    assert card.sizeHint().height() > folded
    assert card.details_toggle.accessibleName() == "Details of Small Model (Q4_K_M)"
    qtbot.mouseClick(card.details_toggle, Qt.MouseButton.LeftButton)
    assert not card.details.isVisible()
    assert card.download_button.isVisible()  # the action stays in sight, folded or not


def test_the_fit_pill_is_coloured_by_the_verdict(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light")
    fits, tight, wont = card_for(qtbot, 16), card_for(qtbot, 2), card_for(qtbot, 1, 2)
    assert [c.fit_label.property("verdict") for c in (fits, tight, wont)] == [
        "fits", "tight", "wont-fit"]
    green, amber, red = (pill_colour(c) for c in (fits, tight, wont))
    assert green.hslHueF() * 360 == pytest.approx(135, abs=25), green.name()
    assert amber.hslHueF() * 360 == pytest.approx(42, abs=15), amber.name()
    assert red.hslHueF() * 360 < 15 or red.hslHueF() * 360 > 345, red.name()
    for card in (fits, tight, wont):  # and their words are readable on them
        assert contrast(card.fit_label.palette().color(card.fit_label.foregroundRole()),
                        pill_colour(card)) >= AA


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_body_and_secondary_text_meet_aa_on_every_surface(colors: object) -> None:
    from app.ui.theme import ThemeColors

    assert isinstance(colors, ThemeColors)
    for text in (colors.text, colors.muted):
        for surface in (colors.window, colors.surface, colors.sidebar):
            assert contrast(QColor(text), QColor(surface)) >= AA, (text, surface)
    assert contrast(QColor(colors.on_accent), QColor(colors.accent)) >= AA
    assert contrast(QColor(colors.link), QColor(colors.surface)) >= AA


def test_the_type_scale_follows_the_chosen_font_size(qtbot: QtBot, themed: None) -> None:
    from app.ui.message_widget import MessageWidget

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for size, title in ((10, 11.5), (13, 15.0)):
        apply_theme(app, "dark", size)
        assert "@" not in app.styleSheet()  # every size token was filled in
        message = MessageWidget(Message(Role.ASSISTANT, "Hello."), "Starter")
        qtbot.addWidget(message)
        message.ensurePolished()
        message.author_label.ensurePolished()
        assert message.author_label.font().pointSizeF() == title  # the title size
        assert message.author_label.font().weight() >= 600
        assert app.font().pointSize() == size  # body text: the chosen size


DIALOG_ICONS = """
import sys
from PySide6.QtWidgets import QDialogButtonBox
from app.core.paths import AppPaths
from app.gui import make_application
from app.ui.about_dialog import AboutDialog
from app.ui.theme import apply_theme
app = make_application()
apply_theme(app, sys.argv[1])
about = AboutDialog(AppPaths.resolve(sys.argv[2]))
(box,) = about.findChildren(QDialogButtonBox)
print(sum(not b.icon().isNull() for b in box.buttons()), len(box.buttons()))
"""


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_dialog_buttons_are_text_like_every_other_button(xvfb: str, tmp_path: Path,
                                                         theme: str) -> None:
    """The new-user trial: on X11, Settings and About had the platform's green tick and red
    cross on OK, Cancel and Close, unlike every other button (offscreen has no such icons,
    hence a window on a real X server)."""
    import subprocess
    import sys

    env = {**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run([sys.executable, "-c", DIALOG_ICONS, theme, str(tmp_path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["0", "1"]  # Close, without an icon


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_conversation_and_the_paperclip_show_the_keyboard_focus(
        qtbot: QtBot, data_dir: Path, theme: str, themed: None) -> None:
    """The new-user trial tabbed through the window: two stops (the conversation, which takes
    the focus to scroll, and the paperclip) showed no focus at all; the re-trial could hardly
    see it on Send."""
    context = AppContext.open(data_dir)
    window = MainWindow(context)
    qtbot.addWidget(window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    window.resize(1000, 600)
    window.show()
    window.activateWindow()
    try:
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        for widget in (window.chat_view, window.attach_button, window.send_button):
            edge = QPoint(0, widget.height() // 2)  # the middle of its left border
            window.input.setFocus()
            qtbot.waitUntil(lambda w=widget: not w.hasFocus(), timeout=5000)
            qtbot.wait(20)
            before = widget.grab().toImage().pixelColor(edge)
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(widget.hasFocus, timeout=5000)
            qtbot.wait(20)
            after = widget.grab().toImage().pixelColor(edge)
            if widget is not window.send_button:  # (the blue button's ring is dark or light)
                assert after.blue() > after.red() + 60, (type(widget).__name__, after.name())
            assert contrast(after, before) > 2.0, (type(widget).__name__, before.name(),
                                                   after.name())
    finally:
        window.shutdown()
