"""PyInstaller hook for PySide6.QtGui: PyInstaller's own, less the plugins Fireside never needs.

Kept: the xcb and wayland platforms (with wayland's shell, decoration and graphics
plugins and xcb's GL integrations), offscreen and minimal (tests, headless runs), image
formats, the svg icon engine, input contexts (compose, ibus) and the desktop-portal theme.
Dropped: the embedded-device platforms (eglfs, linuxfb, vnc, vkkhrdisplay, minimalegl)
with their device integrations and evdev input plugins, and the GTK 3 theme, which would
pull in a private copy of GTK's libraries (cairo, pango…) beside the system's GTK.
This file replaces PyInstaller's hook of the same name (packaging/fireside.spec's
hookspath comes first).
"""

from __future__ import annotations

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

_DROPPED_FOLDERS = {"egldeviceintegrations", "generic"}
_DROPPED_FILES = {"libqeglfs.so", "libqlinuxfb.so", "libqvnc.so", "libqvkkhrdisplay.so",
                  "libqminimalegl.so", "libqgtk3.so"}


def _kept(entry: tuple[str, str]) -> bool:
    source = PurePath(entry[0])
    return source.parent.name not in _DROPPED_FOLDERS and source.name not in _DROPPED_FILES


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if _kept(entry)]
