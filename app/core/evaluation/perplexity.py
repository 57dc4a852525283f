"""Perplexity of a model on a text, as llama.cpp's ``llama-perplexity`` computes it.

The scheme (the same as ``llama-perplexity``'s default, so numbers are comparable):

1. The whole text is tokenized once, without special tokens, and the model's BOS token
   (when it has one) is put in front.
2. The tokens are cut into consecutive windows of ``window`` tokens (no overlap); a tail
   shorter than a window is left out.  A text shorter than one window is one window of
   all its tokens.  Each window's first token is replaced by BOS (when the model has one)
   and the window is evaluated from an empty cache, in one batch.
3. Only the second half of each window is scored: for positions ``j`` from
   ``window // 2`` to ``window - 2``, ``-log p(token[j + 1] | token[..j])`` from the
   logits at ``j`` (log-softmax in float64).  The first half is context only, so every
   scored token sees at least half a window before it.
4. PPL = exp(mean negative log-likelihood over all scored tokens).

Perplexity is comparable across quantizations of one model (same tokenizer, same text,
same window); it is not comparable between models with different tokenizers.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.core.evaluation.scoring_model import (
    EvaluationError,
    Progress,
    check_context,
    check_stop,
    default_threads,
    load_scoring_model,
    log_softmax_at,
    model_context_length,
)
from app.core.texts import tr

DEFAULT_WINDOW = 512
MIN_WINDOW = 16


@dataclass(frozen=True)
class PerplexityResult:
    """What one perplexity run measured.

    Attributes:
        perplexity: exp of the mean negative log-likelihood of the scored tokens.
        tokens_scored: how many tokens were scored.
        tokens_total: the text's tokens (with BOS).
        windows: how many windows were evaluated.
        window: the window's length in tokens.
        threads: llama.cpp's threads.
        seconds: wall time of the evaluation (loading the model not counted).
        tokens_per_second: tokens scored per second.
    """

    perplexity: float
    tokens_scored: int
    tokens_total: int
    windows: int
    window: int
    threads: int
    seconds: float
    tokens_per_second: float


def default_window(model_path: Path) -> int:
    """``min(512, the model's trained context)`` (512 when the header does not say)."""
    trained = model_context_length(model_path)
    return min(DEFAULT_WINDOW, trained) if trained > 0 else DEFAULT_WINDOW


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``; a clear :class:`EvaluationError` when it is not one."""
    try:
        return path.read_text(encoding="utf-8-sig")  # (a BOM, as Notepad writes, is dropped)
    except FileNotFoundError as exc:
        raise EvaluationError(tr("The file {file} is not there.", file=str(path))) from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(tr("{file} is not UTF-8 text.", file=str(path))) from exc
    except OSError as exc:
        raise EvaluationError(tr("{file} could not be read: {reason}", file=str(path),
                                 reason=exc.strerror or str(exc))) from exc


def plan_windows(n_tokens: int, window: int) -> list[tuple[int, int]]:
    """(start, length) of each window over ``n_tokens`` tokens (see the module's scheme)."""
    if n_tokens < window:
        return [(0, n_tokens)]
    return [(i * window, window) for i in range(n_tokens // window)]


def scored_per_window(length: int) -> int:
    """Tokens scored in a window of ``length``: positions ``length // 2`` .. ``length - 2``."""
    return max(0, length - 1 - length // 2)


def perplexity(model_path: Path, text: str, *, window: int | None = None,
               threads: int | None = None, progress: Progress | None = None,
               stop: threading.Event | None = None) -> PerplexityResult:
    """Perplexity of the model in ``model_path`` on ``text`` (see the module's scheme).

    Loads the model in its own ``Llama`` on the calling thread and frees it before
    returning.  ``progress(done, total)`` is called with the tokens scored after each
    window; a set ``stop`` raises :class:`EvaluationStopped` between windows.
    """
    window = window if window is not None else default_window(model_path)
    threads = threads if threads is not None else default_threads()
    if window < MIN_WINDOW:
        raise EvaluationError(tr("The window must be at least {least} tokens.",
                                 least=MIN_WINDOW))
    check_context(model_path, window)
    if not text.strip():
        raise EvaluationError(tr("The text is empty."))
    check_stop(stop)
    llama = load_scoring_model(model_path, window, threads)
    try:
        bos = llama.token_bos()
        tokens = llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        if bos >= 0:
            tokens = [bos, *tokens]
        plan = plan_windows(len(tokens), window)
        total = sum(scored_per_window(length) for _, length in plan)
        if total < 1:
            raise EvaluationError(tr("The text is too short to measure: it has {count} "
                                     "tokens.", count=len(tokens)))
        nll, done = 0.0, 0
        started = time.perf_counter()
        for start, length in plan:
            check_stop(stop)
            chunk = tokens[start:start + length]
            if bos >= 0:
                chunk[0] = bos
            llama.reset()
            llama.eval(chunk)
            first = length // 2
            targets = np.asarray(chunk[first + 1:length], dtype=np.intp)
            logprobs = log_softmax_at(llama.scores[first:length - 1], targets)
            nll -= float(logprobs.sum())
            done += len(targets)
            if progress is not None:
                progress(done, total)
        seconds = time.perf_counter() - started
    finally:
        llama.close()
    return PerplexityResult(perplexity=math.exp(nll / done), tokens_scored=done,
                            tokens_total=len(tokens), windows=len(plan), window=window,
                            threads=threads, seconds=seconds,
                            tokens_per_second=done / seconds if seconds > 0 else 0.0)
