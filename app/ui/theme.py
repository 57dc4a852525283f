"""Themes: the light or dark colours, palette, style sheet and type scale, switched live.

A theme is three things that agree: a :class:`ThemeColors` (the named colours),
a ``QPalette`` built from them for the whole application (so every window,
dialog, scroll area and Qt-drawn control follows the theme, not only the
widgets the style sheet names), and ``resources/<theme>.qss`` for the
app's own widgets.  The style sheet writes font sizes as tokens
(``@base``, ``@small``, ``@title``, ``@large``, ``@heading``), filled in here from the
chosen font size, so the type scale follows the user's font setting.
Spacing in the app's layouts is on a 4 px grid: 4, 8, 12 and 16.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.ui.markdown_blocks import set_code_style

_system_font: list[QFont] = []  # the font the app started with ("System" size)

SPACE_XS, SPACE_S, SPACE_M, SPACE_L = 4, 8, 12, 16  # the spacing scale, in pixels
TYPE_SCALE = {"@small": 0.9, "@base": 1.0, "@title": 1.15, "@large": 1.25, "@heading": 1.5}


@dataclass(frozen=True)
class ThemeColors:
    """The named colours of a theme (its style sheet uses the same values)."""

    window: str  # window background
    sidebar: str  # the chat list's column
    surface: str  # answers, cards, text fields
    button: str
    border: str
    text: str
    muted: str  # secondary text: still readable (WCAG AA on window and surface)
    disabled: str
    accent: str  # primary buttons, selection
    on_accent: str
    link: str
    tooltip: str
    tooltip_text: str


LIGHT = ThemeColors(window="#f6f6f8", sidebar="#ededf1", surface="#ffffff", button="#ffffff",
                    border="#d5d6de", text="#1d1e24", muted="#5b5c68", disabled="#9c9da8",
                    accent="#3563d0", on_accent="#ffffff", link="#2a56c0",
                    tooltip="#2b2c33", tooltip_text="#f4f4f7")
DARK = ThemeColors(window="#1e1f24", sidebar="#25262c", surface="#282a31", button="#30323a",
                   border="#42434c", text="#e6e6ea", muted="#a7a8b3", disabled="#6c6d78",
                   accent="#3b6fd8", on_accent="#ffffff", link="#8fb0f0",
                   tooltip="#3a3b44", tooltip_text="#f0f0f3")
THEMES = {"light": LIGHT, "dark": DARK}


def effective_theme(theme: str) -> str:
    """``"light"`` or ``"dark"``: the choice, or the system's colour scheme."""
    if theme in ("light", "dark"):
        return theme
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def current_colors() -> ThemeColors:
    """The colours of the theme in effect (light before one is applied)."""
    app = QApplication.instance()
    name = app.property("firesideTheme") if app is not None else None
    return THEMES.get(str(name), LIGHT)


def build_palette(colors: ThemeColors) -> QPalette:
    """A full application palette: every role Qt's Fusion style draws with."""
    role = QPalette.ColorRole
    palette = QPalette()
    base = QColor(colors.surface)
    window = QColor(colors.window)
    dark_theme = window.lightness() < 128
    for name, value in ((role.Window, colors.window), (role.WindowText, colors.text),
                        (role.Base, colors.surface), (role.AlternateBase, colors.sidebar),
                        (role.Text, colors.text), (role.Button, colors.button),
                        (role.ButtonText, colors.text), (role.BrightText, "#ffffff"),
                        (role.Highlight, colors.accent), (role.HighlightedText, colors.on_accent),
                        (role.Link, colors.link), (role.LinkVisited, colors.link),
                        (role.ToolTipBase, colors.tooltip), (role.ToolTipText, colors.tooltip_text),
                        (role.PlaceholderText, colors.muted)):
        palette.setColor(name, QColor(value))
    # The bevels Fusion draws frames and handles with.
    palette.setColor(role.Light, window.lighter(160 if dark_theme else 110))
    palette.setColor(role.Midlight, window.lighter(130 if dark_theme else 105))
    palette.setColor(role.Mid, QColor(colors.border))
    palette.setColor(role.Dark, window.darker(160 if dark_theme else 140))
    palette.setColor(role.Shadow, QColor("#000000"))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.WindowText, role.Text, role.ButtonText, role.PlaceholderText):
        palette.setColor(disabled, name, QColor(colors.disabled))
    palette.setColor(disabled, role.Base, window if dark_theme else base.darker(102))
    palette.setColor(disabled, role.Highlight, QColor(colors.border))
    return palette


def style_sheet(theme: str, base_points: float) -> str:
    """``resources/<theme>.qss`` with its font-size tokens for a ``base_points`` font."""
    from app.core.paths import resource_path

    sheet = resource_path(f"{theme}.qss")
    text = sheet.read_text(encoding="utf-8") if sheet.is_file() else ""
    # Longest token first, so that no token is a prefix of one replaced later.
    for token, factor in sorted(TYPE_SCALE.items(), key=lambda item: -len(item[0])):
        text = text.replace(token, f"{round(base_points * factor * 2) / 2:g}pt")
    return text


def apply_theme(app: QApplication, theme: str, font_size: int = 0) -> str:
    """Restyle the running app (no restart); returns the theme in effect."""
    chosen = effective_theme(theme)
    if app.style().name().lower() != "fusion":  # the one style that draws any palette
        app.setStyle("Fusion")
    app.setProperty("firesideTheme", chosen)  # before the change events go out
    if not _system_font:
        _system_font.append(QFont(app.font()))
    font = QFont(_system_font[0])
    if font_size > 0:
        font.setPointSize(font_size)
    if app.font() != font:
        app.setFont(font)
    palette = build_palette(THEMES[chosen])
    if app.palette() != palette:
        app.setPalette(palette)
    points = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    text = style_sheet(chosen, points)
    if app.styleSheet() != text:  # restyling every widget is not free: only on a change
        app.setStyleSheet(text)
    set_code_style(chosen)
    return chosen
