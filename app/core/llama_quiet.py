"""llama-cpp-python without its process-wide silencing of stdout and stderr.

With ``verbose=False``, llama-cpp-python wraps loading a model (and a few other calls)
in ``suppress_stdout_stderr``, which points the *process's* file descriptors 1 and 2 at
``/dev/null`` and swaps ``sys.stdout``/``sys.stderr`` until the call returns.  Fireside
has more than one thread, so that loses whatever any other thread writes meanwhile (a
terminal command's output, a traceback, Qt's messages), and two such calls on two
threads at once (the chat model and a LocalDocs embedding model loading together) can
leave both streams pointing at ``/dev/null`` for the rest of the run.

llama.cpp's own messages do not need it: they go through the log callback
llama-cpp-python installs, which drops all but errors when ``verbose`` is off.  So
:func:`install` replaces the context manager with one that does nothing; every module
of Fireside that makes a ``Llama`` (or a llama.cpp context) calls it first.
"""

from __future__ import annotations

from types import ModuleType, TracebackType


class KeepStreams:
    """Stands in for ``suppress_stdout_stderr``: the streams are left as they are."""

    def __init__(self, disable: bool = True) -> None:
        self.disable = disable

    def __enter__(self) -> KeepStreams:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        return None


def _modules() -> list[ModuleType]:
    import llama_cpp._internals
    import llama_cpp._utils
    import llama_cpp.llama
    import llama_cpp.llama_chat_format

    return [llama_cpp._utils, llama_cpp._internals, llama_cpp.llama,
            llama_cpp.llama_chat_format]


def install() -> None:
    """Replace ``suppress_stdout_stderr`` wherever llama-cpp-python imported it (again
    is harmless)."""
    for module in _modules():
        if hasattr(module, "suppress_stdout_stderr"):
            module.suppress_stdout_stderr = KeepStreams  # type: ignore[attr-defined]


def installed() -> bool:
    """Whether every copy of the name is :class:`KeepStreams` now."""
    return all(getattr(m, "suppress_stdout_stderr", KeepStreams) is KeepStreams
               for m in _modules())
