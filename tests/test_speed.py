"""Speed-aware advice: the calibration on the real engine, the stored calibration, the
expected speed next to the fit, recommendations fast enough to chat, the terminal, and
the window calibrating itself on first start and improving from real replies."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import open_window
from pytestqt.qtbot import QtBot

from app.core.catalog import CatalogEntry
from app.core.engine import Engine
from app.core.fit import estimate_fit, recommend
from app.core.generation import GenerationSettings
from app.core.speed import (
    CHAT_SPEED,
    Calibration,
    SpeedStore,
    calibrate,
    expected_tokens_per_second,
    machine_key,
    memory_bandwidth,
)
from app.ui import speed_calibrator

GIB = 1 << 30
MB = 1_000_000


def calibration(model_bytes: int = 100 * MB, tps: float = 150.0,
                bandwidth: float = 50e9) -> Calibration:
    return Calibration(model_bytes, tps, bandwidth, 2, machine_key(2), "test", "now")


def entry(model_id: str, size: int) -> CatalogEntry:
    return CatalogEntry(id=model_id, name=model_id, filename=f"{model_id}.gguf", size=size,
                        urls=["https://example.org/x.gguf"], sha256="0" * 64, tags=["chat"])


def test_calibration_times_the_loaded_model_and_the_next_reply_is_unchanged(
        tiny_model: Path, tmp_path: Path) -> None:
    settings = GenerationSettings(temperature=0.0, max_tokens=12, threads=2)
    engine = Engine()
    engine.load(tiny_model, settings)
    try:
        messages = [{"role": "user", "content": "hello world"}]
        before = engine.generate(messages, settings).text
        store = SpeedStore(tmp_path / "cache" / "speed.json")
        measured = calibrate(engine, tiny_model.stat().st_size, "tiny", 2, store)
        # The cache was emptied with llama.cpp's: the same question gets the same answer
        # (a stale cache would continue from the calibration's tokens instead).
        assert engine.generate(messages, settings).text == before
    finally:
        engine.unload()
    assert measured.tokens_per_second > 10 and measured.bandwidth > 1e8
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.load(2) == measured
    assert store.load(3) is None  # other thread settings: not this calibration


def test_a_stored_calibration_from_elsewhere_or_damaged_is_ignored(tmp_path: Path) -> None:
    store = SpeedStore(tmp_path / "speed.json")
    assert store.load(2) is None
    kept = store.save(100 * MB, 150.0, 50e9, 2, "starter")
    data = json.loads(store.path.read_text())
    data["machine"] = "another computer | 64 logical | 2 threads"  # a copied data folder
    store.path.write_text(json.dumps(data))
    assert store.load(2) is None
    store.path.write_text("{not json")
    assert store.load(2) is None
    store.path.write_text(json.dumps({**data, "machine": kept.machine, "bandwidth": "x"}))
    assert store.load(2) is None
    for hostile in ({"bandwidth": float("inf"), "tokens_per_second": float("inf")},
                    {"bandwidth": float("nan")}, {"model_bytes": 10**400},
                    {"tokens_per_second": -3.0}, {"bandwidth": 1e300},
                    {"tokens_per_second": 1e-300, "bandwidth": 1e7}):
        store.path.write_text(json.dumps({**data, "machine": kept.machine, **hostile}))
        assert store.load(2) is None, hostile  # never a crash, never "about nan tokens/s"
    store.path.write_text(json.dumps({**data, "machine": kept.machine}))
    assert store.load(2) == kept


def test_the_expected_speed_reproduces_the_calibration_and_falls_with_size() -> None:
    measured = calibration(tps=150.0)
    assert expected_tokens_per_second(100 * MB, measured) == pytest.approx(150.0)
    speeds = [expected_tokens_per_second(size, measured)
              for size in (400 * MB, GIB, 4 * GIB, 16 * GIB)]
    assert speeds == sorted(speeds, reverse=True)
    # Big models are bound by the memory: 4.4 GB at 50 GB/s is about 11 tokens/s.
    assert expected_tokens_per_second(4_400 * MB, measured) == pytest.approx(
        1 / (measured.overhead_seconds + 4.4e9 / 50e9))


def test_a_faster_reply_corrects_a_calibration_made_on_a_busy_machine(tmp_path: Path) -> None:
    store = SpeedStore(tmp_path / "speed.json")
    store.save(100 * MB, 20.0, 30e9, 2, "starter")  # timed while something else ran
    assert store.improve(100 * MB, 19.0, 2, "starter") is None  # slower: nothing learnt
    better = store.improve(100 * MB, 140.0, 2, "starter")
    assert better is not None and store.load(2) == better
    assert expected_tokens_per_second(100 * MB, better) == pytest.approx(140.0)
    faster_than_memory = store.improve(GIB, 100.0, 2, "big")  # 100 GB/s > the 30 measured
    assert faster_than_memory is not None
    assert faster_than_memory.bandwidth == pytest.approx(GIB * 100.0)


def test_replies_on_a_gpu_or_other_threads_do_not_touch_the_calibration(
        tmp_path: Path, qtbot: QtBot) -> None:
    from app.core.context import AppContext
    from app.core.engine_types import GenerationResult, ModelInfo
    from app.core.installed import InstalledModel

    context = AppContext.open(tmp_path / "data")
    threads = context.settings.generation.threads
    slow = context.speed_store.save(100 * MB, 20.0, 30e9, threads, "busy")
    calibrator = speed_calibrator.SpeedCalibrator(context, runner=None)  # type: ignore[arg-type]
    model = InstalledModel("m", "M", tmp_path / "m.gguf", 100 * MB, "added")
    fast = GenerationResult(text="x", finish_reason="stop", prompt_tokens=5,
                            prompt_tokens_evaluated=5,
                            completion_tokens=64, time_to_first_token=0.1,
                            tokens_per_second=140.0, llama_decode_tokens_per_second=150.0,
                            n_ctx=4096, dropped_messages=0)

    def info(gpu_layers: int = 0, on_threads: int = threads) -> ModelInfo:
        return ModelInfo(tmp_path / "m.gguf", "M", "llama", 4096, 4096, on_threads, True, 0.1,
                         gpu_layers=gpu_layers)

    calibrator.reply_finished(model, info(gpu_layers=20), fast)  # (partly) on a GPU
    calibrator.reply_finished(model, info(on_threads=threads + 1), fast)  # its own threads
    assert context.speed_calibration() == slow
    with qtbot.waitSignal(calibrator.sig_calibrated, timeout=1000):
        calibrator.reply_finished(model, info(), fast)
    assert context.speed_calibration().tokens_per_second == 140.0  # type: ignore[union-attr]
    context.close()


def test_memory_bandwidth_is_measured() -> None:
    assert 1e8 < memory_bandwidth(2, repeats=1) < 1e13


def test_the_fit_label_says_the_speed_and_recommendations_skip_slow_models() -> None:
    slow_machine = calibration(tps=60.0, bandwidth=8e9)  # 4.4 GB → under 2 tokens/s
    big = estimate_fit(4_400 * MB, 4096, available_bytes=16 * GIB, total_bytes=32 * GIB,
                       calibration=slow_machine)
    assert big.verdict == "fits" and big.tokens_per_second is not None
    assert big.tokens_per_second < CHAT_SPEED and not big.fast_enough
    assert "tokens/s, very slow" in str(big.label)
    small = estimate_fit(400 * MB, 4096, available_bytes=16 * GIB, total_bytes=32 * GIB,
                         calibration=slow_machine)
    assert "about 1" in str(small.label) and "slow" not in str(small.label)
    crawl = estimate_fit(40 * GIB, 4096, available_bytes=64 * GIB, total_bytes=64 * GIB,
                         calibration=calibration(bandwidth=10e9))
    assert "about 0.23 tokens/s, very slow" in str(crawl.label)  # never "about 0.0"
    unknown = estimate_fit(400 * MB, 4096, available_bytes=16 * GIB, total_bytes=32 * GIB)
    assert "tokens/s" not in str(unknown.label) and unknown.fast_enough

    entries = [entry("qwen-7b-q4", 4_400 * MB), entry("llama-3b-q4", 2_000 * MB),
               entry("phi-1b-q8", 1_200 * MB), entry("tiny-135m", 100 * MB)]
    memory = {"available_bytes": 16 * GIB, "total_bytes": 32 * GIB}
    by_memory = recommend(entries, 4096, **memory)
    assert by_memory[0][0].id == "qwen-7b-q4"  # memory alone picks the biggest
    by_speed = recommend(entries, 4096, calibration=slow_machine, **memory)
    assert [e.id for e, _ in by_speed] == ["phi-1b-q8", "tiny-135m"]
    assert all(f.tokens_per_second >= CHAT_SPEED for _, f in by_speed)  # type: ignore[operator]


def _fireside(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIRESIDE_DATA_DIR": ""}
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=240, env=env,
                          cwd=Path(__file__).resolve().parent.parent)


def test_the_terminal_calibrates_and_lists_speeds(tmp_path: Path, tiny_model: Path) -> None:
    data = tmp_path / "data"
    before = json.loads(_fireside(data, "models", "--json").stdout)
    assert before["calibration"] is None
    assert all(e["fit"]["tokens_per_second"] is None for e in before["catalog"] if "fit" in e)
    assert "--calibrate" in _fireside(data, "models").stdout
    done = _fireside(data, "models", "--calibrate", "-m", str(tiny_model))
    assert done.returncode == 0, done.stderr
    assert "tokens/s" in done.stdout and "GB/s" in done.stdout
    after = json.loads(_fireside(data, "models", "--json").stdout)
    assert after["calibration"]["model"] == "tiny"
    chat = [e for e in after["catalog"] if "fit" in e]
    assert chat and all(e["fit"]["tokens_per_second"] > 0 for e in chat)
    assert "tokens/s" in _fireside(data, "models").stdout
    missing = _fireside(data, "models", "--calibrate", "-m", "no-such-model")
    assert missing.returncode == 2 and "no model" in missing.stderr


@pytest.mark.real_model
def test_the_window_times_this_computer_once_and_the_welcome_shows_speeds(
        qtbot: QtBot, data_dir: Path, starter_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: 0.0)  # a quiet machine
    window = open_window(qtbot, data_dir)
    try:
        assert window.welcome.isVisible()  # first start
        assert "once Fireside has timed" in window.welcome.speed_note.text()
        with qtbot.waitSignal(window.speed.sig_calibrated, timeout=60_000):
            pass
        kept = window.ctx.speed_calibration()
        assert kept is not None and kept.source == "SmolLM2 135M Instruct (Q4_1)"
        assert "timed on this computer" in window.welcome.speed_note.text()
        labels = [b.accessibleName() for b in window.welcome.download_buttons.values()]
        assert labels  # catalog models that fit and are fast enough here
        texts = " ".join(label.text() for label in window.welcome.findChildren(
            type(window.welcome.speed_note)))
        assert "tokens/s" in texts and "slow" not in texts
        assert window.speed.model_loaded(window.loaded_model) is False  # once, not per load
    finally:
        window.shutdown()


@pytest.mark.real_model
def test_a_busy_machine_is_not_timed_and_a_real_reply_corrects_the_speed(
        qtbot: QtBot, data_dir: Path, starter_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: 95.0)
    window = open_window(qtbot, data_dir, max_tokens=48)
    try:
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
        qtbot.waitUntil(lambda: not window.speed.running, timeout=30_000)
        assert window.ctx.speed_calibration() is None  # put off: the processor was busy
        threads = window.ctx.settings.generation.threads
        window.ctx.speed_store.save(starter_model.stat().st_size, 2.0, 1e9, threads,
                                    "starter, timed while busy")
        window.input.setPlainText("Tell me a long story about a lighthouse keeper.")
        with qtbot.waitSignal(window.speed.sig_calibrated, timeout=60_000) as signal:
            window.send()
        corrected = signal.args[0]
        assert corrected.tokens_per_second > 2.0
        assert window.ctx.speed_calibration() == corrected
        assert corrected.tokens_per_second == pytest.approx(window.last_tokens_per_second)
    finally:
        window.shutdown()


@pytest.mark.real_model
def test_a_timing_put_off_by_a_busy_processor_is_tried_again_when_it_is_quiet(
        qtbot: QtBot, data_dir: Path, starter_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The new-user trial started Fireside while another program was busy: the timing was
    put off and never tried again, so no speed was shown until the next start."""
    busy = [95.0]
    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: busy[0])
    monkeypatch.setattr(speed_calibrator, "RETRY_MS", (200,))
    window = open_window(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: window.speed.put_off >= 2, timeout=30_000)  # tried, still busy
        assert window.ctx.speed_calibration() is None
        assert "once Fireside has timed" in window.welcome.speed_note.text()
        busy[0] = 0.0  # the other program is done: no new load, no reply needed
        with qtbot.waitSignal(window.speed.sig_calibrated, timeout=60_000):
            pass
        assert window.ctx.speed_calibration() is not None and window.speed.put_off == 0
        assert "timed on this computer" in window.welcome.speed_note.text()
    finally:
        window.shutdown()


@pytest.mark.real_model
def test_after_a_reply_a_put_off_timing_is_tried_again(
        qtbot: QtBot, data_dir: Path, starter_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    busy = [95.0]
    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: busy[0])
    monkeypatch.setattr(speed_calibrator, "RETRY_MS", (3_600_000,))  # no timer: the reply
    window = open_window(qtbot, data_dir, max_tokens=8)
    try:
        qtbot.waitUntil(lambda: window.speed.put_off == 1 and not window.speed.running,
                        timeout=30_000)
        busy[0] = 0.0
        window.input.setPlainText("Hello!")
        with qtbot.waitSignal(window.speed.sig_calibrated, timeout=60_000):
            window.send()
        kept = window.ctx.speed_calibration()
        assert kept is not None and kept.source == "SmolLM2 135M Instruct (Q4_1)"
    finally:
        window.shutdown()


@pytest.mark.real_model
def test_a_timing_put_off_is_not_tried_after_the_window_closed(
        qtbot: QtBot, data_dir: Path, starter_model: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: 95.0)
    window = open_window(qtbot, data_dir)
    try:
        qtbot.waitUntil(lambda: window.speed.put_off == 1 and not window.speed.running,
                        timeout=30_000)
        assert window.speed._retry.isActive()
    finally:
        window.shutdown()
    assert not window.speed._retry.isActive()


def test_a_reply_faster_than_the_measured_memory_allows_times_the_computer_again(
        tmp_path: Path, tiny_model: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A calibration with a wrong bandwidth (a busy machine, a copied file) is corrected by
    a fast reply at once, then timed again on the model thread, for real."""
    from app.core.checksums import ChecksumCache
    from app.core.context import AppContext
    from app.core.engine_types import GenerationResult
    from app.core.installed import InstalledModel
    from app.core.model_slot import LoadRequest, ModelSlot, ModelThread

    monkeypatch.setattr(speed_calibrator, "busy_percent", lambda: 0.0)
    context = AppContext.open(tmp_path / "data")
    threads = context.settings.generation.threads
    model = InstalledModel("tiny", "Tiny", tiny_model, tiny_model.stat().st_size, "added")
    thread = ModelThread(ModelSlot(Engine(), ChecksumCache(tmp_path / "verified.json")))
    try:
        info = thread.submit(lambda slot: slot.load(LoadRequest(
            model, GenerationSettings(threads=threads)))).result(timeout=60)
        assert info is not None
        context.speed_store.save(model.size, 0.5, 1e8, threads, "copied from a slow computer")
        calibrator = speed_calibrator.SpeedCalibrator(context, thread)
        fast = GenerationResult(text="x", finish_reason="stop", prompt_tokens=5,
                                prompt_tokens_evaluated=5, completion_tokens=64,
                                time_to_first_token=0.1, tokens_per_second=2000.0,
                                llama_decode_tokens_per_second=2100.0, n_ctx=512)
        with qtbot.waitSignals([calibrator.sig_calibrated] * 2, timeout=60_000):
            calibrator.reply_finished(model, info, fast)
        timed = context.speed_calibration()
        assert timed is not None and timed.source == "Tiny"
        assert timed.bandwidth > 1e9  # the memory measured again, not derived from a reply
    finally:
        thread.close(timeout=30)
        context.close()


def test_the_models_window_shows_speeds_for_chat_models_only_and_escape_closes_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from app.core.context import AppContext
    from app.ui.main_window import MainWindow

    context = AppContext.open(tmp_path / "data")
    context.settings.welcome_shown = True
    context.speed_store.save(100 * MB, 150.0, 40e9, context.settings.generation.threads,
                             "starter")
    window = MainWindow(context)
    qtbot.addWidget(window)
    try:
        models = window.open_models_window()
        qtbot.waitExposed(models)
        speeds = {entry.id: "tokens/s" in window.models_window.cards[entry.id].fit_label.text()
                  for entry in context.catalog.models if entry.id in models.cards}
        embedding = {e.id for e in context.catalog.models if "embedding" in e.tags}
        assert embedding and not any(speeds[i] for i in embedding if i in speeds)
        assert all(shown for i, shown in speeds.items() if i not in embedding)
        qtbot.keyClick(models.findChildren(QLineEdit)[0], Qt.Key.Key_Escape)  # the filter
        assert not models.isVisible()
    finally:
        window.shutdown()


def test_the_welcome_recommends_chat_models_not_reasoning_only_ones() -> None:
    """The shipped catalog on a roomy, fast computer: the DeepSeek-R1 distills (tagged
    reasoning and maths, not chat) were the first pick, as the biggest that fit."""
    from app.core.catalog import load_catalog

    catalog = load_catalog()
    picks = recommend(catalog.models, 4096, available_bytes=64 * GIB, total_bytes=64 * GIB,
                      calibration=calibration(tps=400.0, bandwidth=200e9))
    assert len(picks) == 3
    assert all("chat" in entry.tags for entry, _ in picks)
    assert not [e for e, _ in picks if e.id.startswith("deepseek")]
    assert any(e.id.startswith("deepseek") for e in catalog.models)  # still downloadable
