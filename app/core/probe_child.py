"""The child side of the model probe: ``python -m app.core.probe_child FILE …``.

Run by :mod:`app.core.model_probe` in a process of its own, under a memory limit
(``RLIMIT_DATA``; the model file itself is mapped, not counted) and without core
dumps.  It does to the file what the app is about to do in its own process —
llama-cpp-python loads it (mmap, a small context), the chat template is compiled
and rendered on a sample conversation in the bounded environment, and a few
prompt tokens are evaluated — and reports on stdout, one line at a time:

* ``FIRESIDE-PROBE stage NAME`` before each step (``load``, ``template``, ``decode``),
  so a parent that sees the child die knows what it was doing;
* ``FIRESIDE-PROBE result {json}`` at the end: ``ok``, ``kind`` (``ok``, ``error``,
  ``memory``), ``stage`` and ``detail`` (llama.cpp's own error line, if any).

llama.cpp's warnings and errors go to stderr, where the parent reads the last of
them when the child is killed by a signal (``GGML_ASSERT …``).
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from typing import Any

MARK = "FIRESIDE-PROBE"
PROBE_CONTEXT = 256
PROBE_TOKENS = 8
MEMORY_WORDS = ("bad_alloc", "insufficient memory", "failed to allocate", "out of memory",
                "cannot allocate memory", "memoryerror")

_errors: list[str] = []


def _say(kind: str, payload: str) -> None:
    print(f"{MARK} {kind} {payload}", flush=True)


def _limit_memory(data_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time budget still holds
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash must not write a core file
    if data_bytes > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = data_bytes if hard == resource.RLIM_INFINITY else min(data_bytes, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


_log_callback: Any = None


def _install_log() -> Any:
    """Send llama.cpp's warnings and errors to stderr, and keep the errors."""
    import llama_cpp

    last = [0]

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
        level = last[0] if level == 5 else level  # 5: continues the previous line
        last[0] = level
        if level in (3, 4):  # GGML_LOG_LEVEL_WARN, _ERROR
            line = text.decode("utf-8", "replace")
            sys.stderr.write(line)
            sys.stderr.flush()
            if level == 4 and line.strip():
                _errors.append(line.strip())

    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
    return callback  # kept alive by the caller


def _result(ok: bool, kind: str, stage: str, detail: str = "") -> int:
    _say("result", json.dumps({"ok": ok, "kind": kind, "stage": stage, "detail": detail[:500]}))
    return 0


_GENERIC = ("failed to load model", "failed to read", "failed to initialize")


def best_error(lines: list[str]) -> str:
    """The most telling of llama.cpp's error lines, without its function-name prefixes."""
    telling = [line for line in lines if not any(g in line for g in _GENERIC)]
    line = (telling or lines or [""])[0]
    for prefix in ("error loading model:", "llama_model_loader:"):
        if prefix in line:
            line = line.split(prefix, 1)[1]
    head, sep, rest = line.partition(": ")
    if sep and head.strip().replace("_", "").isalnum() and "_" in head:
        line = rest  # "gguf_init_from_reader: duplicate key …" -> "duplicate key …"
    return line.strip()


def _failure(stage: str, exc: BaseException) -> int:
    detail = best_error(_errors) if _errors else f"{type(exc).__name__}: {exc}"
    text = " ".join([*_errors[-3:], str(exc), type(exc).__name__]).lower()
    kind = "memory" if isinstance(exc, MemoryError) or any(w in text for w in MEMORY_WORDS) \
        else "error"
    return _result(False, kind, stage, detail)


def probe(path: str, threads: int) -> int:
    """Load ``path``, render its template, evaluate a few tokens; report on stdout."""
    _say("stage", "load")
    import llama_cpp

    from app.core.chat_template import (
        FALLBACK_CHATML_TEMPLATE,
        ChatRenderer,
        TemplateError,
        llama_cpp_tolerates_broken_templates,
        template_problem,
    )

    global _log_callback  # llama.cpp calls it until the very end (freeing logs too)
    _log_callback = _install_log()
    try:
        with llama_cpp_tolerates_broken_templates():
            llm = llama_cpp.Llama(model_path=path, n_ctx=PROBE_CONTEXT, n_batch=PROBE_TOKENS,
                                  n_threads=threads, n_threads_batch=threads, verbose=True)
    except BaseException as exc:  # llama.cpp's refusals come as ValueError/RuntimeError
        return _failure("load", exc)
    _say("stage", "template")
    try:
        eos_id, bos_id = llm.token_eos(), llm.token_bos()
        eos = llm._model.token_get_text(eos_id) if eos_id != -1 else ""
        bos = llm._model.token_get_text(bos_id) if bos_id != -1 else ""
        own = llm.metadata.get("tokenizer.chat_template")
        template = FALLBACK_CHATML_TEMPLATE
        if own and template_problem(own, bos, eos) is None:
            template = own
        try:
            prompt = ChatRenderer(template, bos, eos).render(
                [{"role": "user", "content": "Hello"}])
        except TemplateError:  # the template refuses this shape; the weights still count
            prompt = "Hello"
    except BaseException as exc:
        return _failure("template", exc)
    _say("stage", "decode")
    try:
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)[:PROBE_TOKENS]
        if tokens:
            array = (llama_cpp.llama_token * len(tokens))(*tokens)
            code = llama_cpp.llama_decode(llm._ctx.ctx,
                                          llama_cpp.llama_batch_get_one(array, len(tokens)))
            if code != 0:
                return _result(False, "error", "decode", f"llama_decode returned {code}")
            llama_cpp.llama_synchronize(llm._ctx.ctx)
    except BaseException as exc:
        return _failure("decode", exc)
    return _result(True, "ok", "done")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m app.core.probe_child FILE MEMORY_BYTES THREADS", file=sys.stderr)
        return 2
    path, memory, threads = argv[0], int(argv[1]), max(1, int(argv[2]))
    _say("stage", "start")
    _limit_memory(memory)
    return probe(path, threads)


if __name__ == "__main__":
    status = main(sys.argv[1:])
    # The verdict is out.  Leave without the interpreter's teardown: it frees llama.cpp's
    # objects in no particular order, and a context freed after its model crashed the
    # child on some installs — after it had reported "ok".
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
