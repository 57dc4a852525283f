"""packaging/install.sh on a stand-in bundle (a shell script in the bundle's layout), so
its upgrade and messages are checked without building the real bundle (tests/test_bundle.py
installs the real one)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

from app import APP_ID

REPO = Path(__file__).resolve().parent.parent


def stand_in_tarball(into: Path, says: str) -> Path:
    """An unpacked tarball: install.sh, uninstall.sh and a ``fireside`` that prints ``says``."""
    top = into / "fireside-tarball"
    bundle = top / "fireside"
    resources = bundle / "_internal" / "app" / "_bundled" / "resources"
    resources.mkdir(parents=True)
    shutil.copy(REPO / "resources" / f"{APP_ID}.desktop", resources)
    shutil.copytree(REPO / "resources" / "icons" / "hicolor", resources / "icons" / "hicolor")
    program = bundle / "fireside"
    program.write_text(f"#!/bin/sh\necho {shlex.quote(says)}\n")
    program.chmod(0o755)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(REPO / "packaging" / script, top / script)
    return top


def run(command: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60, cwd="/")


def test_a_refused_upgrade_leaves_the_installed_fireside_working(tmp_path: Path) -> None:
    """The new-user trial: a file of the user's in the program's folder stopped an upgrade
    after the old Fireside had been removed, leaving none at all."""
    home = tmp_path / "home"
    old = stand_in_tarball(tmp_path / "old", "fireside 0.1")
    new = stand_in_tarball(tmp_path / "new", "fireside 0.2")
    assert run(["sh", str(old / "install.sh")], home).returncode == 0
    command = home / ".local" / "bin" / "fireside"
    libdir = home / ".local" / "lib" / "fireside"
    (libdir / "notes.txt").write_text("mine\n")
    before = sorted(str(p) for p in home.rglob("*"))
    refused = run(["sh", str(new / "install.sh")], home)
    assert refused.returncode == 1
    assert str(libdir / "notes.txt") in refused.stderr
    assert "the installed Fireside is left as it was" in refused.stderr
    assert sorted(str(p) for p in home.rglob("*")) == before
    assert run([str(command)], home).stdout.strip() == "fireside 0.1"
    assert (home / ".local" / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    (libdir / "notes.txt").unlink()
    upgraded = run(["sh", str(new / "install.sh")], home)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Removing the Fireside installed in" in upgraded.stdout
    assert run([str(command)], home).stdout.strip() == "fireside 0.2"


def test_the_commands_it_prints_can_be_pasted_into_a_shell(tmp_path: Path) -> None:
    home = tmp_path / "a home with spaces and it's"
    tarball = stand_in_tarball(tmp_path / "t", "fireside 0.1")
    done = run(["sh", str(tarball / "install.sh")], home)
    assert done.returncode == 0, done.stderr
    assert "Start it from your applications menu" in done.stdout  # ~/.local/share: read
    printed = next(line for line in done.stdout.splitlines() if line.startswith("To remove it: "))
    command = printed.removeprefix("To remove it: ")
    assert shlex.split(command) == [str(home / ".local" / "lib" / "fireside" / "uninstall.sh")]
    removed = subprocess.run(["sh", "-c", command], env={"HOME": str(home),
                                                          "PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True, timeout=60)
    assert removed.returncode == 0 and "Fireside is uninstalled." in removed.stdout
    assert not (home / ".local" / "bin" / "fireside").exists()


def test_an_upgrade_with_the_folder_spelled_differently(tmp_path: Path) -> None:
    """The second reader: ``--prefix X/`` after ``--prefix X`` (or a relative prefix) spelled
    every installed path differently, and each counted as the user's own file."""
    home = tmp_path / "home"
    prefix = tmp_path / "opt & co"
    first = stand_in_tarball(tmp_path / "one", "fireside 0.1")
    second = stand_in_tarball(tmp_path / "two", "fireside 0.2")
    assert run(["sh", str(first / "install.sh"), "--prefix", str(prefix)], home).returncode == 0
    relative = subprocess.run(["sh", str(second / "install.sh"), "--prefix", "opt & co/"],
                              env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert relative.returncode == 0, relative.stderr
    assert run([str(prefix / "bin" / "fireside")], home).stdout.strip() == "fireside 0.2"
    (prefix / "lib" / "fireside" / "mine.txt").write_text("mine\n")
    refused = run(["sh", str(first / "install.sh"), "--prefix", f"{prefix}//"], home)
    assert refused.returncode == 1
    assert f"{prefix}/lib/fireside/mine.txt" in refused.stderr  # named whole, & and all
    assert "menus do not look in" in relative.stdout  # (not a folder menus read)
    assert "applications menu" not in relative.stdout
    assert run([str(prefix / "bin" / "fireside")], home).stdout.strip() == "fireside 0.2"
