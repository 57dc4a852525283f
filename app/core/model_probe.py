"""No model file takes the app down: a new GGUF is tried in a child process first.

Before a file is loaded into Fireside's own process for the first time,
:func:`probe_model` runs ``python -m app.core.probe_child`` on it (``fireside --child
probe`` in the desktop bundle, :mod:`app.core.child_command`): llama.cpp loads
it there (mmap, a small context), its chat template is rendered on a sample
conversation in the bounded environment, and a few tokens are evaluated, under a
wall-clock budget (:func:`time_budget`) and a memory limit (:func:`memory_budget`,
``RLIMIT_DATA``).  A file that kills the child (any signal), hangs, runs out of
its memory or is refused gets a :class:`ProbeVerdict` whose :meth:`message` names
what happened; only a file that passes is loaded in-process.

Verdicts are remembered by path, size and modification time (as sha256 results
are, :mod:`app.core.checksums`) and by llama-cpp-python's version, in a small
private JSON file in the cache folder and in memory for the whole process, so the
second load of a file costs nothing.  A time-out is remembered only in memory:
the machine may just have been busy.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import psutil

from app.core.child_command import child_command
from app.core.private_files import make_private_dir, write_private
from app.core.probe_child import MARK, MEMORY_WORDS
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)

CACHE_NAME = "probed.json"
_APP_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder that holds app/
_WRITE_LOCK = threading.Lock()
_MEMORY: dict[str, ProbeVerdict] = {}  # every verdict of this process, by key
_GIB = 1 << 30


class ModelRefusedError(UserError, RuntimeError):
    """The probe refused the file; :attr:`verdict` says how it failed."""

    def __init__(self, text: Text, verdict: ProbeVerdict) -> None:
        super().__init__(text)
        self.verdict = verdict


@dataclass(frozen=True)
class ProbeVerdict:
    """What the child process made of one file.

    ``kind`` is ``ok``, ``error`` (llama.cpp refused it), ``memory`` (past its
    memory limit), ``crashed`` (killed by ``detail``, a signal name), ``timeout``,
    ``cancelled`` (the app was closing), or ``unchecked`` (the child could not even
    start: not the file's fault, so it passes, and is asked again next time);
    ``stage`` is what the child was doing (``start``, ``load``, ``template``,
    ``decode``, ``done``).
    """

    ok: bool
    kind: str
    stage: str
    detail: str = ""
    seconds: float = 0.0
    error: str = ""  # llama.cpp's last words on stderr when the child was killed
    memory_limit: int = 0
    time_limit: float = 0.0
    llama_cpp: str = ""

    def message(self, file: str) -> Text:
        """One clear sentence for the user about ``file`` (empty meaning for ``ok``)."""
        stage = _stage_text(self.stage)
        if self.ok:
            return tr("{file} passed the safety check.", file=file)
        if self.kind == "timeout":
            return tr("{file} cannot be used: llama.cpp did not finish {stage} within "
                      "{seconds:g} seconds, so the check was stopped. The file may be damaged.",
                      file=file, stage=stage, seconds=max(1, round(self.time_limit)))
        if self.kind == "memory":
            return tr("{file} cannot be used: {stage} needed more than {size:.1f} GiB of "
                      "memory, the limit for checking it. The file may be damaged or claim "
                      "impossible sizes.", file=file, stage=stage,
                      size=self.memory_limit / _GIB)
        if self.kind == "crashed":
            cause = f"{self.detail}: {self.error}" if self.error else self.detail
            return tr("{file} cannot be used: it made llama.cpp crash ({signal}) while "
                      "{stage}. Fireside tried it in a separate process, so nothing else was "
                      "affected. The file may be damaged or made for another program.",
                      file=file, signal=cause, stage=stage)
        return tr("llama.cpp could not load {file}: {error}. The file may be damaged or use an "
                  "architecture this version does not support.", file=file,
                  error=self.detail or self.kind)

    def refusal(self, file: str) -> ModelRefusedError:
        return ModelRefusedError(self.message(file), self)


def _stage_text(stage: str) -> Text:
    if stage == "template":
        return tr("rendering its chat template")
    if stage == "decode":
        return tr("evaluating a sample prompt")
    if stage == "start":
        return tr("starting the check")
    return tr("loading the model")


@lru_cache(maxsize=1)
def llama_cpp_version() -> str:
    """The llama-cpp-python version verdicts are valid for (a new one may read more)."""
    from importlib import metadata

    try:
        return metadata.version("llama_cpp_python")
    except metadata.PackageNotFoundError:
        return "unknown"


def memory_budget(path: Path) -> int:
    """Bytes the child may allocate (the mapped file itself not counted): enough for the
    weights copied once more (llama.cpp repacks some quantizations) plus 1 GiB, but not
    more than the computer has."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    total = psutil.virtual_memory().total
    return max(512 << 20, min(size + _GIB, total))


def time_budget(path: Path) -> float:
    """Seconds the child may take: 20 plus 20 per GiB of file (cold disks are slow)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return 20.0 + 20.0 * size / _GIB


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(_APP_ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _parse(stdout: str) -> tuple[str, dict[str, object] | None]:
    stage, result = "start", None
    for line in stdout.splitlines():
        if not line.startswith(MARK + " "):
            continue
        _, kind, payload = [*line.split(" ", 2), ""][:3]
        if kind == "stage":
            stage = payload.strip()
        elif kind == "result":
            try:
                parsed = json.loads(payload)
            except ValueError:
                continue
            result = parsed if isinstance(parsed, dict) else None
    return stage, result


def _last_error(stderr: str) -> str:
    """llama.cpp's last error on ``stderr``, without the source path of an assertion."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if any(word in line for word in ("GGML_ASSERT", "GGML_ABORT", "error", "terminate",
                                         "what():")):
            if "GGML_A" in line:  # "/build/…/llama-model.cpp:1328: GGML_ASSERT(…) failed"
                line = line[line.index("GGML_A"):]
            return line[:300]
    return lines[-1][:300] if lines else ""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def probe_model(path: Path, threads: int = 2, timeout: float | None = None,
                memory_bytes: int | None = None,
                cancel: threading.Event | None = None) -> ProbeVerdict:
    """Try ``path`` in a child process; never raises (a failure is a verdict).

    Setting ``cancel`` (the app is closing) ends the child at once; the verdict is
    then ``cancelled``, which is not an answer about the file.
    """
    limit_s = time_budget(path) if timeout is None else timeout
    limit_b = memory_budget(path) if memory_bytes is None else memory_bytes
    threads = max(1, min(threads, os.cpu_count() or 1))
    command = [*child_command("app.core.probe_child"), str(path), str(limit_b), str(threads)]
    started = time.monotonic()
    common = {"memory_limit": limit_b, "time_limit": limit_s, "llama_cpp": llama_cpp_version()}
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=_child_env(), cwd=str(_APP_ROOT),
                                 start_new_session=True, text=True, errors="replace")
    except OSError as exc:  # the check itself cannot run: not the file's fault
        log.error("the model check could not start: %s", exc)
        return ProbeVerdict(True, "unchecked", "start", str(exc), 0.0,
                            **common)  # type: ignore[arg-type]
    deadline = started + limit_s
    while True:
        try:
            stdout, stderr = child.communicate(timeout=min(0.1, max(deadline -
                                                                    time.monotonic(), 0)))
            break
        except BaseException as exc:  # Ctrl+C, or the window closing: never leave it running
            if not isinstance(exc, subprocess.TimeoutExpired):
                _kill(child)
                child.communicate()
                raise
            cancelled = cancel is not None and cancel.is_set()
            if not cancelled and time.monotonic() < deadline:
                continue
            _kill(child)
            stdout, stderr = child.communicate()
            stage, _ = _parse(stdout)
            if cancelled:
                return ProbeVerdict(False, "cancelled", stage, "", time.monotonic() - started,
                                    **common)  # type: ignore[arg-type]
            log.warning("probe of %s timed out after %.0f s while %s", path, limit_s, stage)
            return ProbeVerdict(False, "timeout", stage, "", time.monotonic() - started,
                                **common)  # type: ignore[arg-type]
    seconds = time.monotonic() - started
    stage, result = _parse(stdout)
    code = child.returncode
    if code < 0 or result is None:
        error = _last_error(stderr)
        lowered = stderr[-4000:].lower()
        kind = "memory" if any(word in lowered for word in MEMORY_WORDS) else "crashed"
        detail = _signal_name(-code) if code < 0 else f"exit status {code}"
        if code >= 0 and stage == "start":  # the check itself is broken, not the file
            log.error("the model check could not run (%s): %s", detail, stderr[-2000:])
            return ProbeVerdict(True, "unchecked", stage, error, seconds,
                                **common)  # type: ignore[arg-type]
        log.warning("probe of %s: child ended with %s while %s; last error: %s", path, detail,
                    stage, error)
        return ProbeVerdict(False, kind, stage, detail if kind == "crashed" else error, seconds,
                            error if kind == "crashed" else "",
                            **common)  # type: ignore[arg-type]
    ok = bool(result.get("ok"))
    verdict = ProbeVerdict(ok, str(result.get("kind") or ("ok" if ok else "error")),
                           str(result.get("stage") or stage), str(result.get("detail") or ""),
                           seconds, **common)  # type: ignore[arg-type]
    if not ok:
        log.warning("probe of %s refused it: %s", path, verdict)
    return verdict


def _kill(child: subprocess.Popen[str]) -> None:
    if os.name == "nt":  # no process groups or SIGKILL there
        child.kill()
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)  # the child and anything it started
    except (ProcessLookupError, PermissionError):
        child.kill()


class ProbeCache:
    """Remembered verdicts: in memory for the process, and in ``cache_file`` if given.

    Keys are ``path|size|mtime_ns``; a verdict from another llama-cpp-python
    version is not trusted.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self.cache_file = cache_file

    @classmethod
    def in_folder(cls, cache_dir: Path) -> ProbeCache:
        return cls(cache_dir / CACHE_NAME)

    @staticmethod
    def key(path: Path) -> str:
        st = path.stat()
        return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"

    def _read(self) -> dict[str, dict[str, object]]:
        if self.cache_file is None:
            return {}
        try:
            data = json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(v, dict)} \
            if isinstance(data, dict) else {}

    def cached(self, path: Path) -> ProbeVerdict | None:
        """The remembered verdict on ``path`` as it is now, or None."""
        try:
            key = self.key(path)
        except OSError:
            return None
        verdict = _MEMORY.get(key)
        if verdict is None:
            raw = self._read().get(key)
            try:
                verdict = ProbeVerdict(**raw) if raw is not None else None  # type: ignore[arg-type]
            except TypeError:
                verdict = None
        if verdict is None or verdict.llama_cpp != llama_cpp_version():
            return None
        _MEMORY[key] = verdict
        return verdict

    def check(self, path: Path, threads: int = 2, timeout: float | None = None,
              memory_bytes: int | None = None,
              cancel: threading.Event | None = None) -> ProbeVerdict:
        """The remembered verdict, or a new probe of ``path`` (then remembered)."""
        known = self.cached(path)
        if known is not None:
            return known
        verdict = probe_model(path, threads, timeout, memory_bytes, cancel)
        try:
            key = self.key(path)
        except OSError:  # the file went away meanwhile: nothing to remember it by
            return verdict
        if verdict.kind in ("unchecked", "cancelled"):
            return verdict  # asked again next time
        _MEMORY[key] = verdict
        if verdict.kind != "timeout":
            self._store(path, key, verdict)
        return verdict

    def forget(self, path: Path) -> None:
        prefix = f"{path.resolve()}|"
        for key in [k for k in _MEMORY if k.startswith(prefix)]:
            del _MEMORY[key]
        if self.cache_file is not None:
            with _WRITE_LOCK:
                self._write({k: v for k, v in self._read().items() if not k.startswith(prefix)})

    def _store(self, path: Path, key: str, verdict: ProbeVerdict) -> None:
        if self.cache_file is None:
            return
        prefix = f"{path.resolve()}|"
        with _WRITE_LOCK:
            known = {k: v for k, v in self._read().items() if not k.startswith(prefix)}
            known[key] = asdict(verdict)
            self._write(known)

    def _write(self, known: dict[str, dict[str, object]]) -> None:
        if self.cache_file is None:
            return
        try:
            make_private_dir(self.cache_file.parent, tighten_existing=False)
            write_private(self.cache_file, json.dumps(known, indent=1))
        except OSError as exc:
            log.warning("cannot write the probe cache %s: %s", self.cache_file, exc)


def require_safe(path: Path, cache: ProbeCache, threads: int = 2) -> ProbeVerdict:
    """The verdict on ``path``; raises :class:`ModelRefusedError` if it did not pass."""
    verdict = cache.check(path, threads)
    if not verdict.ok:
        raise verdict.refusal(path.name)
    return verdict
