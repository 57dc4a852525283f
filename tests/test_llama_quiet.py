"""Loading a model leaves the process's stdout and stderr alone (llama-cpp-python's
``verbose=False`` would point both at /dev/null while it loads, whatever thread writes).

A child process prints a numbered line every half millisecond from one thread while
another thread loads a model again and again through :class:`app.core.engine.Engine`:
every line must arrive.  The same child with llama-cpp-python's own silencing put back
loses lines, so the test can tell.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHILD = r"""
import sys, threading, time
from pathlib import Path
from app.core.engine import Engine
from app.core.generation import GenerationSettings
import llama_cpp._internals, llama_cpp.llama

engine = Engine()
engine.load(Path(sys.argv[1]), GenerationSettings(context_length=256))  # the probe, once
if sys.argv[2] == "library":  # llama-cpp-python's own context manager, as it comes
    from app.core import llama_quiet
    llama_quiet.install = lambda: None
    llama_cpp.llama.suppress_stdout_stderr = ORIGINAL
    llama_cpp._internals.suppress_stdout_stderr = ORIGINAL
stop = threading.Event()

def talk():
    n = 0
    while not stop.is_set():
        print(f"line {n}", flush=True)
        print(f"err {n}", file=sys.stderr, flush=True)
        n += 1
        time.sleep(0.0005)
    print(f"last {n}", flush=True)

talker = threading.Thread(target=talk)
talker.start()
for _ in range(3):
    engine.unload()
    engine.load(Path(sys.argv[1]), GenerationSettings(context_length=256))
stop.set()
talker.join()
"""


def _run(model: Path, mode: str) -> tuple[list[int], list[int], int]:
    code = "import llama_cpp._utils\nORIGINAL = llama_cpp._utils.suppress_stdout_stderr\n" + CHILD
    done = subprocess.run([sys.executable, "-c", code, str(model), mode], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    # Whole lines only: output cut off mid-line (the library's way) leaves fragments.
    lines = [int(n) for n in re.findall(r"(?m)^line (\d+)$", done.stdout)]
    errs = [int(n) for n in re.findall(r"(?m)^err (\d+)$", done.stderr)]
    last = [int(n) for n in re.findall(r"(?m)^last (\d+)$", done.stdout)]
    assert last, done.stdout[-500:]
    return lines, errs, last[0]


@pytest.mark.real_model
def test_output_of_other_threads_is_not_lost_while_a_model_loads(starter_model: Path) -> None:
    lines, errs, count = _run(starter_model, "fireside")
    assert lines == list(range(count)) and errs == list(range(count))
    assert count > 50  # the loads took long enough for the check to mean something


@pytest.mark.real_model
def test_the_library_s_own_silencing_would_lose_them(starter_model: Path) -> None:
    lines, errs, count = _run(starter_model, "library")
    assert len(lines) < count and len(errs) < count
