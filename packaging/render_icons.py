"""Render the application icon's PNGs from its SVG, with Qt's own SVG renderer.

    python packaging/render_icons.py            # rewrite every size under resources/icons
    python packaging/render_icons.py --check    # exit 1 if a PNG is missing or out of date
    python packaging/render_icons.py --preview DIR   # also the sizes side by side, on light
                                                      # and dark panels, as DIR/icon_*.png

The SVG is ``resources/icons/hicolor/scalable/apps/<APP_ID>.svg``; each size N lands in
``resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png``, where icon themes (and the
bundle's install script) look for it.  The sizes, and the paths, are the window's own
(:data:`app.gui.ICON_SIZES`, :func:`app.gui.icon_file`).  Needs PySide6 (QtSvg is in
PySide6-Essentials).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from app.gui import ICON_SIZES as SIZES  # noqa: E402
from app.gui import icon_file  # noqa: E402

RESOURCES = ROOT / "resources"
SVG = RESOURCES / icon_file(None)


def png_path(size: int) -> Path:
    return RESOURCES / icon_file(size)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def differs(drawn: QImage, stored: QImage, tolerance: int = 4) -> bool:
    """Whether ``stored`` is not ``drawn`` (another size, or a channel off by more than
    ``tolerance``: Qt versions may round a few edge pixels differently)."""
    if stored.size() != drawn.size():
        return True
    a = drawn.convertToFormat(QImage.Format.Format_RGBA8888)
    b = stored.convertToFormat(QImage.Format.Format_RGBA8888)
    return any(abs(x - y) > tolerance for x, y in zip(bytes(a.constBits()), bytes(b.constBits()),
                                                      strict=True))


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def preview(renderer: QSvgRenderer, folder: Path) -> None:
    """Each size at 1:1 on a light and a dark panel, and the small ones magnified 8x."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, panel in (("light", QColor("#f6f5f4")), ("dark", QColor("#242424"))):
        width = sum(s + 16 for s in SIZES if s <= 256) + 16
        sheet = QImage(width, 256 + 32, QImage.Format.Format_ARGB32)
        sheet.fill(panel)
        painter = QPainter(sheet)
        x = 16
        for size in (s for s in SIZES if s <= 256):
            painter.drawImage(x, 16 + (256 - size) // 2, render(renderer, size))
            x += size + 16
        painter.end()
        sheet.save(str(folder / f"icon_sizes_{name}.png"))
        zoom = QImage(3 * (48 * 8 + 16) + 16, 48 * 8 + 32, QImage.Format.Format_ARGB32)
        zoom.fill(panel)
        painter = QPainter(zoom)
        x = 16
        for size in (16, 24, 48):
            big = render(renderer, size).scaled(size * 8, size * 8,
                                                mode=Qt.TransformationMode.FastTransformation)
            painter.drawImage(x, 16, big)
            x += 48 * 8 + 16
        painter.end()
        zoom.save(str(folder / f"icon_zoom_{name}.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that every PNG matches the SVG")
    parser.add_argument("--preview", metavar="DIR", type=Path,
                        help="also write preview sheets into DIR")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG for Qt", file=sys.stderr)
        return 1
    stale = []
    for size in SIZES:
        image = render(renderer, size)
        target = png_path(size)
        if args.check:
            if differs(image, QImage(str(target))):
                stale.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png_bytes(image))
    if args.preview is not None:
        preview(renderer, args.preview)
    for target in stale:
        print(f"{target.relative_to(ROOT)} is missing or out of date: "
              "run python packaging/render_icons.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
