"""API benchmark: ``fireside serve`` read with the ``openai`` client, against the engine
alone (what the window's model thread runs) in the same run; prints JSON.

Three measurements, each over alternating pairs (ABBA order, so a drift in the
machine's speed falls on both sides):

* streaming rate: tokens/s of one greedy reply through the API (first piece to last, as
  the client receives them; tokens from ``usage``) vs ``Engine.generate`` on the same
  model with the same settings in this process (goal: >= 0.95);
* the overhead of a tiny request (``max_tokens: 1``): the round trip minus the engine's
  own time for the same request — median and p99, with the ``openai`` client and with
  curl (its own transfer time: no Python client in it);
* 4 streams at once vs one: total tokens/s, answered together (one batch) and with
  ``--one-at-a-time`` (in turn: about 1x), on the starter model and on a 394 MB F16
  model written for the run (random weights: its speed is what counts), where decoding
  is bound by memory bandwidth and batching pays most.

    python bench/bench_api.py [--pairs 7] [--tokens 200] [--tiny 40]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_remote import starter_path
from fireside_server import fireside_serve
from gguf_factory import write_tiny_model

from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.installed import STARTER_MODEL_ID

QUESTION = [{"role": "user", "content": "Write a long, detailed story about a lighthouse "
                                        "keeper and a storm. Use many paragraphs."}]
TINY = [{"role": "user", "content": "Hi"}]


def api_stream(client: Any, tokens: int, question: list[dict[str, str]] = QUESTION,
               model: str = STARTER_MODEL_ID) -> tuple[float, int, float]:
    """(tokens/s first piece to last, tokens, seconds from request to last piece)."""
    sent = time.perf_counter()
    stream = client.chat.completions.create(
        model=model, messages=question, temperature=0, seed=1, max_tokens=tokens,
        stream=True, stream_options={"include_usage": True})
    times: list[float] = []
    count = 0
    for chunk in stream:
        if chunk.usage is not None:
            count = chunk.usage.completion_tokens
        if chunk.choices and chunk.choices[0].delta.content:
            times.append(time.perf_counter())
    span = times[-1] - times[0]
    return (count - 1) / span, count, times[-1] - sent


def engine_stream(engine: Engine, tokens: int) -> float:
    result = engine.generate(QUESTION, GenerationSettings(temperature=0, seed=1,
                                                          max_tokens=tokens))
    return result.tokens_per_second


def api_tiny(client: Any) -> float:
    started = time.perf_counter()
    client.chat.completions.create(model=STARTER_MODEL_ID, messages=TINY, temperature=0,
                                   max_tokens=1)
    return time.perf_counter() - started


def curl_tiny(base: str) -> float:
    """The same tiny request sent by curl: its own transfer time (no Python client)."""
    body = json.dumps({"model": STARTER_MODEL_ID, "messages": TINY, "temperature": 0,
                       "max_tokens": 1})
    done = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}",
                           "-H", "Content-Type: application/json", "-d", body,
                           f"{base}/chat/completions"], capture_output=True, text=True,
                          check=True)
    return float(done.stdout)


def engine_tiny(engine: Engine) -> float:
    started = time.perf_counter()
    engine.generate(TINY, GenerationSettings(temperature=0, max_tokens=1))
    return time.perf_counter() - started


def together(base: str, model: str, tokens: int, n: int) -> float:
    """Total tokens/s of ``n`` streams started at once."""
    import openai

    counts: list[int] = [0] * n
    questions = [[{"role": "user", "content": f"Story number {i}: {QUESTION[0]['content']}"}]
                 for i in range(n)]

    def run(i: int) -> None:
        client = openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=600)
        counts[i] = api_stream(client, tokens, questions[i], model)[1]

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def concurrency(data: Path, model: str, tokens: int, rounds: int,
                *serve_args: str) -> dict[str, float]:
    """4 streams at once vs 1, answered together and (``--one-at-a-time``) in turn."""
    report: dict[str, float] = {}
    for mode, extra in (("together", ()), ("one_at_a_time", ("--one-at-a-time",))):
        with fireside_serve(data, *serve_args, *extra) as base:
            together(base, model, 8, 1)  # warm up (and load)
            ones: list[float] = []
            fours: list[float] = []
            for _ in range(rounds):
                ones.append(together(base, model, tokens, 1))
                fours.append(together(base, model, tokens, 4))
        report[f"{mode}_one_stream_tokens_per_second"] = round(statistics.median(ones), 2)
        report[f"{mode}_four_streams_tokens_per_second"] = round(statistics.median(fours), 2)
        report[f"{mode}_four_vs_one"] = round(statistics.median(fours)
                                              / statistics.median(ones), 3)
    return report


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--tiny", type=int, default=40, help="tiny-request pairs")
    parser.add_argument("--wide", action=argparse.BooleanOptionalAction, default=True,
                        help="also a 394 MB F16 model (memory-bound: where batching pays)")
    args = parser.parse_args()
    import openai

    engine = Engine()
    engine.load(starter_path(), GenerationSettings())
    with tempfile.TemporaryDirectory() as tmp, \
            fireside_serve(Path(tmp) / "data", "--model", STARTER_MODEL_ID) as base:
        def make() -> Any:
            return openai.OpenAI(base_url=base, api_key="unused", max_retries=0, timeout=600)

        client = make()
        api_stream(client, 16)  # warm up both sides
        engine_stream(engine, 16)
        ours: list[float] = []
        theirs: list[float] = []
        for pair in range(args.pairs):
            if pair % 2 == 0:
                ours.append(api_stream(client, args.tokens)[0])
                theirs.append(engine_stream(engine, args.tokens))
            else:
                theirs.append(engine_stream(engine, args.tokens))
                ours.append(api_stream(client, args.tokens)[0])
        api_times: list[float] = []
        curl_times: list[float] = []
        engine_times: list[float] = []
        for pair in range(args.tiny):
            if pair % 2 == 0:
                api_times.append(api_tiny(client))
                curl_times.append(curl_tiny(base))
                engine_times.append(engine_tiny(engine))
            else:
                engine_times.append(engine_tiny(engine))
                curl_times.append(curl_tiny(base))
                api_times.append(api_tiny(client))
        overheads = [(a - e) * 1000 for a, e in zip(api_times, engine_times, strict=True)]
        curl_overheads = [(c - e) * 1000 for c, e in zip(curl_times, engine_times,
                                                           strict=True)]
    engine.unload()
    with tempfile.TemporaryDirectory() as tmp:
        starter_concurrency = concurrency(Path(tmp) / "data", STARTER_MODEL_ID, args.tokens,
                                          max(1, args.pairs // 2))
    wide_concurrency: dict[str, float] = {}
    if args.wide:
        with tempfile.TemporaryDirectory() as tmp:
            wide = write_tiny_model(Path(tmp) / "wide.gguf", n_embd=2048, n_ff=5632,
                                    n_layer=4, n_head=16, f16=True, context_length=2048,
                                    name="wide-f16")
            wide_concurrency = concurrency(Path(tmp) / "data", f"path:{wide}", 64,
                                           max(1, args.pairs // 2), "--model", str(wide))
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    print(json.dumps({
        "streaming_tokens_per_second": {"api": round(statistics.median(ours), 2),
                                        "engine": round(statistics.median(theirs), 2)},
        "streaming_ratio_per_pair": [round(r, 4) for r in ratios],
        "streaming_ratio": round(statistics.median(ratios), 4),
        "streaming_goal": 0.95,
        "tiny_request_ms": {
            "api_median": round(statistics.median(api_times) * 1000, 2),
            "engine_median": round(statistics.median(engine_times) * 1000, 2),
            "overhead_median": round(statistics.median(overheads), 2),
            "overhead_p99": round(percentile(overheads, 0.99), 2),
            "curl_median": round(statistics.median(curl_times) * 1000, 2),
            "curl_overhead_median": round(statistics.median(curl_overheads), 2),
            "curl_overhead_p99": round(percentile(curl_overheads, 0.99), 2)},
        "starter_concurrency": starter_concurrency,
        "wide_f16_394mb_concurrency": wide_concurrency,
    }, indent=2))


if __name__ == "__main__":
    main()
