"""The memory a model takes: this process's peak resident size while it loads and answers,
less the resident size just before it was loaded (sampled by a small thread)."""

from __future__ import annotations

import threading

import psutil

SAMPLE_SECONDS = 0.02


class PeakMemory:
    """Samples the process's RSS every :data:`SAMPLE_SECONDS` between :meth:`start` and
    :meth:`stop`; :attr:`used` is the peak above the RSS at :meth:`start`.

    The model's weights are mapped from its file, and the pages it reads count in RSS,
    so this is the weights touched plus the KV cache and llama.cpp's buffers.
    """

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self._process = psutil.Process()
        self._interval = interval
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.before = 0
        self.peak = 0

    def _rss(self) -> int:
        return int(self._process.memory_info().rss)

    def start(self) -> None:
        self.before = self.peak = self._rss()
        self._done.clear()
        self._thread = threading.Thread(target=self._run, name="fireside-memory", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(self._interval):
            self.sample()

    def sample(self) -> None:
        """Take one sample now (also called at the end of the reply)."""
        self.peak = max(self.peak, self._rss())

    def stop(self) -> int:
        """Stop sampling; the bytes used (never negative)."""
        self.sample()
        self._done.set()
        if self._thread is not None:
            self._thread.join()
        return self.used

    @property
    def used(self) -> int:
        return max(0, self.peak - self.before)
