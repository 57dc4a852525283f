"""PyInstaller hook for PySide6.QtNetwork: its library, without its plugins.

Fireside uses QtNetwork only for QLocalServer/QLocalSocket (one window per data folder),
which need no plugin; the TLS backends and network-information plugins are left out.
This file replaces PyInstaller's hook of the same name (packaging/fireside.spec's
hookspath comes first).
"""

from __future__ import annotations

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if "plugins" not in PurePath(entry[0]).parts]
