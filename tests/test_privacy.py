"""Private by default: every folder Fireside makes is 0700 and every file 0600.

Each test runs with the usual umask (022), under which a plain ``open`` or
``mkdir`` gives 0644 files in 0755 folders that every account can read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route

from app.core.context import AppContext, setup_logging
from app.core.conversation import Conversation, Message, Role
from app.core.downloads import DownloadControl, Downloader, DownloadSpec, DownloadStopped
from app.core.paths import AppPaths

USUAL_UMASK = 0o022
DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """This process's umask is 022 during the test (what most accounts have)."""
    old = os.umask(USUAL_UMASK)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def not_private(root: Path) -> list[str]:
    """Every folder under ``root`` (itself too) that is not 0700 and file that is not 0600."""
    wrong = [] if mode(root) == 0o700 else [f". {oct(mode(root))}"]
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            if mode(path) != 0o700:
                wrong.append(f"{path.relative_to(root)}/ {oct(mode(path))}")
        for name in files:
            path = Path(folder) / name
            if mode(path) != 0o600:
                wrong.append(f"{path.relative_to(root)} {oct(mode(path))}")
    return wrong


def files_under(root: Path) -> set[str]:
    return {str((Path(folder) / name).relative_to(root))
            for folder, _, files in os.walk(root) for name in files}


def fireside(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120, umask=USUAL_UMASK,
                          env={**os.environ, "FIRESIDE_DATA_DIR": ""})


def chat_answered(database: Path) -> bool:
    """The first reply is saved as finished (read-only: the running app owns the file)."""
    if not database.exists():
        return False
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            statuses = [s for (s,) in db.execute(
                "SELECT status FROM messages WHERE role = 'assistant'")]
            return bool(statuses) and "streaming" not in statuses
        finally:
            db.close()
    except sqlite3.Error:
        return False


def test_a_chat_a_download_and_an_export_leave_only_private_files(
        tmp_path: Path, tiny_model: Path, server: LocalServer) -> None:
    data = tmp_path / "data"  # does not exist yet: Fireside makes it
    # A chat in the terminal; looked at while it runs, when SQLite's -wal and -shm exist.
    chat = subprocess.Popen(
        [sys.executable, "-m", "app", "chat", "-m", str(tiny_model), "--data-dir", str(data)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        umask=USUAL_UMASK, env={**os.environ, "FIRESIDE_DATA_DIR": ""})
    assert chat.stdin is not None
    chat.stdin.write("hello there\n")
    chat.stdin.flush()
    deadline = time.monotonic() + 60
    while not chat_answered(data / "chats.sqlite3") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert chat_answered(data / "chats.sqlite3")
    during = files_under(data)
    assert {"chats.sqlite3", "chats.sqlite3-wal", "chats.sqlite3-shm",
            "logs/fireside.log"} <= during
    assert not_private(data) == []
    _, stderr = chat.communicate("\n", timeout=60)  # an empty line ends the chat
    assert chat.returncode == 0, stderr

    # A verified download, and one interrupted for good (its part file and sidecar stay).
    pulled = fireside("pull", server.add("/done.gguf", Route(data=DATA)), "--sha256", SHA,
                      data_dir=data)
    assert pulled.returncode == 0, pulled.stderr
    # Looked at after each command: the next one makes an older file private at its start.
    assert {"models/done.gguf", "cache/verified.json"} <= files_under(data)
    assert not_private(data) == []
    url = server.add("/cut.gguf", Route(data=DATA, stall_at=100_000, stall_seconds=30))
    pull = subprocess.Popen([sys.executable, "-m", "app", "pull", url, "--sha256", SHA,
                             "--data-dir", str(data)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, umask=USUAL_UMASK,
                            env={**os.environ, "FIRESIDE_DATA_DIR": ""})
    sidecar = data / "models" / "cut.gguf.part.json"
    deadline = time.monotonic() + 60
    while not sidecar.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    pull.send_signal(signal.SIGKILL)
    pull.wait()
    assert {"models/cut.gguf.part", "models/cut.gguf.part.json"} <= files_under(data)
    assert not_private(data) == []

    # An export (the user's own file, wherever it goes, is not Fireside's to judge),
    # and a catalog refresh, which caches the catalog.
    export = tmp_path / "export.json"
    exported = fireside("export", "--format", "json", str(export), data_dir=data)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(export.read_text())
    catalog = {"schema_version": 1, "models": [
        {"id": "brand-new", "name": "Brand new", "filename": "new.gguf", "size": 5,
         "sha256": "c" * 64, "urls": ["https://example.org/new.gguf"]}]}
    refreshed = fireside("models", "--refresh", "--catalog-url",
                         server.add("/catalog.json", Route(data=json.dumps(catalog).encode())),
                         data_dir=data)
    assert refreshed.returncode == 0, refreshed.stderr

    assert "cache/catalog.json" in files_under(data)
    assert {"config", "models", "cache", "logs"} <= {p.name for p in data.iterdir()}
    assert not_private(data) == []


def test_an_older_install_is_made_private_at_start(tmp_path: Path, usual_umask: None) -> None:
    data = tmp_path / "data"
    readable = {  # as Fireside made them before: 0644 files in 0755 folders
        "chats.sqlite3": b"", "chats.sqlite3-wal": b"", "chats.sqlite3-shm": b"",
        "chats.sqlite3.unreadable-20240101-000000": b"old",
        "config/settings.json": b'{"schema_version": 2}',
        "config/settings.json.broken-1700000000": b"{",
        "cache/verified.json": b"{}", "cache/catalog.json.tmp": b"",
        "logs/fireside.log": b"line\n", "logs/fireside.log.1": b"older\n",
        "models/m.gguf": b"GGUF", "models/m2.gguf.part": b"GG",
        "models/m2.gguf.part.json": b"{}", "models/sub/deeper.gguf": b"GGUF",
    }
    for name, content in readable.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        path.chmod(0o644)
    for folder in (data, *{(data / n).parent for n in readable}):
        folder.chmod(0o755)
    sqlite3.connect(data / "chats.sqlite3").close()  # a real (empty) database
    # What is not Fireside's is left alone: a file of the user's beside the database,
    # and whatever a link in the models folder points to.
    (data / "notes.txt").write_text("mine")
    (data / "notes.txt").chmod(0o644)
    outside = tmp_path / "elsewhere"
    outside.mkdir(mode=0o755)
    (outside / "shared.gguf").write_bytes(b"GGUF")
    (outside / "shared.gguf").chmod(0o644)
    (data / "models" / "linked.gguf").symlink_to(outside / "shared.gguf")
    (data / "models" / "linked-folder").symlink_to(outside)

    context = AppContext.open(data)
    try:
        for name in readable:
            assert mode(data / name) == 0o600, name
        for folder in ("", "config", "cache", "logs", "models", "models/sub"):
            assert mode(data / folder) == 0o700, folder
        assert mode(data / "notes.txt") == 0o644
        assert mode(outside) == 0o755 and mode(outside / "shared.gguf") == 0o644
    finally:
        context.close()


def test_a_models_folder_of_the_users_keeps_its_mode_but_downloads_in_it_are_private(
        tmp_path: Path, usual_umask: None, server: LocalServer) -> None:
    data, mine = tmp_path / "data", tmp_path / "my-models"
    mine.mkdir(mode=0o755)
    (mine / "theirs.gguf").write_bytes(b"GGUF")
    (mine / "theirs.gguf").chmod(0o644)
    (mine / "old.gguf.part").write_bytes(b"GG")
    (mine / "old.gguf.part.json").write_text("{}")
    for name in ("old.gguf.part", "old.gguf.part.json"):
        (mine / name).chmod(0o644)
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text(json.dumps(
        {"schema_version": 2, "models_folder": str(mine)}))

    context = AppContext.open(data)
    try:
        assert context.models_dir == mine
        assert mode(mine) == 0o755 and mode(mine / "theirs.gguf") == 0o644
        assert mode(mine / "old.gguf.part") == 0o600
        assert mode(mine / "old.gguf.part.json") == 0o600
        downloader = Downloader(mine, checksums=context.checksums)
        got = downloader.download(DownloadSpec("x", "new.gguf",
                                               (server.add("/new.gguf", Route(data=DATA)),),
                                               len(DATA), SHA))
        assert got.read_bytes() == DATA and mode(got) == 0o600
        assert mode(mine) == 0o755
        # A models folder the user named but that does not exist yet is made private.
        later = tmp_path / "later" / "models"
        Downloader(later).download(DownloadSpec("y", "y.gguf", (server.url("/new.gguf"),),
                                                len(DATA), SHA))
        assert mode(later) == 0o700 and mode(later / "y.gguf") == 0o600
    finally:
        context.close()


def test_the_log_and_its_rotated_files_are_private(tmp_path: Path, usual_umask: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # another test's Fireside log stays its own
    monkeypatch.setattr(root, "level", root.level)
    paths = AppPaths.resolve(tmp_path / "data").ensure()
    setup_logging(paths)
    (handler,) = root.handlers
    try:
        big = "x" * 1_000_000
        for _ in range(3):  # a file holds one such line (2 MB at most): two rollovers
            logging.getLogger("fireside.test").info(big)
    finally:
        handler.close()
    logs = sorted(p.name for p in paths.log_dir.iterdir())
    assert logs == ["fireside.log", "fireside.log.1", "fireside.log.2"]
    assert [mode(paths.log_dir / name) for name in logs] == [0o600] * 3
    assert mode(paths.log_dir) == 0o700


def test_the_core_alone_makes_private_files(tmp_path: Path, usual_umask: None,
                                            server: LocalServer) -> None:
    """The window and the tests use the core in-process: no umask of the terminal's helps."""
    data = tmp_path / "data"
    context = AppContext.open(data)
    try:
        chat = context.store.create_conversation(Conversation(title="private"))
        context.store.add_message(chat.id, Message(Role.USER, "a secret"))
        context.settings.system_prompt = "Be brief."
        context.save_settings()
        downloader = Downloader(context.models_dir, checksums=context.checksums)
        got = downloader.download(DownloadSpec("d", "d.gguf",
                                               (server.add("/d.gguf", Route(data=DATA)),),
                                               len(DATA), SHA))
        control = DownloadControl()
        slow = server.add("/slow.gguf", Route(data=DATA, bytes_per_second=200_000))
        with pytest.raises(DownloadStopped):
            downloader.download(DownloadSpec("s", "slow.gguf", (slow,), len(DATA), SHA),
                                control, lambda p: control.pause() if p.done else None)
        made = files_under(data)
        assert {"chats.sqlite3", "chats.sqlite3-wal", "chats.sqlite3-shm",
                "config/settings.json", "cache/verified.json", "models/d.gguf",
                "models/slow.gguf.part", "models/slow.gguf.part.json"} <= made
        assert got == data / "models" / "d.gguf"
        assert not_private(data) == []
    finally:
        context.close()
    assert not_private(data) == []


def test_the_platform_folders_are_private_and_their_parents_untouched(
        tmp_path: Path, usual_umask: None, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    for parent in (".local/share", ".config", ".cache"):
        (home / parent).mkdir(parents=True)
        (home / parent).chmod(0o755)
    old_log = home / ".local" / "state" / "fireside" / "log"  # an older Fireside's logs
    old_log.mkdir(parents=True)
    (old_log / "fireside.log").write_text("x")
    for path in (home / ".local" / "state", old_log.parent, old_log):
        path.chmod(0o755)
    (old_log / "fireside.log").chmod(0o644)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
                 "FIRESIDE_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    context = AppContext.open()
    try:
        paths = context.paths
        assert paths.data_dir == home / ".local" / "share" / "fireside"
        for folder in (paths.data_dir, paths.config_dir, paths.cache_dir, paths.log_dir):
            assert folder.is_relative_to(home)
            assert not_private(folder) == [], folder
        assert paths.log_dir == old_log and mode(old_log.parent) == 0o700
        assert mode(paths.database) == 0o600
        for parent in (".local", ".local/share", ".config", ".cache", ".local/state"):
            assert mode(home / parent) == 0o755, parent
    finally:
        context.close()
