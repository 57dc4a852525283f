"""``fireside eval``: perplexity and multiple-choice accuracy of models, and the kept results.

    fireside eval perplexity -m MODEL [FILE] [--window N] [--threads N] [--json]
    fireside eval choices -m MODEL [TASK.jsonl] [--context N] [--threads N] [--json]
    fireside eval [--json]              the table of results kept so far

FILE defaults to the sample text Fireside ships, TASK to its sample task
(``resources/eval/``).  Progress goes to standard error; Ctrl+C stops between windows
(or questions) and exits 130 with nothing saved.  Each result is kept per model file
(by its sha256) with the settings used, in ``evaluations.json`` in the data folder.
Exit codes: 0 done, 2 no such model, 3 the evaluation could not run, 130 stopped.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from app.core.context import AppContext, setup_logging
from app.core.evaluation.choices import ChoicesResult
from app.core.evaluation.perplexity import PerplexityResult
from app.core.evaluation.results import ResultsStore
from app.core.evaluation.runs import (
    CHOICES,
    PERPLEXITY,
    EvalSource,
    Kind,
    keep,
    measure,
    read_source,
    sample_path,
)
from app.core.evaluation.scoring_model import EvaluationError, EvaluationStopped
from app.core.evaluation.table import list_rows, record_as_dict
from app.core.installed import InstalledModel
from app.core.texts import tr
from app.terminal.output import err, note, out, say, use_language, write_all

EXIT_NO_MODEL = 2
EXIT_FAILED = 3
EXIT_STOPPED = 130
_T = TypeVar("_T")


def run(args: argparse.Namespace, data_dir: str | None) -> int:
    """Run ``fireside eval`` as parsed by :func:`add_parser`; the exit code."""
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    as_json = bool(getattr(args, "json", False))
    try:
        action = getattr(args, "eval_action", None)
        if action is None:
            return _table(ResultsStore(context.paths.data_dir), as_json)
        for name, value in (("--threads", args.threads), ("--window", getattr(args, "window", 1)),
                            ("--context", getattr(args, "context", 1))):
            if value is not None and value < 1:
                err(tr("{option} must be a positive number", option=name), command="fireside eval")
                return EXIT_FAILED
        model = _model(context, args.model)
        if model is None:
            return EXIT_NO_MODEL
        try:
            if action == "perplexity":
                return _perplexity(context, model, args, as_json)
            return _choices(context, model, args, as_json)
        except EvaluationStopped:
            note(tr("Stopped; nothing was saved."))
            return EXIT_STOPPED
        except EvaluationError as exc:
            err(exc, command="fireside eval")
            return EXIT_FAILED
    finally:
        context.close()


def _model(context: AppContext, key: str) -> InstalledModel | None:
    model = context.find_model(key)
    if model is None or not model.path.is_file():
        err(tr("no model “{model}”; see `fireside models`", model=key), command="fireside eval")
        return None
    return model


@contextmanager
def _stoppable() -> Iterator[threading.Event]:
    """An event Ctrl+C sets (instead of interrupting llama.cpp) while the block runs."""
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _measure(unit: str, work: Callable[[Callable[[int, int], None], threading.Event], _T],
             ) -> _T:
    """``work(progress, stop)`` with a progress bar on standard error and Ctrl+C as stop."""
    from tqdm import tqdm

    bar: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, unit=unit, file=sys.stderr, leave=False))
        bar[0].update(done - bar[0].n)

    with _stoppable() as stop:
        try:
            return work(progress, stop)
        finally:
            if bar:
                bar[0].close()


def _source(kind: Kind, given: str | None) -> EvalSource:
    return read_source(kind, Path(given).expanduser() if given else sample_path(kind))


def _perplexity(context: AppContext, model: InstalledModel, args: argparse.Namespace,
                as_json: bool) -> int:
    source = _source(PERPLEXITY, args.file)
    threads = args.threads or context.settings.generation.threads
    note(tr("Measuring the perplexity of {model} on {file}…", model=model.name,
            file=source.name))
    measurement = _measure(" tokens", lambda progress, stop: measure(
        source, model.path, size=args.window, threads=threads, progress=progress, stop=stop))
    record = keep(measurement, model, context.checksums, ResultsStore(context.paths.data_dir))
    result = measurement.result
    assert isinstance(result, PerplexityResult)
    if as_json:
        write_all(json.dumps(record_as_dict(record), indent=2) + "\n")
    else:
        out(tr("Perplexity of {model} on {file}: {value:.3f} ({tokens} tokens scored; "
               "windows: {windows} of {window} tokens; {speed:.0f} tokens/s).", model=model.name,
               file=source.name, value=result.perplexity, tokens=result.tokens_scored,
               windows=result.windows, window=result.window, speed=result.tokens_per_second))
        note(tr("Lower is better. Comparable across quantizations of one model on the same "
                "text and window; not across models with different tokenizers."))
    return 0


def _choices(context: AppContext, model: InstalledModel, args: argparse.Namespace,
             as_json: bool) -> int:
    source = _source(CHOICES, args.task)
    threads = args.threads or context.settings.generation.threads
    note(tr("Scoring {model} on {count} questions from {file}…", model=model.name,
            count=len(source.items), file=source.name))
    measurement = _measure(" questions", lambda progress, stop: measure(
        source, model.path, size=args.context, threads=threads, progress=progress, stop=stop))
    record = keep(measurement, model, context.checksums, ResultsStore(context.paths.data_dir))
    result = measurement.result
    assert isinstance(result, ChoicesResult)
    if as_json:
        write_all(json.dumps(record_as_dict(record), indent=2) + "\n")
    else:
        out(tr("Accuracy of {model} on {file}: {accuracy:.1%} ({correct} of {items}); "
               "length-normalized: {norm:.1%}.", model=model.name, file=source.name,
               accuracy=result.accuracy, correct=result.correct, items=result.items,
               norm=result.accuracy_norm))
    return 0


def _table(store: ResultsStore, as_json: bool) -> int:
    records = store.load()
    if as_json:
        write_all(json.dumps([record_as_dict(r) for r in records], indent=2) + "\n")
        return 0
    if not records:
        note(tr("No evaluation results yet: `fireside eval perplexity -m MODEL` or "
                "`fireside eval choices -m MODEL` makes one."))
        return 0
    rows = [(say(tr("Model")), say(tr("Result")), say(tr("Data")), say(tr("Settings")),
             say(tr("Date")))]
    rows += [(row.model, say(row.result), row.data, say(row.settings), row.date)
             for row in list_rows(records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    write_all("".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                            strict=True))
                      .rstrip() + "\n" for row in rows))
    return 0
