"""Can Qt open a window here?  Asked before the QApplication exists.

When Qt cannot load the platform plugin it is told to use (on Linux, usually
``xcb`` because a shared library it needs is not installed), it prints a
paragraph and calls ``abort()``.  :func:`check_display` finds that out first, by
asking the dynamic linker (``ldd``) what the plugin Qt would load is missing, so
``fireside`` can name the missing libraries and the command that installs them and
exit cleanly.  Only Linux and the BSDs are checked; Windows and macOS always have
their platform plugin.

Qt's own choice of plugin is followed: ``QT_QPA_PLATFORM`` (a ``;``-separated list
tried in order), else Wayland before X11 in a Wayland session, else ``xcb``;
``QT_QPA_PLATFORM_PLUGIN_PATH`` and ``QT_PLUGIN_PATH`` are searched as well as Qt's
own plugin folder (Qt falls back from one to the next).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core.texts import Text, tr

# Shared library -> (Debian/Ubuntu package, Fedora package) for what Qt's xcb and
# Wayland platform plugins link to.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class DisplayProblem:
    """Why no platform Qt would try can open a window; :meth:`message` says it in a line.

    Attributes:
        platform: the plugin that was needed (the last one Qt would try).
        missing: shared libraries the plugin needs that are not installed.
        no_display: no display server to talk to (no ``DISPLAY``/``WAYLAND_DISPLAY``).
    """

    platform: str
    missing: list[str] = field(default_factory=list)
    no_display: bool = False

    def install_commands(self) -> tuple[str, str]:
        """The Debian/Ubuntu and Fedora commands that install the missing libraries."""
        debian = sorted({PACKAGES[lib][0] for lib in self.missing if lib in PACKAGES})
        fedora = sorted({PACKAGES[lib][1] for lib in self.missing if lib in PACKAGES})
        return (f"sudo apt-get install {' '.join(debian)}" if debian else "",
                f"sudo dnf install {' '.join(fedora)}" if fedora else "")

    def message(self) -> Text:
        """One line for the terminal: what is missing and how to install it."""
        if self.no_display:
            return tr("Fireside cannot open its window: no display was found (DISPLAY and "
                      "WAYLAND_DISPLAY are not set). Start it from a desktop session, or use "
                      "`fireside chat` in a terminal.")
        debian, fedora = self.install_commands()
        if debian:
            how = tr("Install them with `{debian}` (Debian, Ubuntu) or `{fedora}` (Fedora).",
                     debian=debian, fedora=fedora)
        else:
            how = tr("Install the packages that provide them with your system's package "
                     "manager.")
        return tr("Fireside cannot open its window: Qt's {platform} platform plugin needs "
                  "{libraries}, which this system does not have. {how}",
                  platform=self.platform, libraries=", ".join(self.missing), how=how)


def platforms_to_try(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in its order (see the module docstring)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [p.split(":", 1)[0].strip() for p in chosen.split(";") if p.strip()]
    wayland_session = (environ.get("XDG_SESSION_TYPE") == "wayland"
                       or bool(environ.get("WAYLAND_DISPLAY")))
    return ["wayland", "xcb"] if wayland_session else ["xcb"]


def _plugin_folders(environ: Mapping[str, str]) -> list[Path]:
    folders = [Path(p) for p in environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep)
               if p]
    folders += [Path(p) / "platforms"
                for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    # PySide6's wheels keep Qt inside the package; found without importing Qt, whose
    # own libraries may be what is missing.
    spec = importlib.util.find_spec("PySide6")
    locations = (spec.submodule_search_locations if spec is not None else None) or []
    wheel = [Path(p) / "Qt" / "plugins" / "platforms" for p in locations]
    folders += [f for f in wheel if f.is_dir()]
    if not any(f.is_dir() for f in wheel):
        try:  # a PySide6 built against the system's Qt
            from PySide6.QtCore import QLibraryInfo
        except ImportError:
            return folders
        plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
        folders.append(Path(plugins) / "platforms")
    return folders


def plugin_files(platform: str, environ: Mapping[str, str]) -> list[Path]:
    """The files Qt may load for ``platform``: Qt falls back from one folder to the next
    when a plugin fails to load, and ``wayland`` may have several."""
    found: list[Path] = []
    for folder in _plugin_folders(environ):
        if folder.is_dir():
            found += sorted(folder.glob(f"libq{platform}*.so"))
    return found


def missing_libraries(plugin: Path, environ: Mapping[str, str] | None = None) -> list[str]:
    """The shared libraries ``plugin`` needs that the dynamic linker cannot find."""
    ldd = shutil.which("ldd")
    if ldd is not None:
        try:
            done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True,
                                  timeout=20, env=dict(environ or os.environ))
        except (OSError, subprocess.SubprocessError):
            done = None
        if done is not None and (done.returncode == 0 or _NOT_FOUND.search(done.stdout)):
            return list(dict.fromkeys(_NOT_FOUND.findall(done.stdout)))
    try:  # no ldd (musl, a minimal image): the linker names the first missing library
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError as exc:
        found = _CANNOT_OPEN.search(str(exc))
        return [found.group(1)] if found else [str(exc)]
    return []


def _has_display(platform: str, environ: Mapping[str, str]) -> bool:
    if platform == "xcb":
        return bool(environ.get("DISPLAY"))
    if platform.startswith("wayland"):
        return bool(environ.get("WAYLAND_DISPLAY")) or environ.get("XDG_SESSION_TYPE") == "wayland"
    return True  # offscreen, vnc, eglfs… need no display server


def check_display(environ: Mapping[str, str] | None = None) -> DisplayProblem | None:
    """None if one of the platforms Qt will try can open a window; else the problem."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    problem: DisplayProblem | None = None
    for platform in platforms_to_try(env):
        files = plugin_files(platform, env)
        if not files:
            continue  # Qt says which plugins exist; not a library problem of ours to name
        missing = [missing_libraries(f, env) for f in files]
        usable = any(not m for m in missing)
        if usable and _has_display(platform, env):
            return None
        if not usable:
            problem = DisplayProblem(platform, min(missing, key=len))
        elif problem is None or not problem.missing:
            problem = DisplayProblem(platform, no_display=True)
    return problem
