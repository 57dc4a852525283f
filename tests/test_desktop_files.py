"""The desktop entry, the AppStream metadata and the icon: valid, and agreeing with the app.

The validators are the ones distributions and Flathub run (``desktop-file-validate`` from
desktop-file-utils, ``appstreamcli`` from appstream); CI installs both (see the README).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.core.paths import resource_path
from app.gui import ICON_SIZES, WINDOW_ICON_LARGEST, app_icon, icon_file, make_application

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
sys.path.insert(0, str(REPO / "packaging"))

import render_icons  # noqa: E402


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: apt-get install {package}; see the README)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                          capture_output=True, text=True, timeout=60)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not re.search(r": (error|warning): ", output), output


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    done = subprocess.run([_tool("appstreamcli", "appstream"), "validate", "--no-net",
                           str(METAINFO)], capture_output=True, text=True, timeout=60)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not re.search(r"^[EW]: ", output, re.MULTILINE), output  # infos may remain


def test_the_validators_do_fail_on_a_broken_file(tmp_path: Path) -> None:
    """The two tests above can fail: the same runs on a spoiled copy report it."""
    broken = tmp_path / DESKTOP.name
    broken.write_text(DESKTOP.read_text(encoding="utf-8").replace("Categories=Utility;",
                                                                  "Categories=Chatting;"))
    done = subprocess.run([_tool("desktop-file-validate", "desktop-file-utils"), str(broken)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Chatting" in done.stdout + done.stderr
    spoiled = tmp_path / METAINFO.name
    spoiled.write_text(METAINFO.read_text(encoding="utf-8").replace("<project_license>MIT",
                                                                    "<project_license>Mine"))
    done = subprocess.run([_tool("appstreamcli", "appstream"), "validate", "--no-net",
                           str(spoiled)], capture_output=True, text=True, timeout=60)
    assert re.search(r"^[EW]: .*license", done.stdout + done.stderr, re.MULTILINE)


def test_the_desktop_entry_starts_fireside_with_its_icon(qapp: QApplication) -> None:
    entry = _desktop_entry()
    scripts = {e.name: e.value for e in metadata.entry_points(group="console_scripts")}
    assert entry["Exec"] == "fireside" and scripts["fireside"] == "app.cli:main"
    assert entry["Icon"] == APP_ID and entry["Name"] == APP_NAME
    assert entry["Terminal"] == "false"
    assert entry["Name[zh_CN]"] and "私密" in entry["Comment[zh_CN]"]
    app = make_application()
    assert app.desktopFileName() == APP_ID  # Wayland: the window is matched to this entry
    # X11: Qt puts the application's name in the class of the window's WM_CLASS
    assert entry["StartupWMClass"] == app.applicationName() == APP_NAME


def test_the_metainfo_describes_this_app() -> None:
    root = _metainfo()
    project = metadata.metadata("fireside")  # what pyproject.toml says, as installed
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("provides/binary") == "fireside"
    assert root.findtext("project_license") == project["License"] == "MIT"
    assert root.findtext("metadata_license") in ("CC0-1.0", "FSFAP")
    assert root.find("content_rating[@type='oars-1.1']") is not None
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__ == project["Version"]
    assert (root.findtext("url[@type='homepage']") or "").startswith("https://")


def test_the_screenshots_are_the_readmes() -> None:
    shots = _metainfo().findall("screenshots/screenshot")
    assert len(shots) >= 3
    assert [s.get("type") for s in shots].count("default") == 1
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for shot in shots:
        url = shot.findtext("image") or ""
        assert shot.findtext("caption"), url
        assert url.startswith("https://") and "/raw/main/resources/screenshots/" in url, url
        relative = url.split("/raw/main/", 1)[1]
        image = QImage(str(REPO / relative))
        assert not image.isNull(), f"{relative} is not in the repository"
        assert image.width() >= 620  # what software centres ask of a screenshot
        assert relative in readme


def test_every_icon_size_is_there_and_is_its_size(qapp: QApplication) -> None:
    svg = RESOURCES / icon_file(None)
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid() and svg.parent.parts[-3:] == ("hicolor", "scalable", "apps")
    assert set(ICON_SIZES) >= {16, 24, 32, 48, 64, 128, 256, 512}
    for size in ICON_SIZES:
        png = RESOURCES / icon_file(size)
        assert png.parent.parts[-3:] == ("hicolor", f"{size}x{size}", "apps")
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # round corners
        # rendered from the SVG as it is now (packaging/render_icons.py)
        assert not render_icons.differs(render_icons.render(renderer, size), image), png


def test_a_stale_png_is_noticed(qapp: QApplication) -> None:
    renderer = QSvgRenderer(str(RESOURCES / icon_file(None)))
    stale = QImage(str(RESOURCES / icon_file(48)))
    stale.setPixelColor(24, 8, QColor("#ff00ff"))  # one pixel drawn differently
    assert render_icons.differs(render_icons.render(renderer, 48), stale)


def test_the_windows_icon_has_every_size(qapp: QApplication) -> None:
    icon = app_icon()
    sizes = {s.width() for s in icon.availableSizes()}
    assert sizes == {s for s in ICON_SIZES if s <= WINDOW_ICON_LARGEST}
    assert resource_path(icon_file(16)).is_file()
