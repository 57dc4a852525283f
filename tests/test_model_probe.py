"""No model file takes Fireside down: a new file is tried in a child process first.

Hostile files are written byte by byte (tests/hostile_gguf.py): truncated, lying
counts, absurd hyperparameters, impossible shapes and offsets, unknown
architectures and value types, duplicates, hostile templates.  Each is refused
with one clear message (or, for a template, loaded with ChatML and a warning)
while the model loaded before keeps answering; the verdict is remembered by path,
size and modification time; the window, the terminal and sideloading are guarded.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import open_window
from gguf_factory import write_tiny_model
from hostile_gguf import I32, KV, STRING, U32, Tensor, serialize, tiny_parts
from pytestqt.qtbot import QtBot

from app.core import model_probe
from app.core.engine import Engine, EngineError
from app.core.generation import GenerationSettings
from app.core.gguf_header import GGUFError, read_gguf_header
from app.core.model_probe import ProbeCache, probe_model
from app.core.sideload import check_model_file

REPO = Path(__file__).resolve().parent.parent
GREEDY = GenerationSettings(max_tokens=3, temperature=0.0)
HANGS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
STRING_BOMB = "{{ 'a' * 10000000000 }}"


def _truncated(path: Path) -> Path:
    serialize(tiny_parts(), path)
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def _parts_with(change: str) -> object:
    parts = tiny_parts()
    if change == "zero heads":
        parts.set("llama.attention.head_count", U32, 0).set("llama.attention.head_count_kv",
                                                             U32, 0)
    elif change == "a million layers":
        parts.set("llama.block_count", U32, 1_000_000)
    elif change == "513 layers":  # one past llama.cpp's limit, and small enough to "fit"
        parts.set("llama.block_count", U32, 513)
    elif change == "a context of 2^31":
        parts.set("llama.context_length", U32, 2**31)
    elif change == "a context of 2^28":
        parts.set("llama.context_length", U32, 2**28)
    elif change == "zero embedding":
        parts.set("llama.embedding_length", U32, 0)
    elif change == "duplicate key":
        parts.kvs.append(KV("general.name", STRING, "twice"))
    elif change == "duplicate tensor":
        parts.tensors.append(Tensor("output_norm.weight", np.ones(64, dtype=np.float32)))
    elif change == "impossible shape":
        parts.tensors[0].shape = (1 << 40, 1 << 30)
    elif change == "wrong shape":
        parts.tensors[0].shape = (64, 301)
    elif change == "offset past the end":
        parts.tensors[3].offset = 1 << 50
    elif change == "unknown tensor type":
        parts.tensors[0].ggml_type = 99
    elif change == "short token types":
        for kv in parts.kvs:
            if kv.key == "tokenizer.ggml.token_type":
                kv.value, kv.item_type = [1] * 10, I32
    return parts


# name -> (how the file is made, what the message must say)
HOSTILE_FILES = {
    "truncated": (lambda p: _truncated(p), "not within the file bounds"),
    "lying tensor count": (lambda p: serialize(tiny_parts(), p, tensor_count=1 << 40),
                           "could not load"),
    "too few tensors": (lambda p: serialize(tiny_parts(), p, tensor_count=3), "not found"),
    "zero heads": (None, "wrong shape"),
    "a million layers": (None, "crash (SIGABRT"),
    "513 layers": (None, "crash (SIGABRT"),
    "a context of 2^31": (None, "could not load"),
    "a context of 2^28": (None, "GiB of memory"),
    "zero embedding": (None, "n_rot"),
    "unknown architecture": (lambda p: serialize(tiny_parts(arch="nosucharch"), p),
                             "unknown model architecture: 'nosucharch'"),
    "duplicate key": (None, "duplicate key 'general.name'"),
    "duplicate tensor": (None, "duplicate tensor name"),
    "impossible shape": (None, "overflow"),
    "wrong shape": (None, "could not load"),
    "offset past the end": (None, "has offset"),
    "unknown tensor type": (None, "invalid ggml type 99"),
    "short token types": (None, "toktypes"),
}


def _write(name: str, folder: Path) -> Path:
    make, _ = HOSTILE_FILES[name]
    path = folder / (name.replace(" ", "-").replace("^", "") + ".gguf")
    if make is None:
        return serialize(_parts_with(name), path)  # type: ignore[arg-type]
    return make(path)


@pytest.fixture(scope="module")
def engine(tiny_model: Path):  # type: ignore[no-untyped-def]
    engine = Engine()
    engine.load(tiny_model, GenerationSettings())
    yield engine
    engine.unload()


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_hostile_file_is_refused_and_the_loaded_model_keeps_answering(
        name: str, engine: Engine, tiny_model: Path, tmp_path: Path) -> None:
    path = _write(name, tmp_path)
    read_gguf_header(path)  # Fireside's own header check lets all of these through
    with pytest.raises(EngineError) as caught:
        engine.load(path, GenerationSettings())
    message = str(caught.value.text)
    assert path.name in message and HOSTILE_FILES[name][1] in message, message
    assert "Traceback" not in message and message.count("\n") == 0
    assert engine.info is not None and engine.info.path == tiny_model  # still loaded
    result = engine.generate([{"role": "user", "content": "hello"}], GREEDY)
    assert result.completion_tokens == 3


def test_an_unknown_value_type_is_refused_by_the_header_check(tmp_path: Path) -> None:
    parts = tiny_parts()
    parts.kvs.append(KV("x.weird", 42, 0))
    path = serialize(parts, tmp_path / "weird.gguf")
    with pytest.raises(GGUFError, match="unknown value type 42"):
        read_gguf_header(path)
    assert not check_model_file(path).ok
    with pytest.raises(EngineError, match="unknown value type 42"):
        Engine().load(path, GenerationSettings())


@pytest.mark.parametrize("template", [HANGS, STRING_BOMB,
                                      "{{ ''.__class__.__mro__[1].__subclasses__() }}"],
                         ids=["hangs", "string bomb", "sandbox escape"])
def test_a_hostile_own_template_passes_the_probe_and_chats_with_chatml(
        template: str, tmp_path: Path) -> None:
    path = serialize(tiny_parts(chat_template=template), tmp_path / "template.gguf")
    verdict = probe_model(path)
    assert verdict.ok and verdict.stage == "done"
    engine = Engine()
    started = time.perf_counter()
    info = engine.load(path, GenerationSettings())
    assert time.perf_counter() - started < 10
    if template is not STRING_BOMB and template is not HANGS:  # refuses only when rendered
        assert info.template_problem is None
        with pytest.raises(EngineError, match="unsafe"):
            engine.render_prompt([{"role": "user", "content": "hi"}])
    else:
        assert info.template_problem is not None
        assert engine.generate([{"role": "user", "content": "hi"}], GREEDY).completion_tokens
    engine.unload()


def test_the_verdict_is_remembered_by_path_size_and_mtime(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "fresh.gguf", seed=7)
    cache_file = tmp_path / "cache" / "probed.json"
    cache = ProbeCache(cache_file)
    assert cache.cached(path) is None
    first = cache.check(path)
    assert first.ok and first.seconds > 0.05  # a real child process ran
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    model_probe._MEMORY.clear()  # as a new run of Fireside: only the file remembers
    started = time.perf_counter()
    again = ProbeCache(cache_file).check(path)
    assert time.perf_counter() - started < 0.05 and again == first
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # the file changed
    assert cache.cached(path) is None
    assert cache.check(path).seconds != first.seconds


def test_a_crash_is_remembered_so_the_second_try_costs_nothing(tmp_path: Path) -> None:
    path = _write("a million layers", tmp_path)
    cache = ProbeCache(tmp_path / "probed.json")
    verdict = cache.check(path)
    assert verdict.kind == "crashed" and verdict.detail == "SIGABRT"
    assert "GGML_ASSERT" in verdict.error
    model_probe._MEMORY.clear()
    started = time.perf_counter()
    check = check_model_file(path, cache)  # sideloading: the remembered refusal
    assert time.perf_counter() - started < 0.5
    assert not check.ok and "crash (SIGABRT" in str(check.message)


def test_sideloading_probes_when_asked(tmp_path: Path) -> None:
    path = _write("duplicate key", tmp_path)
    assert check_model_file(path).ok  # the header alone looks fine
    check = check_model_file(path, ProbeCache(tmp_path / "probed.json"), probe=True)
    assert not check.ok and "duplicate key 'general.name'" in str(check.message)


def test_a_hang_is_stopped_at_the_time_budget(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "slow.gguf", seed=3)
    cache = ProbeCache(tmp_path / "probed.json")
    started = time.perf_counter()
    verdict = cache.check(path, timeout=0.05)  # no real file hangs on cue: a tiny budget
    assert time.perf_counter() - started < 5
    assert verdict.kind == "timeout" and not verdict.ok
    assert "did not finish loading the model within 1 seconds" in str(
        verdict.message(path.name)) or "did not finish starting the check" in str(
        verdict.message(path.name))
    assert not (tmp_path / "probed.json").exists()  # time-outs are not written down
    model_probe._MEMORY.clear()  # (a busy machine may pass it next time)
    assert cache.check(path).ok


def test_the_memory_limit_holds(starter_model: Path) -> None:
    verdict = probe_model(starter_model, memory_bytes=150 << 20)
    assert verdict.kind == "memory" and not verdict.ok
    assert "0.1 GiB of memory" in str(verdict.message(starter_model.name))
    assert probe_model(starter_model).ok


def test_a_check_that_cannot_run_does_not_refuse_the_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_tiny_model(tmp_path / "ok.gguf", seed=5)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    verdict = ProbeCache(tmp_path / "probed.json").check(path)
    assert verdict.ok and verdict.kind == "unchecked"
    assert ProbeCache(tmp_path / "probed.json").cached(path) is None  # asked again later


def test_fireside_chat_refuses_a_crashing_file_in_one_message(tmp_path: Path,
                                                             data_dir: Path) -> None:
    path = _write("a million layers", tmp_path)
    env = {**os.environ, "LANG": "C"}
    env.pop("FIRESIDE_DATA_DIR", None)
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), "chat",
                           "-m", str(path), "hello"], capture_output=True, text=True,
                          timeout=120, env=env, cwd=REPO)
    assert done.returncode == 3, done.stderr
    assert "crash (SIGABRT" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("cannot be used") == 1
    assert (data_dir / "cache" / "probed.json").is_file()


def test_the_window_survives_hostile_files_and_still_answers(
        qtbot: QtBot, data_dir: Path, starter_model: Path, tmp_path: Path) -> None:
    aborts = _write("513 layers", tmp_path)
    hangs = serialize(tiny_parts(chat_template=HANGS), tmp_path / "hangs.gguf")
    bomb = serialize(tiny_parts(chat_template=STRING_BOMB), tmp_path / "bomb.gguf")
    window = open_window(qtbot, data_dir, max_tokens=8)
    try:
        qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=60_000)
        starter = window.loaded_model
        assert starter is not None

        assert window.add_model_file(aborts)
        qtbot.waitUntil(lambda: "crash (SIGABRT" in window.banner.label.text(),
                        timeout=60_000)
        assert window.host.worker.engine.info is not None  # the starter is still loaded
        assert window.host.worker.engine.info.path == starter.path

        for path in (hangs, bomb):  # loaded, with ChatML and a warning
            assert window.add_model_file(path)
            qtbot.waitUntil(lambda p=path: window.loaded_model is not None
                            and window.loaded_model.path == p.resolve(), timeout=60_000)
            assert "is broken" in window.banner.label.text()

        window.select_model(starter)
        qtbot.waitUntil(lambda: window.loaded_model is not None
                        and window.loaded_model.id == starter.id, timeout=60_000)
        window.new_chat()
        window.input.setPlainText("What is the capital of France?")
        window.send()
        qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
        assert window.current is not None
        stored = window.ctx.store.load_conversation(window.current.id)
        assert stored is not None and stored.messages[-1].content.strip()
        assert stored.messages[-1].model_id == starter.id
    finally:
        window.shutdown()


@pytest.mark.parametrize("template", [None, "chatml"])
def test_a_good_file_leaves_the_child_cleanly(tmp_path: Path, template: str | None) -> None:
    """The child reports, then exits 0: nothing of llama.cpp's teardown may crash it after
    its verdict (a log callback freed before the model once did, so a good file with no
    chat template of its own was called a crashing one)."""
    kwargs = {} if template else {"chat_template": None}
    path = write_tiny_model(tmp_path / "good.gguf", **kwargs)  # type: ignore[arg-type]
    for _ in range(3):
        done = subprocess.run([sys.executable, "-m", "app.core.probe_child", str(path),
                               str(4 << 30), "2"], capture_output=True, text=True,
                              cwd=Path(model_probe.__file__).resolve().parents[2], timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
        assert '"ok": true' in done.stdout
