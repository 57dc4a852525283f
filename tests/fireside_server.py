"""`fireside serve` started by a test (a real process on 127.0.0.1), or the same server
in-process over a Qt-free model thread (for timing a disconnect or the queue)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openai_fault_server import free_port, wait_for

from app.core.context import AppContext
from app.core.engine import Engine
from app.core.model_slot import ModelSlot, ModelThread
from app.server.routes import BodyLimits
from app.server.stack import ServingStack

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fireside_serve(data_dir: Path, *args: str, env: dict[str, str] | None = None,
                   log: Path | None = None, host: str = "127.0.0.1") -> Iterator[str]:
    """Run ``fireside serve`` until the block ends; yields the base URL (…/v1)."""
    port = free_port()
    command = [sys.executable, "-m", "app.cli", "serve", "--data-dir", str(data_dir),
               "--port", str(port), "--host", host, *args]
    log = log or data_dir.parent / f"serve-{port}.log"
    environment = {**os.environ, **(env or {})}
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}/v1"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as answer:
                return bool(answer.status == 200)
        except OSError:
            return process.poll() is not None

    try:
        assert wait_for(ready, timeout=120), log.read_text(errors="replace")
        assert process.poll() is None, log.read_text(errors="replace")[-2000:]
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def serving_in_process(context: AppContext, *, port: int | None = None,
                       limits: BodyLimits | None = None) -> Iterator[ServingStack]:
    """The API over ``context``'s models on a Qt-free model thread, in this process."""
    thread = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    stack = ServingStack(thread, paths=context.paths, settings=lambda: context.settings,
                         installed=lambda: context.installed, key=lambda: "fs-test-key",
                         host="127.0.0.1", port=port or free_port(), limits=limits)
    stack.start()
    assert stack.server.wait_started()
    try:
        yield stack
    finally:
        stack.stop(timeout=5)
        thread.close(timeout=10)
