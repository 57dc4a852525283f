"""A model's reply cannot drive the user's terminal: control characters in what
``fireside chat`` streams to a terminal are shown as U+FFFD (a carriage return is
dropped); into a pipe the reply is written as it came.

The reply comes from a misbehaving OpenAI-compatible server (a remote model is anyone's
text), and the terminal is a real pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from openai_fault_server import Behaviour, FaultServer

from app.core.paths import AppPaths
from app.core.providers import Provider, ProviderStore

REPO = Path(__file__).resolve().parent.parent
WORDS = ("Hello", " \x1b]0;pwned\x07", "\x1b[2J", " world", "\r", ".")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRESIDE_")}
    env["LANG"] = "C.UTF-8"
    return env


def _in_a_terminal(argv: list[str]) -> str:
    """What ``argv`` writes to standard output when that is a terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=subprocess.PIPE, env=_env(), cwd=REPO)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the other end closed (Linux says EIO)
            break
        if not data:
            break
        chunks.append(data)
    assert process.wait(120) == 0, process.stderr.read() if process.stderr else ""
    if process.stderr is not None:
        process.stderr.close()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_reply_s_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with FaultServer() as server:
        server.behaviour = Behaviour("ok", words=WORDS)
        ProviderStore.for_paths(AppPaths.resolve(data).ensure()).save(
            [Provider(name="odd", base_url=server.base_url, models=["fault-model"])])
        argv = [sys.executable, "-m", "app", "--data-dir", str(data), "chat", "-m",
                "odd/fault-model", "hi"]
        shown = _in_a_terminal(argv)
        piped = subprocess.run(argv, capture_output=True, env=_env(), cwd=REPO, timeout=120)
    assert "Hello \ufffd]0;pwned\ufffd\ufffd[2J world." in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert piped.returncode == 0, piped.stderr
    assert "Hello \x1b]0;pwned\x07\x1b[2J world\r." in piped.stdout.decode()  # as it came
