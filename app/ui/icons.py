"""Fireside's own line icons (``resources/icons/actions/*.svg``), drawn in a theme's colour.

Each SVG strokes with ``currentColor``; :func:`themed_icon` puts a real colour in
its place and renders the drawing at whatever size and pixel ratio a button asks
for, so the icons stay sharp and follow the light or dark theme.
:class:`IconButton` is a small flat button showing one, redrawn when the theme changes.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QToolButton, QWidget

from app.ui.theme import current_colors

_DISABLED_OPACITY = 0.35
ICON_SIZE = QSize(16, 16)


@lru_cache(maxsize=32)
def _svg_text(name: str) -> str:
    from app.core.paths import resource_path

    path = resource_path(f"icons/actions/{name}.svg")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


class _SvgIconEngine(QIconEngine):
    """Renders one recoloured SVG at the requested size (dimmed when disabled)."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._renderer = QSvgRenderer(QByteArray(svg))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(painter.opacity() * _DISABLED_OPACITY)
        self._renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        """Sharp on a high-density screen: drawn at ``size`` device pixels times ``scale``."""
        pixmap = self.pixmap(QSize(round(size.width() * scale), round(size.height() * scale)),
                             mode, state)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._svg)


def svg_for(name: str, color: QColor | str) -> str:
    """The SVG source of icon ``name`` with ``color`` for its strokes ("" if missing)."""
    return _svg_text(name).replace("currentColor", QColor(color).name())


@lru_cache(maxsize=128)
def _icon(name: str, color: str) -> QIcon:
    return QIcon(_SvgIconEngine(svg_for(name, color).encode("utf-8")))


def themed_icon(name: str, color: QColor | str) -> QIcon:
    """Icon ``name`` (``copy``, ``edit``, ``trash``, ``regenerate``, ``check``,
    ``chevron-left``/``-right``/``-down``) stroked in ``color``."""
    return _icon(name, QColor(color).name())


class IconButton(QToolButton):
    """A small flat button showing one of Fireside's line icons in the theme's colour.

    ``text()`` is the button's short name (a text-only style or a screen reader
    can use it); the tooltip and accessible name say what it does.
    """

    def __init__(self, icon: str, text: str, description: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icon_name = icon
        self.setText(text)
        self.setToolTip(description)
        self.setAccessibleName(description)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setAutoRaise(True)
        self.setIconSize(ICON_SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._draw()

    def set_icon_name(self, icon: str) -> None:
        self._icon_name = icon
        self._draw()

    def _draw(self) -> None:
        self.setIcon(themed_icon(self._icon_name, current_colors().muted))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw()  # the theme changed: its colours
        super().changeEvent(event)
