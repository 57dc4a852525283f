"""PDFs are read in a child process: :func:`read_pdf`.

PDFium is C code reading files from anywhere; a file made to hang it would hold indexing
forever (its pages are checked against the time limit only between pages), and one that
crashes it would take Fireside with it.  So PDFs are read by a long-lived child process
(``python -m app.core.localdocs.pdf_child``, or ``fireside --child pdf`` in the desktop
bundle; started on the first PDF): one request per line of JSON on its standard input,
one answer per line on its standard output.  A file that is not read within the time
limit (plus a margin) gets the child killed and the "took longer than" reason; a child
that dies gives "made the PDF reader crash"; the next PDF starts a new child.  Requests
from several threads take turns.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from app.core.child_command import child_command
from app.core.texts import Text, tr

log = logging.getLogger(__name__)

MARGIN = 5.0  # seconds the child gets past the limit to say so itself
_APP_ROOT = Path(__file__).resolve().parents[3]
CHILD_COMMAND = child_command("app.core.localdocs.pdf_child")  # `fireside --child pdf` if frozen


class _Reader:
    """The child process and the lock that makes requests take turns."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.child: subprocess.Popen[str] | None = None

    def start(self) -> subprocess.Popen[str]:
        if self.child is None or self.child.poll() is not None:
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(
                [str(_APP_ROOT), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
            self.child = subprocess.Popen(
                CHILD_COMMAND, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                encoding="utf-8", env=env, start_new_session=True)
        return self.child

    def kill(self) -> None:
        if self.child is not None:
            try:
                self.child.kill()
                self.child.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            self.child = None


_READER = _Reader()


def read_pdf(path: Path, seconds: float) -> list[tuple[int, str]]:
    """The pages (number, text) of the PDF at ``path``, read by the child within
    ``seconds``; ExtractError with the reason otherwise."""
    from app.core.localdocs.extract import ExtractError

    with _READER.lock:
        child = _READER.start()
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(json.dumps({"path": str(path), "seconds": seconds}) + "\n")
            child.stdin.flush()
        except OSError:
            _READER.kill()
            raise ExtractError(_crashed(child)) from None
        line = _read_line(child.stdout, seconds + MARGIN)
        if line is None:  # hung: the child goes, the next PDF gets a new one
            _READER.kill()
            raise ExtractError(tr("reading it took longer than {seconds:.0f} s",
                                  seconds=seconds))
        if not line:
            code = child.wait(5)
            _READER.child = None
            raise ExtractError(_crashed(child, code))
    answer = json.loads(line)
    if "error" in answer:
        template, values = answer["error"]
        raise ExtractError(Text(str(template), dict(values)))
    return [(int(number), str(text)) for number, text in answer["pages"]]


def _crashed(child: subprocess.Popen[str], code: int | None = None) -> Text:
    code = child.poll() if code is None else code
    name = signal.Signals(-code).name if code is not None and code < 0 else str(code)
    return tr("it made the PDF reader crash ({signal})", signal=name)


def _read_line(stream: IO[str], timeout: float) -> str | None:
    """A line from ``stream`` ("" at its end), or None after ``timeout`` seconds."""
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return result[0] if result else None


def close_reader() -> None:
    """End the child now, even in the middle of a PDF (at quit; it also ends by itself
    when Fireside has gone)."""
    child = _READER.child  # (not under the lock: a reader may hold it for a minute)
    if child is not None:
        try:
            child.kill()
        except OSError:
            pass


# -- in the child ---------------------------------------------------------------------
def _serve() -> None:
    from app.core.localdocs.extract import ExtractError, _Clock, _pdf

    parent = os.getppid()

    def orphaned() -> None:  # Fireside has gone (even killed): so does this reader
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()
    for line in sys.stdin:
        request: dict[str, Any] = json.loads(line)
        path = Path(request["path"])
        try:
            extracted = _pdf(path, _Clock(path, float(request["seconds"])))
            answer: dict[str, Any] = {"pages": [[p.number, p.text] for p in extracted.pages]}
        except ExtractError as exc:
            answer = {"error": [exc.text.template, {
                k: v if isinstance(v, (int, float, str)) else str(v)
                for k, v in exc.text.values.items()}]}
        except Exception as exc:  # a library's surprise: the reason, not the end of the child
            answer = {"error": ["the PDF cannot be read: {error}",
                                {"error": f"{type(exc).__name__}: {exc}"}]}
        sys.stdout.write(json.dumps(answer) + "\n")  # (ASCII: any pipe encoding)
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
