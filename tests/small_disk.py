"""A full disk for real: a tmpfs of a few MB mounted for one test (root only, as CI has).

``from small_disk import SmallDisk, small_disk_fixture  # noqa: F401`` gives a test
module the ``small_disk`` fixture.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


class SmallDisk:
    """A tmpfs of a few MB mounted for one test; :meth:`fill` and :meth:`free` it."""

    def __init__(self, mount: Path) -> None:
        self.mount = mount
        self.filler = mount / "filler.bin"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        assert shutil.disk_usage(self.mount).free < 4096

    def free(self) -> None:
        self.filler.unlink()


@pytest.fixture(name="small_disk")
def small_disk_fixture(tmp_path: Path) -> Iterator[SmallDisk]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        message = "mounting a small tmpfs needs root, as CI has"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount)],
                   check=True)
    try:
        yield SmallDisk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
