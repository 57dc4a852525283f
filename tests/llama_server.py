"""llama-cpp-python's own OpenAI-compatible server, started by a test on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openai_fault_server import free_port, wait_for


@contextmanager
def llama_server(model: Path, log: Path, alias: str = "smollm2",
                 api_key: str | None = None) -> Iterator[str]:
    """Serve ``model`` as ``alias``; yields the base URL (``http://127.0.0.1:PORT/v1``)."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model),
               "--model_alias", alias, "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", "2048", "--n_threads", "2"]
    if api_key:
        command += ["--api_key", api_key]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"

    def ready() -> bool:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        request = urllib.request.Request(f"{base}/models", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=1) as answer:
                return bool(answer.status == 200)
        except OSError:
            return process.poll() is not None  # died: stop waiting

    try:
        assert wait_for(ready, timeout=120)
        assert process.poll() is None, log.read_text(errors="replace")[-2000:]
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
