"""The real window on a real X server (Xvfb, Qt's xcb plugin), as users start it; and a
clear line instead of Qt's abort when the xcb plugin cannot load.

The other GUI tests run on Qt's offscreen plugin, which needs none of the X11
libraries a desktop user needs: these tests meet what users meet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.display_check import DisplayProblem, check_display, platforms_to_try

REPO = Path(__file__).resolve().parent.parent


def _qt_folder() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)).parent


def _desktop_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "WAYLAND_", "XDG_SESSION")) and k != "DISPLAY"}
    env.update(changes)
    return env


def _start(data_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=REPO)


def test_the_window_starts_on_a_real_x_server(xvfb: str, tmp_path: Path) -> None:
    env = _desktop_env(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", FIRESIDE_EXIT_WHEN_SHOWN="1")
    assert check_display(env) is None
    done = _start(tmp_path / "data", env)
    assert done.returncode == 0, done.stderr
    assert "window-shown xcb" in done.stdout
    assert "Could not load the Qt platform plugin" not in done.stderr


def test_without_qt_platform_set_an_x11_session_uses_xcb(xvfb: str, tmp_path: Path) -> None:
    env = _desktop_env(DISPLAY=xvfb, FIRESIDE_EXIT_WHEN_SHOWN="1")
    assert platforms_to_try(env) == ["xcb"]
    done = _start(tmp_path / "data", env)
    assert done.returncode == 0, done.stderr
    assert "window-shown xcb" in done.stdout


def _library_dir(soname: str) -> Path:
    """The folder the dynamic linker finds ``soname`` in."""
    import ctypes.util

    done = subprocess.run(["ldd", str(_qt_folder() / "plugins" / "platforms" / "libqxcb.so")],
                          capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        if line.strip().startswith(soname + " => /"):
            return Path(line.split("=>")[1].split("(")[0].strip()).parent
    raise AssertionError(f"{soname} not found by ldd; found by ctypes: "
                         f"{ctypes.util.find_library(soname)}")


def _without_library(soname: str, tmp_path: Path, command: list[str]) -> list[str]:
    """``command`` run where ``soname`` is not installed, as on a desktop without its
    package: a private mount namespace lays an overlay on the library folder and removes
    the library there (the real folder is untouched).  Needs root, as CI has."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        message = "removing a library for one process needs root and unshare(1)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = _library_dir(soname)
    upper, work = tmp_path / "upper", tmp_path / "work"
    upper.mkdir(parents=True)
    work.mkdir(parents=True)
    script = (f'mount -t overlay overlay -o lowerdir="{folder}",upperdir="{upper}",'
              f'workdir="{work}" "{folder}" && rm -f "{folder}/{soname}"* && exec "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
            *command]


def test_a_missing_xcb_library_is_named_instead_of_qt_aborting(xvfb: str,
                                                                tmp_path: Path) -> None:
    env = _desktop_env(DISPLAY=xvfb, FIRESIDE_EXIT_WHEN_SHOWN="1", LANG="C")
    # Control: what Qt itself does there (the setup really is a desktop without the library).
    qt_alone = subprocess.run(_without_library("libxcb-icccm.so.4", tmp_path / "a", [
        sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"]),
        env=env, capture_output=True, text=True, timeout=60)
    assert qt_alone.returncode != 0 and "Could not load the Qt platform plugin" in qt_alone.stderr

    data = tmp_path / "data"
    done = subprocess.run(_without_library("libxcb-icccm.so.4", tmp_path / "b", [
        sys.executable, "-m", "app", "--data-dir", str(data)]),
        env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "xcb platform plugin needs libxcb-icccm.so.4," in lines[0]
    assert "sudo apt-get install libxcb-icccm4" in lines[0]
    assert "sudo dnf install xcb-util-wm" in lines[0]
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert not data.exists()  # nothing was created on the way out


def test_a_wayland_session_is_not_stopped_by_a_missing_x11_library(tmp_path: Path) -> None:
    """Qt tries Wayland first in a Wayland session: there a missing X11 library does not
    stop Fireside, as long as the Wayland plugin can load."""
    probe = ("import json, os; from app.display_check import check_display as c; "
             "p = c(); print(json.dumps(p and [p.platform, p.missing]))")
    run = _without_library("libxcb-icccm.so.4", tmp_path, [sys.executable, "-c", probe])
    env = _desktop_env(WAYLAND_DISPLAY="wayland-0", XDG_SESSION_TYPE="wayland")
    assert platforms_to_try(env) == ["wayland", "xcb"]
    done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    wayland_plugin = _qt_folder() / "plugins" / "platforms" / "libqwayland.so"
    from app.display_check import missing_libraries

    if not missing_libraries(wayland_plugin):
        assert done.stdout.strip() == "null"
    else:  # this machine lacks a Wayland library too: the X11 one is named, tried last
        platform, missing = json.loads(done.stdout)
        assert platform == "xcb" and missing == ["libxcb-icccm.so.4"]


def test_no_display_at_all_is_said_plainly(tmp_path: Path) -> None:
    done = _start(tmp_path / "data", _desktop_env(LANG="C"))
    assert done.returncode == 3
    assert "no display was found" in done.stderr and "fireside chat" in done.stderr


def test_install_commands_name_the_packages_for_debian_and_fedora() -> None:
    problem = DisplayProblem("xcb", ["libxcb-cursor.so.0", "libxcb-icccm.so.4",
                                     "libxkbcommon-x11.so.0"])
    debian, fedora = problem.install_commands()
    assert debian == "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0"
    assert fedora == "sudo dnf install libxkbcommon-x11 xcb-util-cursor xcb-util-wm"
    line = str(problem.message())
    assert debian in line and fedora in line and "\n" not in line


def test_the_message_is_translated() -> None:
    from app.language import load_translator, translator_lookup

    lookup = translator_lookup(load_translator("zh_CN"))
    text = DisplayProblem("xcb", ["libxcb-cursor.so.0"]).message().render(lookup)
    assert "libxcb-cursor.so.0" in text and "sudo apt-get install libxcb-cursor0" in text
    assert "Fireside cannot" not in text


def test_readme_and_ci_install_the_same_debian_packages() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("sudo apt-get install"))
    readme_packages = set(line.split()[4:])
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    listed = ci.split('QT_PACKAGES="', 1)[1].split('"', 1)[0].split()
    assert set(listed) <= readme_packages and "xvfb" in readme_packages
    from app.display_check import PACKAGES

    qt = _qt_folder() / "plugins" / "platforms" / "libqxcb.so"
    direct = subprocess.run(["readelf", "-d", str(qt)], capture_output=True, text=True)
    if direct.returncode == 0:  # every X11 library the plugin names has a package listed
        for needed in (w.strip("[]") for w in direct.stdout.split() if w.startswith("[lib")):
            if needed.startswith(("libxcb", "libxkb", "libX11")):
                assert PACKAGES[needed][0] in readme_packages, needed
