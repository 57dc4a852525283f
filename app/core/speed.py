"""How fast a model will answer on this machine: one calibration, then a prediction.

Generating a token reads every weight of the model once, so on a CPU the time
per token is a fixed cost (llama.cpp's graph, its threads meeting at each of
hundreds of operations, sampling) plus the model's bytes divided by the rate
the machine reads memory at::

    seconds per token = overhead + model bytes / bandwidth

One calibration measures both: the memory bandwidth, by summing a 256 MiB
array on as many threads as llama.cpp uses, and the decode speed of a model
that is here (the starter model on first start), which gives the overhead.
It is kept in the cache folder with the machine and threads it was measured
with.  Other programs busy on the same cores only ever slow llama.cpp down, so
the window calibrates only when the processor is quiet, and every reply that
comes out faster than expected improves the calibration
(:meth:`SpeedStore.improve`).  ``bench/bench_speed_estimate.py`` checks the
prediction against the measured speed of models of other sizes and
quantizations.

``CHAT_SPEED`` is the speed below which the welcome does not recommend a
model: at 5 tokens/s a reply appears about as fast as one reads it.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from app.core.hardware import cpu_name, logical_cores
from app.core.private_files import write_private
from app.core.texts import Text, tr

CHAT_SPEED = 5.0  # tokens/s: recommended only at or above this
SLOW_SPEED = 2.0  # tokens/s: below this a model is called "very slow"
DECODE_TOKENS = 16  # tokens timed by one run of a calibration
DECODE_RUNS = 4  # the fastest run counts: a busy neighbour only ever slows one down
BRIEF_ABOVE = 1 << 30  # bytes: a bigger model is timed with 2 runs of 8 tokens
_PROBE_BYTES = 256 << 20  # far beyond any CPU cache
_VERSION = 1


@dataclass(frozen=True)
class Calibration:
    """One measurement: a model of ``model_bytes`` decoded at ``tokens_per_second``.

    ``machine`` names the processor, the logical cores and the threads used:
    a calibration from another machine (a data folder copied over) or other
    thread settings is not used.
    """

    model_bytes: int
    tokens_per_second: float
    bandwidth: float  # bytes per second read from memory
    threads: int
    machine: str
    source: str  # the model that was timed
    measured_at: str

    @property
    def overhead_seconds(self) -> float:
        """The fixed cost per token: the measured time less the time to read the model."""
        return max(0.0, 1.0 / self.tokens_per_second - self.model_bytes / self.bandwidth)


def machine_key(threads: int) -> str:
    """What a calibration is valid for: this CPU, its logical cores, the threads."""
    return f"{cpu_name()} | {logical_cores()} logical | {threads} threads"


def expected_tokens_per_second(model_bytes: int, calibration: Calibration) -> float:
    """The decode speed a model file of ``model_bytes`` should reach here."""
    return 1.0 / (calibration.overhead_seconds + model_bytes / calibration.bandwidth)


def speed_words(tokens_per_second: float) -> Text:
    """``about 12 tokens/s`` (and "slow" or "very slow" below the chat threshold)."""
    shown = (f"{tokens_per_second:.0f}" if tokens_per_second >= 10
             else f"{tokens_per_second:.1f}" if tokens_per_second >= 1
             else f"{tokens_per_second:.2f}")
    if tokens_per_second < SLOW_SPEED:
        return tr("about {speed} tokens/s, very slow", speed=shown)
    if tokens_per_second < CHAT_SPEED:
        return tr("about {speed} tokens/s, slow", speed=shown)
    return tr("about {speed} tokens/s", speed=shown)


def measure_decode(llm: Any, tokens: int = DECODE_TOKENS, runs: int = DECODE_RUNS) -> float:
    """Tokens per second of ``llm`` (a loaded ``llama_cpp.Llama``) decoding one token at a
    time, as a reply does: the fastest of ``runs`` runs of ``tokens`` tokens.  Its cache
    is cleared before each run and after.

    Runs on the thread that owns the model.
    """
    start_token = max(int(llm.token_bos()), 0)
    vocab = max(int(llm.n_vocab()), 2)
    best = 0.0
    try:
        for _ in range(runs):
            llm.reset()
            llm.eval([start_token])  # the first decode sets up buffers: not timed
            begin = time.perf_counter()
            for step in range(tokens):
                llm.eval([(start_token + 1 + step) % vocab])
            elapsed = time.perf_counter() - begin
            if elapsed > 0:
                best = max(best, tokens / elapsed)
    finally:
        llm.reset()
    return best


def memory_bandwidth(threads: int, repeats: int = 5) -> float:
    """Bytes per second this machine reads from memory on ``threads`` threads: the median
    of ``repeats`` sums of a 256 MiB array (numpy releases the GIL while it sums).  The
    median, not the best: on shared machines single sums ran 40 % above the rest."""
    import numpy as np

    data = np.ones(_PROBE_BYTES // 8, dtype=np.int64)
    parts = np.array_split(data, max(1, threads))
    rates = []
    with ThreadPoolExecutor(max(1, threads)) as pool:
        for _ in range(repeats):
            begin = time.perf_counter()
            list(pool.map(np.sum, parts))
            elapsed = time.perf_counter() - begin
            if elapsed > 0:
                rates.append(data.nbytes / elapsed)
    return statistics.median(rates) if rates else 0.0


def _plausible(calibration: Calibration) -> bool:
    """Finite, positive and within what any computer could measure."""
    return (0 < calibration.model_bytes < 1 << 50
            and math.isfinite(calibration.tokens_per_second)
            and 0.01 <= calibration.tokens_per_second < 1e6
            and math.isfinite(calibration.bandwidth) and 1e8 <= calibration.bandwidth < 1e14)


class DecodeTimer(Protocol):
    """What :func:`calibrate` times: the model thread's engine."""

    def measure_decode(self, tokens: int, runs: int = DECODE_RUNS) -> float: ...


def busy_percent(interval: float = 0.3) -> float:
    """How much of the processor other work is using now (0-100)."""
    import psutil

    return float(psutil.cpu_percent(interval=interval))


def calibrate(engine: DecodeTimer, model_bytes: int, source: str, threads: int,
              store: SpeedStore) -> Calibration:
    """Time the loaded model and the memory, and keep the result (on the model thread)."""
    # A big first model is timed briefly: 4 runs of 16 tokens would hold a 7B model's
    # first reply for seconds on a slow computer.
    tokens_per_second = (engine.measure_decode(DECODE_TOKENS) if model_bytes <= BRIEF_ABOVE
                         else engine.measure_decode(DECODE_TOKENS // 2, 2))
    if tokens_per_second <= 0:
        raise ValueError("the model decoded no tokens")
    return store.save(model_bytes, tokens_per_second, memory_bandwidth(threads), threads,
                      source)


class SpeedStore:
    """The calibration kept in ``speed.json`` in the cache folder (0600).

    A file that cannot be read, or one from another machine, is as none.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, threads: int) -> Calibration | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != _VERSION:
                return None
            calibration = Calibration(
                model_bytes=int(data["model_bytes"]),
                tokens_per_second=float(data["tokens_per_second"]),
                bandwidth=float(data["bandwidth"]),
                threads=int(data["threads"]), machine=str(data["machine"]),
                source=str(data["source"]), measured_at=str(data["measured_at"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if calibration.machine != machine_key(threads) or calibration.tokens_per_second <= 0:
            return None
        if not _plausible(calibration):
            return None  # written by hand, or damaged
        return calibration

    def improve(self, model_bytes: int, tokens_per_second: float, threads: int,
                source: str) -> Calibration | None:
        """A reply of a model of ``model_bytes`` ran at ``tokens_per_second``: if that is
        faster than the calibration expects, the calibration was measured on a busy
        machine; it is corrected and kept.  Returns the new calibration, or None."""
        kept = self.load(threads)
        if kept is None or model_bytes <= 0 or tokens_per_second <= 0:
            return None
        if tokens_per_second <= expected_tokens_per_second(model_bytes, kept) * 1.02:
            return None
        bandwidth = kept.bandwidth
        if 1.0 / tokens_per_second < model_bytes / bandwidth:  # faster than memory allowed
            bandwidth = model_bytes * tokens_per_second
        return self.save(model_bytes, tokens_per_second, bandwidth, threads, source)

    def save(self, model_bytes: int, tokens_per_second: float, bandwidth: float,
             threads: int, source: str) -> Calibration:
        calibration = Calibration(
            model_bytes, tokens_per_second, bandwidth, threads, machine_key(threads), source,
            datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private(self.path, json.dumps({"version": _VERSION, **asdict(calibration)},
                                            indent=2))
        return calibration
