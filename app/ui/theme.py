"""Themes: the light or dark style sheet and the code colours, switched live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from app.ui.markdown_blocks import set_code_style

_system_font: list[QFont] = []  # the font the app started with ("System" size)


def effective_theme(theme: str) -> str:
    """``"light"`` or ``"dark"``: the choice, or the system's colour scheme."""
    if theme in ("light", "dark"):
        return theme
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def apply_theme(app: QApplication, theme: str, font_size: int = 0) -> str:
    """Restyle the running app (no restart); returns the theme in effect."""
    from app.core.paths import resource_path

    chosen = effective_theme(theme)
    sheet = resource_path(f"{chosen}.qss")
    text = sheet.read_text(encoding="utf-8") if sheet.is_file() else ""
    if app.styleSheet() != text:  # restyling every widget is not free: only on a change
        app.setStyleSheet(text)
    set_code_style(chosen)
    if not _system_font:
        _system_font.append(QFont(app.font()))
    font = QFont(_system_font[0])
    if font_size > 0:
        font.setPointSize(font_size)
    if app.font() != font:
        app.setFont(font)
    app.setProperty("firesideTheme", chosen)
    return chosen
