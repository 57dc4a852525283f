"""``fireside pull`` end to end: a real process, a real local server, real files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route

DATA = os.urandom(2 * (1 << 20) + 777)
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def pull(data_dir: Path, *args: str, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "pull", *args, "--data-dir",
                           str(data_dir)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_pull_a_url_installs_a_verified_model_that_models_lists(
        server: LocalServer, data_dir: Path, tiny_model: Path) -> None:
    model = tiny_model.read_bytes()  # a real GGUF: only those are listed as models
    sha = hashlib.sha256(model).hexdigest()
    url = server.add("/tiny-q4.gguf", Route(data=model))
    done = pull(data_dir, url, "--sha256", sha)
    assert done.returncode == 0, done.stderr
    assert "sha256 verified" in done.stdout
    installed = data_dir / "models" / "tiny-q4.gguf"
    assert installed.read_bytes() == model
    listed = subprocess.run([sys.executable, "-m", "app", "models", "--json", "--data-dir",
                             str(data_dir)], capture_output=True, text=True, timeout=60)
    report = json.loads(listed.stdout)
    assert any(m["path"] == str(installed) for m in report["installed"])
    again = pull(data_dir, url, "--sha256", sha)
    assert again.returncode == 0 and "already installed" in again.stdout


def test_exit_codes_say_what_went_wrong(server: LocalServer, data_dir: Path) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    no_hash = pull(data_dir, url)
    assert no_hash.returncode == 2 and "--sha256" in no_hash.stderr
    wrong = pull(data_dir, url, "--sha256", "0" * 64)
    assert wrong.returncode == 3 and "not the published file" in wrong.stderr
    assert list((data_dir / "models").iterdir()) == []
    missing = pull(data_dir, server.url("/nothing.gguf"), "--sha256", SHA)
    assert missing.returncode == 4 and "not on the server" in missing.stderr
    plain = pull(data_dir, "http://example.com/m.gguf", "--sha256", SHA)
    assert plain.returncode == 2 and "https" in plain.stderr
    unknown = pull(data_dir, "no-such-model")
    assert unknown.returncode == 2 and "not a catalog id" in unknown.stderr
    unverified = pull(data_dir, url, "--no-verify")
    assert unverified.returncode == 0 and "not verified" in unverified.stdout


def test_hub_names_without_network_fail_fast_and_clearly(data_dir: Path) -> None:
    started = time.monotonic()
    done = pull(data_dir, "someone/some-model-GGUF/model-Q4_K_M.gguf",
                env={"HF_HUB_OFFLINE": "1"})
    assert done.returncode == 4
    assert "HF_HUB_OFFLINE" in done.stderr
    assert time.monotonic() - started < 30


def test_kill_9_mid_download_then_the_same_command_resumes(server: LocalServer,
                                                          data_dir: Path) -> None:
    stall_at = 1_200_000
    url = server.add("/m.gguf", Route(data=DATA, stall_at=stall_at, stall_seconds=60))
    proc = subprocess.Popen([sys.executable, "-m", "app", "pull", url, "--sha256", SHA,
                             "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    part = data_dir / "models" / "m.gguf.part"
    deadline = time.monotonic() + 60
    # Blocks of about 1 MiB reach the disk; the rest of what came before the stall may not.
    while time.monotonic() < deadline and not (part.exists()
                                               and part.stat().st_size >= 1 << 20):
        time.sleep(0.05)
    time.sleep(0.5)  # the server is now stalled at stall_at
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = part.stat().st_size
    assert 1 << 20 <= kept <= stall_at
    assert (data_dir / "models" / "m.gguf.part.json").exists()
    assert not (data_dir / "models" / "m.gguf").exists()
    done = pull(data_dir, url, "--sha256", SHA)
    assert done.returncode == 0, done.stderr
    assert (data_dir / "models" / "m.gguf").read_bytes() == DATA
    assert sorted(p.name for p in (data_dir / "models").iterdir()) == ["m.gguf"]
    ranges = [h.get("Range") for p, h in server.requests if p == "/m.gguf"]
    assert ranges == [None, f"bytes={kept}-"]
