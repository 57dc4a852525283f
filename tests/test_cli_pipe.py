"""The terminal commands in a pipe whose reader goes away (``head``, ``grep -m1``, a pager).

Each run writes more than a pipe holds (64 KiB), so the reader really leaves first;
the command must stop quietly, with exit code 141 (128 + SIGPIPE), as Unix tools do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.core.conversation import Conversation, Message, Role
from app.core.storage import ChatStore

CHATS = 1200  # about 100 KB of `fireside chats`, 300 KB of Markdown
EXIT_BROKEN_PIPE = 141


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data dir with many chats, and a catalog file with many models."""
    root = tmp_path_factory.mktemp("pipe")
    data = root / "data"
    data.mkdir(mode=0o700)
    store = ChatStore(data / "chats.sqlite3")
    for i in range(CHATS):
        chat = store.create_conversation(Conversation(title=f"Chat number {i} about bread"))
        store.add_message(chat.id, Message(Role.USER, f"Question {i}: " + "knead " * 30))
    store.close()
    models = [{"id": f"model-{i:04d}", "name": f"Model {i}", "filename": f"model-{i}.gguf",
               "size": 1_000_000 + i, "license": "Apache-2.0", "sha256": f"{i:064x}",
               "urls": [f"https://example.com/model-{i}.gguf"]} for i in range(CHATS)]
    catalog = root / "catalog.json"
    catalog.write_text(json.dumps({"schema_version": 1, "models": models}))
    return data, catalog


def environment(unbuffered: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, "FIRESIDE_DATA_DIR": "", **({"PYTHONUNBUFFERED": "1"} if unbuffered else {})}


def into_closed_pipe(*args: str, data_dir: Path, lines: int = 1, unbuffered: bool = False
                     ) -> tuple[list[bytes], bytes, int]:
    """Run ``fireside ARGS``, read ``lines`` lines of its output, then close the pipe."""
    env = environment(unbuffered)
    with tempfile.TemporaryFile() as errors:  # a file: stderr can never fill up and block
        proc = subprocess.Popen([sys.executable, "-m", "app", *args, "--data-dir",
                                 str(data_dir)], stdout=subprocess.PIPE, stderr=errors, env=env)
        assert proc.stdout is not None
        read = [proc.stdout.readline() for _ in range(lines)]
        proc.stdout.close()  # the reader goes away, as `head -n 3` does
        code = proc.wait(timeout=60)
        errors.seek(0)
        return read, errors.read(), code


@pytest.mark.parametrize("args", [("models",), ("models", "--json"), ("chats",),
                                  ("chats", "--json"), ("export", "--format", "md", "-"),
                                  ("export", "--format", "json", "-")])
def test_a_reader_that_leaves_stops_the_command_quietly(busy: tuple[Path, Path],
                                                       args: tuple[str, ...]) -> None:
    data_dir, catalog = busy
    extra = ("--catalog", str(catalog)) if args[0] == "models" else ()
    read, errors, code = into_closed_pipe(*args, *extra, data_dir=data_dir, lines=3)
    assert all(line.endswith(b"\n") for line in read)  # it did write, and a lot
    assert errors == b""  # no traceback, no "Exception ignored", nothing
    assert code == EXIT_BROKEN_PIPE


@pytest.mark.parametrize("args", [("export", "--format", "md", "-"), ("chats",)])
def test_unbuffered_output_too(busy: tuple[Path, Path], args: tuple[str, ...]) -> None:
    """With PYTHONUNBUFFERED (common in containers) a big write is cut, not failed."""
    read, errors, code = into_closed_pipe(*args, data_dir=busy[0], lines=3, unbuffered=True)
    assert all(line.endswith(b"\n") for line in read)  # it did write, and a lot
    assert errors == b""  # no traceback, no "Exception ignored", nothing
    assert code == EXIT_BROKEN_PIPE


def test_the_last_flush_into_a_closed_pipe_is_quiet_too(tmp_path: Path) -> None:
    """Little output, held in the buffer until exit, for a reader that left at once."""
    env = environment()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([sys.executable, "-m", "app", "chats", "--data-dir",
                                 str(tmp_path / "data")], stdout=subprocess.PIPE,
                                stderr=errors, env=env)
        assert proc.stdout is not None
        proc.stdout.close()  # gone before the command has started
        assert proc.wait(timeout=60) == EXIT_BROKEN_PIPE
        errors.seek(0)
        assert errors.read() == b""


def test_grep_m1_in_a_shell_and_a_reader_that_reads_it_all(busy: tuple[Path, Path]) -> None:
    data_dir, _ = busy
    env = environment()
    shell = subprocess.run(  # the newest chats come first
        ["bash", "-c", f'"{sys.executable}" -m app chats --data-dir "{data_dir}" | grep -m1 '
         f'"Chat number {CHATS - 3} " ; echo "status ${{PIPESTATUS[0]}}" >&2'],
        capture_output=True, text=True, timeout=60, env=env)
    assert shell.stdout.count(f"Chat number {CHATS - 3} about bread") == 1
    assert shell.stderr.strip() == f"status {EXIT_BROKEN_PIPE}"  # and nothing else
    whole = subprocess.run([sys.executable, "-m", "app", "chats", "--data-dir", str(data_dir)],
                           capture_output=True, text=True, timeout=60, env=env)
    assert whole.returncode == 0 and whole.stderr == ""
    assert len(whole.stdout.splitlines()) == CHATS
