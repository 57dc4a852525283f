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
