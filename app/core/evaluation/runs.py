"""One evaluation of an installed model, from its text or task to its kept record.

What the terminal (``fireside eval``) and the window's Evaluate dialog share:

1. :func:`read_source` reads and checks the text (perplexity) or the task (choices) first,
   so a bad file is said before any model is loaded;
2. :func:`measure` runs the evaluation (on the caller's thread, which must be the model
   thread in the window) and gives the settings and metrics a record keeps;
3. :func:`keep` saves it as an :class:`EvalRecord`, keyed by the model file's sha256
   (from the checksum cache, hashed once).

:func:`check_model` tries a model file in a child process first (the window does: a file
that crashes llama.cpp must not take the app with it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.core.checksums import ChecksumCache
from app.core.evaluation.choices import ChoicesResult, score_choices
from app.core.evaluation.perplexity import PerplexityResult, perplexity, read_text
from app.core.evaluation.results import EvalRecord, ResultsStore, sha256_of_text
from app.core.evaluation.scoring_model import (
    EvaluationError,
    EvaluationStopped,
    Progress,
    check_stop,
)
from app.core.evaluation.tasks import ChoiceItem, parse_task
from app.core.installed import InstalledModel
from app.core.model_probe import ProbeCache
from app.core.paths import resource_path
from app.core.texts import tr

Kind = Literal["perplexity", "choices"]
PERPLEXITY: Kind = "perplexity"
CHOICES: Kind = "choices"
SAMPLES: dict[Kind, str] = {PERPLEXITY: "eval/sample.txt", CHOICES: "eval/sample_choices.jsonl"}


def sample_path(kind: Kind) -> Path:
    """The sample text (perplexity) or task (choices) Fireside ships."""
    return resource_path(SAMPLES[kind])


@dataclass(frozen=True)
class EvalSource:
    """A text to measure perplexity on, or a task of multiple-choice questions, read and checked.

    Attributes:
        kind: ``"perplexity"`` (a text) or ``"choices"`` (a task).
        path: the file it was read from.
        content: the file's text.
        items: the task's questions (none for a text).
    """

    kind: Kind
    path: Path
    content: str
    items: tuple[ChoiceItem, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sha256(self) -> str:
        return sha256_of_text(self.content)


def read_source(kind: Kind, path: Path) -> EvalSource:
    """``path`` read as a text (perplexity) or a JSONL task (choices).

    Raises :class:`EvaluationError` with a sentence for the user: a missing or unreadable
    file, one that is not UTF-8, an empty text, a task line that is no question.
    """
    content = read_text(path)
    if kind == PERPLEXITY:
        if not content.strip():
            raise EvaluationError(tr("The text is empty."))
        return EvalSource(kind, path, content)
    return EvalSource(kind, path, content, tuple(parse_task(content.splitlines(), path.name)))


@dataclass(frozen=True)
class Measurement:
    """What :func:`measure` found, as a record keeps it.

    Attributes:
        kind: ``"perplexity"`` or ``"choices"``.
        result: the evaluation's own result.
        settings: what the result depends on (window or context, threads, the data's
            name and sha256).
        metrics: the measured values, rounded as kept.
    """

    kind: Kind
    result: PerplexityResult | ChoicesResult
    settings: dict[str, Any]
    metrics: dict[str, Any]


def measure(source: EvalSource, model_path: Path, *, size: int | None = None,
            threads: int | None = None, progress: Progress | None = None,
            stop: threading.Event | None = None) -> Measurement:
    """Evaluate the model in ``model_path`` on ``source`` (on the calling thread).

    ``size`` is the window (perplexity) or the context (choices) in tokens, None for the
    default; ``progress(done, total)`` counts tokens scored or questions; a set ``stop``
    raises :class:`EvaluationStopped` between windows or questions.
    """
    if source.kind == PERPLEXITY:
        ppl = perplexity(model_path, source.content, window=size, threads=threads,
                         progress=progress, stop=stop)
        return Measurement(PERPLEXITY, ppl, settings={
            "window": ppl.window, "threads": ppl.threads, "text": source.name,
            "text_sha256": source.sha256}, metrics={
            "perplexity": round(ppl.perplexity, 4), "tokens_scored": ppl.tokens_scored,
            "windows": ppl.windows, "seconds": round(ppl.seconds, 2),
            "tokens_per_second": round(ppl.tokens_per_second, 1)})
    scored = score_choices(model_path, list(source.items), context=size, threads=threads,
                           progress=progress, stop=stop)
    return Measurement(CHOICES, scored, settings={
        "context": scored.context, "threads": scored.threads, "task": source.name,
        "task_sha256": source.sha256}, metrics={
        "accuracy": round(scored.accuracy, 4), "accuracy_norm": round(scored.accuracy_norm, 4),
        "items": scored.items, "correct": scored.correct, "correct_norm": scored.correct_norm,
        "seconds": round(scored.seconds, 2)})


def keep(measurement: Measurement, model: InstalledModel, checksums: ChecksumCache,
         store: ResultsStore) -> EvalRecord:
    """Save ``measurement`` of ``model`` in ``store`` (replacing one with the same settings).

    The model's sha256 comes from ``checksums`` (hashing the file only if it is not known).
    Raises :class:`EvaluationError` when the file cannot be read or the result not saved
    (a full disk).
    """
    try:
        sha256 = checksums.sha256(model.path)
    except OSError as exc:
        raise EvaluationError(tr("{file} could not be read: {reason}", file=str(model.path),
                                 reason=exc.strerror or str(exc))) from exc
    record = EvalRecord(kind=measurement.kind, model_sha256=sha256, model_name=model.name,
                        model_file=model.path.name, settings=measurement.settings,
                        metrics=measurement.metrics)
    try:
        store.save(record)
    except OSError as exc:
        raise EvaluationError(tr("The result could not be saved in {file}: {reason}",
                                 file=str(store.path), reason=exc.strerror or str(exc))) from exc
    return record


def check_model(model_path: Path, probes: ProbeCache, threads: int,
                stop: threading.Event | None = None) -> None:
    """Try ``model_path`` in a child process unless a verdict is kept (the window's model
    load does the same): a file llama.cpp refuses or crashes on raises
    :class:`EvaluationError`, a set ``stop`` :class:`EvaluationStopped`."""
    check_stop(stop)
    if not model_path.is_file():
        raise EvaluationError(tr("The model file {file} is not there.", file=str(model_path)))
    verdict = probes.check(model_path, threads, cancel=stop)
    if verdict.kind == "cancelled":
        raise EvaluationStopped
    if not verdict.ok:
        raise EvaluationError(verdict.message(model_path.name))
