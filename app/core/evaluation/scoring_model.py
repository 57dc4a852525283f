"""The model an evaluation scores with, and what evaluations share.

An evaluation loads its own ``llama_cpp.Llama`` with ``logits_all=True`` (every position's
logits, as the scores need), greedy and deterministic: fixed threads, one batch per window.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.core import llama_quiet
from app.core.texts import UserError, tr

if TYPE_CHECKING:
    from llama_cpp import Llama

Progress = Callable[[int, int], None]
"""Called with (done, total) as an evaluation goes on."""


class EvaluationError(UserError):
    """An evaluation cannot run: the model, the text or the task file is not usable."""


class EvaluationStopped(Exception):
    """The stop event was set; nothing was measured."""


def default_threads() -> int:
    """Threads for an evaluation when none are given: up to 4 of this computer's."""
    return max(1, min(4, os.cpu_count() or 1))


def model_context_length(path: Path) -> int:
    """The context the model was trained with (from its GGUF header; 0 when unknown)."""
    from app.core.gguf_header import GGUFError, read_gguf_header

    try:
        header = read_gguf_header(path)
    except (GGUFError, OSError):
        return 0
    return header.context_length or 0


def check_context(path: Path, tokens: int, trained: int | None = None) -> None:
    """:class:`EvaluationError` if ``tokens`` is more than the model in ``path`` was
    trained on (its header's context length; unknown: anything goes)."""
    trained = model_context_length(path) if trained is None else trained
    if trained > 0 and tokens > trained:
        raise EvaluationError(tr("{file} was trained on {trained} tokens of context: the "
                                 "window or context can be {trained} at most, not {tokens}.",
                                 file=path.name, trained=trained, tokens=tokens))


def load_scoring_model(path: Path, n_ctx: int, n_threads: int) -> Llama:
    """``path`` in a ``Llama`` of ``n_ctx`` tokens, every logit kept, one batch per window.

    Raises :class:`EvaluationError` with a sentence for the user when llama.cpp cannot
    load it.
    """
    from llama_cpp import Llama

    llama_quiet.install()  # the window's other threads keep their stdout and stderr
    if not path.is_file():
        raise EvaluationError(tr("The model file {file} is not there.", file=str(path)))
    try:
        return Llama(model_path=str(path), n_ctx=n_ctx, n_batch=n_ctx, n_ubatch=n_ctx,
                     n_threads=n_threads, n_threads_batch=n_threads, logits_all=True,
                     n_gpu_layers=0, seed=0, verbose=False)
    except (ValueError, RuntimeError, OSError) as exc:
        raise EvaluationError(tr("llama.cpp could not load {file}: {reason}",
                                 file=path.name, reason=str(exc))) from exc


def log_softmax_at(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """log p(targets[i]) under the softmax of row i of ``logits``, in float64."""
    rows = logits.astype(np.float64)
    peak = rows.max(axis=1, keepdims=True)
    log_norm = peak[:, 0] + np.log(np.exp(rows - peak).sum(axis=1))
    picked: np.ndarray = rows[np.arange(len(targets)), targets] - log_norm
    return picked


def check_stop(stop: threading.Event | None) -> None:
    """Raise :class:`EvaluationStopped` when ``stop`` is set."""
    if stop is not None and stop.is_set():
        raise EvaluationStopped
