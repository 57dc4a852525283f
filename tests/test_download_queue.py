"""The download queue: a limit on parallel downloads, pause, resume, cancel, failures."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route

from app.core.download_queue import DownloadQueue, DownloadTask
from app.core.downloads import Downloader, DownloadSpec

SIZE = 1_500_000
RATE = 3_000_000  # bytes per second: each download takes about half a second


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def add_file(server: LocalServer, name: str) -> tuple[DownloadSpec, bytes]:
    data = os.urandom(SIZE)
    url = server.add(f"/{name}", Route(data=data, bytes_per_second=RATE))
    return DownloadSpec(name, name, (url,), SIZE, hashlib.sha256(data).hexdigest()), data


def wait_for(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def make_queue(models: Path, max_parallel: int) -> tuple[DownloadQueue, list[int]]:
    peaks: list[int] = []
    lock = threading.Lock()
    queue = DownloadQueue(Downloader(models, disk_reserve=0, token=lambda: None, backoff=0.01),
                          max_parallel)

    def changed(_task: DownloadTask) -> None:
        with lock:
            peaks.append(sum(t.state == "downloading" for t in queue.tasks))

    queue.on_change = changed
    return queue, peaks


def test_only_max_parallel_downloads_run_at_once(server: LocalServer, tmp_path: Path) -> None:
    queue, peaks = make_queue(tmp_path, max_parallel=2)
    files = [add_file(server, f"m{i}.gguf") for i in range(4)]
    tasks = [queue.add(spec) for spec, _ in files]
    assert [t.state for t in tasks].count("downloading") == 2
    assert [t.state for t in tasks].count("queued") == 2
    wait_for(lambda: all(t.state == "done" for t in tasks))
    assert max(peaks) == 2
    for task, (_, data) in zip(tasks, files, strict=True):
        assert task.path is not None and task.path.read_bytes() == data
        assert task.progress is not None and task.progress.done == SIZE


def test_pause_resume_and_cancel(server: LocalServer, tmp_path: Path) -> None:
    queue, _ = make_queue(tmp_path, max_parallel=1)
    (first, first_data), (second, _) = add_file(server, "a.gguf"), add_file(server, "b.gguf")
    running, waiting = queue.add(first), queue.add(second)
    wait_for(lambda: running.progress is not None and running.progress.done > 200_000)
    queue.cancel(waiting)  # never started: nothing to remove, never requested
    assert waiting.state == "cancelled"
    queue.pause(running)
    wait_for(lambda: running.state == "paused")
    kept = (tmp_path / "a.gguf.part").stat().st_size
    assert 0 < kept < SIZE
    queue.resume(running)
    wait_for(lambda: running.state == "done")
    assert (tmp_path / "a.gguf").read_bytes() == first_data
    assert "/b.gguf" not in server.counts
    again = queue.add(second)
    wait_for(lambda: again.progress is not None and again.progress.done > 100_000)
    queue.cancel(again)
    wait_for(lambda: again.state == "cancelled")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gguf"]


def test_a_failure_is_reported_and_the_rest_go_on(server: LocalServer, tmp_path: Path) -> None:
    queue, _ = make_queue(tmp_path, max_parallel=1)
    missing = DownloadSpec("x", "x.gguf", (server.url("/x.gguf"),), 10, "0" * 64)
    good, data = add_file(server, "good.gguf")
    bad_task, good_task = queue.add(missing), queue.add(good)
    wait_for(lambda: good_task.state == "done")
    assert bad_task.state == "failed" and bad_task.error_kind == "not_found"
    assert "not on the server" in str(bad_task.error)
    assert (tmp_path / "good.gguf").read_bytes() == data


def test_adding_the_same_file_again_resumes_it(server: LocalServer, tmp_path: Path) -> None:
    queue, _ = make_queue(tmp_path, max_parallel=1)
    spec, data = add_file(server, "m.gguf")
    task = queue.add(spec)
    wait_for(lambda: task.progress is not None and task.progress.done > 200_000)
    queue.pause(task)
    wait_for(lambda: task.state == "paused")
    assert queue.add(spec) is task
    wait_for(lambda: task.state == "done")
    assert (tmp_path / "m.gguf").read_bytes() == data
    assert len(queue.tasks) == 1
