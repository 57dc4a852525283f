"""Multiple-choice accuracy: each choice scored by its log-likelihood, as harnesses do.

For an item, the context is BOS (when the model has one) and the question's tokens; each
choice's tokens are those of ``question + " " + choice`` past the question's token count
(lm-evaluation-harness's split).  A choice's score is the sum of
``log p(token | everything before)`` over its tokens; the item counts as right for
``acc`` when the answer's sum is the highest, and for ``acc_norm`` when its per-token
mean is the highest (the harnesses normalize by the choice's length in bytes; Fireside
by its tokens).  Ties go to the first choice.

The question is evaluated once per item; each choice continues from its cache.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from app.core.evaluation.tasks import ChoiceItem
from app.core.texts import tr

if TYPE_CHECKING:
    from llama_cpp import Llama

DEFAULT_CONTEXT = 512  # items are short; the kept logits cost context × vocabulary floats


@dataclass(frozen=True)
class ChoicesResult:
    """What one multiple-choice run measured.

    Attributes:
        accuracy: the share of items whose answer has the highest summed log-probability.
        accuracy_norm: the same with the per-token mean log-probability (acc_norm).
        items: how many items were scored.
        correct: items right by ``accuracy``.
        correct_norm: items right by ``accuracy_norm``.
        context: the model's context in tokens.
        threads: llama.cpp's threads.
        seconds: wall time of the scoring (loading the model not counted).
        picks: the choice picked for each item (by the sum).
    """

    accuracy: float
    accuracy_norm: float
    items: int
    correct: int
    correct_norm: int
    context: int
    threads: int
    seconds: float
    picks: tuple[int, ...]


def choice_tokens(question: list[int], whole: list[int]) -> list[int]:
    """The tokens of a choice: those of ``question + " " + choice`` past the question's
    count (lm-evaluation-harness's split: the choice is scored after the question's own
    tokens, even in the rare case where the tokenizer merged across the join)."""
    return whole[len(question):]


def _item_scores(llama: Llama, item: ChoiceItem, bos: int, context: int,
                 ) -> list[tuple[float, int]]:
    """(sum of log-probabilities, tokens) of each choice of ``item``."""
    prefix = [bos] if bos >= 0 else []
    question = llama.tokenize(item.question.encode("utf-8"), add_bos=False, special=False)
    conts = [choice_tokens(question, llama.tokenize(
        f"{item.question} {choice}".encode(), add_bos=False, special=False))
        for choice in item.choices]
    head = prefix + question
    longest = len(head) + max(len(c) for c in conts)
    if longest > context:
        raise EvaluationError(tr("line {line}: the question and a choice take {count} tokens, "
                                 "more than the context of {context}", line=item.line,
                                 count=longest, context=context))
    if not head:
        raise EvaluationError(tr("line {line}: an empty question needs a model with a "
                                 "beginning-of-text token", line=item.line))
    llama.reset()
    llama.eval(head)
    scores = []
    for cont in conts:
        if not cont:
            scores.append((float("-inf"), 1))
            continue
        llama.n_tokens = len(head)
        llama.eval(cont)
        rows = llama.scores[len(head) - 1:len(head) - 1 + len(cont)]
        logprobs = log_softmax_at(rows, np.asarray(cont, dtype=np.intp))
        scores.append((float(logprobs.sum()), len(cont)))
    return scores


def score_choices(model_path: Path, items: list[ChoiceItem], *, context: int | None = None,
                  threads: int | None = None, progress: Progress | None = None,
                  stop: threading.Event | None = None) -> ChoicesResult:
    """Accuracy of the model in ``model_path`` on ``items`` (see the module's scheme).

    Loads the model in its own ``Llama`` on the calling thread and frees it before
    returning; ``progress(done, total)`` counts items; a set ``stop`` raises
    :class:`EvaluationStopped` between items.
    """
    if not items:
        raise EvaluationError(tr("There are no questions to score."))
    trained = model_context_length(model_path)
    context = context or (min(DEFAULT_CONTEXT, trained) if trained > 0 else DEFAULT_CONTEXT)
    check_context(model_path, context, trained)
    threads = threads if threads is not None else default_threads()
    check_stop(stop)
    llama = load_scoring_model(model_path, context, threads)
    picks, correct, correct_norm = [], 0, 0
    try:
        bos = llama.token_bos()
        started = time.perf_counter()
        for done, item in enumerate(items, start=1):
            check_stop(stop)
            scores = _item_scores(llama, item, bos, context)
            sums = [total for total, _ in scores]
            means = [total / count for total, count in scores]
            pick = int(np.argmax(sums))
            picks.append(pick)
            correct += pick == item.answer
            correct_norm += int(np.argmax(means)) == item.answer
            if progress is not None:
                progress(done, len(items))
        seconds = time.perf_counter() - started
    finally:
        llama.close()
    return ChoicesResult(accuracy=correct / len(items), accuracy_norm=correct_norm / len(items),
                         items=len(items), correct=correct, correct_norm=correct_norm,
                         context=context, threads=threads, seconds=seconds, picks=tuple(picks))
