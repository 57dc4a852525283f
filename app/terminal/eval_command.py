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
from app.core.evaluation.choices import ChoicesResult, score_choices
from app.core.evaluation.perplexity import PerplexityResult, perplexity, read_text
from app.core.evaluation.results import EvalRecord, ResultsStore, sha256_of_text
from app.core.evaluation.scoring_model import EvaluationError, EvaluationStopped
from app.core.evaluation.tasks import parse_task
from app.core.installed import InstalledModel
from app.core.paths import resource_path
from app.core.texts import Text, tr
from app.terminal.output import err, note, out, say, use_language, write_all

EXIT_NO_MODEL = 2
EXIT_FAILED = 3
EXIT_STOPPED = 130
SAMPLE_TEXT = "eval/sample.txt"
SAMPLE_TASK = "eval/sample_choices.jsonl"
_T = TypeVar("_T")


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``eval`` and its ``perplexity`` and ``choices`` actions to ``sub``."""
    evaluate = sub.add_parser(
        "eval", parents=[common], help="evaluate models: perplexity and multiple-choice accuracy",
        description="Measure models on this computer; without an action, print the results "
                    "kept so far.")
    evaluate.add_argument("--json", action="store_true", help="print JSON")
    actions = evaluate.add_subparsers(dest="eval_action")
    ppl = actions.add_parser(
        "perplexity", parents=[common], help="perplexity of a model on a text",
        description="Perplexity over windows of the text, as llama.cpp's llama-perplexity: "
                    "comparable across quantizations of one model, not across tokenizers.")
    ppl.add_argument("-m", "--model", required=True, help="model id, name or .gguf path")
    ppl.add_argument("file", nargs="?", help="UTF-8 text file (default: the sample text)")
    ppl.add_argument("--window", type=int, metavar="N",
                     help="tokens per window (default: 512, or the model's context if smaller)")
    choices = actions.add_parser(
        "choices", parents=[common], help="multiple-choice accuracy on a JSONL task",
        description="Each choice scored by its log-likelihood after the question.")
    choices.add_argument("-m", "--model", required=True, help="model id, name or .gguf path")
    choices.add_argument("task", nargs="?",
                         help="JSONL task file (default: the sample task)")
    choices.add_argument("--context", type=int, metavar="N", help="context in tokens (512)")
    for action in (ppl, choices):
        action.add_argument("--threads", type=int, metavar="N",
                            help="llama.cpp threads (default: the settings')")
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                            help="print JSON")


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


def _source(given: str | None, sample: str) -> Path:
    return Path(given).expanduser() if given else resource_path(sample)


def _perplexity(context: AppContext, model: InstalledModel, args: argparse.Namespace,
                as_json: bool) -> int:
    path = _source(args.file, SAMPLE_TEXT)
    text = read_text(path)
    threads = args.threads or context.settings.generation.threads
    note(tr("Measuring the perplexity of {model} on {file}…", model=model.name,
            file=path.name))
    result: PerplexityResult = _measure(" tokens", lambda progress, stop: perplexity(
        model.path, text, window=args.window, threads=threads, progress=progress, stop=stop))
    metrics = {"perplexity": round(result.perplexity, 4), "tokens_scored": result.tokens_scored,
               "windows": result.windows, "seconds": round(result.seconds, 2),
               "tokens_per_second": round(result.tokens_per_second, 1)}
    settings = {"window": result.window, "threads": result.threads, "text": path.name,
                "text_sha256": sha256_of_text(text)}
    record = _keep(context, model, "perplexity", settings, metrics)
    if as_json:
        write_all(json.dumps(_as_dict(record), indent=2) + "\n")
    else:
        out(tr("Perplexity of {model} on {file}: {value:.3f} ({tokens} tokens scored; "
               "windows: {windows} of {window} tokens; {speed:.0f} tokens/s).", model=model.name,
               file=path.name, value=result.perplexity, tokens=result.tokens_scored,
               windows=result.windows, window=result.window, speed=result.tokens_per_second))
        note(tr("Lower is better. Comparable across quantizations of one model on the same "
                "text and window; not across models with different tokenizers."))
    return 0


def _choices(context: AppContext, model: InstalledModel, args: argparse.Namespace,
             as_json: bool) -> int:
    path = _source(args.task, SAMPLE_TASK)
    raw = read_text(path)
    items = parse_task(raw.splitlines(), path.name)
    threads = args.threads or context.settings.generation.threads
    note(tr("Scoring {model} on {count} questions from {file}…", model=model.name,
            count=len(items), file=path.name))
    result: ChoicesResult = _measure(" questions", lambda progress, stop: score_choices(
        model.path, items, context=args.context, threads=threads, progress=progress,
        stop=stop))
    metrics = {"accuracy": round(result.accuracy, 4),
               "accuracy_norm": round(result.accuracy_norm, 4), "items": result.items,
               "correct": result.correct, "correct_norm": result.correct_norm,
               "seconds": round(result.seconds, 2)}
    settings = {"context": result.context, "threads": result.threads, "task": path.name,
                "task_sha256": sha256_of_text(raw)}
    record = _keep(context, model, "choices", settings, metrics)
    if as_json:
        write_all(json.dumps(_as_dict(record), indent=2) + "\n")
    else:
        out(tr("Accuracy of {model} on {file}: {accuracy:.1%} ({correct} of {items}); "
               "length-normalized: {norm:.1%}.", model=model.name, file=path.name,
               accuracy=result.accuracy, correct=result.correct, items=result.items,
               norm=result.accuracy_norm))
    return 0


def _keep(context: AppContext, model: InstalledModel, kind: str, settings: dict[str, Any],
          metrics: dict[str, Any]) -> EvalRecord:
    record = EvalRecord(kind=kind, model_sha256=context.checksums.sha256(model.path),
                        model_name=model.name, model_file=model.path.name, settings=settings,
                        metrics=metrics)
    ResultsStore(context.paths.data_dir).save(record)
    return record


def _as_dict(record: EvalRecord) -> dict[str, Any]:
    return {"kind": record.kind, "model": record.model_name, "file": record.model_file,
            "sha256": record.model_sha256, "settings": record.settings,
            "metrics": record.metrics, "date": record.date}


def _result_words(record: EvalRecord) -> Text:
    metrics = record.metrics
    if record.kind == "perplexity":
        return tr("perplexity {value:.3f}", value=metrics.get("perplexity", float("nan")))
    return tr("accuracy {accuracy:.1%}, normalized {norm:.1%}",
              accuracy=metrics.get("accuracy", 0.0), norm=metrics.get("accuracy_norm", 0.0))


def _table(store: ResultsStore, as_json: bool) -> int:
    records = store.load()
    if as_json:
        write_all(json.dumps([_as_dict(r) for r in records], indent=2) + "\n")
        return 0
    if not records:
        note(tr("No evaluation results yet: `fireside eval perplexity -m MODEL` or "
                "`fireside eval choices -m MODEL` makes one."))
        return 0
    rows = [(say(tr("Model")), say(tr("Result")), say(tr("Data")), say(tr("Settings")),
             say(tr("Date")))]
    for record in sorted(records, key=lambda r: (r.model_name, r.kind, r.date)):
        settings = record.settings
        size = settings.get("window", settings.get("context", "?"))
        rows.append((record.model_name, say(_result_words(record)),
                     str(settings.get("text", settings.get("task", "?"))),
                     say(tr("{tokens} tokens, {threads} threads", tokens=size,
                            threads=settings.get("threads", "?"))),
                     record.date[:16].replace("T", " ")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    write_all("".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths,
                                                                            strict=True))
                      .rstrip() + "\n" for row in rows))
    return 0
