"""Where Fireside's shipped files are found: a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import paths
from app.core.paths import resource_path


def test_a_checkout_finds_the_translations_folder_and_files() -> None:
    assert resource_path("i18n").is_dir()
    assert (resource_path("i18n") / "fireside_zh_CN.qm").is_file()
    assert resource_path("light.qss").is_file()


def test_an_installed_wheel_finds_folders_too(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """In a wheel the resources sit in app/_bundled/resources (pyproject's force-include);
    a folder there (the translations) must be found, not only files."""
    bundled = tmp_path / "_bundled" / "resources"
    (bundled / "i18n").mkdir(parents=True)
    (bundled / "light.qss").write_text("/* packaged */")
    monkeypatch.setattr(paths.resources, "files", lambda package: tmp_path)
    assert resource_path("i18n") == bundled / "i18n"
    assert resource_path("light.qss") == bundled / "light.qss"
    assert resource_path("missing.txt") == paths._REPO_RESOURCES / "missing.txt"


def test_the_wheel_carries_every_resource_but_the_screenshots(tmp_path: Path) -> None:
    """pyproject lists resources/ piece by piece (to leave the README's screenshots out):
    a file added to resources/ must reach the wheel too."""
    import subprocess
    import sys
    import zipfile

    repo = paths._REPO_RESOURCES.parent
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(repo), "--no-deps", "-q",
                           "--no-build-isolation", "-w", str(tmp_path)],  # (hatchling: test extra)
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("fireside-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"app/_bundled/resources/{p.relative_to(repo / 'resources').as_posix()}"
               for p in (repo / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    screenshots = {n for n in shipped if n.startswith("app/_bundled/resources/screenshots/")}
    assert screenshots and not screenshots & names
    assert shipped - screenshots <= names, sorted(shipped - screenshots - names)
    assert "app/_bundled/models.json" in names
